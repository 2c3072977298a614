import Foundation
import Incidents
import Testing

/// Shared fixtures for the clock and notification suites: synthetic cases, never real data.
enum ClockFixture {
    /// `2026-03-02T19:00:00+08:00` → the instant.
    static func at(_ iso: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: iso), "bad fixture time \(iso)")
    }

    static func incident(timeZone: String = "Asia/Kuala_Lumpur", anchors: [ClockAnchor: Date] = [:], regimeIDs: [String] = [], facts: IncidentCase.Facts = IncidentCase.Facts()) -> IncidentCase {
        IncidentCase(
            id: "LT-2026-0001", title: "Customer database offered for sale", summary: "A copy of the customer database was offered for sale on a forum.",
            ownerOrganisationID: "telco-a", createdAt: Date(timeIntervalSince1970: 1_772_000_000), createdBy: "dpo.aminah",
            timeZone: timeZone, anchors: Dictionary(uniqueKeysWithValues: anchors.map { ($0.key.rawValue, $0.value) }),
            regimeIDs: regimeIDs, facts: facts, contact: "dpo@telco-a.example, 03-1234 5678"
        )
    }

    /// Significant harm under PDPA (identity card numbers exposed), Malaysian subjects.
    static let harmfulFacts = IncidentCase.Facts(subjects: 120_000, records: 150_000, dataClasses: ["name", "mykad", "phone_mobile"], jurisdictions: ["MY"])
    /// Contact details only: Commissioner yes (scale), data subjects no.
    static let mildFacts = IncidentCase.Facts(subjects: 5_000, records: 5_000, dataClasses: ["email"], jurisdictions: ["MY"])

    static func engine() throws -> ClockEngine {
        ClockEngine(catalog: try RegimeCatalog.load(userDirectory: nil))
    }

    static func clock(_ statuses: [ClockStatus], _ qualifiedID: String) throws -> ClockStatus {
        try #require(statuses.first { $0.qualifiedID == qualifiedID }, "no clock \(qualifiedID) in \(statuses.map(\.qualifiedID))")
    }
}
