import Foundation
import LeakTraceCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, bytes, count)
    #elseif canImport(Musl)
    Musl.write(fd, bytes, count)
    #else
    Darwin.write(fd, bytes, count)
    #endif
}

/// An `SMSGateway` that needs no vendor SDK: each message becomes one JSON file in an outbox
/// directory, for a separate gateway daemon (a GSM modem driver such as smstools or gammu-smsd
/// through a small adapter, or a script calling the operator's HTTP API) to pick up, send and
/// delete.
///
/// The file contract, for whoever writes the daemon:
/// - directory (and missing parents) created with mode 0700 if missing; files created with mode 0600 (they hold a
///   one-time code and a phone number);
/// - a file is written as `.<name>.tmp` and renamed to `<name>.json` when complete, so a daemon
///   that reads only `*.json` never sees half a message; names sort by creation time;
/// - content: `{"to":"+60123456789","text":"...","created":"2026-11-22T23:59:00Z"}`, UTF-8;
/// - the daemon deletes a file once sent; codes expire anyway (10 minutes by default).
public struct OutboxSMSGateway: SMSGateway {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    struct Spooled: Encodable {
        var to: String
        var text: String
        var created: String
    }

    public func send(text: String, to phone: Sensitive<String>) async throws {
        try OutboxSMSGateway.ensureDirectory(directory)
        let now = Date()
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Spooled(to: phone.value, text: text, created: f.string(from: now)))
        var g = SystemRandomNumberGenerator()
        let stamp = String(format: "%015.6f", now.timeIntervalSince1970).replacingOccurrences(of: ".", with: "-")
        let name = stamp + "-" + String(UInt64.random(in: 0 ... UInt64.max, using: &g), radix: 16)
        let temp = directory + "/." + name + ".tmp"
        let final = directory + "/" + name + ".json"
        try OutboxSMSGateway.write(data, to: temp)
        guard rename(temp, final) == 0 else {
            let e = errno
            unlink(temp)
            throw SMSError(.spoolUnavailable, errno: e)
        }
    }

    static func ensureDirectory(_ path: String) throws {
        if FileManager.default.fileExists(atPath: path) { return }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            if !FileManager.default.fileExists(atPath: path) { throw SMSError(.spoolUnavailable) }
        }
    }

    /// Creates the file with mode 0600 from the start (never readable by others, even briefly).
    static func write(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SMSError(.spoolUnavailable, errno: errno) }
        defer { close(fd) }
        var failure: Int32?
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let n = systemWrite(fd, base + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if let failure {
            unlink(path)
            throw SMSError(.spoolUnavailable, errno: failure)
        }
        guard fsync(fd) == 0 else { throw SMSError(.spoolUnavailable, errno: errno) }
    }
}
