import Dumps
import Foundation
import Identifiers
import LeakTraceCore

/// Turns the merged tallies into the report: profiles, classes, mixes, bounds and severity.
enum ReportBuilder {
    static func profiles(plans: [ColumnPlan], tallies: [ColumnTally], records: Int) -> [ColumnProfile] {
        var profiles: [ColumnProfile] = []
        for i in 0 ..< max(plans.count, tallies.count) {
            let plan = i < plans.count ? plans[i] : ColumnPlan(index: i, header: "column \(i + 1)", type: nil, decidedBy: "none", validateEveryCell: false)
            let tally = i < tallies.count ? tallies[i] : ColumnTally()
            var verdicts: [String: Int] = [:]
            for verdict in Verdict.allCases {
                let n = tally.verdicts[ColumnTally.slot(verdict)]
                if n > 0 { verdicts[verdict.rawValue] = n }
            }
            let validRate: Double
            let basis: String
            if plan.type == nil {
                validRate = 0
                basis = "none"
            } else if plan.validateEveryCell {
                let checked = tally.verdicts.total
                validRate = checked == 0 ? 0 : Double(tally.validCount) / Double(checked)
                basis = "every cell"
            } else {
                validRate = plan.sampleFilled == 0 ? 0 : Double(plan.sampleValid) / Double(plan.sampleFilled)
                basis = "sampled"
            }
            var notes = plan.notes
            if tally.invalidUTF8 > 0 { notes.append("\(tally.invalidUTF8) cells with invalid UTF-8") }
            if tally.futureDates > 0 { notes.append("\(tally.futureDates) dates after the scan day ignored") }
            if let repaired = tally.verdicts[ColumnTally.slot(.validWarn)] as Int?, repaired > 0 {
                notes.append("\(repaired) values valid after a repair or from a non-canonical form (VALID+WARN)")
            }
            if let mangled = tally.verdicts[ColumnTally.slot(.mangled)] as Int?, mangled > 0 {
                notes.append("\(mangled) values mangled by a spreadsheet (digits lost; counted as exposed, never normalised)")
            }
            profiles.append(ColumnProfile(
                index: i, header: plan.header, type: plan.typeId, decidedBy: plan.decidedBy,
                sensitiveCategory: plan.sensitive?.rawValue, label: plan.label,
                filled: tally.filled, fillRate: records == 0 ? 0 : Double(tally.filled) / Double(records),
                validRate: validRate, validBasis: basis, verdicts: verdicts,
                distinct: tally.validCount == 0 ? 0 : min(tally.distinct.estimate, tally.validCount), example: tally.example, notes: notes
            ))
        }
        return profiles
    }

