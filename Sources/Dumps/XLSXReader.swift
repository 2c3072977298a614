import Foundation
import LeakTraceCore

/// Reads an Excel workbook (`.xlsx`, Office Open XML) sheet by sheet, each sheet a table
/// (``RecordBatch/table`` = sheet name, ``RecordBatch/columns`` nil: the scanner finds the header).
///
/// The small parts (`xl/workbook.xml`, its relationships, `xl/styles.xml`) and the shared strings
/// (bounded by ``ReaderOptions/maxSharedStringsBytes``) are read first; each worksheet is then
/// inflated in bounded chunks straight into ``XMLTokenizer`` on a producer thread that hands at most
/// two batches ahead, so a sheet is never held whole. No part may carry a DTD.
///
/// Cells are written as a CSV export of the sheet shows them: shared and inline strings as text,
/// booleans `TRUE`/`FALSE`, numbers as their source text except integral values of up to 15
/// digits, written as integer digits (`9.00101145678E11` → `900101145678`), and numbers in a date
/// style as ISO `YYYY-MM-DD` (1900 system with its 1900-02-29, or `date1904`). `r="C7"` places a
/// cell in its column; missing cells are empty fields.
final class XLSXReader {
    private let place: WorkbookPlace
    private let options: ReaderOptions
    private let channel = BatchChannel()
    private var started = false

    struct Sheet {
        var name: String
        var entry: String
    }

    let sheets: [Sheet]
    private let archive: ZipArchive
    private let sharedStrings: [[UInt8]]
    private let dateStyles: Set<Int>
    private let date1904: Bool

    /// Opens the workbook stored at `path` (reported as `place`); nil when it is not a ZIP
    /// archive holding `xl/workbook.xml`.
    static func open(path: String, place: WorkbookPlace, options: ReaderOptions) throws(LeakTraceError) -> XLSXReader? {
        let location = InputLocation(file: place.file, entry: place.entryPrefix.isEmpty ? nil : String(place.entryPrefix.dropLast()))
        guard let archive = try? ZipArchive(path: path, location: location, maxEntries: options.maxZipEntries),
              archive["xl/workbook.xml"] != nil else { return nil }
        return try XLSXReader(place: place, archive: archive, options: options)
    }

    /// Whether `path` is a zip archive holding `xl/workbook.xml`.
    static func isWorkbook(path: String) -> Bool {
        guard let archive = try? ZipArchive(path: path, location: InputLocation(file: path), maxEntries: .max) else { return false }
        return archive["xl/workbook.xml"] != nil
    }

    /// A ZIP local file header at the start.
    static func looksLikeZip(_ head: [UInt8]) -> Bool {
        head.count >= 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04
    }

