import Identifiers
import LeakTraceCore

/// Decides a column's type from its header vocabulary and the validation rates of its sampled
/// values (spec §2.2), so that a 12-digit order number or a `yyMMddHHmmss` timestamp is not
/// called MyKad and a `601...` value is a phone in an msisdn column and a MyKad in an IC column.
struct ColumnTyper: Sendable {
    /// Share of non-empty sampled cells that must validate for a type won by values alone.
    var voteThreshold: Double = 0.8
    var referenceDate: CivilDate

    /// Types a column can win by the vote of its values, in tie-break order.
    static let votingTypes: [IdentifierType] = [
        .email, .imsi, .iccid, .imei, .mykad, .phoneMobile, .paymentCard, .passport, .postcode, .date, .gender, .state,
    ]

    func decide(index: Int, header: String?, samples: [String]) -> ColumnPlan {
        let name = header ?? "column \(index + 1)"
        var plan = ColumnPlan(index: index, header: name, type: nil, decidedBy: "none", validateEveryCell: false)
        let values = samples.filter { !$0.allSatisfy(\.isWhitespace) }
        let hint = header.flatMap { HeaderVocabulary.classify($0) }
        plan.sensitive = hint?.sensitiveClass
        plan.label = hint?.otherLabel

        var rateCache: [IdentifierType: (rate: Double, types: [IdentifierType: Int])] = [:]
        func rate(_ type: IdentifierType) -> (rate: Double, types: [IdentifierType: Int]) {
            if let cached = rateCache[type] { return cached }
            guard !values.isEmpty else { return (0, [:]) }
            let context = CellContext(columnType: type, referenceDate: referenceDate)
            var valid = 0
            var types: [IdentifierType: Int] = [:]
            for v in values {
                let (isValid, validType) = CellClassifier.validates(type, text: v, context: context)
                if isValid {
                    valid += 1
                    types[validType, default: 0] += 1
                }
            }
            let result = (Double(valid) / Double(values.count), types)
            rateCache[type] = result
            return result
        }

        if let hinted = hint?.type {
            if hinted == .date || hinted == .birthDate {
                plan.type = hinted
                plan.decidedBy = rate(hinted).rate >= 0.5 ? "header+values" : "header"
                if hinted == .date, rate(.mykad).rate >= 0.5 {
                    plan.notes.append("values are MyKad-shaped but the header names a date or time: read as timestamps")
                }
            } else if hinted == .name || hinted == .address || hinted == .oldIC || hinted == .bankAccount {
                plan.type = hinted
                plan.decidedBy = "header"
            } else {
                let r = rate(hinted).rate
                if r >= 0.5 {
                    plan.type = hinted
                    plan.decidedBy = "header+values"
                } else if let (other, otherRate) = bestVote(excluding: hinted, rate: rate), otherRate >= voteThreshold {
                    plan.type = other
                    plan.decidedBy = "values"
                    plan.notes.append("header suggests \(hinted.rawValue) but \(Int(otherRate * 100))% of sampled values are \(other.rawValue)")
                } else {
                    plan.type = hinted
                    plan.decidedBy = "header"
                    if !values.isEmpty {
                        plan.notes.append("only \(Int(r * 100))% of sampled values validate as \(hinted.rawValue)")
                    }
                }
            }
        } else if hint?.otherLabel != nil || hint?.sensitiveClass != nil {
            plan.decidedBy = "header"
        } else if let (winner, _) = bestVote(excluding: nil, rate: rate) {
            plan.type = winner
            plan.decidedBy = "values"
        } else if !values.isEmpty && PersonName.looksLikeNameColumn(cells: values) {
            plan.type = .name
            plan.decidedBy = "values"
        } else if !values.isEmpty && medianAddressScore(values) >= 4 {
            plan.type = .address
            plan.decidedBy = "values"
        }

        // A MyKad column must also look like one as a whole (spec §2.2, §3.7).
        if plan.type == .mykad, plan.decidedBy == "values", let reason = MyKadColumnEvidence.againstMyKad(values) {
            plan.type = reason == "timestamp" ? .date : nil
            plan.label = reason
            plan.notes.append("values pass the MyKad structure but the column looks like \(reason)s")
        }
        // Phones: mobile or fixed by the majority of valid values.
        if plan.type == .phoneMobile || plan.type == .phoneFixed {
            let kinds = rate(.phoneMobile).types
            if let hinted = hint?.type, hinted == .phoneFixed || hinted == .phoneMobile, hint?.phoneAny != true {
                plan.type = hinted
            } else if kinds[.phoneFixed, default: 0] > kinds[.phoneMobile, default: 0] {
                plan.type = .phoneFixed
            } else {
                plan.type = .phoneMobile
            }
        }
        if let type = plan.type {
            plan.validateEveryCell = ColumnPlan.streamedTypes.contains(type)
            plan.sampleFilled = values.count
            plan.sampleValid = Int((rate(type).rate * Double(values.count)).rounded())
            if type == .date || type == .birthDate {
                plan.dateOrder = .dayFirst
            }
        }
        return plan
    }

