import Dumps
import Identifiers
import LeakTraceCore

/// Classifies the records of one batch at a time: the scanner's hot path.
///
/// It works on the batch's bytes; a `String` is made only for a valid identifier that is kept
/// (its canonical form, which for MyKad, phones and IMSIs is a small inline string).
final class ScanWorker: @unchecked Sendable {
    // @unchecked: a worker is used by one task at a time; the pool in `Scanner` hands it over
    // under a lock, so its mutable state is never shared.
    var totals: WorkerTotals
    private let plans: [ColumnPlan]
    private let contexts: [CellContext]
    private let dateOrders: [DateOrderChoice]
    private let referenceDate: CivilDate
    private let today: CivilDate
    private let emitTypes: Set<IdentifierType>
    private let emitting: Bool
    private let positional: Bool
    private let expectedFields: Int
    private var scratch: [UInt8] = []
    /// Answers for columns of few distinct values (states, postcodes, genders), whose detectors
    /// work on strings: keyed by a hash of the cell's bytes, at most `memoLimit` per column.
    private var memo: [DetectionMemo]
    private static let memoLimit = 8192
    /// Per-column facts read on every cell, in one array of plain values so the hot loop does
    /// not copy plans (with their strings) or hash type names.
    private let columnInfo: [ColumnInfo]

    struct ColumnInfo {
        var type: IdentifierType?
        /// Which `quick` function answers the column's plain cells (see `QuickAnswer`).
        var quick: QuickKind
        /// A valid cell of this type makes its row a person's (not an invalid row).
        var identifying: Bool
        var paddingChecked: Bool
        /// Validated on every cell, not only in the sample (`ColumnPlan.validateEveryCell`).
        var validate: Bool
        /// Answers come from the memo (states, postcodes, genders).
        var memoized: Bool
        /// The bit of its sensitive class in `RecordIdentities.sensitive`, 0 if none.
        var sensitiveBit: UInt16

        init(_ plan: ColumnPlan) {
            type = plan.type
            quick = QuickKind(plan.type)
            identifying = plan.type.map { ColumnPlan.identifyingTypes.contains($0) } ?? false
            paddingChecked = plan.type.map { ColumnPlan.identifyingTypes.contains($0) || $0 == .name } ?? false
            validate = plan.validateEveryCell
            memoized = [.state, .postcode, .gender].contains(plan.type)
            if let s = plan.sensitive, let i = SensitiveClass.allCases.firstIndex(of: s) {
                sensitiveBit = UInt16(1) << UInt16(i)
            } else {
                sensitiveBit = 0
            }
        }
    }
    /// Each column's keys on their way to its distinct count.
    private let pending: PendingKeys
    /// Where each kept record's identities go (the breach index), if anywhere.
    private let sink: (any IdentitySink)?
    /// Per column: its slot in `RecordIdentities.dates`, -1 if the sink wants no date from it.
    private let dateSlots: [Int]
    private let dateSlotCount: Int

    init(plans: [ColumnPlan], expectedFields: Int, referenceDate: CivilDate, today: CivilDate, emitTypes: Set<IdentifierType>, positional: Bool, sink: (any IdentitySink)? = nil, dateColumns: [String] = []) {
        self.sink = sink
        let wanted = dateColumns.map { $0.lowercased() }
        self.dateSlots = plans.map { plan in wanted.firstIndex(of: plan.header.lowercased()) ?? -1 }
        self.dateSlotCount = sink == nil ? 0 : wanted.count
        self.plans = plans
        self.contexts = plans.map { CellContext(columnType: $0.type, referenceDate: referenceDate) }
        self.dateOrders = plans.map(\.dateOrder)
        self.columnInfo = plans.map(ColumnInfo.init)
        self.memo = columnInfo.map { DetectionMemo(limit: $0.memoized ? ScanWorker.memoLimit : 0) }
        self.referenceDate = referenceDate
        self.today = today
        self.emitTypes = emitTypes
        self.emitting = !emitTypes.isEmpty
        self.positional = positional
        self.expectedFields = expectedFields
        self.totals = WorkerTotals(columnCount: plans.count)
        self.pending = PendingKeys(columns: plans.count)
    }

