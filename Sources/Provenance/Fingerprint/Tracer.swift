import Crypto
import Foundation
import Identifiers
import LeakTraceCore

/// Options of `leaktrace trace`.
public struct TraceOptions: Sendable {
    public var leak: String
    /// System-wide false-accusation bound over all recipients.
    public var epsilon = 1e-9
    /// Recipients the bound is taken over; nil for the ledger's distinct recipients.
    public var population: Int?
    /// At most this many keyed rows are scored against every recipient (one HMAC per row and
    /// recipient); 5,000 rows carry far more positions than any accusation needs (spec §3.6).
    public var maxScoredRows = 5_000

    public init(leak: String) { self.leak = leak }
}

/// Everything `trace` found, in the order an investigator should read it.
public struct TraceReport: Sendable, Codable {
    public struct CanaryHit: Sendable, Codable {
        public var line: Int
        public var canaryId: String
        public var transferId: String
        public var recipient: String
        /// Which canary attributes matched (phone, email, mykad, name).
        public var matched: [String]
        /// The row's identifying cells, masked.
        public var masked: [String]
    }

    public struct SlotReading: Sendable, Codable {
        public var column: String
        public var slot: String
        public var zeros: Int
        public var ones: Int
        public var erased: Int
        /// `read`, `normalised` (one variant only: erased, not scored), `unreadable` (mostly
        /// neither variant), `missing` (column not in the leak).
        public var status: String
    }

    public struct RecipientScore: Sendable, Codable {
        public var recipient: String
        public var transfers: [String]
        public var positions: Int
        public var score: Double
        public var threshold: Double
        /// log₁₀ of the bound on the chance that an innocent among the population scores this high.
        public var log10Bound: Double
        public var accused: Bool
    }

    public struct Coverage: Sendable, Codable {
        public var recipient: String
        public var transfers: [String]
        /// Share of the leak's sampled row keys this recipient received.
        public var coverage: Double
        /// Papadimitriou–Garcia-Molina guilt estimate from shared rows.
        public var guilt: Double
    }

    public var schema = "leaktrace.trace/v1"
    public var leak: String
    public var generatedAt: String
    public var keyId: String
    public var ledgerEntries: Int
    public var ledgerProblems: [String]
    public var rows: Int
    public var rowsKeyed: Int
    public var rowsScored: Int
    public var keyColumn: String?
    public var canaryHits: [CanaryHit]
    public var canaryPartialMatches: Int
    public var slots: [SlotReading]
    public var positions: Int
    public var epsilon: Double
    public var population: Int
    public var recipients: [RecipientScore]
    public var sampledKeys: Int
    public var coverage: [Coverage]
    public var conclusions: [String]
}

/// Traces a leaked table back to transfers in the ledger (spec §8.1 item 8): canary hits, then
/// Tardos accusation with the per-case Chernoff bound, then ledger coverage and guilt.
public struct Tracer {
    public let keys: KeyRing
    public let ledger: TransferLedger

    public init(keys: KeyRing, ledger: TransferLedger) {
        self.keys = keys
        self.ledger = ledger
    }

    struct ScoredRow {
        var key: String
        var biasSeed: UInt64
        var rowHash: UInt64
        var symbols: [(slot: Int, y: Bool)]
    }

