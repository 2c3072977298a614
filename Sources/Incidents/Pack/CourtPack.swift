import Crypto
import Foundation
import LeakTraceCore

/// The export pack for court (spec/response-regulation.md §6, checklist item 5): what a third
/// party needs to check a case's evidence and its record offline, with a template certificate
/// under the Evidence Act 1950 s.90A.
///
/// The pack directory holds:
/// - `README.txt`: what each file is and how to check everything offline;
/// - `case-summary.html` (self-contained, printable) and `case.json`: the case, its
///   organisation, the people involved, tasks and timeline;
/// - `evidence-manifest.json` and `evidence-manifest.txt` (`sha256  size  id  filename`);
/// - `custody.json`: every custody event with its re-hash;
/// - `audit-excerpt.jsonl`: the case's audit entries, in full; `audit-chain.jsonl`: the links
///   (`AuditLink`: seq, content digest, prev, hash) of the contiguous run of the log from the
///   first of them to the newest checkpoint, so the chain can be recomputed up to a signed head;
///   other cases' entries appear there only as digests, never their content; `checkpoints.json`, `checkpoints/<size>.msg` and `.sig` (the exact bytes
///   signed, for `openssl pkeyutl -verify`), `audit-public-key.pem` and `.txt`;
///   `verify-audit.py` (Python 3, standard library only) recomputes the hashes;
/// - `certificate-s90A.html`: a template certificate, to be checked by counsel;
/// - `files/<sha256>`: the evidence files themselves, only when asked for;
/// - `MANIFEST.sha256`: the SHA-256 of every other file (`sha256sum -c MANIFEST.sha256`).
///
/// Nothing from inside an evidence file is written except the files themselves when
/// `includeFiles` is set; the records hold names, hashes and descriptions, never values.
public enum CourtPack {
    /// A file of the pack with its hash.
    public struct PackFile: Sendable, Equatable, Codable {
        public var path: String
        public var sha256: String
        public var size: Int64
    }

    /// What was written.
    public struct Result: Sendable {
        public var directory: String
        /// Every file, MANIFEST.sha256 last.
        public var files: [PackFile]
        /// Problems found in the audit excerpt and chain while packing (the pack is written
        /// anyway and states them; a court should see them rather than a pack refused).
        public var auditProblems: [AuditChain.Problem]
        /// Excerpt entries with a seq above the newest checkpoint: chained but not yet signed.
        public var unsignedEntries: [Int]
        /// The evidence re-hashed from the vault while packing (nil when no vault was given);
        /// the pack states the result.
        public var evidenceProblems: [EvidenceProblem]?
    }

    public static let format = "leaktrace-court-pack/v1"

