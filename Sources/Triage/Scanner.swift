import Dispatch
import Dumps
import Foundation
import Identifiers
import LeakTraceCore
import Synchronization

/// Settings of one scan.
public struct ScanOptions: Sendable {
    public enum HeaderMode: String, Sendable, CaseIterable {
        case auto
        case present
        case absent
    }

    public var reader = ReaderOptions()
    /// The dataset's as-of date; nil picks the latest date in the sample's date columns, else today.
    public var referenceDate: CivilDate?
    public var header: HeaderMode = .auto
    /// Skip records that cannot be read and count them, instead of stopping at the first one.
    public var keepGoing = false
    /// Records read before the column types are fixed (spec §13: 10,000).
    public var sampleRecords = 10_000
    public var voteThreshold = 0.8
    public var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Where `--emit-identifiers` writes `<type>.txt` files.
    public var emitDirectory: String?
    public var emitTypes: Set<IdentifierType> = [.mykad, .oldIC, .passport, .phoneMobile, .phoneFixed, .email, .imsi, .iccid, .imei, .paymentCard]
    /// Receives every kept record's lookup identifiers and data classes (the breach index).
    public var identitySink: (any IdentitySink)?
    /// Header names (compared case-insensitively) of date columns whose value each record hands
    /// to the identity sink (`RecordIdentities.dates`, in this order), with the record's ICCID;
    /// empty: neither (the breach index needs no dates).
    public var identityDateColumns: [String] = []
    /// Called about once a second with bytes done and total for the file being read.
    public var progress: (@Sendable (ScanProgress) -> Void)?
    public var today: CivilDate
    public var toolStamp = ScanReport.ToolStamp(name: "leaktrace", version: "0.1.0", dataVersions: [:])

    public init(today: CivilDate) {
        self.today = today
    }

    /// The reading limits in force, by option name, for the report.
    public var limits: [String: Int] {
        [
            "maxRecordBytes": reader.maxRecordBytes,
            "maxNesting": reader.maxNesting,
            "sampleRecords": sampleRecords,
            "chunkBytes": reader.chunkBytes,
            "maxSharedStringsBytes": reader.maxSharedStringsBytes,
            "maxExpansionRatio": reader.maxExpansionRatio,
            "maxDecompressedBytes": reader.maxDecompressedBytes,
            "maxZipEntries": reader.maxZipEntries,
            "maxContainerDepth": reader.maxContainerDepth,
            "maxColumns": reader.maxColumns,
        ]
    }
}

public struct ScanProgress: Sendable {
    public var path: String
    public var bytesDone: Int
    public var bytesTotal: Int
    public var records: Int
}

/// The streaming scan: sample, type the columns, classify every record on all cores, report.
///
/// Memory is bounded by design: at most `workers + 2` batches of a few MiB are in flight; what
/// grows with the input are the distinct-person sets (8 bytes per key).
public struct Scanner: Sendable {
    public let options: ScanOptions

    public init(options: ScanOptions) {
        self.options = options
    }

    public func scan(paths: [String]) -> ScanReport {
        // The detectors' tables are built while the first batch is read.
        DispatchQueue.global(qos: .userInitiated).async { CellClassifier.preload() }
        let shared = SharedPersons(emitDirectory: options.emitDirectory)
        var files: [FileReport] = []
        var merged = WorkerTotals(columnCount: 0)
        var latestDate: (date: CivilDate, column: String)?
        var fixedReference = options.referenceDate
        var referenceDate = options.referenceDate ?? options.today
        var referenceSource = options.referenceDate == nil ? "scan date (no date column found)" : "--reference-date"
        for path in paths {
            // One path can hold several inputs (the entries of a zip); each is scanned on its own.
            let inputs: InputEntries
            do {
                inputs = try InputOpener.entries(path: path, options: options.reader)
            } catch {
                files.append(FileReport.failed(path: path, error: error))
                continue
            }
            while true {
                let reader: DumpReader
                do {
                    guard let next = try inputs.next() else { break }
                    reader = next
                } catch {
                    files.append(FileReport.failed(path: Scanner.displayPath(path, entry: error.location?.entry), error: error))
                    continue
                }
                let display = Scanner.displayPath(path, entry: reader.input.entry)
                do {
                    for outcome in try scanInput(reader, displayPath: display, shared: shared, fixedReference: fixedReference) {
                        if fixedReference == nil {
                            if let auto = outcome.autoReference {
                                referenceDate = auto
                                referenceSource = "latest date in the sampled date columns"
                            }
                            fixedReference = referenceDate
                        }
                        files.append(outcome.report)
                        for (c, tally) in outcome.totals.columns.enumerated() {
                            guard let d = tally.latestDate, latestDate.map({ d > $0.date }) ?? true else { continue }
                            let header = c < outcome.plans.count ? outcome.plans[c].header : "column \(c + 1)"
                            let table = outcome.report.table.map { $0 + "." } ?? ""
                            latestDate = (d, paths.count > 1 || reader.input.entry != nil ? "\(display): \(table)\(header)" : table + header)
                        }
                        // Column tallies are per section (in its report); only the totals merge.
                        var sectionTotals = outcome.totals
                        sectionTotals.columns = sectionTotals.columns.map { tally in
                            var kept = ColumnTally()
                            kept.futureDates = tally.futureDates
                            return kept
                        }
                        merged.merge(sectionTotals)
                    }
                } catch {
                    files.append(FileReport.failed(path: display, error: error))
                }
            }
        }
        let summary = shared.finish()
        return ReportBuilder.build(
            options: options, files: files, latestDate: latestDate, totals: merged, persons: summary,
            referenceDate: referenceDate, referenceSource: referenceSource
        )
    }

