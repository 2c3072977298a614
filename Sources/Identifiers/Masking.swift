/// Masked examples of identifiers, safe to print in reports.
public enum Masking {
    /// Masks a canonical value so a report can show its shape without exposing it.
    ///
    /// - Parameters:
    ///   - canonical: the detector's canonical form.
    ///   - type: the identifier type, which decides what stays visible.
    /// - Returns: e.g. MyKad `8501**-**-**79`, phone `+6012***6789`, email `a***@d***.com`,
    ///   IMSI/ICCID/IMEI first 5 and last 2 digits; otherwise at most 25 % of the characters.
    public static func mask(_ canonical: String, type: IdentifierType) -> String {
        let chars = Array(canonical)
        switch type {
        case .mykad where chars.count == 12:
            return String(chars[0..<4]) + "**-**-**" + String(chars[10..<12])
        case .phoneMobile, .phoneFixed:
            return maskPhone(chars)
        case .email:
            return maskEmail(canonical)
        case .imsi where chars.count > 7, .iccid where chars.count > 7, .imei where chars.count > 7:
            return keep(chars, first: 5, last: 2)
        default:
            let side = chars.count / 8
            return keep(chars, first: side, last: side)
        }
    }

    private static func keep(_ chars: [Character], first: Int, last: Int) -> String {
        guard first + last < chars.count else { return String(repeating: "*", count: chars.count) }
        return String(chars[0..<first]) + String(repeating: "*", count: chars.count - first - last) + String(chars[(chars.count - last)...])
    }

    /// Keeps `+`, the country code and two digits in front and the last four (`+6012***6789`).
    private static func maskPhone(_ chars: [Character]) -> String {
        let plus = chars.first == "+" ? 1 : 0
        let head = plus + (chars.dropFirst(plus).starts(with: ["6", "0"]) ? 4 : 3)
        guard chars.count > head + 4 + 2 else {
            let side = chars.count / 8
            return keep(chars, first: side, last: side)
        }
        return keep(chars, first: head, last: 4)
    }

    /// `a***@d***.com`: first letter of the local part and the domain, and the last label.
    private static func maskEmail(_ email: String) -> String {
        guard let at = email.lastIndex(of: "@") else { return keep(Array(email), first: 0, last: 0) }
        let local = email[..<at]
        let domain = email[email.index(after: at)...]
        let firstLocal = local.first.map(String.init) ?? ""
        let firstDomain = domain.first.map(String.init) ?? ""
        let tld = domain.lastIndex(of: ".").map { String(domain[$0...]) } ?? ""
        return "\(firstLocal)***@\(firstDomain)***\(tld)"
    }
}
