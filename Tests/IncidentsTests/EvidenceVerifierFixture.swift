import Crypto
import Foundation
import Incidents

/// A case with two evidence files in a fresh vault, custody events and an audit log with a
/// signed checkpoint. The first file holds a planted fake MyKad number (synthetic).
struct EvidenceVerifierFixture {
    static let fakeMyKad = "010203-10-9876"
    static let caseID = StixFixture.incident.id

    let root: String
    let vault: EvidenceVault
    var items: [EvidenceItem] = []
    var custody: [CustodyEvent] = []
    var log: [AuditEntry] = []
    var checkpoints: [AuditCheckpoint] = []
    let key = Curve25519.Signing.PrivateKey()

    init() throws {
        root = NSTemporaryDirectory() + "leaktrace-exchange-\(UUID().uuidString)"
        vault = EvidenceVault(root: root + "/vault")
        let t = StixFixture.t0
        let files: [(String, String, String)] = [
            ("E-1", "sample-listing.csv", "name,mykad\nSiti Binti Contoh,\(Self.fakeMyKad)\n"),
            ("E-2", "forum-post.html", "<html><body>Selling 2M subscriber rows, sample attached</body></html>\n"),
        ]
        for (n, (id, name, content)) in files.enumerated() {
            let stored = try vault.ingest(bytes: Array(content.utf8), name: name)
            items.append(EvidenceItem(
                id: id, caseID: Self.caseID, kind: n == 0 ? .capture : .file, sha256: stored.sha256, size: stored.size,
                fileName: name, description: "Captured from the listing", acquiredBy: "p-resp", acquiredAt: t,
                method: "download, LeakTrace 1.0", source: "forum listing"
            ))
            custody.append(CustodyEvent(id: "C-\(n * 2 + 1)", evidenceID: id, caseID: Self.caseID, time: t, actor: "p-resp", action: .acquired, reason: "intake", observedSHA256: stored.sha256, matched: true))
            custody.append(CustodyEvent(id: "C-\(n * 2 + 2)", evidenceID: id, caseID: Self.caseID, time: t.addingTimeInterval(3600), actor: "p-resp", action: .transferred, from: "p-resp", to: "pdrm-ccid", reason: "police request", sealNumber: "S-\(n)", observedSHA256: stored.sha256, matched: true))
        }
        for i in 0 ..< 8 {
            log.append(AuditChain.entry(
                after: log.last, time: t.addingTimeInterval(Double(i) * 90), actor: "p-resp", organisationID: "telco-a",
                caseID: i % 2 == 0 ? Self.caseID : "LT-2026-0003", action: i == 0 ? "case.create" : "task.update",
                target: "t-\(i)", detail: "status open -> done"
            ))
        }
        checkpoints = [try AuditChain.checkpoint(head: log[5], time: t.addingTimeInterval(1000), signer: key)]
    }

    var excerpt: [AuditEntry] { log.filter { $0.caseID == Self.caseID } }

    func path(of item: EvidenceItem) -> String { vault.path(for: item.sha256) }

    /// Makes a stored (read-only) file writable, then changes it.
    func edit(_ item: EvidenceItem, _ change: (inout Data) -> Void) throws {
        let p = path(of: item)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: p)
        var data = try Data(contentsOf: URL(fileURLWithPath: p))
        change(&data)
        try data.write(to: URL(fileURLWithPath: p))
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: root)
    }
}
