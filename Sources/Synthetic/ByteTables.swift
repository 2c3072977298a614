/// The name, address and device tables as byte arrays, plus the renderers that copy them into a
/// ``RowBuffer``. Built once per process; rendering never creates a `String`.
///
/// A class so that the row loop passes one reference around instead of retaining dozens of
/// arrays each time the tables are used; every property is an immutable `let`.
final class ByteTables: Sendable {
    static let shared = ByteTables()

    let malayMalePrefix = ByteTables.bytes(NameTables.malayMalePrefix)
    let malayMaleGiven = ByteTables.bytes(NameTables.malayMaleGiven)
    let malayFemalePrefix = ByteTables.bytes(NameTables.malayFemalePrefix)
    let malayFemaleGiven = ByteTables.bytes(NameTables.malayFemaleGiven)
    let malayMaleConnectors = ByteTables.bytes(NameTables.malayMaleConnectors)
    let malayFemaleConnectors = ByteTables.bytes(NameTables.malayFemaleConnectors)
    let chineseSurnames = ByteTables.bytes(NameTables.chineseSurnames)
    let chineseMaleSyllables = ByteTables.bytes(NameTables.chineseMaleSyllables)
    let chineseFemaleSyllables = ByteTables.bytes(NameTables.chineseFemaleSyllables)
    let englishMale = ByteTables.bytes(NameTables.englishMaleNames)
    let englishFemale = ByteTables.bytes(NameTables.englishFemaleNames)
    let indianMaleGiven = ByteTables.bytes(NameTables.indianMaleGiven)
    let indianFemaleGiven = ByteTables.bytes(NameTables.indianFemaleGiven)
    let indianMaleConnectors = ByteTables.bytes(NameTables.indianMaleConnectors)
    let indianFemaleConnectors = ByteTables.bytes(NameTables.indianFemaleConnectors)
    let borneoMaleGiven = ByteTables.bytes(NameTables.borneoMaleGiven)
    let borneoFemaleGiven = ByteTables.bytes(NameTables.borneoFemaleGiven)
    let borneoFathers = ByteTables.bytes(NameTables.borneoFathers)
    let borneoConnectors = ByteTables.bytes(NameTables.borneoConnectors)
    let maleTitles = ByteTables.bytes(NameTables.maleTitles)
    let femaleTitles = ByteTables.bytes(NameTables.femaleTitles)

    struct Foreign: Sendable {
        let male: [[UInt8]]
        let female: [[UInt8]]
        let family: [[UInt8]]
        let femaleShare: Double
    }

    let foreign: [Foreign] = NameTables.foreign.map {
        Foreign(male: ByteTables.bytes($0.male), female: ByteTables.bytes($0.female), family: ByteTables.bytes($0.family), femaleShare: $0.femaleShare)
    }

    let streetTypes = ByteTables.bytes(AddressTables.streetTypes)
    let streetWords = ByteTables.bytes(AddressTables.streetWords)
    let sectionCodes = ByteTables.bytes(AddressTables.sectionCodes)
    let areaKinds = ByteTables.bytes(AddressTables.areaKinds)
    let areaSuffixes = ByteTables.bytes(AddressTables.areaSuffixes)
    let blockLetters = ByteTables.bytes(AddressTables.blockLetters)
    let handsets = DeviceTables.handsets.map { Array($0.name.utf8) }

    let sixty: [UInt8] = Array("60".utf8)
    let mcc: [UInt8] = Array("502".utf8)
    /// An MNC with no Malaysian network, for deliberately invalid IMSIs (spec §5.1: CONTEXT).
    let unknownMNC: [UInt8] = Array("99".utf8)
    let iccidPrefix: [UInt8] = Array("8960".utf8)
    let canaryName: [UInt8] = Array("CANARY LEAKTRACE".utf8)
    let canaryEmail: [UInt8] = Array("canary.leaktrace.s".utf8)
    let spaceAt: [UInt8] = Array(" @".utf8)
    let houseNo: [UInt8] = Array("No. ".utf8)
    let houseNoBare: [UInt8] = Array("No ".utf8)
    let houseLot: [UInt8] = Array("Lot ".utf8)
    let houseBlock: [UInt8] = Array("Blok ".utf8)
    /// Area kinds that are blocks of flats (the house number becomes `Blok B-12-3`).
    let isFlatArea: [Bool] = AddressTables.areaKinds.map { ["Pangsapuri", "Flat", "Apartment"].contains($0) }
    /// Reserved example domains only (RFC 2606), so no generated address can reach a mailbox.
    let emailDomains: [[UInt8]] = ByteTables.bytes(["example.com", "example.net", "example.org"])

