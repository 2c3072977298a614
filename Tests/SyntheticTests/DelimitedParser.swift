/// A tiny RFC 4180 parser for the tests: quoted fields may hold the delimiter, doubled quotes and
/// line breaks; records end with LF or CRLF. Anything else malformed fails the parse, so a test
/// that parses the generator's output checks that the output is strict RFC 4180.
enum DelimitedParser {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func parse(_ bytes: [UInt8], delimiter: UInt8) throws -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var i = 0
        let n = bytes.count
        var atFieldStart = true
        func endField() {
            record.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        while i < n {
            let b = bytes[i]
            if atFieldStart && b == 34 {
                // Quoted field.
                i += 1
                var closed = false
                while i < n {
                    if bytes[i] == 34 {
                        if i + 1 < n && bytes[i + 1] == 34 {
                            field.append(34)
                            i += 2
                        } else {
                            i += 1
                            closed = true
                            break
                        }
                    } else {
                        field.append(bytes[i])
                        i += 1
                    }
                }
                guard closed else { throw Failure(description: "unterminated quote in record \(records.count + 1)") }
                guard i == n || bytes[i] == delimiter || bytes[i] == 10 || bytes[i] == 13 else {
                    throw Failure(description: "text after a closing quote in record \(records.count + 1)")
                }
                atFieldStart = false
                continue
            }
            atFieldStart = false
            if b == delimiter {
                endField()
                atFieldStart = true
                i += 1
            } else if b == 13 && i + 1 < n && bytes[i + 1] == 10 {
                endField()
                records.append(record)
                record = []
                atFieldStart = true
                i += 2
            } else if b == 10 {
                endField()
                records.append(record)
                record = []
                atFieldStart = true
                i += 1
            } else if b == 34 {
                throw Failure(description: "bare quote inside an unquoted field in record \(records.count + 1)")
            } else if b == 13 {
                throw Failure(description: "bare CR in record \(records.count + 1)")
            } else {
                field.append(b)
                i += 1
            }
        }
        if !atFieldStart || !field.isEmpty || !record.isEmpty {
            endField()
            records.append(record)
        }
        return records
    }
}
