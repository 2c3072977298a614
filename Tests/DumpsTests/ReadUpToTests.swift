import Foundation
import LeakTraceCore
import Testing

@testable import Dumps

/// `readUpTo` sizes its buffer by a hint and grows it: the bytes read never depend on the hint.
@Suite struct ReadUpToTests {
    /// Hands out at most 1,000 bytes a read.
    final class Chunky: ByteSource {
        let bytes: [UInt8]
        var position = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        func read(into buffer: UnsafeMutableRawBufferPointer) throws(LeakTraceError) -> Int {
            let n = min(buffer.count, 1000, bytes.count - position)
            for k in 0 ..< n { buffer[k] = bytes[position + k] }
            position += n
            return n
        }
    }

    @Test(arguments: [0, 1, 255, 256, 257, 4095, 4096, 4097, 65535, 65536, 65537, 200_000])
    func sameBytesWhateverTheHint(size: Int) throws {
        let data = (0 ..< size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for hint in [nil, 0, 1, size, size + 1, 300, 1 << 20] as [Int?] {
            let source = Chunky(data)
            let head = try source.readUpTo(PreparedInput.headBytes, expected: hint)
            #expect(head == Array(data.prefix(PreparedInput.headBytes)))
            // The rest is still there to read.
            #expect(try source.readUpTo(1 << 20) == Array(data.dropFirst(PreparedInput.headBytes)))
        }
    }
}