    /// Cumulative state weights per community (index by ``SyntheticCommunity`` order).
    private let stateCumulative: [[Int]]

    private init() {
        let base = AddressTables.stateWeights
        func scaled(_ factors: [Int: Double]) -> [Int] {
            var cumulative: [Int] = []
            var total = 0
            for state in 0...16 {
                let w = state == 0 ? 0 : Int(Double(base[state]) * (factors[state] ?? 1))
                total += w
                cumulative.append(total)
            }
            return cumulative
        }
        stateCumulative = [
            // Malay: fewer in Sabah and Sarawak (other Bumiputera majorities), more on the east coast.
            scaled([12: 0.3, 13: 0.4, 3: 1.6, 11: 1.6, 7: 0.7]),
            // Chinese: concentrated on the west coast cities.
            scaled([10: 1.5, 14: 1.8, 7: 2.2, 8: 1.2, 1: 1.2, 3: 0.1, 11: 0.1, 9: 0.3]),
            // Indian: Selangor, Kuala Lumpur, Perak, Negeri Sembilan, Pulau Pinang.
            scaled([10: 2.0, 14: 1.6, 8: 1.6, 5: 1.8, 7: 1.4, 3: 0.05, 11: 0.05, 12: 0.05, 13: 0.05]),
            // Sarawak and Sabah indigenous.
            scaled([1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0, 10: 0.02, 11: 0, 14: 0.02, 16: 0]),
            // Foreign workers: Klang Valley, Johor, Pulau Pinang, Sabah.
            scaled([10: 1.5, 14: 1.5, 1: 1.2, 12: 1.2, 3: 0.2, 11: 0.2]),
        ]
    }

    private static func bytes(_ strings: [String]) -> [[UInt8]] {
        strings.map { Array($0.utf8) }
    }

    // MARK: - Draws

    func pickState(for community: SyntheticCommunity, _ rng: inout SeededGenerator) -> Int {
        let index = SyntheticCommunity.allCases.firstIndex(of: community) ?? 0
        let cumulative = stateCumulative[index]
        let r = rng.below(cumulative[16])
        for state in 1...16 where r < cumulative[state] {
            return state
        }
        return 10
    }

    /// Contact-number spellings of spec §4.7, by weight (index into ``renderPhone``'s cases).
    private static let spellingWeights = [30, 15, 15, 5, 5, 4, 8, 8, 2, 2, 3, 1, 1]
    private static let spellingTotal = spellingWeights.reduce(0, +)

    func pickSpelling(_ rng: inout SeededGenerator) -> Int {
        var r = rng.below(ByteTables.spellingTotal)
        for (index, weight) in ByteTables.spellingWeights.enumerated() {
            if r < weight { return index }
            r -= weight
        }
        return 0
    }

    /// Spellings made only of digits (a spreadsheet may treat them as numbers).
    static func isDigitSpelling(_ spelling: Int) -> Bool {
        spelling == 0 || spelling == 7 || spelling == 9
    }

    // MARK: - Names

