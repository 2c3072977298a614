import Crypto
import Foundation
import LeakTraceCore
import Provenance
import Synthetic
import Testing

/// End-to-end: real files exported, pooled and traced.
@Suite("Export, ledger and trace, end to end")
struct ExportTraceTests {
    struct Fixture {
        var dir: URL
        var source: String
        var ledger: TransferLedger
        var keys: KeyRing
        var copies: [String: String] = [:]
        var summaries: [String: ExportSummary] = [:]
    }

    static let contacts = try! CanaryContacts(phoneRange: "+601130000000..+601130099999", emailDomain: "mail.example.my")

    static func fixture(rows: Int = 1_000, recipients: [String] = ["vendor-a", "vendor-b", "vendor-c"], canaries: Int = 40, noise: SyntheticNoise = .realistic) throws -> Fixture {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lt-fp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var sink = MemorySink()
        try SyntheticDump(SyntheticConfiguration(rows: rows, seed: 42, noise: noise)).write(to: &sink)
        let source = dir.appendingPathComponent("customers.csv").path
        try Data(sink.bytes).write(to: URL(fileURLWithPath: source))
        let keys = try KeyRing(master: Array(repeating: 0x5A, count: 32))
        var f = Fixture(dir: dir, source: source, ledger: TransferLedger(path: dir.appendingPathComponent("ledger.ndjson").path), keys: keys)
        for r in recipients {
            var o = ExportOptions(recipient: r, purpose: "billing run", input: source, output: dir.appendingPathComponent("\(r).csv").path)
            o.contacts = contacts
            o.canaries = canaries
            f.summaries[r] = try Exporter(keys: keys, ledger: f.ledger).export(o)
            f.copies[r] = o.output
        }
        return f
    }

    static func readTable(_ path: String) throws -> (header: [String], rows: [[String]]) {
        let reader = try TableReader(path: path)
        var rows: [[String]] = []
        while let r = try reader.next() { rows.append(r.cells) }
        return (reader.header, rows)
    }

    static func writeCSV(_ header: [String], _ rows: [[String]], to path: String) throws {
        var out: [UInt8] = []
        CSVWriter.append(header, to: &out)
        for r in rows { CSVWriter.append(r, to: &out) }
        try Data(out).write(to: URL(fileURLWithPath: path))
    }

    static func matcher(_ f: Fixture, header: [String]) throws -> CanaryMatcher {
        let records = try f.ledger.records().map { $0.record }
        let plan = MarkPlan(record: records[0])
        let idx = { (k: Set<FieldKind>) in header.indices.filter { i in plan.columns.firstIndex(of: header[i]).map { k.contains(plan.kinds[$0]) } ?? false } }
        return CanaryMatcher(keys: f.keys, records: records, phoneColumns: idx([.phone, .phoneInternational]), emailColumns: idx([.email]),
                             mykadColumn: idx([.mykad]).first, nameColumn: idx([.name]).first)
    }

    @Test("every exported row's canonical values equal a source row's; the rest are exactly the canaries; marks differ between recipients")
    func canonicalEquality() throws {
        let f = try Self.fixture()
        let source = try Self.readTable(f.source)
        let record = try f.ledger.records()[0].record
        let plan = MarkPlan(record: record)
        func canon(_ row: [String]) -> String {
            row.indices.map { FieldCanon.canonical(row[$0], kind: plan.kinds[$0]) ?? row[$0] }.joined(separator: "\u{1F}")
        }
        var copies: [[[String]]] = []
        for r in ["vendor-a", "vendor-b", "vendor-c"] {
            let copy = try Self.readTable(f.copies[r]!)
            #expect(copy.header == source.header)
            var remaining = Dictionary(source.rows.map { (canon($0), 1) }, uniquingKeysWith: +)
            let m = try Self.matcher(f, header: copy.header)
            var canaries = 0
            for row in copy.rows {
                let k = canon(row)
                if let n = remaining[k], n > 0 {
                    remaining[k] = n - 1
                } else {
                    #expect(!m.match(row, line: 0).hits.isEmpty, "an exported row neither in the source nor a canary")
                    canaries += 1
                }
            }
            #expect(remaining.values.allSatisfy { $0 == 0 }, "a source row is missing from the copy")
            #expect(canaries == 40)
            copies.append(copy.rows)
            #expect(f.summaries[r]!.slotsPerRow >= 4, "mark slots per row: \(f.summaries[r]!.slotsPerRow)")
        }
        // Different recipients get different spellings (and orders) of the same rows.
        #expect(Set(copies[0].map { $0.joined(separator: ",") }) != Set(copies[1].map { $0.joined(separator: ",") }))
    }

