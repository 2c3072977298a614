import Crypto
import Foundation
import LeakTraceCore

/// How colluders build the leaked copy from their copies (marking-assumption strategies).
public enum CollusionAttack: String, Sendable, CaseIterable, Codable {
    /// Rows pooled from the copies: each leaked row comes whole from one colluder's copy.
    case interleave
    /// Per detectable position, the symbol most colluders hold (ties broken by a coin).
    case majority
    /// Per detectable position, the symbol fewest colluders hold.
    case minority
    /// Per detectable position, a coin flip.
    case random
    /// Per detectable position, always 1 (union).
    case allOnes = "all-ones"
    /// Per detectable position, always 0 (intersection).
    case allZeros = "all-zeros"
}

/// One simulation setting at the symbol level: rows × readable slots per row, n recipients, c
/// colluders. Row subsets, shuffles and column drops change only which positions exist, so they
/// are modelled by `rows` and `slotsPerRow`; a slot normalised away is `erasedSlotsPerRow`
/// (flagged and dropped by the reader, §3.7). The code and scores are the product's
/// (`Tardos`, `TardosBound`); biases and symbols come from SplitMix seeded per trial.
public struct CollusionSimulation: Sendable {
    public var recipients = 1_000
    public var colluders = 1
    public var rows = 50
    public var slotsPerRow = 4
    public var erasedSlotsPerRow = 0
    public var attack = CollusionAttack.interleave
    public var epsilon = 1e-9
    public var cutoff = Tardos.defaultCutoff
    public var trials = 200
    public var seed: UInt64 = 1
    /// Simulate every innocent's score too (not needed for power, the bound is rigorous; done to
    /// check that no innocent is ever accused).
    public var simulateInnocents = true

    public init() {}

    public struct Result: Sendable, Codable {
        public var trials: Int
        public var positions: Int
        /// Trials where at least one colluder was accused.
        public var named: Int
        /// Colluders accused over all trials.
        public var collludersAccused: Int
        /// Innocents accused over all trials (must be 0).
        public var innocentsAccused: Int
        public var innocentsSimulated: Int
        /// Highest innocent score relative to the threshold over all trials.
        public var worstInnocentMargin: Double
        public var rate: Double { trials == 0 ? 0 : Double(named) / Double(trials) }
    }

    public func run() -> Result {
        let m = rows * max(slotsPerRow - erasedSlotsPerRow, 0)
        var named = 0, colluderHits = 0, innocentHits = 0, innocents = 0
        var worst = -Double.infinity
        var p = [Double](repeating: 0, count: m)
        var x = [[Bool]](repeating: [Bool](repeating: false, count: m), count: colluders)
        var y = [Bool](repeating: false, count: m)
        var one = [Double](repeating: 0, count: m), zero = one
        for trial in 0 ..< trials {
            var rng = SplitMix(seed: SplitMix.mix(seed &+ UInt64(trial) &* 0x9E37_79B9))
            for i in 0 ..< m { p[i] = Tardos.bias(uniform: Tardos.uniform(rng.next()), cutoff: cutoff) }
            for j in 0 ..< colluders {
                for i in 0 ..< m { x[j][i] = Tardos.symbol(rng.next(), bias: p[i]) }
            }
            let perRow = max(slotsPerRow - erasedSlotsPerRow, 1)
            var source = 0
            for i in 0 ..< m {
                if i % perRow == 0 { source = Int(rng.next() % UInt64(colluders)) }
                var count = 0
                for j in 0 ..< colluders where x[j][i] { count += 1 }
                if count == 0 || count == colluders { y[i] = count > 0; continue }
                switch attack {
                case .interleave: y[i] = x[source][i]
                case .majority: y[i] = 2 * count == colluders ? rng.next() & 1 == 0 : 2 * count > colluders
                case .minority: y[i] = 2 * count == colluders ? rng.next() & 1 == 0 : 2 * count < colluders
                case .random: y[i] = rng.next() & 1 == 0
                case .allOnes: y[i] = true
                case .allZeros: y[i] = false
                }
            }
            for i in 0 ..< m {
                let t = Tardos.terms(bias: p[i], pirate: y[i])
                one[i] = t.one
                zero[i] = t.zero
            }
            let z = TardosBound.threshold(biases: p, pirate: y, recipients: recipients, epsilon: epsilon)
            var any = false
            for j in 0 ..< colluders {
                var s = 0.0
                for i in 0 ..< m { s += x[j][i] ? one[i] : zero[i] }
                if s >= z { colluderHits += 1; any = true }
            }
            if any { named += 1 }
            if simulateInnocents {
                let threshold = p.map { UInt64(min($0, 1 - 0x1p-53) * 0x1p64) }
                for _ in 0 ..< (recipients - colluders) {
                    var s = 0.0
                    one.withUnsafeBufferPointer { one in
                        zero.withUnsafeBufferPointer { zero in
                            threshold.withUnsafeBufferPointer { th in
                                for i in 0 ..< m { s += rng.next() < th[i] ? one[i] : zero[i] }
                            }
                        }
                    }
                    innocents += 1
                    worst = max(worst, s - z)
                    if s >= z { innocentHits += 1 }
                }
            }
        }
        return Result(trials: trials, positions: m, named: named, collludersAccused: colluderHits, innocentsAccused: innocentHits,
                      innocentsSimulated: innocents, worstInnocentMargin: worst)
    }
}

