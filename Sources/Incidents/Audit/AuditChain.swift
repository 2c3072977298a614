import Crypto
import Foundation
import LeakTraceCore

/// The audit log's hash chain and its signed checkpoints (spec/response-regulation.md §6,
/// "tamper-evident logs"): each entry commits to the previous one, so changing, removing or
/// reordering any entry breaks the chain there; a checkpoint signs (size, head) with Ed25519, so a
/// removed tail or a rewritten history shows against any checkpoint taken before.
public enum AuditChain {
    public static let zeroHash = String(repeating: "0", count: 64)

    /// The digest of an entry's content: `leaktrace-audit-content/v1`, then each content field
    /// (seq, time, actor, organisationID, caseID, action, target, detail) length-prefixed so no two
    /// field lists give the same bytes. A missing caseID is the single byte 00.
    public static func contentDigest(of e: AuditEntry) -> String {
        var h = SHA256()
        h.update(data: Array("leaktrace-audit-content/v1\n".utf8))
        for field in [String(e.seq), e.time, e.actor, e.organisationID, e.caseID ?? "\u{0}", e.action, e.target, e.detail] {
            lengthPrefixed(field, into: &h)
        }
        return Hex.encode(Array(h.finalize()))
    }

    /// The chain hash of an entry from its seq, content digest and the previous entry's hash:
    /// `leaktrace-audit/v1`, then seq, contentDigest and prev, each length-prefixed. Two levels, so
    /// the chain can be recomputed from links (`AuditLink`) without any entry's content.
    public static func hash(seq: Int, contentDigest: String, prev: String) -> String {
        var h = SHA256()
        h.update(data: Array("leaktrace-audit/v1\n".utf8))
        for field in [String(seq), contentDigest, prev] {
            lengthPrefixed(field, into: &h)
        }
        return Hex.encode(Array(h.finalize()))
    }

    /// The entry's hash: `hash(seq:contentDigest:prev:)` over its content digest.
    public static func hash(of e: AuditEntry) -> String {
        hash(seq: e.seq, contentDigest: contentDigest(of: e), prev: e.prev)
    }

    /// The entry as a link of the chain: its seq, content digest, prev and stored hash, without
    /// its content.
    public static func link(of e: AuditEntry) -> AuditLink {
        AuditLink(seq: e.seq, contentDigest: contentDigest(of: e), prev: e.prev, hash: e.hash)
    }

    private static func lengthPrefixed(_ field: String, into h: inout SHA256) {
        let bytes = Array(field.utf8)
        h.update(data: Array("\(bytes.count):".utf8))
        h.update(data: bytes)
    }

    /// A new entry after `previous` (nil for the first), hashed.
    public static func entry(after previous: AuditEntry?, time: Date, actor: String, organisationID: String, caseID: String?, action: String, target: String, detail: String) -> AuditEntry {
        var e = AuditEntry(
            seq: (previous?.seq ?? 0) + 1, time: timestamp(time), actor: actor, organisationID: organisationID,
            caseID: caseID, action: action, target: target, detail: detail,
            prev: previous?.hash ?? zeroHash, hash: ""
        )
        e.hash = hash(of: e)
        return e
    }

