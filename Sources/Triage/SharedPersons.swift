#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Identifiers
import LeakTraceCore
import Synchronization

/// The distinct sets every worker adds to: persons (MyKad, else phone), distinct phones for the
/// operator mix, and the exact per-type sets behind `--emit-identifiers`.
///
/// Workers hand over a whole batch's keys at once, so the lock is taken once per batch (or
/// less: see `absorb`).
final class SharedPersons: Sendable {
    struct State: ~Copyable {
        /// Small at first (64 KiB each): a scan sizes both sets for its input once it has read
        /// a batch (`reserve`), and 1 MiB tables made at the start, then replaced, cost about
        /// half a millisecond before the file was opened.
        var mykads = KeySet(capacity: 1 << 12)
        /// Every phone key, flagged `linked` (a phone of a MyKad person), `phoneOnly` (the key
        /// of a person without a MyKad) and `mobile` (counted in the operator mix).
        var phones = FlaggedKeySet(capacity: 1 << 12)
        /// The person tallies by code, in one array so a batch's persons are counted through one
        /// borrowed buffer (see `Tally`): one increment per new person, no dictionary hashing.
        var tallies = [Int](repeating: 0, count: Tally.size)
        var operators: [String: Int] = [:]
        var emitSets: [IdentifierType: KeySet] = [:]
        var emitBuffers: [IdentifierType: [UInt8]] = [:]
        var emitFiles: [IdentifierType: Int32] = [:]
        var emitCounts: [IdentifierType: Int] = [:]
        var emitError: String?
        /// Where `KeySet.touch`'s sums go, so the reads are not optimised away.
        var touched: UInt64 = 0
        /// Phones flagged `phoneOnly` and not `linked`: the persons without a MyKad, kept as the
        /// flags change so that `finish` does not walk the table.
        var phoneOnlyPersons = 0
    }

    /// Where each count lives in `State.tallies`.
    enum Tally {
        static let ageBands = 0
        static let genders = 256
        static let birthStates = genders + 2
        static let residenceStates = birthStates + StateCodes.count
        /// New mobiles by `PhoneEntry.operatorNumber`; names no table holds in `operators`.
        static let operatorNumbers = residenceStates + StateCodes.count
        static let size = operatorNumbers + 256
    }

    private let state = Mutex(State())
    let emitDirectory: String?
    /// Numbers the batches and records of the whole scan for `IdentitySink` (taken on the
    /// reading thread, in reading order).
    private let numbering = Mutex<(batches: Int, records: Int)>((0, 0))

    /// The next batch's number and the number of its first record.
    func claimBatch(records: Int) -> (ordinal: Int, firstRecord: Int) {
        numbering.withLock { n in
            defer { n = (n.batches + 1, n.records + records) }
            return (n.batches, n.records)
        }
    }

    init(emitDirectory: String?) {
        self.emitDirectory = emitDirectory
    }

    static let linked: UInt64 = 1
    static let phoneOnly: UInt64 = 2
    static let mobile: UInt64 = 4

    /// One batch's persons, mobiles and identifiers to emit (`boxedOperators`: the names
    /// `PhoneEntry.boxedOperator` indexes), with the keys each block of persons will look up,
    /// gathered outside the lock.
    struct Handover {
        static let block = 256
        var persons: [PersonEntry]
        var mobiles: [PhoneEntry]
        var boxedOperators: [String]
        var emits: [(IdentifierType, UInt64, String)]
        var mykadKeys: [UInt64] = []
        var phoneKeys: [UInt64] = []
        var blockStarts: [(mykad: Int, phone: Int)] = []

        init(persons: [PersonEntry], mobiles: [PhoneEntry], boxedOperators: [String], emits: [(IdentifierType, UInt64, String)]) {
            self.persons = persons
            self.mobiles = mobiles
            self.boxedOperators = boxedOperators
            self.emits = emits
            mykadKeys.reserveCapacity(persons.count)
            phoneKeys.reserveCapacity(persons.count + mobiles.count)
            var mobileStart = 0
            mobiles.withUnsafeBufferPointer { mobiles in
                for (i, p) in persons.enumerated() {
                    if i % Handover.block == 0 { blockStarts.append((mykadKeys.count, phoneKeys.count)) }
                    if let k = p.mykadKey { mykadKeys.append(k) }
                    if let ph = p.phoneKey { phoneKeys.append(ph) }
                    let end = Int(p.mobilesEnd)
                    // A row's mobile is usually its person's phone: its slot is read once. (Through
                    // a buffer: a slice of the array per person retained and released it.)
                    for m in mobileStart ..< end where mobiles[m].key != p.phoneKey { phoneKeys.append(mobiles[m].key) }
                    mobileStart = end
                }
            }
            blockStarts.append((mykadKeys.count, phoneKeys.count))
        }
    }

    /// The most keys `reserve` makes room for ahead (8M slots, 64 MiB a set): beyond it the sets
    /// grow as keys come, so a wrong estimate costs at most that much memory.
    static let maxReserve = 1 << 22

