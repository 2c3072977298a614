import Crypto
import Foundation
import Incidents
import Testing

@Suite("Evidence verification")
struct EvidenceVerifierTests {
    @Test("An intact case has no problem, and the report says so")
    func intact() throws {
        let f = try EvidenceVerifierFixture()
        defer { f.cleanUp() }
        #expect(EvidenceVerifier.verify(items: f.items, custody: f.custody, vault: f.vault).isEmpty)
        let report = VerificationReport.run(caseID: f.items[0].caseID, items: f.items, custody: f.custody, vault: f.vault, auditLog: f.log, checkpoints: f.checkpoints, trustedKey: f.key.publicKey, now: StixFixture.now)
        #expect(report.isIntact)
        #expect(report.text.hasSuffix("RESULT: intact\n"))
    }

    @Test("Flipping any byte of an evidence file names that item (id and file name)", arguments: [0, 1])
    func flippedByte(index: Int) throws {
        let f = try EvidenceVerifierFixture()
        defer { f.cleanUp() }
        let item = f.items[index]
        for offset in [0, Int(item.size) / 2, Int(item.size) - 1] {
            try f.edit(item) { $0[offset] ^= 0x01 }
            let problems = EvidenceVerifier.verify(items: f.items, custody: f.custody, vault: f.vault)
            #expect(problems.map(\.kind) == [.hashDiffers], "offset \(offset)")
            #expect(problems.first?.evidenceID == item.id)
            #expect(problems.first?.fileName == item.fileName)
            #expect(problems.first?.description.contains("evidence \(item.id) (\(item.fileName))") == true)
            try f.edit(item) { $0[offset] ^= 0x01 }
            #expect(EvidenceVerifier.verify(items: f.items, custody: f.custody, vault: f.vault).isEmpty)
        }
    }

    @Test("A truncated file is a size problem; a deleted one is missing")
    func truncatedAndDeleted() throws {
        let f = try EvidenceVerifierFixture()
        defer { f.cleanUp() }
        try f.edit(f.items[0]) { $0.removeLast(3) }
        let truncated = EvidenceVerifier.verify(items: f.items, custody: f.custody, vault: f.vault)
        #expect(truncated.map(\.kind) == [.sizeDiffers, .hashDiffers])
        #expect(truncated.allSatisfy { $0.evidenceID == "E-1" })
        #expect(truncated[0].detail.contains("\(f.items[0].size - 3) bytes"))
        try FileManager.default.removeItem(atPath: f.path(of: f.items[1]))
        let missing = EvidenceVerifier.verify(items: f.items, custody: f.custody, vault: f.vault).filter { $0.evidenceID == "E-2" }
        #expect(missing.map(\.kind) == [.missingFile])
        #expect(missing.first?.fileName == "forum-post.html")
    }

    @Test("Custody: an event for an unknown item, a recorded mismatch, an inconsistent record")
    func custody() throws {
        let f = try EvidenceVerifierFixture()
        defer { f.cleanUp() }
        var custody = f.custody
        custody.append(CustodyEvent(id: "C-90", evidenceID: "E-404", caseID: f.items[0].caseID, time: StixFixture.t0, actor: "p-x", action: .accessed, reason: "look", observedSHA256: f.items[0].sha256, matched: true))
        custody.append(CustodyEvent(id: "C-91", evidenceID: "E-2", caseID: f.items[0].caseID, time: StixFixture.t0, actor: "p-x", action: .verified, reason: "check", observedSHA256: String(repeating: "0", count: 64), matched: false))
        custody.append(CustodyEvent(id: "C-92", evidenceID: "E-1", caseID: f.items[0].caseID, time: StixFixture.t0, actor: "p-x", action: .copied, reason: "copy", observedSHA256: String(repeating: "1", count: 64), matched: true))
        let problems = EvidenceVerifier.verify(items: f.items, custody: custody, vault: f.vault)
        #expect(problems.map(\.kind) == [.custodyForUnknownItem, .custodyRecordedMismatch, .custodyInconsistent])
        #expect(problems.map(\.evidenceID) == ["E-404", "E-2", "E-1"])
        #expect(problems.map(\.custodyEventID) == ["C-90", "C-91", "C-92"])
        #expect(problems[1].description.hasPrefix("evidence E-2 (forum-post.html), custody event C-91"))
    }

    @Test("Flipping any byte of any audit entry is named by its seq in the report", arguments: 0 ..< 8)
    func auditByte(index: Int) throws {
        let f = try EvidenceVerifierFixture()
        defer { f.cleanUp() }
        var log = f.log
        var detail = Array(log[index].detail.utf8)
        detail[index % detail.count] ^= 0x01
        log[index].detail = String(decoding: detail, as: UTF8.self)
        let report = VerificationReport.run(caseID: f.items[0].caseID, items: f.items, custody: f.custody, vault: f.vault, auditLog: log, checkpoints: f.checkpoints, trustedKey: f.key.publicKey, now: StixFixture.now)
        #expect(!report.isIntact)
        #expect(report.evidence.isEmpty)
        #expect(report.audit.first?.seq == index + 1)
        #expect(report.text.contains("PROBLEM audit: audit entry \(index + 1):"))
    }
}