    private init(place: WorkbookPlace, archive: ZipArchive, options: ReaderOptions) throws(LeakTraceError) {
        self.place = place
        self.options = options
        self.archive = archive

        // Workbook: sheet names, relationship ids, the date system.
        var sheetRefs: [(name: String, rid: String)] = []
        var is1904 = false
        try XLSXReader.readPart(archive, "xl/workbook.xml", place: place, kind: "workbook part", options: options) { event in
            guard case .start(let name, let attributes, _) = event else { return }
            if name == "workbookPr" {
                let flag = attributes.first { $0.name == "date1904" }?.value
                is1904 = flag == "1" || flag == "true"
            } else if name == "sheet" {
                let sheetName = attributes.first { $0.name == "name" }?.value ?? "Sheet\(sheetRefs.count + 1)"
                let rid = attributes.first { $0.name.hasSuffix(":id") }?.value ?? ""
                sheetRefs.append((sheetName, rid))
            }
        }
        var targets: [String: String] = [:]
        if archive["xl/_rels/workbook.xml.rels"] != nil {
            try XLSXReader.readPart(archive, "xl/_rels/workbook.xml.rels", place: place, kind: "relationships part", options: options) { event in
                guard case .start(let name, let attributes, _) = event, name == "Relationship" else { return }
                guard let id = attributes.first(where: { $0.name == "Id" })?.value,
                      let target = attributes.first(where: { $0.name == "Target" })?.value else { return }
                targets[id] = target
            }
        }
        var sheets: [Sheet] = []
        for (k, ref) in sheetRefs.enumerated() {
            var entry: String
            if let target = targets[ref.rid] {
                entry = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            } else {
                entry = "xl/worksheets/sheet\(k + 1).xml"
            }
            // Resolve `..` in targets such as `../xl/worksheets/sheet1.xml`.
            var parts: [Substring] = []
            for part in entry.split(separator: "/") {
                if part == ".." { _ = parts.popLast() } else if part != "." { parts.append(part) }
            }
            entry = parts.joined(separator: "/")
            guard archive[entry] != nil, entry.contains("worksheets/") || targets[ref.rid] == nil else { continue }
            sheets.append(Sheet(name: ref.name, entry: entry))
        }
        self.sheets = sheets
        self.date1904 = is1904

        // Shared strings: every `<t>` of an `<si>` concatenated (rich text runs), phonetic runs left out.
        var strings: [[UInt8]] = []
        if archive["xl/sharedStrings.xml"] != nil {
            var total = 0
            var current: [UInt8] = []
            var inT = false
            var inPhonetic = false
            let limit = options.maxSharedStringsBytes
            try XLSXReader.readPart(archive, "xl/sharedStrings.xml", place: place, kind: "shared-strings part", options: options) { event throws(LeakTraceError) in
                switch event {
                case .start(let name, _, let selfClosing):
                    if name == "si" { current = [] } else if name == "t" && !selfClosing { inT = true } else if name == "rPh" && !selfClosing { inPhonetic = true }
                    if name == "si" && selfClosing { strings.append([]) }
                case .end(let name):
                    if name == "t" { inT = false } else if name == "rPh" { inPhonetic = false } else if name == "si" {
                        strings.append(current)
                        current = []
                    }
                case .text(let bytes):
                    guard inT && !inPhonetic else { return }
                    total += bytes.count
                    if total > limit {
                        throw LeakTraceError(.limitExceeded, "shared strings larger than \(limit) bytes (ReaderOptions.maxSharedStringsBytes); refused", at: place.location("xl/sharedStrings.xml"))
                    }
                    current.append(contentsOf: bytes)
                }
            }
        }
        self.sharedStrings = strings

        // Styles: which cell formats (`s` index into cellXfs) show dates.
        var dates = Set<Int>()
        if archive["xl/styles.xml"] != nil {
            var customDate: [Int: Bool] = [:]
            var inCellXfs = false
            var xfIndex = 0
            var xfFormats: [Int] = []
            try XLSXReader.readPart(archive, "xl/styles.xml", place: place, kind: "styles part", options: options) { event in
                switch event {
                case .start(let name, let attributes, let selfClosing):
                    if name == "numFmt", let id = attributes.first(where: { $0.name == "numFmtId" }).flatMap({ Int($0.value) }) {
                        customDate[id] = XLSXReader.isDateFormat(attributes.first { $0.name == "formatCode" }?.value ?? "")
                    } else if name == "cellXfs" && !selfClosing {
                        inCellXfs = true
                    } else if name == "xf" && inCellXfs {
                        xfFormats.append(attributes.first { $0.name == "numFmtId" }.flatMap { Int($0.value) } ?? 0)
                        xfIndex += 1
                    }
                case .end(let name):
                    if name == "cellXfs" { inCellXfs = false }
                case .text: break
                }
            }
            for (index, id) in xfFormats.enumerated() where customDate[id] ?? XLSXReader.builtinDateFormats.contains(id) {
                dates.insert(index)
            }
        }
        self.dateStyles = dates
    }

    /// Stops the producer thread (it holds this reader until it ends).
    func cancel() {
        channel.cancel()
    }

