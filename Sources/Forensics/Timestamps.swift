import LeakTraceCore

/// Parses the timestamp spellings of access, database and VPN logs into seconds since the Unix
/// epoch (UTC), from bytes, without Foundation's formatters.
///
/// Understood: nginx/Apache `10/Oct/2000:13:55:36 -0700`; ISO 8601 `2024-03-01T08:15:00.123+08:00`,
/// `...Z`, `... 08:15:00` (space instead of `T`); PostgreSQL `2024-03-01 08:15:00.123 UTC` or
/// `+08`/`+0800` or a known zone abbreviation; MySQL 5.6 `240301  8:15:00`; epoch seconds or
/// milliseconds (`1709251200`, `1709251200.123`, `1709251200123`). A time without a zone is read
/// in `defaultOffset` seconds east of UTC (the mapping's `timezone`).
public enum Timestamps {
    /// Zone abbreviations logged by PostgreSQL's `log_timezone` in common deployments; anything
    /// else should be logged numerically (`log_timezone = 'UTC'` or an offset).
    static let abbreviations: [String: Int] = [
        "UTC": 0, "GMT": 0, "Z": 0, "MYT": 8 * 3600, "SGT": 8 * 3600, "HKT": 8 * 3600, "WIB": 7 * 3600,
        "ICT": 7 * 3600, "JST": 9 * 3600, "KST": 9 * 3600, "IST": 19_800, "CET": 3600, "CEST": 7200,
        "BST": 3600, "EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
        "PST": -8 * 3600, "PDT": -7 * 3600, "AEST": 10 * 3600, "AEDT": 11 * 3600,
    ]

    private static let months: [String: Int] = [
        "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "May": 5, "Jun": 6,
        "Jul": 7, "Aug": 8, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12,
    ]

    /// Seconds since the epoch, or nil when the text is not a timestamp this parser knows.
    public static func parse(_ text: Substring, defaultOffset: Int = 0) -> Double? {
        var copy = String(text)
        return copy.withUTF8 { parse(bytes: $0, defaultOffset: defaultOffset) }
    }

    public static func parse(_ text: String, defaultOffset: Int = 0) -> Double? {
        parse(Substring(text), defaultOffset: defaultOffset)
    }

