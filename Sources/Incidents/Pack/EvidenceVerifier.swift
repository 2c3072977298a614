import Crypto
import Foundation
import LeakTraceCore

/// One thing wrong with a case's evidence: which item (id and file name), and what.
///
/// The description names the item, the custody event where there is one, and the hashes and
/// sizes involved; never anything from inside a file.
public struct EvidenceProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        /// The vault holds no file under the item's SHA-256.
        case missingFile = "missing-file"
        /// The stored file cannot be read.
        case unreadable
        /// The stored file's size is not the recorded one.
        case sizeDiffers = "size-differs"
        /// The stored file hashes to something other than the recorded SHA-256.
        case hashDiffers = "sha256-differs"
        /// A custody event names an evidence id the case does not have.
        case custodyForUnknownItem = "custody-unknown-item"
        /// A custody event's re-hash recorded a mismatch at the time.
        case custodyRecordedMismatch = "custody-recorded-mismatch"
        /// A custody event says the re-hash matched but records another hash, or is filed
        /// under another case than its item.
        case custodyInconsistent = "custody-inconsistent"
    }

    public var kind: Kind
    public var evidenceID: String
    /// The item's file name (nil for a custody event naming an unknown item).
    public var fileName: String?
    public var custodyEventID: String?
    /// What is wrong, with the hashes and sizes involved.
    public var detail: String

    public init(kind: Kind, evidenceID: String, fileName: String?, custodyEventID: String? = nil, detail: String) {
        self.kind = kind
        self.evidenceID = evidenceID
        self.fileName = fileName
        self.custodyEventID = custodyEventID
        self.detail = detail
    }

    public var description: String {
        var s = "evidence \(evidenceID)"
        if let fileName { s += " (\(fileName))" }
        if let custodyEventID { s += ", custody event \(custodyEventID)" }
        return s + ": " + detail
    }
}

/// Re-hashes every evidence file of a case and checks it, and the custody record, against what
/// was recorded (spec/response-regulation.md §6: "each event includes a re-hash and its result").
public enum EvidenceVerifier {
    /// Every problem found, item by item in the order given, then custody events in their order.
    /// Empty when every file is present with its recorded size and SHA-256 and the custody record
    /// is consistent.
    public static func verify(items: [EvidenceItem], custody: [CustodyEvent], vault: EvidenceVault) -> [EvidenceProblem] {
        var problems: [EvidenceProblem] = []
        for item in items {
            problems += check(item, vault: vault)
        }
        let byID = Dictionary(items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for event in custody {
            guard let item = byID[event.evidenceID] else {
                problems.append(EvidenceProblem(
                    kind: .custodyForUnknownItem, evidenceID: event.evidenceID, fileName: nil, custodyEventID: event.id,
                    detail: "the custody event (\(event.action.rawValue) at \(ExchangeTime.rfc3339(event.time))) names an evidence item that is not in the case"
                ))
                continue
            }
            let when = "\(event.action.rawValue) at \(ExchangeTime.rfc3339(event.time)) by \(event.actor)"
            if !event.matched {
                let observed = event.observedSHA256.count == 64 ? "it gave \(event.observedSHA256)" : "the file could not be re-hashed (\(event.observedSHA256))"
                problems.append(EvidenceProblem(
                    kind: .custodyRecordedMismatch, evidenceID: item.id, fileName: item.fileName, custodyEventID: event.id,
                    detail: "the re-hash at \(when) did not match: \(observed), the item is \(item.sha256)"
                ))
            } else if event.observedSHA256.lowercased() != item.sha256.lowercased() {
                problems.append(EvidenceProblem(
                    kind: .custodyInconsistent, evidenceID: item.id, fileName: item.fileName, custodyEventID: event.id,
                    detail: "the event at \(when) is recorded as matching but its re-hash is \(event.observedSHA256), the item is \(item.sha256)"
                ))
            }
            if event.caseID != item.caseID {
                problems.append(EvidenceProblem(
                    kind: .custodyInconsistent, evidenceID: item.id, fileName: item.fileName, custodyEventID: event.id,
                    detail: "the event is filed under case \(event.caseID), the item under case \(item.caseID)"
                ))
            }
        }
        return problems
    }

    /// Re-hashes one item's file in the vault.
    static func check(_ item: EvidenceItem, vault: EvidenceVault) -> [EvidenceProblem] {
        func problem(_ kind: EvidenceProblem.Kind, _ detail: String) -> EvidenceProblem {
            EvidenceProblem(kind: kind, evidenceID: item.id, fileName: item.fileName, detail: detail)
        }
        let recorded = item.sha256.lowercased()
        guard recorded.count == 64, recorded.allSatisfy({ $0.isHexDigit && $0.isASCII }) else {
            return [problem(.hashDiffers, "the recorded SHA-256 is not 64 hex digits; the record was changed")]
        }
        let result: (sha256: String, size: Int64)?
        do { result = try vault.rehash(sha256: recorded) } catch {
            return [problem(.unreadable, "the stored file cannot be read")]
        }
        guard let result else {
            return [problem(.missingFile, "no file in the vault under SHA-256 \(recorded) (expected \(item.size) bytes)")]
        }
        var out: [EvidenceProblem] = []
        if result.size != item.size {
            out.append(problem(.sizeDiffers, "the stored file has \(result.size) bytes, the record says \(item.size)"))
        }
        if result.sha256 != recorded {
            out.append(problem(.hashDiffers, "the stored file hashes to \(result.sha256), the record says \(recorded)"))
        }
        return out
    }
}

/// The result of `evidence verify` for one case: every evidence file re-hashed, the custody
/// record checked, and the audit log's chain and checkpoints verified.
public struct VerificationReport: Sendable {
    public var caseID: String
    public var checkedAt: Date
    public var items: Int
    public var bytes: Int64
    public var evidence: [EvidenceProblem]
    public var audit: [AuditChain.Problem]
    public var auditEntries: Int
    public var checkpoints: Int