    /// Built-in number formats that show a date: 14–17 and 22 (with 18–21 times, 45–47 durations
    /// left as numbers), and the East Asian date formats 27–36 and 50–58.
    static let builtinDateFormats: Set<Int> = Set([14, 15, 16, 17, 22] + Array(27 ... 36) + Array(50 ... 58))

    /// A custom format code shows a date when, outside quoted text, escapes and `[...]` sections,
    /// it has a `y` or `d`, or an `m` without `h` or `s` (which would make it minutes).
    static func isDateFormat(_ code: String) -> Bool {
        var plain = ""
        var inQuote = false
        var inBracket = false
        var escape = false
        for ch in code.lowercased() {
            if escape { escape = false; continue }
            if inQuote { if ch == "\"" { inQuote = false }; continue }
            if inBracket { if ch == "]" { inBracket = false }; continue }
            switch ch {
            case "\"": inQuote = true
            case "[": inBracket = true
            case "\\", "_", "*": escape = true
            default: plain.append(ch)
            }
        }
        // Only the first section (positive numbers) matters.
        let first = plain.split(separator: ";", omittingEmptySubsequences: false).first ?? ""
        if first.contains("y") || first.contains("d") { return true }
        return first.contains("m") && !first.contains("h") && !first.contains("s")
    }

    /// Reads one whole small part through the tokenizer.
    private static func readPart(_ archive: ZipArchive, _ entryPath: String, place: WorkbookPlace, kind: String, options: ReaderOptions, _ handle: (XMLTokenizer.Event) throws(LeakTraceError) -> Void) throws(LeakTraceError) {
        guard let entry = archive[entryPath] else {
            throw LeakTraceError(.malformedInput, "workbook part missing; expected \(entryPath) in the archive", at: place.location(entryPath))
        }
        try tokenize(archive, entry, place: place, kind: kind, options: options, handle)
    }

