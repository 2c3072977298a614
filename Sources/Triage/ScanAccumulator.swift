import Identifiers
import LeakTraceCore

/// Cells per verdict, in `ColumnTally.slot` order: one stored count per verdict in an inline
/// array, so counting a cell is one increment at the verdict's offset (no branch on the verdict,
/// and no copy: a subscript over a tuple copied the tuple out and back on every cell).
struct VerdictCounts: Sendable {
    private var counts = InlineArray<7, Int>(repeating: 0)
    static let count = 7

    @inline(__always)
    mutating func add(_ verdict: Verdict) {
        counts[ColumnTally.slot(verdict)] += 1
    }

    subscript(_ slot: Int) -> Int {
        get { counts[slot] }
        set { counts[slot] = newValue }
    }

    var indices: Range<Int> { 0 ..< Self.count }
    var total: Int { indices.reduce(0) { $0 + self[$1] } }
}

/// Per-column tallies one worker keeps; merged after the stream.
struct ColumnTally: Sendable {
    var filled = 0
    var verdicts = VerdictCounts()
    var distinct = DistinctEstimator()
    var example: String?
    /// The batch `example` comes from: the merge keeps the lowest, so the report shows the
    /// first batch's example however batches were spread over workers.
    var exampleSequence = Int.max
    var invalidUTF8 = 0
    var latestDate: CivilDate?
    var futureDates = 0

    @inline(__always)
    mutating func count(_ verdict: Verdict) {
        verdicts.add(verdict)
    }

    @inline(__always)
    static func slot(_ verdict: Verdict) -> Int {
        switch verdict {
        case .valid: 0
        case .validWarn: 1
        case .ambiguous: 2
        case .context: 3
        case .mangled: 4
        case .notPII: 5
        case .invalid: 6
        }
    }

    var validCount: Int { verdicts[0] + verdicts[1] }

    mutating func merge(_ other: ColumnTally) {
        filled += other.filled
        for i in verdicts.indices { verdicts[i] += other.verdicts[i] }
        distinct.merge(other.distinct)
        if other.example != nil, example == nil || other.exampleSequence < exampleSequence {
            example = other.example
            exampleSequence = other.exampleSequence
        }
        invalidUTF8 += other.invalidUTF8
        if let d = other.latestDate, latestDate.map({ d > $0 }) ?? true { latestDate = d }
        futureDates += other.futureDates
    }
}

/// A person key found in one row, with the facts to count once per distinct person.
struct PersonEntry: Sendable {
    var mykadKey: UInt64?
    var phoneKey: UInt64?
    var ageBand: UInt8?
    var gender: Gender?
    /// States as `StateCodes` numbers (0: none), so the shared tallies are arrays, not
    /// dictionaries hashed under the lock for every person.
    var birthState: UInt8 = 0
    var residenceState: UInt8 = 0
    /// The end of this row's mobiles in the batch's list (they start where the previous
    /// person's end), so `SharedPersons` adds them right after the person, when the phone's
    /// slot is still in the cache.
    var mobilesEnd: Int32 = 0
}

/// A state code (`01`...`99`, the ISO 3166-2:MY numbers every detector gives) as a small number.
enum StateCodes {
    /// 1 + the two-digit value; 0 for nil or anything that is not two ASCII digits (no detector
    /// gives such a code; `SharedPersons` counts those apart, as unknown, rather than drop them).
    static func code(_ state: String?) -> UInt8 {
        guard let state else { return 0 }
        let u = state.utf8
        guard u.count == 2, let a = u.first, let b = u.last, a &- 48 < 10, b &- 48 < 10 else { return unknown }
        return 1 &+ (a &- 48) &* 10 &+ (b &- 48)
    }

    /// A state string that is not a two-digit code.
    static let unknown: UInt8 = 101
    static let count = 102

    static func name(_ code: Int) -> String? {
        switch code {
        case 0: nil
        case unknownInt: "unknown"
        default: code - 1 < 10 ? "0\(code - 1)" : "\(code - 1)"
        }
    }

