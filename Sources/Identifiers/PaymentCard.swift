import LeakTraceCore

/// Payment card numbers (PAN): 12–19 digits with a Luhn check digit (spec §8.2).
public enum PaymentCard {
    /// Detects a card number in one cell (convenience).
    public static func detect(_ text: String, context: CellContext = .untyped) -> Detection {
        CellBytes.withBytes(text) { detect(bytes: $0, context: context) }
    }

    /// Detects a card number in the raw UTF-8 of one cell.
    ///
    /// Separators are spaces or hyphens between groups of 4 (Amex and Diners 4-6-5 / 4-6-4), the
    /// same separator throughout. Luhn and a plausible IIN: VALID (well-known test PANs carry the
    /// note "test PAN"). Luhn with an unknown IIN: CONTEXT. Otherwise INVALID.
    public static func detect(bytes: UnsafeBufferPointer<UInt8>, context: CellContext) -> Detection {
        CellNormalizer.withNormalized(bytes) { cell, _ in
            guard let core = CellBytes.digitCore(cell) else { return .invalid(.paymentCard) }
            var digits = DigitBuffer()
            var groups: (Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0)
            var groupCount = 0
            var current = 0
            var separator: UInt8 = 0
            var index = core.lowerBound
            while index < core.upperBound {
                let c = cell[index]
                if CellNormalizer.isDigit(c) {
                    digits.append(c)
                    current += 1
                    index += 1
                    continue
                }
                guard c == 0x20 || c == UInt8(ascii: "-"), separator == 0 || separator == c, groupCount < 4 else { return .invalid(.paymentCard) }
                separator = c
                withUnsafeMutableBytes(of: &groups) { $0.bindMemory(to: Int.self)[groupCount] = current }
                groupCount += 1
                current = 0
                index += 1
                guard index < core.upperBound, CellNormalizer.isDigit(cell[index]) else { return .invalid(.paymentCard) }
            }
            withUnsafeMutableBytes(of: &groups) { $0.bindMemory(to: Int.self)[groupCount] = current }
            guard !digits.overflowed, (12...19).contains(digits.count) else { return .invalid(.paymentCard) }
            if groupCount > 0, !plausibleGrouping(groups, count: groupCount + 1) { return .invalid(.paymentCard) }
            guard digits.withDigits(nil, { Luhn.isValid($0) }) else { return .invalid(.paymentCard) }
            let canonical = digits.string()
            guard plausibleIIN(digits) else {
                return Detection(type: .paymentCard, verdict: .context, notes: Notes.unknownIIN)
            }
            if testPANs.contains(canonical) {
                return Detection(type: .paymentCard, verdict: .valid, canonical: canonical, notes: Notes.testPAN)
            }
            return Detection(type: .paymentCard, verdict: .valid, canonical: canonical)
        }
    }

    /// 4-4-4-4(-3): every group 4 but the last (1–4); or 4-6-5 / 4-6-4. Tuple access, no array.
    private static func plausibleGrouping(_ groups: (Int, Int, Int, Int, Int), count: Int) -> Bool {
        var g = groups
        return withUnsafeBytes(of: &g) { raw in
            let list = raw.bindMemory(to: Int.self)
            if count == 3, list[0] == 4, list[1] == 6, list[2] == 5 || list[2] == 4 { return true }
            guard (1...4).contains(list[count - 1]) else { return false }
            for i in 0..<(count - 1) where list[i] != 4 { return false }
            return true
        }
    }

    /// Well-known public IIN ranges (§8.2): Visa, Mastercard, Amex, JCB, UnionPay, Diners.
    static func plausibleIIN(_ digits: DigitBuffer) -> Bool {
        let two = digits.value(0, 2)
        let four = digits.value(0, 4)
        switch digits[0] {
        case UInt8(ascii: "4"): return true
        case UInt8(ascii: "5"): return (51...55).contains(two)
        case UInt8(ascii: "2"): return (2221...2720).contains(four)
        case UInt8(ascii: "3"):
            return two == 34 || two == 37 || two == 36 || (3528...3589).contains(four) || (300...305).contains(digits.value(0, 3))
        case UInt8(ascii: "6"): return two == 62
        default: return false
        }
    }

    /// Test numbers published by the card schemes and payment gateways.
    public static let testPANs: Set<String> = [
        "4111111111111111", "4012888888881881", "4222222222222", "4242424242424242", "4000056655665556",
        "5555555555554444", "5105105105105100", "5200828282828210", "2223003122003222",
        "378282246310005", "371449635398431", "378734493671000",
        "6011111111111117", "6011000990139424", "3530111333300000", "3566002020360505",
        "30569309025904", "38520000023237", "6200000000000005",
    ]

    enum Notes {
        static let unknownIIN = ["Luhn passes, unknown IIN"]
        static let testPAN = ["test PAN"]
    }
}
