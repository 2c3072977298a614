import Exposure

/// A breach as the API writes it: HIBP v3's Pascal-case fields in HIBP's order, `Attribution`
/// always present (null), then LeakTrace's own fields (null when unknown).
struct BreachModel: Encodable, Sendable {
    var breach: Breach
    /// Data classes of this person in this breach, in account lookups only.
    var personDataClasses: [String]?

    enum CodingKeys: String, CodingKey {
        case Name, Title, Domain, BreachDate, AddedDate, ModifiedDate, PwnCount, Description, LogoPath, Attribution
        case DataClasses, IsVerified, IsFabricated, IsSensitive, IsRetired, IsSpamList, IsMalware, IsSubscriptionFree, IsStealerLog
        case SourceOrganisation, SnapshotEarliest, SnapshotLatest, ReportId, PersonDataClasses
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let b = breach
        try c.encode(b.name, forKey: .Name)
        try c.encode(b.title, forKey: .Title)
        try c.encode(b.domain, forKey: .Domain)
        try c.encode(b.breachDate, forKey: .BreachDate)
        try c.encode(b.addedDate, forKey: .AddedDate)
        try c.encode(b.modifiedDate, forKey: .ModifiedDate)
        try c.encode(b.pwnCount, forKey: .PwnCount)
        try c.encode(b.description, forKey: .Description)
        try c.encode(b.logoPath, forKey: .LogoPath)
        try c.encodeNil(forKey: .Attribution)
        try c.encode(b.dataClasses.sorted(), forKey: .DataClasses)
        try c.encode(b.isVerified, forKey: .IsVerified)
        try c.encode(b.isFabricated, forKey: .IsFabricated)
        try c.encode(b.isSensitive, forKey: .IsSensitive)
        try c.encode(b.isRetired || b.status == .retired, forKey: .IsRetired)
        try c.encode(b.isSpamList, forKey: .IsSpamList)
        try c.encode(b.isMalware, forKey: .IsMalware)
        try c.encode(b.isSubscriptionFree, forKey: .IsSubscriptionFree)
        try c.encode(b.isStealerLog, forKey: .IsStealerLog)
        try c.encode(b.sourceOrganisation, forKey: .SourceOrganisation)
        try c.encode(b.snapshotEarliest, forKey: .SnapshotEarliest)
        try c.encode(b.snapshotLatest, forKey: .SnapshotLatest)
        try c.encode(b.reportId, forKey: .ReportId)
        if let personDataClasses { try c.encode(personDataClasses, forKey: .PersonDataClasses) }
    }
}