    public func trace(_ options: TraceOptions) throws(LeakTraceError) -> TraceReport {
        let problems = try ledger.log.verify(publicKey: TransferLedger.signingKey(keys).publicKey).map(\.description)
        let records = try ledger.records().map { $0.record }
        guard !records.isEmpty else { throw LeakTraceError(.invalidArgument, "the ledger holds no transfers") }
        let code = FingerprintCode(keys: keys, cutoff: records[0].cutoff)

        // Reference schema per column name (first transfer that names it wins).
        var kindOf: [String: FieldKind] = [:]
        var slotsOf: [String: [SlotKind]] = [:]
        for r in records {
            for s in r.slotSchema where kindOf[s.column] == nil { kindOf[s.column] = s.kind; slotsOf[s.column] = s.slots }
        }
        let keyCounts = Dictionary(grouping: records.map(\.keyColumn), by: { $0 }).mapValues(\.count)
        let keyColumnName = keyCounts.max { $0.value < $1.value }?.key

        let reader = try TableReader(path: options.leak)
        let header = reader.header
        var sample: [(line: Int, cells: [String])] = []
        while sample.count < 200, let row = try reader.next() { sample.append(row) }

        // Leak column → ledger column name: by header, else by sniffed kind when unambiguous.
        var mapped: [String?] = header.map { h in
            let t = h.trimmingCharacters(in: .whitespaces).lowercased()
            return kindOf.keys.first { $0.lowercased() == t } ?? records[0].columns.first { $0.lowercased() == t }
        }
        for (i, h) in header.enumerated() where mapped[i] == nil {
            let values = sample.map { $0.cells[i] }.filter { !$0.isEmpty }
            let k = MarkPlan.detectKind(header: h, values: values)
            guard k != .other else { continue }
            let family: Set<FieldKind> = k == .phone || k == .phoneInternational ? [.phone, .phoneInternational] : [k]
            let candidates = kindOf.filter { family.contains($0.value) && !mapped.contains($0.key) }.map(\.key)
            if candidates.count == 1 { mapped[i] = candidates[0] }
        }
        func column(_ name: String) -> Int? { mapped.firstIndex { $0 == name } }
        let keyIndex = keyColumnName.flatMap(column)
        let keyKind = keyColumnName.flatMap { kindOf[$0] } ?? .phoneInternational

        // Slots to read: (leak column, column name, kind, slot, slot hash).
        struct SlotRef { var column: Int?; var name: String; var kind: FieldKind; var slot: SlotKind; var hash: UInt64 }
        var slotRefs: [SlotRef] = []
        for name in kindOf.keys.sorted() {
            for s in slotsOf[name] ?? [] {
                slotRefs.append(SlotRef(column: column(name), name: name, kind: kindOf[name]!, slot: s, hash: FingerprintCode.slotHash(column: name, slot: s)))
            }
        }
        var zeros = [Int](repeating: 0, count: slotRefs.count), ones = zeros, erased = zeros

        // Canary registry.
        let phoneColumns = header.indices.filter { i in mapped[i].flatMap { kindOf[$0] }.map { $0 == .phone || $0 == .phoneInternational } ?? false }
        let emailColumns = header.indices.filter { i in mapped[i].flatMap { kindOf[$0] } == .email || (mapped[i] == nil && HeaderVocabulary.classify(header[i])?.type == .email) }
        let matcher = CanaryMatcher(
            keys: keys, records: records, phoneColumns: phoneColumns, emailColumns: emailColumns,
            mykadColumn: header.indices.first { i in mapped[i].flatMap { kindOf[$0] } == .mykad },
            nameColumn: header.indices.first { i in mapped[i].flatMap { kindOf[$0] } == .name })

        var hits: [TraceReport.CanaryHit] = []
        var partial = 0
        var scored: [ScoredRow] = []
        var leakSketch = FracMinHash(scale: 64)
        var rows = 0, keyed = 0

        func checkCanary(_ cells: [String], line: Int) {
            let (found, rejected) = matcher.match(cells, line: line)
            hits += found
            partial += rejected
        }

        func process(_ cells: [String], line: Int) {
            rows += 1
            checkCanary(cells, line: line)
            guard let k = keyIndex, let key = FieldCanon.canonical(cells[k], kind: keyKind) else { return }
            keyed += 1
            let rowHash = code.rowHash(rowKey: key)
            leakSketch.insert(rowHash)
            guard scored.count < options.maxScoredRows else { return }
            var symbols: [(Int, Bool)] = []
            var phoneBits: [Int: (hyphen: Bool, space: Bool)?] = [:]
            for (s, ref) in slotRefs.enumerated() {
                guard let c = ref.column else { continue }
                let raw = cells[c]
                var y: Bool?
                if ref.slot == .optionalBlank {
                    y = raw.isEmpty
                } else if let canonical = FieldCanon.canonical(raw, kind: ref.kind) {
                    switch ref.slot {
                    case .phoneHyphen, .phoneSpace:
                        if phoneBits[c] == nil { phoneBits[c] = .some(SlotCodec.readPhone(raw, canonical: canonical)) }
                        let bits = phoneBits[c]!
                        y = ref.slot == .phoneHyphen ? bits?.hyphen : bits?.space
                    default: y = SlotCodec.read(ref.slot, raw: raw, canonical: canonical, kind: ref.kind)
                    }
                    if y == nil, ref.slot != .addressAbbrev || SlotCodec.addressVariants(raw) != nil { erased[s] += 1 }
                } else { continue }
                if let y {
                    if y { ones[s] += 1 } else { zeros[s] += 1 }
                    symbols.append((s, y))
                }
            }
            scored.append(ScoredRow(key: key, biasSeed: code.biasSeed(rowKey: key), rowHash: rowHash, symbols: symbols))
        }
        for row in sample { process(row.cells, line: row.line) }
        while let row = try reader.next() { process(row.cells, line: row.line) }
        leakSketch.finish()

        // Normalisation: a slot showing (almost) one variant only is erased, not scored (§3.7).
        var slotReadings: [TraceReport.SlotReading] = []
        var live = [Bool](repeating: false, count: slotRefs.count)
        for (s, ref) in slotRefs.enumerated() {
            let readable = zeros[s] + ones[s]
            var status = "read"
            if ref.column == nil { status = "missing" } else if readable >= 20, Double(min(zeros[s], ones[s])) < 0.01 * Double(readable) {
                status = "normalised"
            } else if erased[s] > readable, erased[s] >= 20 { status = "unreadable" } else if readable == 0 { status = "unreadable" }
            live[s] = status == "read"
            slotReadings.append(.init(column: ref.name, slot: ref.slot.rawValue, zeros: zeros[s], ones: ones[s], erased: erased[s], status: status))
        }

        // Tardos accusation per recipient.
        let byRecipient = Dictionary(grouping: records, by: \.recipient)
        let population = max(options.population ?? byRecipient.count, 1)
        var sketches: [String: FracMinHash] = [:]
        for (recipient, rs) in byRecipient {
            var s = FracMinHash(scale: 64)
            for r in rs { s.formUnion(FracMinHash(scale: r.rowKeySketchScale, hashes: r.rowKeySketch)) }
            sketches[recipient] = s
        }
        var positions = 0
        var scores: [TraceReport.RecipientScore] = []
        let logEpsilon = log10(options.epsilon)
        for recipient in byRecipient.keys.sorted() {
            let sketch = sketches[recipient]!
            let received = Set(sketch.hashes)
            var account = TardosAccount()
            for row in scored {
                if sketch.keeps(row.rowHash), !received.contains(row.rowHash) { continue }  // proved not received
                let liveSymbols = row.symbols.filter { live[$0.slot] }
                guard !liveSymbols.isEmpty else { continue }
                let seed = code.symbolSeed(recipient: recipient, rowKey: row.key)
                for (s, y) in liveSymbols {
                    let p = code.slotBias(seed: row.biasSeed, slotHash: slotRefs[s].hash)
                    account.add(bias: p, pirate: y, recipient: FingerprintCode.slotSymbol(seed: seed, slotHash: slotRefs[s].hash, bias: p))
                }
            }
            positions = max(positions, account.positions)
            let z = TardosBound.threshold(biases: account.biases, pirate: account.pirate, recipients: population, epsilon: options.epsilon)
            let bound = TardosBound.log10PValue(score: account.score, biases: account.biases, pirate: account.pirate, recipients: population)
            scores.append(.init(recipient: recipient, transfers: byRecipient[recipient]!.map(\.transferId), positions: account.positions,
                                score: account.score, threshold: z, log10Bound: bound, accused: account.positions > 0 && bound <= logEpsilon))
        }
        scores.sort { $0.log10Bound < $1.log10Bound }

        // Ledger coverage and guilt (sampled keys).
        var holders: [UInt64: Int] = [:]
        for h in leakSketch.hashes { holders[h] = sketches.values.filter { $0.hashes.contains(h) }.count }
        var coverage: [TraceReport.Coverage] = []
        for recipient in byRecipient.keys.sorted() {
            let s = sketches[recipient]!
            let shared = leakSketch.hashes.filter { s.hashes.contains($0) }
            var notGuilty = 1.0
            for h in shared { notGuilty *= 1 - 1 / Double(max(holders[h] ?? 1, 1)) }
            coverage.append(.init(recipient: recipient, transfers: byRecipient[recipient]!.map(\.transferId),
                                  coverage: leakSketch.hashes.isEmpty ? 0 : Double(shared.count) / Double(leakSketch.hashes.count),
                                  guilt: shared.isEmpty ? 0 : 1 - notGuilty))
        }
        coverage.sort { ($0.guilt, $0.coverage) > ($1.guilt, $1.coverage) }

        var report = TraceReport(
            leak: options.leak, generatedAt: ISO8601DateFormatter().string(from: Date()), keyId: keys.keyId,
            ledgerEntries: records.count, ledgerProblems: problems, rows: rows, rowsKeyed: keyed, rowsScored: scored.count,
            keyColumn: keyIndex.map { header[$0] }, canaryHits: hits, canaryPartialMatches: partial, slots: slotReadings,
            positions: positions, epsilon: options.epsilon, population: population, recipients: scores,
            sampledKeys: leakSketch.count, coverage: coverage, conclusions: [])
        report.conclusions = Self.conclusions(report)
        return report
    }