    func renderName(_ p: Person, into row: inout RowBuffer) {
        let u = p.upper
        if p.canary >= 0 {
            row.append(canaryName)
            return
        }
        var first = true
        func word(_ w: [UInt8]) {
            if !first { row.append(32) }
            row.append(w, upper: u)
            first = false
        }
        switch p.community {
        case .malay:
            if p.title >= 0 { word(p.male ? maleTitles[p.title] : femaleTitles[p.title]) }
            if p.male {
                if p.n0 >= 0 { word(malayMalePrefix[p.n0]) }
                word(malayMaleGiven[p.n1])
                if p.n2 >= 0 { word(malayMaleGiven[p.n2]) }
                if p.connector >= 0 { word(malayMaleConnectors[p.connector]) }
            } else {
                if p.n0 >= 0 { word(malayFemalePrefix[p.n0]) }
                word(malayFemaleGiven[p.n1])
                if p.n2 >= 0 { word(malayFemaleGiven[p.n2]) }
                if p.connector >= 0 { word(malayFemaleConnectors[p.connector]) }
            }
            if p.n3 >= 0 { word(malayMalePrefix[p.n3]) }
            word(malayMaleGiven[p.n4])
        case .chinese:
            let english = p.male ? englishMale[p.n3] : englishFemale[p.n3]
            let syllables = p.male ? chineseMaleSyllables : chineseFemaleSyllables
            if p.englishStyle == 1 { word(english) }
            word(chineseSurnames[p.n0])
            word(syllables[p.n1])
            if p.n2 >= 0 { word(syllables[p.n2]) }
            if p.englishStyle == 2 {
                row.append(spaceAt)
                word(english)
            }
        case .indian:
            word(p.male ? indianMaleGiven[p.n1] : indianFemaleGiven[p.n1])
            if p.connector >= 0 { word(p.male ? indianMaleConnectors[p.connector] : indianFemaleConnectors[p.connector]) }
            word(indianMaleGiven[p.n4])
        case .borneo:
            word(p.male ? borneoMaleGiven[p.n1] : borneoFemaleGiven[p.n1])
            if p.connector >= 0 { word(borneoConnectors[p.connector]) }
            word(borneoFathers[p.n4])
        case .foreign:
            let names = foreign[p.nationality]
            let given = p.male ? names.male : names.female
            word(given[p.n1])
            if p.n2 >= 0 && p.n2 != p.n1 { word(given[p.n2]) }
            word(names.family[p.n4])
        }
    }

    /// The two name words an email's local part is made of.
    private func emailWords(_ p: Person) -> ([UInt8], [UInt8]) {
        switch p.community {
        case .malay:
            return (p.male ? malayMaleGiven[p.n1] : malayFemaleGiven[p.n1], malayMaleGiven[p.n4])
        case .chinese:
            let syllables = p.male ? chineseMaleSyllables : chineseFemaleSyllables
            return (syllables[p.n1], chineseSurnames[p.n0])
        case .indian:
            return (p.male ? indianMaleGiven[p.n1] : indianFemaleGiven[p.n1], indianMaleGiven[p.n4])
        case .borneo:
            return (p.male ? borneoMaleGiven[p.n1] : borneoFemaleGiven[p.n1], borneoFathers[p.n4])
        case .foreign:
            let names = foreign[p.nationality]
            return ((p.male ? names.male : names.female)[p.n1], names.family[p.n4])
        }
    }

    /// `word.word<n>@example.org`: the number is unique per person (a keyed permutation of the
    /// person id), so emails never repeat; the domain is always a reserved example domain.
    func renderEmail(_ p: Person, seed: UInt64, into row: inout RowBuffer) {
        func lowerLetters(_ w: [UInt8]) {
            for b in w {
                if b >= 65 && b <= 90 { row.append(b + 32) } else if b >= 97 && b <= 122 { row.append(b) }
            }
        }
        if p.canary >= 0 {
            // canary.leaktrace.s<seed>.<k>@example.org: names the generator and the dump.
            row.append(canaryEmail)
            row.appendDigits(seed, width: 1)
            row.append(46)
            row.appendNumber(p.canary)
            row.append(64)
            row.append(emailDomains[2])
            return
        }
        let (a, b) = emailWords(p)
        switch p.emailStyle {
        case 0:
            lowerLetters(a)
            row.append(46)
            lowerLetters(b)
        case 1:
            lowerLetters(a)
        default:
            lowerLetters(a)
            row.append(95)
            lowerLetters(b)
        }
        row.appendDigits(p.emailNumber, width: 1)
        row.append(64)
        row.append(emailDomains[p.emailDomain])
    }

    // MARK: - Passports

