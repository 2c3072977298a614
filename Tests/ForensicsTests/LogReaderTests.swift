import Foundation
import LeakTraceCore
import Testing

@testable import Forensics

/// A temporary directory removed when the test ends.
final class TempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("lt-forensics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func write(_ name: String, _ text: String) throws -> String {
        let path = url.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
    /// Gzips a file with the system's gzip (the reader must inflate it).
    func gzip(_ path: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-kf", path]
        try p.run()
        p.waitUntilExit()
        return path + ".gz"
    }
}

func read(_ path: String, _ format: LogFormat, wanted: Set<String> = [], offset: Int = 0) throws -> ([LogLine], BadLineLog) {
    let reader = LogFileReader(path: path, format: format, timezoneOffset: offset, roleFields: [:], wanted: wanted)
    var bad = BadLineLog()
    var lines: [LogLine] = []
    _ = try reader.read(bad: &bad) { lines.append($0) }
    return (lines, bad)
}

@Suite("Log readers")
struct LogReaderTests {
    @Test("combined log: mixed and malformed lines are counted with their numbers, the rest read, gzip too")
    func combined() throws {
        let dir = try TempDir()
        let text = """
        127.0.0.5 - alice [10/Oct/2000:13:55:36 -0700] "GET /customers/17 HTTP/1.1" 200 312 "-" "curl/8.0" "sid=s1"
        this is not a log line
        {"time": "2000-10-10T20:55:36Z", "remote_addr": "10.0.0.1"}
        127.0.0.6 - - [10/Oct/2000:13:55:99 -0700] "GET /customers/18 HTTP/1.1" 200 312 "-" "curl/8.0"
        127.0.0.6 - - [10/Oct/2000:13:56:00 -0700] "GET /customers/18 HTTP/1.1" 404 0 "-" "Mozilla/5.0 (X11)"
        127.0.0.7 - - [10/Oct/2000:13:56:01 -0700] "GET /customers/19 HTTP/1.1" 200 10

        """
        let path = try dir.write("access.log", text)
        for file in [path, try dir.gzip(path)] {
            let (lines, bad) = try read(file, .combined)
            #expect(lines.count == 3)
            #expect(bad.total == 3)
            #expect(bad.examples.map(\.line).sorted() == [2, 3, 4])
            #expect(lines[0].address == "127.0.0.5" && lines[0].user == "alice" && lines[0].target == "/customers/17")
            #expect(lines[0].time == 971_211_336)
            #expect(lines[0].value("cookie:sid") == "s1")
            #expect(lines[1].agent == "Mozilla/5.0 (X11)" && lines[1].status == 404 && lines[1].line == 5)
            #expect(lines[2].agent == nil && lines[2].line == 6)
        }
    }

    @Test("JSON access log with nested fields and a bad line")
    func json() throws {
        let dir = try TempDir()
        let path = try dir.write("access.json", """
        {"time_iso8601": "2024-03-01T08:15:00+08:00", "remote_addr": "203.0.113.9", "request": "GET /c/5 HTTP/2", "status": 200, "http_user_agent": "ua", "auth": {"user": "bob"}}
        {"time_iso8601": "2024-03-01T08:15:00+08:00", "remote_addr": "203.0.113.9"
        [1, 2]
        {"remote_addr": "203.0.113.9"}

        """)
        let (lines, bad) = try read(path, .json, wanted: ["auth.user"])
        #expect(lines.count == 1)
        #expect(lines[0].time == Timestamps.parse("2024-03-01T00:15:00Z"))
        #expect(lines[0].method == "GET" && lines[0].target == "/c/5" && lines[0].status == 200)
        #expect(lines[0].value("auth.user") == "bob")
        #expect(bad.total == 3 && bad.examples.map(\.line) == [2, 3, 4])
    }

