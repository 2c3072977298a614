/// Streaming reader of JSON array exports: `[ {...}, {...} ]` at the top level, pretty-printed over
/// many lines or all on one huge line, never loaded whole.
///
/// **Which array.** A top-level array is the records array. A top-level object is searched for the
/// first member (of the top-level object itself, in document order) whose value is an array whose
/// first element is an object — `{ "meta": {...}, "data": [ {...} ] }` reads `data`; members whose
/// value is a scalar, an object or an array of non-objects are passed over. Everything after that
/// array closes is ignored.
///
/// **How.** A byte scanner tracks string/escape state and bracket depth across chunks (its state
/// lives here, like ``SQLDumpParser``), finds where each element starts and ends, and hands each
/// complete object's bytes to ``NDJSONParser/parseObject(_:into:lineNumber:offset:)``, which
/// flattens it exactly as an NDJSON line (dotted paths, `path[]`, the max-nesting limit per
/// element, and the same width limit: an element with too many values or paths is a
/// `record-too-wide` warning). An element that is not a well-formed object is a `malformed-json` warning with its
/// line and byte offset, and reading goes on at the next element. An array left open at the end of
/// the file is a `truncated` warning (the complete elements before it are kept).
struct JSONArrayParser: ChunkParser {
    typealias Outcome = ChunkOutcome

    private enum Mode {
        /// Before the records array: `depth` counts open brackets of the enclosing document.
        case preamble
        /// Just after a `[` at depth 2 of a top-level object: is its first element an object?
        case candidate
        /// Inside the records array, between elements (`,` white space) or at its `]`.
        case between
        /// Inside an element that started at `elementStart`.
        case element
        /// The records array closed (or there is none): the rest is ignored.
        case done
    }

    var objects: NDJSONParser
    let maxRecordBytes: Int
    private var mode = Mode.preamble
    private var depth = 0
    private var inString = false
    private var escaped = false
    /// Depth of the records array's contents (1 for a top-level array).
    private var arrayDepth = 0
    /// Whether the document is an object (records array searched among its members).
    private var topIsObject = false
    /// Absolute offset and line of the unfinished element's first byte.
    private var elementStart = 0
    private var elementLine = 1
    private var elementIsObject = false
    /// An element longer than `maxRecordBytes`: scanned to its end without being kept.
    private var skipping = false
    /// Absolute offset up to which bytes were scanned, and the line there.
    private var scanned = 0
    private var line = 1
    private var started = false
    private(set) var elements = 0

    init(maxDepth: Int, maxRecordBytes: Int, maxColumns: Int = 4096) {
        objects = NDJSONParser(maxDepth: maxDepth, maxColumns: maxColumns)
        self.maxRecordBytes = maxRecordBytes
    }