    /// The voting type with the highest rate at or above the threshold. A `60...` MSISDN column
    /// passes as MyKad too: there the phone reading wins, since a MyKad column whose holders were
    /// all born in 1960 is not plausible.
    private func bestVote(excluding: IdentifierType?, rate: (IdentifierType) -> (rate: Double, types: [IdentifierType: Int])) -> (IdentifierType, Double)? {
        var best: (IdentifierType, Double)?
        for type in ColumnTyper.votingTypes where type != excluding {
            let r = rate(type).rate
            guard r >= voteThreshold else { continue }
            if best == nil || r > best!.1 + 1e-9 { best = (type, r) }
        }
        if let (winner, r) = best, winner == .mykad, excluding != .phoneMobile {
            let phone = rate(.phoneMobile).rate
            if phone >= voteThreshold && phone >= r - 0.05 { return (.phoneMobile, phone) }
        }
        return best
    }

    private func medianAddressScore(_ values: [String]) -> Int {
        let scores = values.prefix(500).map { Address.score($0) }.sorted()
        return scores.isEmpty ? 0 : scores[scores.count / 2]
    }
}

/// Whole-column evidence for or against a MyKad reading (spec §2.2 "column statistics", §3.7).
enum MyKadColumnEvidence {
    /// Returns `timestamp`, `company number` or `sequence number` when the column's values pass
    /// the structure but their shape says otherwise; nil when the column looks like MyKads.
    static func againstMyKad(_ values: [String]) -> String? {
        let digits = values.compactMap { v -> [UInt8]? in
            let d = v.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }
            return d.count == 12 ? Array(d) : nil
        }
        guard digits.count >= 20 else { return nil }
        func pair(_ d: [UInt8], _ i: Int) -> Int { Int(d[i] - 0x30) * 10 + Int(d[i + 1] - 0x30) }
        // Timestamps: the "PB" field is an hour (00-23) and the next pair a minute (00-59).
        let pbs = digits.map { pair($0, 6) }
        let minutes = digits.map { pair($0, 8) }
        if pbs.allSatisfy({ $0 <= 23 }) && minutes.allSatisfy({ $0 <= 59 }) && Set(pbs).count >= 3 {
            return "timestamp"
        }
        // SSM numbers YYYYTTNNNNNN: "DD" is the entity type 01-06 and YY is 19 or 20.
        if digits.allSatisfy({ (pair($0, 0) == 19 || pair($0, 0) == 20) && (1 ... 6).contains(pair($0, 4)) }) {
            return "company number"
        }
        // Sequence numbers: birth dates of real holders vary; a run of ids shares a few prefixes.
        let dates = Set(digits.map { $0[0 ..< 6] })
        if digits.count >= 200 && Double(dates.count) / Double(digits.count) < 0.02 {
            return "sequence number"
        }
        return nil
    }
}
