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
                let slot = memo.slot(at: found)
                #expect(memo.detections[Int(slot.entry)].canonical == String(10000 + i))
                #expect(memo.canonicalKey(slot) == hash64(String(10000 + i).utf8))
                #expect(slot.stateNumber == StateCodes.code("10") && slot.setsResidence && slot.summarizes && slot.hasCanonical)
                #expect(slot.type == .postcode && slot.verdict == .valid && !slot.placeholder && !slot.counted)
            } else {
                #expect(found == nil, "past the limit nothing is stored")
            }
        }
        #expect(memo.find(0xDEAD_BEEF_0000_0001) == nil)
    }

    /// Cells of up to 7 bytes are keyed by their bytes and length (no two share a key, so a
    /// postcode or a gender is never answered for another); longer cells by their hash.
    @Test func shortCellsAreKeyedByTheirBytes() {
        var keys = Set<UInt64>()
        let cells = ["", "L", "P", "l", "M", "NA", "-", "00000", "50450", "50451", "05045", "0", "00", "000", "0000000", "Selangor", "SELANGOR"]
        for cell in cells {
            let key = Array(cell.utf8).withUnsafeBufferPointer { DetectionMemo.key($0) }
            #expect(keys.insert(key).inserted, "\(cell)")
            if cell.utf8.count > 7 { #expect(key == hash64(cell.utf8)) }
        }
    }

    /// Marking a slot counted sticks and touches no other slot.
    @Test func countedMarksOneSlot() {
        var memo = DetectionMemo(limit: 100)
        for i in 0 ..< 50 { memo.add(UInt64(i + 1) &* 0x1234_5678_9ABC_DEF1, Detection(type: .gender, verdict: .valid, canonical: "M")) }
        let first = memo.find(0x1234_5678_9ABC_DEF1)!
        memo.markCounted(at: first)
        #expect(memo.slot(at: first).counted)
        for i in 1 ..< 50 { #expect(!memo.slot(at: memo.find(UInt64(i + 1) &* 0x1234_5678_9ABC_DEF1)!).counted) }
    }
}