    /// Parses the complete elements in `buf` (whose first byte is at `baseOffset` on `firstLine`).
    /// Bytes already scanned in an earlier call (an unfinished element left pending) are not
    /// scanned again.
    mutating func parse(_ buf: UnsafeBufferPointer<UInt8>, final: Bool, into batch: inout RecordBatch, baseOffset: Int, firstLine: Int, budget: Int) -> Outcome {
        if !started || scanned < baseOffset {
            started = true
            scanned = baseOffset
            line = firstLine
        }
        var warnings: [ReadWarning] = []
        var i = scanned - baseOffset
        let n = buf.count
        /// Bytes before this index are consumed; the element in progress starts here.
        var consumedTo = i
        var consumedLine = line

        func endElement(at end: Int) {
            // `end` is the index just past the element's last byte.
            defer {
                skipping = false
                mode = .between
                consumedTo = end
                consumedLine = line
            }
            if skipping { return }
            let start = elementStart - baseOffset
            let bytes = UnsafeBufferPointer(rebasing: buf[start ..< end])
            guard elementIsObject else {
                warnings.append(ReadWarning(
                    kind: "malformed-json", line: elementLine, byteOffset: elementStart,
                    message: "malformed JSON array element: expected a JSON object; element skipped"
                ))
                return
            }
            do {
                try objects.parseObject(bytes, into: &batch, lineNumber: elementLine, offset: elementStart)
                elements += 1
            } catch {
                if let paths = error.tooWide {
                    warnings.append(ReadWarning(
                        kind: "record-too-wide", line: elementLine, byteOffset: elementStart,
                        message: ReadWarning.tooWideMessage(limit: objects.maxColumns, paths: paths, skipped: "element skipped")
                    ))
                    return
                }
                let at = min(error.offset, bytes.count)
                var errorLine = elementLine
                for b in bytes[..<at] where b == 0x0A { errorLine += 1 }
                warnings.append(ReadWarning(
                    kind: "malformed-json", line: errorLine, byteOffset: elementStart + at,
                    message: "malformed JSON array element: expected \(error.expected); element skipped"
                ))
            }
        }

        var full = false
        scan: while i < n {
            if mode == .between && batch.bytes.count > budget {
                full = true
                break
            }
            let b = buf[i]
            if b == 0x0A { line += 1 }
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                i += 1
                if mode == .element, !skipping, baseOffset + i - elementStart > maxRecordBytes { startSkipping(&warnings) }
                if mode != .element || skipping {
                    consumedTo = i
                    consumedLine = line
                }
                continue
            }
            let isSpace = b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
            switch mode {
            case .preamble:
                switch b {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "["):
                    depth += 1
                    if depth == 1 {
                        arrayDepth = 1
                        mode = .between
                    } else if depth == 2 && topIsObject {
                        mode = .candidate
                    }
                case UInt8(ascii: "{"):
                    depth += 1
                    if depth == 1 { topIsObject = true }
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    depth -= 1
                    if depth <= 0 { mode = .done }
                default: break
                }
                i += 1
                consumedTo = i
                consumedLine = line
            case .candidate:
                i += 1
                consumedTo = i
                consumedLine = line
                if isSpace { continue }
                if b == UInt8(ascii: "{") {
                    arrayDepth = 2
                    beginElement(at: baseOffset + i - 1, object: true)
                    depth += 1
                    mode = .element
                    consumedTo = i - 1
                    consumedLine = line
                } else {
                    mode = .preamble
                    i -= 1  // look at it again as part of the preamble (not a line end: not space)
                }
            case .between:
                if isSpace || b == UInt8(ascii: ",") {
                    i += 1
                    consumedTo = i
                    consumedLine = line
                    continue
                }
                if b == UInt8(ascii: "]") {
                    depth -= 1
                    i += 1
                    consumedTo = i
                    consumedLine = line
                    mode = .done
                    continue
                }
                beginElement(at: baseOffset + i, object: b == UInt8(ascii: "{"))
                mode = .element
                consumedTo = i
                consumedLine = line
                // The element's first byte (not a line end) is scanned again in `.element` mode.
            case .element:
                switch b {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if depth == arrayDepth {
                        if b == UInt8(ascii: "]") {
                            // A scalar element ended by the array's `]`.
                            endElement(at: i)
                            continue scan
                        }
                        // A stray `}` at the array's level is part of the (malformed) element;
                        // ending the element here would begin a new one at the same byte, for ever.
                    } else {
                        depth -= 1
                        if depth == arrayDepth {
                            endElement(at: i + 1)
                            i += 1
                            continue scan
                        }
                    }
                case UInt8(ascii: ","):
                    if depth == arrayDepth {
                        endElement(at: i)
                        continue scan
                    }
                default: break
                }
                i += 1
                if !skipping, baseOffset + i - elementStart > maxRecordBytes { startSkipping(&warnings) }
                if skipping {
                    consumedTo = i
                    consumedLine = line
                }
            case .done:
                i = n
                consumedTo = n
                consumedLine = line
            }
        }
        scanned = baseOffset + i
        if final && !full {
            switch mode {
            case .element, .between, .candidate:
                warnings.append(ReadWarning(
                    kind: "truncated", line: mode == .element ? elementLine : line, byteOffset: mode == .element ? elementStart : baseOffset + n,
                    message: "JSON array not closed before the end of the file (truncated); \(elements) complete elements were read\(mode == .element ? ", the unfinished last one was dropped" : "")"
                ))
            case .preamble:
                warnings.append(ReadWarning(
                    kind: "no-records-array", line: line, byteOffset: baseOffset + n,
                    message: "no array of JSON objects found (expected a top-level array, or a top-level object with a member holding an array of objects)"
                ))
            case .done:
                break
            }
            mode = .done
            consumedTo = n
            consumedLine = line
        }
        return Outcome(consumed: consumedTo, linesConsumed: consumedLine - firstLine, warnings: warnings)
    }

    private mutating func beginElement(at offset: Int, object: Bool) {
        elementStart = offset
        elementLine = line
        elementIsObject = object
        skipping = false
    }

    private mutating func startSkipping(_ warnings: inout [ReadWarning]) {
        skipping = true
        warnings.append(ReadWarning(
            kind: "record-too-long", line: elementLine, byteOffset: elementStart,
            message: "JSON array element longer than \(maxRecordBytes) bytes (--max-record-bytes); skipped"
        ))
    }
}
