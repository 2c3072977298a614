import Exposure
import Foundation
import Testing

@testable import SQLiteStore

/// Index size, insert throughput and lookup latency of `SQLiteStore` on a large synthetic index.
/// Runs only with `LEAKTRACE_SIZE_REPORT=1`; prints its figures.
///
/// - `LEAKTRACE_SIZE_ENTRIES` (default 10,000,000) entries, in batches of `LEAKTRACE_SIZE_BATCH`
///   (default 10,000) sorted random hashes, round-robin over 3 breaches; persons are 48-bit,
///   three entries per person as a record's MyKad, phone and email; classes are small masks.
/// - `LEAKTRACE_PAGE_SIZE` overrides the page size of the new file.
/// - `LEAKTRACE_SIZE_VACUUM=1` also reports the size after a VACUUM.
/// - `LEAKTRACE_SIZE_DIR` is where the file goes (default: the temporary directory); it is deleted.
///
/// Figures on 10M entries, release build of the same sources, 2 shared cores under a load of ~7
/// (2026-11-23): page size 4096, 37.6 bytes/identifier (34.0 after VACUUM, 8 s); insert 38.5k rows/s
/// (21.8k with SQLite's default 1000-page auto-checkpoint; page size 8192: 37.1 bytes, 19.5k rows/s);
/// `lookup` 16.8 µs p50, 32 µs p99 (GRDB's async `read`: 33 µs p50, 243 µs p99); 46k lookups/s
/// from 8 concurrent tasks; `counts` of a 3.3M-entry breach 5.0 s, its `deleteEntries` 2.7 s.
@Suite("Index size report", .enabled(if: ProcessInfo.processInfo.environment["LEAKTRACE_SIZE_REPORT"] == "1"))
struct IndexSizeReport {
    let env = ProcessInfo.processInfo.environment

    @Test("bytes per identifier, insert rows/s, lookup latency")
    func report() async throws {
        let total = Int(env["LEAKTRACE_SIZE_ENTRIES"] ?? "") ?? 10_000_000
        let batchSize = Int(env["LEAKTRACE_SIZE_BATCH"] ?? "") ?? 10_000
        let pageSize = Int(env["LEAKTRACE_PAGE_SIZE"] ?? "") ?? SQLiteStore.defaultPageSize
        let dir = (env["LEAKTRACE_SIZE_DIR"] ?? NSTemporaryDirectory()) + "/leaktrace-size-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/index.sqlite"

        let store = try SQLiteStore(path: path, pageSize: pageSize)
        try await store.migrate()
        var breaches: [Int64] = []
        for name in ["SizeA", "SizeB", "SizeC"] {
            breaches.append(try await StoreContract.inserted(store, name))
        }

        var rng = SystemRandomNumberGenerator()
        var sample: [IdentifierHash] = []
        var written = 0
        var batches = 0
        var writeTime = Duration.zero
        let clock = ContinuousClock()
        while written < total {
            let n = min(batchSize, total - written)
            var entries: [IndexEntry] = []
            entries.reserveCapacity(n)
            var person: Int64 = 0
            for i in 0..<n {
                let h = IdentifierHash(high: rng.next(), low: rng.next())
                if i % 3 == 0 { person = Int64(h.high >> 16) }
                // Mostly the usual few classes (ids, phones, names, addresses, birth dates).
                let classes: UInt64 = 0b10_1100_0101 | (rng.next() & 0b1_0000_0000_0000)
                entries.append(IndexEntry(hash: h, person: person, classes: classes))
            }
            entries.sort { $0.hash < $1.hash }
            for i in stride(from: Int.random(in: 0..<500), to: n, by: 500) { sample.append(entries[i].hash) }
            let breachId = breaches[batches % breaches.count]
            let start = clock.now
            try await store.writeEntries(entries, breachId: breachId, checkpoint: batches / breaches.count + 1)
            writeTime += clock.now - start
            written += n
            batches += 1
            if batches % 100 == 0 {
                print("size report: \(written) entries, \(Int(Double(written) / seconds(writeTime))) rows/s so far")
            }
        }
        let insertRate = Double(written) / seconds(writeTime)

        try await store.checkpointWAL()
        let size = try fileSize(path)
        print("size report: page size \(pageSize), \(written) entries in \(batches) batches of \(batchSize)")
        print("size report: insert \(Int(insertRate)) rows/s (\(String(format: "%.1f", seconds(writeTime))) s in writeEntries)")
        print("size report: file \(size) bytes = \(String(format: "%.2f", Double(size) / Double(written))) bytes/identifier")
        if let pages = try await store.pageCount(of: "index_entry") {
            print("size report: index_entry \(pages) pages = \(String(format: "%.2f", Double(pages * pageSize) / Double(written))) bytes/identifier")
        }

        try await lookups(store, sample)

        var start = clock.now
        let counts = try await store.counts(breachId: breaches[0])
        print(
            "size report: counts of one breach (\(counts.persons) persons, \(counts.entries) entries): \(String(format: "%.2f", seconds(clock.now - start))) s"
        )

        if env["LEAKTRACE_SIZE_VACUUM"] == "1" {
            start = clock.now
            try await store.vacuum()
            let vacuumed = try fileSize(path)
            print(
                "size report: after VACUUM (\(String(format: "%.1f", seconds(clock.now - start))) s): \(vacuumed) bytes = \(String(format: "%.2f", Double(vacuumed) / Double(written))) bytes/identifier"
            )
            try await lookups(store, sample)
        }

        start = clock.now
        try await store.deleteEntries(breachId: breaches[0])
        print("size report: deleteEntries of one breach: \(String(format: "%.2f", seconds(clock.now - start))) s")
    }

