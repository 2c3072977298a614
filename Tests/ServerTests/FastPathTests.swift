import Foundation
import HTTPTypes
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
