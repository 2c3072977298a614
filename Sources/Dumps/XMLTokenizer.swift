import LeakTraceCore

/// A small streaming XML tokenizer for the parts of an XLSX workbook: fed chunks of any size, it
/// reports start tags (local name and attributes), end tags and character data, keeping only the
/// unfinished token between chunks. It never builds a tree.
///
/// **Entity safety.** A DTD (`<!DOCTYPE`) or an entity declaration (`<!ENTITY`) anywhere is an
/// error: nothing is ever expanded except the five predefined entities and numeric character
/// references, so an entity bomb (billion laughs) or an external entity (XXE) cannot do anything.
/// An unknown `&name;` is kept as written.
struct XMLTokenizer {
    enum Event {
        /// Local name (namespace prefix removed), attributes (qualified name, decoded value), and
        /// whether the tag closes itself (`<x/>`).
        case start(name: Substring, attributes: [(name: Substring, value: String)], selfClosing: Bool)
        case end(name: Substring)
        /// Decoded character data (CDATA included).
        case text([UInt8])
    }

    /// Why a part was refused.
    enum Failure: Error {
        case dtd(offset: Int)
        case tooLong(offset: Int)
        case malformed(offset: Int, String)
    }

    private var buffer: [UInt8] = []
    /// Offset in the part of `buffer[0]`.
    private var bufferOffset = 0
    let maxTokenBytes: Int

    init(maxTokenBytes: Int) {
        self.maxTokenBytes = maxTokenBytes
    }

    /// Feeds the next bytes of the part; `final` at its end.
    mutating func feed<C: Collection<UInt8>>(_ bytes: C, final: Bool, _ handle: (Event) throws(LeakTraceError) -> Void) throws(LeakTraceError) -> Failure? {
        buffer.append(contentsOf: bytes)
        var i = 0
        let n = buffer.count
        var failure: Failure?
        var pendingError: LeakTraceError?
        buffer.withUnsafeBufferPointer { buf in
            func emit(_ e: Event) -> Bool {
                do { try handle(e) } catch { pendingError = error; return false }
                return true
            }
            while i < n {
                if buf[i] != UInt8(ascii: "<") {
                    // Character data up to the next tag.
                    var j = i
                    while j < n && buf[j] != UInt8(ascii: "<") { j += 1 }
                    if j == n && !final {
                        if n - i > maxTokenBytes { failure = .tooLong(offset: bufferOffset + i) }
                        return
                    }
                    if !emit(.text(XMLTokenizer.decode(UnsafeBufferPointer(rebasing: buf[i ..< j])))) { return }
                    i = j
                    continue
                }
                // Markup.
                let rest = UnsafeBufferPointer(rebasing: buf[i...])
                if XMLTokenizer.hasPrefix(rest, "<!DOCTYPE") || XMLTokenizer.hasPrefix(rest, "<!ENTITY") || XMLTokenizer.hasPrefix(rest, "<!doctype") {
                    failure = .dtd(offset: bufferOffset + i)
                    return
                }
                if rest.count < 9 && !final && (XMLTokenizer.isPrefix(rest, of: "<!DOCTYPE") || XMLTokenizer.isPrefix(rest, of: "<!ENTITY") || XMLTokenizer.isPrefix(rest, of: "<!doctype")) {
                    return  // might be a DTD: wait for more
                }
                let closer: String
                if XMLTokenizer.hasPrefix(rest, "<!--") { closer = "-->" }
                else if XMLTokenizer.hasPrefix(rest, "<![CDATA[") { closer = "]]>" }
                else if XMLTokenizer.hasPrefix(rest, "<?") { closer = "?>" }
                else if XMLTokenizer.hasPrefix(rest, "<!") && rest.count >= 9 {
                    failure = .malformed(offset: bufferOffset + i, "an element, comment, CDATA section or processing instruction")
                    return
                } else { closer = ">" }
                guard let end = XMLTokenizer.find(closer, in: rest, from: 1, quoted: closer == ">") else {
                    if rest.count > maxTokenBytes { failure = .tooLong(offset: bufferOffset + i) }
                    else if final { failure = .malformed(offset: bufferOffset + i, "the end of the tag before the end of the part") }
                    return
                }
                let after = i + end + closer.utf8.count
                if closer == "]]>" {
                    if !emit(.text(Array(buf[(i + 9) ..< (i + end)]))) { return }
                } else if closer == ">" {
                    guard let event = XMLTokenizer.tag(UnsafeBufferPointer(rebasing: buf[(i + 1) ..< (i + end)])) else {
                        failure = .malformed(offset: bufferOffset + i, "a well-formed tag")
                        return
                    }
                    if !emit(event) { return }
                }
                i = after
            }
        }
        if let pendingError { throw pendingError }
        if failure != nil { return failure }
        buffer.removeFirst(i)
        bufferOffset += i
        return nil
    }