    public var isIntact: Bool { evidence.isEmpty && audit.isEmpty }

    /// Re-hashes the case's evidence and verifies the whole audit log.
    ///
    /// - Parameters:
    ///   - auditLog: the whole log from entry 1 (the chain cannot be checked from a slice).
    ///   - trustedKey: the audit signing key to trust; nil checks each checkpoint under the key
    ///     it names (a forger could then sign with a key of their own).
    public static func run(caseID: String, items: [EvidenceItem], custody: [CustodyEvent], vault: EvidenceVault, auditLog: [AuditEntry], checkpoints: [AuditCheckpoint], trustedKey: Curve25519.Signing.PublicKey?, now: Date) -> VerificationReport {
        VerificationReport(
            caseID: caseID, checkedAt: now, items: items.count, bytes: items.reduce(0) { $0 + $1.size },
            evidence: EvidenceVerifier.verify(items: items, custody: custody, vault: vault),
            audit: AuditChain.verify(entries: auditLog, checkpoints: checkpoints, trustedKey: trustedKey),
            auditEntries: auditLog.count, checkpoints: checkpoints.count
        )
    }

    /// The report as text, one problem a line, ending with the verdict.
    public var text: String {
        var lines = [
            "Evidence verification for case \(caseID) at \(ExchangeTime.rfc3339(checkedAt))",
            "Evidence: \(items) item(s), \(bytes) bytes re-hashed with SHA-256; custody events checked.",
            "Audit log: \(auditEntries) entries, \(checkpoints) signed checkpoint(s) verified.",
        ]
        if evidence.isEmpty { lines.append("Evidence: every file is present with its recorded size and SHA-256.") }
        for p in evidence { lines.append("PROBLEM \(p.kind.rawValue): \(p)") }
        if audit.isEmpty { lines.append("Audit log: the chain and every checkpoint verify.") }
        for p in audit { lines.append("PROBLEM audit: \(p)") }
        lines.append(isIntact ? "RESULT: intact" : "RESULT: \(evidence.count + audit.count) problem(s)")
        return lines.joined(separator: "\n") + "\n"
    }
}
