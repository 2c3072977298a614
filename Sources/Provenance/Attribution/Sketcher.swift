import Foundation
import LeakTraceCore
import Synchronization
import Triage

/// Builds sketches from a scan: an `IdentitySink` that hashes each kept record's identity keys
/// under the investigation key on the scan's workers and keeps the FracMinHash samples.
///
/// Memory is bounded by the sketches (one hash in `scale` per distinct value), never by the
/// input: the scanner streams, and nothing raw is kept past the batch that carried it.
public final class Sketcher: IdentitySink, @unchecked Sendable {
    // @unchecked: all mutable state is behind `state`'s mutex.
    public let key: InvestigationKey
    /// Identity sketches keep one hash in `scale`.
    public let scale: UInt64
    /// The join/leave ledger and the versioned keys keep one hash in `datingScale`.
    public let datingScale: UInt64
    /// Whether records carry dates (slot 0 activation, slot 1 deactivation) for a ledger.
    public let ledger: Bool

    struct State {
        var identity: [LookupType: FracMinHash] = [:]
        var versions: FracMinHash
        var dating: [LookupType: [(hash: UInt64, from: Int32, to: Int32)]] = [:]
        var versionEntries: [(hash: UInt64, from: Int32, to: Int32)] = []
        var records = 0
        var undated = 0
    }

    private let state: Mutex<State>

    /// `ledger`: the scan's `identityDateColumns` are [activation, deactivation?].
    public init(key: InvestigationKey, scale: UInt64, datingScale: UInt64, ledger: Bool) {
        self.key = key
        self.scale = scale
        self.datingScale = datingScale
        self.ledger = ledger
        state = Mutex(State(versions: FracMinHash(scale: datingScale)))
    }

    public func accept(_ batch: IdentityBatch) {
        let threshold = UInt64.max / scale
        let datingThreshold = datingScale == 1 ? UInt64.max : UInt64.max / datingScale
        var identity: [LookupType: [UInt64]] = [:]
        var versions: [UInt64] = []
        var dating: [LookupType: [(hash: UInt64, from: Int32, to: Int32)]] = [:]
        var versionEntries: [(hash: UInt64, from: Int32, to: Int32)] = []
        var undated = 0
        for row in batch.rows {
            let from = row.dates.first ?? RecordIdentities.noDate
            let toRaw = row.dates.count > 1 ? row.dates[1] : RecordIdentities.noDate
            let to = toRaw == RecordIdentities.noDate ? Int32.max : toRaw
            let dated = ledger && from != RecordIdentities.noDate
            if ledger && !dated { undated += 1 }
            var phone: Sensitive<String>?
            for id in row.identifiers {
                let h = key.hash(id.type, id.canonical)
                if h < threshold { identity[id.type, default: []].append(h) }
                if dated && h < datingThreshold { dating[id.type, default: []].append((h, from, to)) }
                if id.type == .phone && phone == nil { phone = id.canonical }
            }
            if let phone, let iccid = row.iccid {
                let v = key.versionHash(phone: phone, iccid: iccid)
                if v < datingThreshold {
                    if ledger {
                        if dated { versionEntries.append((v, from, to)) }
                    } else {
                        versions.append(v)
                    }
                }
            }
        }
        let count = batch.rows.count
        state.withLock { s in
            s.records += count
            s.undated += undated
            for (t, hs) in identity {
                if s.identity[t] == nil { s.identity[t] = FracMinHash(scale: scale) }
                for h in hs { s.identity[t]!.insert(h) }
            }
            for v in versions { s.versions.insert(v) }
            for (t, e) in dating { s.dating[t, default: []] += e }
            s.versionEntries += versionEntries
        }
    }

    /// Records with at least one identity key seen so far.
    public var records: Int { state.withLock { $0.records } }

    /// The organisation's sketch file content.
    public func organisationSketch(organisation: String, created: String) -> OrganisationSketch {
        state.withLock { s in
            var identity: [String: HashColumn] = [:]
            for (t, var sketch) in s.identity {
                sketch.finish()
                identity[t.name] = HashColumn(hashes: sketch.hashes)
            }
            var dating: IntervalColumns.Ledger?
            if ledger, !s.dating.isEmpty {
                var types: [String: IntervalColumns] = [:]
                for (t, e) in s.dating { types[t.name] = IntervalColumns(scale: datingScale, entries: e) }
                dating = IntervalColumns.Ledger(scale: datingScale, types: types)
            }
            let versions = ledger && !s.versionEntries.isEmpty ? IntervalColumns(scale: datingScale, entries: s.versionEntries) : nil
            return OrganisationSketch(organisation: organisation, investigation: key.investigation, keyId: key.keyId, scale: scale,
                                      records: s.records, created: created, identity: identity, dating: dating, versions: versions)
        }
    }

    /// The leak's sketch (built with `scale` = the finest scale any candidate needs).
    public func leakSketch() -> LeakSketch {
        state.withLock { s in
            var identity: [LookupType: FracMinHash] = [:]
            for (t, var sketch) in s.identity {
                sketch.finish()
                identity[t] = sketch
            }
            var versions = s.versions
            versions.finish()
            return LeakSketch(scale: scale, records: s.records, identity: identity, versions: versions)
        }
    }

    /// Records of a ledger scan without a readable activation date (left out of the ledger).
    public var undatedRecords: Int { state.withLock { $0.undated } }
}

/// The leak's side: identity sketches per type and versioned keys, at one (fine) scale.
public struct LeakSketch: Sendable {
    public var scale: UInt64
    public var records: Int
    public var identity: [LookupType: FracMinHash]
    public var versions: FracMinHash

    public init(scale: UInt64, records: Int, identity: [LookupType: FracMinHash], versions: FracMinHash) {
        self.scale = scale
        self.records = records
        self.identity = identity
        self.versions = versions
    }

    /// The leak's kept hashes of `type` at a coarser (or equal) scale.
    public func hashes(_ type: LookupType, scale coarse: UInt64) -> [UInt64] {
        guard let s = identity[type] else { return [] }
        precondition(coarse >= scale, "the leak was sketched at a coarser scale than asked")
        return Array(prefix(s.hashes, below: coarse == 1 ? .max : UInt64.max / coarse))
    }
}

extension Sketcher {
    /// Scans `paths` into this sketcher (the triage scanner's streaming pipeline, identity sink
    /// path); `activated`/`deactivated` name the date columns of a join/leave ledger.
    /// A file that cannot be read stops the sketch (unless `keepGoing` kept the rest readable).
    public func scan(_ paths: [String], options base: ScanOptions, activated: String? = nil, deactivated: String? = nil) throws(LeakTraceError) -> ScanReport {
        var options = base
        options.identitySink = self
        if let activated {
            options.identityDateColumns = [activated] + (deactivated.map { [$0] } ?? [])
        } else {
            // Still ask for ICCIDs (versioned keys of the leak): one column nobody has.
            options.identityDateColumns = ledger ? [] : ["\u{0}"]
        }
        let report = Scanner(options: options).scan(paths: paths)
        if let failed = report.files.first(where: { $0.error != nil }), report.totals.records == 0 || !base.keepGoing {
            throw LeakTraceError(.malformedInput, "\(failed.path): \(failed.error ?? "unreadable")", at: InputLocation(file: failed.path))
        }
        if let activated, ledger {
            let columns = report.files.flatMap { $0.columns.map { $0.header.lowercased() } }
            guard columns.contains(activated.lowercased()) else {
                throw LeakTraceError(.invalidArgument, "no column named \(activated) in \(paths.joined(separator: ", ")) (the activation dates of the join/leave ledger)")
            }
        }
        return report
    }
}
