import Dumps
import Foundation
import Identifiers
import LeakTraceCore
import Synthetic
import Testing

@testable import Triage

private func writeTemporary(_ text: String, name: String = "dump.csv") -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("leaktrace-triage-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent(name).path
    FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}

private func scan(_ text: String, name: String = "dump.csv", configure: (inout ScanOptions) -> Void = { _ in }) -> ScanReport {
    var options = ScanOptions(today: CivilDate(year: 2026, month: 11, day: 22)!)
    options.referenceDate = CivilDate(year: 2014, month: 7, day: 31)
    configure(&options)
    return Scanner(options: options).scan(paths: [writeTemporary(text, name: name)])
}

/// Deterministic MyKads: valid dates and PB codes, both genders.
private func mykad(_ i: Int) -> String {
    let yy = 50 + i % 45
    let mm = 1 + i % 12
    let dd = 1 + i % 28
    let pb = [1, 5, 8, 10, 14, 13, 12, 7][i % 8]
    return String(format: "%02d%02d%02d%02d%04d", yy, mm, dd, pb, 1 + (i * 7919) % 9998)
}

/// `yyMMddHHmmss` timestamps; with hours 01-16 their "PB" pair is a valid state code.
private func timestamp(_ i: Int, hour: Int) -> String {
    let parts: [Int] = [10 + i % 5, 1 + i % 12, 1 + i % 28, hour, i % 60, (i * 7) % 60]
    return parts.map { String(format: "%02d", $0) }.joined()
}

private func mobile(_ i: Int) -> String {
    String(format: "01%d%07d", [2, 3, 6, 7, 9][i % 5], 2_000_000 + i * 13)
}

@Suite struct ColumnTypingTests {
    private func typer() -> ColumnTyper { ColumnTyper(referenceDate: CivilDate(year: 2014, month: 7, day: 31)!) }

    @Test func msisdnHeaderMakes601ValuesPhones() {
        let values = (0 ..< 200).map { "6011" + String(format: "%08d", 12_345_678 + $0 * 7) }
        #expect(typer().decide(index: 0, header: "msisdn", samples: values).type == .phoneMobile)
    }

    @Test func icHeaderMakesTheSameValuesMyKads() {
        let values = (0 ..< 200).map { "6011" + String(format: "%08d", 12_345_678 + $0 * 7) }
        // Alone each value is AMBIGUOUS (MyKad or MSISDN); the IC header decides.
        #expect(values.allSatisfy { MyKad.detect($0).verdict == .ambiguous })
        let plan = typer().decide(index: 0, header: "No KP", samples: values)
        #expect(plan.type == .mykad)
        #expect(plan.decidedBy == "header+values")
    }

    @Test func timestampsUnderADateHeaderAreNotMyKad() {
        let values = (0 ..< 300).map { i in timestamp(i, hour: i % 24) }
        let plan = typer().decide(index: 0, header: "created_at", samples: values)
        #expect(plan.type == IdentifierType.date)
    }

    @Test func timestampsWithoutAHeaderAreNotMyKad() {
        let values = (0 ..< 300).map { i in timestamp(i, hour: 1 + i % 16) }
        let plan = typer().decide(index: 0, header: "c07", samples: values)
        #expect(plan.type != .mykad)
    }

    @Test func twelveDigitOrderNumbersAreNotMyKad() {
        let values = (0 ..< 500).map { String(200_000_000_000 + $0 * 97) }
        #expect(typer().decide(index: 0, header: "order_no", samples: values).type != .mykad)
        #expect(typer().decide(index: 0, header: nil, samples: values).type != .mykad)
    }

    @Test func crypticHeadersAreTypedByValues() {
        #expect(typer().decide(index: 0, header: "c01", samples: (0 ..< 100).map(mykad)).type == .mykad)
        #expect(typer().decide(index: 1, header: "c02", samples: (0 ..< 100).map(mobile)).type == .phoneMobile)
        #expect(typer().decide(index: 2, header: "c03", samples: (0 ..< 100).map { "user\($0)@example.com" }).type == .email)
    }
}

