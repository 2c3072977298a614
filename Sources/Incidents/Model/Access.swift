/// A person's role on a case (spec/response-regulation.md §2.4: several organisations on one case).
///
/// Within the owning organisation a person acts in the role their account has; another
/// organisation's people act in the role the case was shared with them in.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// The breached organisation's incident responder.
    case responder
    /// The Data Protection Officer (PDPA s.12A): everything a responder does, plus sharing and clocks.
    case dpo
    /// A regulator (JPDP, NACSA, MCMC, a sector lead): reads, adds timeline events and observables.
    case regulator
    /// Police (PDRM CCID): reads, adds events, acquires and receives evidence.
    case police
    /// Reads only.
    case viewer

    /// What the role may do on a case it can see.
    public var permissions: Set<Permission> {
        switch self {
        case .dpo: [.read, .edit, .evidence, .notify, .share, .clocks, .export]
        case .responder: [.read, .edit, .evidence, .notify, .export]
        case .regulator: [.read, .edit, .export]
        case .police: [.read, .edit, .evidence, .export]
        case .viewer: [.read]
        }
    }

    public var title: String {
        switch self {
        case .responder: "Organisation responder"
        case .dpo: "Data Protection Officer"
        case .regulator: "Regulator"
        case .police: "Police"
        case .viewer: "Viewer"
        }
    }
}

/// One thing a role may do on a case.
public enum Permission: String, Codable, Sendable, CaseIterable {
    /// See the case and everything in it.
    case read
    /// Tasks, timeline events, observables.
    case edit
    /// Add evidence, record custody transfers.
    case evidence
    /// Notification drafts.
    case notify
    /// Share the case with another organisation, revoke a share.
    case share
    /// Set the clock anchors and the regimes that apply.
    case clocks
    /// Export packs, STIX and MISP.
    case export
}
