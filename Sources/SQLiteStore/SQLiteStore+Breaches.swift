import Exposure
import GRDB
import LeakTraceCore

extension SQLiteStore {
    public func breaches() async throws -> [Breach] {
        try await run("list breaches") {
            try await writer.read { db in
                try BreachRow.all().orderedByTitle().fetchAll(db).map(\.breach)
            }
        }
    }

    public func breach(named name: String) async throws -> Breach? {
        try await run("read a breach") {
            try await writer.read { db in
                try BreachRow.filter(BreachRow.Columns.name == name).fetchOne(db)?.breach
            }
        }
    }

    public func breach(id: Int64) async throws -> Breach? {
        try await run("read a breach") {
            try await writer.read { db in
                try BreachRow.fetchOne(db, key: id)?.breach
            }
        }
    }

    public func insertBreach(_ breach: Breach) async throws -> Breach {
        try await run("insert a breach") {
            try await writer.write { db in
                var row = BreachRow(breach)
                // The store assigns ids.
                row.id = nil
                try row.insert(db)
                return row.breach
            }
        }
    }

    public func updateBreach(_ breach: Breach) async throws {
        guard let id = breach.id else {
            throw StoreError(.notFound, "sqlite: cannot update a breach that has no id")
        }
        try await run("update a breach") {
            try await writer.write { db in
                var row = BreachRow(breach)
                row.id = id
                // Every column but `checkpoint`; RecordError.recordNotFound if there is no such id.
                try row.update(db)
            }
        }
    }

    public func deleteBreach(named name: String) async throws -> Bool {
        try await run("delete a breach") {
            try await writer.write { db in
                guard let id = try Int64.fetchOne(db, BreachRow.select(BreachRow.Columns.id).filter(BreachRow.Columns.name == name)) else {
                    return false
                }
                try db.execute(sql: "DELETE FROM index_entry WHERE breach_id = ?", arguments: [id])
                return try BreachRow.deleteOne(db, key: id)
            }
        }
    }
}
