/// Errors of the incident service. Messages name ids and fields, never a personal value.
/// `notFound` is also what a person gets for a case they were not given: its existence is not
/// confirmed to them.
public struct CaseError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// No such object, or not visible to this person.
        case notFound
        /// Visible, but the person's role on the case does not allow the action.
        case forbidden
        /// Bad input: the message says which field and what was expected.
        case invalid
        /// A concurrent change won, or the object exists.
        case conflict
        /// Not signed in, or the credentials are wrong.
        case unauthenticated
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
