#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LeakTraceCore

/// A pull-style stream of bytes under ``DumpReader``: a file, a gzip inflater, a zip entry or a
/// transcoder to UTF-8. Sources stack: a UTF-16 transcoder reads from a gzip inflater that reads
/// from a file.
protocol ByteSource: AnyObject {
    /// Fills `buffer` with up to `buffer.count` bytes and returns how many; 0 only at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LeakTraceError) -> Int
}

extension ByteSource {
    /// Reads until `count` bytes or the end; returns the bytes read.
    ///
    /// The buffer starts at `expected` bytes (at least 256: the input's size when known, plus one
    /// to see the end without growing) or 4 KiB, and grows fourfold while it fills up, so a small input does
    /// not pay for zeroing and trimming a `count`-byte buffer. `expected` only sizes the buffer:
    /// the bytes read are the same whatever it says.
    func readUpTo(_ count: Int, expected: Int? = nil) throws(LeakTraceError) -> [UInt8] {
        var capacity = min(count, max(256, expected ?? 4096))
        var bytes = [UInt8](repeating: 0, count: capacity)
        var total = 0
        while total < count {
            if total == capacity {
                let grown = min(count, capacity * 4)
                bytes.append(contentsOf: repeatElement(0, count: grown - capacity))
                capacity = grown
            }
            let n = try bytes.withUnsafeMutableBytes { raw in
                Result { () throws(LeakTraceError) -> Int in try read(into: UnsafeMutableRawBufferPointer(rebasing: raw[total ..< capacity])) }
            }.get()
            if n == 0 { break }
            total += n
        }
        bytes.removeSubrange(total...)
        return bytes
    }
}

/// A regular file, read with `read(2)`. Closes its descriptor when released.
final class FileSource: ByteSource {
    let path: String
    let size: Int
    let fd: Int32
    /// A regular file (not a pipe, a device or `/proc`), which can be mapped.
    let isRegular: Bool
    private var offset = 0

    init(path: String) throws(LeakTraceError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw LeakTraceError(.io, "cannot open: \(String(cString: strerror(errno)))", at: InputLocation(file: path))
        }
        guard (info.st_mode & S_IFMT) != S_IFDIR else {
            throw LeakTraceError(.io, "is a directory; expected a file", at: InputLocation(file: path))
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw LeakTraceError(.io, "cannot open: \(String(cString: strerror(errno)))", at: InputLocation(file: path))
        }
        self.path = path
        self.fd = fd
        self.size = Int(info.st_size)
        self.isRegular = (info.st_mode & S_IFMT) == S_IFREG
    }

    deinit {
        close(fd)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LeakTraceError) -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            let n = systemRead(fd, buffer.baseAddress!, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw LeakTraceError(.io, "read failed: \(String(cString: strerror(errno)))", at: InputLocation(file: path, byteOffset: offset))
            }
            offset += n
            return n
        }
    }
}

/// No bytes: the source of a reader whose records come from elsewhere (a workbook).
final class EmptySource: ByteSource {
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LeakTraceError) -> Int { 0 }
}

/// Replays bytes already read (a sniffed head) before the rest of another source.
final class ReplaySource: ByteSource {
    private var head: [UInt8]
    private var position = 0
    private let rest: any ByteSource

    init(head: [UInt8], rest: any ByteSource) {
        self.head = head
        self.rest = rest
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LeakTraceError) -> Int {
        if position < head.count {
            let n = min(buffer.count, head.count - position)
            head.withUnsafeBytes { raw in
                buffer.baseAddress!.copyMemory(from: raw.baseAddress! + position, byteCount: n)
            }
            position += n
            if position == head.count {
                head = []
                position = 0
            }
            return n
        }
        return try rest.read(into: buffer)
    }
}

private func systemRead(_ fd: Int32, _ base: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(fd, base, count)
    #else
    Darwin.read(fd, base, count)
    #endif
}
