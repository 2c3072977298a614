import Crypto
import Foundation
import LeakTraceCore

/// Evidence files stored content-addressed: `ROOT/sha256/ab/abcdef…` (the full SHA-256 in hex),
/// read-only (0400) once written, never overwritten. Files are streamed through SHA-256 while
/// copied, so any size is fine; a copy is written beside its final name and renamed only when
/// its hash is known, so a killed ingest leaves no half file under a hash name.
///
/// The vault keeps bytes, not meaning: what an item is, who acquired it and its custody live in
/// the incident store. Leaked datasets are personal data: the vault directory is created 0700.
public struct EvidenceVault: Sendable {
    public let root: String

    public init(root: String) {
        self.root = root
    }

    static let chunk = 1 << 20

    /// The file path of the content with this SHA-256.
    public func path(for sha256: String) -> String {
        let prefix = String(sha256.prefix(2))
        return "\(root)/sha256/\(prefix)/\(sha256)"
    }

    /// Copies the file at `source` into the vault (if its content is not there already) and returns
    /// its SHA-256 and size.
    ///
    /// - Throws: `LeakTraceError` `.io` naming the file when it cannot be read or stored.
    public func ingest(fileAt source: String) throws(LeakTraceError) -> (sha256: String, size: Int64) {
        let fm = FileManager.default
        guard let input = FileHandle(forReadingAtPath: source) else {
            throw LeakTraceError(.io, "cannot read the evidence file", at: InputLocation(file: source))
        }
        defer { try? input.close() }
        let staging = "\(root)/staging"
        do {
            try fm.createDirectory(atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw LeakTraceError(.io, "cannot create the evidence vault at \(root)")
        }
        let temp = "\(staging)/\(UUID().uuidString)"
        guard fm.createFile(atPath: temp, contents: nil, attributes: [.posixPermissions: 0o600]),
              let output = FileHandle(forWritingAtPath: temp) else {
            throw LeakTraceError(.io, "cannot write into the evidence vault at \(root)")
        }
        var hasher = SHA256()
        var size: Int64 = 0
        do {
            while true {
                guard let data = try input.read(upToCount: Self.chunk), !data.isEmpty else { break }
                hasher.update(data: data)
                size += Int64(data.count)
                try output.write(contentsOf: data)
            }
            try output.synchronize()
            try output.close()
        } catch {
            try? output.close()
            try? fm.removeItem(atPath: temp)
            throw LeakTraceError(.io, "cannot copy the evidence file into the vault (read or write failed after \(size) bytes)", at: InputLocation(file: source, byteOffset: Int(size)))
        }
        let sha = Hex.encode(Array(hasher.finalize()))
        let final = path(for: sha)
        do {
            if fm.fileExists(atPath: final) {
                try fm.removeItem(atPath: temp)
            } else {
                try fm.createDirectory(atPath: (final as NSString).deletingLastPathComponent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                try fm.moveItem(atPath: temp, toPath: final)
                try fm.setAttributes([.posixPermissions: 0o400], ofItemAtPath: final)
            }
        } catch {
            try? fm.removeItem(atPath: temp)
            throw LeakTraceError(.io, "cannot store the evidence file in the vault at \(root)")
        }
        return (sha, size)
    }

    /// Stores bytes produced by LeakTrace itself (a report, an attribution result) as evidence.
    public func ingest(bytes: [UInt8], name: String) throws(LeakTraceError) -> (sha256: String, size: Int64) {
        let staging = "\(root)/staging"
        try? FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temp = "\(staging)/\(UUID().uuidString)-\(name.filter { $0.isLetter || $0.isNumber || $0 == "." })"
        guard FileManager.default.createFile(atPath: temp, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw LeakTraceError(.io, "cannot write into the evidence vault at \(root)")
        }
        defer { try? FileManager.default.removeItem(atPath: temp) }
        return try ingest(fileAt: temp)
    }

    /// Re-reads the stored content with this SHA-256 and hashes it again: nil when the file is
    /// missing, else what it hashes to now and its size.
    public func rehash(sha256: String) throws(LeakTraceError) -> (sha256: String, size: Int64)? {
        let p = path(for: sha256)
        guard FileManager.default.fileExists(atPath: p) else { return nil }
        guard let input = FileHandle(forReadingAtPath: p) else {
            throw LeakTraceError(.io, "cannot read the stored evidence file", at: InputLocation(file: p))
        }
        defer { try? input.close() }
        var hasher = SHA256()
        var size: Int64 = 0
        do {
            while true {
                guard let data = try input.read(upToCount: Self.chunk), !data.isEmpty else { break }
                hasher.update(data: data)
                size += Int64(data.count)
            }
        } catch {
            throw LeakTraceError(.io, "cannot read the stored evidence file", at: InputLocation(file: p, byteOffset: Int(size)))
        }
        return (Hex.encode(Array(hasher.finalize())), size)
    }
}
