import Exposure
import Foundation
import HummingbirdBcrypt
import Incidents

/// What the case UI and the case API need, built once by the composition root (`leaktrace serve`)
/// and passed in `ServerDependencies.cases`. Nil there: no `/signin`, `/cases` or `/api/cases` routes.
///
/// Every rule about who may do what lives in `CaseService`; the web layer only finds the signed-in
/// person (a session cookie) and maps `CaseError` to 404/403/400/409/401.
public struct CaseWeb: Sendable {
    public var service: CaseService
    /// The regulatory clocks; nil: pages show no clocks panel and `/api/cases/{id}/clocks` is empty.
    public var clocks: ClockEngine?
    public var settings: Settings

    /// Sessions, uploads and sign-in limits.
    public struct Settings: Sendable {
        /// `Secure` on the session cookie: true, false, or nil for "when the request came over
        /// https" (the URI's scheme or `X-Forwarded-Proto: https` from the reverse proxy).
        public var secureCookie: Bool?
        public var cookieName: String
        /// Seconds a session lives without a request (8 h).
        public var sessionIdleSeconds: Double
        /// Largest evidence upload, in bytes (512 MiB).
        public var maxUploadBytes: Int64
        /// Where uploads are streamed before they go into the evidence vault (the system temporary
        /// directory by default; put it on the vault's file system for large files).
        public var uploadDirectory: String
        /// Failed sign-ins per client address per `signInWindowSeconds` before the address is made to wait.
        public var signInFailures: Int
        public var signInWindowSeconds: Double
        /// bcrypt cost of the dummy hash an unknown user name is checked against (so an unknown
        /// name takes as long as a wrong password); use the cost accounts are hashed with.
        public var bcryptCost: UInt8

        public init(
            secureCookie: Bool? = nil, cookieName: String = "lt_session", sessionIdleSeconds: Double = 8 * 3600,
            maxUploadBytes: Int64 = 512 << 20, uploadDirectory: String = NSTemporaryDirectory(),
            signInFailures: Int = 10, signInWindowSeconds: Double = 300, bcryptCost: UInt8 = 12
        ) {
            self.secureCookie = secureCookie
            self.cookieName = cookieName
            self.sessionIdleSeconds = sessionIdleSeconds
            self.maxUploadBytes = maxUploadBytes
            self.uploadDirectory = uploadDirectory
            self.signInFailures = signInFailures
            self.signInWindowSeconds = signInWindowSeconds
            self.bcryptCost = bcryptCost
        }
    }

    /// - Parameters:
    ///   - service: the incident service (its store keeps the sessions too, so several server
    ///     processes on one PostgreSQL database share them).
    ///   - clocks: `ClockEngine(catalog: RegimeCatalog.load(userDirectory:))`, or nil.
    ///   - settings: cookie, session, upload and sign-in settings.
    public init(service: CaseService, clocks: ClockEngine?, settings: Settings = Settings()) {
        self.service = service
        self.clocks = clocks
        self.settings = settings
    }

    /// A bcrypt hash of a password, for `leaktrace user add` and tests (cost 4 in tests).
    public static func hashPassword(_ password: String, cost: UInt8 = 12) -> String {
        Bcrypt.hash(password, cost: cost)
    }
}