    /// Writes the pack into `directory` (created; refused if it exists and is not empty).
    ///
    /// - Parameters:
    ///   - audit: the case's audit entries (the excerpt).
    ///   - checkpoints: the signed checkpoints to include (normally all of them).
    ///   - chainProof: the links of the contiguous run of the log from the excerpt's first entry
    ///     up to the newest checkpoint (see `chainProof(log:caseID:checkpoints:)`); empty to leave
    ///     it out, in which case only each excerpt entry's own hash can be recomputed. A link holds
    ///     a seq and digests only, so other cases' entries show nothing of what they say.
    ///   - vaultRoot: the evidence vault, needed when `includeFiles` is set.
    ///   - includeFiles: copy the evidence files into `files/<sha256>` (they are personal data;
    ///     only when a court or the police asked for them).
    ///   - generatedBy: the tool and version, and who generated the pack (`LeakTrace 1.4.0 (p-dpo)`).
    /// - Throws: `LeakTraceError` (`.invalidArgument` for a non-empty directory or files asked
    ///   without a vault; `.io` naming the evidence item whose stored file is missing or no
    ///   longer matches its SHA-256, or a file that cannot be written).
    public static func write(
        to directory: String, case incident: IncidentCase, organisation: Organisation, people: [Person],
        tasks: [CaseTask], events: [TimelineEvent], evidence: [EvidenceItem], custody: [CustodyEvent],
        audit: [AuditEntry], checkpoints: [AuditCheckpoint], chainProof: [AuditLink],
        vaultRoot: String?, includeFiles: Bool, generatedBy: String, now: Date
    ) throws(LeakTraceError) -> Result {
        if includeFiles, vaultRoot == nil {
            throw LeakTraceError(.invalidArgument, "the evidence files were asked for but no evidence vault was given")
        }
        var out = try PackWriter(root: directory)
        let checkpoints = checkpoints.sorted { $0.size < $1.size }
        let auditProblems = verifyChainProof(excerpt: audit, proof: chainProof, checkpoints: checkpoints)
        let newest = checkpoints.last?.size ?? 0
        let unsigned = audit.map(\.seq).filter { $0 > newest }
        let evidenceProblems = vaultRoot.map { EvidenceVerifier.verify(items: evidence, custody: custody, vault: EvidenceVault(root: $0)) }

        // Evidence files first, so a missing or changed one stops the pack before anything else.
        var included: [String: PackFile] = [:]
        if includeFiles, let vaultRoot {
            let vault = EvidenceVault(root: vaultRoot)
            for item in evidence where included[item.sha256.lowercased()] == nil {
                let sha = item.sha256.lowercased()
                let relative = "files/\(sha)"
                let source = vault.path(for: sha)
                guard FileManager.default.fileExists(atPath: source) else {
                    throw LeakTraceError(.io, "evidence \(item.id) (\(item.fileName)): no file in the vault under its SHA-256; run evidence verify")
                }
                let copied = try out.copy(from: source, to: relative)
                guard copied.sha256 == sha, copied.size == item.size else {
                    out.discard(relative)
                    throw LeakTraceError(.io, "evidence \(item.id) (\(item.fileName)): the stored file no longer matches its recorded SHA-256 and size; run evidence verify")
                }
                included[sha] = copied
            }
        }

        let document = CaseDocument(
            format: format, generatedBy: generatedBy, generatedAt: now, case: incident, organisation: organisation,
            people: people.map(PersonRecord.init), tasks: tasks, events: events
        )
        try out.write("case.json", encode(document))
        let manifest = EvidenceManifest(
            caseID: incident.id, filesIncluded: includeFiles,
            items: evidence.map { EvidenceManifest.Entry(item: $0, includedAs: included[$0.sha256.lowercased()]?.path) }
        )
        try out.write("evidence-manifest.json", encode(manifest))
        try out.write("evidence-manifest.txt", manifestText(incident: incident, evidence: evidence, includeFiles: includeFiles))
        try out.write("custody.json", encode(custody))
        try out.write("audit-excerpt.jsonl", jsonLines(audit))
        if !chainProof.isEmpty { try out.write("audit-chain.jsonl", jsonLines(chainProof)) }
        try out.write("checkpoints.json", encode(checkpoints))
        for c in checkpoints {
            try out.write("checkpoints/\(c.size).msg", Data(AuditChain.checkpointMessage(size: c.size, head: c.head, time: c.time)))
            if let signature = Hex.decode(c.signature) { try out.write("checkpoints/\(c.size).sig", Data(signature)) }
        }
        let keys = publicKeys(checkpoints)
        try out.write("audit-public-key.txt", keys.map { "\($0.keyID)  \($0.hex)" }.joined(separator: "\n") + (keys.isEmpty ? "no signed checkpoint yet\n" : "\n"))
        try out.write("audit-public-key.pem", keys.map { pem($0.hex) }.joined())
        try out.write("verify-audit.py", CourtPackText.verifyScript)

        let context = CourtPackText.Context(
            incident: incident, organisation: organisation, people: people, tasks: tasks, events: events,
            evidence: evidence, custody: custody, audit: audit, checkpoints: checkpoints, chainProof: chainProof,
            auditProblems: auditProblems, unsigned: unsigned, evidenceProblems: evidenceProblems, includeFiles: includeFiles, generatedBy: generatedBy, now: now
        )
        try out.write("case-summary.html", CourtPackText.summaryHTML(context))
        try out.write("certificate-s90A.html", CourtPackText.certificateHTML(context, packFiles: out.written))
        try out.write("README.txt", CourtPackText.readme(context))

        let listed = out.written.sorted { $0.path < $1.path }
        try out.write("MANIFEST.sha256", listed.map { "\($0.sha256)  \($0.path)\n" }.joined())
        return Result(directory: directory, files: out.written, auditProblems: auditProblems, unsignedEntries: unsigned, evidenceProblems: evidenceProblems)
    }

