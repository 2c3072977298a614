import Exposure
import LeakTraceCore
import PostgresNIO

/// What is kept of a driver error as a `StoreError`'s cause: codes and schema names only.
///
/// A `PSQLError` carries the query with its bound values and the server's message, whose detail
/// can quote a value (`Key (name)=(...) already exists`); neither may reach a log or an error
/// page (STYLE §4.7), so neither is kept.
public struct PostgresFailure: Error, Sendable, CustomStringConvertible {
    /// The driver's error code (`server`, `connectionError`, ...).
    public var code: String
    /// SQLSTATE, for errors the server sent.
    public var sqlState: String?
    public var table: String?
    public var constraint: String?

    public var description: String {
        var parts = ["PostgreSQL \(code)"]
        if let sqlState { parts.append("SQLSTATE \(sqlState)") }
        if let table { parts.append("table \(table)") }
        if let constraint { parts.append("constraint \(constraint)") }
        return parts.joined(separator: ", ")
    }
}

extension PostgresStore {
    /// Runs one store operation, translating whatever the driver throws into a `StoreError`.
    ///
    /// - Parameters:
    ///   - what: What was being done, for the message (`"write entries"`); never a value.
    ///   - body: The operation.
    func translating<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw PostgresStore.translate(error, what)
        }
    }

    /// A driver error as a `StoreError` (or the error itself if it is already one, or a cancellation).
    static func translate(_ error: any Error, _ what: String) -> any Error {
        switch error {
        case let e as StoreError:
            return e
        case let e as CancellationError:
            return e
        case let e as PostgresTransactionError:
            if let inner = e.closureError ?? e.beginError ?? e.commitError {
                return translate(inner, what)
            }
            return StoreError(.unavailable, "cannot \(what): the transaction failed")
        case let e as PSQLError:
            return translate(e, what)
        case is PostgresDecodingError:
            return StoreError(
                .unavailable,
                "cannot \(what): a column did not have the expected type (is this a LeakTrace database at the expected schema version?)"
            )
        default:
            return StoreError(.unavailable, "cannot \(what): \(type(of: error))")
        }
    }

    private static func translate(_ error: PSQLError, _ what: String) -> StoreError {
        let failure = PostgresFailure(
            code: error.code.description,
            sqlState: error.serverInfo?[.sqlState],
            table: error.serverInfo?[.tableName],
            constraint: error.serverInfo?[.constraintName]
        )
        guard error.code == .server, let state = failure.sqlState else {
            return StoreError(.unavailable, "cannot \(what): PostgreSQL is unreachable or closed the connection (\(failure.code))", cause: failure)
        }
        let message: String
        let code: StoreError.Code
        switch state {
        case "23505":
            (code, message) = (.conflict, "cannot \(what): it already exists (\(failure.constraint ?? "unique constraint"))")
        case let s where s.hasPrefix("23"):
            (code, message) = (.conflict, "cannot \(what): it breaks a constraint (SQLSTATE \(s))")
        case "40001", "40P01":
            (code, message) = (.unavailable, "cannot \(what): a concurrent transaction got in the way (SQLSTATE \(state)); try again")
        case "42P01", "42703":
            (code, message) = (
                .unavailable, "cannot \(what): the schema is missing or older than this program (SQLSTATE \(state)); run the migrations"
            )
        case let s where s.hasPrefix("28"):
            (code, message) = (.unavailable, "cannot \(what): PostgreSQL refused the login (SQLSTATE \(s))")
        case "3D000":
            (code, message) = (.unavailable, "cannot \(what): the database does not exist")
        case let s where s.hasPrefix("08") || s.hasPrefix("57") || s.hasPrefix("53"):
            (code, message) = (.unavailable, "cannot \(what): PostgreSQL is unavailable (SQLSTATE \(s))")
        default:
            (code, message) = (.unavailable, "cannot \(what): PostgreSQL error (SQLSTATE \(state))")
        }
        return StoreError(code, message, cause: failure)
    }
}
