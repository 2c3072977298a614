import Dumps
import Foundation
import Identifiers
import LeakTraceCore

/// What a session, an account or an address read, accumulated while the logs stream past.
final class EntityAccumulator {
    let kind: EntityKind
    let id: String
    var lines = 0
    var keyReads = 0
    var leakReads = 0
    /// Distinct leaked rows read (positions in ``LeakKeys``).
    var leakHits = Set<Int32>()
    /// Distinct rows read that are not in the leak.
    var others = DistinctCounter()
    var wholeTableReads = 0
    var unresolvedReads = 0
    var first = Double.infinity
    var last = -Double.infinity
    /// The first few accounts, addresses and sources seen (small arrays, not sets: most entities
    /// have one of each).
    var accounts: [String] = []
    var addresses: [String] = []
    var sources: [String] = []
    /// Lines and leaked-row reads over time, for the timeline (sessions only).
    var timeline = TimeHistogram()

    init(kind: EntityKind, id: String) {
        self.kind = kind
        self.id = id
    }
}

public enum EntityKind: String, Codable, Sendable {
    case session, account, address
}

/// A log source from the mapping, compiled: routes, SQL extractor and field references.
struct CompiledSource {
    struct Ref {
        var field: String
        var pattern: NSRegularExpression?

        init(_ spec: FieldSpec) throws(LeakTraceError) {
            field = spec.field
            if let p = spec.pattern {
                do { pattern = try NSRegularExpression(pattern: p) } catch {
                    throw LeakTraceError(.invalidArgument, "field \(spec.field): pattern is not a valid regular expression")
                }
            }
        }

        func value(_ line: LogLine) -> String? {
            guard let v = line.value(field) else { return nil }
            guard let pattern else { return v }
            let range = NSRange(v.startIndex..., in: v)
            guard let m = pattern.firstMatch(in: v, range: range) else { return nil }
            let group = m.numberOfRanges > 1 ? m.range(at: 1) : m.range
            guard let r = Range(group, in: v) else { return nil }
            return String(v[r])
        }
    }

    var spec: LogMapping.SourceSpec
    var routes: [CompiledRoute]
    var sql: SQLKeyExtractor?
    var session: [Ref]
    var idleGap: Double?
    var account: Ref?
    var address: Ref?
    var offset: Int
    var wanted: Set<String>

    init(_ spec: LogMapping.SourceSpec) throws(LeakTraceError) {
        self.spec = spec
        routes = (spec.routes ?? []).map(CompiledRoute.init)
        sql = spec.sql.map(SQLKeyExtractor.init)
        var session: [Ref] = []
        for f in spec.session?.fields ?? [] { session.append(try Ref(f)) }
        self.session = session
        idleGap = spec.session?.idleGap
        account = try spec.account.map { (f: FieldSpec) throws(LeakTraceError) -> Ref in try Ref(f) }
        address = try spec.address.map { (f: FieldSpec) throws(LeakTraceError) -> Ref in try Ref(f) }
        offset = spec.timezone.flatMap(Timestamps.offset) ?? 0
        var wanted = Set<String>()
        for f in (spec.session?.fields ?? []) + [spec.account, spec.address].compactMap({ $0 }) where !f.field.hasPrefix("cookie:") {
            wanted.insert(f.field)
        }
        if let k = spec.keyFile { wanted.insert(k) }
        self.wanted = wanted
    }
}

/// Options of one correlation run.
public struct CorrelationOptions: Sendable {
    /// Overrides the mapping's `tableSize`.
    public var tableSize: Int?
    /// How many sessions, accounts and addresses the report lists.
    public var top = 10
    /// How many top sessions get a timeline.
    public var timelineCandidates = 3
    /// Sessions with a specificity below this are not offered to the greedy cover (unless the
    /// leak is the whole table).
    public var coverMinimumSpecificity = 3.0
    /// The cover stops when it explains this share of the leak.
    public var coverTarget = 0.99
    public var progress: (@Sendable (String) -> Void)?

    public init() {}
}

/// Streams log files through a mapping, accumulating what every session, account and address
/// read, then scores them against the leak (spec §6.3).
public final class Correlator {
    let mapping: LogMapping
    let leak: LeakKeys
    let hasher: KeyHasher
    let options: CorrelationOptions
    var sources: [CompiledSource] = []
    var sessions: [String: EntityAccumulator] = [:]
    var accounts: [String: EntityAccumulator] = [:]
    var addresses: [String: EntityAccumulator] = [:]
    /// Session grouping state for idle gaps: group -> (last time, sequence).
    var groups: [String: (last: Double, sequence: Int)] = [:]
    var allKeys = DistinctCounter()
    var inputs: [InputSummary] = []

    public init(mapping: LogMapping, leak: LeakKeys, hasher: KeyHasher, options: CorrelationOptions = CorrelationOptions()) throws(LeakTraceError) {
        self.mapping = mapping
        self.leak = leak
        self.hasher = hasher
        self.options = options
        for s in mapping.sources { sources.append(try CompiledSource(s)) }
    }

