import Exposure
import Foundation

/// The citizen page's languages: Malay first (the page is for Malaysia), English.
public enum CitizenLanguage: String, Sendable, CaseIterable {
    case ms
    case en

    var other: CitizenLanguage { self == .ms ? .en : .ms }
    var text: CitizenText { self == .ms ? .malay : .english }

    /// `?lang=` wins; otherwise the better of `ms` and `en` in Accept-Language (q-values, then
    /// order); otherwise Malay.
    static func pick(query: String?, acceptLanguage: String?) -> CitizenLanguage {
        if let q = query?.lowercased(), let l = CitizenLanguage(rawValue: q) { return l }
        guard let header = acceptLanguage else { return .ms }
        var best: (lang: CitizenLanguage, q: Double)?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased() else { continue }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            guard let lang = CitizenLanguage(rawValue: primary) else { continue }
            var q = 1.0
            for p in pieces.dropFirst() where p.lowercased().hasPrefix("q=") {
                q = Double(p.dropFirst(2)) ?? 0
            }
            if q > 0, q > (best?.q ?? 0) { best = (lang, q) }
        }
        return best?.lang ?? .ms
    }

    /// A data class's display name in this language (HIBP's English title otherwise).
    func dataClass(_ title: String) -> String {
        guard self == .ms, let c = DataClass(title: title) else { return title }
        return c.titleMalay
    }
}

/// Every fixed sentence of the page, in one language. Templates read them as `{{t.name}}`.
struct CitizenText: Sendable {
    var isMalay: Bool
    var languageName: String
    var switchLabel: String
    var tagline: String
    var intro: String
    var fieldLabel: String
    var fieldHint: String
    var checkButton: String
    var mykadNote: String
    var privacy: String
    var resultsTitle: String
    var foundIntro: String
    var noBreaches: String
    var breachDate: String
    var breachData: String
    var yourData: String
    var sensitive: String
    var provenNote: String
    var mykadProvenNote: String
    var verifyTitle: String
    var verifyOffer: String
    var contactLabel: String
    var contactHint: String
    var sendCode: String
    var mykadTitle: String
    var mykadExplain: String
    var codeTitle: String
    var codeSentTo: String
    var codeLabel: String
    var confirm: String
    var startAgain: String
    var verifiedTitle: String
    var verifiedText: String
    var lookupLabel: String
    var nextTitle: String
    var nextSteps: [String]
    var checkAnother: String
    var invalidInput: String
    var invalidContact: String
    var challengeGone: String
    var verifyUnavailable: String
    var sendFailed: String
    var limitedTitle: String
    var errorTitle: String
    var errorText: String
    var statusLabel: String
    var requestIdLabel: String

    func wrongCode(attemptsLeft: Int) -> String {
        isMalay
            ? "Kod itu tidak betul. Cubaan yang tinggal: \(attemptsLeft)."
            : "That code is not right. Tries left: \(attemptsLeft)."
    }

    func wait(seconds: Int) -> String {
        isMalay
            ? "Sila tunggu \(seconds) saat, kemudian cuba lagi."
            : "Please wait \(seconds) seconds, then try again."
    }

    func proofValidity(seconds: Int64) -> String {
        let minutes = max(1, seconds / 60)
        return isMalay ? "Ini sah selama \(minutes) minit." : "This lasts \(minutes) minutes."
    }

    func codeValidity(seconds: Int64) -> String {
        let minutes = max(1, (seconds + 59) / 60)
        return isMalay
            ? "Kod ini sah selama \(minutes) minit."
            : "The code is valid for \(minutes) minutes."
    }