    struct FileOutcome {
        var report: FileReport
        var totals: WorkerTotals
        var plans: [ColumnPlan]
        var autoReference: CivilDate?
    }

    /// The records an input of `inputBytes` holds if the rest is like the `records` in its first
    /// `bytesRead` bytes (at most `SharedPersons.maxReserve`); nil when those were the whole input
    /// or say nothing. A guess for sizing the person sets: a compressed input's `inputBytes` is its
    /// stored size, which underestimates, and the sets then grow as keys come.
    static func expectedRecords(records: Int, bytesRead: Int, inputBytes: Int) -> Int? {
        guard records > 0, bytesRead > 0, inputBytes > bytesRead else { return nil }
        let estimate = Double(records) * Double(inputBytes) / Double(bytesRead)
        return Int(min(estimate, Double(SharedPersons.maxReserve)))
    }

    /// `archive.zip!dir/entry.csv` for an entry, the path itself otherwise.
    static func displayPath(_ path: String, entry: String?) -> String {
        entry.map { path + "!" + $0 } ?? path
    }

    /// Scans one input: one section for a plain file, one per table for a dump of several.
    private func scanInput(_ reader: DumpReader, displayPath path: String, shared: SharedPersons, fixedReference: CivilDate?) throws(LeakTraceError) -> [FileOutcome] {
        let source = BatchSource(reader: reader, keepGoing: options.keepGoing)
        var outcomes: [FileOutcome] = []
        var reference = fixedReference
        while let first = try source.next(table: nil, anyTable: true) {
            let outcome: FileOutcome
            do {
                outcome = try scanSection(path, reader: reader, source: source, first: first, shared: shared, fixedReference: reference)
            } catch {
                // Earlier tables were counted: keep them, and say where this one stopped.
                guard !outcomes.isEmpty else { throw error }
                var failed = FileReport.failed(path: path, error: error)
                failed.table = first.table
                outcomes.append(FileOutcome(report: failed, totals: WorkerTotals(columnCount: 0), plans: [], autoReference: nil))
                break
            }
            if reference == nil { reference = outcome.autoReference }
            outcomes.append(outcome)
            if outcome.report.error != nil { break }
        }
        guard !outcomes.isEmpty else {
            let first = reader.warnings.examples.first
            throw LeakTraceError(.emptyInput, "no records: \(reader.warnings.total) lines could not be read (\(first?.message ?? "nothing parsed"))", at: InputLocation(file: path, line: first?.line, byteOffset: first?.byteOffset))
        }
        // Read-level warnings belong to the file: they go with its first section.
        var warnings = reader.warnings
        warnings.merge(outcomes[0].report.warnings)
        outcomes[0].report.warnings = warnings
        return outcomes
    }