    /// Latency of one lookup from an async context, for hits and misses, three ways.
    func lookups(_ store: SQLiteStore, _ sample: [IdentifierHash]) async throws {
        var rng = SystemRandomNumberGenerator()
        let misses = (0..<sample.count).map { _ in IdentifierHash(high: rng.next(), low: rng.next()) }
        let probes = (sample + misses).shuffled()
        let clock = ContinuousClock()

        let variants: [(String, @Sendable (IdentifierHash) async throws -> Int)] = [
            ("store.lookup (sync unsafeRead)", { try await store.lookup($0).count }),
            ("sync read (with transaction)", { try store.lookupInTransaction($0) }),
            ("async read", { try await store.lookupAsyncRead($0) }),
        ]
        for (name, lookup) in variants {
            // Warm the page cache and the statement caches.
            for h in probes.prefix(2000) { _ = try await lookup(h) }
            var durations: [Duration] = []
            durations.reserveCapacity(probes.count)
            var found = 0
            for h in probes {
                let start = clock.now
                found += try await lookup(h)
                durations.append(clock.now - start)
            }
            durations.sort()
            let mean = seconds(durations.reduce(.zero, +)) / Double(durations.count) * 1e6
            let p50 = seconds(durations[durations.count / 2]) * 1e6
            let p99 = seconds(durations[durations.count * 99 / 100]) * 1e6
            print(
                "size report: \(name): \(String(format: "%.1f", mean)) µs/call mean, p50 \(String(format: "%.1f", p50)) µs, p99 \(String(format: "%.1f", p99)) µs over \(probes.count) calls (\(found) hits)"
            )
        }

        // Throughput with as many concurrent callers as a server would have.
        let tasks = 8
        let perTask = probes.count
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for t in 0..<tasks {
                group.addTask {
                    for i in 0..<perTask {
                        _ = try await store.lookup(probes[(i + t * 7919) % probes.count])
                    }
                }
            }
            try await group.waitForAll()
        }
        let rate = Double(tasks * perTask) / seconds(clock.now - start)
        print("size report: store.lookup, \(tasks) concurrent tasks: \(Int(rate)) lookups/s")
    }

    func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    func fileSize(_ path: String) throws -> Int {
        var size = 0
        for suffix in ["", "-wal", "-shm"] {
            if let attrs = try? FileManager.default.attributesOfItem(atPath: path + suffix) {
                size += (attrs[.size] as? Int) ?? 0
            }
        }
        return size
    }
}