    deinit {
        pending.deallocate()
        canonicalScratch.deallocate()
    }

    /// Where a quick answer's canonical form is built to be hashed, when it is not the cell.
    private let canonicalScratch = UnsafeMutablePointer<UInt8>.allocate(capacity: ScanWorker.canonicalScratchBytes)
    private static let canonicalScratchBytes = 256

    /// Batches whose persons wait for the shared sets (`SharedPersons.absorb`).
    private var heldBack: [SharedPersons.Handover] = []

    /// Adds the persons of the batches held back: the end of this worker's part of a scan.
    func finish(_ shared: SharedPersons) {
        shared.absorb(heldBack: &heldBack)
    }

    /// Classifies records `firstRecord...` of `batch` and hands the batch's persons to `shared`.
    func process(_ batch: RecordBatch, sequence: Int, numbers: (ordinal: Int, firstRecord: Int) = (0, 0), firstRecord: Int, shared: SharedPersons) {
        var persons: [PersonEntry] = []
        var identities: [RecordIdentities] = []
        let collecting = sink != nil
        var mobiles: [PhoneEntry] = []
        var boxedOperators: [String] = []
        var emits: [(IdentifierType, UInt64, String)] = []
        persons.reserveCapacity(batch.recordCount)
        // Work on a local copy: stored properties of a class pay a dynamic exclusivity check on
        // every access, which the hot loop cannot afford.
        var local = totals
        totals = WorkerTotals(columnCount: 0)
        var memo = self.memo
        self.memo = []
        defer {
            totals = local
            self.memo = memo
        }
        local.ensureColumns(plans.count)

        let quickAllowed = !collecting && !emitting
        // The column tallies, borrowed for the batch: counting a cell does not check that the
        // array is unique each time.
        var tallies = local.columns
        local.columns = []
        defer { local.columns = tallies }
        tallies.withUnsafeMutableBufferPointer { t in
            columnInfo.withUnsafeBufferPointer { info in
                batch.withBytes { base in
                    // The field arrays as plain memory: an array subscript checks its bounds at every cell
                    // (without the checks the loop ran 7 % fewer instructions).
                    batch.fieldLength.withUnsafeBufferPointer { lengths in
                    batch.fieldStart.withUnsafeBufferPointer { starts in
                    batch.fieldFlags.withUnsafeBufferPointer { fieldFlags in
                        let anyNonASCII = !batch.asciiOnly && ScanWorker.containsNonASCII(base)
                        var rowEmits: [(IdentifierType, UInt64, String)] = []
                        // The record's identities for the sink: made anew for each record only when
                        // there is a sink (two arrays a record cost two releases even when empty).
                        var row = RecordIdentities(identifiers: [], types: 0, sensitive: 0)
                        for r in firstRecord ..< batch.recordCount {
                            let fields = batch.fields(ofRecord: r)
                            var blank = true
                            for f in fields where lengths[f] > 0 {
                                blank = false
                                break
                            }
                            if blank {
                                local.blankRows += 1
                                continue
                            }
                            local.records += 1
                            if positional && fields.count != expectedFields && expectedFields > 0 {
                                local.warnings.log.add(ReadWarning(
                                    kind: "field-count", line: batch.recordLine[r], byteOffset: batch.recordOffset[r],
                                    message: "\(fields.count) fields where the file has \(expectedFields)"
                                ))
                            }
                            var person = PersonEntry()
                            if collecting {
                                row = RecordIdentities(identifiers: [], types: 0, sensitive: 0, record: Int32(truncatingIfNeeded: r))
                                if dateSlotCount > 0 { row.dates = [Int32](repeating: RecordIdentities.noDate, count: dateSlotCount) }
                            }
                            var padding = false
                            var identifierCells = 0
                            var validIdentifiers = 0
                            if emitting { rowEmits.removeAll(keepingCapacity: true) }
                            // This row's mobiles go straight into the batch's list; a padding row takes
                            // them back out.
                            let mobilesMark = mobiles.count

                            for f in fields {
                                let length = Int(lengths[f])
                                if length == 0 { continue }
                                let column = positional ? f - fields.lowerBound : Int(batch.fieldColumn[f])
                                if column >= t.count { continue }
                                let start = Int(starts[f])
                                var cell = UnsafeBufferPointer(rebasing: base[start ..< start + length])
                                cell = ScanWorker.trimmed(cell)
                                if cell.isEmpty { continue }
                                t[column].filled += 1
                                if anyNonASCII && ScanWorker.containsNonASCII(cell) && !ScanWorker.isValidUTF8(cell) {
                                    t[column].invalidUTF8 += 1
                                    local.invalidUTF8Cells += 1
                                    local.warnings.log.add(ReadWarning(
                                        kind: "invalid-utf8", line: batch.recordLine[r], byteOffset: batch.recordOffset[r],
                                        message: "invalid UTF-8 in column \(column + 1); read as replacement characters"
                                    ))
                                }
                                guard column < info.count else { continue }
                                if collecting { row.sensitive |= info[column].sensitiveBit }
                                guard let type = info[column].type else { continue }
                                let isIdentifying = info[column].identifying
                                if info[column].paddingChecked && PaddingMarkers.isPadding(cell) { padding = true }
                                guard info[column].validate else {
                                    if collecting { row.types |= UInt32(1) << UInt32(type.ordinal) }
                                    continue
                                }
                                if isIdentifying { identifierCells += 1 }

                                // The fast path: cells in their plain form, answered without a `Detection`
                                // when no row is collected, nothing is emitted and the column has its example.
                                if quickAllowed, info[column].quick != .none, fieldFlags[f] & RecordBatch.flagEscapedQuotes == 0 {
                                    if info[column].quick == .date {
                                        countDate(cell, type: type, column: column, tally: &t[column], totals: &local)
                                        continue
                                    }
                                    if sequence >= t[column].exampleSequence, let answer = info[column].quick.answer(cell, context: contexts[column]) {
                                        t[column].count(answer.verdict)
                                        if answer.placeholder { padding = true }
                                        guard answer.verdict.isValid else { continue }
                                        if isIdentifying { validIdentifiers += 1 }
                                        record(answer, cell: cell, column: column, tally: &t[column], totals: &local, person: &person, mobiles: &mobiles)
                                        continue
                                    }
                                }

                                let detection: Detection
                                var canonicalKey: UInt64?
                                if fieldFlags[f] & RecordBatch.flagEscapedQuotes != 0 {
                                    scratch = RecordBatch.unescapeQuotes(cell)
                                    detection = scratch.withUnsafeBufferPointer { CellClassifier.detect(type, bytes: $0, context: contexts[column], dateOrder: dateOrders[column]) }
                                } else if info[column].memoized {
                                    let key = DetectionMemo.key(cell)
                                    if let position = memo[column].find(key) {
                                        // The common case reads the table slot alone and copies no
                                        // detection: what `record` does for a state, postcode or gender,
                                        // when no row is collected, nothing is emitted and the column's
                                        // example is set.
                                        let a = memo[column].slot(at: position)
                                        if a.summarizes && !collecting && !emitting && sequence >= t[column].exampleSequence {
                                            t[column].count(a.verdict)
                                            if a.placeholder { padding = true }
                                            guard a.verdict.isValid else { continue }
                                            if isIdentifying { validIdentifiers += 1 }
                                            if a.setsResidence && person.residenceState == 0 { person.residenceState = a.stateNumber }
                                            if a.hasCanonical {
                                                local.identifierOccurrences[a.type.ordinal] += 1
                                                // The memo and the tallies live as long as this worker: an
                                                // answer's key, once counted, would only be counted again.
                                                if !a.counted {
                                                    t[column].distinct.add(memo[column].canonicalKey(a))
                                                    memo[column].markCounted(at: position)
                                                }
                                            }
                                            continue
                                        }
                                        detection = memo[column].detections[Int(a.entry)]
                                        canonicalKey = memo[column].canonicalKey(a)
                                    } else {
                                        detection = CellClassifier.detect(type, bytes: cell, context: contexts[column], dateOrder: dateOrders[column])
                                        memo[column].add(key, detection)
                                    }
                                } else {
                                    detection = CellClassifier.detect(type, bytes: cell, context: contexts[column], dateOrder: dateOrders[column])
                                }
                                t[column].count(detection.verdict)
                                if detection.verdict == .context && detection.notes.contains("placeholder") { padding = true }
                                guard detection.verdict.isValid else { continue }
                                if isIdentifying { validIdentifiers += 1 }
                                if collecting {
                                    row.types |= UInt32(1) << UInt32(detection.type.ordinal)
                                    if let lookup = LookupType(detection.type), let canonical = detection.canonical {
                                        row.identifiers.append(RecordIdentifier(type: lookup, canonical: Sensitive(canonical)))
                                    }
                                    if dateSlotCount > 0 {
                                        if dateSlots[column] >= 0, let date = detection.facts.birthDate {
                                            row.dates[dateSlots[column]] = Int32(truncatingIfNeeded: date.daysSinceEpoch)
                                        }
                                        if detection.type == .iccid, row.iccid == nil, let canonical = detection.canonical {
                                            row.iccid = Sensitive(canonical)
                                        }
                                    }
                                }
                                record(detection, canonicalKey: canonicalKey, column: column, sequence: sequence, tally: &t[column], totals: &local, person: &person, rowEmits: &rowEmits, mobiles: &mobiles, boxedOperators: &boxedOperators)
                            }

                            if padding {
                                local.paddingRows += 1
                                if mobiles.count > mobilesMark { mobiles.removeSubrange(mobilesMark...) }
                                continue
                            }
                            if identifierCells > 0 && validIdentifiers == 0 {
                                local.invalidRows += 1
                            }
                            if person.mykadKey != nil || person.phoneKey != nil {
                                person.mobilesEnd = Int32(truncatingIfNeeded: mobiles.count)
                                persons.append(person)
                            }
                            if emitting { emits.append(contentsOf: rowEmits) }
                            if collecting && !row.identifiers.isEmpty { identities.append(row) }
                        }
                        for c in t.indices { pending.flush(column: c, tally: &t[c]) }
                    }
                    }
                    }
                }
            }
        }
        shared.absorb(SharedPersons.Handover(persons: persons, mobiles: mobiles, boxedOperators: boxedOperators, emits: emits), heldBack: &heldBack)
        sink?.accept(IdentityBatch(ordinal: numbers.ordinal, firstRecord: numbers.firstRecord, recordCount: batch.recordCount, rows: identities))
    }

