import Identifiers
import LeakTraceCore

/// Byte-level parsing of the date spellings that fill date columns in bulk (ISO dates and
/// timestamps, `DD/MM/YYYY` and its `-`/`.` forms, `YYYYMMDD`, `yyMMddHHmmss`), with the
/// general parser (month names, Excel serials) as the fallback.
///
/// Dates are validated by their parts; a lenient formatter would roll 30 February over.
enum FastDate {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, order: DateOrderChoice, referenceDate: CivilDate) -> CivilDate? {
        let n = bytes.count
        @inline(__always) func digit(_ i: Int) -> Int? {
            let b = bytes[i]
            return b >= 0x30 && b <= 0x39 ? Int(b - 0x30) : nil
        }
        @inline(__always) func number(_ from: Int, _ count: Int) -> Int? {
            var v = 0
            for i in from ..< from + count {
                guard let d = digit(i) else { return nil }
                v = v * 10 + d
            }
            return v
        }
        @inline(__always) func isSeparator(_ i: Int) -> Bool {
            let b = bytes[i]
            return b == UInt8(ascii: "-") || b == UInt8(ascii: "/") || b == UInt8(ascii: ".")
        }
        // YYYY-MM-DD[...time]
        if n >= 10, isSeparator(4), bytes[7] == bytes[4], let y = number(0, 4), let m = number(5, 2), let d = number(8, 2) {
            if n == 10 || bytes[10] == UInt8(ascii: "T") || bytes[10] == 0x20 {
                return CivilDate(year: y, month: m, day: d)
            }
        }
        // DD/MM/YYYY[ time]
        if n >= 10, isSeparator(2), bytes[5] == bytes[2], let a = number(0, 2), let b = number(3, 2), let y = number(6, 4) {
            if n == 10 || bytes[10] == 0x20 {
                return CivilDate(year: y, month: b, day: a)
            }
        }
        // D/M/YYYY with one-digit parts.
        if n >= 8 && n <= 10, let firstSep = (1 ... 2).first(where: { isSeparator($0) }) {
            let rest = firstSep + 1
            if let secondRel = (rest + 1 ... min(rest + 2, n - 1)).first(where: { isSeparator($0) }), bytes[secondRel] == bytes[firstSep], n - secondRel - 1 == 4,
               let a = number(0, firstSep), let b = number(rest, secondRel - rest), let y = number(secondRel + 1, 4) {
                return CivilDate(year: y, month: b, day: a)
            }
        }
        let allDigits = (0 ..< n).allSatisfy { digit($0) != nil }
        if allDigits {
            switch n {
            case 8:
                if let y = number(0, 4), y >= 1900, let m = number(4, 2), let d = number(6, 2) { return CivilDate(year: y, month: m, day: d) }
            case 12:
                // yyMMddHHmmss: the century is the one that keeps the date on or before the reference year.
                if let yy = number(0, 2), let m = number(2, 2), let d = number(4, 2), let hh = number(6, 2), hh < 24, let mi = number(8, 2), mi < 60 {
                    let century = yy <= referenceDate.year % 100 ? (referenceDate.year / 100) * 100 : (referenceDate.year / 100 - 1) * 100
                    return CivilDate(year: century + yy, month: m, day: d)
                }
            case 14:
                if let y = number(0, 4), let m = number(4, 2), let d = number(6, 2) { return CivilDate(year: y, month: m, day: d) }
            default:
                break
            }
        }
        return DateValue.parse(String(decoding: bytes, as: UTF8.self), order: .dayMonth, typedColumn: true)
    }
}