    /// Streams one part of the archive through the tokenizer, 64 KiB at a time, with the bomb
    /// limits of any zip entry.
    private static func tokenize(_ archive: ZipArchive, _ entry: ZipArchive.Member, place: WorkbookPlace, kind: String, options: ReaderOptions, _ handle: (XMLTokenizer.Event) throws(LeakTraceError) -> Void) throws(LeakTraceError) {
        let source = try archive.source(for: entry, location: place.location(entry.path), what: kind, options: options)
        var tokenizer = XMLTokenizer(maxTokenBytes: options.maxRecordBytes)
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = try buffer.withUnsafeMutableBytes { raw in
                Result { () throws(LeakTraceError) -> Int in try source.read(into: raw) }
            }.get()
            if let failure = try tokenizer.feed(buffer[0 ..< n], final: n == 0, handle) {
                throw XLSXReader.error(failure, place: place, entry: entry.path, kind: kind)
            }
            if n == 0 { return }
        }
    }

    static func error(_ failure: XMLTokenizer.Failure, place: WorkbookPlace, entry: String, kind: String) -> LeakTraceError {
        switch failure {
        case .dtd(let offset):
            return LeakTraceError(.malformedInput, "XML document type declaration (<!DOCTYPE or <!ENTITY); expected a \(kind == "worksheet" ? "worksheet" : kind) without a DTD (entity declarations are refused)", at: place.location(entry, byteOffset: offset))
        case .tooLong(let offset):
            return LeakTraceError(.limitExceeded, "XML token longer than the record limit (--max-record-bytes); expected a \(kind) of ordinary tags and text", at: place.location(entry, byteOffset: offset))
        case .malformed(let offset, let expected):
            return LeakTraceError(.malformedInput, "malformed XML; expected \(expected)", at: place.location(entry, byteOffset: offset))
        }
    }

    // MARK: - Sheets

    /// The next batch of rows of the current sheet, or nil after the last sheet.
    func nextBatch() throws(LeakTraceError) -> RecordBatch? {
        if !started {
            started = true
            let producer = SheetProducer(reader: self)
            let thread = Thread { producer.run() }
            thread.stackSize = 1 << 20
            thread.start()
        }
        return try channel.take()
    }

    /// Streams every sheet into the channel (on its own thread).
    fileprivate func produce() {
        do {
            for sheet in sheets {
                var state = SheetState(reader: self, sheet: sheet)
                guard let entry = archive[sheet.entry] else { continue }
                // A worksheet is a zip entry too: the same bomb limits as any container entry.
                try XLSXReader.tokenize(archive, entry, place: place, kind: "worksheet", options: options) { event throws(LeakTraceError) in
                    try state.handle(event)
                }
                try state.flush()
            }
            channel.finish(nil)
        } catch {
            channel.finish(error)
        }
    }

    /// Turns one worksheet's events into records.
    fileprivate struct SheetState {
        let reader: XLSXReader
        let sheet: Sheet
        var batch = RecordBatch()
        var row: [(column: Int, value: [UInt8])] = []
        /// The row has a cell past `maxColumns` (or more cells than that): it is dropped with a
        /// `record-too-wide` warning, and its further cells are not kept.
        var rowTooWide = false
        /// The first such cell's column, for the warning.
        var tooWideColumn = 0
        var rowNumber = 0
        var nextColumn = 0
        var cellColumn = 0
        var cellType = ""
        var cellStyle = -1
        var value: [UInt8] = []
        var inValue = false
        var inInline = false
        var inText = false
        var inPhonetic = false
        var inCell = false
        var sawValue = false

        init(reader: XLSXReader, sheet: Sheet) {
            self.reader = reader
            self.sheet = sheet
            batch.table = sheet.name
        }

        mutating func handle(_ event: XMLTokenizer.Event) throws(LeakTraceError) {
            switch event {
            case .start(let name, let attributes, let selfClosing):
                switch name {
                case "row":
                    row.removeAll(keepingCapacity: true)
                    rowTooWide = false
                    nextColumn = 0
                    rowNumber = attributes.first { $0.name == "r" }.flatMap { Int($0.value) } ?? rowNumber + 1
                    if selfClosing { try endRow() }
                case "c":
                    let ref = attributes.first { $0.name == "r" }?.value
                    cellColumn = ref.flatMap(XLSXReader.column(of:)) ?? nextColumn
                    nextColumn = cellColumn + 1
                    cellType = attributes.first { $0.name == "t" }?.value ?? "n"
                    cellStyle = attributes.first { $0.name == "s" }.flatMap { Int($0.value) } ?? -1
                    value.removeAll(keepingCapacity: true)
                    sawValue = false
                    inCell = !selfClosing
                case "v" where inCell && !selfClosing: inValue = true; sawValue = true
                case "is" where inCell && !selfClosing: inInline = true; sawValue = true
                case "t" where inInline && !selfClosing: inText = true
                case "rPh" where inInline && !selfClosing: inPhonetic = true
                default: break
                }
            case .end(let name):
                switch name {
                case "v": inValue = false
                case "t": inText = false
                case "rPh": inPhonetic = false
                case "is": inInline = false
                case "c":
                    if inCell && sawValue && !rowTooWide {
                        if cellColumn >= reader.options.maxColumns || row.count >= reader.options.maxColumns {
                            rowTooWide = true
                            tooWideColumn = cellColumn
                            row.removeAll()
                        } else {
                            row.append((cellColumn, reader.cellText(type: cellType, style: cellStyle, raw: value)))
                        }
                    }
                    inCell = false
                case "row": try endRow()
                default: break
                }
            case .text(let bytes):
                if inValue || (inText && !inPhonetic) { value.append(contentsOf: bytes) }
            }
        }

        private mutating func endRow() throws(LeakTraceError) {
            if rowTooWide {
                // The rows before it go out first, in their own batch with the warning, so that a
                // strict scan stops right after them.
                let limit = reader.options.maxColumns
                batch.warnings.append(ReadWarning(
                    kind: "record-too-wide", line: rowNumber, byteOffset: -1,
                    message: ReadWarning.tooWideMessage(
                        limit: limit,
                        detail: tooWideColumn >= limit ? " (a cell in column \(XLSXReader.columnName(tooWideColumn)) of sheet \(sheet.name))" : " (cells in sheet \(sheet.name))",
                        skipped: "row skipped"
                    )
                ))
                rowTooWide = false
                row.removeAll(keepingCapacity: true)
                try flush()
                return
            }
            guard !row.isEmpty else { return }
            let width = min((row.map(\.column).max() ?? 0) + 1, XLSXReader.maxColumns)
            var cells = [[UInt8]?](repeating: nil, count: width)
            for cell in row where cell.column < width { cells[cell.column] = cell.value }
            for cell in cells {
                let start = batch.bytes.count
                if let cell { batch.bytes.append(contentsOf: cell) }
                batch.appendField(start: start, length: batch.bytes.count - start, flags: 0)
            }
            batch.endRecord(line: rowNumber, offset: 0)
            row.removeAll(keepingCapacity: true)
            // Empty cells take no bytes but a field each: a batch holds at most `chunkBytes` fields
            // too, as many as a CSV chunk of that size can (wide rows of few values stay bounded).
            if batch.bytes.count >= reader.options.chunkBytes || batch.recordCount >= 8192 || batch.fieldStart.count >= reader.options.chunkBytes { try flush() }
        }

        mutating func flush() throws(LeakTraceError) {
            guard !batch.isEmpty || !batch.warnings.isEmpty else { return }
            try reader.channel.put(batch)
            batch = RecordBatch()
            batch.table = sheet.name
        }
    }

    /// Excel's widest sheet: column XFD.
    static let maxColumns = 16384

    /// The letters of a 0-based column (2 → `C`, 16383 → `XFD`).
    static func columnName(_ column: Int) -> String {
        var letters: [UInt8] = []
        var n = column + 1
        while n > 0 {
            n -= 1
            letters.append(UInt8(ascii: "A") + UInt8(n % 26))
            n /= 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    /// The 0-based column of a cell reference (`C7` → 2).
    static func column(of ref: String) -> Int? {
        var column = 0
        var letters = 0
        for u in ref.utf8 {
            if u >= 0x41 && u <= 0x5A { column = column * 26 + Int(u - 0x40) } else if u >= 0x61 && u <= 0x7A { column = column * 26 + Int(u - 0x60) } else { break }
            letters += 1
            if letters > 3 { return nil }
        }
        return letters == 0 ? nil : column - 1
    }

    /// A cell's text as a CSV export of the sheet shows it.
    func cellText(type: String, style: Int, raw: [UInt8]) -> [UInt8] {
        switch type {
        case "s":
            guard let index = Int(String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespaces)), index >= 0, index < sharedStrings.count else { return raw }
            return sharedStrings[index]
        case "inlineStr", "str", "e": return raw
        case "b": return raw == [UInt8(ascii: "1")] ? Array("TRUE".utf8) : raw == [UInt8(ascii: "0")] ? Array("FALSE".utf8) : raw
        case "d": return Array(raw.prefix(10))
        default:
            let text = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            guard let number = Double(text), number.isFinite else { return raw }
            if style >= 0 && dateStyles.contains(style), let date = XLSXReader.isoDate(serial: number, date1904: date1904) {
                return Array(date.utf8)
            }
            if number == number.rounded(), abs(number) < 1e15 {
                return Array(String(Int64(number)).utf8)
            }
            return raw
        }
    }

    /// The date of an Excel serial (its whole days): 1900 system with Excel's 1900-02-29 (serial 60),
    /// or the 1904 system.
    static func isoDate(serial: Double, date1904: Bool) -> String? {
        let days = Int(serial.rounded(.down))
        guard days >= (date1904 ? 0 : 1), days < 2_958_466 else { return nil }
        if !date1904 && days == 60 { return "1900-02-29" }
        // Days since 1970-01-01.
        let epochDays: Int
        if date1904 {
            epochDays = days - 24107  // 1904-01-01 is 24,107 days before 1970-01-01
        } else {
            epochDays = (days < 60 ? days + 1 : days) - 25569  // serial 25,569 is 1970-01-01
        }
        // Civil from days (Howard Hinnant).
        let z = epochDays + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }
}

