import Foundation
import LeakTraceCore
import Testing

@testable import Forensics

@Suite("Timestamps")
struct TimestampTests {
    @Test("every log spelling of one instant gives the same epoch second")
    func sameInstant() throws {
        // 2000-10-10T20:55:36Z, Apache's documented example, is 971211336 (date -d @971211336 -u).
        let expected = 971_211_336.0
        #expect(Timestamps.parse("10/Oct/2000:13:55:36 -0700") == expected)
        #expect(Timestamps.parse("[10/Oct/2000:13:55:36 -0700]") == expected)
        #expect(Timestamps.parse("2000-10-10T20:55:36Z") == expected)
        #expect(Timestamps.parse("2000-10-11T04:55:36+08:00") == expected)
        #expect(Timestamps.parse("2000-10-11 04:55:36 MYT") == expected)
        #expect(Timestamps.parse("2000-10-10 20:55:36.250 UTC") == expected + 0.25)
        #expect(Timestamps.parse("2000-10-11 04:55:36 +08") == expected)
        #expect(Timestamps.parse("001010 20:55:36") == expected)
        #expect(Timestamps.parse("971211336") == expected)
        #expect(Timestamps.parse("971211336000") == expected)
        // No zone: the mapping's timezone applies.
        #expect(Timestamps.parse("2000-10-11 04:55:36", defaultOffset: 8 * 3600) == expected)
        #expect(Timestamps.iso(expected) == "2000-10-10T20:55:36Z")
    }

    @Test("garbage is rejected, not guessed")
    func rejects() {
        for text in ["", "yesterday", "2000-13-10T20:55:36Z", "10/Foo/2000:13:55:36 -0700", "2000-10-10T20:55:36 XYZ"] {
            #expect(Timestamps.parse(text) == nil, "\(text)")
        }
        #expect(Timestamps.offset("+08:00") == 28_800)
        #expect(Timestamps.offset("-0530") == -19_800)
        #expect(Timestamps.offset("utc") == 0)
        #expect(Timestamps.offset("8") == nil)
    }
}

@Suite("Record mapping")
struct MappingTests {
    @Test("SQL literals compared to the key column are record keys")
    func sqlKeys() {
        let x = SQLKeyExtractor(LogMapping.SQLSpec(tables: ["customers"], columns: ["id", "mykad"]))
        #expect(x.extract("SELECT name FROM customers WHERE id = 42").keys == ["42"])
        #expect(x.extract("select * from public.customers c where c.id in (1, 2,'3') and x = 5").keys == ["1", "2", "3"])
        #expect(x.extract("SELECT * FROM \"customers\" WHERE mykad = 'O''Brien'").keys == ["O'Brien"])
        #expect(x.extract("SELECT * FROM customers WHERE id = $1", parameters: [1: "77"]).keys == ["77"])
        #expect(x.extract("SELECT * FROM customers WHERE 9 = id").keys == ["9"])
        // Other tables do not count.
        #expect(x.extract("SELECT * FROM orders WHERE id = 42").mentionsTable == false)
        #expect(x.extract("SELECT * FROM orders WHERE id = 42").keys.isEmpty)
        // Whole-table reads and unresolved reads.
        #expect(x.extract("SELECT * FROM customers").wholeTable)
        #expect(x.extract("COPY customers TO STDOUT").wholeTable)
        #expect(x.extract("SELECT * FROM customers LIMIT 50 OFFSET 100").unresolved)
        #expect(x.extract("SELECT * FROM customers WHERE created > '2024-01-01'").unresolved)
        #expect(SQLKeyExtractor.parameters(fromDetail: "parameters: $1 = '12', $2 = 'ab''c'") == [1: "12", 2: "ab'c"])
    }

    @Test("URL templates and query parameters name records; other statuses do not")
    func routes() {
        let one = CompiledRoute(LogMapping.Route(method: "GET", path: "/customers/{key}"))
        #expect(one.match(method: "GET", target: "/customers/880101%2D14%2D5566", status: 200) == ["880101-14-5566"])
        #expect(one.match(method: "GET", target: "/customers/5?x=1", status: 200) == ["5"])
        #expect(one.match(method: "POST", target: "/customers/5", status: 200) == nil)
        #expect(one.match(method: "GET", target: "/customers/5", status: 404) == nil)
        #expect(one.match(method: "GET", target: "/customers/5/orders", status: 200) == nil)
        let many = CompiledRoute(LogMapping.Route(path: "/api/customers", query: "ids", split: ","))
        #expect(many.match(method: "GET", target: "/api/customers?page=2&ids=1%2C2,3", status: 200) == ["1", "2", "3"])
        #expect(many.match(method: "GET", target: "/api/customers?page=2", status: 200) == nil)
        let export = CompiledRoute(LogMapping.Route(path: "/export/customers.csv", wholeTable: true))
        #expect(export.match(method: "GET", target: "/export/customers.csv", status: 200) == [])
    }