    /// Samples, types and streams the records of one table (the whole file for CSV and NDJSON).
    private func scanSection(_ path: String, reader: DumpReader, source: BatchSource, first: RecordBatch, shared: SharedPersons, fixedReference: CivilDate?) throws(LeakTraceError) -> FileOutcome {
        let positional = reader.input.format != .ndjson && reader.input.format != .json
        let table = first.table

        // 0. The person sets are sized for the records the input's size suggests (the first
        // batch's records times the input's bytes over the bytes read), on another thread while
        // the sample is read and typed: sizing 1M records' sets takes 17-23 ms, which on the
        // reading thread left the other core idle before the stream started.
        let sizing = DispatchGroup()
        if let records = Scanner.expectedRecords(records: first.recordCount, bytesRead: reader.bytesConsumed, inputBytes: reader.input.bytes) {
            DispatchQueue.global().async(group: sizing) { shared.reserve(records: records) }
        }
        defer { sizing.wait() }

        // 1. Sample.
        var sample: [RecordBatch] = [first]
        var sampled = first.recordCount
        // A stop while sampling or streaming keeps what was read before it (see the report).
        var failure: LeakTraceError?
        do {
            while sampled < options.sampleRecords, let batch = try source.next(table: table) {
                sample.append(batch)
                sampled += batch.recordCount
            }
        } catch {
            failure = error
        }

        // 2. Header and columns.
        var headers: [String?]
        var hasHeader = false
        var expectedFields = 0
        if positional {
            var widths: [Int: Int] = [:]
            for b in sample {
                for r in 0 ..< b.recordCount { widths[b.fields(ofRecord: r).count, default: 0] += 1 }
            }
            let columnCount = widths.keys.max() ?? 0
            if let named = first.columns {
                // The input names the columns (a SQL dump): no header row among the records.
                expectedFields = named.count
                headers = (0 ..< max(columnCount, named.count)).map { i in i < named.count ? named[i] : nil }
            } else {
                let firstRow = first.fields(ofRecord: 0).map { first.string(field: $0) }
                hasHeader = HeaderDetector.isHeader(firstRow, sample: sample, mode: options.header)
                // Rows are checked against the header's width, else the most common width.
                expectedFields = hasHeader ? firstRow.count : (widths.max { $0.value < $1.value }?.key ?? columnCount)
                headers = (0 ..< columnCount).map { i in hasHeader && i < firstRow.count ? firstRow[i] : nil }
            }
        } else {
            headers = reader.discoveredColumns.map { Optional($0) }
        }
        var samples = [[String]](repeating: [], count: headers.count)
        for (b, batch) in sample.enumerated() {
            for r in 0 ..< batch.recordCount where !(b == 0 && r == 0 && hasHeader) {
                for (position, f) in batch.fields(ofRecord: r).enumerated() {
                    let column = positional ? position : Int(batch.fieldColumn[f])
                    guard column < samples.count, samples[column].count < 1000 else { continue }
                    samples[column].append(batch.string(field: f))
                }
            }
        }

        // 3. Types (columns typed in parallel), then the reference date. Validity does not depend
        // on the century, so the types hold whatever reference date is chosen afterwards.
        let typer = ColumnTyper(voteThreshold: options.voteThreshold, referenceDate: fixedReference ?? options.today)
        let decided = PlanSlots(count: headers.count)
        let columnHeaders = headers
        let columnSamples = samples
        DispatchQueue.concurrentPerform(iterations: columnHeaders.count) { i in
            decided.set(i, typer.decide(index: i, header: columnHeaders[i], samples: columnSamples[i]))
        }
        let plans = decided.values
        var reference = fixedReference ?? options.today
        var autoReference: CivilDate?
        if fixedReference == nil {
            var latest: CivilDate?
            for (i, plan) in plans.enumerated() where plan.type == .date {
                for v in samples[i] {
                    let d = CellClassifier.detect(.date, text: v, context: CellContext(columnType: .date, referenceDate: options.today))
                    if let date = d.facts.birthDate, date <= options.today, latest.map({ date > $0 }) ?? true { latest = date }
                }
            }
            if let latest {
                reference = latest
                autoReference = latest
            }
        }

        // 4. Stream: the sample first, then the rest, on a pool of workers.
        let pool = WorkerPool(count: options.workers) {
            ScanWorker(plans: plans, expectedFields: expectedFields, referenceDate: reference, today: options.today, emitTypes: options.emitDirectory == nil ? [] : options.emitTypes, positional: positional, sink: options.identitySink, dateColumns: options.identityDateColumns)
        }
        // One serial queue per worker: each gets a thread of its own. Blocks on the global
        // concurrent queue would share its width (one thread per core) with the thread that
        // reads, which is itself a pool thread when the scan runs under Swift Concurrency, and
        // ran one batch at a time on two cores. Each lane holds at most one batch waiting, and a
        // batch goes to the lane with the least work.
        let lanes = (0 ..< max(1, options.workers)).map { DispatchQueue(label: "leaktrace.scan.worker\($0)") }
        let load = LaneLoad(lanes: lanes.count, depth: 2)
        let group = DispatchGroup()
        var sequence = 0
        var lastProgress = Date()
        let recordsSeen = RecordCounter()
        func submit(_ batch: RecordBatch, skipFirst: Bool) {
            let number = sequence
            let lane = load.claim()
            group.enter()
            sequence += 1
            let numbers = shared.claimBatch(records: batch.recordCount)
            lanes[lane].async {
                let worker = pool.take()
                worker.process(batch, sequence: number, numbers: numbers, firstRecord: skipFirst ? 1 : 0, shared: shared)
                recordsSeen.value.add(batch.recordCount, ordering: .relaxed)
                pool.give(worker)
                load.release(lane)
                group.leave()
            }
        }
        func report(_ done: Int) {
            guard let progress = options.progress, Date().timeIntervalSince(lastProgress) >= 1 else { return }
            lastProgress = Date()
            progress(ScanProgress(path: path, bytesDone: done, bytesTotal: reader.input.bytes, records: recordsSeen.value.load(ordering: .relaxed)))
        }
        for (b, batch) in sample.enumerated() {
            submit(batch, skipFirst: b == 0 && hasHeader)
        }
        sample = []
        do {
            while failure == nil, let batch = try source.next(table: table) {
                submit(batch, skipFirst: false)
                report(reader.bytesConsumed)
            }
        } catch {
            failure = error
        }
        group.wait()
        for worker in pool.all { worker.finish(shared) }
        // A mapped file that shrank while its batches were classified was partly read as zeros.
        if failure == nil {
            do { try reader.checkUnchanged() } catch { failure = error }
        }

        var totals = WorkerTotals(columnCount: plans.count)
        for worker in pool.all { totals.merge(worker.totals) }
        totals.warnings.log = WarningLog()
        for worker in pool.all { totals.warnings.log.merge(worker.totals.warnings.log) }
        // Per-type distinct estimates: the union of the estimators of that type's columns.
        for (c, plan) in plans.enumerated() where c < totals.columns.count {
            guard let type = plan.type else { continue }
            var e = totals.typeDistinct[type] ?? DistinctEstimator()
            e.merge(totals.columns[c].distinct)
            totals.typeDistinct[type] = e
        }
        let warnings = totals.warnings.log

        let columns = ReportBuilder.profiles(plans: plans, tallies: totals.columns, records: totals.records)
        let fileReport = FileReport(
            path: path, table: table, container: reader.input.container, format: reader.input.format.rawValue, delimiter: reader.input.delimiter, encoding: reader.input.encoding,
            formatDecision: reader.input.formatDecision, hasHeader: hasHeader, bytes: reader.input.bytes, records: totals.records,
            invalidRows: totals.invalidRows, paddingRows: totals.paddingRows, blankRows: totals.blankRows,
            invalidUTF8Cells: totals.invalidUTF8Cells, columns: columns, warnings: warnings,
            // A stop mid-stream keeps what was read before it, with the reason.
            error: failure?.description
        )
        return FileOutcome(report: fileReport, totals: totals, plans: plans, autoReference: autoReference)
    }
}

