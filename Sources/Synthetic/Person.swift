/// A synthetic person: indices into the name and address tables plus the identity numbers.
/// Kept small and free of strings so that the pool of open persons costs little and rows are
/// rendered straight from tables into bytes.
struct Person: Sendable {
    var id: UInt64 = 0
    var community: SyntheticCommunity = .malay
    var male = true
    /// Names and addresses in capitals (most telco systems) or in title case.
    var upper = true
    var canary = -1

    // MARK: Name (meaning of n0...n4 depends on the community; -1 = absent)

    var title = -1
    var n0 = -1
    var n1 = -1
    var n2 = -1
    var n3 = -1
    var n4 = -1
    /// The connector (bin, a/p, anak...); -1 when dropped (spec §7: often dropped).
    var connector = -1
    /// Chinese names: 0 none, 1 English name first ("Jason Tan Wei Ming"), 2 alias ("... @ Jason").
    var englishStyle = 0
    var nationality = -1

    // MARK: Identity

    var birthDays = 0
    var placeOfBirth = 0
    /// `###G` as 0...9999.
    var serial = 0
    /// MyKad printed as `YYMMDD-PB-###G` rather than 12 digits.
    var hyphenated = false
    var passport: UInt64 = 0

    // MARK: Address

    var state = 10
    var postcodeIndex = 0
    var houseStyle = 0
    var houseNumber = 1
    var houseExtra = 0
    var blockLetter = 0
    var streetType = 0
    var streetWord = 0
    var streetStyle = 0
    var streetA = 1
    var streetB = 1
    var section = 0
    var areaKind = -1
    var areaWord = 0
    var areaSuffix = -1
    var stateSpelling = 0

    // MARK: Email (-1 = none)

    var emailStyle = -1
    var emailDomain = 0
    var emailNumber: UInt64 = 0

    // MARK: Lines

    var simCount = 1
    var simsEmitted = 0
    /// The first line's number: also the contact number in `no_tel`.
    var contactNSN: UInt64 = 0
    var contactLength = 9

    // MARK: Ground-truth bookkeeping: set at the first recoverable appearance

    var seenMyKad = false
    var seenPassport = false
    var seenEmail = false
    var seenContact = false

    var isForeign: Bool { community == .foreign }
}

/// One SIM line of a person: one row of the dump.
struct SimLine: Sendable {
    var nsn: UInt64 = 0
    var nsnLength = 9
    var network = 0
    var msin: UInt64 = 0
    var account: UInt64 = 0
    var handset = -1
    var tac: UInt64 = 0
    var imeiSerial: UInt64 = 0
    var plan = 0
    var activationDays = 0
}
