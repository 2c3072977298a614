import Foundation

/// Plain words for data classes and fixed notice text, in English and Malay.
enum NotificationWording {
    typealias Language = NotificationDraft.Language

    /// Canonical class id (``DataClassNames``) → (English, Malay) plain words.
    private static let classWords: [String: (en: String, ms: String)] = [
        "mykad": ("identity card (MyKad) number", "nombor kad pengenalan (MyKad)"),
        "passport": ("passport number", "nombor pasport"),
        "phone": ("phone number", "nombor telefon"),
        "email": ("email address", "alamat e-mel"),
        "sim": ("SIM card details", "butiran kad SIM"),
        "imei": ("phone device identifier (IMEI)", "pengecam peranti telefon (IMEI)"),
        "name": ("name", "nama"),
        "address": ("home address", "alamat rumah"),
        "state": ("state or location", "negeri atau lokasi"),
        "birth_date": ("date of birth", "tarikh lahir"),
        "gender": ("gender", "jantina"),
        "payment_card": ("payment card number", "nombor kad pembayaran"),
        "bank_account": ("bank account number", "nombor akaun bank"),
        "financial": ("financial information", "maklumat kewangan"),
        "health": ("health information", "maklumat kesihatan"),
        "religion": ("religious belief", "kepercayaan agama"),
        "politics": ("political opinions", "pendapat politik"),
        "offence": ("information about offences", "maklumat berkaitan kesalahan"),
        "biometric": ("biometric data (such as fingerprints)", "data biometrik (seperti cap jari)"),
        "race_ethnicity": ("race or ethnicity", "bangsa atau keturunan"),
        "credentials": ("password or login details", "kata laluan atau butiran log masuk"),
    ]

    /// Plain words for a class; an unknown class is shown as its name.
    static func plain(_ dataClass: String, _ language: Language) -> String {
        guard let words = classWords[DataClassNames.canonical(dataClass)] else { return dataClass }
        return language == .en ? words.en : words.ms
    }

    /// Distinct plain words for several classes, in first-seen order.
    static func plainList(_ classes: [String], _ language: Language) -> [String] {
        var seen: Set<String> = []
        return classes.map { plain($0, language) }.filter { seen.insert($0).inserted }
    }

    static func pick(_ language: Language, _ en: String, _ ms: String) -> String {
        language == .en ? en : ms
    }

    /// `12,345` (grouping with commas in both languages, as Malaysian official text does).
    static func number(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// Shown where a person must complete the draft.
    static func toComplete(_ language: Language, _ what: String) -> String {
        pick(language, "[To be completed: \(what)]", "[Untuk dilengkapkan: \(what)]")
    }

    /// What a data subject can do, with no link to click (scam messages imitate notices).
    static func adviceToSubjects(_ language: Language, classes: [String]) -> [String] {
        let canonical = Set(classes.map(DataClassNames.canonical))
        let has: ([String]) -> Bool = { names in names.contains { canonical.contains(DataClassNames.canonical($0)) } }
        var steps: [String] = []
        steps.append(pick(language,
            "If anyone calls or messages you about this incident, a parcel, a loan, a court case or the police and asks for money, your PIN, TAC or password, hang up and call the National Scam Response Centre (NSRC) at 997.",
            "Jika sesiapa menghubungi atau menghantar mesej kepada anda tentang insiden ini, bungkusan, pinjaman, kes mahkamah atau polis dan meminta wang, PIN, TAC atau kata laluan anda, tamatkan panggilan dan hubungi Pusat Respons Scam Kebangsaan (NSRC) di talian 997."))
        steps.append(pick(language,
            "Check your bank and e-wallet accounts regularly for transactions you do not recognise, and report them to your bank at once.",
            "Semak akaun bank dan e-dompet anda dengan kerap untuk transaksi yang tidak anda kenali, dan laporkan segera kepada bank anda."))
        steps.append(pick(language,
            "If your mobile phone suddenly loses its signal, contact your mobile operator at once: someone may be trying to take over your number (SIM swap).",
            "Jika telefon bimbit anda tiba-tiba hilang isyarat, hubungi syarikat telekomunikasi anda dengan segera kerana seseorang mungkin cuba mengambil alih nombor anda (penukaran SIM)."))
        steps.append(pick(language,
            "Your identity card (MyKad) details may be misused. Do not send a copy of your MyKad to anyone you do not know, and check your credit report (CCRIS at Bank Negara Malaysia, or CTOS) for loans or accounts you did not open.",
            "Butiran kad pengenalan (MyKad) anda mungkin disalahgunakan. Jangan hantar salinan MyKad anda kepada orang yang tidak dikenali, dan semak laporan kredit anda (CCRIS di Bank Negara Malaysia, atau CTOS) untuk pinjaman atau akaun yang tidak anda buka."))
        if has(["credentials", "Passwords"]) {
            steps.append(pick(language,
                "Change your password for our service and for any other service where you used the same password.",
                "Tukar kata laluan anda untuk perkhidmatan kami dan untuk mana-mana perkhidmatan lain yang menggunakan kata laluan yang sama."))
        }
        steps.append(pick(language,
            "We will never send you a link about this incident or ask for your password, PIN or TAC. Do not click links in messages that claim to be about it; contact us only through the details below.",
            "Kami tidak akan sekali-kali menghantar pautan tentang insiden ini atau meminta kata laluan, PIN atau TAC anda. Jangan klik pautan dalam mesej yang mendakwa berkaitan insiden ini; hubungi kami hanya melalui butiran di bawah."))
        return steps
    }

    /// Removes anything a reader could click: `scheme://...` and `www.` words become
    /// `[link removed]` (the notice must not carry links; scams imitate them).
    static func withoutLinks(_ text: String) -> String {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        return words.map { word -> String in
            let lower = word.lowercased()
            if lower.contains("://") || lower.hasPrefix("www.") { return "[link removed]" }
            return String(word)
        }.joined(separator: " ")
    }
}
