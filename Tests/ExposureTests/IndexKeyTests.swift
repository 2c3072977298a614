import Crypto
import Exposure
import Foundation
import LeakTraceCore
import Testing
import Triage

@Suite("Index key and keyed hashes")
struct IndexKeyTests {
    static let hexA = String(repeating: "ab", count: 32)
    static let hexB = String(repeating: "cd", count: 32)

    @Test("the same identifier hashes the same under one key, differently under another or another type")
    func keyed() throws {
        let a = try IndexKey(hex: Self.hexA, source: "test")
        let b = try IndexKey(hex: Self.hexB, source: "test")
        let v = Sensitive("850101145679")
        #expect(a.hash(.mykad, canonical: v) == a.hash(.mykad, canonical: v))
        #expect(a.hash(.mykad, canonical: v) != b.hash(.mykad, canonical: v))
        #expect(a.hash(.mykad, canonical: v) != a.hash(.phone, canonical: v))
        #expect(a.checkValue != b.checkValue)
    }

    @Test("the keyed hash is not an unkeyed SHA-256, SHA-1 or MD5 of the value")
    func notUnkeyed() throws {
        let key = try IndexKey(hex: Self.hexA, source: "test")
        let value = "850101145679"
        let stored = key.hash(.mykad, canonical: Sensitive(value)).bytes
        let unkeyed: [[UInt8]] = [
            Array(SHA256.hash(data: Data(value.utf8))), Array(Insecure.SHA1.hash(data: Data(value.utf8))), Array(Insecure.MD5.hash(data: Data(value.utf8))),
        ]
        for u in unkeyed { #expect(Array(u.prefix(16)) != stored) }
    }

    @Test("hash bytes round-trip and sort like the stored blobs")
    func bytes() throws {
        let key = try IndexKey(hex: Self.hexA, source: "test")
        let hashes = (0 ..< 200).map { key.hash(.email, canonical: Sensitive("p\($0)@example.com")) }
        for h in hashes { #expect(IdentifierHash(bytes: h.bytes) == h) }
        let sortedByValue = hashes.sorted()
        let sortedByBytes = hashes.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
        #expect(sortedByValue == sortedByBytes)
        #expect(h48(hashes[0]) == hashes[0].personId)
    }

    private func h48(_ h: IdentifierHash) -> Int64 { Int64(h.high >> 16) }

    @Test("bad key text is refused with what was expected")
    func badKeys() {
        #expect(throws: LeakTraceError.self) { try IndexKey(hex: "abc", source: "k") }
        #expect(throws: LeakTraceError.self) { try IndexKey(hex: String(repeating: "zz", count: 32), source: "k") }
        #expect(throws: LeakTraceError.self) { try IndexKey(secret: [1, 2, 3]) }
    }

    @Test("key init writes a 0600 file, never overwrites; load reads file, environment, default path")
    func keyFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lt-key-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/sub/index.key"
        try IndexKey.create(at: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(throws: LeakTraceError.self) { try IndexKey.create(at: path) }
        let fromFile = try IndexKey.load(keyFile: path)
        let fromEnvFile = try IndexKey.load(keyFile: nil, environment: [IndexKey.fileEnvironmentVariable: path])
        #expect(fromFile.checkValue == fromEnvFile.checkValue)
        let fromEnv = try IndexKey.load(keyFile: nil, environment: [IndexKey.environmentVariable: Self.hexA])
        #expect(fromEnv.checkValue == (try IndexKey(hex: Self.hexA, source: "t")).checkValue)
        try IndexKey.create(at: dir + "/leaktrace/index.key")
        let fromDefault = try IndexKey.load(keyFile: nil, environment: ["XDG_CONFIG_HOME": dir])
        #expect(fromDefault.checkValue != fromFile.checkValue)
        #expect(IndexKey.defaultPath(environment: ["HOME": "/home/x"]) == "/home/x/.config/leaktrace/index.key")
        #expect(throws: LeakTraceError.self) { try IndexKey.load(keyFile: dir + "/missing.key") }
    }
}