/// The reader's batches, one table at a time: a batch of the next table waits for its section.
final class BatchSource {
    private let reader: DumpReader
    private let keepGoing: Bool
    private var held: RecordBatch?

    init(reader: DumpReader, keepGoing: Bool) {
        self.reader = reader
        self.keepGoing = keepGoing
    }

    /// A strict scan stops at the first record the reader could not read, naming where; the
    /// records before it are still handed out, the error comes on the next call.
    private var stop: LeakTraceError?

    private func damage() -> (error: LeakTraceError, offset: Int)? {
        guard !keepGoing, let bad = reader.warnings.firstBadRecord else { return nil }
        let error = LeakTraceError(
            .malformedInput, "\(bad.message); stopped at the first bad record (--keep-going skips bad records and counts them)",
            at: InputLocation(file: reader.input.path, line: bad.line, byteOffset: bad.byteOffset >= 0 ? bad.byteOffset : nil)
        )
        return (error, bad.byteOffset)
    }

    /// The next batch of `table` (or of any table), or nil when the table (or the input) ends.
    func next(table: String?, anyTable: Bool = false) throws(LeakTraceError) -> RecordBatch? {
        if let stop { throw stop }
        var batch: RecordBatch
        if let held {
            batch = held
            self.held = nil
        } else if let read = try reader.nextBatch() {
            batch = read
            if let (error, offset) = damage() {
                stop = error
                batch = batch.prefix(recordsBefore: offset)
                if batch.isEmpty { throw error }
            }
        } else {
            if let (error, _) = damage() {
                stop = error
                throw error
            }
            return nil
        }
        if anyTable || batch.table == table { return batch }
        held = batch
        return nil
    }
}

