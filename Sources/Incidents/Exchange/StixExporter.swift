import Foundation
import LeakTraceCore

/// Writes a case's observables as a STIX 2.1 bundle (OASIS STIX Version 2.1, 2021).
///
/// The bundle holds:
/// - an `identity` for the exporting organisation, the `created_by_ref` of everything it made;
/// - a `report` for the case, whose `object_refs` list every observable and indicator;
/// - one SCO per distinct observable: `ipv4-addr`, `ipv6-addr`, `domain-name`, `url`,
///   `email-addr`, `file` (hashes SHA-256), `user-account` for a forum handle (`account_login`,
///   `account_type` from the network), and `x-leaktrace-cryptocurrency-wallet` for a wallet, a new
///   SCO declared by an `extension-definition` in the bundle (STIX 2.1 §7.3), which names
///   LeakTrace's own `identity` as its creator;
/// - an `indicator` with a STIX pattern for each network, file and e-mail observable;
/// - the TLP 2.0 `marking-definition`s used, as OASIS published them; an observable's label
///   marks its SCO and indicator, and the report carries the most restrictive label present.
///
/// SCO ids are UUIDv5 of the ID contributing properties (§2.9), so the same address is the same
/// object in every organisation's export. SDO ids are derived from the case and observable ids in
/// version 4 layout, so a re-export is a new version of the same objects. The same input gives
/// the same bytes. Timestamps are RFC 3339 UTC with milliseconds.
public enum StixExporter {
    /// The custom SCO type for cryptocurrency wallets.
    public static let walletType = "x-leaktrace-cryptocurrency-wallet"

    /// The extension definition that declares `walletType` (a constant: the same in every export).
    public static let walletExtensionID = "extension-definition--" + ExchangeIDs.derivedUUID("extension-definition", walletType, "1.0.0")

    /// LeakTrace's own identity, creator of the wallet extension definition.
    public static let leakTraceIdentityID = "identity--" + ExchangeIDs.derivedUUID("identity", "LeakTrace")

    /// The `created` of the identities and the extension definition: fixed, so every export of
    /// them is the same version of one object.
    static let fixedCreated = "2026-01-01T00:00:00.000Z"

    /// The bundle as UTF-8 JSON (two-space indentation, ending with a newline).
    ///
    /// - Parameters:
    ///   - case: the case; its title and summary (never personal values) describe the report.
    ///   - observables: the case's observables, in the order to export them.
    ///   - organisation: the exporting organisation.
    ///   - now: the export time (the report's `modified` and `published`).
    /// - Throws: `LeakTraceError.invalidArgument` naming an observable whose value is not of its
    ///   kind's form (an IPv4 address that is not one), without the value.
    public static func bundle(case incident: IncidentCase, observables: [Observable], organisation: Organisation, now: Date) throws -> Data {
        Data(try bundleJSON(case: incident, observables: observables, organisation: organisation, now: now).pretty.utf8)
    }

    /// The id an observable's SCO has in the bundle.
    public static func observableID(_ o: Observable) throws -> String {
        let shape = sco(o, value: try ObservableValue.normalised(o))
        return shape.type + "--" + ExchangeIDs.stixObservableUUID(contributing: shape.contributing)
    }