    /// Counts one valid cell and adds what it says about the row's person.
    private func record(_ d: Detection, canonicalKey: UInt64?, column: Int, sequence: Int, tally: inout ColumnTally, totals local: inout WorkerTotals, person: inout PersonEntry, rowEmits: inout [(IdentifierType, UInt64, String)], mobiles: inout [PhoneEntry], boxedOperators: inout [String]) {
        switch d.type {
        case .date:
            if let date = d.facts.birthDate {
                if date > today {
                    tally.futureDates += 1
                } else if tally.latestDate.map({ date > $0 }) ?? true {
                    tally.latestDate = date
                }
            }
            return
        case .birthDate:
            if let date = d.facts.birthDate, date <= today, local.youngestBirth.map({ date > $0 }) ?? true {
                local.youngestBirth = date
            }
        case .postcode, .state:
            if person.residenceState == 0 { person.residenceState = StateCodes.code(d.facts.stateCode) }
        default:
            break
        }
        guard let canonical = d.canonical else { return }
        let key = canonicalKey ?? hash64(canonical.utf8)
        local.identifierOccurrences[d.type.ordinal] += 1
        pending.add(key, column: column, tally: &tally)
        if sequence < tally.exampleSequence {
            tally.exampleSequence = sequence
            tally.example = Masking.mask(canonical, type: d.type)
        }
        if emitting && emitTypes.contains(d.type) { rowEmits.append((d.type, key, canonical)) }
        switch d.type {
        case .mykad:
            if person.mykadKey == nil {
                person.mykadKey = key
                if let birth = d.facts.birthDate {
                    person.ageBand = AgeBands.band(age: birth.years(until: referenceDate))
                    if birth <= today, local.youngestBirth.map({ birth > $0 }) ?? true { local.youngestBirth = birth }
                }
                person.gender = d.facts.gender
                if d.facts.bornAbroad != true { person.birthState = StateCodes.code(d.facts.stateCode) }
            }
        case .phoneMobile, .phoneFixed:
            if person.phoneKey == nil { person.phoneKey = key }
            // A mobile the row (or the one before) just gave adds nothing to the operator mix:
            // the sets count a number once.
            if d.type == .phoneMobile, mobiles.last?.key != key {
                let number = d.facts.operatorTableNumber
                var entry = PhoneEntry(key: key, operatorNumber: number)
                if number == FactTables.boxed, let name = d.facts.originalOperator {
                    entry.boxedOperator = Int32(truncatingIfNeeded: boxedOperators.count)
                    boxedOperators.append(name)
                }
                mobiles.append(entry)
            }
        case .imsi:
            let number = d.facts.operatorTableNumber
            if number != 0 && number != FactTables.boxed {
                local.networkNumbers[Int(number)] += 1
            } else {
                local.networks[d.facts.originalOperator ?? (d.facts.countryCode.map { "foreign MCC \($0)" } ?? "unknown"), default: 0] += 1
            }
        default:
            break
        }
    }