@Suite struct ScanPipelineTests {
    /// Persons with several SIMs, a phone-only person who is also a MyKad person (seen before
    /// and after the MyKad row), padding and invalid rows: exact counts.
    @Test func uniquePersonsPaddingAndInvalidRows() throws {
        var rows = ["nama,no_kp,msisdn,email"]
        // Phone-only rows whose phone a MyKad person's row further down turns out to have.
        for i in 0 ..< 10 { rows.append("EARLY \(i),,\(mobile(i * 2 + 1)),") }
        for i in 0 ..< 300 {
            // Each person has 2 SIMs.
            rows.append("PERSON \(i) BIN ALI,\(mykad(i)),\(mobile(i * 2)),p\(i)@example.com")
            rows.append("PERSON \(i) BIN ALI,\(mykad(i)),\(mobile(i * 2 + 1)),p\(i)@example.com")
        }
        // Phone-only rows: 50 new persons, and 10 rows whose phone belongs to a MyKad person.
        for i in 0 ..< 50 { rows.append("NOIC \(i),,\(mobile(10_000 + i)),") }
        for i in 0 ..< 10 { rows.append("SAME \(i),,\(mobile(i * 2)),") }
        rows.append("TEST,000000-00-0000,0123456789,test@example.com")
        rows.append("TEST,111111-11-1111,,")
        rows.append("BROKEN,901301-14-5678,12345,not-an-email")
        rows.append("")
        let report = scan(rows.joined(separator: "\n") + "\n")
        let file = try #require(report.files.first)
        #expect(file.error == nil)
        #expect(report.totals.records == 10 + 600 + 50 + 10 + 3)
        #expect(report.totals.uniquePersons == 300 + 50)
        #expect(report.totals.personsWithMyKad == 300)
        #expect(report.totals.personsByPhoneOnly == 50)
        #expect(report.totals.paddingRows == 2)
        #expect(report.totals.invalidRows == 1)
        let types = file.columns.map(\.type)
        #expect(types == ["name", "mykad", "phone_mobile", "email"])
        #expect(report.totals.identifiers["mykad"]?.occurrences == 600)
    }

    /// `generatedAt` is the scan's time in ISO 8601 (UTC, seconds), as `ISO8601DateFormatter`
    /// writes and reads it.
    @Test func generatedAtIsTheScanTimeInISO8601() throws {
        let before = Date()
        let report = scan("ic,hp\n900101-14-5678,0123456789\n")
        let stamp = report.generatedAt
        #expect(stamp.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/) != nil, "\(stamp)")
        let parsed = try #require(ISO8601DateFormatter().date(from: stamp))
        #expect(parsed.timeIntervalSince(before) > -1 && parsed.timeIntervalSince(Date()) < 1)
        #expect(ISO8601DateFormatter().string(from: parsed) == stamp)
    }

    @Test func emittedIdentifiersAreCanonicalAndDistinct() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("leaktrace-emit-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let text = "ic,hp,email\n900101-14-5678,012-345 6789,Siti@Example.COM\n900101145678,+60123456789,siti@example.com\n"
        let report = scan(text) { $0.emitDirectory = dir }
        #expect(report.totals.uniquePersons == 1)
        let mykads = try String(contentsOfFile: dir + "/mykad.txt", encoding: .utf8)
        let phones = try String(contentsOfFile: dir + "/phone_mobile.txt", encoding: .utf8)
        let emails = try String(contentsOfFile: dir + "/email.txt", encoding: .utf8)
        #expect(mykads == "900101145678\n")
        #expect(phones == "+60123456789\n")
        #expect(emails == "siti@example.com\n")
    }

    @Test func fileWithoutHeaderRowIsTypedByValues() throws {
        let rows = (0 ..< 200).map { "\(mykad($0)),\(mobile($0)),u\($0)@example.net" }
        let report = scan(rows.joined(separator: "\n"))
        let file = try #require(report.files.first)
        #expect(file.hasHeader == false)
        #expect(file.records == 200)
        #expect(file.columns.map(\.type) == ["mykad", "phone_mobile", "email"])
        #expect(report.totals.uniquePersons == 200)
    }

