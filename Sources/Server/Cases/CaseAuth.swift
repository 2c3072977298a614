import Exposure
import Foundation
import HTTPTypes
import Hummingbird
import Incidents
import NIOCore
import Synchronization

/// Sessions, cookies and CSRF checks shared by the sign-in pages, the case pages and the case API.
struct CaseAuth: Sendable {
    let sessions: CaseSessions
    let settings: CaseWeb.Settings

    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!
    /// The pre-session token of the sign-in form (double submit: cookie and field must agree).
    static let signInCookie = "lt_signin"

    /// The person signed in with the request's session cookie, or nil.
    func signedIn(_ request: Request) async throws -> SignedIn? {
        guard let token = request.cookies[settings.cookieName]?.value, !token.isEmpty else { return nil }
        return try await sessions.find(token: token)
    }

    func sessionCookie(_ token: String, request: Request) -> Cookie {
        Cookie(name: settings.cookieName, value: token, path: "/", secure: secure(request), httpOnly: true, sameSite: .strict)
    }

    /// A cookie that removes the session cookie.
    func clearedSessionCookie(request: Request) -> Cookie {
        Cookie(name: settings.cookieName, value: "", maxAge: 0, path: "/", secure: secure(request), httpOnly: true, sameSite: .strict)
    }

    func secure(_ request: Request) -> Bool {
        if let s = settings.secureCookie { return s }
        if request.uri.scheme == .https { return true }
        return request.headers[values: CitizenController.forwardedProto].contains { $0.lowercased().hasPrefix("https") }
    }

    /// A state-changing request must come from this site (`Sec-Fetch-Site`/`Origin` when the
    /// browser sends them) and carry the session's token.
    func checkCSRF(_ request: Request, session: WebSession, formToken: String?) -> Bool {
        guard CitizenController.isSameOrigin(request) else { return false }
        let presented = formToken ?? request.headers[CaseAuth.csrfHeader] ?? ""
        return CaseSessions.same(presented, session.csrf)
    }
}

/// Failed sign-ins per client address: each failure takes from the shared `RateLimiter`; when
/// the bucket is empty, the address waits (every attempt answers 429 until then).
final class SignInThrottle: Sendable {
    let limiter: RateLimiter
    let limit: Int
    let window: Double
    private let blocked: Mutex<[String: Date]>

    init(limiter: RateLimiter, limit: Int, window: Double) {
        self.limiter = limiter
        self.limit = limit
        self.window = window
        blocked = Mutex([:])
    }

    /// Seconds the address must still wait, or nil.
    func wait(_ address: String, now: Date = Date()) -> Int? {
        blocked.withLock { (b: inout [String: Date]) -> Int? in
            guard let until = b[address] else { return nil }
            if until <= now { b[address] = nil; return nil }
            return max(1, Int(until.timeIntervalSince(now).rounded(.up)))
        }
    }

    func failed(_ address: String, now: Date = Date()) {
        if case .limited(let retry) = limiter.take("case.signin.failed:" + address, limit: limit, per: window) {
            blocked.withLock { (b: inout [String: Date]) in
                if b.count > 100_000 { b = b.filter { $0.value > now } }
                b[address] = now.addingTimeInterval(Double(retry))
            }
        }
    }
}

// MARK: - Errors

extension CaseError {
    /// The HTTP status of each code: not visible 404, role lacks the permission 403, bad input 400,
    /// conflict 409, not signed in 401.
    var httpStatus: HTTPResponse.Status {
        switch code {
        case .notFound: .notFound
        case .forbidden: .forbidden
        case .invalid: .badRequest
        case .conflict: .conflict
        case .unauthenticated: .unauthorized
        }
    }

    /// The API's answer. 404 and 403 say nothing about the case (not even its id); 400 and 409
    /// name fields and ids, never a personal value.
    var apiError: APIError {
        switch code {
        case .notFound: APIError(.notFound, "Not found.")
        case .forbidden: APIError(.forbidden, "Your role on this case does not allow this.")
        case .unauthenticated: APIError(.unauthorized, "Sign in first.")
        case .invalid, .conflict: APIError(httpStatus, message)
        }
    }
}

// MARK: - Forms

/// An `application/x-www-form-urlencoded` body: every value of every name (checkboxes repeat).
struct FormFields: Sendable {
    var values: [String: [String]] = [:]

    init(_ text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let k = FormFields.decode(kv[0])
            let v = kv.count > 1 ? FormFields.decode(kv[1]) : ""
            values[k, default: []].append(v)
        }
    }

    init(fields: [String: String]) {
        values = fields.mapValues { [$0] }
    }

    subscript(_ name: String) -> String? { values[name]?.first }

    /// A trimmed value, nil when absent or empty.
    func text(_ name: String) -> String? {
        guard let v = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
        return v
    }

    func all(_ name: String) -> [String] { values[name] ?? [] }

    static func decode(_ s: Substring) -> String {
        let plus = s.replacingOccurrences(of: "+", with: " ")
        return plus.removingPercentEncoding ?? plus
    }
}
