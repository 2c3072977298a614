#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlibInflate
import LeakTraceCore

/// A zip archive opened for reading: its central directory (zip64 included) parsed once, each
/// member's data read on demand with `pread` and inflated with zlib, bounded by the member's
/// compressed size and checked against its CRC-32.
///
/// LeakTrace reads zip data itself rather than through ZIPFoundation's `Archive.extract`: on
/// Linux that loop never ends when a member's deflate stream is cut short (the provider returns
/// no bytes and the loop asks again; weichsel/ZIPFoundation#389), and a triage tool must not spin
/// on a damaged leak. Reading is pull-based (``ZipMemberSource``), so no thread is needed and any
/// number of members can be read at once (`pread` keeps no file position).
///
/// Errors name `location` (the archive, or the archive and the entry path of a nested one) and
/// the member; no message holds member data.
final class ZipArchive: @unchecked Sendable {
    /// One central-directory record.
    struct Member: Sendable {
        var path: String
        /// A file (not a directory or a symbolic link).
        var isFile: Bool
        var method: UInt16
        var encrypted: Bool
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    let members: [Member]
    let fileSize: Int
    let location: InputLocation
    private let fd: Int32
    private let byPath: [String: Int]

    /// Opens `path` and reads its central directory; more than `maxEntries` records is an error.
    init(path: String, location: InputLocation, maxEntries: Int) throws(LeakTraceError) {
        self.location = location
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw LeakTraceError(.io, "cannot open the zip archive: \(String(cString: strerror(errno)))", at: location)
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            throw LeakTraceError(.io, "cannot stat the zip archive: \(String(cString: strerror(errno)))", at: location)
        }
        self.fd = fd
        self.fileSize = Int(info.st_size)
        do throws(LeakTraceError) {
            members = try ZipArchive.readDirectory(fd: fd, size: Int(info.st_size), location: location, maxEntries: maxEntries)
        } catch {
            close(fd)
            throw error
        }
        var index: [String: Int] = [:]
        for (i, m) in members.enumerated() where index[m.path] == nil { index[m.path] = i }
        byPath = index
    }

    deinit {
        close(fd)
    }

    /// The first member with this path (as a zip tool's lookup by name).
    subscript(path: String) -> Member? {
        byPath[path].map { members[$0] }
    }

    /// A source of the member's decompressed bytes. `entry` names the member in errors.
    func source(for member: Member, location: InputLocation, what: String, options: ReaderOptions) throws(LeakTraceError) -> ZipMemberSource {
        try ZipMemberSource(archive: self, member: member, location: location, what: what, options: options)
    }

    /// Reads up to `count` bytes at `offset`; fewer only at the end of the file.
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(LeakTraceError) -> Int {
        var total = 0
        while total < buffer.count {
            let n = pread(fd, buffer.baseAddress! + total, buffer.count - total, off_t(offset + total))
            if n < 0 {
                if errno == EINTR { continue }
                throw LeakTraceError(.io, "cannot read the zip archive at byte \(offset + total): \(String(cString: strerror(errno)))", at: location)
            }
            if n == 0 { break }
            total += n
        }
        return total
    }

