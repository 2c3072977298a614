import Crypto
import Foundation
import Identifiers
import LeakTraceCore
import Testing
import Triage
@testable import Provenance

/// The real path, hashes and all: organisations' CSV files → scanner → keyed hashes → sketch
/// files → leak scan → attribution. Small sizes (debug builds hash slowly); the accuracy at 1M
/// rows is `AttributionStatisticsTests`' job.
@Suite("Attribution end to end")
struct AttributionEndToEndTests {
    static let key = try! InvestigationKey(bytes: (0 ..< 32).map { UInt8($0 &* 7 &+ 3) }, investigation: "case-2026-07")

    /// A synthetic person: MyKad, mobile and email in canonical form, from an integer.
    struct Person {
        var mykad: String, phone: String, email: String
        init(_ i: Int) {
            let year = 60 + i % 40, month = 1 + (i / 40) % 12, day = 1 + (i / 480) % 28
            mykad = String(format: "%02d%02d%02d14%04d", year, month, day, i % 10_000)
            phone = String(format: "+6012%07d", 1_000_000 + i)
            email = "user\(i)@example.com"
        }
    }

    static func luhnICCID(_ body: String) -> String {
        var sum = 0
        for (i, c) in body.reversed().enumerated() {
            var d = Int(String(c))!
            if i % 2 == 0 { d *= 2; if d > 9 { d -= 9 } }
            sum += d
        }
        return body + String((10 - sum % 10) % 10)
    }

    struct Customer { var person: Int; var from: Int; var to: Int?; var iccid: String }

    static let base = CivilDate(year: 2016, month: 1, day: 1)!.daysSinceEpoch

    static func customers(_ persons: Range<Int>, rng: inout SplitMix64) -> [Customer] {
        persons.map { p in
            let from = Int(rng.below(3000))
            let to = from + 1 + Int(rng.exponential(mean: 1500))
            return Customer(person: p, from: from, to: to < 3200 ? to : nil, iccid: luhnICCID(String(format: "896019%012d", p)))
        }
    }

    static func day(_ d: Int) -> String { CivilDate(daysSinceEpoch: base + d).description }