    /// RFC 3339 UTC with milliseconds.
    public static func timestamp(_ date: Date) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let milli = Int(ms - secs * 1000)
        let days = Int(secs >= 0 ? secs / 86400 : (secs - 86399) / 86400)
        let rem = Int(secs - Int64(days) * 86400)
        let d = CivilDate(daysSinceEpoch: days)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let m = milli < 10 ? "00\(milli)" : milli < 100 ? "0\(milli)" : "\(milli)"
        return "\(d.year)-\(two(d.month))-\(two(d.day))T\(two(rem / 3600)):\(two(rem % 3600 / 60)):\(two(rem % 60)).\(m)Z"
    }

    /// The bytes a checkpoint signs: origin, size and head, one per line (C2SP checkpoint body).
    public static func checkpointMessage(size: Int, head: String, time: String) -> [UInt8] {
        Array("leaktrace-audit/v1\n\(size)\n\(head)\n\(time)\n".utf8)
    }

    /// A short public id of a signing key: hex of the first 8 bytes of SHA-256 of the raw key.
    public static func keyID(_ key: Curve25519.Signing.PublicKey) -> String {
        Hex.encode(Array(SHA256.hash(data: key.rawRepresentation).prefix(8)))
    }

    /// Signs the chain's state at `head` (the entry with the highest seq).
    public static func checkpoint(head: AuditEntry, time: Date, signer: Curve25519.Signing.PrivateKey) throws(LeakTraceError) -> AuditCheckpoint {
        let stamp = timestamp(time)
        let message = checkpointMessage(size: head.seq, head: head.hash, time: stamp)
        let signature: Data
        do { signature = try signer.signature(for: message) } catch {
            throw LeakTraceError(.io, "cannot sign the audit checkpoint")
        }
        return AuditCheckpoint(
            size: head.seq, head: head.hash, time: stamp, keyID: keyID(signer.publicKey),
            publicKey: Hex.encode(Array(signer.publicKey.rawRepresentation)), signature: Hex.encode(Array(signature))
        )
    }

    /// One thing wrong with the log, naming the entry (by seq) or checkpoint (by size).
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var seq: Int?
        public var checkpointSize: Int?
        public var reason: String
        public var description: String {
            if let seq { return "audit entry \(seq): \(reason)" }
            if let checkpointSize { return "checkpoint at size \(checkpointSize): \(reason)" }
            return reason
        }
    }

    /// Checks the whole log from entry 1: numbering, links, hashes; then every checkpoint's
    /// signature (under `trustedKey`, or the key each checkpoint names when nil) and that the
    /// entry at its size still has the head it signed, and that no entry after the last
    /// checkpoint's size is missing. Returns every problem found, first first; empty when intact.
    public static func verify(entries: [AuditEntry], checkpoints: [AuditCheckpoint], trustedKey: Curve25519.Signing.PublicKey?) -> [Problem] {
        var problems: [Problem] = []
        var prev = zeroHash
        var bySeq: [Int: AuditEntry] = [:]
        for (i, e) in entries.enumerated() {
            let expected = i + 1
            if e.seq != expected {
                problems.append(Problem(seq: e.seq, reason: "numbered \(e.seq) where \(expected) was expected: an entry was removed, inserted or reordered before it"))
            }
            if e.prev != prev {
                problems.append(Problem(seq: e.seq, reason: "does not link to the entry before it (that entry was changed, removed or reordered)"))
            }
            if hash(of: e) != e.hash {
                problems.append(Problem(seq: e.seq, reason: "its content does not match its hash (the entry was changed)"))
            }
            prev = e.hash
            bySeq[e.seq] = e
        }
        let lastSeq = entries.last?.seq ?? 0
        for c in checkpoints {
            let key: Curve25519.Signing.PublicKey?
            if let trustedKey { key = trustedKey } else {
                key = Hex.decode(c.publicKey).flatMap { try? Curve25519.Signing.PublicKey(rawRepresentation: $0) }
            }
            guard let key else {
                problems.append(Problem(checkpointSize: c.size, reason: "names no valid public key"))
                continue
            }
            if let trustedKey, c.publicKey != Hex.encode(Array(trustedKey.rawRepresentation)) {
                problems.append(Problem(checkpointSize: c.size, reason: "was signed by key \(c.keyID), not the trusted key \(keyID(trustedKey))"))
            }
            let message = checkpointMessage(size: c.size, head: c.head, time: c.time)
            if !(Hex.decode(c.signature).map { key.isValidSignature($0, for: message) } ?? false) {
                problems.append(Problem(checkpointSize: c.size, reason: "its signature does not verify (the checkpoint was changed or forged)"))
            }
            if c.size > lastSeq {
                problems.append(Problem(checkpointSize: c.size, reason: "covers \(c.size) entries but the log has \(lastSeq): entries \(lastSeq + 1)...\(c.size) were removed"))
            } else if let e = bySeq[c.size], e.hash != c.head {
                problems.append(Problem(seq: c.size, reason: "differs from the signed checkpoint at size \(c.size) (the history up to it was rewritten)"))
            }
        }
        return problems
    }
}
