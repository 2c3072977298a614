import Foundation
import LeakTraceCore

/// The declarative mapping file (JSON) that says how log lines become record keys, sessions,
/// accounts and addresses. The format, with an example, is in docs/log-forensics.md.
public struct LogMapping: Codable, Sendable {
    /// How the leak's rows become record keys.
    public var leak: LeakSpec
    /// Rows in the table the leak was taken from (N of the hypergeometric test). When absent,
    /// the number of distinct keys seen in the logs and the leak is used, a lower bound.
    public var tableSize: Int?
    /// One entry per kind of log.
    public var sources: [SourceSpec]

    public struct LeakSpec: Codable, Sendable {
        /// The leak's column that holds the record key (header name, NDJSON path).
        public var column: String
        /// How keys are canonicalised before hashing, on both sides (see ``KeyNormalization``).
        public var normalize: KeyNormalization?
    }

    /// One log source: its format, how requests or statements name records, and how lines group
    /// into sessions.
    public struct SourceSpec: Codable, Sendable {
        /// A name used with `--logs NAME=PATH` and in the report.
        public var name: String
        public var format: LogFormat
        /// Zone for timestamps logged without one (`+08:00`, `UTC`); default UTC.
        public var timezone: String?
        /// For JSON and CSV logs: role -> the log's own field name (`time`, `address`, `user`,
        /// `agent`, `method`, `target`, `status`, `statement`, `keyFile`). Dotted paths reach into
        /// nested JSON objects.
        public var fields: [String: String]?
        /// Web logs: request templates that name records.
        public var routes: [Route]?
        /// SQL logs: which table and key columns name records.
        public var sql: SQLSpec?
        /// Export-job logs: the field naming a file of row keys (one per line), relative to the log.
        public var keyFile: String?
        /// How lines group into sessions.
        public var session: SessionSpec?
        /// The account (login) of a line.
        public var account: FieldSpec?
        /// The network address of a line.
        public var address: FieldSpec?
    }

    /// `{"method": "GET", "path": "/customers/{key}"}` or `{"path": "/api/customers", "query": "ids", "split": ","}`.
    public struct Route: Codable, Sendable {
        public var method: String?
        /// Segments: literal, `{key}` (the record key), `{*}` (anything), `{**}` (any rest).
        public var path: String
        /// A query parameter whose values are record keys.
        public var query: String?
        /// A separator inside the parameter's value (`ids=1,2,3`).
        public var split: String?
        /// A route that reads the whole table (an export endpoint).
        public var wholeTable: Bool?
        /// Only requests with these statuses count (default: 2xx and 304).
        public var statuses: [Int]?
    }

    public struct SQLSpec: Codable, Sendable {
        /// Tables whose rows the leak holds (unqualified, case-insensitive).
        public var tables: [String]
        /// Key columns: literals compared to them in `=` and `IN (...)` are record keys.
        public var columns: [String]
    }

    /// Grouping: a session is the lines sharing these fields; with `idleGap`, a pause longer than
    /// that many seconds starts a new session.
    public struct SessionSpec: Codable, Sendable {
        public var fields: [FieldSpec]
        public var idleGap: Double?
    }

    public static func load(path: String) throws(LeakTraceError) -> LogMapping {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LeakTraceError(.io, "cannot read the mapping file", at: InputLocation(file: path))
        }
        let mapping: LogMapping
        do {
            mapping = try JSONDecoder().decode(LogMapping.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw LeakTraceError(.invalidArgument, "missing key '\(key.stringValue)' at \(Self.codingPath(context.codingPath)); expected a mapping as in docs/log-forensics.md", at: InputLocation(file: path))
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw LeakTraceError(.invalidArgument, "wrong type at \(Self.codingPath(context.codingPath)): \(context.debugDescription)", at: InputLocation(file: path))
        } catch let DecodingError.dataCorrupted(context) {
            throw LeakTraceError(.invalidArgument, "invalid mapping at \(Self.codingPath(context.codingPath)): \(context.debugDescription)", at: InputLocation(file: path))
        } catch {
            throw LeakTraceError(.invalidArgument, "not a JSON mapping file", at: InputLocation(file: path))
        }
        guard !mapping.sources.isEmpty else {
            throw LeakTraceError(.invalidArgument, "no sources; expected at least one entry in \"sources\"", at: InputLocation(file: path))
        }
        for source in mapping.sources {
            if let tz = source.timezone, Timestamps.offset(tz) == nil {
                throw LeakTraceError(.invalidArgument, "source \(source.name): timezone '\(tz)' not understood; expected +08:00, -0500, UTC or a zone abbreviation", at: InputLocation(file: path))
            }
        }
        return mapping
    }

    private static func codingPath(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "the top level" : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}

/// The log formats the readers understand.
public enum LogFormat: String, Codable, Sendable, CaseIterable {
    /// nginx/Apache combined (or common) format, optionally with extra quoted fields after the agent.
    case combined
    /// One JSON object per line (nginx `escape=json`, application and VPN logs).
    case json
    /// PostgreSQL `log_destination = csvlog` with `log_statement` or pgaudit messages.
    case postgresCSV = "postgres-csv"
    /// MySQL/MariaDB general query log.
    case mysqlGeneral = "mysql-general"
    /// A CSV file with a header (VPN, auth and export-job logs).
    case csv
}

/// A field of a log line, optionally narrowed by a regular expression's first capture group:
/// `"user"` or `{"field": "application_name", "pattern": "user=([^;]+)"}`. `cookie:NAME` is the
/// value of the cookie NAME in the line's cookie field (combined logs: the extra fields).
public struct FieldSpec: Codable, Sendable {
    public var field: String
    public var pattern: String?

    public init(field: String, pattern: String? = nil) {
        self.field = field
        self.pattern = pattern
    }

    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let name = try? single.decode(String.self) {
            self.field = name
            self.pattern = nil
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.field = try container.decode(String.self, forKey: .field)
        self.pattern = try container.decodeIfPresent(String.self, forKey: .pattern)
    }
}

/// How a record key is canonicalised before it is hashed: the same on the leak and log sides.
public enum KeyNormalization: String, Codable, Sendable {
    /// Trimmed, as written.
    case exact
    /// Trimmed, ASCII lower-cased (the default).
    case lower
    /// Digits only (MyKad with or without dashes, phone numbers).
    case digits
}
