import Foundation
import Logging

/// The server's log lines on standard error, in swift-log's `StreamLogHandler` format
/// (`2026-11-23T13:20:01+0000 info leaktrace.server: http.route=/… hb.request.id=… [Server] request`),
/// with one difference that matters under load: metadata is formatted when a line is written,
/// not whenever it changes.
///
/// Hummingbird gives every request a logger with its own `hb.request.id`. `StreamLogHandler`
/// re-formats the whole metadata dictionary on each such change (sorting keys, describing every
/// value): a few percent of the server's CPU per request, even at a level that writes no line.
public struct TextLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String

    public init(label: String, level: Logger.Level, metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider) {
        self.label = label
        self.logLevel = level
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var text = TextLogHandler.line(
            timestamp: TextLogHandler.timestamp(), label: label, base: metadata, provided: metadataProvider?.get() ?? [:], event: event
        )
        // One write(2) per line, so lines from two threads never interleave; a closed stream
        // loses the line instead of trapping (FileHandle.write traps on a write error).
        text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }

    /// One line: what `StreamLogHandler` writes for the same event and metadata.
    static func line(timestamp: String, label: String, base: Logger.Metadata, provided: Logger.Metadata, event: LogEvent) -> String {
        var all = base
        all.merge(provided) { _, new in new }
        if let explicit = event.metadata { all.merge(explicit) { _, new in new } }
        if let error = event.error {
            all["error.message"] = "\(error)"
            all["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        let pretty = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "\(timestamp) \(event.level)\(label.isEmpty ? "" : " ")\(label):\(pretty) [\(event.source)] \(event.message)\n"
    }

    /// Local time, `2026-11-23T13:20:01+0000`, as `StreamLogHandler` writes it.
    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        guard localtime_r(&now, &parts) != nil else { return "<unknown>" }
        var buffer = [CChar](repeating: 0, count: 64)
        let n = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: buffer[0 ..< n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
