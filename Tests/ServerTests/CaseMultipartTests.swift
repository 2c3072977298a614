import Crypto
import Foundation
import LeakTraceCore
import NIOCore
import Testing

@testable import Server

@Suite("Case uploads: streamed multipart")
struct CaseMultipartTests {
    static let boundary = "XyZ-boundary-123"

    static func body(file: [UInt8]) -> [UInt8] {
        var s = "preamble ignored\r\n"
        s += "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n"
        s += "--\(boundary)\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nline one\r\nline two\r\n"
        var b = Array(s.utf8)
        b += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\\\"b.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
        b += file
        b += Array("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"source\"\r\n\r\nforum\r\n--\(boundary)--\r\n".utf8)
        return b
    }

    static func chunks(_ bytes: [UInt8], size: Int) -> AsyncStream<ByteBuffer> {
        AsyncStream { c in
            var i = 0
            while i < bytes.count {
                c.yield(ByteBuffer(bytes: bytes[i ..< min(bytes.count, i + size)]))
                i += size
            }
            c.finish()
        }
    }

    @Test("Fields and the file survive any chunking, including bytes that resemble the delimiter", arguments: [1, 2, 3, 7, 19, 64, 1000, 1 << 20])
    func chunking(size: Int) async throws {
        var file = Array("\r\n--XyZ-boundary-12\r\n--XyZ-boundary-12X not it\r\n".utf8)
        for i in 0 ..< 5000 { file.append(UInt8(truncatingIfNeeded: i * 7)) }
        file += Array("\r\n-".utf8)
        let dir = NSTemporaryDirectory()
        let u = try await MultipartUpload.read(Self.chunks(Self.body(file: file), size: size), boundary: Self.boundary, directory: dir, maxFileBytes: 1 << 20)
        let path = try #require(u.filePath)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(u.fields["csrf"] == "tok")
        #expect(u.fields["description"] == "line one\r\nline two")
        #expect(u.fields["source"] == "forum")
        #expect(u.fileName == "a\"b.bin")
        #expect(u.fileSize == Int64(file.count))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(file))
    }

    @Test("Too large, truncated and malformed bodies fail and leave no file")
    func failures() async throws {
        let dir = NSTemporaryDirectory() + "leaktrace-mp-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let big = Self.body(file: Array(repeating: 1, count: 5000))
        await #expect(throws: MultipartUpload.Failure.tooLarge) {
            _ = try await MultipartUpload.read(Self.chunks(big, size: 100), boundary: Self.boundary, directory: dir, maxFileBytes: 1000)
        }
        await #expect(throws: MultipartUpload.Failure.malformed) {
            _ = try await MultipartUpload.read(Self.chunks(Array(big.prefix(big.count - 30)), size: 100), boundary: Self.boundary, directory: dir, maxFileBytes: 1 << 20)
        }
        await #expect(throws: MultipartUpload.Failure.malformed) {
            _ = try await MultipartUpload.read(Self.chunks(Array("no parts at all".utf8), size: 4), boundary: Self.boundary, directory: dir, maxFileBytes: 1 << 20)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
        #expect(MultipartUpload.boundary(contentType: "multipart/form-data; boundary=\"abc\"") == "abc")
        #expect(MultipartUpload.boundary(contentType: "application/x-www-form-urlencoded") == nil)
    }
}
