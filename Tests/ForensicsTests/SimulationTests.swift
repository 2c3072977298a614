import Foundation
import LeakTraceCore
import Testing

@testable import Forensics

/// A seeded simulation of a web application's access log: many ordinary sessions, several
/// insiders with legitimate bulk access, a colleague whose reads overlap the thief's, and one
/// session that exfiltrates a slice of the table slowly. The leak is a subset of the thief's rows
/// plus unrelated rows (spec §8.3 item 8, scaled down to run in seconds in a debug build).
struct SimulatedWorld {
    static let mapping = LogMapping(
        leak: LogMapping.LeakSpec(column: "id", normalize: .lower),
        tableSize: nil,
        sources: [LogMapping.SourceSpec(
            name: "web", format: .combined, timezone: nil, fields: nil,
            routes: [
                LogMapping.Route(method: "GET", path: "/customers/{key}"),
                LogMapping.Route(method: "GET", path: "/api/customers", query: "ids", split: ","),
                LogMapping.Route(method: "GET", path: "/export/customers.csv", wholeTable: true),
            ],
            sql: nil, keyFile: nil,
            session: LogMapping.SessionSpec(fields: [FieldSpec(field: "cookie:sid")], idleGap: nil),
            account: FieldSpec(field: "user"), address: nil
        )]
    )

    var reads: [RecordRead] = []
    var leakIDs: [Int] = []
    var thieves: [String] = []
    var thiefAddress = ""
    var tableSize: Int

    /// - Parameters: sessions: ordinary sessions; thieves: sessions whose reads the leak is drawn
    ///   from (each from its own part of the table).
    init(seed: UInt64, tableSize: Int = 60_000, sessions: Int = 1_000, insiders: Int = 5, thieves thiefCount: Int = 1, bulkExport: Bool = false) {
        var g = SplitMix(seed: seed)
        self.tableSize = tableSize
        let start = 1_700_000_000.0
        func reads(_ ids: [Int], sid: String, user: String, address: String, batch: Int, from t0: Double, spacing: Double) {
            var t = t0
            var i = 0
            while i < ids.count {
                let chunk = ids[i ..< min(ids.count, i + batch)]
                self.reads.append(RecordRead(time: t, session: sid, account: user, address: address, keys: chunk.map(String.init)))
                t += spacing
                i += batch
            }
        }
        let hot = (0 ..< 2_000).map { _ in Int.random(in: 1 ... tableSize, using: &g) }
        // Ordinary sessions: a few records each, half of them popular ones, behind shared NAT addresses.
        for s in 0 ..< sessions {
            let n = Int.random(in: 1 ... 6, using: &g)
            let ids = (0 ..< n).map { _ in Bool.random(using: &g) ? hot.randomElement(using: &g)! : Int.random(in: 1 ... tableSize, using: &g) }
            let address = "10.0.\(s % 20).\(1 + s % 200)"
            reads(ids, sid: "u\(s)", user: "user\(s)", address: address, batch: 1, from: start + Double.random(in: 0 ... 86_400, using: &g), spacing: 30)
        }
        // Insiders with legitimate bulk access (call centre, reporting).
        for s in 0 ..< insiders {
            let ids = (0 ..< Int.random(in: 1_000 ... 4_000, using: &g)).map { _ in Int.random(in: 1 ... tableSize, using: &g) }
            reads(ids, sid: "staff\(s)", user: "staff\(s)", address: "10.9.0.\(s + 1)", batch: 50, from: start + Double.random(in: 0 ... 40_000, using: &g), spacing: 20)
        }
        if bulkExport {
            self.reads.append(RecordRead(time: start + 100, session: "etl", account: "etl", address: "10.9.9.9", keys: [], wholeTable: true))
        }
        // Thieves: each walks a random slice slowly (10 ids per request, a request a minute).
        var stolen: [Int] = []
        var thiefRows: [[Int]] = []
        for t in 0 ..< thiefCount {
            let size = Int.random(in: 300 ... 3_000, using: &g)
            let region = tableSize / thiefCount
            let first = t * region + Int.random(in: 1 ... (region - size), using: &g)
            let ids = Array(first ..< first + size).shuffled(using: &g)
            thiefRows.append(ids)
            let sid = "thief\(t)"
            thieves.append(sid)
            reads(ids, sid: sid, user: "staff-x\(t)", address: "203.0.113.\(50 + t)", batch: 10, from: start + Double.random(in: 0 ... 40_000, using: &g), spacing: 60)
        }
        thiefAddress = "203.0.113.50"
        // A colleague who read part of the same slice (and much else).
        if let rows = thiefRows.first {
            let overlap = rows.prefix(rows.count / 4)
            let other = (0 ..< 1_500).map { _ in Int.random(in: 1 ... tableSize, using: &g) }
            reads((Array(overlap) + other).shuffled(using: &g), sid: "colleague", user: "colleague", address: "10.9.0.99", batch: 25, from: start + 5_000, spacing: 40)
        }
        // The leak: a share of each thief's rows, plus unrelated rows.
        for rows in thiefRows {
            let share = Double.random(in: 0.2 ... 0.6, using: &g)
            stolen += rows.shuffled(using: &g).prefix(Int(Double(rows.count) * share))
        }
        let noise = max(1, Int(Double(stolen.count) * Double.random(in: 0.01 ... 0.05, using: &g)))
        stolen += (0 ..< noise).map { _ in Int.random(in: 1 ... tableSize, using: &g) }
        leakIDs = stolen
        self.reads.shuffle(using: &g)
    }