    /// Sizes the sets for about `records` more records (at most `maxReserve` keys), as estimated
    /// from the input's size (`Scanner.expectedRecords`). Growing a set by doubling re-inserts
    /// every key it holds at each step, and each re-insert misses the cache: for 1M records that
    /// was about 5 % of the scan's CPU. A record adds at most one MyKad, and phones mostly one
    /// each. Batches that come meanwhile wait for the lock, as for another worker's batch.
    func reserve(records: Int) {
        guard records > 0 else { return }
        state.withLock { s in
            let wanted = min(records, SharedPersons.maxReserve)
            s.mykads.reserve(s.mykads.count + wanted)
            s.phones.reserve(s.phones.count + wanted)
        }
    }

    /// Batches a worker may hold back while another worker has the sets (see `absorb`).
    static let maxHeldBack = 4

    /// Adds a batch's persons (`handover`) and those of the batches `heldBack` for later.
    ///
    /// A worker does not wait for the lock while another worker adds its batch: it keeps the
    /// batch in `heldBack` and goes on to its next one, and adds them all when the lock is free
    /// (waiting for it only once `maxHeldBack` batches are held). Waiting had the kernel spin
    /// for about 1 % of a scan's CPU (a priority-inheritance futex), besides the time the worker
    /// sat idle. The counts do not depend on the order batches arrive in. A worker ends its part
    /// of a scan with `absorb(heldBack:)`.
    func absorb(_ handover: Handover, heldBack: inout [Handover]) {
        heldBack.append(handover)
        if heldBack.count < SharedPersons.maxHeldBack {
            let added: Void? = state.withLockIfAvailable { s in
                for h in heldBack { SharedPersons.add(h, to: &s, emitDirectory: emitDirectory) }
            }
            if added != nil { heldBack.removeAll(keepingCapacity: true) }
        } else {
            absorb(heldBack: &heldBack)
        }
    }

    /// Runs `body` while holding the sets' lock, as another worker adding its batch would (tests).
    func whileBusy(_ body: () -> Void) {
        state.withLock { _ in body() }
    }

    /// Adds the batches a worker held back, waiting for the lock.
    func absorb(heldBack: inout [Handover]) {
        guard !heldBack.isEmpty else { return }
        state.withLock { s in
            for h in heldBack { SharedPersons.add(h, to: &s, emitDirectory: emitDirectory) }
        }
        heldBack.removeAll(keepingCapacity: true)
    }

    private static func add(_ h: Handover, to s: inout State, emitDirectory: String?) {
        let block = Handover.block
        // Borrowed for the batch (taken out of `s`, which the loop also changes).
        var borrowed = s.tallies
        s.tallies = []
        defer { s.tallies = borrowed }
        let touched = borrowed.withUnsafeMutableBufferPointer { tallies in
            h.persons.withUnsafeBufferPointer { persons in
                h.mobiles.withUnsafeBufferPointer { mobiles in
                    h.mykadKeys.withUnsafeBufferPointer { mk in
                        h.phoneKeys.withUnsafeBufferPointer { pk in
                            var touched: UInt64 = 0
                            var mobileStart = 0
                            for b in 0 ..< h.blockStarts.count - 1 {
                                // Touch a block's slots in both sets, then add the block's
                                // persons and their mobiles.
                                let (from, to) = (h.blockStarts[b], h.blockStarts[b + 1])
                                touched &+= s.mykads.touch(UnsafeBufferPointer(rebasing: mk[from.mykad ..< to.mykad]))
                                    &+ s.phones.touch(UnsafeBufferPointer(rebasing: pk[from.phone ..< to.phone]))
                                for i in (b * block) ..< min(persons.count, (b + 1) * block) {
                                    let person = persons[i]
                                    SharedPersons.add(person, to: &s, tallies: tallies)
                                    let end = Int(person.mobilesEnd)
                                    for m in mobileStart ..< end { SharedPersons.addMobile(mobiles[m], to: &s, tallies: tallies, boxed: h.boxedOperators) }
                                    mobileStart = end
                                }
                            }
                            // Mobiles of no person (none today: a valid mobile makes its row a person).
                            for m in mobileStart ..< mobiles.count { SharedPersons.addMobile(mobiles[m], to: &s, tallies: tallies, boxed: h.boxedOperators) }
                            return touched
                        }
                    }
                }
            }
        }
        s.touched &+= touched
        if !h.emits.isEmpty { SharedPersons.emit(h.emits, into: &s, directory: emitDirectory) }
    }

