import Foundation

/// A Traffic Light Protocol 2.0 label, as STIX 2.1 marks it and MISP tags it.
public enum TrafficLight: String, Sendable, CaseIterable, Comparable {
    case clear
    case green
    case amber
    case amberStrict = "amber+strict"
    case red

    /// Reads `clear`, `TLP:GREEN`, `amber+strict`; TLP 1.0's `white` is TLP 2.0's `clear`.
    /// Nil for anything else.
    public init?(label: String) {
        var s = label.lowercased().trimmingCharacters(in: .whitespaces)
        if s.hasPrefix("tlp:") { s.removeFirst(4) }
        if s == "white" { s = "clear" }
        self.init(rawValue: s)
    }

    /// Reads a label, falling back to `red` for one it does not know: an unreadable label must
    /// not widen sharing.
    static func failClosed(_ label: String) -> TrafficLight {
        TrafficLight(label: label) ?? .red
    }

    private var rank: Int {
        switch self {
        case .clear: 0
        case .green: 1
        case .amber: 2
        case .amberStrict: 3
        case .red: 4
        }
    }

    public static func < (lhs: TrafficLight, rhs: TrafficLight) -> Bool { lhs.rank < rhs.rank }

    /// `TLP:AMBER+STRICT`.
    public var name: String { "TLP:" + rawValue.uppercased() }

    /// The MISP taxonomy tag (`tlp:amber+strict`).
    public var mispTag: String { "tlp:" + rawValue }

    /// The marking-definition id OASIS published for TLP 2.0 (cti-stix-common-objects,
    /// extension-definition-specifications/tlp-2.0).
    public var stixMarkingID: String {
        switch self {
        case .clear: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"
        case .green: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
        case .amber: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
        case .amberStrict: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"
        case .red: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
        }
    }

    /// The TLP 2.0 extension definition the markings use.
    static let stixExtensionID = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

    /// The marking-definition object exactly as OASIS published it.
    var stixMarkingDefinition: ExportJSON {
        .members([
            ("type", .string("marking-definition")),
            ("spec_version", .string("2.1")),
            ("id", .string(stixMarkingID)),
            ("created", .string("2022-10-01T00:00:00.000Z")),
            ("name", .string(name)),
            ("extensions", .object([
                (Self.stixExtensionID, .object([
                    ("extension_type", .string("property-extension")),
                    ("tlp_2_0", .string(rawValue)),
                ])),
            ])),
        ])
    }
}