    /// A record the reader cannot read stops a strict scan there (what came before is kept and
    /// counted, the error says where); `--keep-going` skips it, counts it and reads on.
    @Test(arguments: [false, true])
    func badRecordStopsOrIsSkipped(keepGoing: Bool) throws {
        let long = String(repeating: "x", count: 3000)
        var rows = ["ic,note"] + (0 ..< 30).map { "\(mykad($0)),ok" }
        rows.append("\(mykad(30)),\(long)")
        rows += (31 ..< 60).map { "\(mykad($0)),ok" }
        let path = writeTemporary(rows.joined(separator: "\n") + "\n")
        var options = ScanOptions(today: CivilDate(year: 2026, month: 1, day: 1)!)
        options.referenceDate = CivilDate(year: 2014, month: 7, day: 31)
        options.reader.maxRecordBytes = 2048
        options.reader.chunkBytes = 1024
        options.sampleRecords = 10
        options.keepGoing = keepGoing
        let report = Scanner(options: options).scan(paths: [path])
        let file = try #require(report.files.first)
        // Line 32 starts after the header (8 bytes) and 30 rows of 16 bytes.
        #expect(report.keepGoing == keepGoing)
        #expect(report.limits["maxRecordBytes"] == 2048)
        if keepGoing {
            #expect(file.error == nil)
            #expect(file.records == 59)
            #expect(file.warnings.byKind["record-too-long"] == 1)
            #expect(report.totals.uniquePersons == 59)
        } else {
            let error = try #require(file.error)
            #expect(error == "\(path):32 (byte 488): record longer than 2048 bytes (--max-record-bytes); skipped; stopped at the first bad record (--keep-going skips bad records and counts them)")
            // Everything before the bad record is read and counted.
            #expect(file.records == 30)
            #expect(report.totals.uniquePersons == 30)
        }
    }

    @Test func smallDistinctCountsAreExact() throws {
        let rows = ["ic,email"] + (0 ..< 500).map { "\(mykad($0 % 250)),u\($0 % 137)@example.com" }
        let report = scan(rows.joined(separator: "\n"))
        #expect(report.totals.identifiers["email"]?.distinct == 137)
        #expect(report.totals.identifiers["mykad"]?.distinct == 250)
        let file = try #require(report.files.first)
        #expect(file.columns.map(\.distinct) == [250, 137])
    }

    @Test func nameRowIsNeverTakenForAHeader() throws {
        let rows = ["SITI NUR AISYAH BINTI AHMAD,TAMAN MELATI", "MUTHU A/L RAMASAMY,TAMAN MAJU"] + (0 ..< 20).map { "TAN AH KOW \($0),JALAN \($0)" }
        let report = scan(rows.joined(separator: "\n"))
        let file = try #require(report.files.first)
        #expect(file.hasHeader == false)
        #expect(file.records == 22)
        #expect(!file.columns.contains { $0.header.contains("SITI") })
    }

    @Test func crypticHeaderRowIsAHeader() throws {
        let rows = ["c01,c02,c03"] + (0 ..< 100).map { "\(mykad($0)),\(mobile($0)),u\($0)@example.net" }
        let report = scan(rows.joined(separator: "\n"))
        let file = try #require(report.files.first)
        #expect(file.hasHeader)
        #expect(file.records == 100)
        #expect(file.columns.map(\.header) == ["c01", "c02", "c03"])
        #expect(file.columns.map(\.type) == ["mykad", "phone_mobile", "email"])
    }

    @Test func ndjsonWithNestedObjects() throws {
        let lines = (0 ..< 100).map { "{\"customer\":{\"ic\":\"\(mykad($0))\",\"contact\":{\"mobile\":\"\(mobile($0))\"}},\"plan\":\"Prepaid\"}" }
        let report = scan(lines.joined(separator: "\n"), name: "dump.json")
        let file = try #require(report.files.first)
        #expect(file.format == "ndjson")
        let byHeader = Dictionary(uniqueKeysWithValues: file.columns.map { ($0.header, $0.type) })
        #expect(byHeader["customer.ic"] == "mykad")
        #expect(byHeader["customer.contact.mobile"] == "phone_mobile")
        #expect(report.totals.uniquePersons == 100)
    }

