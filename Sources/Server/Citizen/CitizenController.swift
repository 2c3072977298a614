import Exposure
import Foundation
import HTTPTypes
import Hummingbird
import LeakTraceCore
import Logging
import NIOCore
import Triage

/// The citizen page (server-rendered, Malay and English, no external assets, no JavaScript).
///
/// Routes: `GET /` (the form), `POST /check` (a lookup), `POST /verify/start` (send a code),
/// `POST /verify/confirm` (check it, set the proof cookie). Identifiers travel only in POST
/// bodies: never in a URL, a redirect, a header or a log line (STYLE §4.7).
///
/// What is shown (spec/lookup-services.md §5): without proof, an email or phone gets its
/// non-sensitive breaches with breach-level data classes; with a proof cookie for that contact,
/// also sensitive breaches and the data classes of that person's own entries; a MyKad gets
/// nothing but an explanation until a linked phone or email is proven, and then only the
/// breaches in which the two belong to the same person. No page shows a value other than what
/// the person typed, masked.
public struct CitizenController: Sendable {
    public let lookup: LookupService
    public let ownership: OwnershipService?
    public let settings: Settings
    let views: CitizenViews
    let limiter: RateLimiter

    /// Limits and cookie behaviour.
    public struct Settings: Sendable {
        /// POSTs per client address per minute (lookups, code requests and confirmations).
        public var postsPerMinute: Int
        /// Code requests per client address per hour (the per-contact limit is the ownership
        /// service's own).
        public var codeRequestsPerHour: Int
        /// `Secure` on the proof cookie: true, false, or nil for "when the request came over
        /// https" (the URI's scheme or `X-Forwarded-Proto: https` from the reverse proxy).
        public var secureCookie: Bool?
        public var cookieName: String
        /// Largest form body read, in bytes.
        public var maxBody: Int

        public init(postsPerMinute: Int = 30, codeRequestsPerHour: Int = 10, secureCookie: Bool? = nil, cookieName: String = "lt_proof", maxBody: Int = 8192) {
            self.postsPerMinute = postsPerMinute
            self.codeRequestsPerHour = codeRequestsPerHour
            self.secureCookie = secureCookie
            self.cookieName = cookieName
            self.maxBody = maxBody
        }
    }

    /// - Parameters:
    ///   - ownership: nil when this server cannot send codes: MyKad lookups and sensitive
    ///     breaches are then never shown.
    ///   - settings: limits and cookie behaviour.
    ///   - limiter: the per-address limiter (tests pass their own clock).
    /// - Note: the templates are loaded here, once; a missing or broken template is a packaging
    ///   error and stops the process at startup. Use `init(lookup:ownership:settings:limiter:views:)`
    ///   to handle it yourself.
    public init(lookup: LookupService, ownership: OwnershipService?, settings: Settings = Settings(), limiter: RateLimiter = RateLimiter()) {
        let views: CitizenViews
        do {
            views = try CitizenViews.bundled()
        } catch {
            fatalError("\(error)")
        }
        self.init(lookup: lookup, ownership: ownership, settings: settings, limiter: limiter, views: views)
    }

    public init(lookup: LookupService, ownership: OwnershipService?, settings: Settings = Settings(), limiter: RateLimiter = RateLimiter(), views: CitizenViews) {
        self.lookup = lookup
        self.ownership = ownership
        self.settings = settings
        self.limiter = limiter
        self.views = views
    }

