import Crypto
import Foundation
import Incidents
import Testing

@Suite("Audit chain")
struct AuditChainTests {
    static func log(_ n: Int) -> [AuditEntry] {
        var out: [AuditEntry] = []
        for i in 0 ..< n {
            out.append(AuditChain.entry(after: out.last, time: Date(timeIntervalSince1970: 1_790_000_000 + Double(i) * 61.5), actor: "p-\(i % 3)", organisationID: "telco-a", caseID: i % 2 == 0 ? "LT-2026-0001" : nil, action: "task.update", target: "t-\(i)", detail: "status open -> done"))
        }
        return out
    }

    @Test("An intact log with checkpoints verifies")
    func intact() throws {
        let key = Curve25519.Signing.PrivateKey()
        let entries = Self.log(10)
        let cps = try [AuditChain.checkpoint(head: entries[4], time: Date(), signer: key), AuditChain.checkpoint(head: entries[9], time: Date(), signer: key)]
        #expect(AuditChain.verify(entries: entries, checkpoints: cps, trustedKey: key.publicKey).isEmpty)
        #expect(entries[0].time == "2026-09-21T14:13:20.000Z")
        #expect(entries[1].time == "2026-09-21T14:14:21.500Z")
    }

    @Test("Any changed field of any entry is named by its seq", arguments: 0 ..< 10)
    func changed(index: Int) throws {
        var entries = Self.log(10)
        var e = entries[index]
        switch index % 5 {
        case 0: e.detail += "x"
        case 1: e.actor = "p-9"
        case 2: e.time = e.time.replacingOccurrences(of: "Z", with: "1Z")
        case 3: e.action = "task.delete"
        default: e.caseID = "LT-2026-0002"
        }
        entries[index] = e
        let problems = AuditChain.verify(entries: entries, checkpoints: [], trustedKey: nil)
        #expect(problems.first?.seq == index + 1)
        #expect(problems.first?.reason.contains("does not match its hash") == true)
    }

    @Test("A removed, reordered or truncated entry is found")
    func structure() throws {
        let key = Curve25519.Signing.PrivateKey()
        let entries = Self.log(8)
        var removed = entries
        removed.remove(at: 3)
        #expect(AuditChain.verify(entries: removed, checkpoints: [], trustedKey: nil).first?.seq == 5)
        var swapped = entries
        swapped.swapAt(2, 3)
        #expect(AuditChain.verify(entries: swapped, checkpoints: [], trustedKey: nil).first?.seq == 4)
        let cp = try AuditChain.checkpoint(head: entries[7], time: Date(), signer: key)
        let truncated = Array(entries.prefix(6))
        let p = AuditChain.verify(entries: truncated, checkpoints: [cp], trustedKey: key.publicKey)
        #expect(p.map(\.checkpointSize) == [8])
        // A rewritten history (re-hashed consistently) still differs from the signed head.
        var rewritten = Array(entries.prefix(5))
        var forged = AuditChain.entry(after: rewritten.last, time: Date(), actor: "p-0", organisationID: "telco-a", caseID: nil, action: "x", target: "y", detail: "z")
        rewritten.append(forged)
        for _ in 0 ..< 2 {
            forged = AuditChain.entry(after: rewritten.last, time: Date(), actor: "p-0", organisationID: "telco-a", caseID: nil, action: "x", target: "y", detail: "z")
            rewritten.append(forged)
        }
        #expect(AuditChain.verify(entries: rewritten, checkpoints: [cp], trustedKey: key.publicKey).map(\.seq) == [8])
        // A checkpoint signed by another key is not trusted.
        let other = try AuditChain.checkpoint(head: entries[7], time: Date(), signer: Curve25519.Signing.PrivateKey())
        #expect(!AuditChain.verify(entries: entries, checkpoints: [other], trustedKey: key.publicKey).isEmpty)
    }
}

@Suite("Evidence vault")
struct EvidenceVaultTests {
    @Test("Ingest is content-addressed, read-only and re-hashes to the same digest; a flipped byte shows")
    func roundTrip() throws {
        let dir = NSTemporaryDirectory() + "vault-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let vault = EvidenceVault(root: dir + "/v")
        let bytes = (0 ..< 3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let src = dir + "/sample.bin"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: src, contents: Data(bytes)))
        let (sha, size) = try vault.ingest(fileAt: src)
        #expect(sha == SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
        #expect(size == 3_000_000)
        let again = try vault.ingest(fileAt: src)
        #expect(again.sha256 == sha)
        let perms = try FileManager.default.attributesOfItem(atPath: vault.path(for: sha))[.posixPermissions] as? Int
        #expect(perms == 0o400)
        #expect(try vault.rehash(sha256: sha)?.sha256 == sha)
        // Flip one byte in the stored copy.
        let p = vault.path(for: sha)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: p)
        var stored = try [UInt8](Data(contentsOf: URL(fileURLWithPath: p)))
        stored[1_234_567] ^= 0x01
        try Data(stored).write(to: URL(fileURLWithPath: p))
        #expect(try vault.rehash(sha256: sha)?.sha256 != sha)
        try FileManager.default.removeItem(atPath: p)
        #expect(try vault.rehash(sha256: sha) == nil)
    }

    @Test("An unreadable source names the file")
    func missingSource() {
        let vault = EvidenceVault(root: NSTemporaryDirectory() + "vault-\(UUID().uuidString)")
        #expect(throws: (any Error).self) { try vault.ingest(fileAt: "/nonexistent/evidence.bin") }
    }
}