    // MARK: - The audit chain proof

    /// The links of the contiguous run of `log` from the case's first entry to the newest
    /// checkpoint's size (or to the case's last entry when that is later): what a reader needs to
    /// recompute the chain from the excerpt up to a signed head. Links carry no entry's content,
    /// so the other cases' entries in the run tell nothing of those cases.
    public static func chainProof(log: [AuditEntry], caseID: String, checkpoints: [AuditCheckpoint]) -> [AuditLink] {
        let mine = log.filter { $0.caseID == caseID }.map(\.seq)
        guard let first = mine.min(), let last = mine.max() else { return [] }
        let end = max(last, checkpoints.map(\.size).max() ?? 0)
        return log.filter { $0.seq >= first && $0.seq <= end }.sorted { $0.seq < $1.seq }.map(AuditChain.link(of:))
    }

    /// Checks an excerpt against its chain proof and the checkpoints, as `verify-audit.py` does:
    /// every excerpt entry's hash recomputes from its content; every link's hash recomputes from
    /// its seq, content digest and prev; the links are numbered without gaps and each names the
    /// one before as prev; every excerpt entry's content digest (and prev and hash) is the link's
    /// of that seq; and every checkpoint inside the run names the head the links have at its
    /// size, under a valid signature.
    ///
    /// - Parameter trustedKey: the key to trust; nil checks each checkpoint under the key it names.
    public static func verifyChainProof(excerpt: [AuditEntry], proof: [AuditLink], checkpoints: [AuditCheckpoint], trustedKey: Curve25519.Signing.PublicKey? = nil) -> [AuditChain.Problem] {
        var problems: [AuditChain.Problem] = []
        var changed = Set<Int>()
        for e in excerpt where AuditChain.hash(of: e) != e.hash && changed.insert(e.seq).inserted {
            problems.append(AuditChain.Problem(seq: e.seq, reason: "its content does not match its hash (the entry was changed)"))
        }
        guard !proof.isEmpty else { return problems }
        var bySeq: [Int: AuditLink] = [:]
        for (i, l) in proof.enumerated() {
            if i > 0 {
                let before = proof[i - 1]
                if l.seq != before.seq + 1 {
                    problems.append(AuditChain.Problem(seq: l.seq, reason: "the chain proof jumps from entry \(before.seq) to \(l.seq): entries are missing or reordered"))
                }
                if l.prev != before.hash {
                    problems.append(AuditChain.Problem(seq: l.seq, reason: "does not link to the entry before it (that entry was changed, removed or reordered)"))
                }
            }
            if AuditChain.hash(seq: l.seq, contentDigest: l.contentDigest, prev: l.prev) != l.hash, changed.insert(l.seq).inserted {
                problems.append(AuditChain.Problem(seq: l.seq, reason: "its link in the chain proof does not match its hash (the link was changed)"))
            }
            bySeq[l.seq] = l
        }
        for e in excerpt {
            guard let l = bySeq[e.seq] else {
                problems.append(AuditChain.Problem(seq: e.seq, reason: "is not in the chain proof"))
                continue
            }
            if AuditChain.contentDigest(of: e) != l.contentDigest || e.prev != l.prev || e.hash != l.hash, changed.insert(e.seq).inserted {
                problems.append(AuditChain.Problem(seq: e.seq, reason: "differs between the excerpt and the chain proof (the entry or its link was changed)"))
            }
        }
        for c in checkpoints {
            guard let l = bySeq[c.size] else { continue }
            if l.hash != c.head {
                problems.append(AuditChain.Problem(seq: c.size, reason: "differs from the signed checkpoint at size \(c.size) (the history up to it was rewritten)"))
            }
            let key: Curve25519.Signing.PublicKey? = trustedKey ?? Hex.decode(c.publicKey).flatMap { try? Curve25519.Signing.PublicKey(rawRepresentation: $0) }
            let message = AuditChain.checkpointMessage(size: c.size, head: c.head, time: c.time)
            if !(key.flatMap { k in Hex.decode(c.signature).map { k.isValidSignature($0, for: message) } } ?? false) {
                problems.append(AuditChain.Problem(checkpointSize: c.size, reason: "its signature does not verify (the checkpoint was changed or forged)"))
            }
        }
        return problems
    }

