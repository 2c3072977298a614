import Foundation

/// An organisation taking part in cases: a breached controller, a regulator, the police, a CERT, a vendor.
public struct Organisation: Codable, Sendable, Equatable, Identifiable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case controller, processor, regulator, police, cert, other
    }

    /// A short slug (`telco-a`, `jpdp`, `pdrm-ccid`): letters, digits and dashes.
    public var id: String
    public var name: String
    public var kind: Kind

    public init(id: String, name: String, kind: Kind) {
        self.id = id
        self.name = name
        self.kind = kind
    }
}

/// A person with an account: belongs to one organisation, with one role there.
public struct Person: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    /// The sign-in name (unique).
    public var username: String
    public var displayName: String
    public var organisationID: String
    public var role: Role
    /// May create organisations and accounts. Sees no case for that reason alone.
    public var isAdministrator: Bool
    public var createdAt: Date

    public init(id: String, username: String, displayName: String, organisationID: String, role: Role, isAdministrator: Bool = false, createdAt: Date) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.organisationID = organisationID
        self.role = role
        self.isAdministrator = isAdministrator
        self.createdAt = createdAt
    }
}

/// A person's password hash (bcrypt), kept apart from `Person` so listing people never loads it.
public struct Credential: Codable, Sendable, Equatable {
    public var personID: String
    public var passwordHash: String
    public var updatedAt: Date

    public init(personID: String, passwordHash: String, updatedAt: Date) {
        self.personID = personID
        self.passwordHash = passwordHash
        self.updatedAt = updatedAt
    }
}