    /// What `record` does for a quick answer (the same tallies; the canonical form is hashed
    /// where it lies in the cell, or as built in the worker's scratch memory).
    private func record(_ a: QuickAnswer, cell: UnsafeBufferPointer<UInt8>, column: Int, tally: inout ColumnTally, totals local: inout WorkerTotals, person: inout PersonEntry, mobiles: inout [PhoneEntry]) {
        let key = a.canonicalBytes(cell, scratch: canonicalScratch, room: ScanWorker.canonicalScratchBytes).map { hash64(contiguous: $0) }
            ?? a.withCanonical(cell) { hash64(contiguous: $0) }
        local.identifierOccurrences[a.type.ordinal] += 1
        pending.add(key, column: column, tally: &tally)
        switch a.type {
        case .mykad:
            guard person.mykadKey == nil else { return }
            person.mykadKey = key
            if let birth = a.birthDate {
                person.ageBand = AgeBands.band(age: birth.years(until: referenceDate))
                if birth <= today, local.youngestBirth.map({ birth > $0 }) ?? true { local.youngestBirth = birth }
            }
            person.gender = a.gender
            if a.bornAbroad != true { person.birthState = a.stateCode }
        case .phoneMobile, .phoneFixed:
            if person.phoneKey == nil { person.phoneKey = key }
            if a.type == .phoneMobile, mobiles.last?.key != key { mobiles.append(PhoneEntry(key: key, operatorNumber: a.operatorNumber)) }
        case .imsi:
            if a.operatorNumber != 0 {
                local.networkNumbers[Int(a.operatorNumber)] += 1
            } else {
                local.networks["unknown", default: 0] += 1
            }
        default:
            break
        }
    }