    static func bundleJSON(case incident: IncidentCase, observables: [Observable], organisation: Organisation, now: Date) throws -> ExportJSON {
        let identityID = "identity--" + ExchangeIDs.derivedUUID("identity", "organisation", organisation.id)
        var markings = Set<TrafficLight>()
        var refs: [String] = []
        var seen = Set<String>()
        var observableObjects: [ExportJSON] = []
        var needsWallet = false

        for o in observables {
            let value = try ObservableValue.normalised(o)
            let tlp = TrafficLight.failClosed(o.tlp)
            let shape = sco(o, value: value)
            let id = shape.type + "--" + ExchangeIDs.stixObservableUUID(contributing: shape.contributing)
            guard seen.insert(id).inserted else { continue }
            markings.insert(tlp)
            needsWallet = needsWallet || o.kind == .wallet

            var members: [(String, ExportJSON?)] = [
                ("type", .string(shape.type)),
                ("spec_version", .string("2.1")),
                ("id", .string(id)),
            ]
            members += shape.properties
            members.append(("object_marking_refs", .strings([tlp.stixMarkingID])))
            if o.kind == .wallet {
                members.append(("extensions", .object([(walletExtensionID, .object([("extension_type", .string("new-sco"))]))])))
            }
            observableObjects.append(.members(members))
            refs.append(id)

            if let pattern = pattern(o, value: value) {
                let indicatorID = "indicator--" + ExchangeIDs.derivedUUID("indicator", incident.id, id)
                let created = ExchangeTime.rfc3339(o.addedAt)
                let comment = o.comment.trimmingCharacters(in: .whitespacesAndNewlines)
                observableObjects.append(.members([
                    ("type", .string("indicator")),
                    ("spec_version", .string("2.1")),
                    ("id", .string(indicatorID)),
                    ("created_by_ref", .string(identityID)),
                    ("created", .string(created)),
                    ("modified", .string(created)),
                    ("name", .string("\(label(o.kind)) linked to case \(incident.id)")),
                    ("description", .string(comment.isEmpty ? "\(label(o.kind)) recorded on case \(incident.id) (\(o.id))." : comment)),
                    ("indicator_types", .strings([o.kind == .email ? "attribution" : "malicious-activity"])),
                    ("pattern", .string(pattern)),
                    ("pattern_type", .string("stix")),
                    ("pattern_version", .string("2.1")),
                    ("valid_from", .string(ExchangeTime.rfc3339(o.firstSeen ?? o.addedAt))),
                    ("external_references", externalReferences(incident: incident, observable: o)),
                    ("object_marking_refs", .strings([tlp.stixMarkingID])),
                ]))
                refs.append(indicatorID)
            }
        }

        let reportTLP = markings.max() ?? TrafficLight.failClosed(defaultLabel(observables))
        markings.insert(reportTLP)
        let created = incident.createdAt
        let modified = max(now, created)
        let report: ExportJSON = .members([
            ("type", .string("report")),
            ("spec_version", .string("2.1")),
            ("id", .string("report--" + ExchangeIDs.derivedUUID("report", incident.id))),
            ("created_by_ref", .string(identityID)),
            ("created", .string(ExchangeTime.rfc3339(created))),
            ("modified", .string(ExchangeTime.rfc3339(modified))),
            ("name", .string("\(incident.id): \(incident.title)")),
            ("description", incident.summary.isEmpty ? nil : ExportJSON.string(incident.summary)),
            ("report_types", .strings(["threat-report"])),
            ("published", .string(ExchangeTime.rfc3339(modified))),
            ("object_refs", .strings(refs.isEmpty ? [identityID] : refs)),
            ("external_references", .array([.members([("source_name", .string("leaktrace")), ("external_id", .string(incident.id))])])),
            ("object_marking_refs", .strings([reportTLP.stixMarkingID])),
        ])

        var objects: [ExportJSON] = [identity(id: identityID, name: organisation.name, class: "organization")]
        objects += TrafficLight.allCases.filter { markings.contains($0) }.map(\.stixMarkingDefinition)
        objects.append(report)
        objects += observableObjects
        if needsWallet {
            objects.append(identity(id: leakTraceIdentityID, name: "LeakTrace", class: "system"))
            objects.append(walletExtension)
        }
        return .members([
            ("type", .string("bundle")),
            ("id", .string("bundle--" + ExchangeIDs.derivedUUID("bundle", incident.id, ExchangeTime.rfc3339(now)))),
            ("objects", .array(objects)),
        ])
    }

    // MARK: - Observables

    struct Shape {
        var type: String
        /// The ID contributing properties present (§2.9 and each SCO's section).
        var contributing: ExportJSON
        var properties: [(String, ExportJSON?)]
    }

