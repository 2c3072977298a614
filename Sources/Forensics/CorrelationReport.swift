import Foundation
import Identifiers
import LeakTraceCore

/// One log file read: its source and format, how many lines, how many named records, bad lines.
public struct InputSummary: Codable, Sendable {
    public var path: String
    public var source: String
    public var format: String
    public var lines = 0
    /// Lines a route, the SQL mapping or a key file turned into record reads.
    public var mappedLines = 0
    public var keyReads = 0
    public var linesWithoutSession = 0
    public var first: Double?
    public var last: Double?
    public var bad = BadLineLog()
}

/// An address as the report shows it, with its country from the offline database.
public struct AddressInfo: Codable, Sendable, Equatable {
    public var address: String
    public var country: String?
}

/// The scores of one session, account or address (spec §6.3).
public struct EntityScore: Codable, Sendable {
    public var rank: Int
    public var kind: EntityKind
    /// The session, account or address, with personal values masked.
    public var label: String
    /// |L ∩ A| / |L|: could it alone have produced the leak?
    public var coverage: Double
    /// |L ∩ A| / |A|: was the leak what it was after?
    public var precision: Double
    /// −log10 P[X ≥ |L ∩ A|], X ~ Hypergeometric(N, |L|, |A|).
    public var specificity: Double
    /// Σ log(S / df(r)) over the leaked rows it read.
    public var rarityScore: Double
    public var leakedRowsRead: Int
    public var rowsRead: Int
    public var rowsReadIsEstimate: Bool
    public var wholeTableReads: Int
    public var unresolvedReads: Int
    public var lines: Int
    public var first: String
    public var last: String
    public var accounts: [String]
    public var addresses: [AddressInfo]
    public var sources: [String]
}

/// One step of the greedy cover.
public struct CoverStep: Codable, Sendable {
    public var session: String
    /// Leaked rows this session adds to the ones already explained.
    public var newRows: Int
    /// Share of the leak explained after this step.
    public var cumulativeCoverage: Double
}

/// Activity of a top candidate in one time bucket.
public struct TimelineEntry: Codable, Sendable {
    public var session: String
    public var start: String
    public var seconds: Int
    public var lines: Int
    public var leakedReads: Int
}

public struct GeoIPInfo: Codable, Sendable {
    public var database: String
    public var generated: String?
    public var asn: String
}

/// The result of `leaktrace logs correlate` (JSON schema `leaktrace.logs/1`).
public struct CorrelationReport: Codable, Sendable {
    public var schema = "leaktrace.logs/1"
    public var leakFile: String
    public var leakRows: Int
    public var leakKeys: Int
    public var leakRowsWithoutKey: Int
    public var tableSize: Int
    public var tableSizeSource: String
    public var wholeTableLeak: Bool
    public var caveat: String?
    public var inputs: [InputSummary]
    public var sessionCount: Int
    public var accountCount: Int
    public var addressCount: Int
    public var sessions: [EntityScore]
    public var accounts: [EntityScore]
    public var addresses: [EntityScore]
    public var cover: [CoverStep]
    public var coverExplains: Double
    public var timeline: [TimelineEntry]
    public var geoip: GeoIPInfo?
    /// Leaked rows that no session read.
    public var leakedRowsUnread: Int
}

/// Labels safe to print: a personal value (an e-mail, a MyKad or phone number used as a login or
/// carried in a field) is masked; a session cookie or token is shortened.
enum Redaction {
    static func label(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false).map { mask(String($0)) }.joined(separator: " ")
    }

    static func mask(_ word: String) -> String {
        if word.contains("@"), word.contains(".") { return Masking.mask(word.lowercased(), type: .email) }
        let digits = word.filter(\.isNumber)
        if digits.count >= 9, digits.count * 10 >= word.count * 8, !word.contains(".") {
            return digits.count == 12 ? Masking.mask(digits, type: .mykad) : Masking.mask(digits, type: .phoneMobile)
        }
        return word
    }

    /// A session id: the source name, then its fields; long opaque tokens are cut to 8 characters.
    static func session(_ id: String) -> String {
        id.split(separator: "|", omittingEmptySubsequences: false).map { part -> String in
            let p = part.trimmingCharacters(in: .whitespaces)
            let masked = label(p)
            if masked == p, p.count > 24, !p.contains(" ") { return String(p.prefix(8)) + "…" }
            return masked
        }.joined(separator: " | ")
    }
}

