import Dumps
import Foundation
import LeakTraceCore

/// One parsed log entry, before record mapping: the standard roles every format fills where it
/// can, and the other named fields the mapping asked for.
public struct LogLine {
    public var line: Int
    public var time: Double?
    public var address: String?
    public var user: String?
    public var agent: String?
    public var method: String?
    public var target: String?
    public var status: Int?
    /// An SQL statement (database logs).
    public var statement: String?
    /// Bind parameters of the statement (`$1` -> value), from PostgreSQL's `parameters:` detail.
    public var parameters: [Int: String] = [:]
    /// Cookie header (combined logs: the extra quoted fields after the user agent).
    public var cookie: String?
    public var keyFile: String?
    public var other: [String: String] = [:]

    public init(line: Int) {
        self.line = line
    }

    /// The value of a field named in the mapping: a standard role, `cookie:NAME`, or a raw field.
    func value(_ name: String) -> String? {
        switch name {
        case "address", "ip": return address
        case "user", "account": return user
        case "agent", "user_agent": return agent
        case "method": return method
        case "target": return target
        case "status": return status.map(String.init)
        default:
            if name.hasPrefix("cookie:") {
                return cookie.flatMap { Self.cookieValue(String(name.dropFirst(7)), in: $0) }
            }
            return other[name]
        }
    }

    /// `sid` in `sid=abc; theme=dark` (also found inside other extra fields).
    static func cookieValue(_ name: String, in text: String) -> String? {
        let t = Array(text.utf8)
        let n = Array(name.utf8) + [0x3D] // "name="
        guard t.count >= n.count else { return nil }
        var i = 0
        while i + n.count <= t.count {
            if t[i] == n[0], t[i ..< i + n.count].elementsEqual(n) {
                let before = i == 0 ? nil : t[i - 1]
                if before == nil || before == 0x20 || before == 0x3B || before == 0x22 || before == 0x09 {
                    var end = i + n.count
                    while end < t.count, t[end] != 0x3B, t[end] != 0x20, t[end] != 0x22, t[end] != 0x2C { end += 1 }
                    let value = t[(i + n.count) ..< end]
                    if value.isEmpty || value.elementsEqual([0x2D]) { return nil }
                    return String(decoding: value, as: UTF8.self)
                }
            }
            i += 1
        }
        return nil
    }
}

/// A bad line: its number and why (never its content, which may hold a personal value).
public struct BadLine: Sendable, Codable, Equatable {
    public var file: String
    public var line: Int
    public var reason: String
}

/// Bad lines of one file: counted by reason, with the first few line numbers.
public struct BadLineLog: Sendable, Codable, Equatable {
    public var total = 0
    public var byReason: [String: Int] = [:]
    public var examples: [BadLine] = []
    public static let examplesPerReason = 5

    public init() {}

    public mutating func add(_ bad: BadLine) {
        total += 1
        let n = byReason[bad.reason, default: 0]
        byReason[bad.reason] = n + 1
        if n < Self.examplesPerReason { examples.append(bad) }
    }
}

/// Reads one log file in its format and hands each parsed line to a closure; bad lines are
/// counted, never fatal. Only an unreadable file is an error.
struct LogFileReader {
    let path: String
    let format: LogFormat
    let timezoneOffset: Int
    /// Role -> the log's own field name (JSON and CSV logs).
    let roleFields: [String: String]
    /// Raw field names the mapping reads (kept in ``LogLine/other``).
    let wanted: Set<String>
    var progress: ((Int, Int, Int) -> Void)?

    static let jsonDefaults: [String: [String]] = [
        "time": ["time", "time_iso8601", "timestamp", "@timestamp", "ts", "time_local", "msec"],
        "address": ["remote_addr", "client_ip", "ip", "src_ip", "address", "clientip"],
        "user": ["remote_user", "user", "username", "account", "user_name"],
        "agent": ["http_user_agent", "user_agent", "agent"],
        "method": ["request_method", "method"],
        "target": ["request_uri", "uri", "url", "path", "target"],
        "request": ["request"],
        "status": ["status", "status_code"],
        "statement": ["statement", "query", "sql"],
        "cookie": ["http_cookie", "cookie"],
    ]