    static func sco(_ o: Observable, value: String) -> Shape {
        switch o.kind {
        case .ipv4, .ipv6, .domain, .url, .email:
            return Shape(type: o.kind.rawValue, contributing: .object([("value", .string(value))]), properties: [("value", .string(value))])
        case .fileSHA256:
            let hashes: ExportJSON = .object([("SHA-256", .string(value))])
            return Shape(type: "file", contributing: .object([("hashes", hashes)]), properties: [("hashes", hashes)])
        case .forumHandle:
            let type = o.network.map(accountType)
            var contributing: [(String, ExportJSON)] = [("account_login", .string(value))]
            if let type { contributing.append(("account_type", .string(type))) }
            let typeValue: ExportJSON? = type.map { ExportJSON.string($0) }
            return Shape(
                type: "user-account", contributing: .object(contributing),
                properties: [("account_login", .string(value)), ("account_type", typeValue)]
            )
        case .wallet:
            let currency = (o.network ?? "").trimmingCharacters(in: .whitespaces).uppercased()
            let currencyValue: ExportJSON? = currency.isEmpty ? nil : .string(currency)
            return Shape(
                type: walletType, contributing: .object([("address", .string(value))]),
                properties: [("address", .string(value)), ("currency", currencyValue)]
            )
        }
    }

    /// `BreachForums` → `breachforums`, `X (Twitter)` → `x-twitter`: the account-type-ov values
    /// where one fits (twitter, facebook, skype), else the network's lower-case slug (the
    /// vocabulary is open).
    static func accountType(_ network: String) -> String {
        let lower = network.lowercased().trimmingCharacters(in: .whitespaces)
        if ["twitter", "x", "x.com", "twitter.com"].contains(lower) { return "twitter" }
        if ["facebook", "facebook.com"].contains(lower) { return "facebook" }
        if lower == "skype" { return "skype" }
        var out = ""
        for scalar in lower.unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else if !out.isEmpty, out.last != "-" {
                out += "-"
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "other" : out
    }

    /// The STIX pattern for an observable that is an indicator of compromise; nil for handles
    /// and wallets (kept as observables for tracing, not for detection).
    static func pattern(_ o: Observable, value: String) -> String? {
        let literal = "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        switch o.kind {
        case .ipv4, .ipv6, .domain, .url, .email: return "[\(o.kind.rawValue):value = \(literal)]"
        case .fileSHA256: return "[file:hashes.'SHA-256' = \(literal)]"
        case .wallet, .forumHandle: return nil
        }
    }

    static func label(_ kind: Observable.Kind) -> String {
        switch kind {
        case .ipv4: "IPv4 address"
        case .ipv6: "IPv6 address"
        case .domain: "Domain name"
        case .url: "URL"
        case .wallet: "Cryptocurrency wallet"
        case .forumHandle: "Forum handle"
        case .fileSHA256: "File SHA-256"
        case .email: "E-mail address"
        }
    }

    static func defaultLabel(_ observables: [Observable]) -> String {
        observables.first?.tlp ?? "amber"
    }

    static func externalReferences(incident: IncidentCase, observable: Observable) -> ExportJSON {
        .array([.members([
            ("source_name", .string("leaktrace")),
            ("description", .string("Observable \(observable.id) of case \(incident.id)")),
            ("external_id", .string(observable.id)),
        ])])
    }

    // MARK: - Fixed objects

    static func identity(id: String, name: String, class identityClass: String) -> ExportJSON {
        .members([
            ("type", .string("identity")),
            ("spec_version", .string("2.1")),
            ("id", .string(id)),
            ("created", .string(fixedCreated)),
            ("modified", .string(fixedCreated)),
            ("name", .string(name)),
            ("identity_class", .string(identityClass)),
        ])
    }

    static var walletExtension: ExportJSON {
        .members([
            ("type", .string("extension-definition")),
            ("spec_version", .string("2.1")),
            ("id", .string(walletExtensionID)),
            ("created_by_ref", .string(leakTraceIdentityID)),
            ("created", .string(fixedCreated)),
            ("modified", .string(fixedCreated)),
            ("name", .string("LeakTrace cryptocurrency wallet")),
            ("description", .string("A cryptocurrency wallet address seen in a personal-data breach investigation: where a seller asked to be paid, or where proceeds went.")),
            ("schema", .string("""
            A new STIX Cyber-observable Object of type \(walletType). Properties: address (string, \
            required): the wallet address exactly as published; currency (string, optional): the \
            chain or currency in upper case (BTC, XMR, ETH, TRX, USDT-TRC20). ID contributing \
            property: address. Common SCO properties (spec_version, object_marking_refs, \
            extensions) apply.
            """)),
            ("version", .string("1.0.0")),
            ("extension_types", .strings(["new-sco"])),
        ])
    }
}