extension Correlator {
    /// Scores every session, account and address and builds the report.
    public func report(leakFile: String, geoip: GeoIPDatabase?) -> CorrelationReport {
        let L = leak.count
        let N: Int
        let nSource: String
        if let t = options.tableSize {
            N = max(t, L)
            nSource = "--table-size"
        } else if let t = mapping.tableSize {
            N = max(t, L)
            nSource = "mapping tableSize"
        } else {
            // Lower bound: the leak plus the distinct keys the logs name outside it.
            var union = allKeys
            for (h, _) in leak.index { union.insert(h) }
            N = max(union.count, L, 1)
            nSource = "distinct keys in the logs and the leak (a lower bound; give --table-size)"
        }
        let wholeTable = L > 0 && Double(L) >= 0.95 * Double(N)

        // Rarity weights over sessions: df(r) = sessions that read leaked row r (bulk readers read all).
        let readers = sessions.values.filter { $0.keyReads > 0 || $0.wholeTableReads > 0 }
        let S = max(readers.count, 1)
        let bulk = readers.filter { $0.wholeTableReads > 0 }.count
        var df = [Int32](repeating: Int32(bulk), count: L)
        for e in readers where e.wholeTableReads == 0 {
            for p in e.leakHits { df[Int(p)] += 1 }
        }
        let weights = df.map { Scoring.rarity(sessions: S, readers: Int($0)) }
        let allWeight = weights.reduce(0, +)

        /// The four scores, for every entity (cheap); the labels and the rest only for the listed ones.
        struct Scored {
            var coverage: Double
            var specificity: Double
            var rarity: Double
            var k: Int
            var n: Int
            var e: EntityAccumulator
        }
        func score(_ e: EntityAccumulator) -> Scored {
            let bulkReader = e.wholeTableReads > 0
            let k = bulkReader ? L : e.leakHits.count
            let n = bulkReader ? N : min(N, e.leakHits.count + e.others.count)
            let rarity = bulkReader ? allWeight : e.leakHits.reduce(0.0) { $0 + weights[Int($1)] }
            return Scored(coverage: L > 0 ? Double(k) / Double(L) : 0,
                          specificity: Scoring.specificity(population: N, successes: L, draws: n, observed: k),
                          rarity: rarity, k: k, n: n, e: e)
        }
        func label(_ e: EntityAccumulator) -> String {
            e.kind == .session ? Redaction.session(e.id) : (e.kind == .account ? Redaction.label(e.id) : e.id)
        }
        func full(_ s: Scored, rank: Int) -> EntityScore {
            let e = s.e
            return EntityScore(
                rank: rank, kind: e.kind, label: label(e),
                coverage: s.coverage, precision: s.n > 0 ? Double(s.k) / Double(s.n) : 0,
                specificity: s.specificity, rarityScore: s.rarity, leakedRowsRead: s.k, rowsRead: s.n,
                rowsReadIsEstimate: e.wholeTableReads == 0 && !e.others.isExact,
                wholeTableReads: e.wholeTableReads, unresolvedReads: e.unresolvedReads, lines: e.lines,
                first: Timestamps.iso(e.first), last: Timestamps.iso(e.last),
                accounts: e.accounts.sorted().map(Redaction.label),
                addresses: e.addresses.sorted().map { AddressInfo(address: $0, country: geoip?.country(of: $0)) },
                sources: e.sources.sorted()
            )
        }
        func ranked(_ entities: [String: EntityAccumulator]) -> [Scored] {
            var scored = entities.values.filter { $0.leakHits.count > 0 || $0.wholeTableReads > 0 }.map(score)
            scored.sort { a, b in
                if wholeTable {
                    if a.coverage != b.coverage { return a.coverage > b.coverage }
                } else if a.specificity != b.specificity {
                    return a.specificity > b.specificity
                }
                if a.rarity != b.rarity { return a.rarity > b.rarity }
                if a.coverage != b.coverage { return a.coverage > b.coverage }
                return a.e.id < b.e.id
            }
            return scored
        }
        let rankedSessions = ranked(sessions)
        let rankedAccounts = ranked(accounts)
        let rankedAddresses = ranked(addresses)

        // Greedy cover over sessions.
        var covered = Set<Int32>()
        var everything = false
        var cover: [CoverStep] = []
        var pool = rankedSessions.filter { wholeTable || $0.specificity >= options.coverMinimumSpecificity }
        while !pool.isEmpty && cover.count < 10 && !everything && Double(covered.count) < options.coverTarget * Double(L) {
            var best: (index: Int, gain: Double, rows: Int)?
            for (i, candidate) in pool.enumerated() {
                let e = candidate.e
                var gain = 0.0
                var rows = 0
                if e.wholeTableReads > 0 {
                    rows = L - covered.count
                    gain = Double(rows)
                } else {
                    for p in e.leakHits where !covered.contains(p) {
                        rows += 1
                        gain += 1 + weights[Int(p)]
                    }
                }
                if rows > 0, best == nil || gain > best!.gain { best = (i, gain, rows) }
            }
            guard let pick = best, pick.rows >= max(1, L / 200) else { break }
            let e = pool[pick.index].e
            if e.wholeTableReads > 0 { everything = true } else { covered.formUnion(e.leakHits) }
            let explained = everything ? L : covered.count
            cover.append(CoverStep(session: label(e), newRows: pick.rows, cumulativeCoverage: L > 0 ? Double(explained) / Double(L) : 0))
            pool.remove(at: pick.index)
        }

        // Leaked rows nobody read.
        var anyRead = Set<Int32>()
        for e in sessions.values { anyRead.formUnion(e.leakHits) }
        let unread = bulk > 0 ? 0 : L - anyRead.count

        // Timelines of the top sessions (at most 32 buckets each, widths doubling from a minute).
        var timeline: [TimelineEntry] = []
        for scored in rankedSessions.prefix(options.timelineCandidates) {
            let h = scored.e.timeline
            let name = label(scored.e)
            for (i, b) in h.buckets.enumerated() where b.lines > 0 {
                timeline.append(TimelineEntry(session: name, start: Timestamps.iso(Double((h.origin + i * h.width) * 60)), seconds: h.width * 60, lines: b.lines, leakedReads: b.leakReads))
            }
        }

        let top = options.top
        return CorrelationReport(
            leakFile: leakFile, leakRows: leak.rows, leakKeys: L, leakRowsWithoutKey: leak.rowsWithoutKey,
            tableSize: N, tableSizeSource: nSource, wholeTableLeak: wholeTable,
            caveat: wholeTable ? "The leak holds (nearly) the whole table: every reader's rows lie inside it, so precision is 1 for everybody and specificity says nothing. Only coverage discriminates; the candidates are bulk readers (exports, backups, replication, ETL, migrations). Fingerprinting each job's output is the only way to tell them apart." : nil,
            inputs: inputs,
            sessionCount: sessions.count, accountCount: accounts.count, addressCount: addresses.count,
            sessions: rankedSessions.prefix(top).enumerated().map { full($1, rank: $0 + 1) },
            accounts: rankedAccounts.prefix(top).enumerated().map { full($1, rank: $0 + 1) },
            addresses: rankedAddresses.prefix(top).enumerated().map { full($1, rank: $0 + 1) },
            cover: cover, coverExplains: cover.last?.cumulativeCoverage ?? 0, timeline: timeline,
            geoip: geoip.map { GeoIPInfo(database: $0.path, generated: $0.generated, asn: "not available: the database has countries only") },
            leakedRowsUnread: unread
        )
    }
}
