import Foundation
import NIOCore

/// A `multipart/form-data` body read as it arrives: small text fields are kept in memory, the one
/// file part is streamed into a temporary file, never held whole. The file part's size is capped.
struct MultipartUpload: Sendable {
    var fields: [String: String] = [:]
    /// The temporary file holding the uploaded file (the caller deletes it).
    var filePath: String?
    var fileName: String?
    var fileSize: Int64 = 0

    enum Failure: Error, Equatable {
        /// Not multipart, no boundary, or a malformed part.
        case malformed
        /// The file is larger than allowed.
        case tooLarge
        /// A text field, or the headers of a part, are larger than allowed.
        case fieldTooLarge
        /// More than one file part.
        case twoFiles
        /// The temporary file could not be written.
        case io
    }

    static let maxFieldBytes = 64 * 1024
    static let maxHeaderBytes = 16 * 1024

    /// The boundary of a `multipart/form-data` content type, or nil.
    static func boundary(contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for param in contentType.split(separator: ";").dropFirst() {
            let kv = param.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2, kv[0].lowercased() == "boundary" else { continue }
            var b = kv[1]
            if b.hasPrefix("\""), b.hasSuffix("\""), b.count >= 2 { b = String(b.dropFirst().dropLast()) }
            guard (1 ... 70).contains(b.utf8.count) else { return nil }
            return b
        }
        return nil
    }

    /// Reads a whole multipart body, streaming the file part to `directory`.
    /// - Throws: `Failure`; the temporary file is removed when reading fails.
    static func read<Body: AsyncSequence>(_ body: Body, boundary: String, directory: String, maxFileBytes: Int64) async throws -> MultipartUpload where Body.Element == ByteBuffer {
        var parser = Parser(boundary: boundary, directory: directory, maxFileBytes: maxFileBytes)
        do {
            for try await chunk in body {
                try parser.feed(Array(chunk.readableBytesView))
                if parser.finished { break }
            }
            guard parser.finished else { throw Failure.malformed }
            parser.closeFile()
            return parser.result
        } catch {
            parser.closeFile()
            if let p = parser.result.filePath { try? FileManager.default.removeItem(atPath: p) }
            if error is Failure { throw error }
            throw Failure.malformed
        }
    }

    /// The state machine: preamble, part headers, part body, ... end.
    struct Parser {
        enum State { case preamble, headers, body, done }

        let firstDelimiter: [UInt8]
        let delimiter: [UInt8]
        let directory: String
        let maxFileBytes: Int64
        var state = State.preamble
        var buffer: [UInt8] = []
        var result = MultipartUpload()
        // The current part.
        var name: String?
        var isFile = false
        var fieldBytes: [UInt8] = []
        var handle: FileHandle?

        init(boundary: String, directory: String, maxFileBytes: Int64) {
            firstDelimiter = Array("--\(boundary)".utf8)
            delimiter = Array("\r\n--\(boundary)".utf8)
            self.directory = directory
            self.maxFileBytes = maxFileBytes
        }

        var finished: Bool { state == .done }

        mutating func feed(_ bytes: [UInt8]) throws {
            guard state != .done else { return }
            buffer.append(contentsOf: bytes)
            var progressed = true
            while progressed, state != .done {
                progressed = try step()
            }
        }

        /// One step of the state machine; false when more input is needed.
        mutating func step() throws -> Bool {
            switch state {
            case .preamble:
                // Treat the body as starting with CRLF so the first delimiter matches the general one.
                guard let i = Parser.find(firstDelimiter, in: buffer, from: 0) else {
                    if buffer.count > Self.maxPreamble { throw Failure.malformed }
                    return false
                }
                let after = i + firstDelimiter.count
                guard buffer.count >= after + 2 else { return false }
                guard buffer[after] == 0x0D, buffer[after + 1] == 0x0A else { throw Failure.malformed }
                buffer.removeFirst(after + 2)
                state = .headers
                return true
            case .headers:
                guard let end = Parser.find([0x0D, 0x0A, 0x0D, 0x0A], in: buffer, from: 0) else {
                    if buffer.count > MultipartUpload.maxHeaderBytes { throw Failure.fieldTooLarge }
                    return false
                }
                let text = String(decoding: buffer[0 ..< end], as: UTF8.self)
                buffer.removeFirst(end + 4)
                try startPart(headers: text)
                state = .body
                return true
            case .body:
                if let i = Parser.find(delimiter, in: buffer, from: 0) {
                    let after = i + delimiter.count
                    guard buffer.count >= after + 2 else { return false }
                    try emit(buffer[0 ..< i])
                    try endPart()
                    if buffer[after] == 0x2D, buffer[after + 1] == 0x2D {
                        buffer.removeAll()
                        state = .done
                    } else if buffer[after] == 0x0D, buffer[after + 1] == 0x0A {
                        buffer.removeFirst(after + 2)
                        state = .headers
                    } else {
                        throw Failure.malformed
                    }
                    return true
                }
                // Keep a tail that could be the start of the delimiter.
                let keep = delimiter.count - 1
                if buffer.count > keep {
                    let n = buffer.count - keep
                    try emit(buffer[0 ..< n])
                    buffer.removeFirst(n)
                }
                return false
            case .done:
                return false
            }
        }

