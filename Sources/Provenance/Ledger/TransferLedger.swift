import Crypto
import Foundation
import LeakTraceCore

/// One marked column of an export's slot schema.
public struct SlotColumn: Sendable, Codable, Equatable {
    public var column: String
    public var kind: FieldKind
    public var slots: [SlotKind]

    public init(column: String, kind: FieldKind, slots: [SlotKind]) {
        self.column = column
        self.kind = kind
        self.slots = slots
    }
}

/// A canary's registry entry: keyed hashes of its canonical attributes (never the values).
public struct CanaryRecord: Sendable, Codable, Equatable {
    public var id: String
    public var phone: String?
    public var email: String?
    public var mykad: String?
    public var name: String?
}

/// One ledger entry: everything needed to trace a leak back to this transfer, and no raw row value.
public struct TransferRecord: Sendable, Codable, Equatable {
    public var schema = "leaktrace.transfer/v1"
    public var transferId: String
    public var recipient: String
    public var purpose: String
    public var time: String
    public var keyId: String
    public var input: String
    public var output: String
    public var columns: [String]
    public var keyColumn: String
    public var rowCount: Int
    public var markedRows: Int
    public var fileSHA256: String
    public var order: String
    public var cutoff: Double
    public var slotSchema: [SlotColumn]
    public var canaryPhoneRange: [String]?
    public var canaryEmailDomain: String?
    /// Global allocation index of this transfer's first canary (contact points are allocated
    /// without repeats across the ledger).
    public var canaryBase: Int
    public var canaries: [CanaryRecord]
    /// FracMinHash (s = 1/64) of the row keys, keyed with `ledger/v1`.
    public var rowKeySketchScale: UInt64
    public var rowKeySketch: [UInt64]
}

/// The transfer ledger: a ``SignedChainLog`` of ``TransferRecord`` payloads, signed with the
/// Ed25519 key derived from the master key's `ledger/v1` purpose key.
public struct TransferLedger: Sendable {
    public let log: SignedChainLog

    public init(path: String) {
        log = SignedChainLog(path: path, purpose: "leaktrace transfer ledger")
    }

    /// The signing key of a key ring's ledger.
    public static func signingKey(_ keys: KeyRing) -> Curve25519.Signing.PrivateKey {
        let raw = keys.purposeKey("ledger/v1").withUnsafeBytes { Array($0) }
        // 32 bytes always make a valid Ed25519 seed.
        return try! Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    public func append(_ record: TransferRecord, keys: KeyRing) throws(LeakTraceError) {
        let data: Data
        do { data = try Self.encoder.encode(record) } catch {
            throw LeakTraceError(.invalidArgument, "cannot encode the ledger entry")
        }
        try log.append(payload: Array(data), signer: Self.signingKey(keys))
    }

    /// Every transfer record with its sequence number (the genesis entry is skipped).
    public func records() throws(LeakTraceError) -> [(seq: Int, record: TransferRecord)] {
        var out: [(Int, TransferRecord)] = []
        for e in try log.entries() where e.seq > 0 {
            guard let r = try? JSONDecoder().decode(TransferRecord.self, from: Data(e.payload)) else {
                throw LeakTraceError(.malformedInput, "ledger entry \(e.seq) is not a transfer record", at: InputLocation(file: log.path, line: e.line))
            }
            out.append((e.seq, r))
        }
        return out
    }

    /// The number of canary contact points allocated so far.
    public func canariesAllocated() throws(LeakTraceError) -> Int {
        try records().map { $0.record.canaryBase + $0.record.canaries.count }.max() ?? 0
    }
}
