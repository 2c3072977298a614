import Foundation

/// The events that start regulatory clocks (spec/response-regulation.md §3: "anchors must be
/// first-class recorded events").
public enum ClockAnchor: String, Codable, Sendable, CaseIterable {
    /// When the breach happened (often an estimate).
    case occurrence
    /// The first credible signal: a tip, a forum post, a media enquiry (PDPA "reason to believe").
    case awareness
    /// The organisation was informed (by a regulator, a processor, the police).
    case informed
    /// The assessment that the breach is notifiable was completed (Singapore PDPA s.26D).
    case assessment
    /// The notice to the Commissioner (or lead regulator) was sent: starts the data-subject clock.
    case regulatorNotified
    /// The data subjects were notified.
    case subjectsNotified
}

/// An incident case: belongs to one organisation, shared explicitly with others.
public struct IncidentCase: Codable, Sendable, Equatable, Identifiable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case open, contained, notified, closed
    }

    public enum Severity: String, Codable, Sendable, CaseIterable {
        case low, medium, high, critical
    }

    /// What is known about the breach, for clocks (applicability) and notification drafts.
    /// Counts and classes only: never a personal value.
    public struct Facts: Codable, Sendable, Equatable {
        /// Estimated number of data subjects.
        public var subjects: Int?
        /// Estimated number of records.
        public var records: Int?
        /// Data classes exposed (triage type ids or HIBP classes: `mykad`, `phone_mobile`, "Email addresses").
        public var dataClasses: [String]
        /// PDPA sensitive classes exposed (health, biometric, religious belief ...).
        public var sensitiveClasses: [String]
        /// The organisation is a national critical information infrastructure entity (CSA 2024).
        public var ncii: Bool
        /// The sector, for sector regulators and the CSA sector lead.
        public var sector: String?
        /// Jurisdictions whose residents are affected (ISO 3166 alpha-2: MY, SG, and EU member states as "EU").
        public var jurisdictions: [String]
        /// How the breach was discovered (tip, forum post, monitoring, regulator).
        public var discoveryMethod: String?
        /// The cause, once known.
        public var cause: String?
        /// Measures taken or proposed.
        public var measures: String?
        /// What data subjects should do.
        public var adviceToSubjects: String?
        /// Likely consequences.
        public var consequences: String?

        public init(subjects: Int? = nil, records: Int? = nil, dataClasses: [String] = [], sensitiveClasses: [String] = [], ncii: Bool = false, sector: String? = nil, jurisdictions: [String] = ["MY"], discoveryMethod: String? = nil, cause: String? = nil, measures: String? = nil, adviceToSubjects: String? = nil, consequences: String? = nil) {
            self.subjects = subjects
            self.records = records
            self.dataClasses = dataClasses
            self.sensitiveClasses = sensitiveClasses
            self.ncii = ncii
            self.sector = sector
            self.jurisdictions = jurisdictions
            self.discoveryMethod = discoveryMethod
            self.cause = cause
            self.measures = measures
            self.adviceToSubjects = adviceToSubjects
            self.consequences = consequences
        }
    }

    /// `LT-2026-0001`: the year it was opened and a number unique in the store.
    public var id: String
    public var title: String
    /// A description without personal values.
    public var summary: String
    public var ownerOrganisationID: String
    public var status: Status
    public var severity: Severity
    public var createdAt: Date
    public var createdBy: String
    /// The IANA time zone times are shown in (default Asia/Kuala_Lumpur); stored times are absolute.
    public var timeZone: String
    /// When each anchor event happened, keyed by `ClockAnchor.rawValue`.
    public var anchors: [String: Date]
    /// The regimes that apply (ids of regime data files); empty means "decide from the facts".
    public var regimeIDs: [String]
    public var facts: Facts
    /// Contact point for notifications (the DPO's business address or phone): an organisation's
    /// contact, not a data subject's.
    public var contact: String?

    public init(id: String, title: String, summary: String, ownerOrganisationID: String, status: Status = .open, severity: Severity = .high, createdAt: Date, createdBy: String, timeZone: String = "Asia/Kuala_Lumpur", anchors: [String: Date] = [:], regimeIDs: [String] = [], facts: Facts = Facts(), contact: String? = nil) {
        self.id = id
        self.title = title
        self.summary = summary
        self.ownerOrganisationID = ownerOrganisationID
        self.status = status
        self.severity = severity
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.timeZone = timeZone
        self.anchors = anchors
        self.regimeIDs = regimeIDs
        self.facts = facts
        self.contact = contact
    }

    public func anchor(_ a: ClockAnchor) -> Date? { anchors[a.rawValue] }
}

/// A case shared with another organisation, whose people act on it in `role`.
public struct CaseShare: Codable, Sendable, Equatable {
    public var caseID: String
    public var organisationID: String
    public var role: Role
    public var grantedBy: String
    public var grantedAt: Date

    public init(caseID: String, organisationID: String, role: Role, grantedBy: String, grantedAt: Date) {
        self.caseID = caseID
        self.organisationID = organisationID
        self.role = role
        self.grantedBy = grantedBy
        self.grantedAt = grantedAt
    }

    public var id: String { caseID + "/" + organisationID }
}
