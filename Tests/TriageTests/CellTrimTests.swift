import Synthetic
import Testing
@testable import Triage

/// `ScanWorker.trimmed` (both ends tested at once) against the plain definition: leading and
/// trailing spaces and tabs removed, nothing else.
@Suite("Cell trimming")
struct CellTrimTests {
    static func reference(_ bytes: [UInt8]) -> [UInt8] {
        var lo = 0
        var hi = bytes.count
        while lo < hi && (bytes[lo] == 0x20 || bytes[lo] == 0x09) { lo += 1 }
        while hi > lo && (bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09) { hi -= 1 }
        return Array(bytes[lo ..< hi])
    }

    @Test func sameAsTheDefinition() {
        var random = SeededGenerator(seed: 0x7819)
        // Spaces and tabs, the bytes next to them and below them (control bytes, which are not
        // trimmed), letters, and bytes of multi-byte UTF-8.
        let alphabet: [UInt8] = [0x20, 0x20, 0x09, 0x09, 0x0A, 0x0D, 0x00, 0x1F, 0x21, 0x41, 0x7F, 0x80, 0xC3, 0xA9]
        var (wrong, changed) = (0, 0)
        for _ in 0 ..< 50_000 {
            let length = Int(random.next() % 12)
            let bytes = (0 ..< length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            let expected = CellTrimTests.reference(bytes)
            let got = bytes.withUnsafeBufferPointer { Array(ScanWorker.trimmed($0)) }
            if got != expected { wrong += 1 }
            if expected.count != bytes.count { changed += 1 }
        }
        #expect(wrong == 0)
        #expect(changed > 10_000)
    }

    @Test(arguments: [
        ("", ""), (" ", ""), ("\t \t", ""), ("a", "a"), (" a", "a"), ("a\t", "a"), ("  a b  ", "a b"),
        ("\u{1F}a", "\u{1F}a"), ("a\r", "a\r"), ("é ", "é"), ("\tplan A ", "plan A"),
    ])
    func examples(cell: String, expected: String) {
        let got = Array(cell.utf8).withUnsafeBufferPointer { Array(ScanWorker.trimmed($0)) }
        #expect(got == Array(expected.utf8))
    }
}
