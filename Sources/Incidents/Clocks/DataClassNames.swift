import Foundation

/// One name per data class across the vocabularies a case may use: triage type ids (`mykad`),
/// sensitive class ids (`health`) and HIBP class titles ("Government issued IDs").
enum DataClassNames {
    /// Canonical id → aliases (the canonical id is its own alias).
    static let groups: [(id: String, aliases: [String])] = [
        ("mykad", ["mykad", "old_ic", "Government issued IDs"]),
        ("passport", ["passport", "Passport numbers"]),
        ("phone", ["phone", "phone_mobile", "phone_fixed", "Phone numbers"]),
        ("email", ["email", "Email addresses"]),
        ("sim", ["sim", "imsi", "iccid", "sim_secrets", "SIM card details"]),
        ("imei", ["imei", "Device information"]),
        ("name", ["name", "Names"]),
        ("address", ["address", "postcode", "Physical addresses"]),
        ("state", ["state", "Geographic locations"]),
        ("birth_date", ["birth_date", "Dates of birth"]),
        ("gender", ["gender", "Genders"]),
        ("payment_card", ["payment_card", "Credit cards"]),
        ("bank_account", ["bank_account", "Bank account numbers"]),
        ("financial", ["financial", "Financial information"]),
        ("health", ["health", "Health records"]),
        ("religion", ["religion", "Religions"]),
        ("politics", ["politics", "Political views"]),
        ("offence", ["offence", "Criminal records"]),
        ("biometric", ["biometric", "Biometric data"]),
        ("race_ethnicity", ["race_ethnicity", "Ethnicities"]),
        ("credentials", ["credentials", "Passwords"]),
    ]

    private static let index: [String: String] = {
        var map: [String: String] = [:]
        for group in groups {
            for alias in group.aliases { map[normalised(alias)] = group.id }
        }
        return map
    }()

    /// The canonical id of a known class; an unknown name comes back normalised.
    static func canonical(_ name: String) -> String {
        let key = normalised(name)
        return index[key] ?? key
    }

    /// Lower-cased with `_`, `-` and spaces removed, so `phone_mobile` and `Phone Mobile` compare equal.
    static func normalised(_ name: String) -> String {
        String(name.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " })
    }
}
