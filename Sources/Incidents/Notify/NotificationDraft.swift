import Foundation

/// A notification draft: ordered fields of text, versioned by edits (issue 8 item 5).
///
/// Drafts never hold a personal value: they are built from counts, classes and case text. A
/// revision is a new value with `version + 1` and `basedOn` naming the previous version, which is
/// left unchanged.
public struct NotificationDraft: Codable, Sendable, Equatable, Identifiable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// To the Personal Data Protection Commissioner (PDPA s.12B(1), Annex B fields).
        case commissioner
        /// To the affected data subjects (PDPA s.12B(2)).
        case dataSubject
        /// The breach-register entry (kept at least 2 years).
        case breachRegister
        /// To NACSA and the sector lead within 6 h (CSA 2024).
        case nacsaInitial
        /// To NACSA and the sector lead within 14 days (CSA 2024).
        case nacsaDetails
    }

    public enum Language: String, Codable, Sendable, CaseIterable {
        case en, ms
    }

    /// One field: a stable key, a label in the draft's language and the text.
    public struct Field: Codable, Sendable, Equatable {
        public var key: String
        public var label: String
        public var text: String

        public init(key: String, label: String, text: String) {
            self.key = key
            self.label = label
            self.text = text
        }
    }

    /// `LT-2026-0001/commissioner/en/v1`.
    public var id: String
    public var caseID: String
    public var kind: Kind
    public var language: Language
    public var version: Int
    public var fields: [Field]
    public var createdBy: String
    public var createdAt: Date
    /// The id of the version this one revises; `nil` for version 1.
    public var basedOn: String?
    /// The keys whose text this version changed or added (empty for version 1).
    public var changedKeys: [String]

    public init(caseID: String, kind: Kind, language: Language, version: Int = 1, fields: [Field], createdBy: String, createdAt: Date, basedOn: String? = nil, changedKeys: [String] = []) {
        self.id = Self.makeID(caseID: caseID, kind: kind, language: language, version: version)
        self.caseID = caseID
        self.kind = kind
        self.language = language
        self.version = version
        self.fields = fields
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.basedOn = basedOn
        self.changedKeys = changedKeys
    }

    /// Every draft is a draft until someone sends it outside LeakTrace; renderings say so.
    public var isDraft: Bool { true }

    /// The text of a field, by key.
    public subscript(key: String) -> String? {
        fields.first { $0.key == key }?.text
    }

    /// A new version with the given fields' text replaced; keys the draft lacks are appended
    /// (labelled with the key). The receiver is unchanged.
    /// - Parameters:
    ///   - fields: new text by key.
    ///   - by: who edited.
    ///   - at: when.
    /// - Returns: version + 1, `basedOn` this draft's id, `changedKeys` the keys whose text differs.
    public func revise(fields changes: [String: String], by: String, at: Date) -> NotificationDraft {
        var fields = self.fields
        var changed: [String] = []
        for (index, field) in fields.enumerated() {
            if let text = changes[field.key], text != field.text {
                fields[index].text = text
                changed.append(field.key)
            }
        }
        for key in changes.keys.sorted() where !fields.contains(where: { $0.key == key }) {
            fields.append(Field(key: key, label: key, text: changes[key] ?? ""))
            changed.append(key)
        }
        return NotificationDraft(caseID: caseID, kind: kind, language: language, version: version + 1, fields: fields, createdBy: by, createdAt: at, basedOn: id, changedKeys: changed)
    }

    /// `draft.revise(fields:by:at:)` as a function.
    public static func revise(_ draft: NotificationDraft, fields: [String: String], by: String, at: Date) -> NotificationDraft {
        draft.revise(fields: fields, by: by, at: at)
    }

    static func makeID(caseID: String, kind: Kind, language: Language, version: Int) -> String {
        "\(caseID)/\(kind.rawValue)/\(language.rawValue)/v\(version)"
    }
}
