import Crypto
import Foundation
import Incidents
import LeakTraceCore
import Testing

@Suite("Court pack")
struct CourtPackTests {
    static let people = [
        Person(id: "p-resp", username: "resp", displayName: "Aminah Responder", organisationID: "telco-a", role: .responder, createdAt: StixFixture.t0),
        Person(id: "p-dpo", username: "dpo", displayName: "Daniel DPO", organisationID: "telco-a", role: .dpo, createdAt: StixFixture.t0),
    ]

    static func write(_ f: EvidenceVerifierFixture, includeFiles: Bool, title: String? = nil, directory: String? = nil) throws -> CourtPack.Result {
        var incident = StixFixture.incident
        if let title { incident.title = title }
        let task = CaseTask(id: "T-1", caseID: incident.id, phase: "preserve", title: "Capture the listing", status: .done, assignee: "p-resp", createdAt: StixFixture.t0, updatedAt: StixFixture.t0, updatedBy: "p-resp")
        let event = TimelineEvent(id: "EV-1", caseID: incident.id, occurredAt: StixFixture.t0, timeZone: "Asia/Kuala_Lumpur", source: "forum post", category: "detection", summary: "Listing seen", anchor: .awareness, evidenceIDs: ["E-2"], recordedBy: "p-resp", recordedAt: StixFixture.t0)
        return try CourtPack.write(
            to: directory ?? f.root + "/pack", case: incident, organisation: StixFixture.organisation, people: people,
            tasks: [task], events: [event], evidence: f.items, custody: f.custody,
            audit: f.excerpt, checkpoints: f.checkpoints,
            chainProof: CourtPack.chainProof(log: f.log, caseID: incident.id, checkpoints: f.checkpoints),
            vaultRoot: f.vault.root, includeFiles: includeFiles, generatedBy: "LeakTrace test (p-dpo)", now: StixFixture.now
        )
    }

