import Foundation

/// The text of a one-time-code message, in the language the person chose (`ms` or `en`).
///
/// Plain ASCII on purpose: it travels as 7-bit mail and as a single GSM-7 SMS. It names the
/// code, its lifetime and what to do if the person did not ask for it; it never names the
/// address or number it is sent to.
public struct CodeMessage: Sendable, Equatable {
    public var subject: String
    public var body: String
    /// The short form for SMS (one GSM-7 segment).
    public var sms: String

    /// - Parameters:
    ///   - code: the one-time code.
    ///   - lifetime: seconds the code stays valid.
    ///   - language: `ms` for Malay; anything else is English.
    public init(code: String, lifetime: Int, language: String) {
        let minutes = max(1, (lifetime + 59) / 60)
        if language == "ms" {
            subject = "Kod pengesahan LeakTrace anda"
            body = """
                Kod pengesahan anda ialah: \(code)

                Kod ini sah selama \(minutes) minit. Masukkan kod ini di halaman tempat anda memintanya.

                Jika anda tidak meminta kod ini, abaikan mesej ini: tiada apa-apa akan berlaku.
                Jangan beri kod ini kepada sesiapa. Kami tidak akan menelefon anda untuk memintanya.

                (LeakTrace: semakan kebocoran data peribadi)
                """
            sms = "LeakTrace: kod pengesahan anda \(code). Sah \(minutes) minit. Jika anda tidak memintanya, abaikan SMS ini. Jangan beri kod ini kepada sesiapa."
        } else {
            subject = "Your LeakTrace verification code"
            body = """
                Your verification code is: \(code)

                It is valid for \(minutes) minutes. Enter it on the page where you asked for it.

                If you did not ask for this code, ignore this message: nothing will happen.
                Never give this code to anyone. We will never call you to ask for it.

                (LeakTrace: personal-data breach check)
                """
            sms = "LeakTrace: your verification code is \(code). Valid \(minutes) min. If you did not ask for it, ignore this SMS. Never share this code."
        }
    }
}