    func renderPassport(_ p: Person, into row: inout RowBuffer) {
        let shape = PassportShape.byNationality[p.nationality]
        var v = p.passport
        let lastCount = UInt64(max(shape.last.count, 1))
        let last = v % lastCount
        v /= lastCount
        let number = v % pow10(shape.digits)
        v /= pow10(shape.digits)
        let secondCount = UInt64(max(shape.second.count, 1))
        let second = v % secondCount
        v /= secondCount
        let first = v % UInt64(shape.first.count)
        row.append(shape.first[Int(first)])
        if !shape.second.isEmpty { row.append(shape.second[Int(second)]) }
        row.appendDigits(number, width: shape.digits)
        if !shape.last.isEmpty { row.append(shape.last[Int(last)]) }
    }

    // MARK: - Addresses

    /// `No. 12, Jalan Mawar 3` (a comma, so CSV quotes it); LF instead of the space when split.
    func renderStreetLine(_ p: Person, multiline: Bool, into row: inout RowBuffer) {
        let u = p.upper
        switch p.houseStyle {
        case 0:
            row.append(houseNo, upper: u)
            row.appendNumber(p.houseNumber)
        case 1:
            row.append(houseNoBare, upper: u)
            row.appendNumber(p.houseNumber)
        case 2:
            row.appendNumber(p.houseNumber)
        case 3:
            row.append(houseLot, upper: u)
            row.appendNumber(p.houseNumber)
        case 4:
            row.appendNumber(p.houseNumber)
            row.append(UInt8(65 + p.houseExtra))
        default:
            // Flats: Blok B-12-3 (block, floor, unit).
            row.append(houseBlock, upper: u)
            row.append(blockLetters[p.blockLetter])
            row.append(45)
            row.appendNumber(p.houseNumber)
            row.append(45)
            row.appendNumber(p.houseExtra)
        }
        row.append(44)
        row.append(multiline ? 10 : 32)
        row.append(streetTypes[p.streetType], upper: u)
        row.append(32)
        switch p.streetStyle {
        case 3:
            row.append(sectionCodes[p.section])
            row.append(32)
            row.appendNumber(p.streetA)
            row.append(47)
            row.appendNumber(p.streetB)
        default:
            row.append(streetWords[p.streetWord], upper: u)
            if p.streetStyle >= 1 {
                row.append(32)
                row.appendNumber(p.streetA)
            }
            if p.streetStyle == 2 {
                row.append(47)
                row.appendNumber(p.streetB)
            }
        }
    }

    /// `Taman Mawar Jaya`, `Kg. Seroja`...
    func renderArea(_ p: Person, into row: inout RowBuffer) {
        guard p.areaKind >= 0 else { return }
        row.append(areaKinds[p.areaKind], upper: p.upper)
        row.append(32)
        row.append(streetWords[p.areaWord], upper: p.upper)
        if p.areaSuffix >= 0 {
            row.append(32)
            row.append(areaSuffixes[p.areaSuffix], upper: p.upper)
        }
    }

    // MARK: - Phones