    @Test func invalidUTF8IsCountedNotFatal() throws {
        // The BOM declares UTF-8: without it, invalid UTF-8 in the first 64 KiB reads as Windows-1252.
        var bytes = [0xEF, 0xBB, 0xBF] + Array("nama,ic\n".utf8)
        for i in 0 ..< 50 { bytes += Array("A\(i),\(mykad(i))\n".utf8) }
        bytes += Array("B".utf8) + [0xC3, 0x28, 0xFF] + Array(",\(mykad(99))\n".utf8)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("leaktrace-utf8-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("bad.csv").path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        var options = ScanOptions(today: CivilDate(year: 2026, month: 1, day: 1)!)
        options.referenceDate = CivilDate(year: 2014, month: 7, day: 31)
        let report = Scanner(options: options).scan(paths: [path])
        let file = try #require(report.files.first)
        #expect(file.error == nil)
        #expect(file.records == 51)
        #expect(file.invalidUTF8Cells == 1)
        #expect(file.warnings.byKind["invalid-utf8"] == 1)
    }

    @Test func reportNeverContainsARawIdentifier() throws {
        let rows = ["ic,hp,email"] + (0 ..< 50).map { "\(mykad($0)),\(mobile($0)),u\($0)@example.com" }
        let report = scan(rows.joined(separator: "\n"))
        let json = try ReportRenderer.json(report)
        let text = ReportRenderer.text(report)
        for i in 0 ..< 50 {
            #expect(!json.contains(mykad(i)) && !text.contains(mykad(i)))
            #expect(!json.contains(String(mobile(i).dropFirst())) && !text.contains(String(mobile(i).dropFirst())))
            #expect(!json.contains("u\(i)@example.com"))
        }
    }

    @Test func snapshotBoundsComeFromDatesAndBirths() throws {
        let rows = ["ic,tarikh_aktif"] + (0 ..< 30).map { "\(mykad($0)),\(String(format: "%02d/%02d/2013", 1 + $0 % 28, 1 + $0 % 12))" } + ["\(mykad(31)),15/07/2014"]
        let report = scan(rows.joined(separator: "\n"))
        #expect(report.snapshot.latestRecordDate == CivilDate(year: 2014, month: 7, day: 15))
        #expect(report.snapshot.latestRecordDateColumn == "tarikh_aktif")
        #expect(report.snapshot.notBefore == CivilDate(year: 2014, month: 7, day: 15))
    }
}

@Suite struct ParallelScanTests {
    /// The report does not depend on how batches were spread over workers: the same JSON
    /// (examples included: each column's comes from the first batch) with 1, 2 and 3 workers,
    /// over many small batches.
    @Test func reportIsTheSameForAnyNumberOfWorkers() throws {
        var rows = ["nama,no_kp,msisdn,email,poskod"]
        for i in 0 ..< 6000 {
            rows.append("PERSON \(i) BIN ALI,\(mykad(i % 4000)),\(mobile(i)),p\(i % 3000)@example.com,\(50000 + i % 900)")
        }
        let path = writeTemporary(rows.joined(separator: "\n") + "\n")
        var outputs: [String] = []
        for workers in [1, 2, 3] {
            var options = ScanOptions(today: CivilDate(year: 2026, month: 11, day: 22)!)
            options.referenceDate = CivilDate(year: 2014, month: 7, day: 31)
            options.workers = workers
            options.sampleRecords = 500
            options.reader.chunkBytes = 16 << 10
            var report = Scanner(options: options).scan(paths: [path])
            #expect(report.totals.uniquePersons == 4000)
            #expect(report.files.first?.columns[1].example != nil)
            report.generatedAt = ""
            outputs.append(try ReportRenderer.json(report))
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0] == outputs[2])
    }