        static let maxPreamble = 4096

        mutating func startPart(headers: String) throws {
            name = nil
            isFile = false
            fieldBytes = []
            var fileName: String?
            for line in headers.split(separator: "\r\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-disposition" else { continue }
                let value = String(parts[1])
                name = Parser.parameter("name", in: value)
                fileName = Parser.parameter("filename", in: value)
            }
            guard name != nil else { throw Failure.malformed }
            if let fileName {
                guard result.filePath == nil else { throw Failure.twoFiles }
                isFile = true
                let path = directory + "/leaktrace-upload-" + UUID().uuidString
                guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
                      let h = FileHandle(forWritingAtPath: path) else { throw Failure.io }
                handle = h
                result.filePath = path
                // The last path component only (old browsers send a full path), at most 200 characters.
                let base = fileName.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
                result.fileName = String(base.filter { !$0.isNewline && $0 != "\u{0}" }.prefix(200))
            }
        }

        mutating func emit(_ bytes: ArraySlice<UInt8>) throws {
            guard !bytes.isEmpty else { return }
            if isFile {
                result.fileSize += Int64(bytes.count)
                guard result.fileSize <= maxFileBytes else { throw Failure.tooLarge }
                do { try handle?.write(contentsOf: Data(bytes)) } catch { throw Failure.io }
            } else {
                guard fieldBytes.count + bytes.count <= MultipartUpload.maxFieldBytes else { throw Failure.fieldTooLarge }
                fieldBytes.append(contentsOf: bytes)
            }
        }

        mutating func endPart() throws {
            if isFile {
                closeFile()
            } else if let name {
                result.fields[name] = String(decoding: fieldBytes, as: UTF8.self)
            }
            name = nil
            isFile = false
            fieldBytes = []
        }

        mutating func closeFile() {
            try? handle?.close()
            handle = nil
        }

        /// `name="value"` in a Content-Disposition value (quoted or bare).
        static func parameter(_ key: String, in value: String) -> String? {
            let scalars = Array(value)
            var i = 0
            while i < scalars.count {
                // Skip to the start of a parameter.
                while i < scalars.count, scalars[i] == ";" || scalars[i] == " " || scalars[i] == "\t" { i += 1 }
                var k = ""
                while i < scalars.count, scalars[i] != "=", scalars[i] != ";" { k.append(scalars[i]); i += 1 }
                var v = ""
                if i < scalars.count, scalars[i] == "=" {
                    i += 1
                    if i < scalars.count, scalars[i] == "\"" {
                        i += 1
                        while i < scalars.count, scalars[i] != "\"" {
                            // Only an escaped quote is unescaped: browsers send Windows paths' backslashes as they are.
                            if scalars[i] == "\\", i + 1 < scalars.count, scalars[i + 1] == "\"" { i += 1 }
                            v.append(scalars[i]); i += 1
                        }
                        i += 1
                    } else {
                        while i < scalars.count, scalars[i] != ";" { v.append(scalars[i]); i += 1 }
                    }
                }
                if k.trimmingCharacters(in: .whitespaces).lowercased() == key { return v }
                while i < scalars.count, scalars[i] != ";" { i += 1 }
            }
            return nil
        }

        /// The first index of `needle` in `hay` at or after `from`.
        static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
            guard let first = needle.first, hay.count >= needle.count else { return nil }
            var i = from
            let last = hay.count - needle.count
            return hay.withUnsafeBufferPointer { h in
                needle.withUnsafeBufferPointer { n in
                    while i <= last {
                        if h[i] == first {
                            var j = 1
                            while j < n.count, h[i + j] == n[j] { j += 1 }
                            if j == n.count { return i }
                        }
                        i += 1
                    }
                    return nil
                }
            }
        }
    }
}