    /// Which source reads a file: `NAME=PATH` names it; otherwise the first source whose format
    /// matches the sniffed format of the file.
    public func resolve(_ argument: String) throws(LeakTraceError) -> (source: String, path: String) {
        if let eq = argument.firstIndex(of: "="), sources.contains(where: { $0.spec.name == argument[..<eq] }) {
            return (String(argument[..<eq]), String(argument[argument.index(after: eq)...]))
        }
        let format = try LogSniffer.sniff(path: argument)
        guard let source = sources.first(where: { $0.spec.format == format }) ?? (format == .csv ? sources.first(where: { $0.spec.format == .postgresCSV }) : nil) else {
            throw LeakTraceError(.invalidArgument, "looks like a \(format.rawValue) log, but no source in the mapping has that format; name one with --logs NAME=PATH", at: InputLocation(file: argument))
        }
        return (source.spec.name, argument)
    }

    /// Reads one log file with the named source.
    public func ingest(path: String, source name: String) throws(LeakTraceError) {
        guard let source = sources.first(where: { $0.spec.name == name }) else {
            throw LeakTraceError(.invalidArgument, "no source named '\(name)' in the mapping", at: InputLocation(file: path))
        }
        var reader = LogFileReader(path: path, format: source.spec.format, timezoneOffset: source.offset, roleFields: source.spec.fields ?? [:], wanted: source.wanted)
        if let progress = options.progress {
            reader.progress = { line, done, total in
                let share = total > 0 ? min(100, Double(done) / Double(total) * 100) : 0
                progress(String(format: "reading %@: line %d (%.0f%%)", path, line, share))
            }
        }
        var bad = BadLineLog()
        var summary = InputSummary(path: path, source: name, format: source.spec.format.rawValue)
        let directory = (path as NSString).deletingLastPathComponent
        var keyFileProblems = BadLineLog()
        let lines = try reader.read(bad: &bad) { line in
            self.add(line, source: source, summary: &summary, directory: directory, bad: &keyFileProblems)
        }
        summary.lines = lines
        for problem in keyFileProblems.examples { bad.add(problem) }
        summary.bad = bad
        inputs.append(summary)
    }

    /// Feeds lines parsed elsewhere (a simulation, another reader) through a source's mapping.
    public func ingest(lines: some Sequence<LogLine>, source name: String, label: String = "(lines)") throws(LeakTraceError) {
        guard let source = sources.first(where: { $0.spec.name == name }) else {
            throw LeakTraceError(.invalidArgument, "no source named '\(name)' in the mapping")
        }
        var bad = BadLineLog()
        var summary = InputSummary(path: label, source: name, format: source.spec.format.rawValue)
        for line in lines {
            summary.lines += 1
            add(line, source: source, summary: &summary, directory: ".", bad: &bad)
        }
        summary.bad = bad
        inputs.append(summary)
    }

    private func add(_ line: LogLine, source: CompiledSource, summary: inout InputSummary, directory: String, bad: inout BadLineLog) {
        guard let time = line.time else { return }
        // Keys.
        var keys: [UInt64] = []
        var wholeTable = false
        var unresolved = false
        var mapped = false
        if let target = line.target, !source.routes.isEmpty {
            for route in source.routes {
                if let raw = route.match(method: line.method?[...], target: target[...], status: line.status) {
                    mapped = true
                    if raw.isEmpty && route.wholeTable { wholeTable = true }
                    for k in raw { if let h = hasher.hash(k) { keys.append(h) } }
                    break
                }
            }
        }
        if let statement = line.statement, let sql = source.sql {
            let result = sql.extract(statement, parameters: line.parameters)
            if result.mentionsTable {
                mapped = true
                wholeTable = wholeTable || result.wholeTable
                unresolved = result.unresolved
                for k in result.keys { if let h = hasher.hash(k) { keys.append(h) } }
            }
        }
        if let field = source.spec.keyFile, let file = line.other[field] {
            let path = file.hasPrefix("/") ? file : directory + "/" + file
            mapped = true
            do {
                let reader = try LineReader(path: path)
                try reader.forEachLine { bytes, _, _ in
                    if let h = hasher.hash(bytes) { keys.append(h) }
                }
            } catch {
                bad.add(BadLine(file: summary.path, line: line.line, reason: "key file not readable"))
            }
        }
        if mapped { summary.mappedLines += 1 }
        summary.keyReads += keys.count
        if let first = summary.first { summary.first = min(first, time) } else { summary.first = time }
        if let last = summary.last { summary.last = max(last, time) } else { summary.last = time }

        // Who.
        var sessionID: String?
        if !source.session.isEmpty {
            let parts = source.session.map { $0.value(line) }
            if parts.allSatisfy({ $0 != nil }) {
                var group = source.spec.name + "|" + parts.map { $0! }.joined(separator: " | ")
                if let gap = source.idleGap {
                    var state = groups[group] ?? (time, 0)
                    if time - state.last > gap { state.sequence += 1 }
                    state.last = max(state.last, time)
                    groups[group] = state
                    if state.sequence > 0 { group += " #\(state.sequence + 1)" }
                }
                sessionID = group
            }
        }
        let account = source.account?.value(line)
        let address = source.address?.value(line) ?? line.address
        let hadSession = record(time: time, session: sessionID, account: account, address: address, agent: line.agent,
                                keys: keys, wholeTable: wholeTable, unresolved: unresolved, source: source.spec.name)
        if !hadSession { summary.linesWithoutSession += 1 }
    }

