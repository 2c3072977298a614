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
/// Workers hand over a whole batch's keys at once, so the lock is taken once per batch.
final class SharedPersons: Sendable {
    struct State: ~Copyable {
        var mykads = KeySet(capacity: 1 << 16)
        var phonesOfMyKadPersons = KeySet(capacity: 1 << 16)
        var phoneOnly = KeySet(capacity: 1 << 12)
        var mobiles = KeySet(capacity: 1 << 16)
        // Arrays by code: one increment per new person instead of dictionary hashing.
        var ageBands = [Int](repeating: 0, count: 256)
        var genders = [Int](repeating: 0, count: Gender.allCases.count)
        var birthStates = [Int](repeating: 0, count: StateCodes.count)
        var residenceStates = [Int](repeating: 0, count: StateCodes.count)
        var operators: [String: Int] = [:]
        var emitSets: [IdentifierType: KeySet] = [:]
        var emitBuffers: [IdentifierType: [UInt8]] = [:]
        var emitFiles: [IdentifierType: Int32] = [:]
        var emitCounts: [IdentifierType: Int] = [:]
        var emitError: String?
        /// Where `KeySet.touch`'s sums go, so the reads are not optimised away.
        var touched: UInt64 = 0
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

    /// Adds one batch's persons, mobiles and identifiers to emit.
    func absorb(persons: [PersonEntry], mobiles: [PhoneEntry], emits: [(IdentifierType, UInt64, String)]) {
        // The keys each block of persons will look up in each set, gathered outside the lock.
        let block = 256
        var keys: (mykads: [UInt64], linkedPhones: [UInt64], phoneOnly: [UInt64]) = ([], [], [])
        keys.mykads.reserveCapacity(persons.count)
        keys.linkedPhones.reserveCapacity(persons.count)
        var blockStarts: [(mykad: Int, linked: Int, phoneOnly: Int)] = []
        for (i, p) in persons.enumerated() {
            if i % block == 0 { blockStarts.append((keys.mykads.count, keys.linkedPhones.count, keys.phoneOnly.count)) }
            if let k = p.mykadKey {
                keys.mykads.append(k)
                if let ph = p.phoneKey { keys.linkedPhones.append(ph) }
            } else if let ph = p.phoneKey {
                keys.phoneOnly.append(ph)
            }
        }
        blockStarts.append((keys.mykads.count, keys.linkedPhones.count, keys.phoneOnly.count))
        let mobileKeys = mobiles.map(\.key)
        state.withLock { s in
            keys.mykads.withUnsafeBufferPointer { mk in
                keys.linkedPhones.withUnsafeBufferPointer { lk in
                    keys.phoneOnly.withUnsafeBufferPointer { ok in
                        for b in 0 ..< blockStarts.count - 1 {
                            // Touch a block's slots in the three sets, then insert the block.
                            let (from, to) = (blockStarts[b], blockStarts[b + 1])
                            s.touched &+= s.mykads.touch(UnsafeBufferPointer(rebasing: mk[from.mykad ..< to.mykad]))
                                &+ s.phonesOfMyKadPersons.touch(UnsafeBufferPointer(rebasing: lk[from.linked ..< to.linked]))
                                &+ s.phoneOnly.touch(UnsafeBufferPointer(rebasing: ok[from.phoneOnly ..< to.phoneOnly]))
                            for person in persons[(b * block) ..< min(persons.count, (b + 1) * block)] {
                                SharedPersons.add(person, to: &s)
                            }
                        }
                    }
                }
            }
            mobileKeys.withUnsafeBufferPointer { mobileBuffer in
                var start = 0
                while start < mobileBuffer.count {
                    let end = min(mobileBuffer.count, start + block)
                    s.touched &+= s.mobiles.touch(UnsafeBufferPointer(rebasing: mobileBuffer[start ..< end]))
                    for m in mobiles[start ..< end] where s.mobiles.insert(m.key) {
                        s.operators[m.originalOperator ?? "unknown", default: 0] += 1
                    }
                    start = end
                }
            }
            SharedPersons.emit(emits, into: &s, directory: emitDirectory)
        }
    }

    private static func add(_ p: PersonEntry, to s: inout State) {
        if let k = p.mykadKey {
            if s.mykads.insert(k) {
                if let band = p.ageBand { s.ageBands[Int(band)] += 1 }
                if let g = p.gender { s.genders[g == .male ? 0 : 1] += 1 }
                s.birthStates[Int(p.birthState)] += 1
                s.residenceStates[Int(p.residenceState)] += 1
            }
            if let ph = p.phoneKey { s.phonesOfMyKadPersons.insert(ph) }
        } else if let ph = p.phoneKey {
            if s.phoneOnly.insert(ph) { s.residenceStates[Int(p.residenceState)] += 1 }
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
            var phoneOnlyPersons = 0
            let linked = s.phonesOfMyKadPersons
            s.phoneOnly.forEach { key in
                if !linked.contains(key) { phoneOnlyPersons += 1 }
            }
            func byState(_ counts: [Int]) -> [String: Int] {
                var out: [String: Int] = [:]
                for (code, n) in counts.enumerated() where n > 0 {
                    if let name = StateCodes.name(code) { out[name] = n }
                }
                return out
            }
            var ageBands: [UInt8: Int] = [:]
            for (band, n) in s.ageBands.enumerated() where n > 0 { ageBands[UInt8(band)] = n }
            var genders: [Gender: Int] = [:]
            if s.genders[0] > 0 { genders[.male] = s.genders[0] }
            if s.genders[1] > 0 { genders[.female] = s.genders[1] }
            return Summary(
                persons: s.mykads.count + phoneOnlyPersons, withMyKad: s.mykads.count, phoneOnly: phoneOnlyPersons,
                ageBands: ageBands, genders: genders, birthStates: byState(s.birthStates), residenceStates: byState(s.residenceStates),
                operators: s.operators, emitted: s.emitCounts, emitError: s.emitError
            )
        }
    }
}