    public static func parse(bytes b: UnsafeBufferPointer<UInt8>, defaultOffset: Int = 0) -> Double? {
        var s = 0
        var e = b.count
        while s < e && (b[s] == 0x20 || b[s] == 0x5B || b[s] == 0x22) { s += 1 }
        while e > s && (b[e - 1] == 0x20 || b[e - 1] == 0x5D || b[e - 1] == 0x22) { e -= 1 }
        guard e - s >= 6 else { return nil }
        var p = s

        func digits(_ count: Int) -> Int? {
            guard p + count <= e else { return nil }
            var v = 0
            for i in p ..< p + count {
                let d = Int(b[i]) - 48
                guard d >= 0 && d <= 9 else { return nil }
                v = v * 10 + d
            }
            p += count
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard p < e && b[p] == c else { return false }
            p += 1
            return true
        }
        func isDigit(_ i: Int) -> Bool { i < e && b[i] >= 48 && b[i] <= 57 }

        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0
        var fraction = 0.0
        // Epoch numbers: all digits (and one dot).
        if (s ..< e).allSatisfy({ isDigit($0) || b[$0] == 0x2E }) {
            var value = 0.0
            var scale = 0.0
            for i in s ..< e {
                if b[i] == 0x2E { scale = 1; continue }
                if scale > 0 { scale /= 10; value += Double(b[i] - 48) * scale } else { value = value * 10 + Double(b[i] - 48) }
            }
            if value > 1e11 { value /= 1000 } // milliseconds
            return value > 1e8 ? value : nil
        }
        if isDigit(s) && isDigit(s + 1) && p + 2 < e && b[s + 2] == 0x2F {
            // 10/Oct/2000:13:55:36 -0700
            guard let d = digits(2), expect(0x2F), p + 3 <= e else { return nil }
            let name = String(decoding: UnsafeBufferPointer(rebasing: b[p ..< p + 3]), as: UTF8.self)
            guard let m = months[name] else { return nil }
            p += 3
            guard expect(0x2F), let y = digits(4), expect(0x3A), let hh = digits(2), expect(0x3A), let mm = digits(2), expect(0x3A), let ss = digits(2) else { return nil }
            (year, month, day, hour, minute, second) = (y, m, d, hh, mm, ss)
        } else if e - s >= 15 && (s ..< s + 6).allSatisfy(isDigit) && b[s + 6] == 0x20 {
            // MySQL 5.6 general log: 240301  8:15:00 (two-digit year, hour may be space padded).
            guard let y = digits(2), let m = digits(2), let d = digits(2) else { return nil }
            while p < e && b[p] == 0x20 { p += 1 }
            var h = 0
            while isDigit(p) { h = h * 10 + Int(b[p] - 48); p += 1 }
            guard expect(0x3A), let mm = digits(2), expect(0x3A), let ss = digits(2) else { return nil }
            (year, month, day, hour, minute, second) = (2000 + y, m, d, h, mm, ss)
        } else {
            guard let y = digits(4), expect(0x2D), let m = digits(2), expect(0x2D), let d = digits(2) else { return nil }
            guard p < e, b[p] == 0x54 || b[p] == 0x20 else { return nil }
            p += 1
            guard let hh = digits(2), expect(0x3A), let mm = digits(2) else { return nil }
            var ss = 0
            if expect(0x3A) {
                guard let v = digits(2) else { return nil }
                ss = v
            }
            (year, month, day, hour, minute, second) = (y, m, d, hh, mm, ss)
        }
        if p < e && (b[p] == 0x2E || b[p] == 0x2C) {
            p += 1
            var scale = 0.1
            while isDigit(p) {
                fraction += Double(b[p] - 48) * scale
                scale /= 10
                p += 1
            }
        }
        guard (1 ... 12).contains(month), (1 ... 31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        // Zone.
        while p < e && b[p] == 0x20 { p += 1 }
        var offset = defaultOffset
        if p < e {
            if b[p] == 0x2B || b[p] == 0x2D {
                let sign = b[p] == 0x2D ? -1 : 1
                p += 1
                guard let hh = digits(2) else { return nil }
                var mm = 0
                _ = expect(0x3A)
                if isDigit(p) {
                    guard let v = digits(2) else { return nil }
                    mm = v
                }
                offset = sign * (hh * 3600 + mm * 60)
            } else {
                let name = String(decoding: UnsafeBufferPointer(rebasing: b[p ..< e]), as: UTF8.self)
                guard let known = abbreviations[name] else { return nil }
                offset = known
                p = e
            }
        }
        guard p == e else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// `2024-03-01T08:15:00Z` (UTC, whole seconds) for reports.
    public static func iso(_ seconds: Double) -> String {
        let t = Int(seconds.rounded(.down))
        let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        let rest = t - days * 86_400
        let date = CivilDate(daysSinceEpoch: days)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(date.year)-\(two(date.month))-\(two(date.day))T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))Z"
    }

    /// Parses a mapping's `timezone` (`+08:00`, `-0500`, `UTC`, `MYT`) into seconds east of UTC.
    public static func offset(_ text: String) -> Int? {
        if let known = abbreviations[text.uppercased()] { return known }
        let chars = Array(text.utf8)
        guard let first = chars.first, first == 0x2B || first == 0x2D else { return nil }
        let digits = chars.dropFirst().filter { $0 != 0x3A }
        guard digits.count == 2 || digits.count == 4, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let values = digits.map { Int($0 - 48) }
        let hours = values[0] * 10 + values[1]
        let minutes = digits.count == 4 ? values[2] * 10 + values[3] : 0
        return (first == 0x2D ? -1 : 1) * (hours * 3600 + minutes * 60)
    }
}
