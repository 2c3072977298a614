import Foundation
import Incidents
import LeakTraceCore
import Testing

@Suite("STIX 2.1 export")
struct StixExportTests {
    static func isTimestamp(_ s: String?) -> Bool {
        s?.wholeMatch(of: #/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/#) != nil
    }

    /// The type and UUID version of a STIX identifier.
    static func identifier(_ s: String) -> (type: String, version: String)? {
        guard let m = s.wholeMatch(of: #/([a-z][a-z0-9-]+[a-z0-9])--[0-9a-f]{8}-[0-9a-f]{4}-([1-5])[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/#) else { return nil }
        return (String(m.output.1), String(m.output.2))
    }
    static let scoTypes: Set<String> = ["ipv4-addr", "ipv6-addr", "domain-name", "url", "email-addr", "file", "user-account", StixExporter.walletType]

    @Test("Every object has type, id and spec_version 2.1; SDOs and SMOs have created/modified in RFC 3339 with ms")
    func structure() throws {
        let (bundle, objects) = try StixFixture.stixObjects()
        #expect(bundle["type"] as? String == "bundle")
        #expect(bundle["spec_version"] == nil)
        #expect((bundle["id"] as? String)?.hasPrefix("bundle--") == true)
        for o in objects {
            let type = try #require(o["type"] as? String)
            let id = try #require(o["id"] as? String)
            let parsed = try #require(Self.identifier(id), "\(id)")
            #expect(parsed.type == type)
            #expect(o["spec_version"] as? String == "2.1", "\(id)")
            let version = parsed.version
            if Self.scoTypes.contains(type) {
                #expect(version == "5", "SCO \(id) must be UUIDv5")
                #expect(o["created"] == nil)
            } else {
                #expect(version == "4", "\(id) must be UUIDv4")
                let created = try #require(o["created"] as? String, "\(id)")
                #expect(Self.isTimestamp(created), "\(created)")
                if type != "marking-definition" {
                    let modified = try #require(o["modified"] as? String, "\(id)")
                    #expect(Self.isTimestamp(modified))
                    #expect(modified >= created)
                }
            }
        }
        let types = Set(objects.compactMap { $0["type"] as? String })
        #expect(types.isSuperset(of: ["identity", "report", "indicator", "marking-definition", "extension-definition"]))
        #expect(types.isSuperset(of: Self.scoTypes))
        // One SCO per distinct value (OBS-1 and OBS-11 are the same address).
        let ids = objects.compactMap { $0["id"] as? String }
        #expect(ids.count == Set(ids).count)
        #expect(objects.filter { $0["type"] as? String == "ipv4-addr" }.count == 1)
    }

    @Test("SCO ids are the UUIDv5 of the ID contributing properties (vectors from Python's uuid5)")
    func deterministicIDs() throws {
        let (_, objects) = try StixFixture.stixObjects()
        let ids = Set(objects.compactMap { $0["id"] as? String })
        #expect(ids.contains("ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4"))
        #expect(ids.contains("ipv6-addr--6469e3a9-b053-5e34-a025-9396ae051d26"))
        #expect(ids.contains("file--20432b06-75d2-54b6-80ef-6d923b5d925d"))
        #expect(ids.contains("user-account--9cc83cf4-849a-5beb-9880-ea244981df19"))
        let a = try StixExporter.bundle(case: StixFixture.incident, observables: StixFixture.observables, organisation: StixFixture.organisation, now: StixFixture.now)
        let b = try StixExporter.bundle(case: StixFixture.incident, observables: StixFixture.observables, organisation: StixFixture.organisation, now: StixFixture.now)
        #expect(a == b)
        #expect(try StixExporter.observableID(StixFixture.observables[0]) == "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4")
    }

    @Test("Indicators carry well-formed STIX patterns on the SCO's type, with quotes escaped")
    func patterns() throws {
        let (_, objects) = try StixFixture.stixObjects()
        let indicators = objects.filter { $0["type"] as? String == "indicator" }
        // ipv4, ipv6, domain, url, email, file; no indicator for handles and wallets.
        #expect(indicators.count == 6)
        var patternTypes: Set<String> = []
        for i in indicators {
            let pattern = try #require(i["pattern"] as? String)
            let m = try #require(pattern.wholeMatch(of: #/\[([a-z0-9-]+):[a-z_]+(?:\.'[A-Z0-9-]+')? = '(?:[^'\\]|\\.)*'\]/#), "\(pattern)")
            patternTypes.insert(String(m.output.1))
            #expect(i["pattern_type"] as? String == "stix")
            #expect(i["pattern_version"] as? String == "2.1")
            #expect(Self.isTimestamp(i["valid_from"] as? String))
            #expect(i["name"] is String && i["description"] is String)
            #expect((i["indicator_types"] as? [String])?.isEmpty == false)
        }
        #expect(patternTypes == ["ipv4-addr", "ipv6-addr", "domain-name", "url", "email-addr", "file"])
        let patterns = indicators.compactMap { $0["pattern"] as? String }
        #expect(patterns.contains(#"[url:value = 'http://leak-market.example/t/it\'s-here?id=42']"#))
        #expect(patterns.contains("[file:hashes.'SHA-256' = '" + String(repeating: "ab", count: 32) + "']"))
        #expect(patterns.contains("[domain-name:value = 'leak-market.example']"))
    }

    @Test("TLP 2.0 markings: official ids, every reference resolves, the report takes the most restrictive")
    func markings() throws {
        let (_, objects) = try StixFixture.stixObjects()
        let byID = Dictionary(objects.compactMap { o in (o["id"] as? String).map { ($0, o) } }, uniquingKeysWith: { a, _ in a })
        let official = Set(TrafficLight.allCases.map(\.stixMarkingID))
        #expect(official.contains("marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"))
        for o in objects {
            for ref in o["object_marking_refs"] as? [String] ?? [] {
                #expect(official.contains(ref))
                let def = try #require(byID[ref], "marking \(ref) is not in the bundle")
                let ext = def["extensions"] as? [String: [String: String]]
                #expect(ext?["extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"]?["tlp_2_0"] != nil)
            }
            if let created = o["created_by_ref"] as? String { #expect(byID[created]?["type"] as? String == "identity") }
        }
        let report = try #require(objects.first { $0["type"] as? String == "report" })
        #expect(report["object_marking_refs"] as? [String] == [TrafficLight.red.stixMarkingID])
        for ref in report["object_refs"] as? [String] ?? [] { #expect(byID[ref] != nil, "\(ref)") }
        #expect((report["object_refs"] as? [String])?.count == 16) // 10 SCOs + 6 indicators
        let wallet = try #require(objects.first { $0["type"] as? String == StixExporter.walletType })
        let ext = try #require(wallet["extensions"] as? [String: [String: String]])
        #expect(ext[StixExporter.walletExtensionID]?["extension_type"] == "new-sco")
        #expect(byID[StixExporter.walletExtensionID]?["type"] as? String == "extension-definition")
        let account = try #require(objects.first { ($0["id"] as? String) == "user-account--9cc83cf4-849a-5beb-9880-ea244981df19" })
        #expect(account["account_login"] as? String == "d4ta_k1ng")
        #expect(account["account_type"] as? String == "breachforums")
    }

    @Test("An observable that is not of its kind's form is refused, naming it without its value")
    func invalidValue() throws {
        let bad = StixFixture.observable("OBS-99", .ipv4, "300.1.2.3")
        let error = try #require(throws: LeakTraceError.self) {
            _ = try StixExporter.bundle(case: StixFixture.incident, observables: [bad], organisation: StixFixture.organisation, now: StixFixture.now)
        }
        #expect(error.code == .invalidArgument)
        #expect(error.message.contains("OBS-99"))
        #expect(!error.message.contains("300.1.2.3"))
        for (kind, value) in [(Observable.Kind.ipv6, "2001:db8::1::2"), (.url, "not a url"), (.email, "no-at-sign"), (.fileSHA256, "abc"), (.domain, "-bad-.example")] {
            #expect(throws: LeakTraceError.self) {
                _ = try StixExporter.bundle(case: StixFixture.incident, observables: [StixFixture.observable("X", kind, value)], organisation: StixFixture.organisation, now: StixFixture.now)
            }
        }
    }

    @Test("A case without observables still makes a valid report (it refers to the identity)")
    func empty() throws {
        let data = try StixExporter.bundle(case: StixFixture.incident, observables: [], organisation: StixFixture.organisation, now: StixFixture.now)
        let bundle = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let objects = try #require(bundle["objects"] as? [[String: Any]])
        let report = try #require(objects.first { $0["type"] as? String == "report" })
        #expect((report["object_refs"] as? [String])?.first?.hasPrefix("identity--") == true)
    }

    /// Writes the fixture bundle where `LEAKTRACE_STIX_OUT` points, to check it with
    /// `stix2_validator` by hand (see tests-py/test_stix.py).
    @Test("Fixture bundle written for the external validator", .enabled(if: ProcessInfo.processInfo.environment["LEAKTRACE_STIX_OUT"] != nil))
    func writeForValidator() throws {
        let path = try #require(ProcessInfo.processInfo.environment["LEAKTRACE_STIX_OUT"])
        let data = try StixExporter.bundle(case: StixFixture.incident, observables: StixFixture.observables, organisation: StixFixture.organisation, now: StixFixture.now)
        try data.write(to: URL(fileURLWithPath: path))
    }
}