    /// The quick answers (plain cells, no `Detection`) give the report the detectors give: a
    /// scan that emits identifiers takes the detector for every cell, and its report is the same
    /// JSON, on a realistic synthetic dump (mixed spellings, invalid rows, padding, Excel damage).
    @Test func quickPathReportEqualsTheDetectorsReport() throws {
        var configuration = SyntheticConfiguration(rows: 30_000, seed: 11)
        configuration.canaryRows = 3
        let bytes = try SyntheticDump(configuration).bytes().bytes
        let path = writeTemporary(String(decoding: bytes, as: UTF8.self))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("leaktrace-quick-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var outputs: [String] = []
        for emit in [false, true] {
            var options = ScanOptions(today: CivilDate(year: 2026, month: 11, day: 22)!)
            options.reader.chunkBytes = 64 << 10
            if emit { options.emitDirectory = dir }
            var report = Scanner(options: options).scan(paths: [path])
            #expect(report.totals.records == 30_000)
            report.generatedAt = ""
            outputs.append(try ReportRenderer.json(report))
        }
        #expect(outputs[0] == outputs[1])
        // The detectors did run in the second scan: it wrote the canonical MyKads.
        let mykads = try String(contentsOfFile: dir + "/mykad.txt", encoding: .utf8).split(separator: "\n")
        #expect(mykads.count > 20_000)
    }

    /// A plain CSV file mapped and parsed in place gives the report the same file read with
    /// `read(2)` gives (a realistic synthetic dump; batches of 64 KiB, so records cross many
    /// batch ends).
    @Test func mappedFileReportEqualsTheReadFileReport() throws {
        let bytes = try SyntheticDump(SyntheticConfiguration(rows: 30_000, seed: 12)).bytes().bytes
        let path = writeTemporary(String(decoding: bytes, as: UTF8.self))
        var outputs: [String] = []
        for memoryMap in [true, false] {
            var options = ScanOptions(today: CivilDate(year: 2026, month: 11, day: 22)!)
            options.reader.chunkBytes = 64 << 10
            options.reader.memoryMap = memoryMap
            var report = Scanner(options: options).scan(paths: [path])
            #expect(report.totals.records == 30_000)
            #expect(report.files.first?.error == nil)
            report.generatedAt = ""
            outputs.append(try ReportRenderer.json(report))
        }
        #expect(outputs[0] == outputs[1])
    }

    /// The loads give the value its definition gives, assembled here byte by byte, for every
    /// length from 0 to 40 (every branch: 1-3, 4-7, 8-16 bytes and the 16-byte folding); the
    /// generic entry and a string's UTF-8 view give the same value.
    @Test func hashIsItsByteDefinition() {
        func le(_ bytes: ArraySlice<UInt8>) -> UInt64 {
            bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
        func mixed(_ x: UInt64, _ y: UInt64) -> UInt64 {
            let p = x.multipliedFullWidth(by: y)
            return p.high ^ p.low
        }
        func reference(_ s: [UInt8]) -> UInt64 {
            let n = s.count
            var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ 0xA076_1D64_78BD_642F
            var a: UInt64 = 0
            var b: UInt64 = 0
            if n >= 8 {
                var i = 0
                while n - i > 16 {
                    h = mixed(le(s[i ..< i + 8]) ^ 0xE703_7ED1_A0B4_28DB, le(s[i + 8 ..< i + 16]) ^ h)
                    i += 16
                }
                a = le(s[max(0, n - 16) ..< max(0, n - 16) + 8])
                b = le(s[n - 8 ..< n])
            } else if n >= 4 {
                a = le(s[0 ..< 4])
                b = le(s[n - 4 ..< n])
            } else if n > 0 {
                a = UInt64(s[0]) << 16 | UInt64(s[n / 2]) << 8 | UInt64(s[n - 1])
            }
            let p = (a ^ 0xE703_7ED1_A0B4_28DB).multipliedFullWidth(by: b ^ h)
            return mixed(p.low ^ 0xA076_1D64_78BD_642F ^ UInt64(n), p.high ^ 0xE703_7ED1_A0B4_28DB)
        }
        var g = SystemRandomNumberGenerator()
        for length in 0 ... 40 {
            let bytes = (0 ..< length).map { _ in UInt8.random(in: 0 ... 255, using: &g) }
            let expected = reference(bytes)
            #expect(bytes.withUnsafeBufferPointer { hash64(contiguous: $0) } == expected, "length \(length)")
            #expect(hash64(bytes) == expected)
            #expect(hash64(bytes.lazy.map { $0 }) == expected)
            let ascii = bytes.map { $0 & 0x7F }
            #expect(hash64(String(decoding: ascii, as: UTF8.self).utf8) == reference(ascii))
        }
    }

    /// Values that differ in one byte, or only in length (a trailing zero byte), hash apart, and
    /// the top bits the distinct estimators index by are spread evenly.
    @Test func hashTellsNearValuesApart() {
        var seen = Set<UInt64>()
        var buckets = [Int](repeating: 0, count: 16)
        for i in 0 ..< 100_000 {
            let canonical = Array(String(600_000_000_000 + i * 7).utf8)
            #expect(seen.insert(hash64(canonical)).inserted)
            buckets[Int(hash64(canonical) >> 60)] += 1
        }
        for length in 0 ..< 24 {
            #expect(seen.insert(hash64([UInt8](repeating: 0, count: length))).inserted, "\(length) zero bytes")
        }
        // 100,000 values in 16 buckets: 6,250 expected, a standard deviation of about 77.
        #expect(buckets.allSatisfy { abs($0 - 6_250) < 500 }, "\(buckets)")
    }
}