/// Column plans filled in by parallel typing tasks, one slot each.
final class PlanSlots: Sendable {
    private let slots: Mutex<[ColumnPlan?]>

    init(count: Int) {
        slots = Mutex([ColumnPlan?](repeating: nil, count: count))
    }

    func set(_ index: Int, _ plan: ColumnPlan) {
        slots.withLock { $0[index] = plan }
    }

    var values: [ColumnPlan] {
        slots.withLock { $0.compactMap { $0 } }
    }
}

/// A record count shared by the workers, for progress lines.
final class RecordCounter: Sendable {
    let value = Atomic<Int>(0)
}

/// The batches queued or running on each worker lane, at most `depth` per lane.
///
/// A batch goes to the least loaded lane. Handing them out in turn made the reader wait for a
/// lane whose thread had been preempted (two workers and the reader share two cores) while the
/// other lane ran dry.
final class LaneLoad: Sendable {
    private let counts: Mutex<[Int]>
    private let room: DispatchSemaphore

    init(lanes: Int, depth: Int) {
        counts = Mutex([Int](repeating: 0, count: lanes))
        room = DispatchSemaphore(value: lanes * depth)
    }

    /// Waits for room, then takes a place on the lane with the fewest batches. The semaphore
    /// admits at most `lanes * depth` batches, so that lane has fewer than `depth`.
    func claim() -> Int {
        room.wait()
        return counts.withLock { c in
            var best = 0
            for i in c.indices where c[i] < c[best] { best = i }
            c[best] += 1
            return best
        }
    }

    func release(_ lane: Int) {
        counts.withLock { $0[lane] -= 1 }
        room.signal()
    }
}

/// A fixed set of workers handed out one task at a time.
final class WorkerPool: Sendable {
    private let free: Mutex<[ScanWorker]>
    let all: [ScanWorker]

    init(count: Int, make: () -> ScanWorker) {
        let workers = (0 ..< count + 1).map { _ in make() }
        all = workers
        free = Mutex(workers)
    }

    /// Takes a free worker. There is always one: at most `count` tasks run at once (one per lane).
    func take() -> ScanWorker {
        free.withLock { $0.removeLast() }
    }

    func give(_ worker: ScanWorker) {
        free.withLock { $0.append(worker) }
    }
}

/// Decides whether a CSV's first record is a header row.
enum HeaderDetector {
    static func isHeader(_ row: [String], sample: [RecordBatch], mode: ScanOptions.HeaderMode) -> Bool {
        switch mode {
        case .present: return true
        case .absent: return false
        case .auto: break
        }
        let cells = row.map { $0.trimmingCharacters(in: .whitespaces) }
        guard !cells.isEmpty, cells.allSatisfy({ !$0.isEmpty }) else { return false }
        // A header cell never validates as an identifier or reads as a person's name (a data row
        // taken for a header would put personal values into the report's column names).
        // Each cell's vocabulary hint is worked out once (it is the costly part on wide rows).
        var hinted = false
        for cell in cells {
            if MyKad.detect(cell).verdict.isValid || Phone.detect(cell).verdict.isValid || Email.detect(cell).verdict.isValid { return false }
            let hint = HeaderVocabulary.classify(cell)
            if hint != nil { hinted = true }
            if hint == nil && PersonName.detect(cell).verdict.isValid { return false }
        }
        if hinted { return true }
        // Otherwise: header cells are words, and some column's values below are mostly digits.
        // Words, or identifier-style names such as `c01`, `col_3`, `field12`.
        func isWordLike(_ s: String) -> Bool {
            let scalars = Array(s.unicodeScalars)
            if let first = scalars.first, CharacterSet.letters.contains(first),
               scalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || $0 == "_" }) {
                return true
            }
            let letters = scalars.filter { CharacterSet.letters.contains($0) }.count
            return letters * 2 >= scalars.count
        }
        guard cells.allSatisfy(isWordLike) else { return false }
        guard cells.count == Set(cells).count else { return false }
        let batch = sample[0]
        var digitColumns = 0
        for c in 0 ..< cells.count {
            var digitHeavy = 0
            var seen = 0
            for r in 1 ..< min(batch.recordCount, 200) {
                let fields = batch.fields(ofRecord: r)
                guard c < fields.count else { continue }
                let v = batch.string(field: fields.lowerBound + c)
                seen += 1
                let digits = v.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }.count
                if digits * 2 > v.utf8.count { digitHeavy += 1 }
            }
            if seen > 0 && digitHeavy * 2 > seen { digitColumns += 1 }
        }
        return digitColumns > 0 || batch.recordCount == 1
    }
}