    /// Adds `GET /` and the page's form routes.
    public func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/") { request, context in
            self.page(request, context) { language in try self.home(language) }
        }
        router.post("/check") { request, context in
            await self.form(request, context) { request, language, form in try await self.check(request, language, form) }
        }
        router.post("/verify/start") { request, context in
            await self.form(request, context, codeRequest: true) { _, language, form in try await self.startVerification(language, form, logger: context.logger) }
        }
        router.post("/verify/confirm") { request, context in
            await self.form(request, context) { request, language, form in try await self.confirm(request, language, form) }
        }
    }

    // MARK: - Pages

    func home(_ language: CitizenLanguage, notice: String? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        var model = CitizenPage(language: language)
        model.notice = notice
        model.home = .init(canVerify: ownership != nil)
        return try html(model, "home", status: status)
    }

    func check(_ request: Request, _ language: CitizenLanguage, _ form: Form) async throws -> Response {
        let t = language.text
        guard let account = form.q.flatMap({ Account.parse($0) }) else {
            return try home(language, notice: t.invalidInput, status: .badRequest)
        }
        let proof = self.proof(request)
        var model = CitizenPage(language: language, title: t.resultsTitle)
        if account.type == .mykad {
            guard let proof, proof.contactType != .mykad else {
                model.mykad = .init(masked: account.masked, canVerify: ownership != nil)
                return try html(model, "mykad")
            }
            let hits = try await lookup.breaches(for: account, proof: proof)
            let list = self.rows(hits, proven: true, language)
            model.results = .init(masked: account.masked, breaches: list, hasBreaches: !list.isEmpty, proven: true, isMykad: true, offerVerify: false)
        } else {
            let owned = proof.map { $0.contactHash == lookup.key.hash(account.type, canonical: account.canonical) } ?? false
            let hits = try await lookup.breaches(for: account, proof: owned ? proof : nil)
            let list = self.rows(hits, proven: owned, language)
            model.results = .init(
                masked: account.masked, breaches: list, hasBreaches: !list.isEmpty, proven: owned, isMykad: false,
                offerVerify: !owned && ownership != nil
            )
        }
        model.nextSteps = t.nextSteps
        return try html(model, "results")
    }

    func startVerification(_ language: CitizenLanguage, _ form: Form, logger: Logger) async throws -> Response {
        let t = language.text
        guard let ownership else { return try message(language, heading: t.verifyTitle, text: t.verifyUnavailable, status: .serviceUnavailable) }
        guard let contact = form.contact.flatMap({ Account.parse($0) }), contact.type != .mykad else {
            var model = CitizenPage(language: language, title: t.mykadTitle)
            model.notice = t.invalidContact
            model.mykad = .init(masked: nil, canVerify: true)
            return try html(model, "mykad", status: .badRequest)
        }
        let started: (challengeId: String, expiresAt: Int64)
        do {
            started = try await ownership.start(contact: contact, language: language.rawValue)
        } catch OwnershipService.Failure.tooManyCodes(let retryAfter) {
            return try limited(language, retryAfter: retryAfter)
        } catch let error as OwnershipService.Failure {
            // notAContact is excluded above; anything else is a programming error.
            throw error
        } catch let error as StoreError {
            throw error
        } catch {
            // The sender failed (mail server down, spool unwritable): say so, name nothing.
            logger.error("citizen.code.send_failed", metadata: ["error.type": "\(type(of: error))", "contact.type": "\(contact.type)"])
            return try message(language, heading: t.verifyTitle, text: t.sendFailed, status: .serviceUnavailable)
        }
        var model = CitizenPage(language: language, title: t.codeTitle)
        model.code = .init(challenge: started.challengeId, maskedContact: contact.masked, validity: t.codeValidity(seconds: ownership.policy.ttl))
        return try html(model, "code")
    }

    func confirm(_ request: Request, _ language: CitizenLanguage, _ form: Form) async throws -> Response {
        let t = language.text
        guard let ownership else { return try message(language, heading: t.verifyTitle, text: t.verifyUnavailable, status: .serviceUnavailable) }
        // The masked contact is only echoed back for display; it was masked by this server.
        let masked = String((form.to ?? "").prefix(80))
        let challenge = form.challenge ?? ""
        let code = String((form.code ?? "").filter { !$0.isWhitespace && $0 != "-" }.prefix(12))
        let proof: OwnershipProof
        do {
            guard CitizenController.isChallengeId(challenge) else { throw OwnershipService.Failure.challengeNotFound }
            proof = try await ownership.confirm(challengeId: challenge, code: code)
        } catch OwnershipService.Failure.wrongCode(let left) where left > 0 {
            var model = CitizenPage(language: language, title: t.codeTitle)
            model.notice = t.wrongCode(attemptsLeft: left)
            model.code = .init(challenge: challenge, maskedContact: masked, validity: t.codeValidity(seconds: ownership.policy.ttl))
            return try html(model, "code", status: .badRequest)
        } catch is OwnershipService.Failure {
            var model = CitizenPage(language: language, title: t.codeTitle)
            model.notice = t.challengeGone
            model.mykad = .init(masked: nil, canVerify: true)
            return try html(model, "mykad", status: .badRequest)
        }
        var model = CitizenPage(language: language, title: t.verifiedTitle)
        let now = Int64(Date().timeIntervalSince1970)
        model.verified = .init(maskedContact: masked.isEmpty ? nil : masked, validity: t.proofValidity(seconds: proof.expiresAt - now))
        var response = try html(model, "verified")
        response.setCookie(
            Cookie(
                name: settings.cookieName, value: proof.token(key: lookup.key), maxAge: Int(max(0, proof.expiresAt - now)),
                path: "/", secure: secureCookie(request), httpOnly: true, sameSite: .strict
            )
        )
        return response
    }

    func message(_ language: CitizenLanguage, heading: String, text: String, status: HTTPResponse.Status, requestId: String? = nil) throws -> Response {
        var model = CitizenPage(language: language, title: heading)
        model.message = .init(heading: heading, text: text, status: status == .ok ? nil : Int(status.code), requestId: requestId)
        return try html(model, "message", status: status)
    }

    func limited(_ language: CitizenLanguage, retryAfter: Int) throws -> Response {
        let t = language.text
        var response = try message(language, heading: t.limitedTitle, text: t.wait(seconds: retryAfter), status: .tooManyRequests)
        response.headers[.retryAfter] = String(retryAfter)
        return response
    }

    // MARK: - Plumbing

    /// The form fields of every POST; unknown fields are ignored.
    struct Form: Decodable {
        var lang: String?
        var q: String?
        var contact: String?
        var challenge: String?
        var code: String?
        var to: String?
    }

    /// A GET page: language from the query and Accept-Language, errors as an error page.
    func page(_ request: Request, _ context: AppRequestContext, _ body: (CitizenLanguage) throws -> Response) -> Response {
        let language = CitizenLanguage.pick(query: request.uri.queryParameters["lang"].map(String.init), acceptLanguage: request.headers[.acceptLanguage])
        do {
            return try body(language)
        } catch {
            return errorPage(language, error: error, context: context)
        }
    }

    /// A POST: same-origin check, per-address limits, form decoding, then the handler.
    func form(_ request: Request, _ context: AppRequestContext, codeRequest: Bool = false, _ body: (Request, CitizenLanguage, Form) async throws -> Response) async -> Response {
        var language = CitizenLanguage.pick(query: nil, acceptLanguage: request.headers[.acceptLanguage])
        do {
            guard CitizenController.isSameOrigin(request) else {
                return try message(language, heading: language.text.errorTitle, text: language.text.errorText, status: .forbidden, requestId: context.id)
            }
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: settings.maxBody)
            } catch {
                throw HTTPError(.contentTooLarge)
            }
            let form: Form
            do {
                form = try URLEncodedFormDecoder().decode(Form.self, from: String(buffer: buffer))
            } catch {
                throw HTTPError(.badRequest)
            }
            if let l = form.lang.flatMap(CitizenLanguage.init(rawValue:)) { language = l }
            let subject = CitizenController.clientKey(context)
            if case .limited(let retry) = limiter.take("citizen.post:" + subject, rpm: settings.postsPerMinute) {
                return try limited(language, retryAfter: retry)
            }
            if codeRequest, case .limited(let retry) = limiter.take("citizen.code:" + subject, limit: settings.codeRequestsPerHour, per: 3600) {
                return try limited(language, retryAfter: retry)
            }
            return try await body(request, language, form)
        } catch {
            return errorPage(language, error: error, context: context)
        }
    }

    /// Status and request id only; the error's type goes to the log, its text nowhere.
    func errorPage(_ language: CitizenLanguage, error: any Error, context: AppRequestContext) -> Response {
        let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
        if status.code >= 500 {
            context.logger.error("citizen.error", metadata: ["error.type": "\(type(of: error))", "http.status": "\(status.code)"])
        }
        let t = language.text
        do {
            return try message(language, heading: t.errorTitle, text: t.errorText, status: status, requestId: context.id)
        } catch {
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; charset=utf-8"
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "\(status.code) \(context.id)\n")))
        }
    }

    func html(_ model: CitizenPage, _ template: String, status: HTTPResponse.Status = .ok) throws -> Response {
        let text = try views.render(model, template: template)
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        // Results are personal: no cache, no referrer to other sites (same-origin, so that form posts
        // keep their Origin), no framing, nothing loaded from elsewhere.
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        headers[CitizenController.referrerPolicy] = "same-origin"
        headers[.xContentTypeOptions] = "nosniff"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func rows(_ hits: [LookupService.Hit], proven: Bool, _ language: CitizenLanguage) -> [CitizenPage.BreachRow] {
        hits.map { hit in
            let classes = proven ? hit.personClasses : hit.breach.dataClasses
            return CitizenPage.BreachRow(
                title: hit.breach.title, date: hit.breach.breachDate,
                classes: classes.map(language.dataClass).joined(separator: ", "), sensitive: hit.breach.isSensitive
            )
        }
    }

    /// The proof in the request's cookie, if valid and unexpired.
    func proof(_ request: Request) -> OwnershipProof? {
        guard ownership != nil, let token = request.cookies[settings.cookieName]?.value else { return nil }
        return OwnershipProof.verify(token, key: lookup.key, now: Int64(Date().timeIntervalSince1970))
    }

    func secureCookie(_ request: Request) -> Bool {
        if let s = settings.secureCookie { return s }
        if request.uri.scheme == .https { return true }
        return request.headers[values: CitizenController.forwardedProto].contains { $0.lowercased().hasPrefix("https") }
    }

    // Header names HTTPTypes has no constant for. Valid tokens: the initialiser cannot fail.
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    static let forwardedHost = HTTPField.Name("X-Forwarded-Host")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let fetchSite = HTTPField.Name("Sec-Fetch-Site")!

    /// A cross-site form post is refused, so other sites cannot make visitors' browsers request
    /// codes (the proof cookie is SameSite=Strict anyway). Browsers that send `Sec-Fetch-Site`
    /// are judged by it (`same-origin`, or `none` for a typed or bookmarked request); otherwise a
    /// non-null `Origin` must name this host (or the proxy's `X-Forwarded-Host`). A request with
    /// neither (curl, an old browser) passes: the per-address and per-contact limits still hold.
    static func isSameOrigin(_ request: Request) -> Bool {
        if let site = request.headers[CitizenController.fetchSite] {
            return site == "same-origin" || site == "none"
        }
        guard let origin = request.headers[.origin], origin != "null" else { return true }
        guard let url = URL(string: origin), let host = url.host?.lowercased() else { return false }
        let authority = host + (url.port.map { ":\($0)" } ?? "")
        var allowed: [String] = []
        if let a = request.head.authority { allowed.append(a.lowercased()) }
        if let h = request.headers[CitizenController.forwardedHost] { allowed.append(h.lowercased()) }
        return allowed.contains(authority) || allowed.contains(host)
    }

    /// The per-address limiter's subject: the peer's IP (or whatever the context resolved).
    static func clientKey(_ context: AppRequestContext) -> String {
        context.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Challenge ids are 32 lowercase hex digits; anything else is not looked up.
    static func isChallengeId(_ s: String) -> Bool {
        s.utf8.count == 32 && s.utf8.allSatisfy { (0x30 ... 0x39).contains($0) || (0x61 ... 0x66).contains($0) }
    }
}