    /// Reads the file; returns the number of lines (records for CSV) read.
    func read(bad: inout BadLineLog, _ body: (LogLine) -> Void) throws(LeakTraceError) -> Int {
        switch format {
        case .combined, .json, .mysqlGeneral:
            let reader = try LineReader(path: path)
            var mysql = MySQLGeneralState()
            do {
                let count = try reader.forEachLine { bytes, number, truncated in
                    if number & 0x3FFFF == 0 { progress?(number, reader.bytesRead, reader.fileBytes) }
                    if truncated {
                        bad.add(BadLine(file: path, line: number, reason: "line too long"))
                        return
                    }
                    if bytes.isEmpty { return }
                    switch format {
                    case .combined: parseCombined(bytes, number, &bad, body)
                    case .json: parseJSON(bytes, number, &bad, body)
                    default: mysql.feed(bytes, number, timezoneOffset, path, &bad, body)
                    }
                }
                if format == .mysqlGeneral { mysql.flush(body) }
                return count
            } catch let error as LeakTraceError {
                throw error
            } catch {
                throw LeakTraceError(.io, "read failed", at: InputLocation(file: path), cause: nil)
            }
        case .postgresCSV, .csv:
            var options = ReaderOptions(format: .csv, delimiter: UInt8(ascii: ","))
            options.maxRecordBytes = 16 << 20
            let reader = try DumpReader(path: path, options: options)
            var header: [String]?
            var records = 0
            var lastLine = 0
            while let batch = try reader.nextBatch() {
                for r in 0 ..< batch.recordCount {
                    records += 1
                    lastLine = batch.recordLine[r]
                    if records & 0x3FFFF == 0 { progress?(lastLine, reader.bytesConsumed, reader.input.bytes) }
                    let fields = batch.fields(ofRecord: r).map { batch.string(field: $0) }
                    if format == .postgresCSV {
                        parsePostgres(fields, lastLine, &bad, body)
                    } else if header == nil {
                        header = fields.map { String($0.trimmingSpaces) }
                    } else {
                        parseGenericCSV(fields, header!, lastLine, &bad, body)
                    }
                }
            }
            for warning in reader.warnings.examples where warning.isBadRecord {
                bad.add(BadLine(file: path, line: warning.line, reason: warning.kind))
            }
            let unreported = reader.warnings.total - reader.warnings.examples.count
            if unreported > 0 {
                bad.total += unreported
                bad.byReason["csv record", default: 0] += unreported
            }
            return lastLine
        }
    }

    // MARK: combined