    @Test("the ledger verifies, holds one entry per export and no raw value of any row")
    func ledgerPrivacy() throws {
        let f = try Self.fixture(rows: 400, recipients: ["a", "b"], canaries: 5)
        #expect(try f.ledger.log.verify(publicKey: TransferLedger.signingKey(f.keys).publicKey).isEmpty)
        let records = try f.ledger.records()
        #expect(records.map { $0.record.transferId } == ["T0001", "T0002"])
        #expect(records[0].record.canaryBase == 0 && records[1].record.canaryBase == 5)
        let text = try String(contentsOfFile: f.ledger.log.path, encoding: .utf8)
        let source = try Self.readTable(f.source)
        let plan = MarkPlan(record: records[0].record)
        for row in source.rows.prefix(200) {
            for (i, cell) in row.enumerated() where plan.kinds[i] != .other && cell.count >= 6 {
                #expect(!text.contains(cell), "a raw value of column \(plan.columns[i]) is in the ledger")
                if let c = FieldCanon.canonical(cell, kind: plan.kinds[i]), c.count >= 6 { #expect(!text.contains(c)) }
            }
        }
        // Tampering with a recorded recipient is detected and names entry 1.
        var lines = text.split(separator: "\n").map(String.init)
        lines[1] = lines[1].replacingOccurrences(of: #""recipient":"a""#, with: #""recipient":"z""#)
        try (lines.joined(separator: "\n") + "\n").write(toFile: f.ledger.log.path, atomically: true, encoding: .utf8)
        let problems = try f.ledger.log.verify(publicKey: TransferLedger.signingKey(f.keys).publicKey)
        #expect(problems.first?.seq == 1)
    }

    @Test("two pooled copies: canaries name exactly the two transfers, the fingerprint accuses a colluder and never the third recipient")
    func pooledCopies() throws {
        let f = try Self.fixture()
        let a = try Self.readTable(f.copies["vendor-a"]!), b = try Self.readTable(f.copies["vendor-b"]!)
        // Interleave: 300 rows alternately from each copy, plus every canary row of both (a union).
        let ma = try Self.matcher(f, header: a.header)
        let plainA = a.rows.filter { ma.match($0, line: 0).hits.isEmpty }, plainB = b.rows.filter { ma.match($0, line: 0).hits.isEmpty }
        var pool: [[String]] = []
        for i in 0 ..< 300 { pool.append(i % 2 == 0 ? plainA[i] : plainB[i]) }
        pool += a.rows.filter { !ma.match($0, line: 0).hits.isEmpty }.prefix(3)
        pool += b.rows.filter { !ma.match($0, line: 0).hits.isEmpty }.prefix(3)
        let leak = f.dir.appendingPathComponent("leak.csv").path
        try Self.writeCSV(a.header, pool.shuffled(), to: leak)
        var o = TraceOptions(leak: leak)
        o.population = 1_000
        let report = try Tracer(keys: f.keys, ledger: f.ledger).trace(o)
        #expect(Set(report.canaryHits.map(\.recipient)) == ["vendor-a", "vendor-b"])
        #expect(report.canaryHits.count == 6)
        let accused = Set(report.recipients.filter(\.accused).map(\.recipient))
        #expect(!accused.isEmpty)
        #expect(accused.isSubset(of: ["vendor-a", "vendor-b"]))
        #expect(report.ledgerProblems.isEmpty)
        #expect(!report.slots.contains { $0.status == "normalised" })
        // Renderers: escaped HTML, JSON parses, text names the accused.
        let html = TraceRenderer.html(report)
        #expect(html.contains("<section") && !html.contains("<script"))
        #expect((try? JSONSerialization.jsonObject(with: Data(TraceRenderer.json(report).utf8))) != nil)
        #expect(TraceRenderer.text(report).contains("ACCUSED"))
    }

    @Test("a single leaker's 50-row sample is traced to that recipient")
    func singleLeakerFile() throws {
        let f = try Self.fixture(rows: 800, recipients: ["r1", "r2", "r3", "r4"], canaries: 10)
        let c = try Self.readTable(f.copies["r3"]!)
        let m = try Self.matcher(f, header: c.header)
        let sample = c.rows.filter { m.match($0, line: 0).hits.isEmpty }.shuffled().prefix(50)
        let leak = f.dir.appendingPathComponent("sample.csv").path
        try Self.writeCSV(c.header, Array(sample), to: leak)
        var o = TraceOptions(leak: leak)
        o.population = 1_000
        let report = try Tracer(keys: f.keys, ledger: f.ledger).trace(o)
        #expect(report.recipients.filter(\.accused).map(\.recipient) == ["r3"])
        #expect(report.canaryHits.isEmpty)
    }

    @Test("normalised phones and names: those slots are reported erased, not scored; canaries still hit; columns dropped and renamed are handled")
    func normalisedLeak() throws {
        let f = try Self.fixture(rows: 800, recipients: ["x", "y"], canaries: 20)
        let c = try Self.readTable(f.copies["x"]!)
        let plan = MarkPlan(record: try f.ledger.records()[0].record)
        var rows: [[String]] = []
        for row in c.rows {
            var r = row
            for i in r.indices {
                switch plan.kinds[i] {
                case .phone, .phoneInternational: r[i] = FieldCanon.canonical(r[i], kind: .phone) ?? r[i]
                case .name: r[i] = r[i].uppercased()
                default: break
                }
            }
            rows.append(r)
        }
        // Drop the e-mail column and rename nothing else.
        let drop = c.header.firstIndex(of: "email")!
        let header = c.header.enumerated().filter { $0.offset != drop }.map(\.element)
        rows = rows.map { r in r.enumerated().filter { $0.offset != drop }.map(\.element) }
        let leak = f.dir.appendingPathComponent("normalised.csv").path
        try Self.writeCSV(header, rows, to: leak)
        let report = try Tracer(keys: f.keys, ledger: f.ledger).trace(TraceOptions(leak: leak))
        let erased = Set(report.slots.filter { $0.status == "normalised" || $0.status == "unreadable" }.map(\.slot))
        #expect(erased.isSuperset(of: ["phone.plus", "phone.hyphen", "phone.space", "name.case"]))
        #expect(report.conclusions.contains { $0.contains("erased by normalisation") })
        #expect(Set(report.canaryHits.map(\.recipient)) == ["x"])
        #expect(report.canaryHits.count == 20)
        #expect(!report.recipients.contains { $0.accused && $0.recipient == "y" })
    }

    @Test("a 5% random subset of a transfer with 100 canaries holds a canary in ≥ 99% of 300 trials")
    func canarySubset() throws {
        let f = try Self.fixture(rows: 2_000, recipients: ["big"], canaries: 100, noise: .clean)
        let c = try Self.readTable(f.copies["big"]!)
        let m = try Self.matcher(f, header: c.header)
        let isCanary = c.rows.map { !m.match($0, line: 0).hits.isEmpty }
        #expect(isCanary.filter { $0 }.count == 100)
        var rng = SplitMix(seed: 17)
        var caught = 0
        let trials = 300
        for _ in 0 ..< trials {
            var hit = false
            for i in c.rows.indices where isCanary[i] && Tardos.uniform(rng.next()) < 0.05 { hit = true }
            if hit { caught += 1 }
        }
        #expect(Double(caught) / Double(trials) >= 0.99, "caught \(caught)/\(trials)")
    }

    @Test("no false canary hit among 10,000 canary-like rows made under other keys in the same owned block, normalised")
    func canaryScan() throws {
        var scan = CanaryScan()
        scan.rows = 10_000
        scan.registryCanaries = 1_000
        scan.phoneRange = "+601130000000..+601130049999"  // small block: owned-number collisions do happen
        let r = try scan.run(keys: KeyRing(master: Array(repeating: 3, count: 32)))
        #expect(r.falseHits == 0)
        #expect(r.selfHits == 1_000)
        #expect(r.contactCollisionsRejected > 0, "the scan never exercised the contradiction rule")
    }

    @Test("source order keeps the rows in place; an attacker-controlled header is escaped in the HTML section")
    func sourceOrderAndEscaping() throws {
        let f = try Self.fixture(rows: 300, recipients: ["a"], canaries: 3)
        var o = ExportOptions(recipient: "b", purpose: "p", input: f.source, output: f.dir.appendingPathComponent("b.csv").path)
        o.keyedOrder = false
        o.contacts = Self.contacts
        o.canaries = 3
        _ = try Exporter(keys: f.keys, ledger: f.ledger).export(o)
        let source = try Self.readTable(f.source), copy = try Self.readTable(o.output)
        #expect(copy.rows.count == source.rows.count + 3)
        let plan = MarkPlan(record: try f.ledger.records()[1].record)
        let k = plan.keyColumn
        let sourceKeys = source.rows.map { FieldCanon.canonical($0[k], kind: plan.kinds[k]) }
        let m = try Self.matcher(f, header: copy.header)
        let copyKeys = copy.rows.filter { m.match($0, line: 0).hits.isEmpty }.map { FieldCanon.canonical($0[k], kind: plan.kinds[k]) }
        #expect(copyKeys == sourceKeys)
        // A hostile file name and header in a leak.
        let leak = f.dir.appendingPathComponent("<script>alert(1).csv").path
        try Self.writeCSV(copy.header + ["<script>alert(1)</script>"], copy.rows.prefix(30).map { $0 + ["x"] }, to: leak)
        let html = TraceRenderer.html(try Tracer(keys: f.keys, ledger: f.ledger).trace(TraceOptions(leak: leak)))
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;"))
    }

    @Test("bad input: a missing leak file and an input without a key column are clear errors")
    func badInput() throws {
        let f = try Self.fixture(rows: 100, recipients: ["a"], canaries: 1)
        #expect(throws: LeakTraceError.self) { try Tracer(keys: f.keys, ledger: f.ledger).trace(TraceOptions(leak: f.dir.appendingPathComponent("nope.csv").path)) }
        let plain = f.dir.appendingPathComponent("plain.csv").path
        try "colour,size\nred,1\nblue,2\n".write(toFile: plain, atomically: true, encoding: .utf8)
        #expect(throws: LeakTraceError.self) {
            try Exporter(keys: f.keys, ledger: f.ledger).export(ExportOptions(recipient: "a", purpose: "p", input: plain, output: f.dir.appendingPathComponent("o.csv").path))
        }
    }
}
