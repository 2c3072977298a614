import Crypto
import Foundation
import LeakTraceCore

/// A payload-agnostic, append-only, hash-chained log signed with Ed25519 (`Curve25519.Signing`).
///
/// One JSON object per line:
/// `{"seq":N,"time":"…","prev":"<hex sha256>","payload":<JSON text>,"hash":"<hex>","sig":"<hex>"}`
/// where `hash = SHA-256("leaktrace-chain/v1" ‖ seq ‖ time ‖ prev ‖ payload bytes)` and `sig` is the
/// Ed25519 signature of the 32 hash bytes. Line 0 is a genesis entry whose payload names the log's
/// purpose and the signer's public key. Changing, inserting, reordering or deleting any entry but
/// the last breaks the chain at that entry; a different key breaks every signature. Deleting the
/// tail is caught only against a head hash kept elsewhere (`head`).
///
/// Used by the transfer ledger; meant to be reused by the incident audit log.
public struct SignedChainLog: Sendable {
    public let path: String
    public let purpose: String

    public struct Entry: Sendable, Equatable {
        public var seq: Int
        public var time: String
        public var prev: String
        public var payload: [UInt8]
        public var hash: String
        public var signature: String
        public var line: Int
    }

    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var seq: Int?
        public var line: Int
        public var reason: String
        public var description: String { "line \(line)\(seq.map { " (entry \($0))" } ?? ""): \(reason)" }
    }

    public init(path: String, purpose: String) {
        self.path = path
        self.purpose = purpose
    }

    static let zeroHash = String(repeating: "0", count: 64)

    static func digest(seq: Int, time: String, prev: String, payload: [UInt8]) -> [UInt8] {
        var h = SHA256()
        h.update(data: Array("leaktrace-chain/v1\n\(seq)\n\(time)\n\(prev)\n".utf8))
        h.update(data: payload)
        return Array(h.finalize())
    }

    /// Reads every entry without checking it (see `verify`).
    public func entries() throws(LeakTraceError) -> [Entry] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LeakTraceError(.io, "cannot read the log", at: InputLocation(file: path))
        }
        var out: [Entry] = []
        var lineNo = 0
        for rawLine in data.split(separator: 10, omittingEmptySubsequences: false) {
            lineNo += 1
            if rawLine.isEmpty { continue }
            guard let entry = Self.parse(Array(rawLine), line: lineNo) else {
                throw LeakTraceError(.malformedInput, "not a log entry (expected one JSON object with seq, time, prev, payload, hash, sig)", at: InputLocation(file: path, line: lineNo))
            }
            out.append(entry)
        }
        return out
    }

    static func parse(_ bytes: [UInt8], line: Int) -> Entry? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) as? [String: Any],
              let seq = object["seq"] as? Int, let time = object["time"] as? String, let prev = object["prev"] as? String,
              let hash = object["hash"] as? String, let sig = object["sig"] as? String,
              let payloadObject = object["payload"],
              let payload = rawPayload(bytes) ?? (try? JSONSerialization.data(withJSONObject: payloadObject, options: [.sortedKeys, .fragmentsAllowed])).map({ Array($0) })
        else { return nil }
        return Entry(seq: seq, time: time, prev: prev, payload: payload, hash: hash, signature: sig, line: line)
    }

    /// The payload's exact bytes as written: between `"payload":` and `,"hash":`.
    static func rawPayload(_ line: [UInt8]) -> [UInt8]? {
        let open = Array(#","payload":"#.utf8), close = Array(#","hash":""#.utf8)
        guard let start = find(open, in: line, from: 0), let end = findLast(close, in: line), end > start + open.count else { return nil }
        return Array(line[(start + open.count) ..< end])
    }

    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard hay.count >= needle.count else { return nil }
        var i = from
        while i <= hay.count - needle.count {
            if hay[i] == needle[0], Array(hay[i ..< i + needle.count]) == needle { return i }
            i += 1
        }
        return nil
    }

    static func findLast(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        var i = hay.count - needle.count
        while i >= 0 {
            if hay[i] == needle[0], Array(hay[i ..< i + needle.count]) == needle { return i }
            i -= 1
        }
        return nil
    }

    /// Appends one payload (JSON text, one line) and returns the new entry. Creates the log, with
    /// its genesis entry, on first use.
    @discardableResult
    public func append(payload: [UInt8], signer: Curve25519.Signing.PrivateKey, time: Date = Date()) throws(LeakTraceError) -> Entry {
        guard !payload.contains(10), !payload.contains(13) else {
            throw LeakTraceError(.invalidArgument, "a log payload must be one line of JSON")
        }
        var existing = try entries()
        if existing.isEmpty {
            let genesis = #"{"log":"\#(purpose)","publicKey":"\#(Hex.encode(Array(signer.publicKey.rawRepresentation)))","version":1}"#
            let entry = try make(seq: 0, time: time, prev: Self.zeroHash, payload: Array(genesis.utf8), signer: signer)
            try write(entry, creating: true)
            existing = [entry]
        }
        let last = existing[existing.count - 1]
        let entry = try make(seq: last.seq + 1, time: time, prev: last.hash, payload: payload, signer: signer)
        try write(entry, creating: false)
        return entry
    }

    func make(seq: Int, time: Date, prev: String, payload: [UInt8], signer: Curve25519.Signing.PrivateKey) throws(LeakTraceError) -> Entry {
        let stamp = ISO8601DateFormatter().string(from: time)
        let digest = Self.digest(seq: seq, time: stamp, prev: prev, payload: payload)
        let signature: Data
        do { signature = try signer.signature(for: digest) } catch {
            throw LeakTraceError(.io, "cannot sign the log entry")
        }
        return Entry(seq: seq, time: stamp, prev: prev, payload: payload, hash: Hex.encode(digest), signature: Hex.encode(Array(signature)), line: 0)
    }

    func write(_ entry: Entry, creating: Bool) throws(LeakTraceError) {
        var line = Array(#"{"seq":\#(entry.seq),"time":"\#(entry.time)","prev":"\#(entry.prev)","payload":"#.utf8)
        line += entry.payload
        line += Array(#","hash":"\#(entry.hash)","sig":"\#(entry.signature)"}"#.utf8)
        line.append(10)
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw LeakTraceError(.io, "cannot create the log", at: InputLocation(file: path))
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw LeakTraceError(.io, "cannot open the log for appending", at: InputLocation(file: path))
        }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
            try handle.close()
        } catch {
            throw LeakTraceError(.io, "cannot append to the log", at: InputLocation(file: path))
        }
    }

    /// The public key recorded in the genesis entry.
    public func recordedPublicKey() throws(LeakTraceError) -> Curve25519.Signing.PublicKey? {
        guard let genesis = try entries().first,
              let object = try? JSONSerialization.jsonObject(with: Data(genesis.payload)) as? [String: Any],
              let hex = object["publicKey"] as? String, let raw = Hex.decode(hex) else { return nil }
        return try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
    }

    /// Checks every entry: sequence, chain link, hash and signature under `publicKey` (the one the
    /// genesis entry names when nil). Returns the problems found, first one first; empty when intact.
    public func verify(publicKey: Curve25519.Signing.PublicKey?) throws(LeakTraceError) -> [Problem] {
        let all = try entries()
        guard !all.isEmpty else { return [] }
        let recorded = try recordedPublicKey()
        guard let key = publicKey ?? recorded else {
            return [Problem(seq: 0, line: all[0].line, reason: "the genesis entry names no valid public key")]
        }
        var problems: [Problem] = []
        var prevHash = Self.zeroHash
        for (i, e) in all.enumerated() {
            if e.seq != i { problems.append(Problem(seq: e.seq, line: e.line, reason: "sequence number \(e.seq) where \(i) was expected (entry inserted, removed or reordered)")) }
            if e.prev != prevHash { problems.append(Problem(seq: e.seq, line: e.line, reason: "does not link to the previous entry's hash (the previous entry was changed or removed)")) }
            let digest = Self.digest(seq: e.seq, time: e.time, prev: e.prev, payload: e.payload)
            if Hex.encode(digest) != e.hash {
                problems.append(Problem(seq: e.seq, line: e.line, reason: "content does not match its hash (the entry was changed)"))
            }
            if let sig = Hex.decode(e.signature) {
                if !key.isValidSignature(sig, for: Hex.decode(e.hash) ?? []) {
                    problems.append(Problem(seq: e.seq, line: e.line, reason: "signature does not verify under the ledger's public key"))
                }
            } else {
                problems.append(Problem(seq: e.seq, line: e.line, reason: "signature is not hex"))
            }
            prevHash = e.hash
        }
        return problems
    }

    /// The last entry's hash: publish or store it elsewhere to detect removal of the tail.
    public func head() throws(LeakTraceError) -> String? { try entries().last?.hash }
}