    /// A date or birth-date cell: what `CellClassifier.detect` and `record` do, without the
    /// `Detection` (a date has no canonical form, so no example).
    private func countDate(_ cell: UnsafeBufferPointer<UInt8>, type: IdentifierType, column: Int, tally: inout ColumnTally, totals local: inout WorkerTotals) {
        guard let date = FastDate.parse(cell, order: dateOrders[column], referenceDate: referenceDate) else {
            tally.count(.invalid)
            return
        }
        tally.count(.valid)
        if type == .date {
            if date > today {
                tally.futureDates += 1
            } else if tally.latestDate.map({ date > $0 }) ?? true {
                tally.latestDate = date
            }
        } else if date <= today, local.youngestBirth.map({ date > $0 }) ?? true {
            local.youngestBirth = date
        }
    }

    // MARK: - Byte helpers

    /// The cell without leading and trailing spaces and tabs. Most cells start and end with a
    /// byte above the space, which one test of both ends answers (the loops below took a
    /// compare and a branch per end and per byte value).
    @inline(__always)
    static func trimmed(_ cell: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        if let first = cell.first, first > 0x20, cell[cell.count &- 1] > 0x20 { return cell }
        return trimmedSlow(cell)
    }

    private static func trimmedSlow(_ cell: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lo = 0
        var hi = cell.count
        while lo < hi && (cell[lo] == 0x20 || cell[lo] == 0x09) { lo += 1 }
        while hi > lo && (cell[hi - 1] == 0x20 || cell[hi - 1] == 0x09) { hi -= 1 }
        if lo == 0 && hi == cell.count { return cell }
        return UnsafeBufferPointer(rebasing: cell[lo ..< hi])
    }