    /// Every file under `dir`, relative paths.
    static func files(_ dir: String) -> [String] {
        (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? []).filter {
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: dir + "/" + $0, isDirectory: &isDir) && !isDir.boolValue
        }.sorted()
    }

    @Test("The pack has every file, and MANIFEST.sha256 holds the hash of every other one")
    func manifest() throws {
        let f = try EvidenceVerifierFixture()
        defer { f.cleanUp() }
        let result = try Self.write(f, includeFiles: false)
        let dir = result.directory
        let present = Set(Self.files(dir))
        for name in ["README.txt", "case-summary.html", "case.json", "evidence-manifest.json", "evidence-manifest.txt", "custody.json",
                     "audit-excerpt.jsonl", "audit-chain.jsonl", "checkpoints.json", "checkpoints/6.msg", "checkpoints/6.sig",
                     "audit-public-key.pem", "audit-public-key.txt", "verify-audit.py", "certificate-s90A.html", "MANIFEST.sha256"] {
            #expect(present.contains(name), "\(name)")
        }
        #expect(!present.contains { $0.hasPrefix("files/") })
        let manifest = try String(contentsOfFile: dir + "/MANIFEST.sha256", encoding: .utf8)
        var listed: Set<String> = []
        for line in manifest.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            #expect(parts.count == 3 && parts[1].isEmpty, "sha256sum format: \(line)")
            let path = String(parts[2])
            let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + path))
            #expect(Hex.encode(Array(SHA256.hash(data: data))) == String(parts[0]), "\(path)")
            listed.insert(path)
        }
        #expect(listed == present.subtracting(["MANIFEST.sha256"]))
        #expect(result.auditProblems.isEmpty)
        #expect(result.unsignedEntries == [7])
        #expect(result.evidenceProblems == [])
        let txt = try String(contentsOfFile: dir + "/evidence-manifest.txt", encoding: .utf8)
        #expect(txt.contains("\(f.items[0].sha256)  \(f.items[0].size)  E-1  sample-listing.csv\n"))
        let excerpt = try String(contentsOfFile: dir + "/audit-excerpt.jsonl", encoding: .utf8)
        #expect(excerpt.split(separator: "\n").count == 4)
        let pem = try String(contentsOfFile: dir + "/audit-public-key.pem", encoding: .utf8)
        #expect(pem.hasPrefix("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA"))
        // The signed bytes and signature verify as openssl would check them.
        let msg = try Data(contentsOf: URL(fileURLWithPath: dir + "/checkpoints/6.msg"))
        let sig = try Data(contentsOf: URL(fileURLWithPath: dir + "/checkpoints/6.sig"))
        #expect(f.key.publicKey.isValidSignature(sig, for: msg))
    }

    @Test("Without files the pack holds no value from inside the evidence; with files only files/ does")
    func noPersonalValue() throws {
        let f = try EvidenceVerifierFixture()
        defer { f.cleanUp() }
        let needles = [EvidenceVerifierFixture.fakeMyKad, EvidenceVerifierFixture.fakeMyKad.replacingOccurrences(of: "-", with: ""), "Siti Binti Contoh"]
        let bare = try Self.write(f, includeFiles: false, directory: f.root + "/bare")
        for path in Self.files(bare.directory) {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: bare.directory + "/" + path)), as: UTF8.self)
            for n in needles { #expect(!text.contains(n), "\(path) holds a value from an evidence file") }
        }
        let full = try Self.write(f, includeFiles: true, directory: f.root + "/full")
        var holders: [String] = []
        for path in Self.files(full.directory) {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: full.directory + "/" + path)), as: UTF8.self)
            if text.contains(EvidenceVerifierFixture.fakeMyKad) { holders.append(path) }
        }
        #expect(holders == ["files/\(f.items[0].sha256)"])
        #expect(full.files.contains { $0.path == "files/\(f.items[1].sha256)" })
    }

    @Test("Case text is escaped in the HTML pages")
    func escaped() throws {
        let f = try EvidenceVerifierFixture()
        defer { f.cleanUp() }
        let result = try Self.write(f, includeFiles: false, title: "<script>alert('x')</script> & co")
        for page in ["case-summary.html", "certificate-s90A.html"] {
            let html = try String(contentsOfFile: result.directory + "/" + page, encoding: .utf8)
            #expect(!html.contains("<script>"), "\(page)")
            #expect(!html.contains("http://") && !html.contains("https://"), "\(page) must be self-contained")
            if page == "case-summary.html" { #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co")) }
        }
        let certificate = try String(contentsOfFile: result.directory + "/certificate-s90A.html", encoding: .utf8)
        #expect(certificate.contains("TEMPLATE"))
        #expect(certificate.contains("counsel"))
        #expect(certificate.contains("90A(2)"))
        #expect(certificate.contains(f.items[0].sha256))
    }

    @Test("A non-empty directory is refused; a changed vault file is stated in a pack and stops one with files, naming the item")
    func refusals() throws {
        let f = try EvidenceVerifierFixture()
        defer { f.cleanUp() }
        _ = try Self.write(f, includeFiles: false)
        #expect(throws: LeakTraceError.self) { _ = try Self.write(f, includeFiles: false) }
        try f.edit(f.items[1]) { $0[0] ^= 0x20 }
        // Without the files the pack is written, and states the problem.
        let stated = try Self.write(f, includeFiles: false, directory: f.root + "/p1")
        #expect(stated.evidenceProblems?.map(\.evidenceID) == ["E-2"])
        let summary = try String(contentsOfFile: stated.directory + "/case-summary.html", encoding: .utf8)
        #expect(summary.contains("evidence E-2 (forum-post.html): the stored file hashes to"))
        let error = try #require(throws: LeakTraceError.self) { _ = try Self.write(f, includeFiles: true, directory: f.root + "/p2") }
        #expect(error.message.contains("E-2"))
    }

    @Test("The chain proof: intact verifies; a changed entry of the excerpt or of the chain is named")
    func chainProof() throws {
        let f = try EvidenceVerifierFixture()
        defer { f.cleanUp() }
        let proof = CourtPack.chainProof(log: f.log, caseID: EvidenceVerifierFixture.caseID, checkpoints: f.checkpoints)
        #expect(proof.map(\.seq) == [1, 2, 3, 4, 5, 6, 7])
        #expect(CourtPack.verifyChainProof(excerpt: f.excerpt, proof: proof, checkpoints: f.checkpoints, trustedKey: f.key.publicKey).isEmpty)
        #expect(proof == f.log.prefix(7).map(AuditChain.link(of:)))
        var other = proof
        other[3].contentDigest = AuditChain.contentDigest(of: f.log[2])
        #expect(CourtPack.verifyChainProof(excerpt: f.excerpt, proof: other, checkpoints: f.checkpoints).first?.seq == 4)
        // A link of the case's own entry, changed consistently (hash recomputed), no longer matches
        // the excerpt entry, and breaks the next link.
        var mine = proof
        mine[2].contentDigest = AuditChain.contentDigest(of: f.log[0])
        mine[2].hash = AuditChain.hash(seq: 3, contentDigest: mine[2].contentDigest, prev: mine[2].prev)
        #expect(CourtPack.verifyChainProof(excerpt: f.excerpt, proof: mine, checkpoints: f.checkpoints).map(\.seq) == [4, 3])
        var excerpt = f.excerpt
        excerpt[1].target = "t-x"
        #expect(CourtPack.verifyChainProof(excerpt: excerpt, proof: proof, checkpoints: f.checkpoints).first?.seq == 3)
        let gap = proof.filter { $0.seq != 2 }
        #expect(!CourtPack.verifyChainProof(excerpt: f.excerpt, proof: gap, checkpoints: f.checkpoints).isEmpty)
    }

    static var python: String? {
        ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test("verify-audit.py recomputes the same hashes (an independent implementation)", .enabled(if: python != nil))
    func pythonChecker() throws {
        let f = try EvidenceVerifierFixture()
        defer { f.cleanUp() }
        let result = try Self.write(f, includeFiles: false)
        func run() throws -> (Int32, String) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: try #require(Self.python))
            p.arguments = [result.directory + "/verify-audit.py"]
            let pipe = Pipe()
            p.standardOutput = pipe
            try p.run()
            let out = pipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return (p.terminationStatus, String(decoding: out, as: UTF8.self))
        }
        let (status, out) = try run()
        #expect(status == 0, "\(out)")
        #expect(out.contains("RESULT: intact"))
        // Flip one byte of one excerpt line: the checker names the entry.
        let path = result.directory + "/audit-excerpt.jsonl"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"target\":\"t-2\"", with: "\"target\":\"t-3\"")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let (bad, badOut) = try run()
        #expect(bad == 1)
        #expect(badOut.contains("audit entry 3"))
    }

    /// Writes a sample pack where `LEAKTRACE_PACK_OUT` points (a new directory), to read by hand.
    @Test("Sample pack written for reading", .enabled(if: ProcessInfo.processInfo.environment["LEAKTRACE_PACK_OUT"] != nil))
    func writeSample() throws {
        let f = try EvidenceVerifierFixture()
        defer { f.cleanUp() }
        _ = try Self.write(f, includeFiles: false, directory: try #require(ProcessInfo.processInfo.environment["LEAKTRACE_PACK_OUT"]))
    }
}
