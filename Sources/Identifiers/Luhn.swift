/// The ISO/IEC 7812 Luhn (mod 10) check shared by IMEI, ICCID and payment cards (spec §13).
///
/// Every entry point works on ASCII digits without allocating, so the scanner can call it per cell.
public enum Luhn {
    /// Whether a run of ASCII digits ends with a correct Luhn check digit.
    ///
    /// - Parameter digits: ASCII `0`...`9` bytes; any other byte makes the answer `false`.
    /// - Returns: `true` when the weighted sum is a multiple of 10 (at least two digits).
    public static func isValid(_ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        guard digits.count >= 2, let sum = weightedSum(digits, doubleLast: false) else { return false }
        return sum % 10 == 0
    }

    /// `isValid` for bytes known to be ASCII digits (the scan's plain cells), eight digits at a
    /// time: the doubled digits' lanes become `2d` or `2d - 9`, and the lanes are summed with one
    /// multiplication.
    package static func isValid(plainDigits digits: UnsafeBufferPointer<UInt8>) -> Bool {
        guard digits.count >= 2, let base = digits.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        var sum: UInt64 = 0
        var end = digits.count
        // Words taken from the right: lanes 0, 2, 4, 6 (the 8th, 6th, 4th and 2nd digit from
        // the word's right end) are the doubled ones, as the word's end is an even distance from
        // the number's.
        let doubled: UInt64 = 0x00FF_00FF_00FF_00FF
        /// The weighted sum of a word of eight digit values (lanes 0-9).
        @inline(__always) func wordSum(_ v: UInt64) -> UInt64 {
            let d = v & doubled
            // 2d - 9 where d >= 5 (d + 3 sets bit 3 exactly for 5...9).
            let nines = ((d &+ 0x0003_0003_0003_0003) >> 3) & 0x0001_0001_0001_0001
            let lanes = (v & ~doubled) &+ (d &<< 1) &- nines &* 9
            return (lanes &* 0x0101_0101_0101_0101) >> 56
        }
        while end >= 8 {
            sum &+= wordSum(raw.loadUnaligned(fromByteOffset: end - 8, as: UInt64.self) &- 0x3030_3030_3030_3030)
            end -= 8
        }
        // The first digits (fewer than eight). In a number of eight or more, the word of its
        // first eight bytes, shifted up by the bytes already summed, is the word that would end
        // at `end` with zeros before the number: a zero lane adds nothing, doubled or not.
        if end > 0 {
            if digits.count >= 8 {
                sum &+= wordSum((raw.loadUnaligned(as: UInt64.self) &- 0x3030_3030_3030_3030) &<< UInt64(8 * (8 - end)))
            } else if let head = weightedSum(UnsafeBufferPointer(rebasing: digits[0 ..< end]), doubleLast: (digits.count - end) % 2 == 1) {
                // Its last one is doubled when an odd number of digits follows it.
                sum &+= UInt64(head)
            }
        }
        return sum % 10 == 0
    }

    /// Whether a string of digits passes Luhn; other characters make it fail.
    public static func isValid(_ digits: String) -> Bool {
        var copy = digits
        return copy.withUTF8 { isValid($0) }
    }

    /// The check digit (0...9) that would make `payload` Luhn-valid when appended.
    ///
    /// - Parameter payload: ASCII digits without a check digit.
    /// - Returns: the digit value, or `nil` if the payload holds a non-digit or is empty.
    public static func checkDigit(for payload: UnsafeBufferPointer<UInt8>) -> UInt8? {
        guard !payload.isEmpty, let sum = weightedSum(payload, doubleLast: true) else { return nil }
        return UInt8((10 - sum % 10) % 10)
    }

    /// The check digit for a string payload of digits.
    public static func checkDigit(for payload: String) -> UInt8? {
        var copy = payload
        return copy.withUTF8 { checkDigit(for: $0) }
    }

    /// Sum with every second digit from the right doubled; the rightmost is doubled when
    /// `doubleLast` (computing a check digit) and left alone when validating.
    private static func weightedSum(_ digits: UnsafeBufferPointer<UInt8>, doubleLast: Bool) -> Int? {
        var sum = 0
        var double = doubleLast
        var index = digits.count - 1
        while index >= 0 {
            let value = Int(digits[index]) &- 48
            guard value >= 0, value <= 9 else { return nil }
            if double {
                let twice = value * 2
                sum += twice > 9 ? twice - 9 : twice
            } else {
                sum += value
            }
            double.toggle()
            index -= 1
        }
        return sum
    }
}
