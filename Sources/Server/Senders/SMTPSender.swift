import Exposure
import Foundation
import LeakTraceCore
import NIOCore
import NIOPosix
import Triage

/// Sends one-time codes by email over SMTP (RFC 5321), on SwiftNIO.
///
/// One connection per message: EHLO, AUTH PLAIN when a username is configured, MAIL FROM,
/// RCPT TO, DATA (dot-stuffed), QUIT. Every reply code is checked; a failure throws an
/// `SMTPError` that names the stage and the reply code but never the address, the code or the
/// server's reply text (which often repeats the address).
///
/// Plain SMTP only: STARTTLS and implicit TLS are not implemented, so point it at a relay on
/// loopback or a trusted network (a local Postfix or an SMTP sidecar that relays over TLS).
/// AUTH PLAIN sends the password in clear over this connection for the same reason.
public struct SMTPSender: CodeSender {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        /// The envelope sender and `From:` address.
        public var from: String
        /// The display name in `From:`.
        public var fromName: String
        /// When set, AUTH PLAIN is used with `password`.
        public var username: String?
        public var password: String?
        /// The name sent in EHLO.
        public var heloName: String
        /// Seconds to connect.
        public var connectTimeout: Double
        /// Seconds for the whole conversation, connect included.
        public var timeout: Double
        /// Seconds a code stays valid, for the message text (the ownership policy's `ttl`).
        public var codeLifetime: Int

        public init(
            host: String = "127.0.0.1", port: Int = 25, from: String, fromName: String = "LeakTrace",
            username: String? = nil, password: String? = nil, heloName: String = "localhost",
            connectTimeout: Double = 10, timeout: Double = 30, codeLifetime: Int = 600
        ) {
            self.host = host
            self.port = port
            self.from = from
            self.fromName = fromName
            self.username = username
            self.password = password
            self.heloName = heloName
            self.connectTimeout = connectTimeout
            self.timeout = timeout
            self.codeLifetime = codeLifetime
        }
    }

    public let configuration: Configuration
    private let group: any EventLoopGroup

    public init(configuration: Configuration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.group = group
    }

    public func send(code: String, to contact: Account, language: String) async throws {
        guard contact.type == .email else { throw SMTPError(.invalidAddress, stage: "envelope") }
        let message = CodeMessage(code: code, lifetime: configuration.codeLifetime, language: language)
        try await send(to: contact.canonical.value, subject: message.subject, body: message.body)
    }

    /// Sends one plain-text message.
    /// - Throws: `SMTPError`; its text never contains the recipient or the body.
    public func send(to recipient: String, subject: String, body: String) async throws {
        let config = configuration
        guard SMTPSender.isSendable(address: recipient), SMTPSender.isSendable(address: config.from) else {
            throw SMTPError(.invalidAddress, stage: "envelope")
        }
        let data = SMTPSender.messageData(config: config, to: recipient, subject: subject, body: body)
        let channel: NIOAsyncChannel<SMTPReply, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.milliseconds(Int64(config.connectTimeout * 1000)))
                .connect(host: config.host, port: config.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                        return try NIOAsyncChannel<SMTPReply, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SMTPError(.connect, stage: "connect")
        }
        let timeout = config.timeout
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    var session = SMTPSession(replies: inbound.makeAsyncIterator(), outbound: outbound)
                    try await session.run(config: config, recipient: recipient, data: data)
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(Int64(timeout * 1000)))
                // Closing ends the inbound stream, so a stalled conversation cannot outlive this.
                channel.channel.close(promise: nil)
                throw SMTPError(.timeout, stage: "conversation")
            }
            defer { group.cancelAll() }
            _ = try await group.next()
        }
    }

    // MARK: - Message

    /// A mailbox that cannot break out of the envelope or a header: no controls, spaces or brackets.
    static func isSendable(address: String) -> Bool {
        guard (3 ... 320).contains(address.utf8.count), address.contains("@") else { return false }
        return address.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }
    }

    /// The DATA payload: headers, a blank line and the dot-stuffed body, CRLF line ends, without
    /// the terminating `.` line.
    static func messageData(config: Configuration, to recipient: String, subject: String, body: String, date: Date = Date()) -> String {
        let host = config.from.split(separator: "@").last.map(String.init) ?? "localhost"
        var idBytes = SystemRandomNumberGenerator()
        let messageId = (0 ..< 16).map { _ in String(format: "%02x", UInt8.random(in: 0 ... 255, using: &idBytes)) }.joined()
        let headers = [
            "Date: " + rfc5322Date(date),
            "From: " + headerText(config.fromName) + " <" + config.from + ">",
            "To: <" + recipient + ">",
            "Subject: " + headerText(subject),
            "Message-ID: <" + messageId + "@" + host + ">",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "Auto-Submitted: auto-generated",
        ]
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + dotStuffed(body)
    }

    /// CRLF line ends, and a second `.` in front of any line that starts with one (RFC 5321 §4.5.2).
    static func dotStuffed(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        return lines.map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n") + "\r\n"
    }

    /// A header value on one line; RFC 2047 base64 when it is not plain ASCII.
    static func headerText(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if flat.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return flat }
        return "=?utf-8?B?" + Data(flat.utf8).base64EncodedString() + "?="
    }

    static func rfc5322Date(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss +0000"
        return f.string(from: date)
    }
}