    /// One of the spec §4.7 spellings of a mobile number (NSN of 9 or 10 digits).
    static func renderPhone(nsn: UInt64, length: Int, spelling: Int, into row: inout RowBuffer) {
        // NSN = 2-digit mobile code + subscriber number, grouped 3+4 (9 digits) or 4+4 (10).
        let restDigits = length - 2
        let headDigits = restDigits - 4
        let code = nsn / pow10(restDigits)
        let rest = nsn % pow10(restDigits)
        let head = rest / 10_000
        let tail = rest % 10_000
        func plus60() { row.append(43); row.append(54); row.append(48) }
        func grouped(_ separator: UInt8) {
            row.appendDigits(head, width: headDigits)
            row.append(separator)
            row.appendDigits(tail, width: 4)
        }
        switch spelling {
        case 0:  // 0123456789
            row.append(48)
            row.appendDigits(nsn, width: length)
        case 1:  // 012-345 6789
            row.append(48)
            row.appendDigits(code, width: 2)
            row.append(45)
            grouped(32)
        case 2:  // 012-3456789
            row.append(48)
            row.appendDigits(code, width: 2)
            row.append(45)
            row.appendDigits(rest, width: restDigits)
        case 3:  // 012 345 6789
            row.append(48)
            row.appendDigits(code, width: 2)
            row.append(32)
            grouped(32)
        case 4:  // +60 12-345 6789
            plus60()
            row.append(32)
            row.appendDigits(code, width: 2)
            row.append(45)
            grouped(32)
        case 5:  // +6012-3456789
            plus60()
            row.appendDigits(code, width: 2)
            row.append(45)
            row.appendDigits(rest, width: restDigits)
        case 6:  // +60123456789
            plus60()
            row.appendDigits(nsn, width: length)
        case 7:  // 60123456789
            row.append(54)
            row.append(48)
            row.appendDigits(nsn, width: length)
        case 8:  // 60 12 345 6789
            row.append(54)
            row.append(48)
            row.append(32)
            row.appendDigits(code, width: 2)
            row.append(32)
            grouped(32)
        case 9:  // 0060123456789
            row.append(48)
            row.append(48)
            row.append(54)
            row.append(48)
            row.appendDigits(nsn, width: length)
        case 10:  // (012) 345 6789
            row.append(40)
            row.append(48)
            row.appendDigits(code, width: 2)
            row.append(41)
            row.append(32)
            grouped(32)
        case 11:  // +60 (0)12-345 6789
            plus60()
            row.append(32)
            row.append(40)
            row.append(48)
            row.append(41)
            row.appendDigits(code, width: 2)
            row.append(45)
            grouped(32)
        default:  // tel:+60123456789
            row.append(116)
            row.append(101)
            row.append(108)
            row.append(58)
            plus60()
            row.appendDigits(nsn, width: length)
        }
    }

    // MARK: - Spreadsheet damage

    /// Excel's General format for a long number: 6 significant digits, `E+` exponent
    /// (`900101145678` shows as `9.00101E+11`). The other digits are lost.
    static func appendScientific(_ digits: [UInt8], into row: inout RowBuffer) {
        guard digits.count > 1 else {
            row.append(digits)
            return
        }
        var mantissa: [UInt8] = Array(digits.prefix(6)).map { $0 - 48 }
        var exponent = digits.count - 1
        if digits.count > 6 && digits[6] >= 53 {
            var i = mantissa.count - 1
            while i >= 0 {
                if mantissa[i] == 9 {
                    mantissa[i] = 0
                    i -= 1
                } else {
                    mantissa[i] += 1
                    break
                }
            }
            if i < 0 {
                mantissa.insert(1, at: 0)
                mantissa.removeLast()
                exponent += 1
            }
        }
        while mantissa.count > 1 && mantissa.last == 0 { mantissa.removeLast() }
        row.append(mantissa[0] + 48)
        if mantissa.count > 1 {
            row.append(46)
            for d in mantissa.dropFirst() { row.append(d + 48) }
        }
        row.append(69)
        row.append(43)
        row.appendDigits(UInt64(exponent), width: 2)
    }

    // MARK: - Padding

    /// Seller padding styles: per column filler text, in column order.
    static let paddingStyles: [[[UInt8]]] = {
        let test = ["0000000000", "TEST", "000000-00-0000", "TEST", "TEST", "00000", "TEST", "TEST",
                    "000000000000000", "0000000000000000000", "000000000000000", "TEST", "TEST",
                    "1900-01-01", "-", "01/01/1900", "TEST", "0000000000"]
        let xs = ["xxxxxxxxxx", "xxxxxxxx", "xxxxxxxxxxxx", "xxxxxxxx", "xxxxxxxx", "xxxxx", "xxxxxxxx", "xxxxxxxx",
                  "xxxxxxxxxxxxxxx", "xxxxxxxxxxxxxxxxxxx", "xxxxxxxxxxxxxxx", "xxxxxxxx", "xxxxxxxx",
                  "xxxx-xx-xx", "x", "xx/xx/xxxx", "xxxxxxxx", "xxxxxxxxxx"]
        let dummy = ["NA", "DUMMY", "000000000000", "NA", "NA", "NA", "NA", "NA",
                     "NA", "NA", "NA", "NA", "NA", "NA", "NA", "NA", "NA", "NA"]
        return [test, xs, dummy].map { style in style.map { Array($0.utf8) } }
    }()
}