/// Where a workbook's parts are reported: the file, and for a workbook inside a zip the entry
/// path before the part (`leak.zip`, `dir/book.xlsx!` gives `leak.zip!dir/book.xlsx!xl/...`).
struct WorkbookPlace {
    var file: String
    var entryPrefix = ""

    func location(_ part: String, byteOffset: Int? = nil) -> InputLocation {
        InputLocation(file: file, entry: entryPrefix + part, byteOffset: byteOffset)
    }
}

/// What ``DumpReader`` holds: when it goes, the producer thread is told to stop, and a temporary
/// copy of the workbook (one extracted from a zip) is removed.
final class XLSXHandle {
    let reader: XLSXReader
    /// The extracted copy this handle removes, if any.
    let temporaryCopy: String?

    init(_ reader: XLSXReader, temporaryCopy: String? = nil) {
        self.reader = reader
        self.temporaryCopy = temporaryCopy
    }

    deinit {
        reader.cancel()
        // The producer thread may still hold the archive open: on POSIX an unlinked file stays
        // readable until closed.
        if let temporaryCopy { unlink(temporaryCopy) }
    }

    /// The workbook at `path`; an error when the zip holds no `xl/workbook.xml`.
    static func open(path: String, options: ReaderOptions) throws(LeakTraceError) -> XLSXHandle {
        guard let workbook = try XLSXReader.open(path: path, place: WorkbookPlace(file: path), options: options) else {
            throw LeakTraceError(.unsupportedFormat, "zip archive without xl/workbook.xml; expected an XLSX workbook", at: InputLocation(file: path, byteOffset: 0))
        }
        return XLSXHandle(workbook)
    }

