import Crypto
import Foundation
import LeakTraceCore
import Triage

/// The secret the index's keyed hashes are made with. It lives outside the database (a key file
/// or the environment): a stolen database, without it, confirms no identifier.
///
/// Purpose keys are derived from it with HKDF-SHA256, so one secret serves the identifier index,
/// API-key hashing and ownership codes without one use revealing another.
public struct IndexKey: Sendable {
    /// 32 random bytes.
    private let secret: SymmetricKey
    /// HMACs keyed with the purpose keys, copied per use: the key's inner and outer pads are
    /// hashed once here, not on every identifier (two of the three SHA-256 blocks of a short message).
    private let identifierMAC: HMAC<SHA256>
    private let tokenMAC: HMAC<SHA256>

    public static let environmentVariable = "LEAKTRACE_INDEX_KEY"
    public static let fileEnvironmentVariable = "LEAKTRACE_INDEX_KEY_FILE"

    public init(secret bytes: [UInt8]) throws(LeakTraceError) {
        guard bytes.count == 32 else {
            throw LeakTraceError(.invalidArgument, "an index key is 32 bytes (64 hex digits); this one has \(bytes.count) bytes")
        }
        secret = SymmetricKey(data: bytes)
        identifierMAC = HMAC<SHA256>(key: IndexKey.derive(secret, "leaktrace/identifier/v1"))
        tokenMAC = HMAC<SHA256>(key: IndexKey.derive(secret, "leaktrace/token/v1"))
    }

    private static func derive(_ secret: SymmetricKey, _ info: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: secret, salt: Array("leaktrace-index".utf8), info: Array(info.utf8), outputByteCount: 32)
    }

    /// A new random key, hex-encoded as the key file holds it.
    public static func generateHex() -> String {
        let key = SymmetricKey(size: .bits256)
        return key.withUnsafeBytes { Hex.encode($0) }
    }

    /// Parses the key file's text: 64 hex digits, surrounding whitespace allowed.
    public init(hex text: String, source: String) throws(LeakTraceError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Hex.decode(trimmed), bytes.count == 32 else {
            throw LeakTraceError(.invalidArgument, "\(source): expected 64 hex digits (an index key made by `leaktrace key init`)")
        }
        try self.init(secret: bytes)
    }

    /// The key from, in order: an explicit key file, `LEAKTRACE_INDEX_KEY` (hex),
    /// `LEAKTRACE_INDEX_KEY_FILE`, the default key file.
    public static func load(keyFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(LeakTraceError) -> IndexKey {
        if let keyFile { return try fromFile(keyFile) }
        if let hex = environment[environmentVariable] { return try IndexKey(hex: hex, source: environmentVariable) }
        if let file = environment[fileEnvironmentVariable] { return try fromFile(file) }
        return try fromFile(defaultPath(environment: environment))
    }

    static func fromFile(_ path: String) throws(LeakTraceError) -> IndexKey {
        let text = try SecretFile.read(path, what: "the index key", hint: "make one with `leaktrace key init`")
        return try IndexKey(hex: text, source: path)
    }

    /// `$XDG_CONFIG_HOME/leaktrace/index.key`, else `~/.config/leaktrace/index.key`: never beside the database.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((environment["HOME"] ?? ".") + "/.config")
        return base + "/leaktrace/index.key"
    }

    /// Writes a new key file with mode 0600; refuses to overwrite one.
    public static func create(at path: String) throws(LeakTraceError) {
        try SecretFile.create(at: path, contents: generateHex() + "\n",
                              refusal: "an index key is never overwritten (its index would become unreadable)")
    }

    // MARK: - Keyed hashes

    /// The index key of one identifier: HMAC-SHA256 over type tag and canonical form, first 16 bytes.
    public func hash(_ type: LookupType, canonical: Sensitive<String>) -> IdentifierHash {
        var h = identifierMAC
        h.update(data: [type.rawValue, 0x3A])
        h.update(data: Array(canonical.value.utf8))
        return IdentifierHash(mac: h.finalize())
    }

    /// A check value the database keeps to tell a wrong key from an empty index; reveals nothing.
    public var checkValue: String {
        var h = tokenMAC
        h.update(data: Array("leaktrace key check v1".utf8))
        return Hex.encode(Array(h.finalize()).prefix(8))
    }

    /// A keyed hash of a secret token (API key, one-time code), for storage: hex SHA-256 HMAC.
    public func tokenHash(_ token: String, purpose: String) -> String {
        var h = tokenMAC
        h.update(data: Array(purpose.utf8))
        h.update(data: [0])
        h.update(data: Array(token.utf8))
        return Hex.encode(Array(h.finalize()))
    }
}

/// A 128-bit keyed hash of one identifier: what the index stores instead of the identifier.
public struct IdentifierHash: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    init(mac: HashedAuthenticationCode<SHA256>) {
        var hi: UInt64 = 0
        var lo: UInt64 = 0
        mac.withUnsafeBytes { raw in
            for i in 0 ..< 8 { hi = hi << 8 | UInt64(raw[i]) }
            for i in 8 ..< 16 { lo = lo << 8 | UInt64(raw[i]) }
        }
        self.init(high: hi, low: lo)
    }

    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var hi: UInt64 = 0
        var lo: UInt64 = 0
        for (i, b) in bytes.enumerated() {
            if i < 8 { hi = hi << 8 | UInt64(b) } else { lo = lo << 8 | UInt64(b) }
        }
        self.init(high: hi, low: lo)
    }

    /// Big-endian bytes: the stored form (byte order = sort order).
    public var bytes: [UInt8] {
        (0 ..< 8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64($0))) } + (0 ..< 8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64($0))) }
    }

    /// The person id a record gets from its first identifier: 48 bits of that identifier's hash.
    public var personId: Int64 { Int64(high >> 16) }

    public static func < (a: IdentifierHash, b: IdentifierHash) -> Bool {
        a.high != b.high ? a.high < b.high : a.low < b.low
    }

    public var description: String { Hex.encode(bytes) }
}
