import Crypto
import Foundation
import LeakTraceCore

/// File writing for the court pack: every file is written once, hashed as written, and listed
/// for MANIFEST.sha256. Errors name the pack's relative path, never file contents.
struct PackWriter {
    let root: String
    private(set) var written: [CourtPack.PackFile] = []

    /// Creates the pack directory (0700: the pack may hold evidence, which is personal data).
    /// Refuses a directory that exists and is not empty, so a pack is never half-overwritten.
    init(root: String) throws(LeakTraceError) {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: root, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw LeakTraceError(.invalidArgument, "the pack destination exists and is not a directory", at: InputLocation(file: root))
            }
            let contents = (try? fm.contentsOfDirectory(atPath: root)) ?? ["?"]
            guard contents.isEmpty else {
                throw LeakTraceError(.invalidArgument, "the pack directory is not empty; choose a new one", at: InputLocation(file: root))
            }
        }
        do {
            try fm.createDirectory(atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw LeakTraceError(.io, "cannot create the pack directory", at: InputLocation(file: root))
        }
        self.root = root
    }

    mutating func write(_ relative: String, _ text: String) throws(LeakTraceError) {
        try write(relative, Data(text.utf8))
    }

    mutating func write(_ relative: String, _ data: Data) throws(LeakTraceError) {
        let path = try prepare(relative)
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw LeakTraceError(.io, "cannot write \(relative) in the pack", at: InputLocation(file: root))
        }
        written.append(CourtPack.PackFile(path: relative, sha256: Hex.encode(Array(SHA256.hash(data: data))), size: Int64(data.count)))
    }

    /// Copies a file in streaming, hashing as it goes; returns the hash of what was written.
    mutating func copy(from source: String, to relative: String) throws(LeakTraceError) -> CourtPack.PackFile {
        let path = try prepare(relative)
        let fm = FileManager.default
        guard let input = FileHandle(forReadingAtPath: source) else {
            throw LeakTraceError(.io, "cannot read a stored evidence file for \(relative)", at: InputLocation(file: source))
        }
        defer { try? input.close() }
        guard fm.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let output = FileHandle(forWritingAtPath: path) else {
            throw LeakTraceError(.io, "cannot write \(relative) in the pack", at: InputLocation(file: root))
        }
        var hasher = SHA256()
        var size: Int64 = 0
        do {
            while true {
                guard let data = try input.read(upToCount: 1 << 20), !data.isEmpty else { break }
                hasher.update(data: data)
                size += Int64(data.count)
                try output.write(contentsOf: data)
            }
            try output.close()
        } catch {
            try? output.close()
            try? fm.removeItem(atPath: path)
            throw LeakTraceError(.io, "copying into \(relative) failed after \(size) bytes", at: InputLocation(file: source))
        }
        let file = CourtPack.PackFile(path: relative, sha256: Hex.encode(Array(hasher.finalize())), size: size)
        written.append(file)
        return file
    }

    /// Removes a file written by `copy` that turned out wrong.
    mutating func discard(_ relative: String) {
        try? FileManager.default.removeItem(atPath: root + "/" + relative)
        written.removeAll { $0.path == relative }
    }

    private func prepare(_ relative: String) throws(LeakTraceError) -> String {
        let path = root + "/" + relative
        let dir = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw LeakTraceError(.io, "cannot create the folder for \(relative) in the pack", at: InputLocation(file: root))
        }
        return path
    }
}

/// HTML text escaping for the pack's pages.
enum HTML {
    static func escape(_ s: String) -> String {
        HTMLText.escape(s)
    }

    /// A table with escaped cells; an empty table says so.
    static func table(_ headers: [String], _ rows: [[String]], empty: String) -> String {
        guard !rows.isEmpty else { return "<p class=\"none\">\(escape(empty))</p>\n" }
        var out = "<table>\n<thead><tr>" + headers.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    /// Key–value rows.
    static func facts(_ rows: [(String, String)]) -> String {
        var out = "<table class=\"facts\">\n"
        for (k, v) in rows {
            out += "<tr><th>\(escape(k))</th><td>\(escape(v))</td></tr>\n"
        }
        return out + "</table>\n"
    }

    static let style = """
    <style>
    body { font-family: "Noto Serif", Georgia, serif; font-size: 11pt; line-height: 1.4; margin: 2em auto; max-width: 60em; color: #000; }
    h1 { font-size: 16pt; } h2 { font-size: 13pt; border-bottom: 1px solid #444; margin-top: 1.6em; }
    table { border-collapse: collapse; width: 100%; margin: 0.5em 0; }
    th, td { border: 1px solid #888; padding: 0.2em 0.4em; text-align: left; vertical-align: top; }
    th { background: #eee; } table.facts th { width: 14em; }
    .hash, td { overflow-wrap: anywhere; } .none { font-style: italic; }
    .banner { border: 2px solid #000; padding: 0.5em; margin: 1em 0; }
    .blank { display: inline-block; min-width: 22em; border-bottom: 1px solid #000; }
    @page { size: A4; margin: 18mm 15mm; }
    @media print {
      body { margin: 0; max-width: none; font-size: 9.5pt; }
      tr, .keep { page-break-inside: avoid; }
      h2 { page-break-after: avoid; }
      a { color: #000; text-decoration: none; }
    }
    </style>
    """
}

/// Local times for the pack's pages: the UTC instant and the case's zone side by side.
enum PackTime {
    static func utc(_ date: Date) -> String { ExchangeTime.rfc3339(date) }

    /// `2026-11-23 13:27:22 +08:00 (Asia/Kuala_Lumpur)`.
    static func local(_ date: Date, _ zone: String) -> String {
        guard let tz = TimeZone(identifier: zone) else { return utc(date) }
        let offset = tz.secondsFromGMT(for: date)
        let shifted = ExchangeTime.rfc3339(date.addingTimeInterval(TimeInterval(offset)))
        let sign = offset < 0 ? "-" : "+"
        let hh = ExchangeTime.pad(abs(offset) / 3600, 2), mm = ExchangeTime.pad(abs(offset) % 3600 / 60, 2)
        let body = shifted.prefix(19).replacingOccurrences(of: "T", with: " ")
        return "\(body) \(sign)\(hh):\(mm) (\(zone))"
    }

    static func both(_ date: Date, _ zone: String) -> String {
        "\(utc(date)) / \(local(date, zone))"
    }
}