    static let english = CitizenText(
        isMalay: false,
        languageName: "English",
        switchLabel: "Bahasa Melayu",
        tagline: "Was my data in a breach?",
        intro: "Check whether your MyKad number, phone number or email appears in a data breach known to this service. We show which breaches and which kinds of data, never the data itself.",
        fieldLabel: "MyKad, phone number or email",
        fieldHint: "For example 012-345 6789 or name@example.com",
        checkButton: "Check",
        mykadNote: "A MyKad number is checked only after you prove you own a phone number or email linked to it.",
        privacy: "What you type is not logged or kept. A code request keeps only a keyed hash of the email or number until the code expires.",
        resultsTitle: "Results for",
        foundIntro: "Found in these breaches:",
        noBreaches: "Not found in any breach loaded here. This does not prove that your data never leaked.",
        breachDate: "Breach date",
        breachData: "Data exposed in this breach",
        yourData: "Data about you in this breach",
        sensitive: "Sensitive",
        provenNote: "You proved this is yours, so sensitive breaches and the data about you are shown.",
        mykadProvenNote: "Breaches in which this MyKad appears together with the phone number or email you verified.",
        verifyTitle: "See everything about you",
        verifyOffer: "Some breaches are shown only to the owner, and only the owner sees exactly which data about them leaked. Prove that an email or phone number is yours: we send a 6-digit code to it.",
        contactLabel: "Your email or phone number",
        contactHint: "The code goes to this email or number.",
        sendCode: "Send code",
        mykadTitle: "A MyKad number needs proof first",
        mykadExplain: "To protect MyKad holders, results for a MyKad number are shown only to someone who proves they own a phone number or email linked to that MyKad in the same breach. Enter that phone number or email and we will send a code to it.",
        codeTitle: "Enter your code",
        codeSentTo: "If it can receive messages, a 6-digit code has been sent to",
        codeLabel: "6-digit code",
        confirm: "Confirm",
        startAgain: "Ask for a new code",
        verifiedTitle: "Verified",
        verifiedText: "You proved you own this email or phone number. In this browser you can now see sensitive breaches and which data about you leaked, for it and for a MyKad number linked to it.",
        lookupLabel: "Email, phone number or MyKad to check",
        nextTitle: "What to do now",
        nextSteps: [
            "Change the password of every account that uses this email or phone number, and turn on two-step verification.",
            "Be wary of calls and SMS claiming to be from the police, a bank, LHDN or a court (the \"Macau scam\"): hang up and call the organisation on its official number.",
            "If your phone suddenly has no signal, call your telco at once: someone may be moving your number to a new SIM (SIM swap).",
            "Tell your bank if bank or card details were exposed, and watch your statements.",
            "If you lost money, call the National Scam Response Centre (NSRC) at 997 at once, then make a police report.",
            "To complain about how an organisation handled your personal data, contact the Personal Data Protection Department (JPDP).",
        ],
        checkAnother: "Check another",
        invalidInput: "That is not a valid MyKad number, Malaysian phone number or email address.",
        invalidContact: "Enter an email address or a phone number (not a MyKad number).",
        challengeGone: "This code has expired or was tried too many times. Ask for a new one.",
        verifyUnavailable: "Verification by code is not available on this server.",
        sendFailed: "We could not send the code just now. Please try again later.",
        limitedTitle: "Too many requests",
        errorTitle: "Something went wrong",
        errorText: "Please try again later. If you contact us, quote the request id.",
        statusLabel: "Status",
        requestIdLabel: "Request id"
    )

