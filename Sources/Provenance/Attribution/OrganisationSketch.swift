import Crypto
import Foundation
import LeakTraceCore
import Triage

/// The investigation key: one 32-byte secret per investigation, derived by the investigator from
/// a master key with HKDF (label `sketch/<investigation>/v1`) and handed to every organisation
/// of that case, so their sketches are comparable with each other and with the leak's, and with
/// nothing else.
public struct InvestigationKey: Sendable {
    public let investigation: String
    public let prf: PRF64
    /// A short public identifier of the key (never the key).
    public let keyId: String

    /// Derives the key of `investigation` from a master key ring.
    public static func derive(from ring: KeyRing, investigation: String) throws(LeakTraceError) -> [UInt8] {
        try validate(investigation)
        return ring.purposeKey(label(investigation)).withUnsafeBytes { Array($0) }
    }

    public static func label(_ investigation: String) -> String { "sketch/\(investigation)/v1" }

    static func validate(_ investigation: String) throws(LeakTraceError) {
        guard !investigation.isEmpty, investigation.utf8.count <= 128,
              investigation.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0" ... "9").contains($0) || "-_.".unicodeScalars.contains($0)) })
        else {
            throw LeakTraceError(.invalidArgument, "an investigation id is 1 to 128 ASCII letters, digits, '-', '_' or '.'")
        }
    }

    /// The key of `investigation` from its 32 bytes.
    public init(bytes: [UInt8], investigation: String) throws(LeakTraceError) {
        try InvestigationKey.validate(investigation)
        let ring = try KeyRing(master: bytes)
        self.investigation = investigation
        // The hashing key is one more HKDF step away from the shared bytes, bound to the id, so a
        // key file used with the wrong investigation id gives unrelated hashes (and another key id).
        self.prf = ring.prf(InvestigationKey.label(investigation))
        var h = HMAC<SHA256>(key: ring.purposeKey(InvestigationKey.label(investigation) + "/key-id"))
        h.update(data: Array("leaktrace investigation key id".utf8))
        self.keyId = Hex.encode(Array(h.finalize()).prefix(8))
    }

    /// Reads an investigation key file (64 hex digits, mode 0600).
    public init(file path: String, investigation: String) throws(LeakTraceError) {
        let text = try SecretFile.read(path, what: "the investigation key", hint: "make one with `leaktrace sketch key --investigation ID --master FILE --out FILE`")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Hex.decode(text), bytes.count == 32 else {
            throw LeakTraceError(.invalidArgument, "\(path): expected 64 hex digits (an investigation key)", at: InputLocation(file: path))
        }
        try self.init(bytes: bytes, investigation: investigation)
    }

    /// The keyed hash of one identity key: domain tag = the lookup type.
    @inline(__always)
    public func hash(_ type: LookupType, _ canonical: Sensitive<String>) -> UInt64 {
        prf(type.rawValue, canonical.value)
    }

    /// The keyed hash of a versioned key: a phone number with the SIM (ICCID) it had.
    @inline(__always)
    public func versionHash(phone: Sensitive<String>, iccid: Sensitive<String>) -> UInt64 {
        prf(0x10, phone.value + "|" + iccid.value)
    }
}

/// What an organisation hands the investigator: FracMinHash sketches of the keyed hashes of its
/// customers' identity keys, and optionally its join/leave ledger and SIM versions for dating.
/// No raw value and no unkeyed hash is stored: only 64-bit HMAC outputs under the investigation
/// key, and day numbers.
public struct OrganisationSketch: Sendable, Codable {
    public static let formatName = "leaktrace-org-sketch/1"

    public var format: String
    public var organisation: String
    public var investigation: String
    public var keyId: String
    /// One hash in `scale` kept (FracMinHash).
    public var scale: UInt64
    public var records: Int
    public var created: String
    /// Per identity type (`mykad`, `phone`, `email`): kept hashes, sorted.
    public var identity: [String: HashColumn]
    /// Join/leave ledger: per identity type, customers kept at `datingScale` with their
    /// activation and deactivation days. Absent when the data had no activation dates.
    public var dating: IntervalColumns.Ledger?
    /// Versioned keys phone‖ICCID kept at `datingScale`, each with the days its SIM was current.
    public var versions: IntervalColumns?

    public init(organisation: String, investigation: String, keyId: String, scale: UInt64, records: Int, created: String,
                identity: [String: HashColumn], dating: IntervalColumns.Ledger?, versions: IntervalColumns?) {
        self.format = OrganisationSketch.formatName
        self.organisation = organisation
        self.investigation = investigation
        self.keyId = keyId
        self.scale = scale
        self.records = records
        self.created = created
        self.identity = identity
        self.dating = dating
        self.versions = versions
    }

    /// The identity sketch of one type, if the organisation has that key.
    public func sketch(_ type: LookupType) -> FracMinHash? {
        identity[type.name].map { FracMinHash(scale: scale, hashes: $0.hashes) }
    }

