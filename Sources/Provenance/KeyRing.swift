import Crypto
import Foundation
import LeakTraceCore

/// An organisation's (or an investigator's) master secret and the purpose keys derived from it
/// (spec/attribution.md §8.1): HKDF-SHA256 with one label per use, so the key that orders rows in
/// an export reveals nothing about the key that makes canaries or sketches.
///
/// Labels in use: `fp/bias/v1`, `fp/sym/v1` (Tardos code), `canary/v1`, `ledger/v1`,
/// `sketch/<investigation>/v1` (investigation key, shared with the organisations of one case).
public struct KeyRing: Sendable {
    private let master: SymmetricKey

    /// 32 secret bytes.
    public init(master bytes: [UInt8]) throws(LeakTraceError) {
        guard bytes.count == 32 else {
            throw LeakTraceError(.invalidArgument, "a master key is 32 bytes (64 hex digits); this one has \(bytes.count) bytes")
        }
        master = SymmetricKey(data: bytes)
    }

    /// Reads a key file of 64 hex digits (surrounding whitespace allowed).
    public init(file path: String, what: String = "the key", hint: String = "make one with `leaktrace key init --key-file FILE`") throws(LeakTraceError) {
        let text = try SecretFile.read(path, what: what, hint: hint).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Hex.decode(text), bytes.count == 32 else {
            throw LeakTraceError(.invalidArgument, "\(path): expected 64 hex digits (a key made by `leaktrace key init`)", at: InputLocation(file: path))
        }
        try self.init(master: bytes)
    }

    /// The purpose key for `label`.
    public func purposeKey(_ label: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: master, salt: Array("leaktrace-provenance".utf8), info: Array(label.utf8), outputByteCount: 32)
    }

    /// A PRF for `label`.
    public func prf(_ label: String) -> PRF64 { PRF64(key: purposeKey(label)) }

    /// A short public identifier of the master key (for reports: which key, never the key).
    public var keyId: String {
        var h = HMAC<SHA256>(key: purposeKey("key-id/v1"))
        h.update(data: Array("leaktrace key id".utf8))
        return Hex.encode(Array(h.finalize()).prefix(8))
    }
}

/// The spec's PRF (§8.2): HMAC-SHA256 under a purpose key, first 8 bytes as a big-endian UInt64.
///
/// About 1.2M short messages per second per core: fine for sketches and marks, never on the
/// scanner's per-field path.
public struct PRF64: Sendable {
    public let key: SymmetricKey
    /// Keyed once; copied per call (the key's pads are not hashed again for every message).
    private let keyed: HMAC<SHA256>

    public init(key: SymmetricKey) {
        self.key = key
        keyed = HMAC<SHA256>(key: key)
    }

    /// PRF of a domain tag and a message.
    public func callAsFunction(_ tag: UInt8, _ message: some Sequence<UInt8>) -> UInt64 {
        var h = keyed
        h.update(data: [tag, 0x3A])
        h.update(data: Array(message))
        return h.finalize().withUnsafeBytes { raw in
            var v: UInt64 = 0
            for i in 0 ..< 8 { v = v << 8 | UInt64(raw[i]) }
            return v
        }
    }

    public func callAsFunction(_ tag: UInt8, _ text: String) -> UInt64 {
        self(tag, text.utf8)
    }
}