    func leakKeys(_ hasher: KeyHasher) -> LeakKeys {
        var keys = LeakKeys()
        for id in leakIDs {
            keys.rows += 1
            keys.insert(hasher.hash(String(id))!)
        }
        return keys
    }

    func correlate(tableSize: Int? = nil, top: Int = 10) throws -> CorrelationReport {
        let hasher = KeyHasher(normalization: .lower)
        var options = CorrelationOptions()
        options.top = top
        options.tableSize = tableSize ?? self.tableSize
        let correlator = try Correlator(mapping: Self.mapping, leak: leakKeys(hasher), hasher: hasher, options: options)
        correlator.ingest(reads: reads, source: "web", label: "simulated")
        return correlator.report(leakFile: "simulated", geoip: nil)
    }
}

@Suite("Session ranking on simulated logs")
struct SimulationTests {
    /// ≥ 1,000 sessions and several insiders per trial; the thief must rank first in ≥ 95 % of
    /// trials (spec §8.3 item 8 asks 99 % at 10,000 sessions over 5M rows; see docs/log-forensics.md).
    @Test("the exfiltrating session ranks first in at least 95% of seeded trials")
    func rankFirst() async throws {
        let trials = 48
        let results = try await withThrowingTaskGroup(of: (Bool, Bool, Int).self) { group in
            for trial in 0 ..< trials {
                group.addTask {
                    let world = SimulatedWorld(seed: 0xF0_0000 + UInt64(trial))
                    let report = try world.correlate()
                    let sessionFirst = report.sessions.first?.label == "web | thief0"
                    let accountFirst = report.accounts.first?.label == "staff-x0"
                    return (sessionFirst, accountFirst, report.sessionCount)
                }
            }
            var all: [(Bool, Bool, Int)] = []
            for try await r in group { all.append(r) }
            return all
        }
        let sessionHits = results.filter(\.0).count
        let accountHits = results.filter(\.1).count
        let rate = Double(sessionHits) / Double(trials)
        print("simulation: \(trials) trials, \(results.map(\.2).min() ?? 0)+ sessions each; thief session ranked first in \(sessionHits) (\(String(format: "%.1f", rate * 100))%), thief account first in \(accountHits)")
        #expect(results.allSatisfy { $0.2 >= 1_000 })
        #expect(rate >= 0.95, "thief ranked first in \(sessionHits) of \(trials) trials")
        #expect(Double(accountHits) / Double(trials) >= 0.95)
    }

