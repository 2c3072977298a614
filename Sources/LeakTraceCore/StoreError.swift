/// Errors of a store adapter, with driver errors translated (STYLE §4.6). Messages never hold a value.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case notFound
        case conflict
        case unavailable
        /// The database was indexed with another key, or is not a LeakTrace database.
        case wrongKey
    }

    public var code: Code
    public var message: String
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { message }
}
