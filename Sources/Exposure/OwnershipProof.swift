import Crypto
import Foundation
import LeakTraceCore
import Triage

/// Proof that the bearer controls one email or phone, after a one-time code: a token signed with
/// the index key's token key, holding the contact's keyed hash and an expiry. Stateless, so any
/// server of a cluster accepts it; it names no value.
public struct OwnershipProof: Sendable, Equatable {
    public var contactType: LookupType
    public var contactHash: IdentifierHash
    /// Unix seconds.
    public var expiresAt: Int64

    public init(contactType: LookupType, contactHash: IdentifierHash, expiresAt: Int64) {
        self.contactType = contactType
        self.contactHash = contactHash
        self.expiresAt = expiresAt
    }

    /// `v1.<type>.<hash hex>.<expiry>.<mac hex>`.
    public func token(key: IndexKey) -> String {
        let body = "v1.\(contactType.rawValue).\(contactHash).\(expiresAt)"
        return body + "." + key.tokenHash(body, purpose: "ownership-proof")
    }

    /// Reads and checks a token: nil if forged, damaged or expired.
    public static func verify(_ token: String, key: IndexKey, now: Int64) -> OwnershipProof? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "v1", let t = UInt8(parts[1]), let type = LookupType(rawValue: t),
              let hashBytes = Hex.decode(String(parts[2])), let hash = IdentifierHash(bytes: hashBytes),
              let expiry = Int64(parts[3]) else { return nil }
        let body = parts[0 ..< 4].joined(separator: ".")
        let expected = key.tokenHash(body, purpose: "ownership-proof")
        guard constantTimeEqual(Array(expected.utf8), Array(parts[4].utf8)), expiry > now else { return nil }
        return OwnershipProof(contactType: type, contactHash: hash, expiresAt: expiry)
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in a.indices { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}
