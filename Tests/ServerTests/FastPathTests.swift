import Foundation
import HTTPTypes
import Logging
@testable import Server
import Testing

/// The hand-written fast paths of the lookup route agree with the Foundation code they replaced.
@Suite("Lookup fast paths")
struct FastPathTests {
    @Test(arguments: ["%2B60123456789", "a%40b.com", "plain", "%zz", "%4", "%E2%82%AC", "%FF", "100%", "%2b%2B"])
    func percentDecodingMatchesFoundation(_ raw: String) {
        #expect(LookupAPIController.decoded(raw) == (raw.removingPercentEncoding ?? raw))
    }

    @Test func nameListIsTheJSONEncoderOutput() throws {
        let names = ["MyTelco2014", #"Quote"And\Slash"#, "Tab\tNew\nLine\u{1}", "Jabatan Pendaftaran Négara"]
        let text = JSONBody.nameListText(names)
        let decoded = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: String]]
        #expect(decoded == names.map { ["Name": $0] })
        #expect(JSONBody.nameListText([String]()) == "[]")
    }

    @Test(arguments: [
        APIError.invalidKey, APIError.ownershipRequired, APIError.rateLimited(retryAfter: 7),
        APIError(.badRequest, #"Odd "quote" \ back/slash\ttab"#),
        APIError(.forbidden, "Wrong code.", extra: ["AttemptsLeft": 2, "Zeta": -1]),
    ])
    func errorBodyIsWhatJSONSerializationWrote(_ error: APIError) throws {
        let text = error.bodyText
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
        var expected: [String: Any] = ["statusCode": Int(error.status.code), "message": error.message]
        for (k, v) in error.extra { expected[k] = v }
        #expect(decoded == expected as NSDictionary)
        // Keys in sorted order, as `.sortedKeys` wrote them; the status code as a bare number.
        let keys = (["statusCode", "message"] + error.extra.keys).sorted()
        let positions = keys.map { text.range(of: "\"\($0)\":")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(text.contains("\"statusCode\":\(error.status.code)"))
    }
}

/// A `StreamLogHandler` stream that keeps what is written.
private final class CollectedLines: TextOutputStream, @unchecked Sendable {
    // @unchecked: written by one test's handler on one thread.
    var text = ""
    func write(_ string: String) { text += string }
}

@Suite("Server log lines")
struct TextLogHandlerTests {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "a failure" }
    }

    static let cases: [(base: Logger.Metadata, explicit: Logger.Metadata?, withError: Bool)] = [
        ([:], nil, false),
        (["hb.request.id": "0a1b", "b": .stringConvertible(2)], ["http.route": "/api/v3/breachedaccount/{account}", "a": ["x", "y"]], false),
        (["hb.request.id": "0a1b"], ["hb.request.id": "override", "nested": ["k": "v"]], true),
    ]

    @Test(arguments: cases)
    func sameLineAsStreamLogHandler(base: Logger.Metadata, explicit: Logger.Metadata?, withError: Bool) {
        let event = LogEvent(
            level: .notice, message: "request", error: withError ? Failure() : nil, metadata: explicit,
            source: "Server", file: #fileID, function: #function, line: #line
        )
        let stream = CollectedLines()
        var reference = StreamLogHandler(label: "leaktrace.server", stream: stream, metadataProvider: nil)
        reference.metadata = base
        reference.log(event: event)
        let ours = TextLogHandler.line(timestamp: "", label: "leaktrace.server", base: base, provided: [:], event: event)
        // The timestamp is the first word of both.
        let strip = { (line: String) in String(line.drop { $0 != " " }) }
        #expect(strip(ours) == strip(stream.text))
        #expect(ours.hasSuffix("[Server] request\n"))
    }

    @Test func timestampHasStreamLogHandlersShape() {
        let t = TextLogHandler.timestamp()
        #expect(t.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}/) != nil)
    }
}