    private static func hasPrefix(_ buf: UnsafeBufferPointer<UInt8>, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard buf.count >= count else { return false }
        for k in 0 ..< count where buf[k] != prefix.utf8Start[k] { return false }
        return true
    }

    /// Whether the whole of `buf` is a prefix of `word`.
    private static func isPrefix(_ buf: UnsafeBufferPointer<UInt8>, of word: StaticString) -> Bool {
        guard buf.count <= word.utf8CodeUnitCount else { return false }
        for k in 0 ..< buf.count where buf[k] != word.utf8Start[k] { return false }
        return true
    }

    /// Index of `needle` in `buf` from `start`; for tags, `>` inside quoted attribute values does not count.
    private static func find(_ needle: String, in buf: UnsafeBufferPointer<UInt8>, from start: Int, quoted: Bool) -> Int? {
        let bytes = Array(needle.utf8)
        var quote: UInt8 = 0
        var k = start
        while k + bytes.count <= buf.count {
            let b = buf[k]
            if quoted {
                if quote != 0 {
                    if b == quote { quote = 0 }
                    k += 1
                    continue
                }
                if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") { quote = b; k += 1; continue }
            }
            if b == bytes[0] {
                var match = true
                for m in 1 ..< bytes.count where buf[k + m] != bytes[m] { match = false; break }
                if match { return k }
            }
            k += 1
        }
        return nil
    }

    /// Parses the inside of `<...>`.
    private static func tag(_ t: UnsafeBufferPointer<UInt8>) -> Event? {
        guard !t.isEmpty else { return nil }
        var k = 0
        let closing = t[0] == UInt8(ascii: "/")
        if closing { k = 1 }
        var end = t.count
        let selfClosing = !closing && t[end - 1] == UInt8(ascii: "/")
        if selfClosing { end -= 1 }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        let nameStart = k
        while k < end && !isSpace(t[k]) { k += 1 }
        guard k > nameStart else { return nil }
        let name = localName(String(decoding: UnsafeBufferPointer(rebasing: t[nameStart ..< k]), as: UTF8.self))
        if closing { return .end(name: name) }
        var attributes: [(name: Substring, value: String)] = []
        while k < end {
            while k < end && isSpace(t[k]) { k += 1 }
            guard k < end else { break }
            let aStart = k
            while k < end && t[k] != UInt8(ascii: "=") && !isSpace(t[k]) { k += 1 }
            let aName = Substring(String(decoding: UnsafeBufferPointer(rebasing: t[aStart ..< k]), as: UTF8.self))
            while k < end && isSpace(t[k]) { k += 1 }
            guard k < end, t[k] == UInt8(ascii: "=") else { return nil }
            k += 1
            while k < end && isSpace(t[k]) { k += 1 }
            guard k < end, t[k] == UInt8(ascii: "\"") || t[k] == UInt8(ascii: "'") else { return nil }
            let quote = t[k]
            k += 1
            let vStart = k
            while k < end && t[k] != quote { k += 1 }
            guard k < end else { return nil }
            let value = String(decoding: decode(UnsafeBufferPointer(rebasing: t[vStart ..< k])), as: UTF8.self)
            k += 1
            attributes.append((aName, value))
        }
        return .start(name: name, attributes: attributes, selfClosing: selfClosing)
    }

    private static func localName(_ qualified: String) -> Substring {
        if let colon = qualified.lastIndex(of: ":") { return qualified[qualified.index(after: colon)...] }
        return qualified[...]
    }

    /// Decodes the predefined entities and numeric character references; nothing else.
    static func decode(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard raw.contains(UInt8(ascii: "&")) else { return Array(raw) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var k = 0
        while k < raw.count {
            let b = raw[k]
            guard b == UInt8(ascii: "&") else { out.append(b); k += 1; continue }
            var semi = k + 1
            while semi < raw.count && semi - k <= 12 && raw[semi] != UInt8(ascii: ";") { semi += 1 }
            guard semi < raw.count, raw[semi] == UInt8(ascii: ";") else { out.append(b); k += 1; continue }
            let name = String(decoding: UnsafeBufferPointer(rebasing: raw[(k + 1) ..< semi]), as: UTF8.self)
            var replacement: [UInt8]?
            switch name {
            case "lt": replacement = [UInt8(ascii: "<")]
            case "gt": replacement = [UInt8(ascii: ">")]
            case "amp": replacement = [UInt8(ascii: "&")]
            case "quot": replacement = [UInt8(ascii: "\"")]
            case "apos": replacement = [UInt8(ascii: "'")]
            default:
                if name.hasPrefix("#") {
                    let digits = name.dropFirst()
                    let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                    if let value, let scalar = Unicode.Scalar(value) { replacement = Array(String(Character(scalar)).utf8) }
                }
            }
            if let replacement {
                out.append(contentsOf: replacement)
                k = semi + 1
            } else {
                out.append(b)  // an unknown entity is kept as written, never expanded
                k += 1
            }
        }
        return out
    }
}