    static let malay = CitizenText(
        isMalay: true,
        languageName: "Bahasa Melayu",
        switchLabel: "English",
        tagline: "Adakah data saya terlibat dalam kebocoran?",
        intro: "Semak sama ada nombor MyKad, nombor telefon atau e-mel anda terdapat dalam kebocoran data yang diketahui oleh perkhidmatan ini. Kami menunjukkan kebocoran dan jenis data yang terlibat, bukan data itu sendiri.",
        fieldLabel: "MyKad, nombor telefon atau e-mel",
        fieldHint: "Contohnya 012-345 6789 atau nama@contoh.com",
        checkButton: "Semak",
        mykadNote: "Nombor MyKad hanya disemak selepas anda membuktikan anda pemilik nombor telefon atau e-mel yang berkaitan dengannya.",
        privacy: "Apa yang anda taip tidak direkodkan atau disimpan. Permintaan kod hanya menyimpan cincangan berkunci e-mel atau nombor itu sehingga kod tamat tempoh.",
        resultsTitle: "Keputusan untuk",
        foundIntro: "Dijumpai dalam kebocoran berikut:",
        noBreaches: "Tidak dijumpai dalam mana-mana kebocoran yang dimuatkan di sini. Ini tidak membuktikan data anda tidak pernah bocor.",
        breachDate: "Tarikh kebocoran",
        breachData: "Data yang terdedah dalam kebocoran ini",
        yourData: "Data tentang anda dalam kebocoran ini",
        sensitive: "Sensitif",
        provenNote: "Anda telah membuktikan ini milik anda, jadi kebocoran sensitif dan data tentang anda ditunjukkan.",
        mykadProvenNote: "Kebocoran yang mengandungi MyKad ini bersama nombor telefon atau e-mel yang telah anda sahkan.",
        verifyTitle: "Lihat semua tentang anda",
        verifyOffer: "Sesetengah kebocoran hanya ditunjukkan kepada pemiliknya, dan hanya pemilik dapat melihat data tentang dirinya yang bocor. Buktikan e-mel atau nombor telefon itu milik anda: kami akan menghantar kod 6 digit kepadanya.",
        contactLabel: "E-mel atau nombor telefon anda",
        contactHint: "Kod akan dihantar ke e-mel atau nombor ini.",
        sendCode: "Hantar kod",
        mykadTitle: "Nombor MyKad memerlukan bukti dahulu",
        mykadExplain: "Untuk melindungi pemegang MyKad, keputusan bagi nombor MyKad hanya ditunjukkan kepada orang yang membuktikan dia pemilik nombor telefon atau e-mel yang berkaitan dengan MyKad itu dalam kebocoran yang sama. Masukkan nombor telefon atau e-mel tersebut dan kami akan menghantar kod kepadanya.",
        codeTitle: "Masukkan kod anda",
        codeSentTo: "Jika ia boleh menerima mesej, kod 6 digit telah dihantar ke",
        codeLabel: "Kod 6 digit",
        confirm: "Sahkan",
        startAgain: "Minta kod baharu",
        verifiedTitle: "Disahkan",
        verifiedText: "Anda telah membuktikan anda pemilik e-mel atau nombor telefon ini. Dalam pelayar ini anda kini boleh melihat kebocoran sensitif dan data tentang anda yang bocor, bagi e-mel atau nombor itu dan bagi nombor MyKad yang berkaitan dengannya.",
        lookupLabel: "E-mel, nombor telefon atau MyKad untuk disemak",
        nextTitle: "Apa perlu dibuat sekarang",
        nextSteps: [
            "Tukar kata laluan setiap akaun yang menggunakan e-mel atau nombor telefon ini, dan hidupkan pengesahan dua langkah.",
            "Berwaspada dengan panggilan dan SMS yang mendakwa daripada polis, bank, LHDN atau mahkamah (\"Macau scam\"): letak telefon dan hubungi organisasi itu melalui nombor rasminya.",
            "Jika telefon anda tiba-tiba tiada isyarat, segera hubungi syarikat telekomunikasi anda: mungkin ada orang memindahkan nombor anda ke SIM baharu (SIM swap).",
            "Maklumkan bank anda jika butiran bank atau kad terdedah, dan semak penyata anda.",
            "Jika anda kehilangan wang, segera hubungi Pusat Respons Scam Kebangsaan (NSRC) di talian 997, kemudian buat laporan polis.",
            "Untuk mengadu tentang cara sesebuah organisasi mengendalikan data peribadi anda, hubungi Jabatan Perlindungan Data Peribadi (JPDP).",
        ],
        checkAnother: "Semak yang lain",
        invalidInput: "Itu bukan nombor MyKad, nombor telefon Malaysia atau alamat e-mel yang sah.",
        invalidContact: "Masukkan alamat e-mel atau nombor telefon (bukan nombor MyKad).",
        challengeGone: "Kod ini telah tamat tempoh atau telah dicuba terlalu banyak kali. Minta kod baharu.",
        verifyUnavailable: "Pengesahan melalui kod tidak tersedia di pelayan ini.",
        sendFailed: "Kami tidak dapat menghantar kod sekarang. Sila cuba lagi kemudian.",
        limitedTitle: "Terlalu banyak permintaan",
        errorTitle: "Ada masalah",
        errorText: "Sila cuba lagi kemudian. Jika anda menghubungi kami, nyatakan ID permintaan.",
        statusLabel: "Status",
        requestIdLabel: "ID permintaan"
    )
}