    @Test("keys are canonicalised the same way on both sides")
    func canonical() {
        let lower = KeyHasher(normalization: .lower)
        #expect(lower.hash(" ABC ") == lower.hash("abc"))
        #expect(lower.hash("'abc'") == lower.hash("abc"))
        #expect(lower.hash("abc") != lower.hash("abd"))
        let digits = KeyHasher(normalization: .digits)
        #expect(digits.hash("880101-14-5566") == digits.hash("880101145566"))
        #expect(digits.hash("n/a") == nil)
        #expect(KeyHasher(normalization: .exact).hash("ABC") != KeyHasher(normalization: .exact).hash("abc"))
    }

    @Test("cookies are found in the extra fields")
    func cookies() {
        #expect(LogLine.cookieValue("sid", in: "\"theme=dark; sid=abc123; x=1\"") == "abc123")
        #expect(LogLine.cookieValue("sid", in: "\"xsid=zzz\"") == nil)
        #expect(LogLine.cookieValue("sid", in: "\"-\"") == nil)
    }

    @Test("a broken mapping file names the key it lacks")
    func brokenMapping() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lt-map-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("map.json").path
        try #"{"sources": [{"name": "web", "format": "combined"}]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try LogMapping.load(path: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("leak"))
            #expect(error.location?.file == path)
        }
    }
}

@Suite("Statistics")
struct ScoringTests {
    /// P[X >= k] by direct summation with exact binomials (small numbers).
    func bruteTail(N: Int, K: Int, n: Int, k: Int) -> Double {
        func choose(_ a: Int, _ b: Int) -> Double {
            guard b >= 0, b <= a else { return 0 }
            var r = 1.0
            for i in 0 ..< b { r = r * Double(a - i) / Double(i + 1) }
            return r
        }
        var p = 0.0
        for x in k ... min(n, K) { p += choose(K, x) * choose(N - K, n - x) }
        return p / choose(N, n)
    }

    @Test("the hypergeometric tail matches direct summation", arguments: [(60, 10, 12, 5), (200, 30, 40, 15), (100, 50, 50, 40), (1000, 20, 20, 3)])
    func hypergeometric(_ c: (Int, Int, Int, Int)) {
        let expected = -log10(bruteTail(N: c.0, K: c.1, n: c.2, k: c.3))
        let got = Scoring.specificity(population: c.0, successes: c.1, draws: c.2, observed: c.3)
        #expect(abs(got - expected) < 1e-6 * max(1, expected), "\(c): \(got) vs \(expected)")
    }

    @Test("at or below the expected overlap the specificity is 0")
    func belowMean() {
        #expect(Scoring.specificity(population: 1000, successes: 100, draws: 100, observed: 10) == 0)
        #expect(Scoring.specificity(population: 1000, successes: 100, draws: 100, observed: 0) == 0)
        #expect(Scoring.specificity(population: 1000, successes: 1000, draws: 1000, observed: 1000) == 0)
    }

    @Test("the distinct counter is exact when small and close when large")
    func distinct() {
        var small = DistinctCounter()
        for i in 0 ..< 16 { small.insert(UInt64(i).multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15).low) }
        small.insert(UInt64(3).multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15).low)
        #expect(small.count == 16 && small.isExact)
        for n in [1_000, 200_000] {
            var large = DistinctCounter()
            var g = SplitMix(seed: UInt64(n))
            for _ in 0 ..< n { large.insert(g.next()) }
            #expect(!large.isExact)
            // 2^8 registers: 6.5 % standard error; 4 standard errors.
            #expect(abs(Double(large.count) - Double(n)) / Double(n) < 0.26, "\(n): \(large.count)")
        }
    }

    @Test("the time histogram keeps every line in at most 32 buckets, in and out of order")
    func histogram() {
        var h = TimeHistogram()
        var g = SplitMix(seed: 9)
        var lines = 0
        var leaks = 0
        for i in 0 ..< 5_000 {
            let minute = 1_000_000 + Int(g.next() % 20_000) - (i % 7 == 0 ? 15_000 : 0)
            h.add(minute: minute, leakReads: i % 3)
            lines += 1
            leaks += i % 3
        }
        #expect(h.buckets.count <= TimeHistogram.capacity)
        #expect(h.buckets.reduce(0) { $0 + $1.lines } == lines)
        #expect(h.buckets.reduce(0) { $0 + $1.leakReads } == leaks)
        #expect(h.origin <= 1_000_000 - 15_000)
        #expect(h.origin + h.width * TimeHistogram.capacity > 1_000_000 + 19_999)
        var one = TimeHistogram()
        one.add(minute: 50, leakReads: 1)
        one.add(minute: 52, leakReads: 0)
        #expect(one.width == 1 && one.origin == 50 && one.buckets.map(\.lines) == [1, 0, 1])
    }
}

/// A small seeded generator for tests (SplitMix64).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
