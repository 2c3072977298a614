import Crypto
import Foundation
import Incidents
import LeakTraceCore
import Testing

/// A court pack of case A, from a log interleaved with the entries of case B of another
/// organisation: nothing of B may appear in the pack, and the pack must still verify.
@Suite("Court pack: other cases stay out")
struct CourtPackPrivacyTests {
    static let caseB = "LT-2026-BRAVO-4417"
    static let orgB = "org-bravo-secret-7f3"
    static let actorB = "p-bravo-8812"
    static let targetsB = ["EV-BRAVO-target-9931", "EV-BRAVO-target-9932", "EV-BRAVO-target-9933", "EV-BRAVO-target-9934"]
    static let detailB = "sha256=bravo0secret0digest0e3b0c442 name=bravo-payroll.xlsx"
    static var needles: [String] { [caseB, orgB, actorB, detailB, "bravo"] + targetsB }

    /// The fixture with its log replaced: A, B, A, B, A, B, A, B (seq 1 to 8), a checkpoint at 6.
    static func fixture() throws -> EvidenceVerifierFixture {
        var f = try EvidenceVerifierFixture()
        var log: [AuditEntry] = []
        for i in 0 ..< 8 {
            let t = StixFixture.t0.addingTimeInterval(Double(i) * 90)
            if i % 2 == 0 {
                log.append(AuditChain.entry(after: log.last, time: t, actor: "p-resp", organisationID: "telco-a", caseID: EvidenceVerifierFixture.caseID, action: i == 0 ? "case.create" : "task.update", target: "t-\(i)", detail: "status open -> done"))
            } else {
                log.append(AuditChain.entry(after: log.last, time: t, actor: actorB, organisationID: orgB, caseID: caseB, action: "evidence.add", target: targetsB[i / 2], detail: detailB))
            }
        }
        f.log = log
        f.checkpoints = [try AuditChain.checkpoint(head: log[5], time: StixFixture.t0.addingTimeInterval(1000), signer: f.key)]
        return f
    }

