import Exposure
import Identifiers
import LeakTraceCore
import Synchronization
import Testing
import Triage

@Suite("Rate limiter")
struct RateLimiterTests {
    final class FakeClock: Sendable {
        let t = Mutex<Double>(1000)
        func advance(_ s: Double) { t.withLock { $0 += s } }
        var now: Double { t.withLock { $0 } }
    }

    @Test("rpm requests pass, the next waits, Retry-After is whole seconds rounded up")
    func perMinute() {
        let clock = FakeClock()
        let limiter = RateLimiter(now: { clock.now })
        for _ in 0 ..< 10 { #expect(limiter.take("key-a", rpm: 10) == .allowed) }
        #expect(limiter.take("key-a", rpm: 10) == .limited(retryAfter: 6))
        // Another subject has its own bucket.
        #expect(limiter.take("key-b", rpm: 10) == .allowed)
        clock.advance(5.5)
        #expect(limiter.take("key-a", rpm: 10) == .limited(retryAfter: 1))
        clock.advance(0.5)
        #expect(limiter.take("key-a", rpm: 10) == .allowed)
    }

    @Test("no minute holds more than about rpm + refill requests")
    func minuteWindow() {
        let clock = FakeClock()
        let limiter = RateLimiter(now: { clock.now })
        var allowed = 0
        for _ in 0 ..< 600 {
            if limiter.take("k", rpm: 30) == .allowed { allowed += 1 }
            clock.advance(0.1)
        }
        // 60 s: the full bucket (30) plus 60 s of refill (30), never more.
        #expect(allowed <= 61)
        #expect(allowed >= 59)
    }

    @Test("limits per hour for one-time codes")
    func perHour() {
        let clock = FakeClock()
        let limiter = RateLimiter(now: { clock.now })
        for _ in 0 ..< 3 { #expect(limiter.take("c", limit: 3, per: 3600) == .allowed) }
        #expect(limiter.take("c", limit: 3, per: 3600) == .limited(retryAfter: 1200))
    }

    @Test("idle subjects are forgotten when the table is full")
    func bounded() {
        let clock = FakeClock()
        let limiter = RateLimiter(maxSubjects: 100, now: { clock.now })
        for i in 0 ..< 100 { _ = limiter.take("s\(i)", rpm: 60) }
        clock.advance(120)
        for i in 100 ..< 300 { #expect(limiter.take("s\(i)", rpm: 60) == .allowed) }
    }
}

@Suite("Ownership proof tokens")
struct OwnershipProofTests {
    let key = try! IndexKey(hex: String(repeating: "11", count: 32), source: "test")

    @Test("a token verifies until it expires, and not under another key")
    func roundTrip() throws {
        let h = key.hash(.email, canonical: Sensitive("a@example.com"))
        let proof = OwnershipProof(contactType: .email, contactHash: h, expiresAt: 2_000)
        let token = proof.token(key: key)
        #expect(!token.contains("example"))
        #expect(OwnershipProof.verify(token, key: key, now: 1_999) == proof)
        #expect(OwnershipProof.verify(token, key: key, now: 2_000) == nil)
        let other = try IndexKey(hex: String(repeating: "22", count: 32), source: "test")
        #expect(OwnershipProof.verify(token, key: other, now: 1_000) == nil)
    }

    @Test("tampering with any part is refused", arguments: 0 ..< 5)
    func tampered(part: Int) {
        let h = key.hash(.phone, canonical: Sensitive("+60123456789"))
        let token = OwnershipProof(contactType: .phone, contactHash: h, expiresAt: 9_000).token(key: key)
        var parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        parts[part] = part == 1 ? "3" : part == 3 ? "99999" : String(parts[part].reversed())
        #expect(OwnershipProof.verify(parts.joined(separator: "."), key: key, now: 1_000) == nil)
        #expect(OwnershipProof.verify("garbage", key: key, now: 1_000) == nil)
    }
}

@Suite("Data classes and index entries")
struct EntryTests {
    let key = try! IndexKey(hex: String(repeating: "33", count: 32), source: "test")

    @Test("a record's types and sensitive columns become HIBP-named classes")
    func classes() {
        let types = UInt32(1) << UInt32(IdentifierType.mykad.ordinal) | UInt32(1) << UInt32(IdentifierType.phoneMobile.ordinal) | UInt32(1) << UInt32(IdentifierType.address.ordinal)
        let health = UInt16(1) << UInt16(SensitiveClass.allCases.firstIndex(of: .health)!)
        let mask = DataClass.mask(types: types, sensitive: health)
        #expect(DataClass.titles(of: mask) == ["Government issued IDs", "Health records", "Phone numbers", "Physical addresses"])
    }

    @Test("class bits are fixed: stored masks keep their meaning")
    func stableBits() {
        #expect(DataClass.governmentIDs.bit == 1)
        #expect(DataClass.emailAddresses.bit == 8)
        #expect(Set(DataClass.allCases.map(\.rawValue)).count == DataClass.allCases.count)
        #expect(Set(DataClass.allCases.map(\.title)).count == DataClass.allCases.count)
    }

    @Test("one person per record: MyKad first; duplicates merge their classes; output sorted")
    func entries() {
        func id(_ t: LookupType, _ v: String) -> RecordIdentifier { RecordIdentifier(type: t, canonical: Sensitive(v)) }
        let phoneBit = UInt32(1) << UInt32(IdentifierType.phoneMobile.ordinal)
        let nameBit = UInt32(1) << UInt32(IdentifierType.name.ordinal)
        let rows = [
            RecordIdentities(identifiers: [id(.phone, "+60123456789"), id(.mykad, "850101145679")], types: phoneBit, sensitive: 0),
            RecordIdentities(identifiers: [id(.phone, "+60123456789"), id(.email, "a@example.com")], types: nameBit, sensitive: 0),
        ]
        let entries = Ingestor.entries(of: rows, key: key)
        #expect(entries.count == 3)
        #expect(entries.map(\.hash) == entries.map(\.hash).sorted())
        let mykadPerson = key.hash(.mykad, canonical: Sensitive("850101145679")).personId
        let phone = entries.first { $0.hash == key.hash(.phone, canonical: Sensitive("+60123456789")) }
        #expect(phone?.person == mykadPerson)
        #expect(phone?.classes == DataClass.phoneNumbers.bit | DataClass.names.bit)
        // The second record has no MyKad: its email's person is the phone's (first) hash.
        let email = entries.first { $0.hash == key.hash(.email, canonical: Sensitive("a@example.com")) }
        #expect(email?.person == key.hash(.phone, canonical: Sensitive("+60123456789")).personId)
    }
}
