import Foundation
import Identifiers
import LeakTraceCore
import Synthetic
import Testing

/// Shared configurations: small enough for debug builds, large enough to hit every noise kind.
private func configuration(
    rows: Int = 3_000, seed: UInt64 = 42, format: SyntheticFormat = .csv,
    noise: SyntheticNoise = .realistic, canaries: Int = 0,
    referenceDate: CivilDate = SyntheticConfiguration.defaultReferenceDate
) -> SyntheticConfiguration {
    SyntheticConfiguration(rows: rows, seed: seed, format: format, referenceDate: referenceDate, noise: noise, canaryRows: canaries)
}

/// Noise turned up so that a few thousand rows exercise every damage path.
private let heavyNoise = SyntheticNoise(
    invalidRowRate: 0.05, paddingRowRate: 0.02, duplicateRowRate: 0.03, excelDamageRate: 0.15,
    emptyCellRate: 0.1, multilineAddressRate: 0.03, foreignerRate: 0.06)

@Suite("Synthetic dumps")
struct SyntheticDumpTests {
    // MARK: - Determinism

    @Test("The same seed gives identical bytes", arguments: SyntheticFormat.allCases)
    func sameSeedSameBytes(format: SyntheticFormat) throws {
        // setup
        let config = configuration(rows: 2_000, format: format, noise: heavyNoise)
        // MUT
        let first = try SyntheticDump(config).bytes()
        let second = try SyntheticDump(config).bytes()
        // validate
        #expect(first.bytes == second.bytes)
        #expect(first.truth == second.truth)
        #expect(!first.bytes.isEmpty)
    }

    @Test("A different seed gives different bytes")
    func differentSeedDifferentBytes() throws {
        let a = try SyntheticDump(configuration(rows: 500, seed: 1)).bytes().bytes
        let b = try SyntheticDump(configuration(rows: 500, seed: 2)).bytes().bytes
        #expect(a != b)
        // Neighbouring seeds must not share rows either (SplitMix64 spreads the seed).
        let rowsA = Set(String(decoding: a, as: UTF8.self).split(separator: "\r\n").dropFirst())
        let rowsB = Set(String(decoding: b, as: UTF8.self).split(separator: "\r\n").dropFirst())
        #expect(rowsA.intersection(rowsB).isEmpty)
    }

    @Test("forEachRow and write agree on the truth")
    func truthIsTheSameForBothPaths() throws {
        let dump = try SyntheticDump(configuration(rows: 2_000, noise: heavyNoise, canaries: 3))
        let written = dump.bytes().truth
        let visited = dump.forEachRow { _ in }
        #expect(written == visited)
    }

    // MARK: - Row counts and encodings

    @Test("Row count is exact, header included", arguments: [0, 1, 7, 2_500])
    func rowCountIsExact(rows: Int) throws {
        let config = configuration(rows: rows, noise: heavyNoise)
        let (bytes, truth) = try SyntheticDump(config).bytes()
        let records = try DelimitedParser.parse(bytes, delimiter: 44)
        #expect(records.count == rows + 1)
        #expect(records.first == SyntheticColumn.headers)
        #expect(records.allSatisfy { $0.count == SyntheticColumn.allCases.count })
        #expect(truth.rows == rows)
        #expect(truth.headerLines == 1)
        #expect(truth.subscriberRows + truth.duplicateRows + truth.paddingRows + truth.canaryRows == rows)
    }

    @Test("The CSV header is the documented one")
    func csvHeader() throws {
        let bytes = try SyntheticDump(configuration(rows: 1)).bytes().bytes
        let firstLine = String(decoding: bytes.prefix { $0 != 13 }, as: UTF8.self)
        #expect(firstLine == "msisdn,nama,ic_no,alamat1,alamat2,poskod,bandar,negeri,imsi,iccid,imei,handset,plan,tarikh_aktif,jantina,tarikh_lahir,email,no_tel")
    }

