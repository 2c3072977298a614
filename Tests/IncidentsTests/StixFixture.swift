import Foundation
import Incidents

/// A synthetic case with one observable of every kind (documentation addresses and names only).
enum StixFixture {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000.123) // 2026-11-18T...Z
    static let now = Date(timeIntervalSince1970: 1_795_400_000.5)

    static let organisation = Organisation(id: "telco-a", name: "Telco A Berhad", kind: .controller)

    static let incident = IncidentCase(
        id: "LT-2026-0007", title: "Subscriber list offered for sale",
        summary: "A listing on a forum offers a subscriber table; sample posted.",
        ownerOrganisationID: "telco-a", createdAt: t0, createdBy: "p-dpo",
        anchors: [ClockAnchor.awareness.rawValue: t0]
    )

    static func observable(_ id: String, _ kind: Observable.Kind, _ value: String, network: String? = nil, tlp: String = "amber", comment: String = "") -> Observable {
        Observable(id: id, caseID: incident.id, kind: kind, value: value, network: network, comment: comment, tlp: tlp,
                   firstSeen: t0.addingTimeInterval(-3600), addedBy: "p-resp", addedAt: t0.addingTimeInterval(60))
    }

    static let observables: [Observable] = [
        observable("OBS-1", .ipv4, "198.51.100.3", comment: "Seller's download server"),
        observable("OBS-2", .ipv6, "2001:DB8::1", tlp: "green"),
        observable("OBS-3", .domain, "Leak-Market.example."),
        observable("OBS-4", .url, "http://leak-market.example/t/it's-here?id=42", tlp: "amber+strict"),
        observable("OBS-5", .email, "seller@mail.example"),
        observable("OBS-6", .fileSHA256, String(repeating: "AB", count: 32), comment: "Sample posted with the listing"),
        observable("OBS-7", .forumHandle, "d4ta_k1ng", network: "BreachForums"),
        observable("OBS-8", .wallet, "bc1qexampleexampleexampleexample0000", network: "BTC", tlp: "red"),
        observable("OBS-9", .wallet, "TExampleTronAddress000000000000000", network: "TRX"),
        observable("OBS-10", .forumHandle, "d4ta_k1ng", network: "Telegram", tlp: "clear"),
        // The same address again: one SCO, one indicator.
        observable("OBS-11", .ipv4, "198.51.100.3"),
    ]

    static func stixObjects() throws -> (bundle: [String: Any], objects: [[String: Any]]) {
        let data = try StixExporter.bundle(case: incident, observables: observables, organisation: organisation, now: now)
        let any = try JSONSerialization.jsonObject(with: data)
        guard let bundle = any as? [String: Any], let objects = bundle["objects"] as? [[String: Any]] else {
            throw FixtureError.shape
        }
        return (bundle, objects)
    }

    enum FixtureError: Error { case shape }
}