    @Test("a leak drawn from three sessions: the greedy cover returns exactly those three first")
    func coverOfThree() throws {
        for seed in UInt64(1) ... 3 {
            let world = SimulatedWorld(seed: 0xC0_0000 + seed, thieves: 3)
            let report = try world.correlate()
            let firstThree = Set(report.cover.prefix(3).map(\.session))
            #expect(firstThree == ["web | thief0", "web | thief1", "web | thief2"], "seed \(seed): \(report.cover.map(\.session))")
            #expect(report.coverExplains >= 0.9)
            #expect(report.caveat == nil)
        }
    }

    @Test("a whole-table leak: the caveat is given and bulk readers rank first by coverage")
    func wholeTable() throws {
        var world = SimulatedWorld(seed: 77, tableSize: 5_000, sessions: 1_000, bulkExport: true)
        world.leakIDs = Array(1 ... 5_000)
        let report = try world.correlate(tableSize: 5_000)
        #expect(report.wholeTableLeak)
        #expect(report.caveat?.contains("whole table") == true)
        #expect(report.sessions.first?.label == "web | etl")
        #expect(report.sessions.first?.coverage == 1)
        // Specificity says nothing: nobody is above chance.
        #expect(report.sessions.allSatisfy { $0.specificity < 1 })
        // The same bulk export does not outrank the thief when the leak is only a slice.
        var sliced = SimulatedWorld(seed: 78, bulkExport: true)
        sliced.leakIDs = Array(sliced.leakIDs)
        let r2 = try sliced.correlate(top: 100_000)
        #expect(r2.sessions.first?.label == "web | thief0")
        #expect(r2.sessions.contains { $0.label == "web | etl" && $0.specificity == 0 })
    }
}

@Suite("The report never prints a personal value")
struct RedactionTests {
    @Test("MyKad keys in URLs and e-mail logins appear masked or as counts only")
    func noPersonalValues() throws {
        // Synthetic MyKad-shaped keys and a synthetic e-mail login.
        let keys = (0 ..< 40).map { String(format: "9901%02d14%04d", $0 % 28 + 1, 1_000 + $0) }
        let email = "siti.aminah@example.my"
        let mapping = LogMapping(
            leak: LogMapping.LeakSpec(column: "ic", normalize: .digits), tableSize: 10_000,
            sources: [LogMapping.SourceSpec(
                name: "web", format: .combined, timezone: nil, fields: nil,
                routes: [LogMapping.Route(method: "GET", path: "/lookup", query: "ic")], sql: nil, keyFile: nil,
                session: LogMapping.SessionSpec(fields: [FieldSpec(field: "user"), FieldSpec(field: "address")], idleGap: 1_800),
                account: FieldSpec(field: "user"), address: nil
            )]
        )
        let hasher = KeyHasher(normalization: .digits)
        var leak = LeakKeys()
        for k in keys.prefix(30) { leak.insert(hasher.hash(k)!) }
        var lines: [LogLine] = []
        for (i, k) in keys.enumerated() {
            var line = LogLine(line: i + 1)
            line.time = 1_700_000_000 + Double(i * 60)
            line.address = "198.51.100.7"
            line.user = i < 35 ? email : "880101145566"
            line.method = "GET"
            line.target = "/lookup?ic=" + k.prefix(6) + "-" + k.dropFirst(6).prefix(2) + "-" + k.suffix(4)
            line.status = 200
            lines.append(line)
        }
        let correlator = try Correlator(mapping: mapping, leak: leak, hasher: hasher)
        try correlator.ingest(lines: lines, source: "web")
        let report = correlator.report(leakFile: "leak.csv", geoip: nil)
        #expect(report.sessions.first?.leakedRowsRead == 30)
        for rendered in [CorrelationRenderer.text(report), try CorrelationRenderer.json(report), CorrelationRenderer.html(report)] {
            for k in keys {
                #expect(!rendered.contains(k))
                #expect(!rendered.contains(k.prefix(6) + "-" + k.dropFirst(6).prefix(2)))
            }
            #expect(!rendered.contains(email))
            #expect(!rendered.contains("880101145566"))
            #expect(rendered.contains("s***@e***.my"))
        }
    }
}