    public func write(to path: String) throws(LeakTraceError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            let data = try encoder.encode(self)
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw LeakTraceError(.io, "cannot write the sketch \(path): \(error.localizedDescription)", at: InputLocation(file: path))
        }
    }

    public static func read(_ path: String) throws(LeakTraceError) -> OrganisationSketch {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw LeakTraceError(.io, "cannot read the sketch \(path)", at: InputLocation(file: path))
        }
        let sketch: OrganisationSketch
        do { sketch = try JSONDecoder().decode(OrganisationSketch.self, from: data) } catch {
            throw LeakTraceError(.malformedInput, "\(path) is not a LeakTrace organisation sketch (\(OrganisationSketch.formatName))", at: InputLocation(file: path))
        }
        guard sketch.format == formatName else {
            throw LeakTraceError(.unsupportedFormat, "\(path): sketch format \(sketch.format), this build reads \(formatName)", at: InputLocation(file: path))
        }
        guard sketch.scale >= 1 else { throw LeakTraceError(.malformedInput, "\(path): scale must be at least 1", at: InputLocation(file: path)) }
        return sketch
    }
}

extension LookupType {
    /// The name used in sketch files and reports.
    public var name: String {
        switch self {
        case .mykad: "mykad"
        case .phone: "phone"
        case .email: "email"
        }
    }
}

/// Sorted 64-bit hashes, stored as base64 of little-endian bytes (compact and exact: JSON numbers
/// lose precision above 2⁵³).
public struct HashColumn: Sendable, Codable, Equatable {
    public var hashes: [UInt64]

    public init(hashes: [UInt64]) { self.hashes = hashes }

    enum CodingKeys: String, CodingKey { case count, hashes }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let count = try c.decode(Int.self, forKey: .count)
        hashes = try Packed.decode(UInt64.self, c.decode(String.self, forKey: .hashes), count: count, codingPath: c.codingPath)
        guard zip(hashes, hashes.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "hashes not sorted"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(hashes.count, forKey: .count)
        try c.encode(Packed.encode(hashes), forKey: .hashes)
    }
}

/// Hashes with the day interval each was current (`from ..< to`, days since 1970-01-01,
/// `to` = Int32.max while still current), sorted by hash.
public struct IntervalColumns: Sendable, Codable, Equatable {
    /// Per identity type, with the scale they were sampled at.
    public struct Ledger: Sendable, Codable, Equatable {
        public var scale: UInt64
        public var types: [String: IntervalColumns]
    }

    public var scale: UInt64
    public var hashes: [UInt64]
    public var from: [Int32]
    public var to: [Int32]

    public init(scale: UInt64, entries: [(hash: UInt64, from: Int32, to: Int32)]) {
        let sorted = entries.sorted { ($0.hash, $0.from) < ($1.hash, $1.from) }
        self.scale = scale
        hashes = sorted.map(\.hash)
        from = sorted.map(\.from)
        to = sorted.map(\.to)
    }

    enum CodingKeys: String, CodingKey { case scale, count, hashes, from, to }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        scale = try c.decode(UInt64.self, forKey: .scale)
        let count = try c.decode(Int.self, forKey: .count)
        hashes = try Packed.decode(UInt64.self, c.decode(String.self, forKey: .hashes), count: count, codingPath: c.codingPath)
        from = try Packed.decode(Int32.self, c.decode(String.self, forKey: .from), count: count, codingPath: c.codingPath)
        to = try Packed.decode(Int32.self, c.decode(String.self, forKey: .to), count: count, codingPath: c.codingPath)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scale, forKey: .scale)
        try c.encode(hashes.count, forKey: .count)
        try c.encode(Packed.encode(hashes), forKey: .hashes)
        try c.encode(Packed.encode(from), forKey: .from)
        try c.encode(Packed.encode(to), forKey: .to)
    }

    /// The dating intervals, each marked with whether the leak's hash set holds its hash.
    func intervals(inLeak leak: [UInt64]) -> [SnapshotDating.Interval] {
        var out: [SnapshotDating.Interval] = []
        out.reserveCapacity(hashes.count)
        var j = 0
        for i in hashes.indices {
            let h = hashes[i]
            while j < leak.count && leak[j] < h { j += 1 }
            out.append(.init(from: from[i], to: to[i], inLeak: j < leak.count && leak[j] == h))
        }
        return out
    }
}

enum Packed {
    static func encode<T: FixedWidthInteger>(_ values: [T]) -> String {
        var data = Data(capacity: values.count * MemoryLayout<T>.size)
        for v in values { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        return data.base64EncodedString()
    }

    static func decode<T: FixedWidthInteger>(_: T.Type, _ text: String, count: Int, codingPath: [any CodingKey]) throws -> [T] {
        guard let data = Data(base64Encoded: text), data.count == count * MemoryLayout<T>.size else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "packed column of the wrong length"))
        }
        return data.withUnsafeBytes { raw in
            (0 ..< count).map { T(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
        }
    }
}
