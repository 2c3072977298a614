import Foundation
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
}
