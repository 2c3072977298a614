/// Streaming reader of SQL dumps: MySQL/MariaDB `mysqldump` and PostgreSQL `pg_dump` (plain format).
///
/// The same chunk contract as ``CSVParser``: `parse` turns the complete rows at the front of a
/// buffer into records and reports how many bytes it consumed; a row or statement cut at the end of
/// the buffer is left unconsumed unless `final`. State between calls (inside an INSERT's VALUES,
/// inside COPY data, skipping a statement) is kept here, so an extended INSERT of many megabytes is
/// read row by row and never needs to fit in memory whole. Lines are never relied on, except for
/// COPY data, which is line-based by definition.
///
/// Each row becomes one record whose fields are the row's values in column order, decoded into the
/// batch's own `bytes` (escapes undone, hex literals turned into bytes, `NULL` an empty field).
/// Every batch holds rows of one table only (``RecordBatch/table``, ``RecordBatch/columns``).
struct SQLDumpParser: ChunkParser {
    enum Dialect: Sendable { case mysql, postgres }

    typealias Outcome = ChunkOutcome

    let dialect: Dialect
    let maxRecordBytes: Int
    /// A row with more values than this is a `record-too-wide` warning, the row skipped.
    let maxColumns: Int
    /// Column names per table, from `CREATE TABLE`.
    private(set) var tableColumns: [String: [String]] = [:]

    /// The table (and column list) that the current INSERT or COPY feeds.
    private struct Stream {
        var table = ""
        var columns: [String]?
        var id = 0
    }

    private enum State {
        /// Between statements.
        case top
        /// Inside `INSERT ... VALUES`, before a row tuple.
        case rowStart
        /// Inside `INSERT ... VALUES`, after a row tuple: `,` or `;` comes next.
        case rowEnd
        /// Inside the data of `COPY ... FROM stdin;`, at the start of a line.
        case copyRows
        /// Skipping to the end of the statement (`;` outside quotes and comments).
        case skipStatement(Lexer, line: Int, offset: Int)
        /// Skipping an over-long row tuple, to its closing `)`.
        case skipRow(Lexer)
        /// Skipping an over-long COPY line, to its line end.
        case skipLine
    }

    private var state = State.top
    private var stream = Stream()
    private var batchStreamID = -1
    /// PostgreSQL `standard_conforming_strings` (on unless the dump sets it off).
    private var standardStrings = true
    /// The MySQL client's statement delimiter (`DELIMITER ;;`).
    private var delimiter: [UInt8] = [UInt8(ascii: ";")]

    init(dialect: Dialect, maxRecordBytes: Int, maxColumns: Int = 4096) {
        self.maxColumns = maxColumns
        self.dialect = dialect
        self.maxRecordBytes = maxRecordBytes
    }

    /// Why a unit could not be parsed.
    enum Stop: Error {
        /// The buffer ended first; `expected` says what was still to come.
        case needMore(String)
        /// The bytes at `offset` (in the buffer) are not what the grammar allows.
        case malformed(Int, String)
    }

    // MARK: - Parsing

