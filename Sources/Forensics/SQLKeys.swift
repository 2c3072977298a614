/// Finds the record keys a logged SQL statement names: literals compared to a key column with
/// `=` or listed in `IN (...)`, in statements that mention one of the leak's tables; and whether
/// the statement reads the whole table (a `SELECT` or `COPY ... TO` of it with no `WHERE` and no
/// `LIMIT`).
///
/// This is a lexer, not a SQL parser: it does not prove which rows a statement returned (that
/// needs replay against a temporal copy, spec §6.2), only which keys it named literally.
struct SQLKeyExtractor {
    let tables: Set<String>
    let columns: Set<String>

    init(_ spec: LogMapping.SQLSpec) {
        tables = Set(spec.tables.map { $0.lowercased() })
        columns = Set(spec.columns.map { $0.lowercased() })
    }

    struct Result {
        var keys: [String] = []
        var wholeTable = false
        /// The statement mentions a leak table but names no key (a range or a join): its rows are unknown.
        var unresolved = false
        var mentionsTable = false
    }

    enum Token: Equatable {
        case word(String)        // identifier or keyword, lower-cased; quoted identifiers too
        case literal(String)     // string or number
        case parameter(Int)      // $1
        case symbol(UInt8)
    }

    static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        let b = Array(text.utf8)
        var i = 0
        func isIdent(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 95 || c >= 128 }
        while i < b.count {
            let c = b[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1; continue }
            if c == 0x2D, i + 1 < b.count, b[i + 1] == 0x2D { // -- comment
                while i < b.count && b[i] != 0x0A { i += 1 }
                continue
            }
            if c == 0x2F, i + 1 < b.count, b[i + 1] == 0x2A { // /* comment */
                i += 2
                while i + 1 < b.count && !(b[i] == 0x2A && b[i + 1] == 0x2F) { i += 1 }
                i += 2
                continue
            }
            if c == 0x27 { // 'string' with '' escapes
                var out: [UInt8] = []
                i += 1
                while i < b.count {
                    if b[i] == 0x27 {
                        if i + 1 < b.count && b[i + 1] == 0x27 { out.append(0x27); i += 2; continue }
                        i += 1
                        break
                    }
                    if b[i] == 0x5C, i + 1 < b.count { out.append(b[i + 1]); i += 2; continue }
                    out.append(b[i])
                    i += 1
                }
                tokens.append(.literal(String(decoding: out, as: UTF8.self)))
                continue
            }
            if c == 0x22 || c == 0x60 { // "ident" or `ident`
                let close = c
                var out: [UInt8] = []
                i += 1
                while i < b.count && b[i] != close { out.append(b[i]); i += 1 }
                i += 1
                tokens.append(.word(String(decoding: out, as: UTF8.self).lowercased()))
                continue
            }
            if c == 0x24, i + 1 < b.count, b[i + 1] >= 48 && b[i + 1] <= 57 {
                var n = 0
                i += 1
                while i < b.count, b[i] >= 48 && b[i] <= 57 { n = n * 10 + Int(b[i] - 48); i += 1 }
                tokens.append(.parameter(n))
                continue
            }
            if (c >= 48 && c <= 57) || (c == 0x2D && i + 1 < b.count && b[i + 1] >= 48 && b[i + 1] <= 57 && !(tokens.last.map { if case .literal = $0 { true } else if case .word = $0 { true } else { false } } ?? false)) {
                let start = i
                i += 1
                while i < b.count, (b[i] >= 48 && b[i] <= 57) || b[i] == 0x2E { i += 1 }
                tokens.append(.literal(String(decoding: b[start ..< i], as: UTF8.self)))
                continue
            }
            if isIdent(c) {
                let start = i
                while i < b.count && isIdent(b[i]) { i += 1 }
                tokens.append(.word(String(decoding: b[start ..< i], as: UTF8.self).lowercased()))
                continue
            }
            tokens.append(.symbol(c))
            i += 1
        }
        return tokens
    }

    func extract(_ statement: String, parameters: [Int: String] = [:]) -> Result {
        var result = Result()
        let tokens = Self.tokenize(statement)
        guard let first = tokens.first(where: { if case .word = $0 { true } else { false } }), case .word(let verb) = first else { return result }
        // Tables mentioned after FROM / JOIN / COPY / UPDATE (the last part of a qualified name).
        var hasWhere = false
        var hasLimit = false
        var copyTo = false
        for (i, token) in tokens.enumerated() {
            guard case .word(let w) = token else { continue }
            switch w {
            case "where": hasWhere = true
            case "limit", "fetch", "offset": hasLimit = true
            case "to" where verb == "copy": copyTo = true
            case "from", "join", "copy", "update", "table":
                var j = i + 1
                var name: String?
                while j < tokens.count {
                    if case .word(let part) = tokens[j] { name = part } else { break }
                    if j + 1 < tokens.count, tokens[j + 1] == .symbol(0x2E) { j += 2 } else { break }
                }
                if let name, tables.isEmpty || tables.contains(name) { result.mentionsTable = true }
            default: break
            }
        }
        guard result.mentionsTable else { return result }
        func literal(_ t: Token) -> String? {
            switch t {
            case .literal(let v): v
            case .parameter(let n): parameters[n]
            default: nil
            }
        }
        var i = 0
        while i < tokens.count {
            if case .word(let w) = tokens[i], columns.contains(w), !(i + 1 < tokens.count && tokens[i + 1] == .symbol(0x2E)) {
                // col = literal
                if i + 2 < tokens.count, tokens[i + 1] == .symbol(0x3D), let v = literal(tokens[i + 2]) {
                    result.keys.append(v)
                    i += 3
                    continue
                }
                // col IN (literal, ...)
                if i + 2 < tokens.count, tokens[i + 1] == .word("in"), tokens[i + 2] == .symbol(0x28) {
                    var j = i + 3
                    while j < tokens.count {
                        if let v = literal(tokens[j]) { result.keys.append(v) } else if tokens[j] != .symbol(0x2C) { break }
                        j += 1
                    }
                    i = j
                    continue
                }
                // literal = col
                if i >= 2, tokens[i - 1] == .symbol(0x3D), let v = literal(tokens[i - 2]) {
                    result.keys.append(v)
                }
            }
            i += 1
        }
        let reads = verb == "select" || verb == "with" || verb == "table" || (verb == "copy" && copyTo)
        if result.keys.isEmpty && reads {
            if !hasWhere && !hasLimit { result.wholeTable = true } else { result.unresolved = true }
        }
        return result
    }

    /// PostgreSQL's `parameters: $1 = '42', $2 = NULL` (the detail of an `execute` line).
    static func parameters(fromDetail detail: String) -> [Int: String] {
        guard detail.hasPrefix("parameters:") else { return [:] }
        var out: [Int: String] = [:]
        let tokens = tokenize(String(detail.dropFirst("parameters:".count)))
        var i = 0
        while i + 2 < tokens.count {
            if case .parameter(let n) = tokens[i], tokens[i + 1] == .symbol(0x3D), case .literal(let v) = tokens[i + 2] {
                out[n] = v
                i += 3
            } else {
                i += 1
            }
        }
        return out
    }
}
