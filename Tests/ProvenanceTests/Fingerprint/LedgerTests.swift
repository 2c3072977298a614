import Crypto
import Foundation
import LeakTraceCore
import Provenance
import Testing

@Suite("Signed hash-chained log and transfer ledger")
struct LedgerTests {
    static func tempPath(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lt-ledger-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    static let signer = Curve25519.Signing.PrivateKey()

    static func makeLog(_ entries: Int) throws -> SignedChainLog {
        let log = SignedChainLog(path: tempPath("log.ndjson"), purpose: "test log")
        for i in 0 ..< entries {
            try log.append(payload: Array(#"{"n":\#(i),"text":"entry \#(i)"}"#.utf8), signer: signer)
        }
        return log
    }

    static func rewrite(_ path: String, _ change: (inout [String]) -> Void) throws {
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        change(&lines)
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test("an untouched log verifies, under its own key and the genesis key")
    func intact() throws {
        let log = try Self.makeLog(4)
        #expect(try log.verify(publicKey: Self.signer.publicKey).isEmpty)
        #expect(try log.verify(publicKey: nil).isEmpty)
        #expect(try log.entries().count == 5)
    }

    @Test("a changed payload is named by its entry number")
    func changedPayload() throws {
        let log = try Self.makeLog(4)
        try Self.rewrite(log.path) { $0[2] = $0[2].replacingOccurrences(of: "entry 1", with: "entry 9") }
        let problems = try log.verify(publicKey: Self.signer.publicKey)
        #expect(problems.first?.seq == 2)
        #expect(problems.allSatisfy { $0.seq == 2 })
    }

    @Test("a removed middle entry breaks the chain at the next one")
    func removedEntry() throws {
        let log = try Self.makeLog(4)
        try Self.rewrite(log.path) { $0.remove(at: 2) }
        let problems = try log.verify(publicKey: Self.signer.publicKey)
        #expect(problems.contains { $0.seq == 3 })
    }

    @Test("a log re-signed with another key fails against the real key")
    func otherKey() throws {
        let log = try Self.makeLog(2)
        #expect(try !log.verify(publicKey: Curve25519.Signing.PrivateKey().publicKey).isEmpty)
    }

    @Test("a line that is not an entry is an error naming the file and line")
    func garbage() throws {
        let log = try Self.makeLog(2)
        try Self.rewrite(log.path) { $0.insert("not json", at: 1) }
        #expect {
            _ = try log.entries()
        } throws: { error in
            (error as? LeakTraceError)?.location?.line == 2
        }
    }
}