    static func write(_ lines: [String], _ name: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(name)
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func options() -> ScanOptions {
        var o = ScanOptions(today: CivilDate(year: 2026, month: 1, day: 1)!)
        o.workers = 2
        return o
    }

    @Test func sketchesAttributeAndDateALeak() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("attrib-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = SplitMix64(seed: 42)
        let orgs: [(String, Range<Int>)] = [("Telco A", 0 ..< 1200), ("Clinic B", 900 ..< 2100), ("Portal C", 1950 ..< 2700)]
        var sketchPaths: [String] = []
        var allCustomers: [String: [Customer]] = [:]
        for (name, persons) in orgs {
            let cs = Self.customers(persons, rng: &rng)
            allCustomers[name] = cs
            var lines = ["ic_no,msisdn,email,tarikh_aktif,tarikh_tamat,iccid"]
            for c in cs {
                let p = Person(c.person)
                lines.append("\(p.mykad),\(p.phone),\(p.email),\(Self.day(c.from)),\(c.to.map(Self.day) ?? ""),\(c.iccid)")
            }
            let csv = try Self.write(lines, "\(name.prefix(4)).csv", in: dir)
            let sketcher = Sketcher(key: Self.key, scale: 4, datingScale: 1, ledger: true)
            _ = try sketcher.scan([csv], options: Self.options(), activated: "tarikh_aktif", deactivated: "tarikh_tamat")
            // A generated value may fail validation (then its record has no identity key): at most one.
            #expect(sketcher.records >= persons.count - 1 && sketcher.records <= persons.count)
            #expect(sketcher.undatedRecords == 0)
            let sketch = sketcher.organisationSketch(organisation: name, created: "2026-01-01T00:00:00Z")
            let path = dir.appendingPathComponent("\(name.prefix(4)).sketch.json").path
            try sketch.write(to: path)
            sketchPaths.append(path)
        }

        // The leak: Telco A's customers active on day T, 80 % of them, plus 200 of Portal C's,
        // shuffled; MyKad and phone only, in another column order.
        let t = 2400
        var leakPersons: [Int] = []
        var leakICCID: [Int: String] = [:]
        for c in allCustomers["Telco A"]! where c.from <= t && t < (c.to ?? .max) && rng.unit() < 0.8 {
            leakPersons.append(c.person)
            leakICCID[c.person] = c.iccid
        }
        let fromA = leakPersons.count
        for c in allCustomers["Portal C"]!.filter({ $0.person >= 2100 }).prefix(200) { leakPersons.append(c.person) }
        leakPersons.shuffle(using: &rng)
        var lines = ["telefon,no_kp,sim"]
        for p in leakPersons { lines.append("\(Person(p).phone),\(Person(p).mykad),\(leakICCID[p] ?? "")") }
        let leakPath = try Self.write(lines, "leak.csv", in: dir)

        let candidates = try sketchPaths.map { (path: Optional($0), sketch: try OrganisationSketch.read($0)) }
        try Attributor.checkCompatible(candidates.map { ($0.path!, $0.sketch) }, key: Self.key)
        let leakSketcher = Sketcher(key: Self.key, scale: Attributor.leakScale(for: candidates.map(\.sketch)), datingScale: 1, ledger: false)
        let scan = try leakSketcher.scan([leakPath], options: Self.options())
        #expect(leakSketcher.records >= leakPersons.count - 1 && leakSketcher.records <= leakPersons.count)
        let report = Attributor.attribute(leak: leakSketcher.leakSketch(), candidates: candidates, key: Self.key, leakFiles: [leakPath], snapshot: scan.snapshot)

        // Ranking and containment against the exact truth.
        let total = Double(leakPersons.count)
        let truthA = Double(leakPersons.count { $0 < 1200 }) / total
        let truthC = Double(leakPersons.count { $0 >= 1950 }) / total
        #expect(report.candidates.map(\.organisation) == ["Telco A", "Portal C", "Clinic B"])
        let a = report.candidates[0]
        #expect(abs(a.containment.value - truthA) < 0.08)
        #expect(a.containment.low < truthA && truthA < a.containment.high)
        #expect(abs(report.candidates[1].containment.value - truthC) < 0.08)

        // Cover: A then C, shares near the truth, B (overlaps A's customers only) not needed.
        let cover = try #require(report.cover)
        #expect(cover.result.steps.map(\.name) == ["Telco A", "Portal C"])
        #expect(abs(cover.result.steps[0].share.value - Double(fromA) / total) < 0.08)

        // Dating from Telco A's ledger (every customer kept, ~0.4 joins a day: some days' slack).
        let changePoint = try #require(report.dating.first { $0.method == "change-point" && $0.organisation == "Telco A" })
        #expect(abs(changePoint.estimate.day - (Self.base + t)) <= 10, "change-point \(changePoint.day)")
        let peak = try #require(report.dating.first { $0.method == "version-peak" && $0.organisation == "Telco A" })
        #expect(peak.estimate.low <= Self.base + t + 30 && Self.base + t - 30 <= peak.estimate.high)

        // The renderers say what the report says, and escape.
        let text = AttributionRenderer.text(report)
        #expect(text.contains("Telco A"))
        let html = AttributionRenderer.html(report)
        #expect(html.contains("Telco A") && !html.contains("<script"))
        _ = try AttributionRenderer.json(report)

        // No sketch file holds a canonical identifier, nor its unkeyed MD5/SHA-1/SHA-256 hex. An
        // occurrence of a hex digest lies inside a run of ≥ 32 hex digits, and one of a MyKad,
        // phone or ICCID inside a run of ≥ 9 digits: collect those runs once, then look in them.
        for path in sketchPaths {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let hexRuns = Self.runs(in: text, minimum: 32) { $0.isHexDigit }
            let digitRuns = Self.runs(in: text, minimum: 9) { $0.isNumber }
            let hasAt = text.contains("@")
            var checked = 0
            for c in allCustomers.values.joined() {
                let p = Person(c.person)
                for v in [p.mykad, p.phone, c.iccid, String(p.phone.dropFirst()), "0" + String(p.phone.dropFirst(3))] {
                    let digits = v.filter(\.isNumber)
                    if digitRuns.contains(where: { $0.contains(digits) }) { Issue.record("\(path) holds a canonical identifier") }
                }
                for v in [p.mykad, p.phone, p.email, c.iccid] {
                    for digest in Self.digests(of: v) where hexRuns.contains(where: { $0.lowercased().contains(digest) }) {
                        Issue.record("\(path) holds an unkeyed hash of an identifier")
                    }
                    if hasAt, text.contains(p.email) { Issue.record("\(path) holds an email") }
                    checked += 1
                }
            }
            #expect(checked == 4 * allCustomers.values.joined().count)
            #expect(!hasAt)
        }
    }

    /// Maximal runs of characters satisfying `accept`, at least `minimum` long.
    static func runs(in text: String, minimum: Int, _ accept: (Character) -> Bool) -> [String] {
        var out: [String] = [], current = ""
        for ch in text {
            if accept(ch) { current.append(ch) } else {
                if current.count >= minimum { out.append(current) }
                current = ""
            }
        }
        if current.count >= minimum { out.append(current) }
        return out
    }

    /// Lower-case hex of the value's MD5, SHA-1 and SHA-256.
    static func digests(of value: String) -> [String] {
        let data = Data(value.utf8)
        return [Hex.encode(Insecure.MD5.hash(data: data)), Hex.encode(Insecure.SHA1.hash(data: data)), Hex.encode(SHA256.hash(data: data))].map { $0.lowercased() }
    }

    @Test func sketchesOfAnotherInvestigationAreRefused() throws {
        let other = try InvestigationKey(bytes: [UInt8](repeating: 9, count: 32), investigation: "case-2026-07")
        #expect(other.keyId != Self.key.keyId)
        let sketch = OrganisationSketch(organisation: "X", investigation: "case-2026-07", keyId: other.keyId, scale: 1000, records: 0, created: "",
                                        identity: [:], dating: nil, versions: nil)
        #expect(throws: LeakTraceError.self) { try Attributor.checkCompatible([("x.json", sketch)], key: Self.key) }
        // The same key bytes under another investigation id hash differently.
        let renamed = try InvestigationKey(bytes: (0 ..< 32).map { UInt8($0 &* 7 &+ 3) }, investigation: "case-2026-08")
        #expect(renamed.hash(.phone, Sensitive("+60123456789")) != Self.key.hash(.phone, Sensitive("+60123456789")))
        #expect(throws: LeakTraceError.self) { try InvestigationKey(bytes: [UInt8](repeating: 1, count: 32), investigation: "bad id/..") }
    }

    @Test func malformedSketchFilesGiveClearErrors() throws {
        let dir = FileManager.default.temporaryDirectory
        let path = dir.appendingPathComponent("bad-sketch-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try #"{"format":"leaktrace-org-sketch/1","identity":{"phone":{"count":3,"hashes":"AAAA"}}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try OrganisationSketch.read(path)
            Issue.record("a malformed sketch was read")
        } catch {
            #expect(error.location?.file == path)
        }
        #expect(throws: LeakTraceError.self) { try OrganisationSketch.read(dir.appendingPathComponent("missing-\(UUID().uuidString)").path) }
    }

    @Test func sketchFileRoundTrips() throws {
        let sketch = OrganisationSketch(organisation: "Telco <A>", investigation: "c1", keyId: "00ff", scale: 10, records: 3, created: "now",
                                        identity: ["phone": HashColumn(hashes: [1, 5, UInt64.max / 20])],
                                        dating: .init(scale: 2, types: ["phone": IntervalColumns(scale: 2, entries: [(7, 100, Int32.max), (3, -5, 20)])]),
                                        versions: nil)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rt-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try sketch.write(to: path)
        let back = try OrganisationSketch.read(path)
        #expect(back.identity == sketch.identity)
        #expect(back.dating == sketch.dating)
        #expect(back.dating?.types["phone"]?.hashes == [3, 7])
        #expect(back.dating?.types["phone"]?.to == [20, Int32.max])
    }
}
