import Crypto
import Dispatch
import Foundation
import Identifiers
import LeakTraceCore
import Synchronization
import Triage

/// `breach add`: scans a dump and indexes every kept record's lookup identifiers as keyed hashes.
///
/// Streamed (the scanner's bounded pipeline), batched (one transaction per scan batch, entries
/// de-duplicated and sorted), resumable: batches are committed in reading order, each
/// transaction also stores how many records of the scan are committed, and a re-run skips
/// those records (their numbering does not depend on batch sizes or worker counts). Writes are
/// idempotent besides, so a kill between any two instructions loses and double-counts nothing;
/// `PwnCount` is counted from the index at the end, never incremented.
public struct Ingestor: Sendable {
    public struct Request: Sendable {
        public var path: String
        public var breach: Breach
        public var scan: ScanOptions
        /// Where to write the triage report (JSON); its SHA-256 becomes the breach's report id.
        public var reportPath: String?

        public init(path: String, breach: Breach, scan: ScanOptions, reportPath: String? = nil) {
            self.path = path
            self.breach = breach
            self.scan = scan
            self.reportPath = reportPath
        }
    }

    public struct Result: Sendable {
        public var breach: Breach
        public var report: ScanReport?
        /// Records of the scan already committed by an earlier, interrupted run (0 if none).
        public var resumedFromRecord: Int
        public var entries: Int
        public var alreadyIndexed: Bool
        public var seconds: Double
    }

    public struct Progress: Sendable {
        public var recordsRead: Int
        public var recordsCommitted: Int
        public var entriesWritten: Int
    }

    public let store: any ExposureStore
    public let key: IndexKey
    /// Batches a worker may run ahead of the last committed one before it waits.
    public var window = 6

    public init(store: any ExposureStore, key: IndexKey) {
        self.store = store
        self.key = key
    }

    public func run(_ request: Request, progress: (@Sendable (Progress) -> Void)? = nil) async throws -> Result {
        let started = Date()
        try await store.bindKey(checkValue: key.checkValue)
        let fileHash = try Ingestor.sha256(ofFile: request.path)
        var breach: Breach
        var resumeFrom = 0
        if let existing = try await store.breach(named: request.breach.name) {
            guard existing.fileSHA256 == fileHash else {
                throw StoreError(.conflict, "breach \(existing.name) exists and was made from another file; `leaktrace breach remove \(existing.name)` first")
            }
            switch existing.status {
            case .ready:
                return Result(breach: existing, report: nil, resumedFromRecord: 0, entries: 0, alreadyIndexed: true, seconds: 0)
            case .retired:
                throw StoreError(.conflict, "breach \(existing.name) is retired: its identifiers were deleted for good; `leaktrace breach remove \(existing.name)` to index it again")
            case .indexing:
                breach = existing
                resumeFrom = try await store.checkpoint(breachId: existing.id!)
            }
        } else {
            var fresh = request.breach
            fresh.fileSHA256 = fileHash
            fresh.status = .indexing
            breach = try await store.insertBreach(fresh)
        }
        guard let breachId = breach.id else { throw StoreError(.unavailable, "the store returned a breach without an id") }

        // Scan on a thread of its own; hash on the scan's workers; commit here, in order.
        let sink = IndexSink(key: key, skipBelow: resumeFrom, window: window)
        var options = request.scan
        options.identitySink = sink
        let scanner = Scanner(options: options)
        let path = request.path
        let scanTask = Task.detached { () -> ScanReport in
            let report = scanner.scan(paths: [path])
            sink.finish()
            return report
        }
        var committed = resumeFrom
        var entries = 0
        do {
            for await ready in sink.stream {
                try Task.checkCancellation()
                try await store.writeEntries(ready.entries, breachId: breachId, checkpoint: ready.recordsThrough)
                committed = ready.recordsThrough
                entries += ready.entries.count
                sink.committed(through: ready.ordinal)
                progress?(Progress(recordsRead: sink.recordsRead, recordsCommitted: committed, entriesWritten: entries))
            }
        } catch {
            sink.abort()
            _ = await scanTask.value
            throw error
        }
        let report = await scanTask.value
        if let failed = report.files.first(where: { $0.error != nil }), report.totals.records == 0 || !request.scan.keepGoing {
            // A dump that stopped part-way is not indexed as complete: the breach stays `indexing`.
            throw LeakTraceError(.malformedInput, "\(failed.path): \(failed.error ?? "unreadable"); the breach stays unfinished (fix the file or use --keep-going, then run the same command again)")
        }

        let counts = try await store.counts(breachId: breachId)
        breach.pwnCount = counts.persons
        breach.records = report.totals.records
        breach.dataClasses = Ingestor.dataClasses(of: report)
        breach.snapshotEarliest = report.snapshot.notBefore?.description
        breach.snapshotLatest = report.snapshot.latestRecordDate?.description
        // No breach date given: the snapshot's latest record date is the best guide (HIBP's
        // BreachDate is "a guide only"), else the day it was indexed.
        if breach.breachDate.isEmpty {
            breach.breachDate = breach.snapshotLatest ?? String(breach.addedDate.prefix(10))
        }
        if let reportPath = request.reportPath {
            let json = try ReportRenderer.json(report)
            try Data(json.utf8).write(to: URL(fileURLWithPath: reportPath))
            breach.reportId = Hex.encode(Array(SHA256.hash(data: Data(json.utf8))))
        }
        breach.status = .ready
        breach.modifiedDate = Breach.timestamp(Date())
        try await store.updateBreach(breach)
        return Result(breach: breach, report: report, resumedFromRecord: resumeFrom, entries: counts.entries, alreadyIndexed: false, seconds: Date().timeIntervalSince(started))
    }

