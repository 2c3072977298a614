/// One entry of the tamper-evident audit log: every action on a case, hash-chained.
///
/// `contentDigest = SHA-256("leaktrace-audit-content/v1" ‖ seq and content fields)` and
/// `hash = SHA-256("leaktrace-audit/v1" ‖ seq ‖ contentDigest ‖ prev)`, each field length-prefixed
/// (see `AuditChain`), so the chain can be shown as `AuditLink`s without the content. Fields are
/// strings so the hashed bytes are exactly what is stored. `detail` never holds a personal value.
public struct AuditEntry: Codable, Sendable, Equatable {
    /// 1, 2, 3 ... with no gaps.
    public var seq: Int
    /// RFC 3339 UTC with milliseconds (`2026-11-23T05:27:22.123Z`).
    public var time: String
    /// Person id, or `system`.
    public var actor: String
    /// The actor's organisation.
    public var organisationID: String
    /// The case acted on (nil for account and organisation administration).
    public var caseID: String?
    /// `case.create`, `task.update`, `evidence.add`, `evidence.access`, `custody.transfer`,
    /// `notify.draft`, `share.grant`, `export.pack`, `session.signin` ...
    public var action: String
    /// The object acted on (an id).
    public var target: String
    /// What changed, without personal values.
    public var detail: String
    /// The previous entry's hash (64 zeros for the first).
    public var prev: String
    public var hash: String

    public init(seq: Int, time: String, actor: String, organisationID: String, caseID: String?, action: String, target: String, detail: String, prev: String, hash: String) {
        self.seq = seq
        self.time = time
        self.actor = actor
        self.organisationID = organisationID
        self.caseID = caseID
        self.action = action
        self.target = target
        self.detail = detail
        self.prev = prev
        self.hash = hash
    }
}

/// One entry of the audit log as a link of the chain, without its content: enough to recompute
/// the chain (`hash` from seq, contentDigest and prev) and to check an entry one holds against it
/// (its content digest), while telling nothing of what the entry says.
public struct AuditLink: Codable, Sendable, Equatable {
    public var seq: Int
    /// `AuditChain.contentDigest(of:)` of the entry.
    public var contentDigest: String
    /// The previous entry's hash (64 zeros for the first).
    public var prev: String
    /// `AuditChain.hash(seq:contentDigest:prev:)`.
    public var hash: String

    public init(seq: Int, contentDigest: String, prev: String, hash: String) {
        self.seq = seq
        self.contentDigest = contentDigest
        self.prev = prev
        self.hash = hash
    }
}

/// A signed checkpoint of the audit log: its size and head hash at a moment, signed with Ed25519
/// (a C2SP tlog-checkpoint in spirit). A removed tail shows against any later checkpoint.
public struct AuditCheckpoint: Codable, Sendable, Equatable {
    /// Number of entries covered (the head is entry `size`).
    public var size: Int
    public var head: String
    public var time: String
    /// Hex of the first 8 bytes of SHA-256 of the public key.
    public var keyID: String
    /// Hex of the raw Ed25519 public key (32 bytes), so a pack can be checked offline.
    public var publicKey: String
    /// Hex Ed25519 signature over `AuditChain.checkpointMessage`.
    public var signature: String

    public init(size: Int, head: String, time: String, keyID: String, publicKey: String, signature: String) {
        self.size = size
        self.head = head
        self.time = time
        self.keyID = keyID
        self.publicKey = publicKey
        self.signature = signature
    }
}
