import Foundation
import LeakTraceCore
import Testing
import Triage
@testable import Provenance

/// Private mode: OPRF sample-and-probe ranks sources as the sketches do, and a tampered
/// evaluation fails its DLEQ proof.
@Suite("Private probe (OPRF)")
struct PrivateProbeTests {
    static func phone(_ i: Int) -> (LookupType, Sensitive<String>) { (.phone, Sensitive(String(format: "+6013%07d", i))) }

    /// Three organisations of 150 customers; a leak of 125 rows drawn 60/30/10 % from them.
    static func world(seed: UInt64) -> (orgs: [(String, [Int])], leak: [Int]) {
        var rng = SplitMix64(seed: seed)
        let orgs = [("A", Array(0 ..< 150)), ("B", Array(1000 ..< 1150)), ("C", Array(2000 ..< 2150))]
        var leak: [Int] = []
        for (org, n) in zip(orgs, [75, 38, 12]) {
            var pool = org.1
            pool.shuffle(using: &rng)
            leak += pool.prefix(n)
        }
        leak.shuffle(using: &rng)
        return (orgs, leak)
    }

    @Test func sameRankingAsSketchMode() throws {
        let (orgs, leak) = Self.world(seed: 7)
        // Sketch mode, every hash kept (scale 1): the exact containments.
        let key = try InvestigationKey(bytes: [UInt8](repeating: 5, count: 32), investigation: "probe-test")
        let leakSketch = FracMinHash(scale: 1, hashes: leak.map { key.hash(.phone, Self.phone($0).1) })
        var sketchRanking: [(String, Double)] = []
        for (name, members) in orgs {
            let s = FracMinHash(scale: 1, hashes: members.map { key.hash(.phone, Self.phone($0).1) })
            sketchRanking.append((name, leakSketch.containment(in: s)!))
        }
        // OPRF mode: 80 sampled leaked identifiers probed against each organisation's filter.
        var rng = SplitMix64(seed: 8)
        var sample = leak
        sample.shuffle(using: &rng)
        let probe = sample.prefix(80).map(Self.phone)
        var oprfRanking: [(String, Double)] = []
        for (name, members) in orgs {
            let (pem, filter) = try PrivateProbe.setup(organisation: name, identities: members.map(Self.phone), created: "t")
            let privateKey = try PrivateProbe.privateKey(pem: pem, path: "k")
            var prober = try PrivateProbe.Prober(filter: filter)
            let request = try prober.blind(Array(probe), requester: "regulator")
            // The organisation sees no identifier: the request holds only blinded points.
            let requestText = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
            for (_, v) in probe.prefix(20) { #expect(!requestText.contains(v.value) && !requestText.contains(String(v.value.dropFirst(3)))) }
            let response = try PrivateProbe.evaluate(request, key: privateKey, organisation: name)
            let result = try prober.finalize(response)
            oprfRanking.append((name, result.containment.value))
            let exact = sketchRanking.first { $0.0 == name }!.1
            // Sampling error only: within 4 standard errors of the exact containment (plus rounding).
            #expect(abs(result.containment.value - exact) <= 4 * (exact * (1 - exact) / 80).squareRoot() + 0.02, "\(name): \(result.containment) vs \(exact)")
        }
        #expect(sketchRanking.sorted { $0.1 > $1.1 }.map(\.0) == oprfRanking.sorted { $0.1 > $1.1 }.map(\.0))
        #expect(oprfRanking.sorted { $0.1 > $1.1 }.map(\.0) == ["A", "B", "C"])
    }

    @Test func tamperedEvaluationFailsTheProof() throws {
        let (pem, filter) = try PrivateProbe.setup(organisation: "A", identities: (0 ..< 20).map(Self.phone), created: "t")
        let key = try PrivateProbe.privateKey(pem: pem, path: "k")
        var prober = try PrivateProbe.Prober(filter: filter)
        let request = try prober.blind((0 ..< 4).map(Self.phone), requester: "r")
        let honest = try PrivateProbe.evaluate(request, key: key, organisation: "A")
        #expect(try prober.finalize(honest).containment.matched == 4)

        // Evaluated with another key (the organisation cheating, or a man in the middle).
        let (otherPEM, _) = try PrivateProbe.setup(organisation: "A", identities: [Self.phone(1)], created: "t")
        let other = try PrivateProbe.evaluate(request, key: try PrivateProbe.privateKey(pem: otherPEM, path: "k2"), organisation: "A")
        #expect(throws: LeakTraceError.self) { try prober.finalize(other) }

        // One evaluation's proof altered.
        var altered = honest
        var raw = Data(base64Encoded: altered.evaluations[2])!
        raw[raw.count - 5] ^= 0x01
        altered.evaluations[2] = raw.base64EncodedString()
        #expect(throws: LeakTraceError.self) { try prober.finalize(altered) }

        // Evaluations swapped between requests: each proof binds its own element.
        var swapped = honest
        swapped.evaluations.swapAt(0, 1)
        #expect(throws: LeakTraceError.self) { try prober.finalize(swapped) }
    }

    @Test func rateLimitAndQueryLog() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("oprf-log-\(UUID().uuidString).ndjson").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let now = Date()
        try PrivateProbe.admit(requester: "police", elements: 600, requestSHA256: "aa", log: log, limit: 1000, window: 86400, now: now)
        try PrivateProbe.admit(requester: "regulator", elements: 900, requestSHA256: "bb", log: log, limit: 1000, window: 86400, now: now)
        #expect(throws: LeakTraceError.self) {
            try PrivateProbe.admit(requester: "police", elements: 500, requestSHA256: "cc", log: log, limit: 1000, window: 86400, now: now)
        }
        // A day later the window has passed.
        try PrivateProbe.admit(requester: "police", elements: 500, requestSHA256: "dd", log: log, limit: 1000, window: 86400, now: now.addingTimeInterval(90_000))
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        let attributes = try FileManager.default.attributesOfItem(atPath: log)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}
