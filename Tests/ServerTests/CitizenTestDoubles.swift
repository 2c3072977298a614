import Exposure
import LeakTraceCore
import Synchronization

/// A `CodeSender` that keeps the codes it is asked to send, per contact canonical form.
final class CitizenCapturingSender: CodeSender {
    struct Sent: Sendable {
        var code: String
        var contact: String
        var language: String
    }

    let sent = Mutex<[Sent]>([])

    func send(code: String, to contact: Account, language: String) async throws {
        sent.withLock { $0.append(Sent(code: code, contact: contact.canonical.value, language: language)) }
    }

    func lastCode(for contact: String) -> String? {
        sent.withLock { $0.last(where: { $0.contact == contact })?.code }
    }
}