    private static func add(_ p: PersonEntry, to s: inout State, tallies: UnsafeMutableBufferPointer<Int>) {
        if let k = p.mykadKey {
            if s.mykads.insert(k) {
                if let band = p.ageBand { tallies[Tally.ageBands + Int(band)] += 1 }
                if let g = p.gender { tallies[Tally.genders + (g == .male ? 0 : 1)] += 1 }
                tallies[Tally.birthStates + Int(p.birthState)] += 1
                tallies[Tally.residenceStates + Int(p.residenceState)] += 1
            }
            if let ph = p.phoneKey {
                let before = s.phones.update(linked, on: ph)
                // A phone-only person's phone turns out to be a MyKad person's: one person.
                if before & (phoneOnly | linked) == phoneOnly { s.phoneOnlyPersons -= 1 }
            }
        } else if let ph = p.phoneKey {
            let before = s.phones.update(phoneOnly, on: ph)
            if before & phoneOnly == 0 {
                tallies[Tally.residenceStates + Int(p.residenceState)] += 1
                if before & linked == 0 { s.phoneOnlyPersons += 1 }
            }
        }
    }

    @inline(__always)
    private static func addMobile(_ m: PhoneEntry, to s: inout State, tallies: UnsafeMutableBufferPointer<Int>, boxed: [String]) {
        guard s.phones.set(mobile, on: m.key) else { return }
        if m.operatorNumber == FactTables.boxed {
            s.operators[m.boxedOperator >= 0 ? boxed[Int(m.boxedOperator)] : "unknown", default: 0] += 1
        } else {
            tallies[Tally.operatorNumbers + Int(m.operatorNumber)] += 1
        }
    }

    private static func emit(_ emits: [(IdentifierType, UInt64, String)], into s: inout State, directory: String?) {
        guard let dir = directory, s.emitError == nil else { return }
        for (type, key, value) in emits {
            if s.emitSets[type] == nil { s.emitSets[type] = KeySet(capacity: 1 << 12) }
            guard s.emitSets[type]!.insert(key) else { continue }
            s.emitCounts[type, default: 0] += 1
            s.emitBuffers[type, default: []].append(contentsOf: value.utf8)
            s.emitBuffers[type]!.append(0x0A)
            if s.emitBuffers[type]!.count >= 1 << 20 {
                SharedPersons.flush(type, state: &s, directory: dir)
            }
        }
    }

    private static func flush(_ type: IdentifierType, state s: inout State, directory: String) {
        guard let buffer = s.emitBuffers[type], !buffer.isEmpty else { return }
        let fd: Int32
        if let open = s.emitFiles[type] {
            fd = open
        } else {
            let path = directory + "/" + type.rawValue + ".txt"
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            guard fd >= 0 else {
                s.emitError = "cannot write \(path): \(String(cString: strerror(errno)))"
                return
            }
            s.emitFiles[type] = fd
        }
        var written = 0
        buffer.withUnsafeBytes { raw in
            while written < raw.count {
                let n = write(fd, raw.baseAddress! + written, raw.count - written)
                if n <= 0 {
                    if errno == EINTR { continue }
                    s.emitError = "cannot write \(type.rawValue).txt: \(String(cString: strerror(errno)))"
                    return
                }
                written += n
            }
        }
        s.emitBuffers[type] = []
    }

    struct Summary {
        var persons: Int
        var withMyKad: Int
        var phoneOnly: Int
        var ageBands: [UInt8: Int]
        var genders: [Gender: Int]
        var birthStates: [String: Int]
        var residenceStates: [String: Int]
        var operators: [String: Int]
        var emitted: [IdentifierType: Int]
        var emitError: String?
    }

    /// Flushes emitted identifiers, closes their files and returns the person counts.
    func finish() -> Summary {
        state.withLock { s in
            if let dir = emitDirectory {
                for type in Array(s.emitBuffers.keys) { SharedPersons.flush(type, state: &s, directory: dir) }
                for (_, fd) in s.emitFiles { close(fd) }
                s.emitFiles = [:]
            }
            // Phone-only persons whose phone also belongs to a MyKad person are that person.
            let phoneOnlyPersons = s.phoneOnlyPersons
            var operators = s.operators
            let t = s.tallies
            for (number, n) in t[Tally.operatorNumbers ..< Tally.operatorNumbers + 256].enumerated() where n > 0 {
                operators[number == 0 ? "unknown" : FactTables.operators[number - 1], default: 0] += n
            }
            func byState(_ from: Int) -> [String: Int] {
                var out: [String: Int] = [:]
                for (code, n) in t[from ..< from + StateCodes.count].enumerated() where n > 0 {
                    if let name = StateCodes.name(code) { out[name] = n }
                }
                return out
            }
            var ageBands: [UInt8: Int] = [:]
            for (band, n) in t[Tally.ageBands ..< Tally.ageBands + 256].enumerated() where n > 0 { ageBands[UInt8(band)] = n }
            var genders: [Gender: Int] = [:]
            if t[Tally.genders] > 0 { genders[.male] = t[Tally.genders] }
            if t[Tally.genders + 1] > 0 { genders[.female] = t[Tally.genders + 1] }
            return Summary(
                persons: s.mykads.count + phoneOnlyPersons, withMyKad: s.mykads.count, phoneOnly: phoneOnlyPersons,
                ageBands: ageBands, genders: genders, birthStates: byState(Tally.birthStates), residenceStates: byState(Tally.residenceStates),
                operators: operators, emitted: s.emitCounts, emitError: s.emitError
            )
        }
    }
}