    static func conclusions(_ r: TraceReport) -> [String] {
        var out: [String] = []
        if !r.ledgerProblems.isEmpty {
            out.append("WARNING: the ledger fails verification (\(r.ledgerProblems.count) problem(s), first: \(r.ledgerProblems[0])); its entries are not trustworthy evidence.")
        }
        let byTransfer = Dictionary(grouping: r.canaryHits, by: \.transferId)
        if byTransfer.isEmpty {
            out.append("No canary record of any transfer is in the leak.")
        }
        for (t, hs) in byTransfer.sorted(by: { $0.key < $1.key }) {
            out.append("Canary hit: \(hs.count) canary record(s) of transfer \(t) to \(hs[0].recipient) are in the leak. Canaries are unique to one transfer: rows of that copy are in this leak.")
        }
        let accused = r.recipients.filter(\.accused)
        for a in accused {
            out.append(String(format: "Accused by the fingerprint: %@ (score %.1f over %d positions, threshold %.1f; an innocent among %d recipients scores this high with probability at most 1e%.1f, below the bound %.0e).", a.recipient, a.score, a.positions, a.threshold, r.population, a.log10Bound, r.epsilon))
        }
        if accused.isEmpty {
            out.append(r.positions == 0 ? "No fingerprint position could be read, so no recipient can be accused from the marks."
                : "No recipient's fingerprint score reaches the threshold at the bound \(String(format: "%.0e", r.epsilon)): the marks alone accuse nobody (a larger leak, or the canaries and the ledger, may).")
        }
        if r.keyColumn == nil { out.append("The leak has no row-key column the ledger knows, so its rows cannot be matched to marks or to the ledger.") }
        let normalised = r.slots.filter { $0.status == "normalised" || $0.status == "unreadable" }
        if !normalised.isEmpty {
            let names = normalised.map { "\($0.column) \($0.slot) (\($0.status))" }.joined(separator: ", ")
            let left = r.slots.filter { $0.status == "read" }.count
            out.append("Marks erased by normalisation or re-formatting: \(names). \(left) of \(r.slots.count) slot kinds remain readable" + (left == 0 ? "; the evidence that remains is the canary hits and the ledger coverage." : "."))
        }
        if let top = r.coverage.first, top.coverage > 0 {
            out.append(String(format: "Ledger coverage: %@ received %.0f%% of the leak's %d sampled row keys (guilt estimate %.2f).", top.recipient, top.coverage * 100, r.sampledKeys, top.guilt))
        }
        return out
    }
}
