import Identifiers
import Testing

@testable import Triage

/// The scanner's answer cache: every stored key is found after any number of regrowths, unknown
/// keys are not, the limit holds, and key 0 (the empty-slot mark) is usable.
@Suite("Detection memo")
struct DetectionMemoTests {
    @Test(arguments: [1, 7, 8, 9, 100, 5000])
    func findsWhatItHolds(count: Int) {
        var memo = DetectionMemo(limit: 3000)
        let keys = (0 ..< count).map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 }  // includes 0
        for (i, key) in keys.enumerated() {
            #expect(memo.find(key) == nil)
            var d = Detection(type: .postcode, verdict: .valid, canonical: String(10000 + i))
            d.facts.stateCode = "10"
            memo.add(key, d)
        }
        #expect(memo.count == min(count, 3000))
        for (i, key) in keys.enumerated() {
            let found = memo.find(key)
            if i < 3000 {
                guard let found else {
                    Issue.record("key \(i) lost")
                    continue
                }
                #expect(memo.detections[found].canonical == String(10000 + i))
                #expect(memo.summaries[found].canonicalKey == hash64(String(10000 + i).utf8))
                #expect(memo.summaries[found].stateNumber == StateCodes.code("10") && memo.summaries[found].setsResidence)
            } else {
                #expect(found == nil, "past the limit nothing is stored")
            }
        }
        #expect(memo.find(0xDEAD_BEEF_0000_0001) == nil)
    }
}