    /// A workbook that was an entry of a zip, extracted to `copy` (which this handle removes when
    /// it goes, also when opening fails). Parts are reported as `file!entry!part`.
    static func open(extractedCopy copy: String, location: InputLocation, options: ReaderOptions) throws(LeakTraceError) -> XLSXHandle {
        let place = WorkbookPlace(file: location.file, entryPrefix: (location.entry ?? "") + "!")
        let workbook: XLSXReader?
        do {
            workbook = try XLSXReader.open(path: copy, place: place, options: options)
        } catch {
            unlink(copy)
            throw error
        }
        guard let workbook else {
            unlink(copy)
            throw LeakTraceError(.unsupportedFormat, "zip entry without xl/workbook.xml; expected an XLSX workbook", at: location)
        }
        return XLSXHandle(workbook, temporaryCopy: copy)
    }
}

/// Runs the extraction off the caller's thread.
private final class SheetProducer: @unchecked Sendable {
    let reader: XLSXReader
    init(reader: XLSXReader) { self.reader = reader }
    func run() { reader.produce() }
}

/// A bounded hand-over of batches from the producer thread: at most two wait.
final class BatchChannel: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [RecordBatch] = []
    private var done = false
    private var failure: (any Error)?
    private var cancelled = false

    struct Cancelled: Error {}

    func put(_ batch: RecordBatch) throws(LeakTraceError) {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= 2 && !cancelled { condition.wait() }
        if cancelled { throw LeakTraceError(.interrupted, "reading stopped") }
        queue.append(batch)
        condition.broadcast()
    }

    func finish(_ error: (any Error)?) {
        condition.lock()
        done = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    func take() throws(LeakTraceError) -> RecordBatch? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !done { condition.wait() }
        if !queue.isEmpty {
            let batch = queue.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure {
            if let error = failure as? LeakTraceError { throw error }
            throw LeakTraceError(.io, "cannot read the workbook: \(failure)")
        }
        return nil
    }
}
