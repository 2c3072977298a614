import Foundation
import Identifiers
import LeakTraceCore

/// The implicit, infinitely long Tardos code of spec §3.7, keyed by a secret master key.
///
/// Per row (row key = canonical value of the key column, e.g. the MSISDN in E.164):
/// - `biasSeed = PRF(fp/bias/v1, rowKey)`, `symbolSeed = PRF(fp/sym/v1, recipient ‖ rowKey)`;
/// - per slot, `p = arcsine(mix(biasSeed ⊕ slotHash))` and `x = mix(symbolSeed ⊕ slotHash ⊕ c) < p`.
///
/// Two HMACs per row (plus one per recipient at trace time) instead of one per position: the
/// SplitMix finaliser expands one secret 64-bit PRF output into the row's per-slot words. That is
/// acceptable here because an adversary never sees a seed, only at most one bit per slot of
/// a handful of slots per row; recovering a 64-bit seed from them is hopeless, and rows are
/// independent because their seeds are HMAC outputs. Symbols are keyed by recipient, never by
/// transfer (§3.7), so two transfers to one recipient carry the same marks.
public struct FingerprintCode: Sendable {
    public let bias: PRF64
    public let symbol: PRF64
    public let ledger: PRF64
    public let cutoff: Double

    public init(keys: KeyRing, cutoff: Double = Tardos.defaultCutoff) {
        bias = keys.prf("fp/bias/v1")
        symbol = keys.prf("fp/sym/v1")
        ledger = keys.prf("ledger/v1")
        self.cutoff = cutoff
    }

    /// A public 64-bit constant per slot (column name and slot kind).
    public static func slotHash(column: String, slot: SlotKind) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in "\(column)/\(slot.rawValue)".utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return SplitMix.mix(h)
    }

    public func biasSeed(rowKey: String) -> UInt64 { bias(1, rowKey) }

    public func symbolSeed(recipient: String, rowKey: String) -> UInt64 {
        symbol(1, Array(recipient.utf8) + [0] + Array(rowKey.utf8))
    }

    /// The keyed row-key hash for ledger sketches.
    public func rowHash(rowKey: String) -> UInt64 { ledger(1, rowKey) }

    @inline(__always)
    public func slotBias(seed: UInt64, slotHash: UInt64) -> Double {
        Tardos.bias(uniform: Tardos.uniform(SplitMix.mix(seed ^ slotHash)), cutoff: cutoff)
    }

    @inline(__always)
    public static func slotSymbol(seed: UInt64, slotHash: UInt64, bias p: Double) -> Bool {
        Tardos.symbol(SplitMix.mix(seed ^ slotHash ^ 0x5DEE_CE66_D1CE_4E5B), bias: p)
    }

    /// The keyed position of a row in a recipient's copy.
    @inline(__always)
    public static func orderKey(symbolSeed: UInt64) -> UInt64 { SplitMix.mix(symbolSeed ^ 0x0F0F_1E1E_2D2D_3C3C) }
}

/// The marking plan of one export: the columns, how each is read and which slots it carries.
public struct MarkPlan: Sendable, Equatable {
    public var columns: [String]
    public var kinds: [FieldKind]
    public var slots: [[SlotKind]]
    public var keyColumn: Int

    public init(columns: [String], kinds: [FieldKind], slots: [[SlotKind]], keyColumn: Int) {
        self.columns = columns
        self.kinds = kinds
        self.slots = slots
        self.keyColumn = keyColumn
    }

    public var schema: [SlotColumn] {
        columns.indices.compactMap { i in
            kinds[i] == .other && slots[i].isEmpty ? nil : SlotColumn(column: columns[i], kind: kinds[i], slots: slots[i])
        }
    }

    /// Rebuilds a plan from a ledger entry.
    public init(record: TransferRecord) {
        columns = record.columns
        var kinds = [FieldKind](repeating: .other, count: record.columns.count)
        var slots = [[SlotKind]](repeating: [], count: record.columns.count)
        for s in record.slotSchema {
            if let i = record.columns.firstIndex(of: s.column) { kinds[i] = s.kind; slots[i] = s.slots }
        }
        self.kinds = kinds
        self.slots = slots
        keyColumn = record.columns.firstIndex(of: record.keyColumn) ?? 0
    }

    /// Decides each column's kind from its header and a sample of values, and picks the key column:
    /// an internationally written phone column first, then any phone column, then MyKad.
    public static func detect(columns: [String], sample: [[String]], overrides: [String: FieldKind] = [:], keyColumn: String? = nil) throws(LeakTraceError) -> MarkPlan {
        var kinds: [FieldKind] = []
        for (i, header) in columns.enumerated() {
            if let k = overrides[header] { kinds.append(k); continue }
            let values = sample.compactMap { i < $0.count ? $0[i] : nil }.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            kinds.append(detectKind(header: header, values: values))
        }
        let slots = kinds.map { SlotKind.defaults(for: $0) }
        let key: Int
        if let keyColumn {
            guard let k = columns.firstIndex(of: keyColumn) else {
                throw LeakTraceError(.invalidArgument, "--key-column \(keyColumn) is not a column of the input")
            }
            key = k
        } else if let k = kinds.firstIndex(of: .phoneInternational) ?? kinds.firstIndex(of: .phone) ?? kinds.firstIndex(of: .mykad) {
            key = k
        } else {
            throw LeakTraceError(.invalidArgument, "no phone or MyKad column to key rows by; name one with --key-column")
        }
        return MarkPlan(columns: columns, kinds: kinds, slots: slots, keyColumn: key)
    }

    static func detectKind(header: String, values: [String]) -> FieldKind {
        guard !values.isEmpty else { return .other }
        let hint = HeaderVocabulary.classify(header)?.type
        // Other identifiers (IMSI, ICCID, IMEI…) can look like phone numbers: never mark them.
        if let hint, [.imsi, .iccid, .imei, .passport, .oldIC, .paymentCard, .bankAccount, .postcode, .date, .birthDate, .gender].contains(hint) {
            return .other
        }
        func share(_ test: (String) -> Bool) -> Double {
            Double(values.filter(test).count) / Double(values.count)
        }
        let phoneShare = share { FieldCanon.canonical($0, kind: .phone) != nil }
        let mykadShare = share { FieldCanon.canonical($0, kind: .mykad) != nil }
        let phoneHinted = hint == .phoneMobile || hint == .phoneFixed
        if hint == .mykad, mykadShare >= 0.5 { return .mykad }
        if phoneShare >= 0.6, phoneHinted || mykadShare < 0.5 {
            let international = share { $0.hasPrefix("60") || $0.hasPrefix("+") }
            return international >= 0.5 ? .phoneInternational : .phone
        }
        if mykadShare >= 0.6 { return .mykad }
        if share({ Email.detect($0).verdict.isValid }) >= 0.6 { return .email }
        if hint == .address || share({ Address.detect($0).verdict.isValid || Address.score($0) >= 2 }) >= 0.6,
           share({ SlotCodec.addressVariants($0) != nil }) >= 0.3 { return .address }
        if hint == .name || share({ PersonName.detect($0).verdict.isValid }) >= 0.6 { return .name }
        return .other
    }
}