    /// True if any byte has its high bit set (a whole batch 64 bytes per check, a cell 8 bytes
    /// at a time).
    static func containsNonASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let n = bytes.count
        var i = 0
        let raw = UnsafeRawPointer(base)
        while i + 64 <= n {
            var any: UInt64 = 0
            for k in 0 ..< 8 { any |= raw.loadUnaligned(fromByteOffset: i + 8 * k, as: UInt64.self) }
            if any & 0x8080_8080_8080_8080 != 0 { return true }
            i += 64
        }
        while i + 8 <= n {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return true }
            i += 8
        }
        while i < n {
            if base[i] & 0x80 != 0 { return true }
            i += 1
        }
        return false
    }

    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}

/// Keys bound for the columns' distinct counts, added `perColumn` at a time.
///
/// Adding a key to a HyperLogLog waits on a cache miss for its register; a run of additions
/// does not depend on one another, so their misses overlap. A batch ends with `flush` of every
/// column, so the tallies a worker hands over are complete. Plain memory, not arrays: an append
/// costs no uniqueness check. Owned by one worker, which deallocates it.
struct PendingKeys {
    static let perColumn = 256
    private let keys: UnsafeMutablePointer<UInt64>
    private let counts: UnsafeMutablePointer<Int>
    private let columns: Int

    init(columns: Int) {
        self.columns = columns
        keys = .allocate(capacity: max(columns, 1) * PendingKeys.perColumn)
        counts = .allocate(capacity: max(columns, 1))
        counts.initialize(repeating: 0, count: max(columns, 1))
    }

    func deallocate() {
        keys.deallocate()
        counts.deallocate()
    }

    @inline(__always)
    func add(_ key: UInt64, column: Int, tally: inout ColumnTally) {
        precondition(column < columns)
        let n = counts[column]
        keys[column * PendingKeys.perColumn + n] = key
        counts[column] = n + 1
        if n + 1 == PendingKeys.perColumn { flush(column: column, tally: &tally) }
    }

    func flush(column: Int, tally: inout ColumnTally) {
        guard column < columns else { return }
        let n = counts[column]
        guard n > 0 else { return }
        tally.distinct.add(contentsOf: UnsafeBufferPointer(start: keys + column * PendingKeys.perColumn, count: n))
        counts[column] = 0
    }
}

