import Foundation
import Incidents
import Testing

@Suite("MISP event export")
struct MispExportTests {
    /// The (category: types) pairs used, from MISP's describeTypes.json category_type_mappings.
    static let allowed: [String: Set<String>] = [
        "Network activity": ["ip-dst", "domain", "url", "onion-address"],
        "Payload delivery": ["sha256"],
        "Social network": ["email-src", "twitter-id", "github-username", "jabber-id", "text"],
        "Financial fraud": ["btc", "xmr", "dash", "text"],
    ]

    func event(_ observables: [Observable] = StixFixture.observables) throws -> [String: Any] {
        let data = try MispExporter.event(case: StixFixture.incident, observables: observables, organisation: StixFixture.organisation, now: StixFixture.now)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(root["Event"] as? [String: Any])
    }

    @Test("Attribute types and categories per observable kind, each pair allowed by MISP")
    func types() throws {
        let e = try event()
        let attributes = try #require(e["Attribute"] as? [[String: Any]])
        // 11 observables: one address twice, one handle on two forums.
        #expect(attributes.count == 9)
        let types = attributes.compactMap { $0["type"] as? String }
        #expect(types == ["ip-dst", "ip-dst", "domain", "url", "email-src", "sha256", "text", "btc", "text"])
        for a in attributes {
            let category = try #require(a["category"] as? String)
            let type = try #require(a["type"] as? String)
            #expect(Self.allowed[category]?.contains(type) == true, "\(category)/\(type)")
            #expect(a["value"] is String && a["comment"] is String && a["uuid"] is String)
            #expect(a["to_ids"] is Bool)
            let tags = try #require(a["Tag"] as? [[String: String]])
            #expect(tags.first?["name"]?.hasPrefix("tlp:") == true)
        }
        #expect(attributes[5]["value"] as? String == String(repeating: "ab", count: 32))
        #expect(attributes[6]["comment"] as? String == "Handle on BreachForums. first seen 2026-11-18T10:06:40.123Z. LeakTrace LT-2026-0007 OBS-7; Handle on Telegram. first seen 2026-11-18T10:06:40.123Z. LeakTrace LT-2026-0007 OBS-10")
        #expect(attributes[8]["comment"] as? String == "TRX wallet. first seen 2026-11-18T10:06:40.123Z. LeakTrace LT-2026-0007 OBS-9")
        #expect(attributes[8]["to_ids"] as? Bool == false)
    }

    @Test("Event header: info, date, threat level, analysis, distribution and TLP tag")
    func header() throws {
        let e = try event()
        #expect(e["info"] as? String == "LT-2026-0007: Subscriber list offered for sale")
        #expect((e["date"] as? String)?.wholeMatch(of: #/\d{4}-\d{2}-\d{2}/#) != nil)
        #expect(e["threat_level_id"] as? String == "1")
        #expect(e["analysis"] as? String == "1")
        #expect(e["distribution"] as? String == "0") // a red observable: this organisation only
        #expect(e["published"] as? Bool == false)
        #expect((e["Tag"] as? [[String: String]])?.first?["name"] == "tlp:red")
        #expect((e["Orgc"] as? [String: String])?["name"] == "Telco A Berhad")
        let green = try event([StixFixture.observable("O", .domain, "x.example", tlp: "green")])
        #expect(green["distribution"] as? String == "2")
        #expect((green["Tag"] as? [[String: String]])?.first?["name"] == "tlp:green")
        let onion = try event([StixFixture.observable("O", .domain, "abcdefghijklmnop.onion")])
        #expect((onion["Attribute"] as? [[String: Any]])?.first?["type"] as? String == "onion-address")
    }

    @Test("The same input gives the same bytes")
    func deterministic() throws {
        let a = try MispExporter.event(case: StixFixture.incident, observables: StixFixture.observables, organisation: StixFixture.organisation, now: StixFixture.now)
        let b = try MispExporter.event(case: StixFixture.incident, observables: StixFixture.observables, organisation: StixFixture.organisation, now: StixFixture.now)
        #expect(a == b)
    }

    /// Writes the fixture event where `LEAKTRACE_MISP_OUT` points, to load into PyMISP by hand.
    @Test("Fixture event written for an external check", .enabled(if: ProcessInfo.processInfo.environment["LEAKTRACE_MISP_OUT"] != nil))
    func writeForChecker() throws {
        let path = try #require(ProcessInfo.processInfo.environment["LEAKTRACE_MISP_OUT"])
        let data = try MispExporter.event(case: StixFixture.incident, observables: StixFixture.observables, organisation: StixFixture.organisation, now: StixFixture.now)
        try data.write(to: URL(fileURLWithPath: path))
    }
}
