import Exposure
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import Incidents
import Logging
import NIOCore

/// `GET /signin`, `POST /signin`, `POST /signout`.
///
/// A password is checked with bcrypt against `CaseService.passwordHash(personID:)`; an unknown user
/// name is checked against a dummy hash of the same cost, so both take about as long. Failures
/// are counted per client address (`SignInThrottle`). The sign-in form carries a pre-session
/// token that must match its cookie (login CSRF); sign-out needs the session's CSRF token.
struct SignInController: Sendable {
    let web: CaseWeb
    let auth: CaseAuth
    let views: CaseViews
    let throttle: SignInThrottle
    let clientAddress: ClientAddress
    let dummyHash: String

    init(web: CaseWeb, auth: CaseAuth, views: CaseViews, throttle: SignInThrottle, clientAddress: ClientAddress) {
        self.web = web
        self.auth = auth
        self.views = views
        self.throttle = throttle
        self.clientAddress = clientAddress
        dummyHash = Bcrypt.hash(CaseSessions.randomToken(), cost: web.settings.bcryptCost)
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("signin") { request, context in
            await self.form(request, context, username: "", notice: nil, status: .ok)
        }
        router.post("signin") { request, context in
            await self.signIn(request, context)
        }
        router.post("signout") { request, context in
            await self.signOut(request, context)
        }
    }

    func form(_ request: Request, _ context: AppRequestContext, username: String, notice: String?, status: HTTPResponse.Status) async -> Response {
        let token = CaseSessions.randomToken()
        let next = CaseWebController.safeNext(request.uri.queryParameters["next"].map(String.init))
        let model = SignInPage.Model(chrome: CaseChrome(title: "Sign in", notice: notice), signinToken: token, username: username, next: next)
        do {
            var response = try CaseWebController.html(views, model, "signin", status: status)
            response.setCookie(Cookie(name: CaseAuth.signInCookie, value: token, maxAge: 3600, path: "/signin", secure: auth.secure(request), httpOnly: true, sameSite: .strict))
            return response
        } catch {
            return CaseWebController.plainError(.internalServerError, context)
        }
    }

    func signIn(_ request: Request, _ context: AppRequestContext) async -> Response {
        let address = clientAddress.of(request, context: context)
        do {
            if let wait = throttle.wait(address) {
                var r = await form(request, context, username: "", notice: "Too many failed sign-ins from this address. Try again in \(wait) seconds.", status: .tooManyRequests)
                r.headers[.retryAfter] = String(wait)
                return r
            }
            guard CitizenController.isSameOrigin(request) else { return CaseWebController.plainError(.forbidden, context) }
            let buffer = try await request.body.collect(upTo: 16 * 1024)
            let f = FormFields(String(buffer: buffer))
            guard let cookie = request.cookies[CaseAuth.signInCookie]?.value, CaseSessions.same(cookie, f["signin"] ?? "") else {
                return await form(request, context, username: "", notice: "The sign-in form expired. Please try again.", status: .forbidden)
            }
            let username = String((f["username"] ?? "").trimmingCharacters(in: .whitespaces).prefix(80))
            let password = f["password"] ?? ""
            let person = username.isEmpty ? nil : try await web.service.person(username: username)
            var hash: String?
            if let person { hash = try await web.service.passwordHash(personID: person.id) }
            let ok = Bcrypt.verify(password, hash: hash ?? dummyHash) && hash != nil && person != nil
            guard ok, let person else {
                throttle.failed(address)
                try await web.service.recordSignIn(person, username: username, success: false)
                context.logger.info("case.signin.failed")
                return await form(request, context, username: "", notice: "Unknown user name or wrong password.", status: .unauthorized)
            }
            try await web.service.recordSignIn(person, username: username, success: true)
            let (token, _) = try await auth.sessions.start(for: person)
            context.logger.info("case.signin", metadata: ["person.id": .string(person.id)])
            var response = CaseWebController.redirect(CaseWebController.safeNext(f["next"]))
            response.setCookie(auth.sessionCookie(token, request: request))
            response.setCookie(Cookie(name: CaseAuth.signInCookie, value: "", maxAge: 0, path: "/signin", secure: auth.secure(request), httpOnly: true, sameSite: .strict))
            return response
        } catch {
            context.logger.error("case.signin.error", metadata: ["error.type": "\(type(of: error))"])
            return CaseWebController.plainError(.internalServerError, context)
        }
    }

    func signOut(_ request: Request, _ context: AppRequestContext) async -> Response {
        do {
            guard let user = try await auth.signedIn(request) else { return CaseWebController.redirect("/signin") }
            let buffer = try await request.body.collect(upTo: 16 * 1024)
            let f = FormFields(String(buffer: buffer))
            guard auth.checkCSRF(request, session: user.session, formToken: f["csrf"]) else {
                return CaseWebController.plainError(.forbidden, context)
            }
            try await auth.sessions.end(sessionID: user.sessionID)
            var response = CaseWebController.redirect("/signin")
            response.setCookie(auth.clearedSessionCookie(request: request))
            return response
        } catch {
            return CaseWebController.plainError(.internalServerError, context)
        }
    }
}
