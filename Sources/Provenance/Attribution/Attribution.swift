import Foundation
import LeakTraceCore
import Triage

/// Source attribution (spec/attribution.md §5, §8.1 item 7): which organisations a leak's
/// identity keys come from, how much of it each explains, and on which day it was taken.
public struct AttributionReport: Sendable, Codable {
    public static let formatName = "leaktrace-attribution/1"

    public struct Candidate: Sendable, Codable {
        public var organisation: String
        public var sketchFile: String?
        public var scale: UInt64
        /// Records the organisation sketched.
        public var records: Int
        /// The identity key the headline containment is measured on.
        public var keyType: String
        /// Share of the leak's identities (of `keyType`) found in this organisation, with its 95 % interval.
        public var containment: ShareEstimate
        /// The same for every identity key both sides have.
        public var byType: [String: ShareEstimate]
        /// About how many of the leak's distinct identities the organisation holds.
        public var estimatedShared: Int
    }

    public struct Dating: Sendable, Codable {
        public var organisation: String
        /// `change-point` (join/leave ledger) or `version-peak` (phone‖ICCID).
        public var method: String
        public var day: String
        public var low: String
        public var high: String
        public var estimate: SnapshotDating.Estimate
    }

    public struct ContentBounds: Sendable, Codable {
        /// The latest date in the leak's date columns: the snapshot is no earlier.
        public var latestRecordDate: String?
        public var latestRecordDateColumn: String?
        public var youngestBirthDate: String?
        /// The scan's combined lower bound.
        public var notBefore: String?
    }

    public struct Cover: Sendable, Codable {
        public var keyType: String
        public var scale: UInt64
        public var result: GreedyCover.Result
    }

    public var format = AttributionReport.formatName
    public var investigation: String
    public var keyId: String
    public var leakFiles: [String]
    public var leakRecords: Int
    /// Candidates, highest containment first.
    public var candidates: [Candidate]
    public var cover: Cover?
    public var dating: [Dating]
    public var contentBounds: ContentBounds?
    /// Things the reader must know (skipped candidates, thin samples).
    public var notes: [String]
}

public enum Attributor {
    /// The finest scale any candidate needs the leak sketched at.
    public static func leakScale(for candidates: [OrganisationSketch]) -> UInt64 {
        var s = UInt64.max
        for c in candidates {
            s = min(s, c.scale)
            if let d = c.dating { s = min(s, d.scale) }
            if let v = c.versions { s = min(s, v.scale) }
        }
        return s == .max ? 1000 : s
    }

    /// Checks that every sketch belongs to the same investigation and key as the leak's.
    public static func checkCompatible(_ candidates: [(path: String, sketch: OrganisationSketch)], key: InvestigationKey) throws(LeakTraceError) {
        for (path, c) in candidates {
            guard c.investigation == key.investigation else {
                throw LeakTraceError(.invalidArgument, "\(path): sketch of investigation \(c.investigation), not \(key.investigation)", at: InputLocation(file: path))
            }
            guard c.keyId == key.keyId else {
                throw LeakTraceError(.invalidArgument, "\(path): sketched with key \(c.keyId), this investigation's key is \(key.keyId); its hashes are not comparable", at: InputLocation(file: path))
            }
        }
    }

