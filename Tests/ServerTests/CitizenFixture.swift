import Exposure
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeakTraceCore
import Logging
import SQLiteStore
import Server
import Synchronization
import Testing
import Triage

/// Log lines of one test, to check that no identifier is ever logged.
final class CitizenLogCapture: Sendable {
    let lines = Mutex<[String]>([])

    var handler: @Sendable (String) -> any LogHandler {
        { _ in CaptureHandler(capture: self) }
    }

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    struct CaptureHandler: LogHandler {
        let capture: CitizenLogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.lines.withLock { $0.append("\(event.level) \(event.message) \(all)") }
        }
    }
}

/// Synthetic people in two breaches (no real data):
/// - `TelcoLeak` (not sensitive, its title holds markup): Alice (email, MyKad, phone) and Bob
///   (email, MyKad);
/// - `ClinicLeak` (sensitive): Alice (email, MyKad, health records).
struct CitizenFixture {
    static let aliceEmail = "alice.tan@example.com"
    static let alicePhone = "+60123456789"
    static let aliceMyKad = "900101145678"
    static let bobEmail = "bob.lim@example.net"
    static let bobMyKad = "880202105431"
    static let telcoTitle = "Telco <script>alert(1)</script> & Co"
    static let clinicTitle = "Klinik Sensitif"
    /// Every identifier, in the forms a response or a log must never contain.
    static let identifiers = [
        aliceEmail, alicePhone, aliceMyKad, "0123456789", "012-345 6789", "900101-14-5678",
        bobEmail, bobMyKad, "880202-10-5431",
    ]

    let store: SQLiteStore
    let key: IndexKey
    let sender = CitizenCapturingSender()
    let logs = CitizenLogCapture()

    static func make() async throws -> CitizenFixture {
        let store = try SQLiteStore.inMemory()
        try await store.migrate()
        let key = try IndexKey(secret: Array(repeating: 7, count: 32))
        try await store.bindKey(checkValue: key.checkValue)
        let fixture = CitizenFixture(store: store, key: key)

        var telco = Breach(
            name: "TelcoLeak", title: telcoTitle, domain: "telco.example", breachDate: "2014-07-01", addedDate: "2026-01-01T00:00:00Z",
            pwnCount: 2, dataClasses: ["Email addresses", "Government issued IDs", "Phone numbers", "Physical addresses"]
        )
        telco.status = .ready
        var clinic = Breach(
            name: "ClinicLeak", title: clinicTitle, domain: "clinic.example", breachDate: "2016-03-04", addedDate: "2026-01-01T00:00:00Z",
            pwnCount: 1, dataClasses: ["Email addresses", "Government issued IDs", "Health records"]
        )
        clinic.status = .ready
        clinic.isSensitive = true
        let telcoId = try #require(try await store.insertBreach(telco).id)
        let clinicId = try #require(try await store.insertBreach(clinic).id)

        let aliceTelco = DataClass.emailAddresses.bit | DataClass.governmentIDs.bit | DataClass.phoneNumbers.bit
        let bobTelco = DataClass.emailAddresses.bit | DataClass.governmentIDs.bit | DataClass.physicalAddresses.bit
        try await store.writeEntries(
            [
                fixture.entry(.email, aliceEmail, person: 1, classes: aliceTelco),
                fixture.entry(.mykad, aliceMyKad, person: 1, classes: aliceTelco),
                fixture.entry(.phone, alicePhone, person: 1, classes: aliceTelco),
                fixture.entry(.email, bobEmail, person: 2, classes: bobTelco),
                fixture.entry(.mykad, bobMyKad, person: 2, classes: bobTelco),
            ], breachId: telcoId, checkpoint: 2
        )
        let aliceClinic = DataClass.emailAddresses.bit | DataClass.governmentIDs.bit | DataClass.healthRecords.bit
        try await store.writeEntries(
            [
                fixture.entry(.email, aliceEmail, person: 1, classes: aliceClinic),
                fixture.entry(.mykad, aliceMyKad, person: 1, classes: aliceClinic),
            ], breachId: clinicId, checkpoint: 1
        )
        return fixture
    }

    func entry(_ type: LookupType, _ canonical: String, person: Int64, classes: UInt64) -> IndexEntry {
        IndexEntry(hash: key.hash(type, canonical: Sensitive(canonical)), person: person, classes: classes)
    }

    /// The page on a router of its own, as the server wires it.
    func app(settings: CitizenController.Settings = .init(), withOwnership: Bool = true) -> some ApplicationProtocol {
        let lookup = LookupService(store: store, key: key, catalogueTTL: 0)
        let ownership = withOwnership ? OwnershipService(store: store, key: key, sender: sender) : nil
        let router = Router(context: AppRequestContext.self)
        CitizenController(lookup: lookup, ownership: ownership, settings: settings).addRoutes(to: router)
        var logger = Logger(label: "citizen-test", factory: logs.handler)
        logger.logLevel = .trace
        return Application(router: router, logger: logger)
    }
}

// MARK: - Request helpers

extension TestClientProtocol {
    /// POSTs a form; `fields` are URL-encoded.
    func citizenPost(_ path: String, _ fields: [(String, String)], cookie: String? = nil, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { headers[.cookie] = cookie }
        headers.append(contentsOf: extra)
        let body = fields.map { "\(citizenFormEncode($0.0))=\(citizenFormEncode($0.1))" }.joined(separator: "&")
        return try await execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    func citizenGet(_ path: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: path, method: .get, headers: headers, body: nil)
    }
}

func citizenFormEncode(_ s: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._*")
    return (s.addingPercentEncoding(withAllowedCharacters: allowed) ?? "").replacingOccurrences(of: "%20", with: "+")
}

extension TestResponse {
    var page: String { String(buffer: body) }

    /// Every header, as `name: value` lines.
    var citizenHeaders: String { headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n") }
}

/// The value of a hidden or text input, read from a page.
func citizenInput(_ name: String, in html: String) -> String? {
    guard let r = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
    let rest = html[r.upperBound...]
    guard let end = rest.firstIndex(of: "\"") else { return nil }
    return String(rest[..<end])
}