    /// Parses complete rows from `buf` into `batch`.
    ///
    /// - Parameters:
    ///   - final: the end of the input; anything left unfinished is reported and consumed.
    ///   - baseOffset: file offset of `buf[0]`; firstLine: line number of `buf[0]`.
    ///   - budget: stop once the batch holds this many decoded bytes.
    mutating func parse(_ buf: UnsafeBufferPointer<UInt8>, final: Bool, into batch: inout RecordBatch, baseOffset: Int, firstLine: Int, budget: Int) -> Outcome {
        let n = buf.count
        var lines = LineCounter(buf: buf, line: firstLine)
        var pos = 0
        var warnings: [ReadWarning] = []
        if batch.isEmpty { batchStreamID = -1 }

        func warn(_ kind: String, at i: Int, _ message: String) {
            warnings.append(ReadWarning(kind: kind, line: lines.line(at: i), byteOffset: baseOffset + i, message: message))
        }
        func truncated(at i: Int, _ expected: String) {
            warn("truncated-statement", at: i, "statement cut short: expected \(expected) before the end of the file; the complete rows before it were kept")
        }
        func malformed(at i: Int, _ expected: String) {
            warn("malformed-statement", at: i, "malformed statement: expected \(expected); skipped to the end of the statement")
        }

        loop: while pos < n {
            switch state {
            case .top:
                var c = Cursor(buf: buf, i: pos, final: final)
                do throws(Stop) {
                    try skipSpaceAndComments(&c)
                } catch {
                    if case .needMore(let expected) = error, final {
                        truncated(at: c.i, expected)
                        pos = n
                    }
                    break loop
                }
                if c.i > pos { pos = c.i; continue loop }
                let start = pos
                do throws(Stop) {
                    try statement(&c)
                    if case .skipStatement(let lexer, 0, 0) = state {
                        state = .skipStatement(lexer, line: lines.line(at: start), offset: baseOffset + start)
                    }
                    // Every statement consumes something; never spin on one byte.
                    pos = c.i > start ? c.i : start + 1
                } catch {
                    switch error {
                    case .needMore(let expected):
                        guard final else { break loop }
                        truncated(at: start, expected)
                        pos = n
                        state = .top
                    case .malformed(let at, let expected):
                        malformed(at: at, expected)
                        state = .skipStatement(Lexer(backslash: backslashStrings), line: lines.line(at: start), offset: baseOffset + start)
                        pos = start
                    }
                }

            case .rowStart:
                if !batch.isEmpty && (batchStreamID != stream.id || batch.bytes.count >= budget) { break loop }
                var c = Cursor(buf: buf, i: pos, final: final)
                var rowStart = pos
                do throws(Stop) {
                    try skipSpaceAndComments(&c)
                    rowStart = c.i
                    guard try c.peek("'(' starting a row of VALUES") == UInt8(ascii: "(") else {
                        throw Stop.malformed(c.i, "'(' starting a row of VALUES")
                    }
                    let bytesBefore = batch.bytes.count
                    do throws(Stop) {
                        try parseRow(&c, into: &batch)
                    } catch {
                        batch.bytes.removeSubrange(bytesBefore...)
                        batch.discardOpenRecord()
                        throw error
                    }
                    if c.i - rowStart > maxRecordBytes {
                        batch.bytes.removeSubrange(bytesBefore...)
                        batch.discardOpenRecord()
                        warn("record-too-long", at: rowStart, "row longer than \(maxRecordBytes) bytes (--max-record-bytes); skipped")
                    } else if batch.openFieldCount > maxColumns {
                        batch.bytes.removeSubrange(bytesBefore...)
                        batch.discardOpenRecord()
                        warn("record-too-wide", at: rowStart, ReadWarning.tooWideMessage(limit: maxColumns))
                    } else {
                        endRecord(&batch, line: lines.line(at: rowStart), offset: baseOffset + rowStart)
                    }
                    pos = c.i
                    state = .rowEnd
                } catch {
                    switch error {
                    case .needMore(let expected):
                        guard final else { break loop }
                        truncated(at: rowStart, expected)
                        pos = n
                        state = .top
                    case .malformed(let at, let expected):
                        malformed(at: at, expected)
                        state = .skipStatement(Lexer(backslash: backslashStrings), line: lines.line(at: rowStart), offset: baseOffset + rowStart)
                        pos = rowStart
                    }
                }

            case .rowEnd:
                var c = Cursor(buf: buf, i: pos, final: final)
                do throws(Stop) {
                    try skipSpaceAndComments(&c)
                    let b = try c.peek("',' or ';' after a row of VALUES")
                    if b == UInt8(ascii: ",") {
                        c.i += 1
                        state = .rowStart
                    } else if b == UInt8(ascii: ";") {
                        c.i += 1
                        state = .top
                    } else if b == delimiter[0], try c.matches(delimiter) {
                        c.i += delimiter.count
                        state = .top
                    } else if let word = try? c.peekWord(), word == "ON" {
                        // ON DUPLICATE KEY UPDATE ... / ON CONFLICT DO NOTHING: no more rows.
                        state = .skipStatement(Lexer(backslash: backslashStrings), line: lines.line(at: c.i), offset: baseOffset + c.i)
                    } else {
                        throw Stop.malformed(c.i, "',' or ';' after a row of VALUES")
                    }
                    pos = c.i
                } catch {
                    switch error {
                    case .needMore(let expected):
                        guard final else { break loop }
                        truncated(at: c.i, expected)
                        pos = n
                        state = .top
                    case .malformed(let at, let expected):
                        malformed(at: at, expected)
                        state = .skipStatement(Lexer(backslash: backslashStrings), line: lines.line(at: at), offset: baseOffset + at)
                        pos = at
                    }
                }

            case .copyRows:
                if !batch.isEmpty && (batchStreamID != stream.id || batch.bytes.count >= budget) { break loop }
                var end = pos
                while end < n && buf[end] != 0x0A { end += 1 }
                if end >= n && !final { break loop }
                var lineEnd = end
                if lineEnd > pos && buf[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let isTerminator = lineEnd - pos == 2 && buf[pos] == UInt8(ascii: "\\") && buf[pos + 1] == UInt8(ascii: ".")
                if isTerminator {
                    state = .top
                    pos = min(end + 1, n)
                    continue loop
                }
                if end >= n {
                    // The last line has no line end: it may be cut mid-row.
                    truncated(at: pos, "the rest of the COPY row, its line end and '\\.' ending the COPY data")
                    pos = n
                    state = .top
                    break loop
                }
                if lineEnd - pos > maxRecordBytes {
                    warn("record-too-long", at: pos, "row longer than \(maxRecordBytes) bytes (--max-record-bytes); skipped")
                } else {
                    let bytesBefore = batch.bytes.count
                    parseCopyLine(UnsafeBufferPointer(rebasing: buf[pos ..< lineEnd]), into: &batch)
                    if batch.openFieldCount > maxColumns {
                        batch.bytes.removeSubrange(bytesBefore...)
                        batch.discardOpenRecord()
                        warn("record-too-wide", at: pos, ReadWarning.tooWideMessage(limit: maxColumns))
                    } else {
                        endRecord(&batch, line: lines.line(at: pos), offset: baseOffset + pos)
                    }
                }
                pos = end + 1

            case .skipStatement(var lexer, let line, let offset):
                let (to, done) = lexer.scan(buf, from: pos, final: final, dialect: dialect, stopAtRowEnd: false, delimiter: delimiter)
                pos = to
                if done {
                    state = .top
                } else if final && to >= n {
                    warnings.append(ReadWarning(kind: "truncated-statement", line: line, byteOffset: offset, message: "statement cut short: expected ';' ending the statement before the end of the file; the complete rows before it were kept"))
                    state = .top
                } else {
                    state = .skipStatement(lexer, line: line, offset: offset)
                    break loop
                }

            case .skipRow(var lexer):
                let (to, done) = lexer.scan(buf, from: pos, final: final, dialect: dialect, stopAtRowEnd: true, delimiter: delimiter)
                pos = to
                if done {
                    state = .rowEnd
                } else if final && to >= n {
                    truncated(at: to, "')' closing the row")
                    state = .top
                } else {
                    state = .skipRow(lexer)
                    break loop
                }

            case .skipLine:
                var end = pos
                while end < n && buf[end] != 0x0A { end += 1 }
                if end < n {
                    pos = end + 1
                    state = .copyRows
                } else {
                    pos = n
                    if final {
                        truncated(at: n, "'\\.' ending the COPY data")
                        state = .top
                    }
                    break loop
                }
            }
        }
        if final && pos >= n {
            if case .copyRows = state {
                truncated(at: n, "'\\.' ending the COPY data")
                state = .top
            } else if case .rowEnd = state {
                truncated(at: n, "',' or ';' after a row of VALUES")
                state = .top
            } else if case .rowStart = state {
                truncated(at: n, "'(' starting a row of VALUES")
                state = .top
            }
        }
        return Outcome(consumed: pos, linesConsumed: lines.line(at: pos) - firstLine, warnings: warnings)
    }

    /// Called when no unit fits in a buffer of `maxRecordBytes`: skip the unit being read, in a
    /// streaming way, and say so. `line` and `offset` are where the unit starts.
    mutating func skipOversizedUnit(line: Int, offset: Int) -> ReadWarning? {
        switch state {
        case .rowStart:
            state = .skipRow(Lexer(backslash: backslashStrings))
            return ReadWarning(kind: "record-too-long", line: line, byteOffset: offset, message: "row longer than \(maxRecordBytes) bytes (--max-record-bytes); skipped")
        case .copyRows:
            state = .skipLine
            return ReadWarning(kind: "record-too-long", line: line, byteOffset: offset, message: "row longer than \(maxRecordBytes) bytes (--max-record-bytes); skipped")
        default:
            state = .skipStatement(Lexer(backslash: backslashStrings), line: line, offset: offset)
            return ReadWarning(kind: "record-too-long", line: line, byteOffset: offset, message: "statement longer than \(maxRecordBytes) bytes (--max-record-bytes); skipped to its end")
        }
    }

    private var backslashStrings: Bool { dialect == .mysql || !standardStrings }

    private mutating func endRecord(_ batch: inout RecordBatch, line: Int, offset: Int) {
        if batch.isEmpty {
            batch.table = stream.table
            batch.columns = stream.columns
            batchStreamID = stream.id
        }
        batch.endRecord(line: line, offset: offset)
    }

    private mutating func setStream(table: String, columns: [String]?) {
        let resolved = columns ?? tableColumns[table] ?? tableColumns[table.split(separator: ".").last.map(String.init) ?? table]
        if stream.table != table || stream.columns != resolved {
            stream = Stream(table: table, columns: resolved, id: stream.id + 1)
        }
    }

    // MARK: - Statements

    /// Reads one statement at the cursor (after white space and comments) and sets the next state.
    private mutating func statement(_ c: inout Cursor) throws(Stop) {
        let b = try c.peek("a statement")
        if b == UInt8(ascii: ";") {
            c.i += 1
            return
        }
        if b == delimiter[0], delimiter.count > 1, try c.matches(delimiter) {
            c.i += delimiter.count
            return
        }
        if b == UInt8(ascii: "\\") {
            // psql meta-command (\connect, \restrict ...): one line.
            try c.skipLine("a line end after a psql meta-command")
            return
        }
        guard isWordByte(b) else {
            state = .skipStatement(Lexer(backslash: backslashStrings), line: 0, offset: 0)
            return try skipStatementNow(&c)
        }
        let start = c.i
        let word = try c.readWord()
        switch word {
        case "INSERT", "REPLACE":
            try insertHeader(&c, start: start)
        case "COPY":
            try copyHeader(&c, start: start)
        case "CREATE":
            try create(&c, start: start)
        case "SET" where dialect == .postgres:
            let end = try statementEnd(c, "';' ending the SET statement")
            let text = String(decoding: UnsafeBufferPointer(rebasing: c.buf[c.i ..< end]), as: UTF8.self).lowercased()
            if text.contains("standard_conforming_strings") {
                if text.contains("off") || text.contains("false") { standardStrings = false }
                else if text.contains("on") || text.contains("true") { standardStrings = true }
            }
            c.i = end
        case "DELIMITER" where dialect == .mysql:
            let lineStart = c.i
            try c.skipLine("a line end after DELIMITER")
            var text = Array(c.buf[lineStart ..< c.i])
            while let last = text.last, last == 0x0A || last == 0x0D || last == 0x20 || last == 0x09 { text.removeLast() }
            while let first = text.first, first == 0x20 || first == 0x09 { text.removeFirst() }
            if !text.isEmpty { delimiter = text }
        default:
            try skipStatementNow(&c)
        }
    }

    /// Starts skipping the current statement (streaming); the cursor is consumed as far as scanned.
    private mutating func skipStatementNow(_ c: inout Cursor) throws(Stop) {
        var lexer = Lexer(backslash: backslashStrings)
        let (to, done) = lexer.scan(c.buf, from: c.i, final: c.final, dialect: dialect, stopAtRowEnd: false, delimiter: delimiter)
        if done {
            c.i = to
            state = .top
            return
        }
        if c.final && to >= c.buf.count {
            throw Stop.needMore("';' ending the statement")
        }
        // Go on skipping in the next buffer; the statement's start is not kept for a warning.
        c.i = to
        state = .skipStatement(lexer, line: 0, offset: 0)
    }

    /// Offset just past the end of the statement starting at the cursor.
    private func statementEnd(_ c: Cursor, _ expected: String) throws(Stop) -> Int {
        var lexer = Lexer(backslash: backslashStrings)
        let (to, done) = lexer.scan(c.buf, from: c.i, final: c.final, dialect: dialect, stopAtRowEnd: false, delimiter: delimiter)
        guard done else { throw Stop.needMore(expected) }
        return to
    }

    /// `INSERT [modifiers] [INTO] name [(columns)] [OVERRIDING ... VALUE] VALUES` (the keyword read).
    private mutating func insertHeader(_ c: inout Cursor, start: Int) throws(Stop) {
        try skipSpaceAndComments(&c)
        var name: String?
        while name == nil {
            try skipSpaceAndComments(&c)
            let b = try c.peek("the table name of an INSERT")
            if isWordByte(b) {
                let save = c.i
                let word = try c.readWord()
                if ["LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE", "INTO"].contains(word) { continue }
                c.i = save
            }
            name = try readName(&c)
        }
        try skipSpaceAndComments(&c)
        var columns: [String]?
        if try c.peek("VALUES after the table name of an INSERT") == UInt8(ascii: "(") {
            // A column list, unless this is INSERT ... (SELECT ...).
            let save = c.i
            c.i += 1
            try skipSpaceAndComments(&c)
            if let word = try? c.peekWord(), word == "SELECT" || word == "WITH" {
                c.i = save
            } else {
                c.i = save
                columns = try readColumnList(&c)
                try skipSpaceAndComments(&c)
            }
        }
        // Where the word starts in the raw bytes: its decoded, upper-cased text can differ in length.
        var wordStart = c.i
        var word = isWordByte(try c.peek("VALUES after the table name of an INSERT")) ? try c.readWord() : ""
        if word == "OVERRIDING" {
            // OVERRIDING SYSTEM VALUE / OVERRIDING USER VALUE
            for _ in 0 ..< 2 {
                try skipSpaceAndComments(&c)
                _ = try c.readWord()
            }
            try skipSpaceAndComments(&c)
            wordStart = c.i
            word = isWordByte(try c.peek("VALUES after OVERRIDING ... VALUE")) ? try c.readWord() : ""
        }
        if c.i >= c.buf.count { throw Stop.needMore("VALUES after the table name of an INSERT") }
        switch word {
        case "VALUES", "VALUE":
            setStream(table: name ?? "", columns: columns)
            state = .rowStart
        case "SELECT", "SET", "DEFAULT", "WITH", "TABLE", "":
            // No literal rows to read (INSERT ... SELECT, MySQL INSERT ... SET, DEFAULT VALUES).
            if word.isEmpty && c.peekByte != UInt8(ascii: "(") {
                throw Stop.malformed(c.i, "VALUES after the table name of an INSERT")
            }
            try skipStatementNow(&c)
        default:
            throw Stop.malformed(wordStart, "VALUES after the table name of an INSERT")
        }
    }

    /// `COPY name [(columns)] FROM stdin;` then the data lines.
    private mutating func copyHeader(_ c: inout Cursor, start: Int) throws(Stop) {
        try skipSpaceAndComments(&c)
        if try c.peek("the table name of a COPY") == UInt8(ascii: "(") {
            try skipStatementNow(&c)  // COPY (SELECT ...) TO ...
            return
        }
        let name = try readName(&c)
        try skipSpaceAndComments(&c)
        var columns: [String]?
        if try c.peek("FROM stdin after the table name of a COPY") == UInt8(ascii: "(") {
            columns = try readColumnList(&c)
            try skipSpaceAndComments(&c)
        }
        let from = isWordByte(try c.peek("FROM stdin after the table name of a COPY")) ? try c.readWord() : ""
        guard from == "FROM" else {
            try skipStatementNow(&c)  // COPY ... TO stdout: no rows here
            return
        }
        try skipSpaceAndComments(&c)
        let source = isWordByte(try c.peek("stdin after COPY ... FROM")) ? try c.readWord() : ""
        guard source == "STDIN" else {
            try skipStatementNow(&c)  // COPY ... FROM 'file': the rows are not in the dump
            return
        }
        c.i = try statementEnd(c, "';' ending the COPY statement")
        // The data start on the next line.
        try c.skipLine("a line end after COPY ... FROM stdin;")
        setStream(table: name, columns: columns)
        state = .copyRows
    }

    private static let constraintWords: Set<String> = [
        "CONSTRAINT", "PRIMARY", "KEY", "UNIQUE", "INDEX", "FOREIGN", "CHECK", "FULLTEXT", "SPATIAL",
        "EXCLUDE", "LIKE", "PERIOD",
    ]

    /// `CREATE ... TABLE [IF NOT EXISTS] name ( column definitions ... ) ...;` — records the column
    /// names; any other CREATE is skipped.
    private mutating func create(_ c: inout Cursor, start: Int) throws(Stop) {
        let end = try statementEnd(c, "';' ending the CREATE statement")
        var isTable = false
        while true {
            try skipSpaceAndComments(&c)
            guard c.i < end, isWordByte(c.buf[c.i]) else { break }
            let word = try c.readWord()
            if word == "TABLE" { isTable = true; break }
            if !["OR", "REPLACE", "GLOBAL", "LOCAL", "TEMPORARY", "TEMP", "UNLOGGED"].contains(word) { break }
        }
        guard isTable else { c.i = end; return }
        try skipSpaceAndComments(&c)
        let save = c.i
        if (try? c.readWord()) == "IF" {
            try skipSpaceAndComments(&c)
            _ = try c.readWord()  // NOT
            try skipSpaceAndComments(&c)
            _ = try c.readWord()  // EXISTS
            try skipSpaceAndComments(&c)
        } else {
            c.i = save
        }
        let name = try readName(&c)
        try skipSpaceAndComments(&c)
        guard c.i < end, c.buf[c.i] == UInt8(ascii: "(") else { c.i = end; return }
        c.i += 1
        var columns: [String] = []
        while c.i < end {
            try skipSpaceAndComments(&c)
            guard c.i < end else { break }
            let b = c.buf[c.i]
            if b == UInt8(ascii: ")") { break }
            if b == UInt8(ascii: "`") || b == UInt8(ascii: "\"") {
                columns.append(try readIdentifier(&c))
            } else if isWordByte(b) {
                let wordStart = c.i
                let word = try c.readWord()
                if !SQLDumpParser.constraintWords.contains(word) {
                    c.i = wordStart
                    columns.append(try readIdentifier(&c))
                }
            }
            // The rest of the element, to a `,` or `)` at this level.
            var depth = 0
            while c.i < end {
                let x = c.buf[c.i]
                if let past = stepOverQuoteOrComment(c.buf, at: c.i, limit: end) {
                    c.i = past
                    continue
                }
                if x == UInt8(ascii: "(") { depth += 1 }
                if x == UInt8(ascii: ")") {
                    if depth == 0 { break }
                    depth -= 1
                }
                if x == UInt8(ascii: ","), depth == 0 { c.i += 1; break }
                c.i += 1
            }
        }
        if !columns.isEmpty { tableColumns[name] = columns }
        c.i = end
    }

    // MARK: - Names

    /// A possibly qualified name (`public.t`, `` `db`.`t` ``) as its unquoted parts joined by `.`.
    private func readName(_ c: inout Cursor) throws(Stop) -> String {
        var parts = [try readIdentifier(&c)]
        while try c.peekOptional() == UInt8(ascii: ".") {
            c.i += 1
            parts.append(try readIdentifier(&c))
        }
        return parts.joined(separator: ".")
    }

    /// One identifier: `` `quoted` `` (MySQL), `"quoted"`, or a bare word (PostgreSQL folds it to
    /// lower case).
    private func readIdentifier(_ c: inout Cursor) throws(Stop) -> String {
        let b = try c.peek("a name")
        if b == UInt8(ascii: "`") || b == UInt8(ascii: "\"") {
            c.i += 1
            var out: [UInt8] = []
            while true {
                let x = try c.peek("a closing \(b == 0x60 ? "`" : "\"") of a quoted name")
                if x == b {
                    if c.i + 1 >= c.buf.count && !c.final { throw Stop.needMore("the end of a quoted name") }
                    if c.i + 1 < c.buf.count && c.buf[c.i + 1] == b {
                        out.append(b)
                        c.i += 2
                        continue
                    }
                    c.i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                out.append(x)
                c.i += 1
            }
        }
        guard isWordByte(b) else { throw Stop.malformed(c.i, "a table or column name") }
        let start = c.i
        while true {
            guard c.i < c.buf.count else {
                if c.final { break }
                throw Stop.needMore("the end of a name")
            }
            guard isWordByte(c.buf[c.i]) else { break }
            c.i += 1
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: c.buf[start ..< c.i]), as: UTF8.self)
        return dialect == .postgres ? text.lowercased() : text
    }

    /// `(a, b, "c")` at the cursor.
    private func readColumnList(_ c: inout Cursor) throws(Stop) -> [String] {
        c.i += 1
        var names: [String] = []
        while true {
            try skipSpaceAndComments(&c)
            if try c.peek("a column name") == UInt8(ascii: ")") && names.isEmpty { c.i += 1; return names }
            names.append(try readIdentifier(&c))
            try skipSpaceAndComments(&c)
            let b = try c.peek("',' or ')' in a column list")
            c.i += 1
            if b == UInt8(ascii: ")") { return names }
            guard b == UInt8(ascii: ",") else { throw Stop.malformed(c.i - 1, "',' or ')' in a column list") }
        }
    }

    // MARK: - Rows

    /// A `( value, ... )` tuple at the cursor, its values appended to `batch` as one open record.
    private func parseRow(_ c: inout Cursor, into batch: inout RecordBatch) throws(Stop) {
        c.i += 1
        try skipSpaceAndComments(&c)
        if try c.peek("')' closing the row") == UInt8(ascii: ")") {
            c.i += 1
            return
        }
        while true {
            try skipSpaceAndComments(&c)
            let start = batch.bytes.count
            try parseValue(&c, into: &batch.bytes)
            batch.appendField(start: start, length: batch.bytes.count - start, flags: 0)
            try skipSpaceAndComments(&c)
            let b = try c.peek("')' closing the row")
            if b == UInt8(ascii: ",") { c.i += 1; continue }
            if b == UInt8(ascii: ")") { c.i += 1; return }
            throw Stop.malformed(c.i, "',' or ')' after a value in a row of VALUES")
        }
    }

    /// One literal: a string (with its dialect's escapes), `_charset'...'`, `E'...'`, `X'...'`,
    /// `0x...`, `NULL` (no bytes), or a bare number / keyword kept as written.
    private func parseValue(_ c: inout Cursor, into out: inout [UInt8]) throws(Stop) {
        let expectedValue = "a value (a quoted string, a number, NULL or a hex literal)"
        let b = try c.peek(expectedValue)
        switch b {
        case UInt8(ascii: "'"):
            try readString(&c, quote: b, backslash: backslashStrings, into: &out)
        case UInt8(ascii: "\"") where dialect == .mysql:
            try readString(&c, quote: b, backslash: true, into: &out)
        case UInt8(ascii: "0") where c.i + 1 < c.buf.count && (c.buf[c.i + 1] == UInt8(ascii: "x") || c.buf[c.i + 1] == UInt8(ascii: "X")):
            c.i += 2
            let start = c.i
            while true {
                guard c.i < c.buf.count else {
                    if c.final { break }
                    throw Stop.needMore("')' closing the row")
                }
                guard hexValue(c.buf[c.i]) != nil else { break }
                c.i += 1
            }
            decodeHex(UnsafeBufferPointer(rebasing: c.buf[start ..< c.i]), into: &out)
        default:
            guard isTokenByte(b) else { throw Stop.malformed(c.i, expectedValue) }
            let start = c.i
            while true {
                guard c.i < c.buf.count else {
                    if c.final { break }
                    throw Stop.needMore("')' closing the row")
                }
                guard isTokenByte(c.buf[c.i]) else { break }
                c.i += 1
            }
            let token = UnsafeBufferPointer(rebasing: c.buf[start ..< c.i])
            let next = c.i < c.buf.count ? c.buf[c.i] : 0
            if next == UInt8(ascii: "'") || (next == 0x20 && token.first == UInt8(ascii: "_")) {
                // A prefixed string: E'..', X'..', B'..', N'..', _charset '..' or _charset 0x..
                var upper = token.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 32 : $0 }
                if token.first == UInt8(ascii: "_") {
                    try skipSpaceAndComments(&c)
                    let q = try c.peek(expectedValue)
                    if q != UInt8(ascii: "'") { return try parseValue(&c, into: &out) }
                    upper = [UInt8(ascii: "_")]
                }
                switch upper {
                case [UInt8(ascii: "E")]:
                    try readString(&c, quote: UInt8(ascii: "'"), backslash: true, into: &out)
                case [UInt8(ascii: "X")]:
                    var raw: [UInt8] = []
                    try readString(&c, quote: UInt8(ascii: "'"), backslash: false, into: &raw)
                    raw.withUnsafeBufferPointer { decodeHex($0, into: &out) }
                case [UInt8(ascii: "_")], [UInt8(ascii: "N")], [UInt8(ascii: "B")], [UInt8(ascii: "U"), UInt8(ascii: "&")]:
                    try readString(&c, quote: UInt8(ascii: "'"), backslash: dialect == .mysql ? true : backslashStrings, into: &out)
                default:
                    throw Stop.malformed(start, expectedValue)
                }
            } else if token.count == 4 && (token[0] | 0x20) == UInt8(ascii: "n") && (token[1] | 0x20) == UInt8(ascii: "u") && (token[2] | 0x20) == UInt8(ascii: "l") && (token[3] | 0x20) == UInt8(ascii: "l") {
                // NULL: an empty field.
            } else {
                out.append(contentsOf: token)
            }
        }
        if dialect == .postgres { try skipCast(&c) }
    }

    /// A PostgreSQL `::type` after a literal (`'NaN'::numeric`, `'{}'::text[]`).
    private func skipCast(_ c: inout Cursor) throws(Stop) {
        guard c.i + 1 < c.buf.count || c.final else { throw Stop.needMore("')' closing the row") }
        guard c.i + 1 < c.buf.count, c.buf[c.i] == UInt8(ascii: ":"), c.buf[c.i + 1] == UInt8(ascii: ":") else { return }
        c.i += 2
        while true {
            let b = try c.peek("')' closing the row")
            if isWordByte(b) || b == 0x20 || b == UInt8(ascii: ".") || b == UInt8(ascii: "[") || b == UInt8(ascii: "]") || b == UInt8(ascii: "\"") {
                c.i += 1
            } else if b == UInt8(ascii: "(") {
                while try c.peek("')' closing a type modifier") != UInt8(ascii: ")") { c.i += 1 }
                c.i += 1
            } else {
                return
            }
        }
    }

    /// A quoted string at the cursor (on the opening quote), decoded into `out`. `quote` doubled is
    /// one quote; with `backslash`, the dialect's backslash escapes are undone.
    private func readString(_ c: inout Cursor, quote: UInt8, backslash: Bool, into out: inout [UInt8]) throws(Stop) {
        let unterminated = quote == UInt8(ascii: "'") ? "a closing quote (') of the string literal" : "a closing quote (\") of the string literal"
        let buf = c.buf
        let n = buf.count
        var i = c.i + 1
        defer { c.i = i }
        while true {
            var run = i
            while run < n {
                let x = buf[run]
                if x == quote || (x == 0x5C && backslash) { break }
                run += 1
            }
            if run > i { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[i ..< run])) }
            i = run
            guard i < n else { throw Stop.needMore(unterminated) }
            if buf[i] == quote {
                if i + 1 < n {
                    if buf[i + 1] == quote {
                        out.append(quote)
                        i += 2
                        continue
                    }
                    i += 1
                    return
                }
                if c.final { i += 1; return }
                throw Stop.needMore(unterminated)
            }
            // A backslash escape.
            guard i + 1 < n else { throw Stop.needMore(unterminated) }
            let e = buf[i + 1]
            i += 2
            if dialect == .mysql {
                switch e {
                case UInt8(ascii: "0"): out.append(0)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "Z"): out.append(0x1A)
                case UInt8(ascii: "%"), UInt8(ascii: "_"): out.append(0x5C); out.append(e)  // kept as written by MySQL
                default: out.append(e)  // \' \" \\ and any other character stand for themselves
                }
            } else {
                switch e {
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "0") ... UInt8(ascii: "7"):
                    var value = Int(e - 0x30)
                    var digits = 1
                    while digits < 3 {
                        guard i < n else { throw Stop.needMore(unterminated) }
                        guard buf[i] >= 0x30 && buf[i] <= 0x37 else { break }
                        value = value * 8 + Int(buf[i] - 0x30)
                        i += 1
                        digits += 1
                    }
                    out.append(UInt8(truncatingIfNeeded: value))
                case UInt8(ascii: "x"):
                    var value = 0
                    var digits = 0
                    while digits < 2 {
                        guard i < n else { throw Stop.needMore(unterminated) }
                        guard let h = hexValue(buf[i]) else { break }
                        value = value * 16 + Int(h)
                        i += 1
                        digits += 1
                    }
                    if digits == 0 { out.append(e) } else { out.append(UInt8(value)) }
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let count = e == UInt8(ascii: "u") ? 4 : 8
                    guard i + count <= n else { throw Stop.needMore(unterminated) }
                    var value: UInt32 = 0
                    var ok = true
                    for k in 0 ..< count {
                        guard let h = hexValue(buf[i + k]) else { ok = false; break }
                        value = value << 4 | UInt32(h)
                    }
                    if ok {
                        i += count
                        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                        out.append(contentsOf: String(Character(scalar)).utf8)
                    } else {
                        out.append(e)
                    }
                default: out.append(e)
                }
            }
        }
    }

    /// One COPY text-format line (no line end) as one open record: tab-separated fields, `\N` NULL,
    /// backslash escapes undone.
    private func parseCopyLine(_ line: UnsafeBufferPointer<UInt8>, into batch: inout RecordBatch) {
        let n = line.count
        var i = 0
        while true {
            let fieldStart = i
            let start = batch.bytes.count
            while i < n && line[i] != 0x09 {
                let b = line[i]
                if b != 0x5C {
                    // Copy a plain run at once.
                    var run = i + 1
                    while run < n && line[run] != 0x09 && line[run] != 0x5C { run += 1 }
                    batch.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: line[i ..< run]))
                    i = run
                    continue
                }
                guard i + 1 < n else {
                    batch.bytes.append(b)
                    i += 1
                    break
                }
                let e = line[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "b"): batch.bytes.append(0x08)
                case UInt8(ascii: "f"): batch.bytes.append(0x0C)
                case UInt8(ascii: "n"): batch.bytes.append(0x0A)
                case UInt8(ascii: "r"): batch.bytes.append(0x0D)
                case UInt8(ascii: "t"): batch.bytes.append(0x09)
                case UInt8(ascii: "v"): batch.bytes.append(0x0B)
                case UInt8(ascii: "N") where i - 2 == fieldStart && (i == n || line[i] == 0x09):
                    break  // NULL: an empty field
                case UInt8(ascii: "0") ... UInt8(ascii: "7"):
                    var value = Int(e - 0x30)
                    var digits = 1
                    while digits < 3 && i < n && line[i] >= 0x30 && line[i] <= 0x37 {
                        value = value * 8 + Int(line[i] - 0x30)
                        i += 1
                        digits += 1
                    }
                    batch.bytes.append(UInt8(truncatingIfNeeded: value))
                case UInt8(ascii: "x"):
                    var value = 0
                    var digits = 0
                    while digits < 2 && i < n, let h = hexValue(line[i]) {
                        value = value * 16 + Int(h)
                        i += 1
                        digits += 1
                    }
                    if digits == 0 { batch.bytes.append(e) } else { batch.bytes.append(UInt8(value)) }
                default:
                    batch.bytes.append(e)
                }
            }
            batch.appendField(start: start, length: batch.bytes.count - start, flags: 0)
            if i < n && line[i] == 0x09 {
                i += 1
                continue
            }
            break
        }
    }

    /// Past a quoted run or comment starting at `at` (a whole statement ends at `limit`), or nil.
    private func stepOverQuoteOrComment(_ buf: UnsafeBufferPointer<UInt8>, at: Int, limit: Int) -> Int? {
        let b = buf[at]
        let next: UInt8 = at + 1 < limit ? buf[at + 1] : 0
        var i = at + 1
        switch b {
        case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"):
            let escapes = b != UInt8(ascii: "`") && (dialect == .mysql || (b == UInt8(ascii: "'") && !standardStrings))
            while i < limit {
                if escapes && buf[i] == 0x5C { i += 2; continue }
                if buf[i] == b { return i + 1 }
                i += 1
            }
            return limit
        case UInt8(ascii: "-") where next == UInt8(ascii: "-"), UInt8(ascii: "#") where dialect == .mysql:
            while i < limit && buf[i] != 0x0A { i += 1 }
            return min(i + 1, limit)
        case UInt8(ascii: "/") where next == UInt8(ascii: "*"):
            i += 1
            while i + 1 < limit && !(buf[i] == UInt8(ascii: "*") && buf[i + 1] == UInt8(ascii: "/")) { i += 1 }
            return min(i + 2, limit)
        case UInt8(ascii: "$") where dialect == .postgres:
            while i < limit && isWordByte(buf[i]) && buf[i] != UInt8(ascii: "$") { i += 1 }
            guard i < limit && buf[i] == UInt8(ascii: "$") else { return nil }
            let tag = Array(buf[at ... i])
            i += 1
            while i + tag.count <= limit {
                if buf[i] == UInt8(ascii: "$") && Array(buf[i ..< i + tag.count]) == tag { return i + tag.count }
                i += 1
            }
            return limit
        default:
            return nil
        }
    }

    // MARK: - White space and comments

    /// Skips white space, `-- ...` and (MySQL) `# ...` line comments and `/* ... */` comments,
    /// including MySQL's executable `/*!40101 ... */` ones.
    private func skipSpaceAndComments(_ c: inout Cursor) throws(Stop) {
        let buf = c.buf
        let n = buf.count
        while c.i < n {
            let b = buf[c.i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C {
                c.i += 1
                continue
            }
            if b == UInt8(ascii: "-") || b == UInt8(ascii: "/") {
                guard c.i + 1 < n else {
                    if c.final { return }
                    throw Stop.needMore("the rest of the statement")
                }
                let next = buf[c.i + 1]
                if b == UInt8(ascii: "-") && next == UInt8(ascii: "-") {
                    var j = c.i + 2
                    while j < n && buf[j] != 0x0A { j += 1 }
                    if j >= n && !c.final { throw Stop.needMore("the end of a comment") }
                    c.i = min(j + 1, n)
                    continue
                }
                if b == UInt8(ascii: "/") && next == UInt8(ascii: "*") {
                    var j = c.i + 2
                    while j + 1 < n && !(buf[j] == UInt8(ascii: "*") && buf[j + 1] == UInt8(ascii: "/")) { j += 1 }
                    guard j + 1 < n else { throw Stop.needMore("'*/' closing a comment") }
                    c.i = j + 2
                    continue
                }
                return
            }
            if b == UInt8(ascii: "#") && dialect == .mysql {
                var j = c.i + 1
                while j < n && buf[j] != 0x0A { j += 1 }
                if j >= n && !c.final { throw Stop.needMore("the end of a comment") }
                c.i = min(j + 1, n)
                continue
            }
            return
        }
        if !c.final { throw Stop.needMore("the rest of the statement") }
    }
}

// MARK: - Helpers

@inline(__always)
private func isWordByte(_ b: UInt8) -> Bool {
    (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x24 || b >= 0x80
}

/// Bytes of a bare literal: numbers (`-1.5e+3`), keywords (`NULL`, `true`), prefixes (`_binary`).
@inline(__always)
private func isTokenByte(_ b: UInt8) -> Bool {
    isWordByte(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: "&")
}

@inline(__always)
private func hexValue(_ b: UInt8) -> UInt8? {
    switch b {
    case 0x30 ... 0x39: return b - 0x30
    case 0x41 ... 0x46: return b - 0x41 + 10
    case 0x61 ... 0x66: return b - 0x61 + 10
    default: return nil
    }
}

/// Hex digits to bytes; an odd count has an implied leading zero (MySQL's `0xABC` is `0x0ABC`).
private func decodeHex(_ digits: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    var i = 0
    if digits.count % 2 == 1 {
        out.append(hexValue(digits[0]) ?? 0)
        i = 1
    }
    while i + 1 < digits.count {
        out.append((hexValue(digits[i]) ?? 0) << 4 | (hexValue(digits[i + 1]) ?? 0))
        i += 2
    }
}

/// Line numbers of buffer positions, counted forward as positions are asked for.
private struct LineCounter {
    let buf: UnsafeBufferPointer<UInt8>
    let firstLine: Int
    var pos = 0
    var line: Int

    init(buf: UnsafeBufferPointer<UInt8>, line: Int) {
        self.buf = buf
        self.firstLine = line
        self.line = line
    }

    mutating func line(at i: Int) -> Int {
        let target = max(0, min(i, buf.count))
        if target < pos {
            pos = 0
            line = firstLine
        }
        var k = pos
        var l = line
        while k < target {
            if buf[k] == 0x0A { l += 1 }
            k += 1
        }
        pos = target
        line = l
        return l
    }
}

/// A read position in one buffer for the units that must be whole in it.
private struct Cursor {
    let buf: UnsafeBufferPointer<UInt8>
    var i: Int
    let final: Bool

    var peekByte: UInt8 { i < buf.count ? buf[i] : 0 }

    /// The byte at the cursor; at the end of the buffer, more is needed (`expected`).
    func peek(_ expected: String) throws(SQLDumpParser.Stop) -> UInt8 {
        guard i < buf.count else { throw SQLDumpParser.Stop.needMore(expected) }
        return buf[i]
    }

    /// The byte at the cursor, nil at the end of the input, or more needed.
    func peekOptional() throws(SQLDumpParser.Stop) -> UInt8? {
        if i < buf.count { return buf[i] }
        if final { return nil }
        throw SQLDumpParser.Stop.needMore("the rest of the statement")
    }

    /// A bare word at the cursor, upper-cased.
    mutating func readWord() throws(SQLDumpParser.Stop) -> String {
        let start = i
        while true {
            guard i < buf.count else {
                if final { break }
                throw SQLDumpParser.Stop.needMore("the rest of the statement")
            }
            guard isWordByte(buf[i]) else { break }
            i += 1
        }
        return String(decoding: UnsafeBufferPointer(rebasing: buf[start ..< i]), as: UTF8.self).uppercased()
    }

    func peekWord() throws(SQLDumpParser.Stop) -> String {
        var copy = self
        return try copy.readWord()
    }

    func matches(_ bytes: [UInt8]) throws(SQLDumpParser.Stop) -> Bool {
        guard i + bytes.count <= buf.count else {
            if final { return false }
            throw SQLDumpParser.Stop.needMore("the end of the statement")
        }
        for k in 0 ..< bytes.count where buf[i + k] != bytes[k] { return false }
        return true
    }

    /// Past the next line end.
    mutating func skipLine(_ expected: String) throws(SQLDumpParser.Stop) {
        var j = i
        while j < buf.count && buf[j] != 0x0A { j += 1 }
        if j >= buf.count {
            if !final { throw SQLDumpParser.Stop.needMore(expected) }
            i = buf.count
            return
        }
        i = j + 1
    }
}

/// A resumable scan to the end of a statement (the delimiter outside quotes and comments) or of a
/// row tuple (its closing parenthesis), for skipping in constant memory.
struct Lexer {
    enum Mode { case normal, single, double, backtick, lineComment, blockComment, dollar }
    var mode = Mode.normal
    /// Single-quoted strings take backslash escapes (MySQL; PostgreSQL without standard strings).
    let backslash: Bool
    var stringBackslash = false
    var escaped = false
    var depth = 0
    var tag: [UInt8] = []
    var prev: UInt8 = 0x20
    var prev2: UInt8 = 0x20

    init(backslash: Bool) {
        self.backslash = backslash
    }

    /// Scans from `from`; returns the position reached and whether the end was found (the position
    /// is then just past it). Without `final`, stops before bytes whose meaning needs the next ones.
    mutating func scan(_ buf: UnsafeBufferPointer<UInt8>, from: Int, final: Bool, dialect: SQLDumpParser.Dialect, stopAtRowEnd: Bool, delimiter: [UInt8]) -> (Int, Bool) {
        let n = buf.count
        var i = from
        while i < n {
            let b = buf[i]
            switch mode {
            case .normal:
                if stopAtRowEnd {
                    if b == UInt8(ascii: "(") { depth += 1 }
                    if b == UInt8(ascii: ")") {
                        depth -= 1
                        if depth <= 0 { return (i + 1, true) }
                    }
                } else if b == delimiter[0] {
                    if delimiter.count == 1 { return (i + 1, true) }
                    if i + delimiter.count <= n {
                        if Array(buf[i ..< i + delimiter.count]) == delimiter { return (i + delimiter.count, true) }
                    } else if !final {
                        return (i, false)
                    }
                }
                switch b {
                case UInt8(ascii: "'"):
                    mode = .single
                    let prefixE = (prev | 0x20) == UInt8(ascii: "e") && !isWordByte(prev2)
                    stringBackslash = backslash || (dialect == .postgres && prefixE)
                case UInt8(ascii: "\""):
                    mode = .double
                    stringBackslash = dialect == .mysql
                case UInt8(ascii: "`") where dialect == .mysql:
                    mode = .backtick
                case UInt8(ascii: "#") where dialect == .mysql:
                    mode = .lineComment
                case UInt8(ascii: "-"), UInt8(ascii: "/"):
                    guard i + 1 < n else {
                        if !final { return (i, false) }
                        break
                    }
                    if b == UInt8(ascii: "-") && buf[i + 1] == UInt8(ascii: "-") { mode = .lineComment; i += 1 }
                    if b == UInt8(ascii: "/") && buf[i + 1] == UInt8(ascii: "*") { mode = .blockComment; i += 1 }
                case UInt8(ascii: "$") where dialect == .postgres && !isWordByte(prev):
                    var j = i + 1
                    while j < n && j - i < 64 && isWordByte(buf[j]) && buf[j] != UInt8(ascii: "$") { j += 1 }
                    if j >= n {
                        if !final { return (i, false) }
                    } else if buf[j] == UInt8(ascii: "$") {
                        tag = Array(buf[i ... j])
                        mode = .dollar
                        i = j
                    }
                default:
                    break
                }
                prev2 = prev
                prev = b
            case .single, .double, .backtick:
                let close: UInt8 = mode == .single ? 0x27 : mode == .double ? 0x22 : 0x60
                if escaped {
                    escaped = false
                } else if b == 0x5C && stringBackslash && mode != .backtick {
                    escaped = true
                } else if b == close {
                    // A doubled quote closes and reopens: the same bytes either way.
                    mode = .normal
                    prev2 = 0x20
                    prev = b
                }
            case .lineComment:
                if b == 0x0A { mode = .normal; prev = 0x20 }
            case .blockComment:
                if b == UInt8(ascii: "*") {
                    guard i + 1 < n else {
                        if !final { return (i, false) }
                        break
                    }
                    if buf[i + 1] == UInt8(ascii: "/") { mode = .normal; prev = 0x20; i += 1 }
                }
            case .dollar:
                if b == UInt8(ascii: "$") {
                    if i + tag.count > n {
                        if !final { return (i, false) }
                    } else if Array(buf[i ..< i + tag.count]) == tag {
                        i += tag.count - 1
                        mode = .normal
                        prev = 0x20
                    }
                }
            }
            i += 1
        }
        return (n, false)
    }
}