    @Test("CSV is strict RFC 4180 and holds exactly the generated cells (commas, quotes, line breaks)")
    func csvRoundTrip() throws {
        let dump = try SyntheticDump(configuration(rows: 3_000, noise: heavyNoise))
        let records = try DelimitedParser.parse(dump.bytes().bytes, delimiter: 44)
        var expected: [[String]] = [SyntheticColumn.headers]
        var multiline = 0
        dump.forEachRow { row in
            expected.append(row.cells)
            if row.multilineAddress { multiline += 1 }
        }
        #expect(records == expected)
        #expect(multiline > 0, "the noise should have split some addresses over two lines")
        #expect(expected.contains { $0[SyntheticColumn.alamat1.rawValue].contains(",") })
        // Names such as Dato' carry an apostrophe; quoting must not be needed for it.
        #expect(String(decoding: dump.bytes().bytes, as: UTF8.self).contains("\r\n"))
    }

    @Test("TSV parses with tab delimiters and holds the same cells as CSV")
    func tsvMatchesCSV() throws {
        let csv = try SyntheticDump(configuration(rows: 1_500, format: .csv, noise: heavyNoise)).bytes()
        let tsv = try SyntheticDump(configuration(rows: 1_500, format: .tsv, noise: heavyNoise)).bytes()
        #expect(try DelimitedParser.parse(csv.bytes, delimiter: 44) == DelimitedParser.parse(tsv.bytes, delimiter: 9))
        #expect(csv.truth.rows == tsv.truth.rows && csv.truth.persons == tsv.truth.persons)
    }