    static func build(options: ScanOptions, files: [FileReport], latestDate: (date: CivilDate, column: String)?, totals: WorkerTotals, persons: SharedPersons.Summary, referenceDate: CivilDate, referenceSource: String) -> ScanReport {
        // Data classes: every typed column, by type.
        var classColumns: [String: [String]] = [:]
        var classOccurrences: [String: Int] = [:]
        var sensitive: [String: (SensitiveClass, [String], Int)] = [:]
        for file in files {
            for column in file.columns {
                let label = files.count > 1 ? "\(URL(fileURLWithPath: file.path).lastPathComponent):\(column.header)" : column.header
                if column.type != "other" {
                    classColumns[column.type, default: []].append(label)
                    // Validated cells where every cell was checked; for sampled columns (names,
                    // addresses) the filled cells scaled by the sample's valid rate.
                    let valid = column.verdicts[Verdict.valid.rawValue, default: 0] + column.verdicts[Verdict.validWarn.rawValue, default: 0]
                    classOccurrences[column.type, default: 0] += column.validBasis == "sampled" ? Int((Double(column.filled) * column.validRate).rounded()) : valid
                }
                if let category = column.sensitiveCategory, let cls = SensitiveClass(rawValue: category) {
                    var entry = sensitive[category] ?? (cls, [], 0)
                    entry.1.append(label)
                    entry.2 += column.filled
                    sensitive[category] = entry
                }
            }
        }
        let dataClasses = classColumns.keys.sorted { (IdentifierType(rawValue: $0) ?? .other) < (IdentifierType(rawValue: $1) ?? .other) }.map {
            ScanReport.DataClass(type: $0, columns: classColumns[$0] ?? [], occurrences: classOccurrences[$0] ?? 0)
        }
        let sensitiveClasses = sensitive.values.sorted { $0.0.rawValue < $1.0.rawValue }.map {
            ScanReport.SensitiveFinding(category: $0.0.rawValue, statutory: $0.0.isStatutory, severity: $0.0.severity.rawValue, columns: $0.1, filledCells: $0.2)
        }

        var identifiers: [String: ScanReport.IdentifierCount] = [:]
        for type in IdentifierType.allCases where totals.identifierOccurrences[type.ordinal] > 0 {
            let occurrences = totals.identifierOccurrences[type.ordinal]
            let distinct = min(totals.typeDistinct[type]?.estimate ?? 0, occurrences)
            identifiers[type.rawValue] = ScanReport.IdentifierCount(occurrences: occurrences, distinct: type == .mykad ? persons.withMyKad : distinct)
        }

        // Snapshot bounds.
        var future = 0
        for tally in totals.columns { future += tally.futureDates }
        let latest = latestDate?.date
        let latestColumn = latestDate?.column
        let notBefore = [latest, totals.youngestBirth].compactMap { $0 }.max()
        let snapshot = ScanReport.SnapshotBounds(latestRecordDate: latest, latestRecordDateColumn: latestColumn, youngestBirthDate: totals.youngestBirth, notBefore: notBefore, futureDatesIgnored: future)

        let states: [String: Int]
        let stateBasis: String
        if persons.residenceStates.values.reduce(0, +) > 0 {
            states = persons.residenceStates
            stateBasis = "residence (postcode or state column)"
        } else {
            states = persons.birthStates
            stateBasis = "birthplace (MyKad place-of-birth code)"
        }
        let stateNames = states.map { ScanReport.NamedCount(name: MalaysianState(rawValue: $0.key)?.canonicalName ?? $0.key, count: $0.value) }

        let totalsOut = ScanReport.Totals(
            files: files.count, filesFailed: files.filter { $0.error != nil }.count, bytes: files.reduce(0) { $0 + $1.bytes },
            records: totals.records, uniquePersons: persons.persons, personsWithMyKad: persons.withMyKad, personsByPhoneOnly: persons.phoneOnly,
            invalidRows: totals.invalidRows, paddingRows: totals.paddingRows, blankRows: totals.blankRows,
            warnings: files.reduce(0) { $0 + $1.warnings.total }, identifiers: identifiers
        )
        let severity = Severity.assess(dataClasses: dataClasses, sensitive: sensitiveClasses, persons: persons.persons)
        return ScanReport(
            tool: options.toolStamp, generatedAt: Date().formatted(.iso8601),
            referenceDate: referenceDate, referenceDateSource: referenceSource,
            limits: options.limits, keepGoing: options.keepGoing, files: files, totals: totalsOut,
            dataClasses: dataClasses, sensitiveClasses: sensitiveClasses,
            operators: sorted(persons.operators), networks: sorted(totals.networks), states: sorted(stateNames), stateBasis: stateBasis,
            ageBands: AgeBands.labels.enumerated().compactMap { i, label in
                persons.ageBands[UInt8(i)].map { ScanReport.NamedCount(name: label, count: $0) }
            },
            genders: Gender.allCases.compactMap { g in persons.genders[g].map { ScanReport.NamedCount(name: g.rawValue, count: $0) } },
            snapshot: snapshot, severity: severity
        )
    }

    private static func sorted(_ counts: [String: Int]) -> [ScanReport.NamedCount] {
        counts.map { ScanReport.NamedCount(name: $0.key, count: $0.value) }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
    }

    private static func sorted(_ counts: [ScanReport.NamedCount]) -> [ScanReport.NamedCount] {
        counts.sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
    }
}

/// The severity summary: the worst class present sets the level (spec §9's scanner severity),
/// and the number of persons raises it.
enum Severity {
    static func assess(dataClasses: [ScanReport.DataClass], sensitive: [ScanReport.SensitiveFinding], persons: Int) -> ScanReport.Severity {
        var level = SensitiveClass.Severity.low
        var reasons: [String] = []
        func raise(_ to: SensitiveClass.Severity, _ reason: String) {
            if to > level { level = to }
            reasons.append(reason)
        }
        for s in sensitive {
            raise(SensitiveClass.Severity(rawValue: s.severity) ?? .high, "\(s.statutory ? "PDPA-sensitive" : "high-risk") data: \(s.category) (\(s.columns.joined(separator: ", ")))")
        }
        let types = Set(dataClasses.filter { $0.occurrences > 0 }.map(\.type))
        if types.contains(IdentifierType.paymentCard.rawValue) { raise(.critical, "payment card numbers") }
        let national = ["mykad", "passport", "old_ic"].filter { types.contains($0) }
        if !national.isEmpty { raise(.high, "national identity numbers: \(national.joined(separator: ", "))") }
        let sim = ["imsi", "iccid", "imei"].filter { types.contains($0) }
        if !sim.isEmpty { raise(.high, "SIM and device identifiers: \(sim.joined(separator: ", "))") }
        let contact = ["name", "address", "birth_date", "phone_mobile", "phone_fixed", "email"].filter { types.contains($0) }
        if !contact.isEmpty { raise(.medium, "contact and identity details: \(contact.joined(separator: ", "))") }
        if persons >= 100_000 && level >= .high {
            raise(.critical, "\(persons) persons affected with national or SIM identifiers")
        }
        if reasons.isEmpty { reasons.append("no personal data recognised") }
        return ScanReport.Severity(level: level.rawValue, reasons: reasons)
    }
}
