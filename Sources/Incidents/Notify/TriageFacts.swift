import Foundation

/// What a triage report says about a leak, for notification drafts: counts and class names only,
/// never a value.
public struct TriageFacts: Codable, Sendable, Equatable {
    /// A data class and how many records (or cells) carry it.
    public struct ClassCount: Codable, Sendable, Equatable {
        /// A triage type id (`mykad`, `phone_mobile`), a sensitive class id (`health`) or an HIBP
        /// class title ("Email addresses").
        public var dataClass: String
        public var count: Int

        public init(dataClass: String, count: Int) {
            self.dataClass = dataClass
            self.count = count
        }
    }

    /// Distinct data subjects (estimate).
    public var subjects: Int?
    /// Records (rows) in the leak.
    public var records: Int?
    public var dataClasses: [ClassCount]
    /// Sensitive classes found (health, biometric, religion ...), with counts.
    public var sensitiveClasses: [ClassCount]

    public init(subjects: Int? = nil, records: Int? = nil, dataClasses: [ClassCount] = [], sensitiveClasses: [ClassCount] = []) {
        self.subjects = subjects
        self.records = records
        self.dataClasses = dataClasses
        self.sensitiveClasses = sensitiveClasses
    }
}
