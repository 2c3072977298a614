/// Where in an input a problem was found: file, container entry, line and byte offset.
///
/// Positions are 1-based lines and 0-based byte offsets into the decoded file (for a container
/// entry, into the entry's bytes).
public struct InputLocation: Sendable, Equatable, Codable, CustomStringConvertible {
    public var file: String
    public var entry: String?
    public var line: Int?
    public var byteOffset: Int?

    public init(file: String, entry: String? = nil, line: Int? = nil, byteOffset: Int? = nil) {
        self.file = file
        self.entry = entry
        self.line = line
        self.byteOffset = byteOffset
    }

    public var description: String {
        var text = file
        if let entry { text += "!" + entry }
        if let line { text += ":\(line)" }
        if let byteOffset { text += " (byte \(byteOffset))" }
        return text
    }
}

/// The error shape that crosses module boundaries (NIO's `FileSystemError` shape): a code, a
/// message that never contains a personal value, an optional input location and a cause.
public struct LeakTraceError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable {
        case io
        case emptyInput
        case binaryInput
        case malformedInput
        case limitExceeded
        case unsupportedFormat
        case invalidArgument
        case interrupted
    }

    public var code: Code
    /// What was wrong and what was expected. Must not contain a personal value.
    public var message: String
    public var location: InputLocation?
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, at location: InputLocation? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.cause = cause
    }

    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }
}
