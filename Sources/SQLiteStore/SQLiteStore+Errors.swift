import Exposure
import GRDB
import LeakTraceCore

extension SQLiteStore {
    /// Runs one store call, translating driver errors into `StoreError` (STYLE §4.6).
    func run<T>(_ action: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw Self.translate(error, action)
        }
    }

    /// Synchronous twin of `run`, for the lookup path.
    func runNow<T>(_ action: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw Self.translate(error, action)
        }
    }

    /// The `StoreError` for an error thrown by GRDB. Messages name the action and SQLite's
    /// result code and message (column names at most), never a bound value.
    static func translate(_ error: any Error, _ action: String) -> any Error {
        switch error {
        case is StoreError, is CancellationError:
            return error
        case let e as DatabaseError:
            let code: StoreError.Code
            switch e.resultCode {
            case .SQLITE_CONSTRAINT: code = .conflict
            case .SQLITE_NOTADB: code = .wrongKey
            default: code = .unavailable
            }
            return StoreError(code, "sqlite: cannot \(action): \(e.resultCode) \(e.message ?? "")", cause: e)
        case let e as RecordError:
            return StoreError(.notFound, "sqlite: cannot \(action): no such row", cause: e)
        default:
            return StoreError(.unavailable, "sqlite: cannot \(action)", cause: error)
        }
    }
}