    /// The breach's data classes from its scan report (HIBP titles, alphabetical).
    public static func dataClasses(of report: ScanReport) -> [String] {
        var mask: UInt64 = 0
        for c in report.dataClasses where c.occurrences > 0 {
            if let t = IdentifierType(rawValue: c.type), let d = DataClass(t) { mask |= d.bit }
        }
        for s in report.sensitiveClasses where s.filledCells > 0 {
            if let k = SensitiveClass(rawValue: s.category) { mask |= DataClass(k).bit }
        }
        return DataClass.titles(of: mask)
    }

    /// SHA-256 of a file, streamed: the evidence hash and the resume check.
    public static func sha256(ofFile path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LeakTraceError(.io, "cannot open the dump", at: InputLocation(file: path))
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { break }
            hasher.update(data: chunk)
        }
        return Hex.encode(Array(hasher.finalize()))
    }

    /// The entries of one scan batch: keyed hashes, one person per record, de-duplicated, sorted.
    public static func entries(of rows: [RecordIdentities], key: IndexKey) -> [IndexEntry] {
        var byHash: [IdentifierHash: IndexEntry] = [:]
        byHash.reserveCapacity(rows.count * 2)
        for row in rows {
            let classes = DataClass.mask(types: row.types, sensitive: row.sensitive)
            let hashes = row.identifiers.map { key.hash($0.type, canonical: $0.canonical) }
            // The person: the first MyKad, else the first phone, else the first email.
            var personIndex = 0
            for priority in [LookupType.mykad, .phone, .email] {
                if let i = row.identifiers.firstIndex(where: { $0.type == priority }) {
                    personIndex = i
                    break
                }
            }
            let person = hashes[personIndex].personId
            for h in hashes {
                if var known = byHash[h] {
                    known.classes |= classes
                    byHash[h] = known
                } else {
                    byHash[h] = IndexEntry(hash: h, person: person, classes: classes)
                }
            }
        }
        return byHash.values.sorted { $0.hash < $1.hash }
    }
}

/// Takes the scan's batches from its workers, hashes them there, and hands them to the writer in
/// batch order. A worker more than `window` batches ahead of the last commit waits, so memory
/// stays bounded whatever the dump's size.
final class IndexSink: IdentitySink, @unchecked Sendable {
    // @unchecked: all mutable state is behind `condition`.
    struct Ready: Sendable {
        var ordinal: Int
        /// Records of the scan committed once this batch is: its checkpoint.
        var recordsThrough: Int
        var entries: [IndexEntry]
    }

    private let key: IndexKey
    private let skipBelow: Int
    private let window: Int
    private let condition = NSCondition()
    private var pending: [Int: Ready] = [:]
    private var nextToSend = 0
    private var lastCommitted = -1
    private var aborted = false
    private var read = 0
    let stream: AsyncStream<Ready>
    private let continuation: AsyncStream<Ready>.Continuation

    init(key: IndexKey, skipBelow: Int, window: Int) {
        self.key = key
        self.skipBelow = skipBelow
        self.window = window
        (stream, continuation) = AsyncStream.makeStream(of: Ready.self, bufferingPolicy: .unbounded)
    }

    var recordsRead: Int {
        condition.lock()
        defer { condition.unlock() }
        return read
    }

    func accept(_ batch: IdentityBatch) {
        condition.lock()
        read += batch.recordCount
        condition.unlock()
        // Records an earlier run committed are skipped; a batch straddling the checkpoint keeps
        // only its later records. Every batch still passes through, in order, so the writer's
        // sequence has no holes (an empty batch costs an empty transaction).
        let end = batch.firstRecord + batch.recordCount
        let rows = end <= skipBelow ? [] : batch.firstRecord >= skipBelow ? batch.rows : batch.rows.filter { batch.firstRecord + Int($0.record) >= skipBelow }
        let entries = rows.isEmpty ? [] : Ingestor.entries(of: rows, key: key)
        condition.lock()
        defer { condition.unlock() }
        while !aborted && batch.ordinal > lastCommitted + window {
            condition.wait()
        }
        if aborted { return }
        pending[batch.ordinal] = Ready(ordinal: batch.ordinal, recordsThrough: max(end, skipBelow), entries: entries)
        while let next = pending.removeValue(forKey: nextToSend) {
            // Batches wholly before the checkpoint are not written again.
            if next.recordsThrough > skipBelow || !next.entries.isEmpty { continuation.yield(next) } else { lastCommitted = next.ordinal }
            nextToSend += 1
        }
        condition.broadcast()
    }

    /// The writer committed batches up to `ordinal`: wake workers waiting for room.
    func committed(through ordinal: Int) {
        condition.lock()
        lastCommitted = ordinal
        condition.broadcast()
        condition.unlock()
    }

    /// The scan ended: no more batches.
    func finish() {
        continuation.finish()
    }

    /// The writer failed: let the scan run out without waiting or keeping anything.
    func abort() {
        condition.lock()
        aborted = true
        pending = [:]
        condition.broadcast()
        condition.unlock()
    }
}
