import Foundation

/// A task on a case, generated from a playbook step or added by hand.
public struct CaseTask: Codable, Sendable, Equatable, Identifiable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case open, inProgress = "in_progress", done, skipped
    }

    public var id: String
    public var caseID: String
    /// The playbook and step it came from (nil for a task added by hand).
    public var playbookID: String?
    public var stepID: String?
    /// The response phase: intake, preserve, validate, scope, decide, contain, notify, continuity,
    /// communication, monitor, close (or a playbook's own).
    public var phase: String
    public var title: String
    public var detail: String
    public var status: Status
    /// A person id.
    public var assignee: String?
    /// Hours after the awareness anchor by which the step should be done (from the playbook).
    public var dueHours: Double?
    public var createdAt: Date
    public var updatedAt: Date
    public var updatedBy: String

    public init(id: String, caseID: String, playbookID: String? = nil, stepID: String? = nil, phase: String, title: String, detail: String = "", status: Status = .open, assignee: String? = nil, dueHours: Double? = nil, createdAt: Date, updatedAt: Date, updatedBy: String) {
        self.id = id
        self.caseID = caseID
        self.playbookID = playbookID
        self.stepID = stepID
        self.phase = phase
        self.title = title
        self.detail = detail
        self.status = status
        self.assignee = assignee
        self.dueHours = dueHours
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }
}

/// A timeline event: what happened, exactly when, and how we know.
public struct TimelineEvent: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var caseID: String
    /// When it happened (absolute).
    public var occurredAt: Date
    /// The time zone the source stated it in (IANA), kept so the original reading can be shown.
    public var timeZone: String
    /// Where the knowledge came from: a tip, a forum post, a log line, a regulator's letter.
    public var source: String
    /// intake, detection, containment, notification, communication, forensics, police, other.
    public var category: String
    /// What happened, without personal values.
    public var summary: String
    /// The clock anchor this event sets, if any.
    public var anchor: ClockAnchor?
    /// Evidence that backs the event.
    public var evidenceIDs: [String]
    public var recordedBy: String
    public var recordedAt: Date

    public init(id: String, caseID: String, occurredAt: Date, timeZone: String, source: String, category: String, summary: String, anchor: ClockAnchor? = nil, evidenceIDs: [String] = [], recordedBy: String, recordedAt: Date) {
        self.id = id
        self.caseID = caseID
        self.occurredAt = occurredAt
        self.timeZone = timeZone
        self.source = source
        self.category = category
        self.summary = summary
        self.anchor = anchor
        self.evidenceIDs = evidenceIDs
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// An indicator about the leak's seller or infrastructure (never a data subject's value).
public struct Observable: Codable, Sendable, Equatable, Identifiable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case ipv4 = "ipv4-addr"
        case ipv6 = "ipv6-addr"
        case domain = "domain-name"
        case url
        /// A cryptocurrency wallet address (Bitcoin, Ethereum, Tron ...); `network` says which.
        case wallet = "cryptocurrency-wallet"
        /// A handle on a forum, market or messenger (the seller's); `network` names the place.
        case forumHandle = "forum-handle"
        /// A file's SHA-256 (a sample file, a dump).
        case fileSHA256 = "file-sha256"
        /// The seller's contact address.
        case email = "email-addr"
    }

    public var id: String
    public var caseID: String
    public var kind: Kind
    public var value: String
    /// The forum, market or chain for handles and wallets (`BreachForums`, `Telegram`, `BTC`).
    public var network: String?
    public var comment: String
    /// TLP 2.0: clear, green, amber, amber+strict, red.
    public var tlp: String
    public var firstSeen: Date?
    public var addedBy: String
    public var addedAt: Date

    public init(id: String, caseID: String, kind: Kind, value: String, network: String? = nil, comment: String = "", tlp: String = "amber", firstSeen: Date? = nil, addedBy: String, addedAt: Date) {
        self.id = id
        self.caseID = caseID
        self.kind = kind
        self.value = value
        self.network = network
        self.comment = comment
        self.tlp = tlp
        self.firstSeen = firstSeen
        self.addedBy = addedBy
        self.addedAt = addedAt
    }
}

/// An evidence item: a file kept content-addressed by SHA-256, with how it was acquired
/// (spec/response-regulation.md §6, "per evidence item").
public struct EvidenceItem: Codable, Sendable, Equatable, Identifiable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case file
        /// A page capture, screenshot or sample from a listing.
        case capture
        /// LeakTrace results: triage report, attribution, trace, log correlation.
        case triageReport = "triage-report"
        case attribution
        case trace
        case forensics
    }

    public var id: String
    public var caseID: String
    public var kind: Kind
    /// Lower-case hex SHA-256 of the content; the file's name in the vault.
    public var sha256: String
    public var size: Int64
    /// The name it arrived with (a name, never a value from inside it).
    public var fileName: String
    public var description: String
    /// Person id of the acquirer.
    public var acquiredBy: String
    public var acquiredAt: Date
    /// How it was acquired (download, export, forensic image, handed over) and with what tool and version.
    public var method: String
    /// Where it came from (a URL, a host, a person).
    public var source: String
    /// Legal basis or authority for collection, where there is one.
    public var legalBasis: String?
    /// The evidence it was derived from (SHA-256), with the tool that derived it in `method`.
    public var parentSHA256: String?
    public var timeZone: String

    public init(id: String, caseID: String, kind: Kind, sha256: String, size: Int64, fileName: String, description: String, acquiredBy: String, acquiredAt: Date, method: String, source: String, legalBasis: String? = nil, parentSHA256: String? = nil, timeZone: String = "Asia/Kuala_Lumpur") {
        self.id = id
        self.caseID = caseID
        self.kind = kind
        self.sha256 = sha256
        self.size = size
        self.fileName = fileName
        self.description = description
        self.acquiredBy = acquiredBy
        self.acquiredAt = acquiredAt
        self.method = method
        self.source = source
        self.legalBasis = legalBasis
        self.parentSHA256 = parentSHA256
        self.timeZone = timeZone
    }
}

/// One custody event of an evidence item, append-only, each with a re-hash and its result.
public struct CustodyEvent: Codable, Sendable, Equatable, Identifiable {
    public enum Action: String, Codable, Sendable, CaseIterable {
        case acquired, accessed, copied, transferred, analysed, verified, exported, returned, disposed
    }

    public var id: String
    public var evidenceID: String
    public var caseID: String
    public var time: Date
    /// Person id (or `system`).
    public var actor: String
    public var action: Action
    /// For a transfer: from whom to whom (people or organisations), why, and the seal number.
    public var from: String?
    public var to: String?
    public var reason: String
    public var sealNumber: String?
    /// SHA-256 computed at this event, and whether it matched the item's.
    public var observedSHA256: String
    public var matched: Bool

    public init(id: String, evidenceID: String, caseID: String, time: Date, actor: String, action: Action, from: String? = nil, to: String? = nil, reason: String, sealNumber: String? = nil, observedSHA256: String, matched: Bool) {
        self.id = id
        self.evidenceID = evidenceID
        self.caseID = caseID
        self.time = time
        self.actor = actor
        self.action = action
        self.from = from
        self.to = to
        self.reason = reason
        self.sealNumber = sealNumber
        self.observedSHA256 = observedSHA256
        self.matched = matched
    }
}
