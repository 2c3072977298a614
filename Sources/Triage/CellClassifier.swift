import Identifiers
import LeakTraceCore

/// The one place the scanner calls the identifier detectors, by column type.
enum CellClassifier {
    /// Classifies one cell of a column typed `type`. Phone columns accept either phone type.
    static func detect(_ type: IdentifierType, bytes: UnsafeBufferPointer<UInt8>, context: CellContext, dateOrder: DateOrderChoice) -> Detection {
        switch type {
        case .mykad: return MyKad.detect(bytes: bytes, context: context)
        case .phoneMobile, .phoneFixed: return Phone.detect(bytes: bytes, context: context)
        case .email: return Email.detect(bytes: bytes, context: context)
        case .imsi: return IMSI.detect(bytes: bytes, context: context)
        case .iccid: return ICCID.detect(bytes: bytes, context: context)
        case .imei: return IMEI.detect(bytes: bytes, context: context)
        case .paymentCard: return PaymentCard.detect(bytes: bytes, context: context)
        case .date, .birthDate:
            if let date = FastDate.parse(bytes, order: dateOrder, referenceDate: context.referenceDate) {
                var facts = DerivedFacts()
                facts.birthDate = date
                return Detection(type: type, verdict: .valid, facts: facts)
            }
            return Detection(type: type, verdict: .invalid)
        default:
            return detect(type, text: String(decoding: bytes, as: UTF8.self), context: context)
        }
    }

    /// Classifies one cell given as text (sampling, free-text columns).
    static func detect(_ type: IdentifierType, text: String, context: CellContext) -> Detection {
        switch type {
        case .mykad: return MyKad.detect(text, context: context)
        case .oldIC: return OldIC.detect(text, context: context)
        case .passport: return Passport.detect(text, context: context)
        case .phoneMobile, .phoneFixed: return Phone.detect(text, context: context)
        case .email: return Email.detect(text, context: context)
        case .imsi: return IMSI.detect(text, context: context)
        case .iccid: return ICCID.detect(text, context: context)
        case .imei: return IMEI.detect(text, context: context)
        case .paymentCard: return PaymentCard.detect(text, context: context)
        case .bankAccount: return BankAccount.detect(text, context: context)
        case .postcode: return Postcode.detect(text, context: context)
        case .state: return MalaysianState.detect(text, context: context)
        case .gender: return GenderValue.detect(text, context: context)
        case .name: return PersonName.detect(text, context: context)
        case .address: return Address.detect(text, context: context)
        case .date, .birthDate:
            let detection = Array(text.utf8).withUnsafeBufferPointer {
                detect(type, bytes: $0, context: context, dateOrder: .dayFirst)
            }
            return detection
        case .other: return Detection(type: .other, verdict: .invalid)
        }
    }

    /// Whether a cell validates as `type`, and the type it validates as (a phone column's cell
    /// may be either phone type): what column typing reads of `detect(type, text:context:)`.
    /// Addresses and names, typed by their header and rated on 1,000 sampled cells, skip
    /// building a canonical form and notes no one reads.
    static func validates(_ type: IdentifierType, text: String, context: CellContext) -> (valid: Bool, type: IdentifierType) {
        switch type {
        case .address: return (Address.verdict(text, context: context).isValid, .address)
        case .name: return (PersonName.verdict(text, context: context).isValid, .name)
        default:
            let d = detect(type, text: text, context: context)
            return (d.verdict.isValid, d.type)
        }
    }

    /// Builds the detectors' reference tables (postcodes and towns, state names, name words,
    /// phone patterns, header words) by running each detector once. Each table is built on first
    /// use anyway; a scan calls this on another thread while it reads its first batch, so that
    /// column typing does not wait for them.
    static func preload() {
        let context = CellContext()
        let samples: [(IdentifierType, String)] = [
            (.address, "No 1, Jalan Ampang, 50450 Kuala Lumpur, Wilayah Persekutuan"), (.postcode, "50450"), (.state, "Selangor"),
            (.name, "Ahmad bin Ali"), (.phoneMobile, "012-345 6789"), (.mykad, "850101-14-5679"), (.imsi, "502121234567890"),
            (.email, "a@example.com"), (.gender, "L"), (.passport, "A12345678"), (.oldIC, "A1234567"), (.bankAccount, "1234567890"),
        ]
        for (type, text) in samples { _ = detect(type, text: text, context: context) }
        _ = HeaderVocabulary.classify("no_kp")
    }
}
