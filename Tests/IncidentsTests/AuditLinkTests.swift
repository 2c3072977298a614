import Crypto
import Foundation
import Incidents
import LeakTraceCore
import Testing

@Suite("Audit chain: two-level hash and links")
struct AuditLinkTests {
    static func lp(_ s: String) -> [UInt8] {
        let b = Array(s.utf8)
        return Array("\(b.count):".utf8) + b
    }

    @Test("contentDigest and hash follow the documented definition (known answer, computed here by hand)")
    func definition() throws {
        let e = AuditChain.entry(after: nil, time: Date(timeIntervalSince1970: 1_790_000_000), actor: "p-1", organisationID: "telco-a", caseID: nil, action: "org.create", target: "telco-a", detail: "name=Telco A")
        var content = Array("leaktrace-audit-content/v1\n".utf8)
        for f in ["1", "2026-09-21T14:13:20.000Z", "p-1", "telco-a", "\u{0}", "org.create", "telco-a", "name=Telco A"] { content += Self.lp(f) }
        let digest = Hex.encode(Array(SHA256.hash(data: content)))
        #expect(AuditChain.contentDigest(of: e) == digest)
        let outer = Array("leaktrace-audit/v1\n".utf8) + Self.lp("1") + Self.lp(digest) + Self.lp(AuditChain.zeroHash)
        #expect(e.hash == Hex.encode(Array(SHA256.hash(data: outer))))
        #expect(AuditChain.hash(of: e) == e.hash)
        #expect(AuditChain.link(of: e) == AuditLink(seq: 1, contentDigest: digest, prev: AuditChain.zeroHash, hash: e.hash))
        // seq is part of the content: the same content at another place has another digest.
        var moved = e
        moved.seq = 2
        #expect(AuditChain.contentDigest(of: moved) != digest)
    }

    @Test("Links recompute the chain without any content, and every link of a log matches its entry")
    func links() throws {
        let entries = AuditChainTests.log(6)
        let links = entries.map(AuditChain.link(of:))
        for (i, l) in links.enumerated() {
            #expect(l.hash == AuditChain.hash(seq: l.seq, contentDigest: l.contentDigest, prev: l.prev))
            #expect(l.prev == (i == 0 ? AuditChain.zeroHash : links[i - 1].hash))
        }
        // Links encode as exactly four fields, no content.
        let json = String(decoding: try JSONEncoder().encode(links[1]), as: UTF8.self)
        for word in ["time", "actor", "organisationID", "caseID", "action", "target", "detail", "telco-a", "p-1"] {
            #expect(!json.contains(word), "\(word)")
        }
    }

    @Test("verify names a changed entry (any content field, prev or hash) by its seq", arguments: 0 ..< 6)
    func changed(index: Int) throws {
        var entries = AuditChainTests.log(6)
        switch index {
        case 0: entries[index].organisationID = "telco-b"
        case 1: entries[index].target = "t-x"
        case 2: entries[index].seq = 9
        case 3: entries[index].caseID = "LT-2026-0002"
        case 4: entries[index].prev = AuditChain.zeroHash
        default: entries[index].hash = AuditChain.zeroHash
        }
        let problems = AuditChain.verify(entries: entries, checkpoints: [], trustedKey: nil)
        #expect(problems.first?.seq == (index == 2 ? 9 : index + 1), "\(problems)")
        #expect(!problems.isEmpty)
    }

    @Test("verify names a consistently re-hashed change at the next entry, and a re-chained history at the checkpoint")
    func rehashed() throws {
        let key = Curve25519.Signing.PrivateKey()
        let original = AuditChainTests.log(6)
        let cp = try AuditChain.checkpoint(head: original[3], time: Date(), signer: key)
        var entries = original
        entries[2].detail = "status open -> skipped"
        entries[2].hash = AuditChain.hash(of: entries[2])
        let problems = AuditChain.verify(entries: entries, checkpoints: [cp], trustedKey: key.publicKey)
        #expect(problems.map(\.seq) == [4])
        #expect(problems.first?.reason.contains("does not link") == true)
        // Re-chain everything after it: the log is consistent but differs from the signed head.
        for i in 3 ..< entries.count {
            entries[i].prev = entries[i - 1].hash
            entries[i].hash = AuditChain.hash(of: entries[i])
        }
        let rewritten = AuditChain.verify(entries: entries, checkpoints: [cp], trustedKey: key.publicKey)
        #expect(rewritten.map(\.seq) == [4])
        #expect(rewritten.first?.reason.contains("checkpoint") == true)
    }

    @Test("verify names a removed or reordered entry")
    func removedReordered() throws {
        let entries = AuditChainTests.log(6)
        var removed = entries
        removed.remove(at: 2)
        let r = AuditChain.verify(entries: removed, checkpoints: [], trustedKey: nil)
        #expect(r.first?.seq == 4)
        #expect(r.first?.reason.contains("removed") == true)
        var reordered = entries
        reordered.swapAt(3, 4)
        let o = AuditChain.verify(entries: reordered, checkpoints: [], trustedKey: nil)
        #expect(o.first?.seq == 5)
        #expect(o.contains { $0.seq == 4 })
        #expect(AuditChain.verify(entries: entries, checkpoints: [], trustedKey: nil).isEmpty)
    }
}