    @Test("NDJSON: one JSON object per line, keys in column order, the same cells as CSV")
    func ndjsonMatchesCSV() throws {
        let config = configuration(rows: 1_500, format: .ndjson, noise: heavyNoise)
        let (bytes, truth) = try SyntheticDump(config).bytes()
        #expect(truth.headerLines == 0)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "")
        #expect(lines.count == 1_500 + 1)
        let csvRecords = try DelimitedParser.parse(
            SyntheticDump(configuration(rows: 1_500, format: .csv, noise: heavyNoise)).bytes().bytes, delimiter: 44)
        for (index, line) in lines.dropLast().enumerated() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
            let cells = SyntheticColumn.headers.map { object[$0] ?? "<missing>" }
            #expect(cells == csvRecords[index + 1])
            #expect(object.count == SyntheticColumn.allCases.count)
            // Keys in column order: the line starts with the first column's key.
            #expect(line.hasPrefix("{\"msisdn\":"))
        }
    }

    // MARK: - Validity against the Identifiers detectors

    @Test("Every clean identifier validates with the Identifiers detectors; invalid ones do not")
    func identifiersValidate() throws {
        let reference = SyntheticConfiguration.defaultReferenceDate
        let dump = try SyntheticDump(configuration(rows: 6_000, seed: 7, noise: heavyNoise, canaries: 2))
        func typed(_ type: IdentifierType) -> CellContext { CellContext(columnType: type, referenceDate: reference) }
        var checked = [SyntheticColumn: Int]()
        dump.forEachRow { row in
            guard row.kind != .padding else { return }
            for column in [SyntheticColumn.icNo, .msisdn, .noTel, .imsi, .iccid, .imei, .email] {
                let cell = row[column]
                let status = row.status(column)
                let detection: Detection
                switch column {
                case .icNo where row.community == .foreign: continue
                case .icNo: detection = MyKad.detect(cell, context: typed(.mykad))
                case .msisdn, .noTel: detection = Phone.detect(cell, context: typed(.phoneMobile))
                case .imsi: detection = IMSI.detect(cell, context: typed(.imsi))
                case .iccid: detection = ICCID.detect(cell, context: typed(.iccid))
                case .imei: detection = IMEI.detect(cell, context: typed(.imei))
                default: detection = Email.detect(cell, context: typed(.email))
                }
                switch status {
                case .clean:
                    #expect(detection.verdict.isValid, "row \(row.index) \(column.header) should be valid: \(detection.verdict) \(detection.notes)")
                    checked[column, default: 0] += 1
                case .excelApostrophe, .excelFloatSuffix, .excelLostZero:
                    #expect(detection.verdict.isValid, "row \(row.index) \(column.header) \(status) should be repairable: \(detection.verdict) \(detection.notes)")
                case .excelScientific:
                    #expect(!detection.verdict.isValid, "row \(row.index) \(column.header): scientific notation must not validate")
                case .invalid:
                    #expect(!detection.verdict.isValid, "row \(row.index) \(column.header) is deliberately invalid but validated")
                case .empty, .filler:
                    break
                }
            }
        }
        for column in [SyntheticColumn.icNo, .msisdn, .noTel, .imsi, .iccid, .imei, .email] {
            #expect((checked[column] ?? 0) > 100, "too few clean \(column.header) cells checked")
        }
    }

    @Test("MyKad agrees with the birth date, the gender column, the name connector and the age range")
    func myKadConsistency() throws {
        let reference = SyntheticConfiguration.defaultReferenceDate
        let dump = try SyntheticDump(configuration(rows: 6_000, seed: 11))
        var connectorsChecked = 0
        var communities = Set<SyntheticCommunity>()
        var placeCodes = Set<Int>()
        dump.forEachRow { row in
            guard row.kind != .padding, let gender = row.gender, let birth = row.birthDate else { return }
            if let community = row.community { communities.insert(community) }
            let age = birth.years(until: reference)
            #expect((12...90).contains(age), "row \(row.index): age \(age)")

            // Gender column and name connector.
            if row.status(.jantina) == .clean { #expect(row[.jantina] == (gender == .male ? "L" : "P")) }
            if let nameGender = connectorGender(row[.nama]) {
                #expect(nameGender == gender, "row \(row.index): connector disagrees with gender")
                connectorsChecked += 1
            }
            // Date of birth column.
            if row.status(.tarikhLahir) == .clean {
                let dmy = String(format: "%02d/%02d/%04d", birth.day, birth.month, birth.year)
                #expect(row[.tarikhLahir] == dmy)
            }
            // Activation before the reference date, after the holder turned 12.
            let activation = CivilDate(iso: row[.tarikhAktif])
            #expect(activation != nil)
            if let activation {
                #expect(activation < reference)
                #expect(birth.years(until: activation) >= 12)
            }

            guard row.community != .foreign, row.status(.icNo) == .clean else { return }
            let detection = MyKad.detect(row[.icNo], context: CellContext(columnType: .mykad, referenceDate: reference))
            #expect(detection.canonical == row[.icNo].filter(\.isNumber))
            #expect(detection.facts.birthDate == birth, "row \(row.index): MyKad date")
            #expect(detection.facts.gender == gender, "row \(row.index): MyKad gender digit")
            let digits = Array(row[.icNo].filter(\.isNumber))
            if let code = Int(String(digits[6...7])) {
                placeCodes.insert(code)
                #expect(PlaceOfBirth.lookup(code) != nil)
            }
        }
        #expect(connectorsChecked > 1_000)
        #expect(communities == Set(SyntheticCommunity.allCases))
        // PB codes: mostly 01-16, some alternates 21-59, a few abroad or 82.
        #expect(placeCodes.contains { (1...16).contains($0) })
        #expect(placeCodes.contains { (21...59).contains($0) })
        #expect(placeCodes.contains { $0 >= 60 })
    }

    @Test("Postcode, town and state come from the same row of the pinned postcode table")
    func postcodeStateConsistency() throws {
        let dump = try SyntheticDump(configuration(rows: 4_000, seed: 5))
        var states = Set<String>()
        dump.forEachRow { row in
            guard row.kind != .padding, let stateCode = row.stateCode else { return }
            let entries = Postcode.entries(for: row[.poskod])
            #expect(!entries.isEmpty, "row \(row.index): postcode not in the table")
            #expect(entries.contains { $0.town.uppercased() == row[.bandar].uppercased() && $0.stateCode == stateCode },
                    "row \(row.index): town/state not from the postcode's row")
            #expect(MalaysianState.match(row[.negeri])?.isoCode == stateCode, "row \(row.index): state name \(row[.negeri])")
            states.insert(stateCode)
        }
        #expect(states.count == 16)
    }

    @Test("Phones: msisdn in 60... form, no_tel in mixed spellings of the holder's first number")
    func phoneSpellings() throws {
        let dump = try SyntheticDump(configuration(rows: 4_000, seed: 9, noise: .clean))
        var firstNumber: [UInt64: String] = [:]
        var spellings = Set<String>()
        var operators = Set<String>()
        var sameNetwork = 0
        var bothKnown = 0
        dump.forEachRow { row in
            guard let person = row.personID else { return }
            #expect(row[.msisdn].hasPrefix("60") && row[.msisdn].allSatisfy(\.isNumber))
            let msisdn = Phone.detect(row[.msisdn], context: CellContext(columnType: .phoneMobile))
            let contact = Phone.detect(row[.noTel], context: CellContext(columnType: .phoneMobile))
            if row.lineIndex == 0 { firstNumber[person] = msisdn.canonical }
            if let first = firstNumber[person] { #expect(contact.canonical == first, "row \(row.index): contact number") }
            spellings.insert(shape(row[.noTel]))
            if let op = msisdn.facts.originalOperator {
                operators.insert(op)
                // The IMSI's network agrees with the prefix's original operator unless ported.
                if let serving = IMSI.detect(row[.imsi], context: CellContext(columnType: .imsi)).facts.originalOperator {
                    bothKnown += 1
                    if serving.hasPrefix(op) { sameNetwork += 1 }
                }
            }
        }
        #expect(spellings.count >= 10, "expected the §4.7 spellings, got \(spellings.sorted())")
        #expect(operators == ["Maxis", "Celcom", "DiGi"])
        #expect(bothKnown > 2_000)
        #expect(Double(sameNetwork) > 0.85 * Double(bothKnown), "\(sameNetwork) of \(bothKnown) lines on their prefix's network")
    }

    @Test("Persons with several lines share name, MyKad and address but not line identifiers")
    func multiLinePersons() throws {
        let dump = try SyntheticDump(configuration(rows: 5_000, seed: 13, noise: .clean))
        var byPerson: [UInt64: [SyntheticRow]] = [:]
        dump.forEachRow { row in
            if let id = row.personID { byPerson[id, default: []].append(row) }
        }
        let multi = byPerson.values.filter { $0.count > 1 }
        #expect(multi.count > 300)
        for rows in multi {
            let shared: [SyntheticColumn] = [.nama, .icNo, .alamat1, .alamat2, .poskod, .bandar, .negeri, .tarikhLahir, .email]
            for column in shared { #expect(Set(rows.map { $0[column] }).count == 1, "\(column.header) differs") }
            for column in [SyntheticColumn.msisdn, .imsi, .iccid, .imei] {
                #expect(Set(rows.map { $0[column] }).count == rows.count, "\(column.header) repeats")
            }
            #expect(rows.count <= 3)
        }
    }

    // MARK: - Ground truth

    @Test("The truth matches a recount from the rows")
    func truthMatchesRecount() throws {
        let reference = SyntheticConfiguration.defaultReferenceDate
        let dump = try SyntheticDump(configuration(rows: 8_000, seed: 3, noise: heavyNoise, canaries: 4))
        var persons = Set<UInt64>()
        var foreign = Set<UInt64>()
        var mykads = Set<String>()
        var passports = Set<String>()
        var phones = Set<String>()
        var imsis = Set<String>()
        var iccids = Set<String>()
        var imeis = Set<String>()
        var emails = Set<String>()
        var invalid = 0
        var padding = 0
        var duplicates = 0
        var canaries = 0
        var empty = 0
        func ctx(_ type: IdentifierType) -> CellContext { CellContext(columnType: type, referenceDate: reference) }
        let truth = dump.forEachRow { row in
            switch row.kind {
            case .padding: padding += 1
            case .duplicate: duplicates += 1
            case .canary: canaries += 1
            case .subscriber: break
            }
            if row.invalidKind != nil { invalid += 1 }
            empty += row.statuses.filter { $0 == .empty }.count
            guard let id = row.personID else { return }
            persons.insert(id)
            func add(_ column: SyntheticColumn, _ set: inout Set<String>, _ canonical: (String) -> String?) {
                guard row.status(column).isRecoverable, let value = canonical(row[column]) else { return }
                set.insert(value)
            }
            if row.community == .foreign {
                foreign.insert(id)
                add(.icNo, &passports) { $0 }
            } else {
                add(.icNo, &mykads) { MyKad.detect($0, context: ctx(.mykad)).canonical }
            }
            add(.msisdn, &phones) { Phone.detect($0, context: ctx(.phoneMobile)).canonical }
            add(.noTel, &phones) { Phone.detect($0, context: ctx(.phoneMobile)).canonical }
            add(.imsi, &imsis) { IMSI.detect($0, context: ctx(.imsi)).canonical }
            add(.iccid, &iccids) { ICCID.detect($0, context: ctx(.iccid)).canonical }
            add(.imei, &imeis) { IMEI.detect($0, context: ctx(.imei)).canonical }
            add(.email, &emails) { $0.isEmpty ? nil : $0 }
        }
        #expect(truth.persons == persons.count)
        #expect(truth.foreignPersons == foreign.count)
        #expect(truth.uniqueMyKads == mykads.count)
        #expect(truth.validDistinct.mykad == mykads.count)
        #expect(truth.validDistinct.passport == passports.count)
        #expect(truth.uniquePhones == phones.count)
        #expect(truth.validDistinct.phoneMobile == phones.count)
        #expect(truth.validDistinct.imsi == imsis.count)
        #expect(truth.validDistinct.iccid == iccids.count)
        #expect(truth.validDistinct.imei == imeis.count)
        #expect(truth.validDistinct.email == emails.count)
        #expect(truth.invalidRows == invalid && invalid > 0)
        #expect(truth.paddingRows == padding && padding > 0)
        #expect(truth.duplicateRows == duplicates && duplicates > 0)
        #expect(truth.canaryRows == canaries && canaries == 4)
        #expect(truth.emptyCells == empty)
        #expect(truth.invalidCells.values.reduce(0, +) == invalid)
        #expect(truth.excelDamage.scientific > 0 && truth.excelDamage.lostLeadingZero > 0)
        #expect(truth.excelDamage.apostrophe > 0 && truth.excelDamage.floatSuffix > 0)
    }

    @Test("Truth JSON uses the documented keys")
    func truthJSONKeys() throws {
        let truth = try SyntheticDump(configuration(rows: 100)).bytes().truth
        let data = try JSONEncoder().encode(truth)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["rows", "persons", "uniqueMyKads", "uniquePhones", "invalidRows", "paddingRows", "validDistinct", "referenceDate", "seed"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let perType = try #require(object["validDistinct"] as? [String: Int])
        #expect(Set(perType.keys) == ["mykad", "passport", "phone_mobile", "imsi", "iccid", "imei", "email"])
        #expect(object["referenceDate"] as? String == "2014-07-31")
    }

    // MARK: - Canaries, padding and synthetic-only values

    @Test("Emails are only at reserved example domains; canaries are marked")
    func emailsAndCanaries() throws {
        let dump = try SyntheticDump(configuration(rows: 3_000, seed: 21, canaries: 3))
        var canaryRows: [SyntheticRow] = []
        dump.forEachRow { row in
            let email = row[.email]
            if !email.isEmpty && row.kind != .padding {
                let domain = email.split(separator: "@").last.map(String.init) ?? ""
                #expect(["example.com", "example.net", "example.org"].contains(domain), "row \(row.index): \(domain)")
            }
            if row.kind == .canary { canaryRows.append(row) }
        }
        #expect(canaryRows.count == 3)
        for row in canaryRows {
            #expect(row[.nama] == "CANARY LEAKTRACE")
            #expect(row[.email].hasPrefix("canary.leaktrace.s21."))
        }
    }

    @Test("Padding rows are seller filler and hold no valid identifier")
    func paddingRows() throws {
        let noise = SyntheticNoise(paddingRowRate: 0.2)
        let dump = try SyntheticDump(configuration(rows: 500, noise: noise))
        var seen = 0
        dump.forEachRow { row in
            guard row.kind == .padding else { return }
            seen += 1
            #expect(row.statuses.allSatisfy { $0 == .filler })
            #expect(!MyKad.detect(row[.icNo], context: CellContext(columnType: .mykad)).verdict.isValid)
            #expect(!Phone.detect(row[.msisdn], context: CellContext(columnType: .phoneMobile)).verdict.isValid)
            #expect(!IMEI.detect(row[.imei], context: CellContext(columnType: .imei)).verdict.isValid)
            #expect(!IMSI.detect(row[.imsi], context: CellContext(columnType: .imsi)).verdict.isValid)
            #expect(!ICCID.detect(row[.iccid], context: CellContext(columnType: .iccid)).verdict.isValid)
        }
        #expect(seen > 50)
    }

    @Test("Excel damage looks like Excel's: lost zero, .0, apostrophe, scientific notation")
    func excelDamageShapes() throws {
        let noise = SyntheticNoise(excelDamageRate: 1)
        let dump = try SyntheticDump(configuration(rows: 3_000, seed: 8, noise: noise))
        var kinds = Set<SyntheticCellStatus>()
        dump.forEachRow { row in
            for column in SyntheticColumn.allCases {
                let cell = row[column]
                switch row.status(column) {
                case .excelScientific:
                    #expect(cell.range(of: #"^[1-9](\.[0-9]{1,5})?E\+[0-9]{2}$"#, options: .regularExpression) != nil, "\(cell)")
                    kinds.insert(.excelScientific)
                case .excelFloatSuffix:
                    #expect(cell.hasSuffix(".0"))
                    kinds.insert(.excelFloatSuffix)
                case .excelApostrophe:
                    #expect(cell.hasPrefix("'"))
                    kinds.insert(.excelApostrophe)
                case .excelLostZero:
                    #expect(!cell.hasPrefix("0") && cell.allSatisfy(\.isNumber))
                    if column == .icNo { #expect(cell.count < 12) }
                    kinds.insert(.excelLostZero)
                default:
                    break
                }
            }
        }
        #expect(kinds.count == 4)
    }

    @Test("Another reference date moves ages and activation dates with it")
    func referenceDate() throws {
        let reference = try #require(CivilDate(year: 2024, month: 1, day: 15))
        let dump = try SyntheticDump(configuration(rows: 2_000, noise: .clean, referenceDate: reference))
        dump.forEachRow { row in
            guard let birth = row.birthDate else { return }
            #expect((12...90).contains(birth.years(until: reference)))
            if let activation = CivilDate(iso: row[.tarikhAktif]) { #expect(activation < reference) }
            if row.community != .foreign {
                let detection = MyKad.detect(row[.icNo], context: CellContext(columnType: .mykad, referenceDate: reference))
                #expect(detection.facts.birthDate == birth)
            }
        }
    }

    @Test("Bad configurations are rejected")
    func validation() {
        #expect(throws: LeakTraceError.self) { try SyntheticDump(configuration(rows: -1)) }
        #expect(throws: LeakTraceError.self) { try SyntheticDump(configuration(rows: 10, canaries: 11)) }
        #expect(throws: LeakTraceError.self) { try SyntheticDump(configuration(noise: SyntheticNoise(invalidRowRate: 2))) }
    }

    // Memory: the generator streams; its resident memory is measured on the real binary, in a
    // process of its own (tests-py/test_memory.py), where other suites cannot move the figure.
}

// MARK: - Helpers

/// The gender a name's connector states (spec §7), or nil when it has none.
private func connectorGender(_ name: String) -> Gender? {
    let words = name.lowercased().split(separator: " ")
    for word in words {
        switch word {
        case "bin", "b.", "bn", "a/l", "s/o": return .male
        case "binti", "bt", "bt.", "bte", "binte", "a/p", "d/o": return .female
        default: continue
        }
    }
    return nil
}

/// A phone spelling's shape: digits replaced by 9 (`012-345 6789` -> `999-999 9999`).
private func shape(_ text: String) -> String {
    String(text.map { $0.isNumber ? "9" : $0 })
}
