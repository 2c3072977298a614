import Identifiers
import LeakTraceCore

/// Per-column tallies one worker keeps; merged after the stream.
struct ColumnTally: Sendable {
    var filled = 0
    var verdicts = [Int](repeating: 0, count: Verdict.allCases.count)
    var distinct = DistinctEstimator()
    var example: String?
    var invalidUTF8 = 0
    var latestDate: CivilDate?
    var futureDates = 0

    mutating func count(_ verdict: Verdict) {
        verdicts[ColumnTally.slot(verdict)] += 1
    }

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
        if example == nil { example = other.example }
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
    var birthState: String?
    var residenceState: String?
}

/// A distinct-phone candidate for the operator mix.
struct PhoneEntry: Sendable {
    var key: UInt64
    var originalOperator: String?
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
    var identifierOccurrences: [IdentifierType: Int] = [:]
    var identifierDistinct: [IdentifierType: DistinctEstimator] = [:]
    var networks: [String: Int] = [:]
    var youngestBirth: CivilDate?

    init(columnCount: Int) {
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
        for (k, v) in other.identifierOccurrences { identifierOccurrences[k, default: 0] += v }
        for (k, v) in other.identifierDistinct {
            var e = identifierDistinct[k] ?? DistinctEstimator()
            e.merge(v)
            identifierDistinct[k] = e
        }
        for (k, v) in other.networks { networks[k, default: 0] += v }
        if let d = other.youngestBirth, youngestBirth.map({ d > $0 }) ?? true { youngestBirth = d }
    }
}

import Dumps

/// Wraps the reader's warning log so worker tallies can carry row-level warnings too.
struct WarningLogBox: Sendable {
    var log = WarningLog()
}
