import Crypto
import Foundation
import Incidents
import Testing

/// Issue 8: "flip any byte of any audit entry: verify names it". Every byte of every field of every
/// entry of a signed log is flipped in turn (one at a time); the first problem `verify` reports
/// must name that entry.
@Suite("Audit log: every flipped byte is named")
struct AuditTamperTests {
    static var fields: [WritableKeyPath<AuditEntry, String>] { [\.time, \.actor, \.organisationID, \.action, \.target, \.detail, \.prev, \.hash] }

    static func log() throws -> ([AuditEntry], [AuditCheckpoint], Curve25519.Signing.PrivateKey) {
        let key = Curve25519.Signing.PrivateKey()
        var entries: [AuditEntry] = []
        for i in 0 ..< 6 {
            entries.append(AuditChain.entry(after: entries.last, time: Date(timeIntervalSince1970: 1_790_000_000 + Double(i)), actor: "P-0a1b2c\(i)", organisationID: i % 2 == 0 ? "telco-a" : "jpdp", caseID: i == 3 ? nil : "LT-2026-000\(i % 2 + 1)", action: ["case.open", "evidence.add", "custody.transferred", "share.grant", "task.update", "notify.draft"][i], target: "EV-\(i)", detail: "sha256=\(String(repeating: "ab", count: 4)) kind=file"))
        }
        return (entries, [try AuditChain.checkpoint(head: entries[5], time: Date(), signer: key)], key)
    }

    /// Flips one bit of the UTF-8 byte at `offset` of the string, keeping it valid UTF-8 (ASCII
    /// stays ASCII: bit 0x01 of a printable ASCII byte never makes a control or non-ASCII byte here).
    static func flip(_ s: String, at offset: Int) -> String {
        var bytes = Array(s.utf8)
        bytes[offset] ^= 0x01
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("Each byte of each field of each entry")
    func everyByte() throws {
        let (entries, checkpoints, key) = try Self.log()
        #expect(AuditChain.verify(entries: entries, checkpoints: checkpoints, trustedKey: key.publicKey).isEmpty)
        var flips = 0
        for i in entries.indices {
            for field in Self.fields {
                let text = entries[i][keyPath: field]
                for offset in 0 ..< text.utf8.count {
                    var tampered = entries
                    tampered[i][keyPath: field] = Self.flip(text, at: offset)
                    let problems = AuditChain.verify(entries: tampered, checkpoints: checkpoints, trustedKey: key.publicKey)
                    #expect(problems.first?.seq == entries[i].seq, "entry \(entries[i].seq) field \(field) byte \(offset): \(problems.first?.description ?? "no problem found")")
                    flips += 1
                }
            }
            // The case id (optional) and the sequence number too.
            var tampered = entries
            tampered[i].caseID = tampered[i].caseID.map { Self.flip($0, at: 0) } ?? "LT-2026-0009"
            #expect(AuditChain.verify(entries: tampered, checkpoints: checkpoints, trustedKey: key.publicKey).first?.seq == entries[i].seq)
            tampered = entries
            tampered[i].seq += 100
            #expect(AuditChain.verify(entries: tampered, checkpoints: checkpoints, trustedKey: key.publicKey).first?.seq == entries[i].seq + 100)
        }
        #expect(flips > 1000)
    }

    @Test("Each byte of the signed checkpoint")
    func checkpointBytes() throws {
        let (entries, checkpoints, key) = try Self.log()
        let cp = checkpoints[0]
        for field in [\AuditCheckpoint.head, \.time, \.signature] as [WritableKeyPath<AuditCheckpoint, String>] {
            let text = cp[keyPath: field]
            for offset in 0 ..< text.utf8.count {
                var c = cp
                c[keyPath: field] = Self.flip(text, at: offset)
                let problems = AuditChain.verify(entries: entries, checkpoints: [c], trustedKey: key.publicKey)
                #expect(!problems.isEmpty && problems.allSatisfy { $0.checkpointSize == cp.size || $0.seq == cp.size }, "checkpoint \(field) byte \(offset)")
            }
        }
    }
}