    func bytes(at offset: Int, count: Int) throws(LeakTraceError) -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= fileSize else { return [] }
        var out = [UInt8](repeating: 0, count: min(count, fileSize - offset))
        let n = try out.withUnsafeMutableBytes { raw in
            Result { () throws(LeakTraceError) -> Int in try read(at: offset, into: raw) }
        }.get()
        out.removeSubrange(n...)
        return out
    }

    // MARK: - Central directory

    static let eocdSignature: UInt32 = 0x0605_4B50
    static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    static let zip64EOCDSignature: UInt32 = 0x0606_4B50
    static let centralSignature: UInt32 = 0x0201_4B50
    static let localSignature: UInt32 = 0x0403_4B50

    private static func readDirectory(fd: Int32, size: Int, location: InputLocation, maxEntries: Int) throws(LeakTraceError) -> [Member] {
        func damaged(_ what: String, at offset: Int) -> LeakTraceError {
            LeakTraceError(.malformedInput, "damaged zip central directory at byte \(offset); expected \(what)", at: location)
        }
        func readBytes(_ offset: Int, _ count: Int) -> [UInt8] {
            guard offset >= 0, count > 0, offset < size else { return [] }
            var out = [UInt8](repeating: 0, count: min(count, size - offset))
            var total = 0
            out.withUnsafeMutableBytes { raw in
                while total < raw.count {
                    let n = pread(fd, raw.baseAddress! + total, raw.count - total, off_t(offset + total))
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { break }
                    total += n
                }
            }
            out.removeSubrange(total...)
            return out
        }

        // The end-of-central-directory record: in the last 22 + 65,535 (comment) bytes.
        let tailLength = min(size, 22 + 0xFFFF)
        let tail = readBytes(size - tailLength, tailLength)
        var eocd = -1
        if tail.count >= 22 {
            var i = tail.count - 22
            while i >= 0 {
                if tail[i] == 0x50 && tail[i + 1] == 0x4B && tail[i + 2] == 5 && tail[i + 3] == 6 { eocd = i; break }
                i -= 1
            }
        }
        guard eocd >= 0 else {
            throw LeakTraceError(
                .malformedInput,
                "truncated or damaged zip: no end of central directory record; expected the zip central directory at the end of the file",
                at: location
            )
        }
        let eocdOffset = size - tailLength + eocd
        var count = Int(le16(tail, eocd + 10))
        var directorySize = Int(le32(tail, eocd + 12))
        var directoryOffset = Int(le32(tail, eocd + 16))
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // zip64: the locator sits just before the record and points at the zip64 record.
            let locator = readBytes(eocdOffset - 20, 20)
            guard locator.count == 20, le32(locator, 0) == zip64LocatorSignature else {
                throw damaged("the zip64 end of central directory locator", at: max(0, eocdOffset - 20))
            }
            let recordOffset = Int(clamping: le64(locator, 8))
            let record = readBytes(recordOffset, 56)
            guard record.count == 56, le32(record, 0) == zip64EOCDSignature else {
                throw damaged("the zip64 end of central directory record", at: recordOffset)
            }
            count = Int(clamping: le64(record, 32))
            directorySize = Int(clamping: le64(record, 40))
            directoryOffset = Int(clamping: le64(record, 48))
        }
        if count > maxEntries {
            throw LeakTraceError(
                .limitExceeded,
                "zip archive has more than \(maxEntries) entries (raise ReaderOptions.maxZipEntries, --max-zip-entries)",
                at: location
            )
        }
        guard directoryOffset <= size, directorySize <= size - directoryOffset else {
            throw damaged("a central directory inside the file (it would end past byte \(size))", at: directoryOffset)
        }
        // Record by record (names and extras only; comments are skipped): memory stays bounded
        // whatever the directory claims.
        var members: [Member] = []
        members.reserveCapacity(min(count, 4096))
        var p = directoryOffset
        let directoryEnd = directoryOffset + directorySize
        for _ in 0 ..< count {
            let fixed = readBytes(p, 46)
            guard fixed.count == 46, p + 46 <= directoryEnd, le32(fixed, 0) == centralSignature else {
                throw damaged("a central directory file header (PK 01 02)", at: p)
            }
            let madeBy = le16(fixed, 4)
            let flags = le16(fixed, 8)
            let method = le16(fixed, 10)
            let crc = le32(fixed, 16)
            var compressed = UInt64(le32(fixed, 20))
            var uncompressed = UInt64(le32(fixed, 24))
            let nameLength = Int(le16(fixed, 28))
            let extraLength = Int(le16(fixed, 30))
            let commentLength = Int(le16(fixed, 32))
            let external = le32(fixed, 38)
            var localOffset = UInt64(le32(fixed, 42))
            let end = p + 46 + nameLength + extraLength + commentLength
            let variable = readBytes(p + 46, nameLength + extraLength)
            guard end <= directoryEnd, variable.count == nameLength + extraLength else {
                throw damaged("a central directory file header that fits in the directory", at: p)
            }
            let nameBytes = Array(variable[0 ..< nameLength])
            // zip64 extended information: the 64-bit values of the fields set to all ones, in order.
            var e = nameLength
            let extraEnd = nameLength + extraLength
            while e + 4 <= extraEnd {
                let id = le16(variable, e)
                let length = Int(le16(variable, e + 2))
                let dataEnd = min(e + 4 + length, extraEnd)
                if id == 0x0001 {
                    var q = e + 4
                    if uncompressed == 0xFFFF_FFFF, q + 8 <= dataEnd { uncompressed = le64(variable, q); q += 8 }
                    if compressed == 0xFFFF_FFFF, q + 8 <= dataEnd { compressed = le64(variable, q); q += 8 }
                    if localOffset == 0xFFFF_FFFF, q + 8 <= dataEnd { localOffset = le64(variable, q); q += 8 }
                }
                e += 4 + length
            }
            let name = String(decoding: nameBytes, as: UTF8.self)
            let unixMode = (madeBy >> 8) == 3 ? (external >> 16) & 0o170000 : 0
            let isFile = !name.hasSuffix("/") && unixMode != 0o040000 && unixMode != 0o120000
            members.append(Member(
                path: name, isFile: isFile, method: method, encrypted: flags & 1 != 0, crc32: crc,
                compressedSize: Int(clamping: compressed), uncompressedSize: Int(clamping: uncompressed),
                localHeaderOffset: Int(clamping: localOffset)
            ))
            p = end
        }
        return members
    }
}

@inline(__always) func le16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
@inline(__always) func le32(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(le16(b, i)) | UInt32(le16(b, i + 2)) << 16 }
@inline(__always) func le64(_ b: [UInt8], _ i: Int) -> UInt64 { UInt64(le32(b, i)) | UInt64(le32(b, i + 4)) << 32 }