    private static let unknownInt = Int(unknown)
}

/// A distinct-phone candidate for the operator mix.
struct PhoneEntry: Sendable {
    var key: UInt64
    /// `DerivedFacts.operatorTableNumber` (0: none), so the shared tally is an array.
    var operatorNumber: UInt8
    /// When no table holds the operator (`operatorNumber` is `FactTables.boxed`): its name's
    /// index in the batch's `boxedOperators`, -1 for none. An index, not the name, keeps the entry
    /// free of references: copying one retains and releases nothing.
    var boxedOperator: Int32 = -1
}

/// What one worker has counted; merged into the file's result.
struct WorkerTotals: Sendable {
    var columns: [ColumnTally]
    var records = 0
    var blankRows = 0
    var invalidRows = 0
    var paddingRows = 0
    var invalidUTF8Cells = 0
    var warnings = WarningLogBox()
    /// Valid cells per type, indexed by `IdentifierType.ordinal`. Inline arrays, these and
    /// `networkNumbers`: a count per valid cell is then a plain increment, where an `Array`
    /// checked that its buffer was unique first.
    var identifierOccurrences = InlineArray<32, Int>(repeating: 0)
    var networks: [String: Int] = [:]
    /// IMSI operators by `DerivedFacts.operatorTableNumber` (no string hashing per cell); folded
    /// into `networks` by name when the worker's totals are merged.
    var networkNumbers = InlineArray<256, Int>(repeating: 0)
    var youngestBirth: CivilDate?
    /// Distinct estimates per type, filled from the column estimators when a file is done.
    var typeDistinct: [IdentifierType: DistinctEstimator] = [:]

    init(columnCount: Int) {
        precondition(IdentifierType.allCases.count <= 32, "identifierOccurrences holds 32 types")
        columns = [ColumnTally](repeating: ColumnTally(), count: columnCount)
    }

    mutating func ensureColumns(_ count: Int) {
        if columns.count < count {
            columns.append(contentsOf: [ColumnTally](repeating: ColumnTally(), count: count - columns.count))
        }
    }

    mutating func merge(_ other: WorkerTotals) {
        ensureColumns(other.columns.count)
        for i in other.columns.indices { columns[i].merge(other.columns[i]) }
        records += other.records
        blankRows += other.blankRows
        invalidRows += other.invalidRows
        paddingRows += other.paddingRows
        invalidUTF8Cells += other.invalidUTF8Cells
        warnings.log.merge(other.warnings.log)
        for i in identifierOccurrences.indices { identifierOccurrences[i] += other.identifierOccurrences[i] }
        for (type, estimator) in other.typeDistinct {
            var e = typeDistinct[type] ?? DistinctEstimator()
            e.merge(estimator)
            typeDistinct[type] = e
        }
        for (k, v) in other.networks { networks[k, default: 0] += v }
        for n in other.networkNumbers.indices where other.networkNumbers[n] > 0 {
            networks[FactTables.operators[n - 1], default: 0] += other.networkNumbers[n]
        }
        if let d = other.youngestBirth, youngestBirth.map({ d > $0 }) ?? true { youngestBirth = d }
    }
}

import Dumps

/// Wraps the reader's warning log so worker tallies can carry row-level warnings too.
struct WarningLogBox: Sendable {
    var log = WarningLog()
}

extension IdentifierType {
    /// A dense index for per-type arrays on the hot path (hashing the raw string is too slow).
    /// Stable: the breach index stores bit masks built from it.
    public var ordinal: Int {
        switch self {
        case .mykad: 0
        case .oldIC: 1
        case .passport: 2
        case .phoneMobile: 3
        case .phoneFixed: 4
        case .email: 5
        case .imsi: 6
        case .iccid: 7
        case .imei: 8
        case .name: 9
        case .address: 10
        case .postcode: 11
        case .state: 12
        case .birthDate: 13
        case .gender: 14
        case .paymentCard: 15
        case .bankAccount: 16
        case .date: 17
        case .other: 18
        }
    }
}
