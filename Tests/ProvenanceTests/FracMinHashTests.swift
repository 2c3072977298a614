import Provenance
import Testing

@Suite("FracMinHash and the key ring")
struct FracMinHashTests {
    @Test("containment of a known overlap is estimated within a few standard errors")
    func containment() throws {
        let ring = try KeyRing(master: Array(repeating: 7, count: 32))
        let prf = ring.prf("sketch/test/v1")
        var leak = FracMinHash(scale: 40), org = FracMinHash(scale: 40)
        // Leak: ids 0..<40k; organisation: ids 28k..<100k, so C(leak ⊂ org) = 0.3.
        for i in 0 ..< 40_000 { leak.insert(prf(1, String(i))) }
        for i in 28_000 ..< 100_000 { org.insert(prf(1, String(i))) }
        leak.finish(); org.finish()
        let c = try #require(leak.containment(in: org))
        let se = (0.3 * 0.7 / 1000).squareRoot() // about 1,000 leak hashes kept
        #expect(abs(c - 0.3) < 4 * se)
        #expect(abs(leak.estimatedCardinality - 40_000) < 5_000)
    }

    @Test("repeats are kept once; union of two halves equals the whole")
    func unionAndRepeats() throws {
        let prf = try KeyRing(master: Array(repeating: 9, count: 32)).prf("x")
        var whole = FracMinHash(scale: 10), a = FracMinHash(scale: 10), b = FracMinHash(scale: 10)
        for i in 0 ..< 5_000 {
            whole.insert(prf(1, String(i))); whole.insert(prf(1, String(i)))
            if i % 2 == 0 { a.insert(prf(1, String(i))) } else { b.insert(prf(1, String(i))) }
        }
        whole.finish(); a.finish()
        b.finish()
        a.formUnion(b)
        #expect(a == whole)
        #expect(whole.hashes == whole.hashes.sorted())
    }

    @Test("purpose keys differ by label and the PRF is deterministic")
    func purposes() throws {
        let ring = try KeyRing(master: Array(0 ..< 32))
        #expect(ring.prf("fp/bias/v1")(1, "x") == ring.prf("fp/bias/v1")(1, "x"))
        #expect(ring.prf("fp/bias/v1")(1, "x") != ring.prf("fp/sym/v1")(1, "x"))
        #expect(ring.prf("fp/bias/v1")(1, "x") != ring.prf("fp/bias/v1")(2, "x"))
        #expect(ring.keyId.count == 16)
    }
}
