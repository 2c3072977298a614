import Foundation
import Identifiers
import LeakTraceCore
import Triage

/// An identifier someone looks up: an email, a MyKad or a phone number in any spelling, reduced
/// to the canonical form the index was built from.
public struct Account: Sendable, Equatable, CustomStringConvertible {
    public var type: LookupType
    public var canonical: Sensitive<String>

    public init(type: LookupType, canonical: Sensitive<String>) {
        self.type = type
        self.canonical = canonical
    }

    /// Never the value: a lookup's account is personal data.
    public var description: String { "Account(\(type), <redacted>)" }

    /// Reads what a person typed. HIBP trims the account and ignores case; so does this.
    ///
    /// Rules, in order: an `@` makes it an email; twelve digits (any separators) that form a
    /// valid MyKad are a MyKad; otherwise a valid Malaysian or international phone number is a
    /// phone. `hint` forces a type (the API's `type` parameter, the page's selector).
    /// - Returns: nil when it is none of these (the API answers 400).
    public static func parse(_ raw: String, hint: LookupType? = nil) -> Account? {
        let text = TextTrim.trimmed(raw)
        guard !text.isEmpty, text.utf8.count <= 320 else { return nil }
        if hint == .email || (hint == nil && text.utf8.contains(0x40)) {  // "@"; bytes, not Foundation's substring search
            let d = Email.detect(text, context: CellContext(columnType: .email))
            guard d.verdict.isValid, let c = d.canonical else { return nil }
            return Account(type: .email, canonical: Sensitive(c))
        }
        let digitCount = text.utf8.count(where: { $0 >= 0x30 && $0 <= 0x39 })
        if hint == .mykad || (hint == nil && digitCount == 12 && !text.hasPrefix("+")) {
            let d = MyKad.detect(text, context: CellContext(columnType: .mykad, referenceDate: Account.referenceDate))
            if (d.verdict.isValid || d.verdict == .ambiguous), let c = d.canonical, c.utf8.count == 12 {
                return Account(type: .mykad, canonical: Sensitive(c))
            }
            if hint == .mykad { return nil }
        }
        let d = Phone.detect(text, context: CellContext(columnType: .phoneMobile, referenceDate: Account.referenceDate))
        if (d.verdict.isValid || d.verdict == .ambiguous), let c = d.canonical {
            return Account(type: .phone, canonical: Sensitive(c))
        }
        return nil
    }

    /// Today: the MyKad century and the 02-Singapore rule read a lookup as of now.
    static var referenceDate: CivilDate { CivilDate(daysSinceEpoch: Int(Date().timeIntervalSince1970) / 86_400) }

    /// The masked form for the person's own screen (`012*****34`, `a***@example.com`).
    public var masked: String {
        switch type {
        case .mykad: Masking.mask(canonical.value, type: .mykad)
        case .phone: Masking.mask(canonical.value, type: .phoneMobile)
        case .email: Masking.mask(canonical.value, type: .email)
        }
    }
}
