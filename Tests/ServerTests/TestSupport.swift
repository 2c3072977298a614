import Exposure
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeakTraceCore
import Logging
import NIOCore
import SQLiteStore
import Server
import Synchronization
import Testing
import Triage

/// Sends no code: keeps the last one per contact, for the test to type in.
final class CapturingSender: CodeSender {
    let codes = Mutex<[String]>([])

    func send(code: String, to contact: Account, language: String) async throws {
        codes.withLock { $0.append(code) }
    }

    var last: String? { codes.withLock { $0.last } }
}

/// Collects every log message with its metadata (swift-log's testing advice).
final class LogCapture: Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    let entries = Mutex<[Entry]>([])

    func logger() -> Logger {
        var l = Logger(label: "test") { _ in Handler(capture: self) }
        l.logLevel = .trace
        return l
    }

    /// Everything logged, as one text: messages, metadata keys and values.
    var allText: String {
        entries.withLock { $0.map { e in e.message + " " + e.metadata.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }.joined(separator: "\n") }
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
            let merged = self.metadata.merging(explicit ?? [:]) { $1 }
            capture.entries.withLock { $0.append(Entry(level: level, message: message.description, metadata: merged.mapValues { $0.description })) }
        }
    }
}

/// Synthetic people and breaches on in-memory SQLite.
struct Fixture {
    static let email = "Alice.Tan@Example.com"
    static let phone = "012-345 6789"
    static let phoneOtherSpelling = "+60 12 345 6789"
    /// A MyKad of the person with `email` and `phone`.
    static let mykad = "900101-14-5673"
    /// A valid MyKad of nobody in the index.
    static let otherMykad = "850505-10-5121"
    static let strangerEmail = "bob@example.org"
    static let apiKeySecret = "0123456789abcdef0123456789abcdef"

    let store: SQLiteStore
    let key: IndexKey
    let sender: CapturingSender
    let logs: LogCapture
    let deps: ServerDependencies
    var clock: TestClock

    /// Breaches: `TelcoLeak` (verified, domain telco.my: email, phone, mykad of one person),
    /// `ClinicLeak` (sensitive: email, mykad), `ForumScrape` (unverified, domain forum.my: email),
    /// `SpamList` (spam list, no entries), `OldLeak` (retired), `Pending` (indexing).
    static func make(configuration: ServerConfiguration = ServerConfiguration(), keyRPM: Int = 1000, sender withSender: Bool = true) async throws -> Fixture {
        let store = try SQLiteStore.inMemory()
        try await store.migrate()
        let key = try IndexKey(secret: Array(repeating: 7, count: 32))
        try await store.bindKey(checkValue: key.checkValue)

        let email = try #require(Account.parse(email))
        let phone = try #require(Account.parse(phone))
        let mykad = try #require(Account.parse(mykad))
        #expect(mykad.type == .mykad)
        #expect(phone.type == .phone)
        let hEmail = key.hash(email.type, canonical: email.canonical)
        let hPhone = key.hash(phone.type, canonical: phone.canonical)
        let hMykad = key.hash(mykad.type, canonical: mykad.canonical)
        let person = hMykad.personId
        let classes = DataClass.emailAddresses.bit | DataClass.phoneNumbers.bit | DataClass.governmentIDs.bit | DataClass.names.bit

        func add(_ name: String, title: String, domain: String = "", added: String, configure: (inout Breach) -> Void = { _ in }, entries: [IdentifierHash]) async throws {
            var b = Breach(name: name, title: title, domain: domain, breachDate: "2024-01-02", addedDate: added, pwnCount: 1000,
                           description: "Synthetic <b>test</b> breach.", dataClasses: ["Names", "Email addresses", "Phone numbers", "Government issued IDs"])
            b.status = .ready
            configure(&b)
            let saved = try await store.insertBreach(b)
            let id = try #require(saved.id)
            if !entries.isEmpty {
                try await store.writeEntries(entries.map { IndexEntry(hash: $0, person: person, classes: classes) }, breachId: id, checkpoint: 1)
            }
        }
        try await add("TelcoLeak", title: "Telco leak", domain: "telco.my", added: "2024-03-01T00:00:00Z", entries: [hEmail, hPhone, hMykad])
        try await add("ClinicLeak", title: "Clinic leak", added: "2024-04-01T00:00:00Z", configure: { $0.isSensitive = true }, entries: [hEmail, hMykad])
        try await add("ForumScrape", title: "Forum scrape", domain: "forum.my", added: "2024-05-01T00:00:00Z", configure: { $0.isVerified = false; $0.sourceOrganisation = "Forum Sdn Bhd" }, entries: [hEmail])
        try await add("SpamList", title: "A spam list", added: "2024-02-01T00:00:00Z", configure: { $0.isSpamList = true }, entries: [])
        try await add("OldLeak", title: "Old leak", added: "2023-01-01T00:00:00Z", configure: { $0.isRetired = true; $0.status = .retired }, entries: [])
        try await add("Pending", title: "Pending", added: "2025-01-01T00:00:00Z", configure: { $0.status = .indexing }, entries: [hEmail])

        try await store.insertAPIKey(APIKeyRecord(
            id: "lt_test0001", keyHash: APIKeyAuthenticator.hash(apiKeySecret, key: key), label: "tests", rpm: keyRPM, createdAt: "2024-01-01T00:00:00Z"
        ))
        let clock = TestClock()
        let sender = CapturingSender()
        let deps = ServerDependencies(
            configuration: configuration, store: store, key: key, sender: withSender ? sender : nil,
            limiter: RateLimiter(now: { clock.now })
        )
        return Fixture(store: store, key: key, sender: sender, logs: LogCapture(), deps: deps, clock: clock)
    }

    func app() -> some ApplicationProtocol {
        Application(router: buildRouter(deps), logger: logs.logger())
    }

    /// A proof of ownership of `account`, as /ownership/verify would give.
    func proof(_ raw: String) throws -> String {
        let a = try #require(Account.parse(raw))
        return OwnershipProof(contactType: a.type, contactHash: key.hash(a.type, canonical: a.canonical), expiresAt: Int64(Date().timeIntervalSince1970) + 600).token(key: key)
    }
}

/// A clock the tests move.
final class TestClock: Sendable {
    private let t = Mutex<Double>(1_000_000)
    var now: Double { t.withLock { $0 } }
    func advance(_ s: Double) { t.withLock { $0 += s } }
}

extension HTTPFields {
    static let ua: HTTPFields = [.userAgent: "LeakTrace-ServerTests"]
    static let keyed: HTTPFields = [.userAgent: "LeakTrace-ServerTests", HTTPField.Name("hibp-api-key")!: Fixture.apiKeySecret]
    static let keyedJSON: HTTPFields = [.userAgent: "LeakTrace-ServerTests", HTTPField.Name("hibp-api-key")!: Fixture.apiKeySecret, .contentType: "application/json"]

    func with(_ name: String, _ value: String) -> HTTPFields {
        var h = self
        h[HTTPField.Name(name)!] = value
        return h
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }
    func names() throws -> [String] {
        try #require(try json() as? [[String: Any]]).compactMap { $0["Name"] as? String }
    }
    func errorMessage() throws -> (Int, String) {
        let o = try #require(try json() as? [String: Any])
        return (try #require(o["statusCode"] as? Int), try #require(o["message"] as? String))
    }
}

/// URL path escaping of an account (`@`, `+` and spaces).
func pathEscaped(_ s: String) -> String {
    s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~@"))) ?? s
}

func jsonBody(_ object: [String: Any]) throws -> ByteBuffer {
    ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object))
}