    public static func attribute(leak: LeakSketch, candidates: [(path: String?, sketch: OrganisationSketch)], key: InvestigationKey,
                                 leakFiles: [String], snapshot: ScanReport.SnapshotBounds? = nil,
                                 minimumMatches: Int = 3, minimumShare: Double = 0.005) -> AttributionReport {
        var notes: [String] = []
        // The leak's main identity key: the one with most sampled hashes.
        let leakTypes = LookupType.allCases.filter { (leak.identity[$0]?.count ?? 0) > 0 }
        var rows: [AttributionReport.Candidate] = []
        for (path, c) in candidates {
            var byType: [String: ShareEstimate] = [:]
            var best: (LookupType, ShareEstimate)?
            for t in leakTypes {
                guard let column = c.identity[t.name] else { continue }
                let l = leak.hashes(t, scale: c.scale)
                let e = ShareEstimate(matched: sortedIntersectionCount(l, column.hashes), sampled: l.count)
                byType[t.name] = e
                if best == nil || e.sampled > best!.1.sampled { best = (t, e) }
            }
            guard let best else {
                notes.append("\(c.organisation): no identity key in common with the leak; not ranked")
                continue
            }
            let (type, estimate) = best
            if estimate.sampled < 100 {
                notes.append("\(c.organisation): only \(estimate.sampled) leak hashes sampled at scale 1/\(c.scale); the interval is wide")
            }
            let distinct = Double(estimate.sampled) * Double(c.scale)
            rows.append(.init(organisation: c.organisation, sketchFile: path, scale: c.scale, records: c.records, keyType: type.name,
                              containment: estimate, byType: byType, estimatedShared: Int((estimate.value * distinct).rounded())))
        }
        rows.sort { ($0.containment.value, $0.organisation) > ($1.containment.value, $1.organisation) }

        // Greedy cover on the leak's main key, at the coarsest scale of the candidates having it.
        var cover: AttributionReport.Cover?
        if let main = leakTypes.max(by: { (leak.identity[$0]?.count ?? 0) < (leak.identity[$1]?.count ?? 0) }) {
            let having = candidates.filter { $0.sketch.identity[main.name] != nil }
            if having.count < candidates.count {
                notes.append("greedy cover on \(main.name): \(candidates.count - having.count) candidate(s) without that key left out")
            }
            if let coarse = having.map(\.sketch.scale).max() {
                let threshold = coarse == 1 ? UInt64.max : UInt64.max / coarse
                let sources = having.map { (name: $0.sketch.organisation, hashes: Array(prefix($0.sketch.identity[main.name]!.hashes, below: threshold))) }
                let result = GreedyCover.run(leak: leak.hashes(main, scale: coarse), sources: sources, minimumMatches: minimumMatches, minimumShare: minimumShare)
                cover = .init(keyType: main.name, scale: coarse, result: result)
            }
        }

        // Dating, for the candidates the cover picked (else the best-ranked one).
        var dating: [AttributionReport.Dating] = []
        let picked = Set(cover?.result.steps.map(\.name) ?? Array(rows.prefix(1).map(\.organisation)))
        for (_, c) in candidates where picked.contains(c.organisation) {
            if let ledger = c.dating {
                // The key with most ledger entries that the leak also has.
                let usable = ledger.types.filter { t, _ in leakTypes.contains { $0.name == t } }
                if let chosen = usable.max(by: { $0.value.hashes.count < $1.value.hashes.count }),
                   let type = LookupType.allCases.first(where: { $0.name == chosen.key }) {
                    let columns = chosen.value
                    let hashes = leak.hashes(type, scale: ledger.scale)
                    if let e = SnapshotDating.changePoint(columns.intervals(inLeak: hashes)) {
                        dating.append(.init(organisation: c.organisation, method: "change-point", day: iso(e.day), low: iso(e.low), high: iso(e.high), estimate: e))
                    } else {
                        notes.append("\(c.organisation): join/leave ledger present but no change-point found (too few of its sampled customers in the leak)")
                    }
                }
            }
            if let v = c.versions, leak.versions.count > 0 {
                let threshold = v.scale == 1 ? UInt64.max : UInt64.max / v.scale
                let hashes = Array(prefix(leak.versions.hashes, below: threshold))
                if let e = SnapshotDating.versionPeak(v.intervals(inLeak: hashes)) {
                    dating.append(.init(organisation: c.organisation, method: "version-peak", day: iso(e.day), low: iso(e.low), high: iso(e.high), estimate: e))
                }
            }
        }

        let bounds = snapshot.map {
            AttributionReport.ContentBounds(latestRecordDate: $0.latestRecordDate?.description, latestRecordDateColumn: $0.latestRecordDateColumn,
                                            youngestBirthDate: $0.youngestBirthDate?.description, notBefore: $0.notBefore?.description)
        }
        return AttributionReport(investigation: key.investigation, keyId: key.keyId, leakFiles: leakFiles, leakRecords: leak.records,
                                 candidates: rows, cover: cover, dating: dating, contentBounds: bounds, notes: notes)
    }

    static func iso(_ day: Int) -> String { CivilDate(daysSinceEpoch: day).description }
}