/// One SMTP conversation over an open connection.
struct SMTPSession {
    var replies: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    mutating func run(config: SMTPSender.Configuration, recipient: String, data: String) async throws {
        try await expect("greeting", 220)
        let ehlo = try await command("EHLO " + config.heloName, stage: "ehlo", 250)
        if let user = config.username {
            let offersPlain = ehlo.lines.contains { line in
                let words = line.uppercased().split(whereSeparator: { $0 == " " || $0 == "=" })
                return words.first == "AUTH" && words.contains("PLAIN")
            }
            guard offersPlain else { throw SMTPError(.authUnavailable, stage: "auth") }
            let token = Data(([0] + Array(user.utf8) + [0] + Array((config.password ?? "").utf8))).base64EncodedString()
            try await command("AUTH PLAIN " + token, stage: "auth", 235)
        }
        try await command("MAIL FROM:<" + config.from + ">", stage: "mail-from", 250)
        try await command("RCPT TO:<" + recipient + ">", stage: "rcpt-to", 250, 251)
        try await command("DATA", stage: "data", 354)
        try await write(data + ".\r\n")
        try await expect("message", 250)
        // The message is accepted; a rude QUIT answer changes nothing.
        try? await command("QUIT", stage: "quit", 221)
    }

    @discardableResult
    mutating func command(_ line: String, stage: String, _ accepted: Int...) async throws -> SMTPReply {
        try await write(line + "\r\n")
        return try await expect(stage, oneOf: accepted)
    }

    @discardableResult
    mutating func expect(_ stage: String, _ accepted: Int...) async throws -> SMTPReply {
        try await expect(stage, oneOf: accepted)
    }

    mutating func expect(_ stage: String, oneOf accepted: [Int]) async throws -> SMTPReply {
        let reply: SMTPReply?
        do {
            reply = try await replies.next()
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError(.closed, stage: stage)
        }
        guard let reply else { throw SMTPError(.closed, stage: stage) }
        guard accepted.contains(reply.code) else { throw SMTPError(.rejected, stage: stage, replyCode: reply.code) }
        return reply
    }

    func write(_ text: String) async throws {
        do {
            try await outbound.write(ByteBuffer(string: text))
        } catch {
            throw SMTPError(.closed, stage: "write")
        }
    }
}

/// A complete SMTP reply: the code and the text of each line (`250-PIPELINING` → `PIPELINING`).
struct SMTPReply: Sendable, Equatable {
    var code: Int
    var lines: [String]
}

/// Frames SMTP replies: lines up to LF, continued while the fourth character is `-`.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply
    static let maxLine = 4096
    static let maxLines = 200

    var code: Int?
    var lines: [String] = []

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let lf = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if view.count > SMTPReplyDecoder.maxLine { throw SMTPError(.protocolViolation, stage: "reply") }
            return .needMoreData
        }
        let length = lf - view.startIndex + 1
        guard length <= SMTPReplyDecoder.maxLine, var bytes = buffer.readBytes(length: length) else {
            throw SMTPError(.protocolViolation, stage: "reply")
        }
        bytes.removeLast()
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard bytes.count >= 3, bytes[0 ..< 3].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-") else {
            throw SMTPError(.protocolViolation, stage: "reply")
        }
        let lineCode = Int(bytes[0] - 0x30) * 100 + Int(bytes[1] - 0x30) * 10 + Int(bytes[2] - 0x30)
        if let code, code != lineCode { throw SMTPError(.protocolViolation, stage: "reply") }
        code = lineCode
        lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        guard lines.count <= SMTPReplyDecoder.maxLines else { throw SMTPError(.protocolViolation, stage: "reply") }
        if bytes.count == 3 || bytes[3] == UInt8(ascii: " ") {
            context.fireChannelRead(wrapInboundOut(SMTPReply(code: lineCode, lines: lines)))
            code = nil
            lines = []
        }
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

/// Why an email could not be sent. Names the stage and the server's reply code, never the
/// recipient, the message or the server's reply text.
public struct SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable {
        /// No TCP connection (refused, unreachable, connect timeout).
        case connect
        /// The conversation took longer than the configured timeout.
        case timeout
        /// The server answered with an unexpected reply code.
        case rejected
        /// AUTH was configured but the server does not offer AUTH PLAIN.
        case authUnavailable
        /// The server closed the connection mid-conversation.
        case closed
        /// A reply that is not SMTP.
        case protocolViolation
        /// An address that cannot be put in an envelope.
        case invalidAddress
    }

    public var code: Code
    /// `connect`, `greeting`, `ehlo`, `auth`, `mail-from`, `rcpt-to`, `data`, `message`, `quit`...
    public var stage: String
    public var replyCode: Int?

    public init(_ code: Code, stage: String, replyCode: Int? = nil) {
        self.code = code
        self.stage = stage
        self.replyCode = replyCode
    }

    public var description: String {
        switch code {
        case .connect: "SMTP: cannot connect to the mail server"
        case .timeout: "SMTP: the mail server did not answer in time (\(stage))"
        case .rejected: "SMTP: the mail server refused the \(stage) step with reply \(replyCode.map(String.init) ?? "?")"
        case .authUnavailable: "SMTP: a username is configured but the mail server offers no AUTH PLAIN"
        case .closed: "SMTP: the mail server closed the connection (\(stage))"
        case .protocolViolation: "SMTP: the mail server's reply is not SMTP (\(stage))"
        case .invalidAddress: "SMTP: an address cannot be used in the envelope"
        }
    }
}