    @Test("PostgreSQL csvlog: statements (multi-line), execute with parameters, pgaudit; other messages skipped")
    func postgres() throws {
        let dir = try TempDir()
        func q(_ v: String) -> String { v.isEmpty ? "" : "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        func row(_ time: String, _ n: Int, _ message: String, detail: String = "") -> String {
            var f = [String](repeating: "", count: 26)
            f[0] = time; f[1] = q("app"); f[2] = q("shop"); f[3] = "101"; f[4] = q("127.0.0.1:5000"); f[5] = "65e1.1"
            f[6] = String(n); f[7] = q("SELECT"); f[8] = "2024-03-01 08:00:00 UTC"; f[11] = "LOG"; f[12] = "00000"
            f[13] = q(message); f[14] = q(detail); f[22] = q("psql"); f[23] = q("client backend"); f[25] = "0"
            return f.joined(separator: ",")
        }
        let text = [
            row("2024-03-01 08:15:00.123 UTC", 1, "statement: SELECT *\nFROM customers WHERE id IN (1,\n2)"),
            row("2024-03-01 08:15:01.000 UTC", 2, "execute <unnamed>: SELECT * FROM customers WHERE id = $1", detail: "parameters: $1 = '7'"),
            row("2024-03-01 08:15:02.000 UTC", 3, "AUDIT: SESSION,1,1,READ,SELECT,,,\"SELECT * FROM customers WHERE id = 9\",<not logged>"),
            row("2024-03-01 08:15:03.000 UTC", 4, "connection authorized: user=app"),
            "not,a,csvlog,line",
        ].joined(separator: "\n") + "\n"
        let path = try dir.write("pg.csv", text)
        let (lines, bad) = try read(path, .postgresCSV, wanted: ["application_name"])
        #expect(lines.count == 3)
        #expect(bad.total == 1 && bad.examples.first?.line == 7)
        #expect(lines[0].statement?.contains("IN (1,\n2)") == true)
        #expect(lines[0].address == "127.0.0.1" && lines[0].user == "app")
        #expect(lines[0].value("application_name") == "psql")
        let x = SQLKeyExtractor(LogMapping.SQLSpec(tables: ["customers"], columns: ["id"]))
        #expect(x.extract(lines[0].statement!, parameters: lines[0].parameters).keys == ["1", "2"])
        #expect(x.extract(lines[1].statement!, parameters: lines[1].parameters).keys == ["7"])
        #expect(x.extract(lines[2].statement!, parameters: lines[2].parameters).keys == ["9"])
        #expect(lines[1].line == 4)
    }

    @Test("MySQL/MariaDB general log: threads carry user@host; multi-line queries; omitted times")
    func mysql() throws {
        let dir = try TempDir()
        let path = try dir.write("general.log", """
        /usr/sbin/mariadbd, Version: 10.11.6-MariaDB-0+deb12u1-log (Debian 12). started with:
        Tcp port: 3306  Unix socket: /run/mysqld/mysqld.sock
        Time\t\t    Id Command\tArgument
        240301  8:15:00\t    5 Connect\tclerk@10.1.2.3 on shop using TCP/IP
        \t\t    5 Query\tSELECT * FROM customers
        WHERE id IN (3, 4)
        240301  8:15:07\t    5 Query\tSELECT * FROM customers WHERE id = 5
        garbage without tabs
        2024-03-01T08:15:09.000000Z\t    6 Query\tSELECT 1
        \t\t    5 Quit\t

        """)
        let (lines, bad) = try read(path, .mysqlGeneral)
        #expect(lines.count == 3)
        #expect(lines[0].user == "clerk" && lines[0].address == "10.1.2.3")
        #expect(lines[0].statement == "SELECT * FROM customers\nWHERE id IN (3, 4)")
        #expect(lines[0].time == Timestamps.parse("2024-03-01T08:15:00Z"))
        #expect(lines[1].time == Timestamps.parse("2024-03-01T08:15:07Z"))
        // The garbage line follows a query, so it is read as that query's continuation.
        #expect(lines[1].statement?.hasSuffix("garbage without tabs") == true)
        #expect(lines[2].user == nil && lines[2].value("thread") == "6")
        #expect(bad.total == 0)
    }

    @Test("format sniffing")
    func sniff() {
        #expect(LogSniffer.sniff(line: "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1") == .combined)
        #expect(LogSniffer.sniff(line: "{\"a\":1}") == .json)
        #expect(LogSniffer.sniff(line: "2024-03-01T08:15:09.000000Z\t    6 Query\tSELECT 1") == .mysqlGeneral)
        #expect(LogSniffer.sniff(line: "2024-03-01 08:15:00.123 UTC,\"app\",\"shop\",101,\"127.0.0.1:5000\",65e1.1,1,\"idle\",x,3/1,0,LOG,00000,\"statement: SELECT 1\",,,,,,,,,,\"psql\",\"client backend\",,0") == .postgresCSV)
        #expect(LogSniffer.sniff(line: "time,user,ip") == .csv)
    }
}