    // MARK: - Encoding

    static func encoder(pretty: Bool) -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(ExchangeTime.rfc3339(date))
        }
        return e
    }

    static func encode<T: Encodable>(_ value: T) throws(LeakTraceError) -> Data {
        do { return try encoder(pretty: true).encode(value) + Data("\n".utf8) } catch {
            throw LeakTraceError(.io, "cannot encode \(T.self) for the pack")
        }
    }

    static func jsonLines<T: Encodable>(_ values: [T]) throws(LeakTraceError) -> Data {
        var data = Data()
        let e = encoder(pretty: false)
        for v in values {
            do { data += try e.encode(v) } catch { throw LeakTraceError(.io, "cannot encode \(T.self) for the pack") }
            data += Data("\n".utf8)
        }
        return data
    }

    static func manifestText(incident: IncidentCase, evidence: [EvidenceItem], includeFiles: Bool) -> String {
        var s = """
        # Evidence manifest of case \(incident.id): sha256  size  id  filename
        # Check a file you hold: sha256sum FILE must print the sha256 of its line, and wc -c FILE its size.
        # \(includeFiles ? "The files are in files/<sha256>; MANIFEST.sha256 lists them for sha256sum -c." : "The files themselves are not in this pack.")

        """
        for item in evidence {
            let name = item.fileName.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
            s += "\(item.sha256.lowercased())  \(item.size)  \(item.id)  \(name)\n"
        }
        return s
    }

    struct Key { var keyID: String; var hex: String }

    static func publicKeys(_ checkpoints: [AuditCheckpoint]) -> [Key] {
        var seen = Set<String>()
        var out: [Key] = []
        for c in checkpoints where seen.insert(c.publicKey).inserted {
            out.append(Key(keyID: c.keyID, hex: c.publicKey))
        }
        return out
    }

    /// An Ed25519 public key as PEM (SubjectPublicKeyInfo, RFC 8410), for openssl.
    static func pem(_ hex: String) -> String {
        guard let raw = Hex.decode(hex), raw.count == 32 else { return "" }
        let der: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00] + raw
        return "-----BEGIN PUBLIC KEY-----\n\(Data(der).base64EncodedString())\n-----END PUBLIC KEY-----\n"
    }

    // MARK: - Documents

    struct CaseDocument: Encodable {
        var format: String
        var generatedBy: String
        var generatedAt: Date
        var `case`: IncidentCase
        var organisation: Organisation
        var people: [PersonRecord]
        var tasks: [CaseTask]
        var events: [TimelineEvent]
    }

    /// A person as the pack shows them: no sign-in name, no account flags.
    struct PersonRecord: Encodable {
        var id: String
        var displayName: String
        var organisationID: String
        var role: String

        init(_ p: Person) {
            id = p.id
            displayName = p.displayName
            organisationID = p.organisationID
            role = p.role.title
        }
    }

    struct EvidenceManifest: Encodable {
        struct Entry: Encodable {
            var item: EvidenceItem
            var includedAs: String?
        }

        var caseID: String
        var filesIncluded: Bool
        var items: [Entry]
    }
}
