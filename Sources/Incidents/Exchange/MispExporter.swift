import Foundation
import LeakTraceCore

/// Writes a case's observables as a MISP event in MISP's core format
/// (`{"Event": {..., "Attribute": [...], "Tag": [...]}}`), for import into a MISP instance.
///
/// Types and categories follow MISP's describeTypes: addresses are `ip-dst`, domains `domain`
/// (`onion-address` for .onion), `url`, `sha256`, the seller's contact `email-src`; wallets are
/// `btc`, `xmr` or `dash` where MISP has a type for the chain and `text` otherwise; handles are
/// `twitter-id`, `github-username` or `jabber-id` where one fits and `text` otherwise (the network
/// goes in the comment). Each attribute carries its TLP tag; the event carries the most
/// restrictive one, and its distribution follows it (red and amber+strict: this organisation
/// only; amber: this community; green: connected communities; clear: all).
public enum MispExporter {
    /// One attribute as exported.
    public struct Attribute: Sendable, Equatable {
        public var type: String
        public var category: String
        public var toIDs: Bool
    }

    /// The event as UTF-8 JSON (two-space indentation, ending with a newline).
    ///
    /// - Throws: `LeakTraceError.invalidArgument` naming an observable whose value is not of its
    ///   kind's form, without the value.
    public static func event(case incident: IncidentCase, observables: [Observable], organisation: Organisation, now: Date) throws -> Data {
        Data(try eventJSON(case: incident, observables: observables, organisation: organisation, now: now).pretty.utf8)
    }

    static func eventJSON(case incident: IncidentCase, observables: [Observable], organisation: Organisation, now: Date) throws -> ExportJSON {
        struct Pending {
            var attribute: Attribute
            var value: String
            var comments: [String]
            var tlp: TrafficLight
            var added: Date
        }
        // MISP refuses two attributes of one type and value in an event (a handle on two
        // forums): the second's comment and label are merged into the first.
        var pending: [Pending] = []
        var index: [String: Int] = [:]
        for o in observables {
            let value = try ObservableValue.normalised(o)
            let a = attribute(for: o, value: value)
            let tlp = TrafficLight.failClosed(o.tlp)
            let key = a.type + "\u{0}" + value
            if let i = index[key] {
                pending[i].comments.append(comment(for: o))
                pending[i].tlp = max(pending[i].tlp, tlp)
                continue
            }
            index[key] = pending.count
            pending.append(Pending(attribute: a, value: value, comments: [comment(for: o)], tlp: tlp, added: o.addedAt))
        }
        let labels = Set(pending.map(\.tlp))
        let attributes: [ExportJSON] = pending.map { p in
            .members([
                ("uuid", .string(ExchangeIDs.derivedUUID("misp-attribute", incident.id, p.attribute.type, p.value))),
                ("type", .string(p.attribute.type)),
                ("category", .string(p.attribute.category)),
                ("value", .string(p.value)),
                ("to_ids", .bool(p.attribute.toIDs)),
                ("comment", .string(p.comments.joined(separator: "; "))),
                ("distribution", .string("5")),
                ("timestamp", .string(ExchangeTime.epochSeconds(p.added))),
                ("Tag", .array([.object([("name", .string(p.tlp.mispTag))])])),
            ])
        }
        let eventTLP = labels.max() ?? .amber
        return .object([("Event", .members([
            ("uuid", .string(ExchangeIDs.derivedUUID("misp-event", incident.id))),
            ("info", .string("\(incident.id): \(incident.title)")),
            ("date", .string(ExchangeTime.day(incident.anchor(.awareness) ?? incident.createdAt, timeZone: incident.timeZone))),
            ("threat_level_id", .string(threatLevel(incident.severity))),
            ("analysis", .string(incident.status == .closed ? "2" : "1")),
            ("distribution", .string(distribution(eventTLP))),
            ("published", .bool(false)),
            ("timestamp", .string(ExchangeTime.epochSeconds(now))),
            ("Orgc", .object([
                ("uuid", .string(ExchangeIDs.derivedUUID("misp-org", organisation.id))),
                ("name", .string(organisation.name)),
            ])),
            ("Attribute", .array(attributes)),
            ("Tag", .array([.object([("name", .string(eventTLP.mispTag))])])),
        ]))])
    }

    /// MISP type, category and IDS flag for an observable.
    public static func attribute(for o: Observable, value: String) -> Attribute {
        switch o.kind {
        case .ipv4, .ipv6: return Attribute(type: "ip-dst", category: "Network activity", toIDs: true)
        case .domain:
            return value.hasSuffix(".onion")
                ? Attribute(type: "onion-address", category: "Network activity", toIDs: true)
                : Attribute(type: "domain", category: "Network activity", toIDs: true)
        case .url: return Attribute(type: "url", category: "Network activity", toIDs: true)
        case .fileSHA256: return Attribute(type: "sha256", category: "Payload delivery", toIDs: true)
        case .email: return Attribute(type: "email-src", category: "Social network", toIDs: true)
        case .wallet:
            switch (o.network ?? "").lowercased().trimmingCharacters(in: .whitespaces) {
            case "btc", "bitcoin": return Attribute(type: "btc", category: "Financial fraud", toIDs: true)
            case "xmr", "monero": return Attribute(type: "xmr", category: "Financial fraud", toIDs: true)
            case "dash": return Attribute(type: "dash", category: "Financial fraud", toIDs: true)
            default: return Attribute(type: "text", category: "Financial fraud", toIDs: false)
            }
        case .forumHandle:
            switch (o.network ?? "").lowercased().trimmingCharacters(in: .whitespaces) {
            case "twitter", "x", "x.com", "twitter.com": return Attribute(type: "twitter-id", category: "Social network", toIDs: false)
            case "github", "github.com": return Attribute(type: "github-username", category: "Social network", toIDs: false)
            case "jabber", "xmpp": return Attribute(type: "jabber-id", category: "Social network", toIDs: false)
            default: return Attribute(type: "text", category: "Social network", toIDs: false)
            }
        }
    }

    /// The observable's comment, prefixed with what it is and where for wallets and handles (a
    /// `text` attribute says nothing by its type).
    static func comment(for o: Observable) -> String {
        let own = o.comment.trimmingCharacters(in: .whitespacesAndNewlines)
        let network = o.network.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        let prefix: String?
        switch o.kind {
        case .wallet: prefix = network.map { "\($0) wallet" } ?? "Cryptocurrency wallet"
        case .forumHandle: prefix = network.map { "Handle on \($0)" } ?? "Forum handle"
        default: prefix = nil
        }
        // First seen goes in the comment: `first_seen` on attributes is newer than the strict
        // schema PyMISP ships (data/schema.json), which refuses it.
        let seen = o.firstSeen.map { "first seen \(ExchangeTime.rfc3339($0))" }
        let parts = [prefix, own.isEmpty ? nil : own, seen, "LeakTrace \(o.caseID) \(o.id)"].compactMap { $0 }
        return parts.joined(separator: ". ")
    }

    static func threatLevel(_ s: IncidentCase.Severity) -> String {
        switch s {
        case .critical, .high: "1"
        case .medium: "2"
        case .low: "3"
        }
    }

    static func distribution(_ tlp: TrafficLight) -> String {
        switch tlp {
        case .red, .amberStrict: "0"
        case .amber: "1"
        case .green: "2"
        case .clear: "3"
        }
    }

}