/// Canary detection at the record level: a transfer of `rows` rows holding `canaries` unique
/// canaries; the leak keeps each row independently with probability `fraction`.
public struct CanarySimulation: Sendable {
    public var rows = 100_000
    public var canaries = 92
    public var fraction = 0.05
    public var trials = 1_000
    public var seed: UInt64 = 7

    public init() {}

    /// The share of trials with at least one canary in the leak.
    public func run() -> (caught: Int, trials: Int) {
        var caught = 0
        var rng = SplitMix(seed: seed)
        let threshold = UInt64(fraction * 0x1p64)
        for _ in 0 ..< trials {
            // Only the canaries' fate matters; the real rows do not change the outcome.
            var hit = false
            for _ in 0 ..< canaries where rng.next() < threshold { hit = true }
            if hit { caught += 1 }
        }
        return (caught, trials)
    }
}

/// The zero-false-hit check of spec §8.3 item 4: rows made by the same canary generator under
/// other keys (so realistic, and in the same owned phone block and mail domain), written in
/// normalised form (E.164, capitals), scanned against a registry of canaries under `keys`.
public struct CanaryScan: Sendable {
    public var registryCanaries = 1_000
    public var rows = 100_000
    public var phoneRange = "+601130000000..+601139999999"
    public var emailDomain = "mail.example.my"
    public var seed: UInt64 = 11

    public init() {}

    public struct Result: Sendable, Codable {
        public var rows: Int
        public var registryCanaries: Int
        public var falseHits: Int
        /// Rows whose owned phone matched a registry canary's but whose other attributes
        /// contradicted it (rejected by the hit rule).
        public var contactCollisionsRejected: Int
        /// Registry canaries found when the registry's own canaries are scanned (must be all).
        public var selfHits: Int
        public var seconds: Double
    }

    public func run(keys: KeyRing, progress: ((Int) -> Void)? = nil) throws(LeakTraceError) -> Result {
        let started = Date()
        let contacts = try CanaryContacts(phoneRange: phoneRange, emailDomain: emailDomain)
        let factory = CanaryFactory(keys: keys, contacts: contacts)
        var records: [CanaryRecord] = []
        var own: [Canary] = []
        for g in 0 ..< registryCanaries {
            let c = try factory.canary(index: g, transferId: "T0001")
            own.append(c)
            records.append(factory.record(c))
        }
        let record = TransferRecord(
            transferId: "T0001", recipient: "registry", purpose: "scan", time: "", keyId: keys.keyId, input: "", output: "",
            columns: ["msisdn", "nama", "ic_no", "email"], keyColumn: "msisdn", rowCount: 0, markedRows: 0, fileSHA256: "",
            order: "keyed", cutoff: Tardos.defaultCutoff, slotSchema: [], canaryPhoneRange: [contacts.firstPhone, contacts.lastPhone],
            canaryEmailDomain: contacts.emailDomain, canaryBase: 0, canaries: records, rowKeySketchScale: 64, rowKeySketch: [])
        let matcher = CanaryMatcher(keys: keys, records: [record], phoneColumns: [0], emailColumns: [3], mykadColumn: 2, nameColumn: 1)
        func row(_ c: Canary) -> [String] { [c.phone, c.name.uppercased(), c.mykad, c.email.uppercased()] }
        var selfHits = 0
        for c in own where !matcher.match(row(c), line: 0).hits.isEmpty { selfHits += 1 }

        var falseHits = 0, rejected = 0
        let size = Int(contacts.size)
        var chunk = -1
        var other = factory
        for i in 0 ..< rows {
            if i / size != chunk {
                chunk = i / size
                let master = keys.purposeKey("scan/\(seed)/\(chunk)").withUnsafeBytes { Array($0) }
                other = CanaryFactory(keys: try KeyRing(master: master), contacts: contacts)
            }
            let c = try other.canary(index: i % size, transferId: "X")
            let (hits, r) = matcher.match(row(c), line: i)
            falseHits += hits.count
            rejected += r
            if let progress, i % 1_000_000 == 999_999 { progress(i + 1) }
        }
        return Result(rows: rows, registryCanaries: registryCanaries, falseHits: falseHits, contactCollisionsRejected: rejected,
                      selfHits: selfHits, seconds: Date().timeIntervalSince(started))
    }
}
