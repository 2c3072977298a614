import Foundation
import Testing

/// Runs the built `leaktrace` executable, as a user would.
struct CLI {
    static let executable: URL = {
        let fromRunner = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("leaktrace")
        if FileManager.default.isExecutableFile(atPath: fromRunner.path) { return fromRunner }
        // Package root from this file: Tests/LeakTraceCLITests/CLITests.swift.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/leaktrace")
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("leaktrace-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

@Suite struct CLITests {
    @Test func versionNamesThePinnedData() throws {
        let result = try CLI.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("leaktrace 0.1.0"))
        #expect(result.stdout.contains("phonenumbers"))
    }

    @Test func synthThenScanJSONAgreesWithTheTruth() throws {
        let dir = try CLI.temporaryDirectory()
        let synth = try CLI.run(["synth", "--rows", "3000", "--seed", "11", "--out", dir + "/d.csv", "--truth", dir + "/truth.json", "--quiet"])
        #expect(synth.status == 0, "\(synth.stderr)")
        let scan = try CLI.run(["scan", dir + "/d.csv", "--json", "--quiet", "--emit-identifiers", dir + "/ids"])
        #expect(scan.status == 0, "\(scan.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(scan.stdout.utf8)) as? [String: Any])
        #expect(report["schema"] as? String == "leaktrace.scan/1")
        let totals = try #require(report["totals"] as? [String: Any])
        let truth = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/truth.json"))) as? [String: Any])
        #expect(totals["records"] as? Int == truth["rows"] as? Int)
        #expect(totals["paddingRows"] as? Int == truth["paddingRows"] as? Int)
        let valid = try #require(truth["validDistinct"] as? [String: Int])
        let mykads = try String(contentsOfFile: dir + "/ids/mykad.txt", encoding: .utf8).split(separator: "\n")
        #expect(mykads.count == valid["mykad"])
        #expect(mykads.allSatisfy { $0.count == 12 && $0.allSatisfy(\.isNumber) })
    }

    @Test func emptyFileIsOneErrorLine() throws {
        let dir = try CLI.temporaryDirectory()
        FileManager.default.createFile(atPath: dir + "/empty.csv", contents: Data())
        let result = try CLI.run(["scan", dir + "/empty.csv", "--quiet"])
        #expect(result.status == 1)
        #expect(result.stderr == "error: \(dir)/empty.csv: empty file (0 bytes); expected CSV, TSV or NDJSON records\n")
        #expect(result.stdout.isEmpty)
    }

    @Test func badOptionsAreRefusedWithUsage() throws {
        let result = try CLI.run(["scan", "x.csv", "--reference-date", "2014-02-30"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--reference-date must be a real date as YYYY-MM-DD"))
    }

    @Test func textModePrintsSpansWithByteOffsets() throws {
        let dir = try CLI.temporaryDirectory()
        let text = "Jual data! No. KP: 900101-14-5678, tel 012-345 6789\n"
        FileManager.default.createFile(atPath: dir + "/post.txt", contents: Data(text.utf8))
        let result = try CLI.run(["scan", "--text", dir + "/post.txt", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let spans = result.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let mykad = try #require(spans.first { $0["type"] as? String == "mykad" })
        #expect(mykad["canonical"] as? String == "900101145678")
        #expect(mykad["start"] as? Int == 19)
        #expect(mykad["end"] as? Int == 33)
        #expect(mykad["file"] as? String == dir + "/post.txt")
        let phone = try #require(spans.first { $0["type"] as? String == "phone_mobile" })
        #expect(phone["canonical"] as? String == "+60123456789")
    }

    @Test func demoWritesTheHTMLReportAndSaysWhere() throws {
        let dir = try CLI.temporaryDirectory()
        let result = try CLI.run(["demo", "--rows", "2000", "--out", dir, "--key-file", dir + "/key/index.key"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("HTML report:      \(dir)/report.html"))
        // The same dump is indexed for lookups, under a key created outside the database.
        #expect(result.stdout.contains("Breach index:     \(dir)/leaktrace.sqlite"))
        #expect(FileManager.default.fileExists(atPath: dir + "/key/index.key"))
        let list = try CLI.run(["breach", "list", "--json", "--database", dir + "/leaktrace.sqlite", "--key-file", dir + "/key/index.key"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("\"SyntheticTelco2014\""))
        let html = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") || html.hasPrefix("<!doctype html>"))
        #expect(FileManager.default.fileExists(atPath: dir + "/identifiers/mykad.txt"))
    }
}

@Suite struct ContainerCLITests {
    /// Writes a small CSV of `count` synthetic persons with `leaktrace synth`.
    private func synth(_ path: String, rows: Int, seed: Int) throws {
        let result = try CLI.run(["synth", "--rows", String(rows), "--seed", String(seed), "--clean", "--out", path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    private func python(_ script: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    private func report(_ arguments: [String]) throws -> [String: Any] {
        let result = try CLI.run(["scan"] + arguments + ["--json", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func zipEntriesAndGzipScanLikeTheirPlainFiles() throws {
        let dir = try CLI.temporaryDirectory()
        try synth(dir + "/a.csv", rows: 300, seed: 3)
        try synth(dir + "/b.csv", rows: 200, seed: 4)
        try python("""
            import gzip, shutil, zipfile
            d = '\(dir)'
            with zipfile.ZipFile(d + '/leak.zip', 'w', zipfile.ZIP_DEFLATED) as z:
                z.write(d + '/a.csv', 'telco/a.csv')
                z.write(d + '/b.csv', 'b.csv')
            with open(d + '/a.csv', 'rb') as src, gzip.open(d + '/a.csv.gz', 'wb') as dst:
                shutil.copyfileobj(src, dst)
            """)
        let plain = try report([dir + "/a.csv", dir + "/b.csv"])
        let zipped = try report([dir + "/leak.zip"])
        let files = try #require(zipped["files"] as? [[String: Any]])
        #expect(files.compactMap { $0["path"] as? String } == [dir + "/leak.zip!telco/a.csv", dir + "/leak.zip!b.csv"])
        #expect(files.allSatisfy { $0["container"] as? String == "zip" })
        let plainTotals = try #require(plain["totals"] as? [String: Any])
        let zippedTotals = try #require(zipped["totals"] as? [String: Any])
        #expect(zippedTotals["uniquePersons"] as? Int == plainTotals["uniquePersons"] as? Int)
        #expect(zippedTotals["records"] as? Int == 500)

        let gz = try report([dir + "/a.csv.gz"])
        let single = try report([dir + "/a.csv"])
        #expect((gz["totals"] as? [String: Any])?["uniquePersons"] as? Int == (single["totals"] as? [String: Any])?["uniquePersons"] as? Int)
        #expect((gz["files"] as? [[String: Any]])?.first?["container"] as? String == "gzip")
    }

    @Test func windows1252IsDecodedAndSaidSo() throws {
        let dir = try CLI.temporaryDirectory()
        var bytes = Array("nama,no_kp\n".utf8)
        bytes += Array("JOS".utf8) + [0xC9] + Array(" BIN ALI,900101-14-5679\n".utf8)
        FileManager.default.createFile(atPath: dir + "/latin.csv", contents: Data(bytes))
        let json = try report([dir + "/latin.csv"])
        let file = try #require((json["files"] as? [[String: Any]])?.first)
        #expect(file["encoding"] as? String == "windows-1252 (invalid UTF-8 at byte 14)")
        let warnings = try #require(file["warnings"] as? [String: Any])
        #expect((warnings["byKind"] as? [String: Int])?["encoding"] == 1)
    }
}