@Suite("GeoIP")
struct GeoIPTests {
    @Test("ranges in Tor's format: countries, the database date, loopback and private addresses")
    func lookups() throws {
        let dir = try TempDir()
        let v4 = try dir.write("geoip", """
        # Location Database Export
        # Generated: Thu, 25 Jun 2026 04:33:59 GMT
        16777216,16777471,AU
        16777472,16778239,CN
        3000000000,3000000255,??
        broken line
        2936012800,2936045567,MY

        """)
        _ = try dir.write("geoip6", """
        # Generated: Thu, 25 Jun 2026 04:33:59 GMT
        2001:2::,2001:2:0:ffff:ffff:ffff:ffff:ffff,JP
        2001:df0::,2001:df0:ffff:ffff:ffff:ffff:ffff:ffff,MY

        """)
        let db = try GeoIPDatabase.load(v4Path: v4, v6Path: dir.url.appendingPathComponent("geoip6").path)
        #expect(db.generated == "Thu, 25 Jun 2026 04:33:59 GMT")
        #expect(db.rangeCount == 6)
        #expect(db.country(of: "1.0.0.7") == "AU")        // 16777223
        #expect(db.country(of: "1.0.2.0") == "CN")
        #expect(db.country(of: "1.0.3.255") == "CN")      // the last address of the CN range
        #expect(db.country(of: "1.0.4.0") == nil)         // after it
        #expect(db.country(of: "175.0.0.1") == "MY")      // 2936012801
        #expect(db.country(of: "178.208.94.0") == nil)    // 3000000000: unknown (??)
        #expect(db.country(of: "2001:2::1") == "JP")
        #expect(db.country(of: "2001:df0:1::5") == "MY")
        #expect(db.country(of: "::ffff:1.0.0.7") == "AU")
        #expect(db.country(of: "127.0.0.66") == "loopback")
        #expect(db.country(of: "::1") == "loopback")
        #expect(db.country(of: "10.1.2.3") == "private")
        #expect(db.country(of: "192.168.1.1") == "private")
        #expect(db.country(of: "not an address") == nil)
        #expect(throws: LeakTraceError.self) { try GeoIPDatabase.load(v4Path: dir.url.appendingPathComponent("missing").path) }
    }
}

@Suite("Correlating files")
struct FileCorrelationTests {
    @Test("an export-job log names row-key files; a VPN log groups by account and address with an idle gap")
    func exportsAndIdleGap() throws {
        let dir = try TempDir()
        let leak = try dir.write("leak.csv", "id,name\n" + (100 ..< 160).map { "\($0),Synthetic \($0)\n" }.joined())
        _ = try dir.write("job7.keys", (90 ..< 170).map { "\($0)\n" }.joined())
        _ = try dir.write("job8.keys", (1 ..< 20).map { "\($0)\n" }.joined())
        let exports = try dir.write("exports.csv", """
        finished_at,job_id,requested_by,keys_file
        2024-03-01T01:00:00Z,job7,etl-nightly,job7.keys
        2024-03-01T02:00:00Z,job8,etl-nightly,job8.keys
        2024-03-01T03:00:00Z,job9,etl-nightly,missing.keys
        2024-03-01T04:00:00Z,job10

        """)
        let vpn = try dir.write("vpn.json", """
        {"ts": "2024-03-01T08:00:00+08:00", "login": "ops1", "client": {"ip": "203.0.113.7"}, "ids": "1"}
        {"ts": "2024-03-01T08:10:00+08:00", "login": "ops1", "client": {"ip": "203.0.113.7"}, "ids": "2"}
        {"ts": "2024-03-01T11:00:00+08:00", "login": "ops1", "client": {"ip": "203.0.113.7"}, "ids": "3"}

        """)
        let map = try dir.write("map.json", """
        {"leak": {"column": "id"}, "tableSize": 1000, "sources": [
          {"name": "exports", "format": "csv", "fields": {"time": "finished_at"}, "keyFile": "keys_file",
           "session": {"fields": ["job_id"]}, "account": "requested_by"},
          {"name": "vpn", "format": "json", "fields": {"time": "ts", "address": "client.ip", "user": "login"},
           "session": {"fields": ["user", "address"], "idleGap": 1800}, "account": "user"}
        ]}
        """)
        let mapping = try LogMapping.load(path: map)
        let hasher = KeyHasher(normalization: mapping.leak.normalize ?? .lower)
        let keys = try LeakKeys.read(path: leak, column: mapping.leak.column, hasher: hasher)
        #expect(keys.count == 60 && keys.rows == 60)
        let correlator = try Correlator(mapping: mapping, leak: keys, hasher: hasher)
        let resolvedExports = try correlator.resolve(exports)
        #expect(resolvedExports.source == "exports")
        try correlator.ingest(path: exports, source: "exports")
        let resolvedVPN = try correlator.resolve("vpn=" + vpn)
        try correlator.ingest(path: resolvedVPN.path, source: resolvedVPN.source)
        let report = correlator.report(leakFile: leak, geoip: nil)
        let top = try #require(report.sessions.first)
        #expect(top.label == "exports | job7")
        #expect(top.coverage == 1)
        // 20 rows outside the leak: above the exact limit, so HyperLogLog-estimated.
        #expect(top.leakedRowsRead == 60 && abs(top.rowsRead - 80) <= 10 && top.rowsReadIsEstimate)
        #expect(report.cover.map(\.session) == ["exports | job7"])
        let exportInput = try #require(report.inputs.first { $0.source == "exports" })
        // job9's key file is missing and job10's row is short: both counted, neither fatal.
        #expect(exportInput.bad.total == 2)
        #expect(Set(exportInput.bad.examples.map(\.line)) == [4, 5])
        // The VPN lines: a pause of 2h50 starts a second session for the same login and address.
        #expect(correlator.sessions.keys.filter { $0.hasPrefix("vpn|") }.sorted() == ["vpn|ops1 | 203.0.113.7", "vpn|ops1 | 203.0.113.7 #2"])
    }
}