    /// `addr ident user [time] "request" status bytes "referer" "agent" [extra ...]`
    private func parseCombined(_ b: UnsafeBufferPointer<UInt8>, _ number: Int, _ bad: inout BadLineLog, _ body: (LogLine) -> Void) {
        var p = 0
        let n = b.count
        func token() -> Range<Int>? {
            while p < n && b[p] == 0x20 { p += 1 }
            guard p < n else { return nil }
            let s = p
            if b[s] == 0x22 { // "quoted" with \" escapes
                p += 1
                while p < n && b[p] != 0x22 { if b[p] == 0x5C { p += 1 }; p += 1 }
                guard p < n else { return nil }
                p += 1
                return s + 1 ..< p - 1
            }
            if b[s] == 0x5B {
                while p < n && b[p] != 0x5D { p += 1 }
                guard p < n else { return nil }
                p += 1
                return s + 1 ..< p - 1
            }
            while p < n && b[p] != 0x20 { p += 1 }
            return s ..< p
        }
        func text(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self) }
        guard let addr = token(), let _ = token(), let user = token(), p < n, b[min(p + 1, n - 1)] == 0x5B || b[p] == 0x5B,
              let time = token(), let request = token(), let status = token(), let _ = token() else {
            bad.add(BadLine(file: path, line: number, reason: "not a combined/common log line"))
            return
        }
        var line = LogLine(line: number)
        guard let t = Timestamps.parse(bytes: UnsafeBufferPointer(rebasing: b[time]), defaultOffset: timezoneOffset) else {
            bad.add(BadLine(file: path, line: number, reason: "timestamp not understood"))
            return
        }
        line.time = t
        line.address = text(addr)
        let u = text(user)
        line.user = u == "-" ? nil : u
        line.status = Int(text(status))
        let req = text(request).split(separator: " ", maxSplits: 2)
        if req.count >= 2 {
            line.method = String(req[0])
            line.target = String(req[1])
        } else if req.count == 1 {
            line.target = String(req[0])
        }
        if token() != nil, let agent = token() {
            let a = text(agent)
            line.agent = a == "-" ? nil : a
            if p < n {
                line.cookie = text(p ..< n)
            }
        }
        body(line)
    }

    // MARK: JSON

    private func role(_ name: String, in object: [String: Any]) -> String? {
        if let custom = roleFields[name] { return Self.lookup(custom, in: object) }
        for candidate in Self.jsonDefaults[name] ?? [] {
            if let v = Self.lookup(candidate, in: object) { return v }
        }
        return nil
    }

    static func lookup(_ path: String, in object: [String: Any]) -> String? {
        if let v = object[path] { return stringValue(v) }
        guard path.contains(".") else { return nil }
        var current: Any = object
        for part in path.split(separator: ".") {
            guard let dict = current as? [String: Any], let next = dict[String(part)] else { return nil }
            current = next
        }
        return stringValue(current)
    }

    static func stringValue(_ v: Any) -> String? {
        switch v {
        case let s as String: return s.isEmpty || s == "-" ? nil : s
        case let n as NSNumber: return n.stringValue
        default: return nil
        }
    }

    private func parseJSON(_ b: UnsafeBufferPointer<UInt8>, _ number: Int, _ bad: inout BadLineLog, _ body: (LogLine) -> Void) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(buffer: b))) as? [String: Any] else {
            bad.add(BadLine(file: path, line: number, reason: "not a JSON object"))
            return
        }
        fill(role: { role($0, in: object) }, raw: { Self.lookup($0, in: object) }, number, &bad, body)
    }

    private func fill(role: (String) -> String?, raw: (String) -> String?, _ number: Int, _ bad: inout BadLineLog, _ body: (LogLine) -> Void) {
        var line = LogLine(line: number)
        guard let timeText = role("time"), let t = Timestamps.parse(timeText, defaultOffset: timezoneOffset) else {
            bad.add(BadLine(file: path, line: number, reason: "no timestamp understood"))
            return
        }
        line.time = t
        line.address = role("address")
        line.user = role("user")
        line.agent = role("agent")
        line.method = role("method")
        line.target = role("target")
        if line.target == nil, let request = role("request") {
            let parts = request.split(separator: " ", maxSplits: 2)
            if parts.count >= 2 {
                line.method = line.method ?? String(parts[0])
                line.target = String(parts[1])
            }
        }
        line.status = role("status").flatMap { Int($0) }
        line.statement = role("statement")
        line.cookie = role("cookie")
        line.keyFile = role("keyFile")
        for name in wanted {
            if let v = raw(name) { line.other[name] = v }
        }
        body(line)
    }

    // MARK: CSV

    private func parseGenericCSV(_ fields: [String], _ header: [String], _ number: Int, _ bad: inout BadLineLog, _ body: (LogLine) -> Void) {
        guard fields.count == header.count else {
            bad.add(BadLine(file: path, line: number, reason: "expected \(header.count) fields, found \(fields.count)"))
            return
        }
        var object: [String: String] = [:]
        for (i, name) in header.enumerated() { object[name] = fields[i] }
        func raw(_ name: String) -> String? {
            guard let v = object[name], !v.isEmpty, v != "-" else { return nil }
            return v
        }
        func role(_ name: String) -> String? {
            if let custom = roleFields[name] { return raw(custom) }
            for candidate in Self.jsonDefaults[name] ?? [] {
                if let v = raw(candidate) { return v }
            }
            return nil
        }
        fill(role: role, raw: raw, number, &bad, body)
    }

    // MARK: PostgreSQL csvlog

    static let postgresColumns = [
        "log_time", "user_name", "database_name", "process_id", "connection_from", "session_id",
        "session_line_num", "command_tag", "session_start_time", "virtual_transaction_id",
        "transaction_id", "error_severity", "sql_state_code", "message", "detail", "hint",
        "internal_query", "internal_query_pos", "context", "query", "query_pos", "location",
        "application_name", "backend_type", "leader_pid", "query_id",
    ]

    private func parsePostgres(_ fields: [String], _ number: Int, _ bad: inout BadLineLog, _ body: (LogLine) -> Void) {
        guard fields.count >= 23, fields.count <= 26 else {
            bad.add(BadLine(file: path, line: number, reason: "not a PostgreSQL csvlog record (expected 23 to 26 fields, found \(fields.count))"))
            return
        }
        guard let t = Timestamps.parse(fields[0], defaultOffset: timezoneOffset) else {
            bad.add(BadLine(file: path, line: number, reason: "timestamp not understood"))
            return
        }
        let message = fields[13]
        guard let statement = Self.postgresStatement(message) else { return } // not a statement line: skipped, not bad
        var line = LogLine(line: number)
        line.time = t
        line.user = fields[1].isEmpty ? nil : fields[1]
        let from = fields[4]
        if !from.isEmpty {
            // host:port, [v6]:port or [local]
            if from.hasPrefix("[") {
                line.address = from == "[local]" ? nil : String(from.dropFirst().prefix { $0 != "]" })
            } else if let colon = from.lastIndex(of: ":"), from.firstIndex(of: ":") == colon {
                line.address = String(from[..<colon])
            } else {
                line.address = from
            }
        }
        line.statement = statement.text
        line.parameters = statement.parameters.isEmpty ? SQLKeyExtractor.parameters(fromDetail: fields[14]) : statement.parameters
        for name in wanted {
            if let i = Self.postgresColumns.firstIndex(of: name), i < fields.count, !fields[i].isEmpty { line.other[name] = fields[i] }
        }
        body(line)
    }

    /// The statement of a `log_statement` (`statement: ...`, `execute <name>: ...`,
    /// `duration: ... statement: ...`) or pgaudit (`AUDIT: SESSION,1,1,READ,SELECT,,,"...",...`) message.
    static func postgresStatement(_ message: String) -> (text: String, parameters: [Int: String])? {
        if message.hasPrefix("AUDIT: ") {
            let fields = splitCSV(String(message.dropFirst(7)))
            guard fields.count >= 8 else { return nil }
            var parameters: [Int: String] = [:]
            if fields.count >= 9, fields[8] != "<not logged>", fields[8] != "<none>" {
                for (i, v) in splitCSV(fields[8]).enumerated() { parameters[i + 1] = v }
            }
            return (fields[7], parameters)
        }
        for marker in ["statement: ", "execute "] {
            if let r = message.range(of: marker) {
                var rest = message[r.upperBound...]
                if marker == "execute " {
                    guard let colon = rest.range(of: ": ") else { return nil }
                    rest = rest[colon.upperBound...]
                }
                return (String(rest), [:])
            }
        }
        return nil
    }

    /// A CSV line split with double-quote quoting (pgaudit's fields).
    static func splitCSV(_ text: String) -> [String] {
        var out: [String] = []
        var field: [Character] = []
        var quoted = false
        var chars = Array(text)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars = chars.dropFirst() } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                out.append(String(field))
                field = []
            } else {
                field.append(c)
            }
        }
        out.append(String(field))
        return out
    }
}

