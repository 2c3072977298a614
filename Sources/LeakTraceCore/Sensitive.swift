/// A personal value read from a dump, wrapped so that it cannot reach a log line, an error
/// message or a `description` by accident.
///
/// The value is reachable only through ``value``; string interpolation and `print` show
/// `<redacted>`. Unwrap it only to hash it, mask it, or write it to a file the user asked for.
public struct Sensitive<Value: Sendable>: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: Value

    public init(_ value: Value) {
        self.value = value
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "Sensitive(<redacted>)" }
}

extension Sensitive: Equatable where Value: Equatable {}
extension Sensitive: Hashable where Value: Hashable {}