/// Age bands of the report, counted per distinct MyKad at the reference date.
enum AgeBands {
    static let labels = ["under 18", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"]

    static func band(age: Int) -> UInt8 {
        switch age {
        case ..<18: 0
        case 18 ..< 25: 1
        case 25 ..< 35: 2
        case 35 ..< 45: 3
        case 45 ..< 55: 4
        case 55 ..< 65: 5
        default: 6
        }
    }
}

/// Seller padding: `TEST`, `DUMMY`, and one character repeated (`xxxxxxxx`, `000000-00-0000`).
enum PaddingMarkers {
    /// Whether `cell` is padding. Most cells are answered inline: one longer than the words,
    /// whose first two bytes differ and are not separators, repeats no character.
    @inline(__always)
    static func isPadding(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        if cell.count > 7 {
            let (a, b) = (cell[0], cell[1])
            if a != b && !isSeparator(a) && !isSeparator(b) { return false }
        }
        return isPaddingSlow(cell)
    }

    @inline(__always)
    static func isSeparator(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "-") || b == 0x20 || b == UInt8(ascii: "/")
    }

    @inline(never)
    static func isPaddingSlow(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = cell.count
        if n >= 4 && n <= 7 {
            // Fold ASCII letters to lower case into one integer and compare with the words.
            var folded: UInt64 = 0
            for b in cell { folded = folded << 8 | UInt64(b >= 0x41 && b <= 0x5A ? b + 32 : b) }
            if words.contains(folded) { return true }
        }
        // One repeated character, ignoring separators, at least 6 long.
        var first: UInt8 = 0
        var count = 0
        for b in cell {
            if isSeparator(b) { continue }
            if first == 0 { first = b } else if b != first { return false }
            count += 1
        }
        return count >= 6
    }

    static let words: [UInt64] = ["test", "testing", "dummy", "sample", "tester", "xxxx"].map { word in
        word.utf8.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }
}

/// Which `quick` function answers a column's plain cells; dates are parsed in place.
enum QuickKind {
    case none, mykad, imsi, iccid, imei, phone, email, date

    init(_ type: IdentifierType?) {
        switch type {
        case .mykad: self = .mykad
        case .imsi: self = .imsi
        case .iccid: self = .iccid
        case .imei: self = .imei
        case .phoneMobile, .phoneFixed: self = .phone
        case .email: self = .email
        case .date, .birthDate: self = .date
        default: self = .none
        }
    }

    @inline(__always)
    func answer(_ cell: UnsafeBufferPointer<UInt8>, context: CellContext) -> QuickAnswer? {
        switch self {
        case .mykad: MyKad.quick(cell, context: context)
        case .imsi: IMSI.quick(cell, context: context)
        case .iccid: ICCID.quick(cell, context: context)
        case .imei: IMEI.quick(cell, context: context)
        case .phone: Phone.quick(cell, context: context)
        case .email: Email.quick(cell, context: context)
        case .date, .none: nil
        }
    }
}

/// The scanner's per-column answer cache for columns of few distinct values (states,
/// postcodes, genders): an open-addressing table from a cell's key (`key(_:)`) to its detection,
/// so a repeated cell costs one probe and no detection.
///
/// A table slot holds the key, the entry's index and what the scan loop needs of the answer (its
/// type, verdict, state and flags) in 16 bytes: the common case touches that one slot and
/// nothing else (a postcode column's few thousand answers outgrow the L1 cache, and a second
/// array read per cell was a second miss). The table starts small and doubles at three-quarters
/// load, so a column of five genders probes a table that stays in L1, and the 2,944 postcodes of
/// the 1M-row bench file fill 64 KiB rather than 128 (doubling at half load, the probe's read
/// was 13 % of the scan loop's time; now it is 7 %, its neighbours in a slot's cache line taking
/// the extra probes). It holds at most `limit` answers, and later new cells are detected each
/// time.
struct DetectionMemo {
    struct Slot {
        var key: UInt64 = 0
        var entry: Int32 = -1
        var type: IdentifierType = .other
        var verdict: Verdict = .invalid
        /// A state or postcode answer: the person's residence state is `stateNumber`.
        var stateNumber: UInt8 = 0
        var flags: UInt8 = 0

