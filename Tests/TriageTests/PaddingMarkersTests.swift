import Testing

@testable import Triage

/// Seller padding in identifier and name cells: the filler words and one character repeated.
@Suite struct PaddingMarkersTests {
    static let cases: [(String, Bool)] = [
        ("TEST", true), ("testing", true), ("Dummy", true), ("SAMPLE", true), ("tester", true), ("xxxx", true),
        ("000000-00-0000", true), ("999999999999", true), ("1111111111", true), ("aaaaaa", true),
        ("a-a-a-a-a-a", true), ("-0000000", true), ("0-000000", true), ("0 0 0 0 0 0", true), ("//000000", true),
        ("aaaaab", false), ("aaaaa", false), ("--------", false), ("TESTS", false), ("tests123", false),
        ("731019144719", false), ("731019-14-4719", false), ("Vijay a/l Naveen", false), ("60143421936", false),
        ("00000100000", false), ("x", false), ("", false),
    ]

    @Test(arguments: cases)
    func padding(_ cell: String, _ expected: Bool) {
        let bytes = Array(cell.utf8)
        bytes.withUnsafeBufferPointer { b in
            #expect(PaddingMarkers.isPadding(b) == expected, "\(cell)")
            #expect(PaddingMarkers.isPaddingSlow(b) == expected, "\(cell)")
        }
    }

    /// The inline answer (first two bytes) agrees with the full check on every cell of up to
    /// 10 bytes from an alphabet of repeats and separators.
    @Test func inlineAnswerAgreesWithTheFullCheck() {
        let alphabet = Array("00a-/ ".utf8)
        var state: UInt64 = 0x1234_5678
        var checked = 0
        for _ in 0 ..< 50_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = Int(state >> 60) % 11
            var cell: [UInt8] = []
            var bits = state
            for _ in 0 ..< length {
                bits = bits &* 6_364_136_223_846_793_005 &+ 1
                cell.append(alphabet[Int(bits >> 61) % alphabet.count])
            }
            cell.withUnsafeBufferPointer { b in
                #expect(PaddingMarkers.isPadding(b) == PaddingMarkers.isPaddingSlow(b), "\(String(decoding: cell, as: UTF8.self))")
            }
            checked += 1
        }
        #expect(checked == 50_000)
    }
}
