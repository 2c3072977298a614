import Foundation
import Incidents
import LeakTraceCore
import Testing

@Suite("Regime files: built-ins, user overrides and precise errors")
struct RegimeCatalogTests {
    /// A fresh temporary directory holding the given files.
    private func directory(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("regimes-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files {
            try Data(text.utf8).write(to: url.appendingPathComponent(name))
        }
        return url
    }

    private func clockJSON(_ unit: String = "\"hours\"", anchor: String = "\"awareness\"") -> String {
        """
        { "id": "notice", "title": "Notify", "recipient": "Regulator", "stage": "initial", "anchor": \(anchor),
          "duration": 24, "unit": \(unit), "reference": "s.1", "status": "U" }
        """
    }

    private func regimeJSON(id: String = "test-regime", clocks: String? = nil) -> String {
        """
        { "id": "\(id)", "name": "Test regime", "jurisdiction": "MY", "status": "U",
          "clocks": [\(clocks ?? clockJSON())] }
        """
    }

    @Test("The built-in regimes load, each with its clocks, tags and references")
    func builtIns() throws {
        let catalog = try RegimeCatalog.load(userDirectory: nil)
        #expect(Set(catalog.regimes.map(\.id)) == ["gdpr", "my-csa-2024", "my-pdpa-2024", "sg-pdpa", "us-sec-8k"])
        let pdpa = try #require(catalog.regime(id: "my-pdpa-2024"))
        #expect(pdpa.register?.retentionYears == 2)
        let commissioner = try #require(pdpa.clocks.first { $0.id == "commissioner" })
        #expect(commissioner.anchors == [.occurrence, .awareness, .informed])
        #expect(commissioner.duration == 72 && commissioner.unit == .hours && !commissioner.pausable)
        #expect(commissioner.completion == .regulatorNotified)
        for regime in catalog.regimes {
            for clock in regime.clocks { #expect(!clock.reference.isEmpty, "\(regime.id)/\(clock.id) has no reference") }
        }
    }

    @Test("A user file with a built-in's id replaces it; a new id is added")
    func userOverride() throws {
        let dir = try directory([
            "pdpa.json": regimeJSON(id: "my-pdpa-2024"),
            "extra.json": regimeJSON(id: "my-bnm-rmit"),
            "notes.txt": "ignored",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let catalog = try RegimeCatalog.load(userDirectory: dir.path)
        #expect(catalog.regime(id: "my-pdpa-2024")?.name == "Test regime")
        #expect(catalog.regime(id: "my-pdpa-2024")?.clocks.map(\.id) == ["notice"])
        #expect(catalog.regime(id: "my-bnm-rmit") != nil)
        #expect(catalog.regimes.count == 6)
    }

    @Test("Errors name the file and the JSON path", arguments: [
        ("unit", "{ \"id\": \"r\", \"name\": \"R\", \"jurisdiction\": \"MY\", \"status\": \"U\", \"clocks\": [CLOCK_WEEKS] }", "clocks[0].unit: unknown value 'weeks'"),
        ("anchor", "{ \"id\": \"r\", \"name\": \"R\", \"jurisdiction\": \"MY\", \"status\": \"U\", \"clocks\": [CLOCK_BADANCHOR] }", "clocks[0].anchor[1]: unknown anchor 'rumour'"),
        ("missing", "{ \"id\": \"r\", \"name\": \"R\", \"status\": \"U\", \"clocks\": [] }", "jurisdiction: required key is missing"),
        ("type", "{ \"id\": \"r\", \"name\": \"R\", \"jurisdiction\": \"MY\", \"status\": \"U\", \"clocks\": [CLOCK_TEXTDURATION] }", "clocks[0].duration: expected an integer"),
        ("syntax", "{ \"id\": \"r\", ", "(top level): not valid JSON"),
        ("semantic", "{ \"id\": \"r\", \"name\": \"R\", \"jurisdiction\": \"MY\", \"status\": \"U\", \"clocks\": [CLOCK_NOUNIT] }", "clocks[0].unit: required with a duration"),
        ("slug", "{ \"id\": \"Bad Id\", \"name\": \"R\", \"jurisdiction\": \"MY\", \"status\": \"U\", \"clocks\": [CLOCK_OK] }", "id: 'Bad Id' must be lower-case"),
    ])
    func badFiles(name: String, template: String, expected: String) throws {
        let text = template
            .replacingOccurrences(of: "CLOCK_WEEKS", with: clockJSON("\"weeks\""))
            .replacingOccurrences(of: "CLOCK_BADANCHOR", with: clockJSON(anchor: "[\"awareness\", \"rumour\"]"))
            .replacingOccurrences(of: "CLOCK_TEXTDURATION", with: clockJSON().replacingOccurrences(of: "\"duration\": 24", with: "\"duration\": \"24\""))
            .replacingOccurrences(of: "CLOCK_NOUNIT", with: clockJSON().replacingOccurrences(of: ", \"unit\": \"hours\"", with: ""))
            .replacingOccurrences(of: "CLOCK_OK", with: clockJSON())
        let dir = try directory(["\(name).json": text])
        defer { try? FileManager.default.removeItem(at: dir) }
        let error = try #require(throws: LeakTraceError.self) { try RegimeCatalog.load(userDirectory: dir.path) }
        #expect(error.code == .malformedInput)
        #expect(error.location?.file.hasSuffix("/\(name).json") == true)
        #expect(error.message.hasPrefix(expected), "got: \(error.message)")
        #expect(error.description.contains("\(name).json: "))
    }

    @Test("A user regime drives the engine: facts-based selection and a business-day clock")
    func userRegimeInEngine() throws {
        let clock = """
        { "id": "bank-report", "title": "Report to the central bank", "recipient": "Central bank", "stage": "initial",
          "anchor": ["awareness", "informed"], "duration": 2, "unit": "businessDays", "endOfDay": true,
          "applicability": { "minSubjects": 1000 }, "reference": "test rule", "status": "U" }
        """
        let text = """
        { "id": "my-test-bank", "name": "Test bank rule", "jurisdiction": "MY", "status": "U",
          "applicability": { "jurisdictions": ["MY"], "anyOf": [{ "dataClassesAny": ["Bank account numbers"] }, { "sensitiveData": true }] },
          "clocks": [\(clock)] }
        """
        let dir = try directory(["bank.json": text])
        defer { try? FileManager.default.removeItem(at: dir) }
        let engine = ClockEngine(catalog: try RegimeCatalog.load(userDirectory: dir.path))
        // Friday 18:00 MYT: two business days end on Tuesday 23:59:59.
        let awareness = try ClockFixture.at("2026-03-06T18:00:00+08:00")
        let facts = IncidentCase.Facts(subjects: 2_000, dataClasses: ["bank_account"], jurisdictions: ["MY"])
        let clocks = engine.clocks(for: ClockFixture.incident(anchors: [.awareness: awareness], facts: facts), now: awareness)
        let bank = try ClockFixture.clock(clocks, "my-test-bank/bank-report")
        #expect(bank.deadlineLocal == "2026-03-10 23:59 +08:00 Asia/Kuala_Lumpur")

        let small = IncidentCase.Facts(subjects: 200, dataClasses: ["bank_account"], jurisdictions: ["MY"])
        #expect(!engine.clocks(for: ClockFixture.incident(anchors: [.awareness: awareness], facts: small), now: awareness).contains { $0.regimeID == "my-test-bank" })
        let emailOnly = IncidentCase.Facts(subjects: 2_000, dataClasses: ["email"], jurisdictions: ["MY"])
        #expect(!engine.regimes(for: ClockFixture.incident(facts: emailOnly)).contains { $0.id == "my-test-bank" })
    }

    @Test("Two user files with one id are an error naming both; a missing directory is an I/O error")
    func duplicatesAndMissingDirectory() throws {
        let dir = try directory(["a.json": regimeJSON(id: "dup"), "b.json": regimeJSON(id: "dup")])
        defer { try? FileManager.default.removeItem(at: dir) }
        let duplicate = try #require(throws: LeakTraceError.self) { try RegimeCatalog.load(userDirectory: dir.path) }
        #expect(duplicate.message == "id: 'dup' is also the id of a.json")
        #expect(duplicate.location?.file.hasSuffix("/b.json") == true)

        let missing = try #require(throws: LeakTraceError.self) { try RegimeCatalog.load(userDirectory: dir.path + "-absent") }
        #expect(missing.code == .io)
    }

    @Test("A clock definition survives an encode/decode round trip, single anchors as a string")
    func roundTrip() throws {
        let catalog = try RegimeCatalog.load(userDirectory: nil)
        for regime in catalog.regimes {
            let data = try JSONEncoder().encode(regime)
            #expect(try JSONDecoder().decode(Regime.self, from: data) == regime)
        }
        let single = try JSONEncoder().encode(try #require(catalog.regime(id: "gdpr")?.clocks.first))
        #expect(String(decoding: single, as: UTF8.self).contains("\"anchor\":\"awareness\""))
    }
}
