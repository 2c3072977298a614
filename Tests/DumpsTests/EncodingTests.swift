import Foundation
import LeakTraceCore
import Testing

@testable import Dumps

/// UTF-16 with a byte-order mark and Windows-1252 are transcoded to UTF-8 while streaming.
@Suite struct EncodingTests {
    static let text = "nama,catatan\nJOSÉ,Ali’s 😀\nSiti,ok\n"
    static let records = [["nama", "catatan"], ["JOSÉ", "Ali’s 😀"], ["Siti", "ok"]]

    static func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in text.utf16 {
            bytes += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        return bytes
    }

    @Test(arguments: [false, true])
    func utf16WithBOMIsTranscoded(bigEndian: Bool) throws {
        let (records, lines, reader) = try readAll(temporaryFile(EncodingTests.utf16(EncodingTests.text, bigEndian: bigEndian)))
        #expect(records == EncodingTests.records)
        #expect(lines == [1, 2, 3])
        #expect(reader.input.encoding == (bigEndian ? "utf-16be (BOM)" : "utf-16le (BOM)"))
        #expect(reader.input.format == .csv)
    }

    /// A surrogate pair and every code unit split across transcoder chunks (64 KiB) survive.
    @Test func utf16LongInputKeepsSurrogatePairsAcrossChunks() throws {
        var text = "a,b\n"
        for i in 0 ..< 12_000 { text += "\(i),x😀é\n" }
        let (records, _, reader) = try readAll(temporaryFile(EncodingTests.utf16(text, bigEndian: false)), options: ReaderOptions(chunkBytes: 1000, maxRecordBytes: 1 << 20))
        #expect(records.count == 12_001)
        #expect(records.allSatisfy { $0.count == 2 && ($0[1] == "b" || $0[1] == "x😀é") })
        #expect(reader.input.encoding == "utf-16le (BOM)")
    }

    @Test func windows1252IsDecodedWhenTheHeadIsNotUTF8() throws {
        // "JOSÉ" with É = 0xC9, and a right single quote 0x92; 0x80 is the euro sign.
        let bytes = Array("nama,catatan\nJOS".utf8) + [0xC9] + Array(",Ali".utf8) + [0x92] + Array("s \u{80}\n".utf8).dropLast(3) + [0x80, 0x0A]
        let (records, _, reader) = try readAll(temporaryFile(bytes))
        #expect(records == [["nama", "catatan"], ["JOSÉ", "Ali’s €"]])
        #expect(reader.input.encoding == "windows-1252 (invalid UTF-8 at byte 16)")
    }

    @Test func utf8WithAndWithoutBOM() throws {
        let plain = try readAll(temporaryFile(Array(EncodingTests.text.utf8)))
        #expect(plain.records == EncodingTests.records)
        #expect(plain.reader.input.encoding == "utf-8")
        let bom = try readAll(temporaryFile([0xEF, 0xBB, 0xBF] + Array(EncodingTests.text.utf8)))
        #expect(bom.records == EncodingTests.records)
        #expect(bom.reader.input.encoding == "utf-8 (with BOM)")
        #expect(bom.lines == [1, 2, 3])
    }

    /// A multi-byte character cut by the end of the sniffed 64 KiB is not invalid UTF-8.
    @Test func utf8CharacterAcrossTheSniffedHeadStaysUTF8() throws {
        var bytes = Array("a,b\n".utf8)
        while bytes.count < (64 << 10) - 1 - 4 { bytes += Array("1,2\n".utf8) }
        bytes += Array("x,".utf8)
        bytes += Array(repeating: UInt8(ascii: "y"), count: (64 << 10) - 1 - bytes.count)
        bytes += Array("é\n".utf8)  // 0xC3 is the last byte of the head, 0xA9 the first after
        #expect(bytes[(64 << 10) - 1] == 0xC3)
        let (records, _, reader) = try readAll(temporaryFile(bytes))
        #expect(reader.input.encoding == "utf-8")
        #expect(records.last?.last?.hasSuffix("yé") == true)
    }

    @Test func windows1252InsideGzip() throws {
        let bytes = Array("nama\nJOS".utf8) + [0xC9, 0x0A]
        let (records, _, reader) = try readAll(gzipped(bytes))
        #expect(records == [["nama"], ["JOSÉ"]])
        #expect(reader.input.encoding == "windows-1252 (invalid UTF-8 at byte 8)")
        #expect(reader.input.container == "gzip")
    }

    @Test func invalidUTF8Offsets() {
        #expect(SourceEncoding.firstInvalidUTF8(Array("abc".utf8), complete: true) == nil)
        #expect(SourceEncoding.firstInvalidUTF8([0x61, 0xC3], complete: false) == nil)
        #expect(SourceEncoding.firstInvalidUTF8([0x61, 0xC3], complete: true) == 1)
        #expect(SourceEncoding.firstInvalidUTF8([0xED, 0xA0, 0x80], complete: true) == 0)  // a surrogate
        #expect(SourceEncoding.firstInvalidUTF8([0xC0, 0x80], complete: true) == 0)  // overlong
        #expect(SourceEncoding.firstInvalidUTF8(Array("é😀".utf8), complete: true) == nil)
    }
}