/// The decompressed bytes of one zip member, pulled: stored data is copied, deflate data is
/// inflated with zlib (raw deflate), never reading past the member's compressed size. The end of
/// the data is checked: a deflate stream that has not ended, a size other than the directory's,
/// or a CRC-32 mismatch is an error naming the member.
final class ZipMemberSource: ByteSource {
    private let archive: ZipArchive
    private let member: ZipArchive.Member
    private let location: InputLocation
    private let what: String
    private var expansion: ExpansionGuard
    /// Where the member's data starts in the archive, and how much of it has been read.
    private let dataOffset: Int
    private var compressedRead = 0
    private var produced = 0
    private var crc: uLong = crc32(0, nil, 0)
    private var finished = false
    private let input: UnsafeMutableRawBufferPointer
    private let stream: UnsafeMutablePointer<z_stream>?

    init(archive: ZipArchive, member: ZipArchive.Member, location: InputLocation, what: String, options: ReaderOptions) throws(LeakTraceError) {
        self.archive = archive
        self.member = member
        self.location = location
        self.what = what
        expansion = ExpansionGuard(location: location, what: what, options: options)
        guard !member.encrypted else {
            throw LeakTraceError(.unsupportedFormat, "encrypted zip entry; expected an unencrypted entry (decrypt the archive first)", at: location)
        }
        guard member.method == 0 || member.method == 8 else {
            throw LeakTraceError(.unsupportedFormat, "zip entry compressed with method \(member.method); expected stored (0) or deflate (8)", at: location)
        }
        // The declared size first: a bomb is refused before anything is inflated.
        try expansion.check(produced: member.uncompressedSize, compressed: member.compressedSize)
        let header = try archive.bytes(at: member.localHeaderOffset, count: 30)
        guard header.count == 30, le32(header, 0) == ZipArchive.localSignature else {
            throw LeakTraceError(.malformedInput, "damaged zip entry: no local file header at byte \(member.localHeaderOffset); expected PK 03 04", at: location)
        }
        dataOffset = member.localHeaderOffset + 30 + Int(le16(header, 26)) + Int(le16(header, 28))
        input = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 16)
        if member.method == 8 {
            let s = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            s.initialize(to: z_stream())
            let status = inflateInit2_(s, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
            guard status == Z_OK else {
                s.deallocate()
                input.deallocate()
                throw LeakTraceError(.io, "cannot start zlib inflate (status \(status))", at: location)
            }
            stream = s
        } else {
            stream = nil
        }
    }

    deinit {
        if let stream {
            inflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        input.deallocate()
    }

    /// Reads the next piece of compressed data (at most what is left of the member).
    private func readCompressed(into buffer: UnsafeMutableRawBufferPointer) throws(LeakTraceError) -> Int {
        let left = member.compressedSize - compressedRead
        guard left > 0 else { return 0 }
        let want = min(left, buffer.count)
        let n = try archive.read(at: dataOffset + compressedRead, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0 ..< want]))
        compressedRead += n
        return n
    }

    private func truncated() -> LeakTraceError {
        LeakTraceError(
            .malformedInput,
            "truncated zip entry: the data ends at compressed byte \(compressedRead) of \(member.compressedSize); expected the rest of the \(member.method == 8 ? "deflate stream" : "stored data")",
            at: location
        )
    }

    /// At the end of the data: the size and the CRC-32 must be the directory's.
    private func finish() throws(LeakTraceError) {
        finished = true
        guard produced == member.uncompressedSize else {
            throw LeakTraceError(
                .malformedInput,
                "damaged zip entry: it decompresses to \(produced) bytes, the central directory says \(member.uncompressedSize); expected the declared size",
                at: location
            )
        }
        guard UInt32(truncatingIfNeeded: crc) == member.crc32 else {
            throw LeakTraceError(.malformedInput, "damaged zip entry: CRC-32 mismatch; expected data matching the CRC-32 in the central directory", at: location)
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LeakTraceError) -> Int {
        guard !finished, buffer.count > 0 else { return 0 }
        var n = 0
        if let stream {
            let capacity = min(buffer.count, Int(UInt32.max))
            stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(capacity)
            inflating: while Int(stream.pointee.avail_out) == capacity {
                if stream.pointee.avail_in == 0 {
                    let got = try readCompressed(into: input)
                    if got == 0 { throw truncated() }
                    stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_in = uInt(got)
                }
                let status = inflate(stream, Z_NO_FLUSH)
                switch status {
                case Z_OK, Z_BUF_ERROR:
                    continue
                case Z_STREAM_END:
                    n = capacity - Int(stream.pointee.avail_out)
                    produced += n
                    crc = crc32(crc, buffer.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(n))
                    try expansion.add(n, compressed: compressedRead)
                    try finish()
                    return n
                default:
                    let message = stream.pointee.msg.map { String(cString: $0) } ?? "status \(status)"
                    throw LeakTraceError(
                        .malformedInput,
                        "corrupt zip entry data at compressed byte \(compressedRead - Int(stream.pointee.avail_in)): \(message); expected deflate data",
                        at: location
                    )
                }
            }
            n = capacity - Int(stream.pointee.avail_out)
        } else {
            n = try readCompressed(into: buffer)
            if n == 0 {
                if compressedRead < member.compressedSize { throw truncated() }
                try finish()
                return 0
            }
        }
        produced += n
        crc = crc32(crc, buffer.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(n))
        try expansion.add(n, compressed: compressedRead)
        return n
    }
}