    /// Feeds reads that are already attributed (a simulation, another system's audit trail):
    /// the keys are canonicalised and hashed here like those found in logs.
    public func ingest(reads: some Sequence<RecordRead>, source name: String, label: String = "(reads)") {
        var summary = InputSummary(path: label, source: name, format: "reads")
        for read in reads {
            summary.lines += 1
            summary.mappedLines += 1
            let keys = read.keys.compactMap { hasher.hash($0) }
            summary.keyReads += keys.count
            summary.first = min(summary.first ?? read.time, read.time)
            summary.last = max(summary.last ?? read.time, read.time)
            if !record(time: read.time, session: read.session.map { name + "|" + $0 }, account: read.account, address: read.address,
                       agent: nil, keys: keys, wholeTable: read.wholeTable, unresolved: false, source: name) {
                summary.linesWithoutSession += 1
            }
        }
        inputs.append(summary)
    }

    /// Adds one read to its session, account and address; returns whether it had a session.
    private func record(time: Double, session sessionID: String?, account: String?, address: String?, agent: String?,
                        keys: [UInt64], wholeTable: Bool, unresolved: Bool, source: String) -> Bool {
        var leakPositions: [Int32] = []
        var otherKeys: [UInt64] = []
        for h in keys {
            allKeys.insert(h)
            if let p = leak.position(of: h) { leakPositions.append(p) } else { otherKeys.append(h) }
        }
        let minute = Int((time / 60).rounded(.down))
        func update(_ e: EntityAccumulator) {
            e.lines += 1
            e.keyReads += keys.count
            e.leakReads += leakPositions.count
            for p in leakPositions { e.leakHits.insert(p) }
            for h in otherKeys { e.others.insert(h) }
            if wholeTable { e.wholeTableReads += 1 }
            if unresolved { e.unresolvedReads += 1 }
            e.first = min(e.first, time)
            e.last = max(e.last, time)
            if let account, e.accounts.count < 8, !e.accounts.contains(account) { e.accounts.append(account) }
            if let address, e.addresses.count < 8, !e.addresses.contains(address) { e.addresses.append(address) }
            if !e.sources.contains(source) { e.sources.append(source) }
            if e.kind == .session { e.timeline.add(minute: minute, leakReads: leakPositions.count) }
        }
        if let sessionID {
            let e = sessions[sessionID] ?? { let n = EntityAccumulator(kind: .session, id: sessionID); sessions[sessionID] = n; return n }()
            update(e)
        }
        if let account {
            let e = accounts[account] ?? { let n = EntityAccumulator(kind: .account, id: account); accounts[account] = n; return n }()
            update(e)
        }
        if let address {
            let e = addresses[address] ?? { let n = EntityAccumulator(kind: .address, id: address); addresses[address] = n; return n }()
            update(e)
        }
        return sessionID != nil
    }
}

/// A read already attributed to a session, account and address, with the record keys it named.
public struct RecordRead: Sendable {
    public var time: Double
    public var session: String?
    public var account: String?
    public var address: String?
    public var keys: [String]
    public var wholeTable: Bool

    public init(time: Double, session: String?, account: String?, address: String?, keys: [String], wholeTable: Bool = false) {
        self.time = time
        self.session = session
        self.account = account
        self.address = address
        self.keys = keys
        self.wholeTable = wholeTable
    }
}

/// Sniffs a log file's format from its first lines.
public enum LogSniffer {
    public static func sniff(path: String) throws(LeakTraceError) -> LogFormat {
        let reader = try LineReader(path: path)
        let head = String(decoding: reader.headBytes.prefix(16 << 10), as: UTF8.self)
        for raw in head.split(separator: "\n").prefix(20) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            return sniff(line: line)
        }
        throw LeakTraceError(.emptyInput, "empty log; expected access, query or VPN log lines", at: InputLocation(file: path))
    }

    public static func sniff(line: String) -> LogFormat {
        if line.hasPrefix("{") { return .json }
        if line.contains(", Version: ") || line.hasPrefix("Tcp port:") || line.contains("\tQuery\t") || line.contains(" Query\t") || line.contains(" Connect\t") { return .mysqlGeneral }
        let firstComma = line.firstIndex(of: ",").map { String(line[..<$0]) } ?? ""
        if !firstComma.isEmpty, Timestamps.parse(firstComma) != nil, line.split(separator: ",", omittingEmptySubsequences: false).count >= 20 { return .postgresCSV }
        let tokens = line.split(separator: " ", maxSplits: 4)
        if tokens.count >= 4, tokens[3].hasPrefix("[") { return .combined }
        return .csv
    }
}