        var placeholder: Bool { flags & Slot.placeholderFlag != 0 }
        var hasCanonical: Bool { flags & Slot.canonicalFlag != 0 }
        var setsResidence: Bool { flags & Slot.residenceFlag != 0 }
        /// The type is one whose `ScanWorker.record` does only what the slot holds.
        var summarizes: Bool { flags & Slot.summarizesFlag != 0 }
        /// Whether the entry's canonical key is in the worker's distinct count already (the scan
        /// sets it; adding a key twice changes nothing, so it is not added again).
        var counted: Bool { flags & Slot.countedFlag != 0 }

        static let placeholderFlag: UInt8 = 1, canonicalFlag: UInt8 = 2, residenceFlag: UInt8 = 4
        static let summarizesFlag: UInt8 = 8, countedFlag: UInt8 = 16

        init() {}

        init(key: UInt64, entry: Int32, _ d: Detection) {
            self.key = key
            self.entry = entry
            type = d.type
            verdict = d.verdict
            stateNumber = StateCodes.code(d.facts.stateCode)
            if d.verdict == .context && d.notes.contains("placeholder") { flags |= Slot.placeholderFlag }
            if d.canonical != nil { flags |= Slot.canonicalFlag }
            if d.type == .postcode || d.type == .state { flags |= Slot.residenceFlag }
            if d.type == .postcode || d.type == .state || d.type == .gender { flags |= Slot.summarizesFlag }
        }
    }

    private var table: [Slot]
    /// The detections (for the uncommon paths) and the `hash64` of their canonical forms.
    private(set) var detections: [Detection] = []
    private var canonicalKeys: [UInt64] = []
    /// 64 minus log2 of the table size: a key's home slot is the top bits of its product with
    /// an odd constant.
    private var shift: UInt64
    let limit: Int

    init(limit: Int) {
        self.limit = limit
        table = Array(repeating: Slot(), count: 16)
        shift = 60
    }

    var count: Int { detections.count }

    /// A cell's key: its bytes and length when it has at most 7 (a postcode, a gender: no two
    /// cells share a key and no hashing is needed), else its `hash64`.
    @inline(__always)
    static func key(_ cell: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = cell.count
        guard n <= 7 else { return hash64(contiguous: cell) }
        var key = UInt64(n) << 56
        for i in 0 ..< n { key |= UInt64(cell[i]) << UInt64(8 * i) }
        return key
    }

    @inline(__always)
    private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The table position of `rawKey`'s slot, or nil.
    @inline(__always)
    func find(_ rawKey: UInt64) -> Int? {
        let key = rawKey == 0 ? 1 : rawKey
        let mask = table.count - 1
        return table.withUnsafeBufferPointer { t in
            var i = home(key)
            while true {
                let k = t[i].key
                if k == key { return i }
                if k == 0 { return nil }
                i = (i + 1) & mask
            }
        }
    }

    @inline(__always)
    func slot(at position: Int) -> Slot { table[position] }

    /// The `hash64` of the slot's canonical form (0 without one).
    func canonicalKey(_ slot: Slot) -> UInt64 { canonicalKeys[Int(slot.entry)] }

    mutating func markCounted(at position: Int) { table[position].flags |= Slot.countedFlag }

    /// Stores `detection` for `rawKey` unless the memo is full; `rawKey` must not be there yet.
    mutating func add(_ rawKey: UInt64, _ detection: Detection) {
        guard detections.count < limit else { return }
        if (detections.count + 1) * 4 > table.count * 3 { grow() }
        let key = rawKey == 0 ? 1 : rawKey
        place(Slot(key: key, entry: Int32(detections.count), detection))
        detections.append(detection)
        canonicalKeys.append(detection.canonical.map { hash64($0.utf8) } ?? 0)
    }

    private mutating func place(_ slot: Slot) {
        let mask = table.count - 1
        var i = home(slot.key)
        while table[i].key != 0 { i = (i + 1) & mask }
        table[i] = slot
    }

    private mutating func grow() {
        let old = table
        table = Array(repeating: Slot(), count: old.count * 2)
        shift -= 1
        for slot in old where slot.key != 0 { place(slot) }
    }
}