    static func readLines<T: Decodable>(_ path: String, as: T.Type) throws -> [T] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { try JSONDecoder().decode(T.self, from: Data($0.utf8)) }
    }

    /// Runs the Swift verifier over the pack's own files.
    static func swiftVerify(_ dir: String, key: Curve25519.Signing.PublicKey) throws -> [AuditChain.Problem] {
        let excerpt = try readLines(dir + "/audit-excerpt.jsonl", as: AuditEntry.self)
        let links = try readLines(dir + "/audit-chain.jsonl", as: AuditLink.self)
        let checkpoints = try JSONDecoder().decode([AuditCheckpoint].self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/checkpoints.json")))
        return CourtPack.verifyChainProof(excerpt: excerpt, proof: links, checkpoints: checkpoints, trustedKey: key)
    }

    static func runPython(_ dir: String) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(CourtPackTests.python))
        p.arguments = [dir + "/verify-audit.py"]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: out, as: UTF8.self))
    }

    /// Flips the lowest bit of the first byte of `key`'s string value on the line of `seq`.
    static func flip(_ path: String, seq: Int, key: String) throws -> Data {
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        var lines = String(decoding: original, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = try #require(lines.firstIndex { $0.contains("\"seq\":\(seq),") || $0.contains("\"seq\":\(seq)}") })
        var bytes = Array(lines[index].utf8)
        let marker = Array("\"\(key)\":\"".utf8)
        let at = try #require((0 ... bytes.count - marker.count).first { Array(bytes[$0 ..< $0 + marker.count]) == marker }) + marker.count
        bytes[at] ^= 0x01
        lines[index] = String(decoding: bytes, as: UTF8.self)
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        return original
    }

    @Test("A pack of case A holds none of case B's ids, targets or details in any file, and verifies")
    func nothingOfB() throws {
        let f = try Self.fixture()
        defer { f.cleanUp() }
        #expect(f.excerpt.map(\.seq) == [1, 3, 5, 7])
        let result = try CourtPackTests.write(f, includeFiles: false)
        #expect(result.auditProblems.isEmpty, "\(result.auditProblems)")
        #expect(result.unsignedEntries == [7])
        let dir = result.directory
        let files = CourtPackTests.files(dir)
        #expect(files.contains("audit-chain.jsonl"))
        for path in files {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: dir + "/" + path)), as: UTF8.self)
            for n in Self.needles { #expect(!text.lowercased().contains(n.lowercased()), "\(path) holds \(n)") }
        }
        // The chain is links only, seq 1 to 7, and B's entries are there as digests.
        let links = try Self.readLines(dir + "/audit-chain.jsonl", as: AuditLink.self)
        #expect(links == f.log.prefix(7).map(AuditChain.link(of:)))
        #expect(try Self.swiftVerify(dir, key: f.key.publicKey).isEmpty)
        for page in ["README.txt", "case-summary.html"] {
            #expect(try String(contentsOfFile: dir + "/" + page, encoding: .utf8).contains("only as digests"), "\(page)")
        }
        if CourtPackTests.python != nil {
            let (status, out) = try Self.runPython(dir)
            #expect(status == 0, "\(out)")
            #expect(out.contains("RESULT: intact"))
        }
    }

    @Test("A flipped byte in an excerpt entry or in a link is named by its seq, by the Swift verifier and by verify-audit.py")
    func flippedByte() throws {
        let f = try Self.fixture()
        defer { f.cleanUp() }
        let dir = try CourtPackTests.write(f, includeFiles: false).directory
        let cases: [(file: String, seq: Int, key: String)] = [
            ("audit-excerpt.jsonl", 3, "detail"), ("audit-excerpt.jsonl", 5, "target"),
            ("audit-chain.jsonl", 4, "contentDigest"), ("audit-chain.jsonl", 3, "contentDigest"), ("audit-chain.jsonl", 2, "hash"),
        ]
        for c in cases {
            let path = dir + "/" + c.file
            let original = try Self.flip(path, seq: c.seq, key: c.key)
            let problems = try Self.swiftVerify(dir, key: f.key.publicKey)
            #expect(problems.first?.seq == c.seq, "\(c): \(problems)")
            if CourtPackTests.python != nil {
                let (status, out) = try Self.runPython(dir)
                #expect(status == 1, "\(c): \(out)")
                #expect(out.contains("PROBLEM audit entry \(c.seq):"), "\(c): \(out)")
            }
            try original.write(to: URL(fileURLWithPath: path))
        }
        #expect(try Self.swiftVerify(dir, key: f.key.publicKey).isEmpty)
    }

    static var openssl: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/openssl") }
    }

    @Test("A forged checkpoint signature is named by its size, by the Swift verifier and (with openssl) by verify-audit.py")
    func forgedSignature() throws {
        let f = try Self.fixture()
        defer { f.cleanUp() }
        let dir = try CourtPackTests.write(f, includeFiles: false).directory
        let path = dir + "/checkpoints.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let signature = f.checkpoints[0].signature
        let forged = (signature.hasPrefix("0") ? "1" : "0") + signature.dropFirst()
        try text.replacingOccurrences(of: signature, with: forged).write(toFile: path, atomically: true, encoding: .utf8)
        let problems = try Self.swiftVerify(dir, key: f.key.publicKey)
        #expect(problems.map(\.checkpointSize) == [6], "\(problems)")
        if CourtPackTests.python != nil, Self.openssl {
            let (status, out) = try Self.runPython(dir)
            #expect(status == 1, "\(out)")
            #expect(out.contains("PROBLEM checkpoint at size 6: its signature does not verify"), "\(out)")
        }
    }

    @Test("Through the service: telco-a's pack of its case holds nothing of telco-b's case acted on in between, and verifies")
    func throughTheService() async throws {
        let w = try await CaseWorld.make()
        defer { try? FileManager.default.removeItem(atPath: w.vaultDir) }
        let a = try await w.service.openCase(title: "Leak A", summary: "", by: w.p("telco-a-dpo"))
        let b = try await w.service.openCase(title: "Leak B", summary: "", by: w.p("telco-b-dpo"))
        let fileB = w.vaultDir + "-bravo.csv"
        #expect(FileManager.default.createFile(atPath: fileB, contents: Data("bravo payroll rows \(UUID().uuidString)\n".utf8)))
        defer { try? FileManager.default.removeItem(atPath: fileB) }
        let evB = try await w.service.addEvidence(caseID: b.id, fileAt: fileB, description: "bravo payroll", method: "download", source: "forum", by: w.p("telco-b-dpo"))
        let taskB = try await w.service.addTask(caseID: b.id, phase: "bravo-phase-secret-5150", title: "x", by: w.p("telco-b-dpo"))
        _ = try await w.service.addEvent(caseID: a.id, occurredAt: Date(), timeZone: "UTC", source: "forum", category: "detection", summary: "Listing seen", by: w.p("telco-a-dpo"))
        let dir = w.vaultDir + "-pack"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try await w.service.writeCourtPack(caseID: a.id, to: dir, includeFiles: false, generatedBy: "test", by: w.p("telco-a-dpo"))
        #expect(result.auditProblems.isEmpty, "\(result.auditProblems)")
        let excerpt = try Self.readLines(dir + "/audit-excerpt.jsonl", as: AuditEntry.self)
        let links = try Self.readLines(dir + "/audit-chain.jsonl", as: AuditLink.self)
        #expect(excerpt.allSatisfy { $0.caseID == a.id })
        #expect(links.count > excerpt.count, "the run holds telco-b's entries, as links")
        let needles = [b.id, "telco-b", evB.id, evB.sha256, taskB.id, "bravo", w.p("telco-b-dpo").id]
        for path in CourtPackTests.files(dir) {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: dir + "/" + path)), as: UTF8.self)
            for n in needles { #expect(!text.contains(n), "\(path) holds \(n)") }
        }
        if CourtPackTests.python != nil {
            let (status, out) = try Self.runPython(dir)
            #expect(status == 0, "\(out)")
            #expect(out.contains("RESULT: intact"))
        }
    }
}
