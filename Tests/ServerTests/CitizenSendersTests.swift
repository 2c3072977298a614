import Exposure
import Foundation
import LeakTraceCore
import Server
import Synchronization
import Testing
import Triage

@Suite("SMS and routing senders")
struct SMSSenderTests {
    static let phone = Account(type: .phone, canonical: Sensitive("+60123456789"))
    static let email = Account(type: .email, canonical: Sensitive("alice.tan@example.com"))

    func outbox() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lt-outbox-\(UUID().uuidString)").path
        return dir + "/spool"
    }

    @Test("The outbox gateway writes one 0600 JSON file per message, in a 0700 folder")
    func outboxFiles() async throws {
        let dir = try outbox()
        defer { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }
        let sender = SMSCodeSender(gateway: OutboxSMSGateway(directory: dir), codeLifetime: 300)
        try await sender.send(code: "314159", to: Self.phone, language: "ms")
        try await sender.send(code: "271828", to: Self.phone, language: "en")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(files.count == 2)
        #expect(files.allSatisfy { $0.hasSuffix(".json") && !$0.hasPrefix(".") })
        let dirMode = try #require(try FileManager.default.attributesOfItem(atPath: dir)[.posixPermissions] as? Int)
        #expect(dirMode & 0o777 == 0o700)
        var texts: [String] = []
        for file in files {
            let path = dir + "/" + file
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
            #expect(mode & 0o777 == 0o600)
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
            #expect(json["to"] == "+60123456789")
            #expect(json["created"]?.hasSuffix("Z") == true)
            texts.append(json["text"] ?? "")
        }
        #expect(texts.contains { $0.contains("314159") && $0.contains("5 minit") && $0.contains("abaikan") })
        #expect(texts.contains { $0.contains("271828") && $0.contains("5 min") && $0.contains("ignore") })
        #expect(texts.allSatisfy { $0.utf8.count <= 160 })
    }

    @Test("The SMS sender refuses an email")
    func smsRefusesEmail() async throws {
        let sender = SMSCodeSender(gateway: OutboxSMSGateway(directory: try outbox()))
        await #expect(throws: SMSError(.notAPhone)) {
            try await sender.send(code: "1", to: Self.email, language: "en")
        }
    }

    @Test("Routing sends emails and phones to their own sender and refuses a MyKad")
    func routing() async throws {
        let mail = CitizenCapturingSender()
        let sms = CitizenCapturingSender()
        let router = RoutingCodeSender(email: mail, phone: sms)
        try await router.send(code: "111111", to: Self.email, language: "en")
        try await router.send(code: "222222", to: Self.phone, language: "ms")
        #expect(mail.sent.withLock { $0.map(\.code) } == ["111111"])
        #expect(sms.sent.withLock { $0.map(\.code) } == ["222222"])
        let mykad = Account(type: .mykad, canonical: Sensitive("900101145678"))
        await #expect(throws: RoutingCodeSender.RoutingError.self) {
            try await router.send(code: "3", to: mykad, language: "en")
        }
        let emailOnly = RoutingCodeSender(email: mail, phone: nil)
        #expect(emailOnly.canSend(to: .email) && !emailOnly.canSend(to: .phone))
        await #expect(throws: RoutingCodeSender.RoutingError.self) {
            try await emailOnly.send(code: "4", to: Self.phone, language: "en")
        }
    }

    @Test("Messages name the code and lifetime in both languages, in plain ASCII")
    func messageText() {
        for lang in ["ms", "en"] {
            let m = CodeMessage(code: "007007", lifetime: 600, language: lang)
            #expect(m.body.contains("007007") && m.sms.contains("007007"))
            #expect(m.body.contains("10 min"))
            #expect((m.subject + m.body + m.sms).utf8.allSatisfy { $0 < 0x80 })
        }
    }
}

@Suite("Citizen templates")
struct CitizenViewsTests {
    @Test("Templates load, and none uses an unescaped tag")
    func escapedOnly() throws {
        _ = try CitizenViews.bundled()
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/Server/Templates").path
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".mustache") }
        #expect(files.count >= 6)
        for file in files {
            let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
            #expect(!text.contains("{{{"), "\(file)")
            #expect(!text.contains("{{&"), "\(file)")
            #expect(!text.contains("http://") && !text.contains("https://"), "\(file)")
        }
    }

    @Test("A broken template folder fails at load, not at render")
    func failFast() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lt-views-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "{{#open}}".write(toFile: dir + "/home.mustache", atomically: true, encoding: .utf8)
        #expect(throws: CitizenViewError.self) { try CitizenViews(directory: dir) }
        try "ok".write(toFile: dir + "/home.mustache", atomically: true, encoding: .utf8)
        #expect(throws: CitizenViewError.self) { try CitizenViews(directory: dir) }
    }
}
