import Exposure
import LeakTraceCore
import Triage

/// Something that delivers a text message to a phone: a vendor's HTTP API, a GSM modem, a spool.
///
/// Implementations must not log the number or the text (the text carries a one-time code).
public protocol SMSGateway: Sendable {
    /// - Parameters:
    ///   - text: the message, plain ASCII, one GSM-7 segment or close to it.
    ///   - phone: the number in E.164 (`+60123456789`).
    func send(text: String, to phone: Sensitive<String>) async throws
}

/// Sends one-time codes by SMS through an `SMSGateway`.
public struct SMSCodeSender: CodeSender {
    public let gateway: any SMSGateway
    /// Seconds a code stays valid, for the message text.
    public let codeLifetime: Int

    public init(gateway: any SMSGateway, codeLifetime: Int = 600) {
        self.gateway = gateway
        self.codeLifetime = codeLifetime
    }

    public func send(code: String, to contact: Account, language: String) async throws {
        guard contact.type == .phone else { throw SMSError(.notAPhone) }
        let text = CodeMessage(code: code, lifetime: codeLifetime, language: language).sms
        try await gateway.send(text: text, to: contact.canonical)
    }
}

/// Why a text message could not be handed over. Never names the number or the text.
public struct SMSError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable {
        case notAPhone
        /// The spool directory cannot be created or written.
        case spoolUnavailable
    }

    public var code: Code
    /// The failing system call's errno, if any.
    public var errno: Int32?

    public init(_ code: Code, errno: Int32? = nil) {
        self.code = code
        self.errno = errno
    }

    public var description: String {
        switch code {
        case .notAPhone: "SMS: the contact is not a phone number"
        case .spoolUnavailable: "SMS: cannot write to the outbox directory" + (errno.map { " (errno \($0))" } ?? "")
        }
    }
}

/// Sends emails through one sender and phones through another (SMTP and SMS in production).
public struct RoutingCodeSender: CodeSender {
    public let email: (any CodeSender)?
    public let phone: (any CodeSender)?

    public init(email: (any CodeSender)?, phone: (any CodeSender)?) {
        self.email = email
        self.phone = phone
    }

    public func send(code: String, to contact: Account, language: String) async throws {
        switch contact.type {
        case .email:
            guard let email else { throw RoutingError(type: contact.type) }
            try await email.send(code: code, to: contact, language: language)
        case .phone:
            guard let phone else { throw RoutingError(type: contact.type) }
            try await phone.send(code: code, to: contact, language: language)
        case .mykad:
            throw RoutingError(type: contact.type)
        }
    }

    /// No sender is configured for this kind of contact.
    public struct RoutingError: Error, Sendable, Equatable, CustomStringConvertible {
        public var type: LookupType
        public var description: String { "no code sender is configured for \(type)" }
    }

    /// Whether a contact of this kind can receive a code.
    public func canSend(to type: LookupType) -> Bool {
        switch type {
        case .email: email != nil
        case .phone: phone != nil
        case .mykad: false
        }
    }
}