/// The MySQL/MariaDB general query log: `TIME\tID Command\tArgument`, where MariaDB omits the
/// time when it has not changed and a multi-line query continues on lines of its own. `Connect`
/// lines give the thread's `user@host`.
struct MySQLGeneralState {
    var threads: [Int: (user: String?, host: String?)] = [:]
    var lastTime: Double?
    var pending: LogLine?
    var pendingText: String = ""

    mutating func flush(_ body: (LogLine) -> Void) {
        guard var line = pending else { return }
        line.statement = pendingText
        body(line)
        pending = nil
        pendingText = ""
    }

    mutating func feed(_ b: UnsafeBufferPointer<UInt8>, _ number: Int, _ offset: Int, _ path: String, _ bad: inout BadLineLog, _ body: (LogLine) -> Void) {
        let text = String(decoding: b, as: UTF8.self)
        // Server banners.
        if text.hasPrefix("/") || text.hasPrefix("Tcp port:") || (text.hasPrefix("Time") && text.contains("Command")) { flush(body); return }
        // TIME<tab>ID Command<tab>argument; MariaDB leaves TIME empty when it has not changed.
        var timePart: Substring = ""
        var rest = text[...]
        if let tab = text.firstIndex(of: "\t") {
            timePart = text[..<tab]
            rest = text[tab...].drop { $0 == "\t" }
        } else {
            rest = ""
        }
        let idCommand: Substring
        let argument: Substring
        if let tab = rest.firstIndex(of: "\t") {
            idCommand = rest[..<tab]
            argument = rest[rest.index(after: tab)...]
        } else {
            idCommand = rest
            argument = ""
        }
        let words = idCommand.split(separator: " ")
        guard words.count >= 2, let thread = Int(words[0]) else {
            // A continuation of a multi-line query, or damage.
            if pending != nil {
                pendingText += "\n" + text
            } else {
                bad.add(BadLine(file: path, line: number, reason: "not a general-log line"))
            }
            return
        }
        flush(body)
        if !timePart.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let t = Timestamps.parse(timePart, defaultOffset: offset) else {
                bad.add(BadLine(file: path, line: number, reason: "timestamp not understood"))
                return
            }
            lastTime = t
        }
        let command = words[1]
        switch command {
        case "Connect":
            // user@host on db using TCP/IP
            let who = argument.split(separator: " ").first.map(String.init) ?? ""
            let at = who.lastIndex(of: "@")
            threads[thread] = (at.map { String(who[..<$0]) } ?? who, at.map { String(who[who.index(after: $0)...]) })
        case "Query", "Execute":
            guard let t = lastTime else {
                bad.add(BadLine(file: path, line: number, reason: "query before any timestamp"))
                return
            }
            var line = LogLine(line: number)
            line.time = t
            line.user = threads[thread]?.user
            line.address = threads[thread]?.host
            line.other["thread"] = String(thread)
            pending = line
            pendingText = String(argument)
        case "Quit":
            threads[thread] = nil
        default:
            break
        }
    }
}
