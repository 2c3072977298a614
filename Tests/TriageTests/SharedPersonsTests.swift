import Identifiers
import Testing

@testable import Triage

/// The shared person sets: batches a worker holds back while another worker has the lock are
/// counted once the lock is free, and counted the same as batches added at once.
@Suite struct SharedPersonsTests {
    /// A batch of `count` persons from `first` on, every third with only a phone, each phone a
    /// mobile of operator 1. Keys are spread like hashes (`FlaggedKeySet` keeps its flags in the
    /// low bits of the key).
    static func handover(first: UInt64, count: Int) -> SharedPersons.Handover {
        var persons: [PersonEntry] = []
        var mobiles: [PhoneEntry] = []
        for i in 0 ..< UInt64(count) {
            var p = PersonEntry()
            let n = first + i
            if n % 3 != 0 { p.mykadKey = (n + 1) &* 0x9E37_79B9_7F4A_7C15 }
            p.phoneKey = (n + 1) &* 0xC2B2_AE3D_27D4_EB4F
            p.residenceState = 1
            mobiles.append(PhoneEntry(key: p.phoneKey!, operatorNumber: 1))
            p.mobilesEnd = Int32(mobiles.count)
            persons.append(p)
        }
        return SharedPersons.Handover(persons: persons, mobiles: mobiles, boxedOperators: [], emits: [])
    }

    @Test func batchesHeldBackWhileTheLockIsTakenAreCountedWhenItIsFree() {
        let held = SharedPersons(emitDirectory: nil)
        var heldBack: [SharedPersons.Handover] = []
        // Overlapping batches (persons 1,000-1,499 are in both): each person counts once.
        held.whileBusy {
            held.absorb(Self.handover(first: 0, count: 1_500), heldBack: &heldBack)
        }
        #expect(heldBack.count == 1, "the lock was taken: the batch waits")
        held.whileBusy {
            held.absorb(Self.handover(first: 1_000, count: 1_000), heldBack: &heldBack)
        }
        #expect(heldBack.count == 2)
        held.absorb(Self.handover(first: 5_000, count: 10), heldBack: &heldBack)
        #expect(heldBack.isEmpty, "the lock was free: every batch held back went in with this one")

        let direct = SharedPersons(emitDirectory: nil)
        var none: [SharedPersons.Handover] = []
        for (first, count) in [(0, 1_500), (1_000, 1_000), (5_000, 10)] {
            direct.absorb(Self.handover(first: UInt64(first), count: count), heldBack: &none)
            #expect(none.isEmpty)
        }
        let a = held.finish()
        let b = direct.finish()
        // Persons 0..<2,000 and 5,000..<5,010, one each, a third of them by phone alone.
        #expect(a.persons == 2_010)
        #expect(a.persons == b.persons && a.withMyKad == b.withMyKad && a.phoneOnly == b.phoneOnly)
        #expect(a.phoneOnly == (0 ..< 2_000).filter { $0 % 3 == 0 }.count + (5_000 ..< 5_010).filter { $0 % 3 == 0 }.count)
        #expect(a.residenceStates == b.residenceStates && a.operators == b.operators)
    }

    @Test func aWorkerEndsByAddingWhatItHeldBack() {
        let shared = SharedPersons(emitDirectory: nil)
        var heldBack: [SharedPersons.Handover] = []
        shared.whileBusy {
            shared.absorb(Self.handover(first: 0, count: 300), heldBack: &heldBack)
        }
        #expect(heldBack.count == 1)
        shared.absorb(heldBack: &heldBack)
        #expect(heldBack.isEmpty)
        #expect(shared.finish().persons == 300)
    }

    /// Sizing the sets ahead (`reserve`, before or between batches, for more or fewer records
    /// than come) changes no count: the persons already in the sets stay, with their flags.
    @Test func reservingRoomChangesNoCount() {
        func run(_ reserves: [Int?]) -> SharedPersons.Summary {
            let shared = SharedPersons(emitDirectory: nil)
            var none: [SharedPersons.Handover] = []
            for (i, (first, count)) in [(0, 3_000), (2_000, 4_000), (9_000, 500)].enumerated() {
                if let r = reserves[i] { shared.reserve(records: r) }
                shared.absorb(Self.handover(first: UInt64(first), count: count), heldBack: &none)
            }
            return shared.finish()
        }
        let plain = run([nil, nil, nil])
        #expect(plain.persons == 6_500)
        for reserves in [[100_000, nil, nil], [nil, 50_000, nil], [10, 7_000, 1 << 30]] as [[Int?]] {
            let r = run(reserves)
            #expect(r.persons == plain.persons && r.withMyKad == plain.withMyKad && r.phoneOnly == plain.phoneOnly, "\(reserves)")
            #expect(r.residenceStates == plain.residenceStates && r.operators == plain.operators, "\(reserves)")
        }
    }
}

/// The person sets are sized from the first batch: its records scaled by the input's size over
/// the bytes read, capped; nothing when the batch was the whole input or says nothing.
@Test func expectedRecordsScaleTheFirstBatchToTheInput() {
    #expect(Scanner.expectedRecords(records: 8_000, bytesRead: 2_000_000, inputBytes: 250_000_000) == 1_000_000)
    #expect(Scanner.expectedRecords(records: 8_000, bytesRead: 2_000_000, inputBytes: 2_000_000) == nil)
    #expect(Scanner.expectedRecords(records: 8_000, bytesRead: 2_000_000, inputBytes: 1_000) == nil)
    #expect(Scanner.expectedRecords(records: 0, bytesRead: 2_000_000, inputBytes: 250_000_000) == nil)
    #expect(Scanner.expectedRecords(records: 8_000, bytesRead: 0, inputBytes: 250_000_000) == nil)
    #expect(Scanner.expectedRecords(records: 8_000, bytesRead: 2_000_000, inputBytes: 1 << 40) == SharedPersons.maxReserve)
}
