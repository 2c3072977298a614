import Identifiers
import LeakTraceCore

/// The state machine behind a synthetic dump: draws persons and SIM lines, decides the noise of
/// each row, renders the row into a ``RowBuffer`` and keeps the ground truth.
///
/// All randomness comes from one ``SeededGenerator`` consumed in a fixed order, so a seed fixes
/// the whole dump. Memory is bounded: a pool of at most ``poolCapacity`` persons who still have
/// SIM lines to emit, a ring of recent rows for duplicates, and fixed-size allocators.
struct RowGenerator {
    /// Upper bound of the pool of persons with lines still to emit.
    static let maxPoolCapacity = 1_024
    static let ringCapacity = 64

    let configuration: SyntheticConfiguration
    private var rng: SeededGenerator
    private let reference = ReferenceData.shared
    private let referenceDays: Int

    // Allocators (unique by construction).
    private var networks: [SyntheticNetwork]
    private var blocks: [PhoneBlock]
    /// Networks a ported line may have moved to (the four large operators).
    private let portTargets: [Int]
    private let blockTotalWeight: Int
    private var myKads: MyKadAllocator
    private var passportCounters: [UInt64]
    private let passportPermutations: [KeyedPermutation]
    private let emailPermutation: KeyedPermutation
    private var handsetCounters: [UInt64]
    private let handsetSerialPermutations: [KeyedPermutation]
    private let tacPermutation: KeyedPermutation
    private let handsetTotalWeight: Int

    // Byte tables, built once.
    private let tables: ByteTables

    // Persons with lines still to emit, and recent rows for duplicates.
    private var pool: [Person] = []
    /// Small dumps get a small pool so that a person's second and third lines follow within a
    /// few dozen rows instead of being cut off by the end of the dump.
    private let poolCapacity: Int
    private(set) var ring: [RowBuffer] = []
    private var ringNext = 0
    private var nextPersonID: UInt64 = 0
    private var canariesEmitted = 0

    private(set) var truth: SyntheticTruth

    init(configuration: SyntheticConfiguration) {
        self.configuration = configuration
        rng = SeededGenerator(seed: configuration.seed)
        referenceDays = configuration.referenceDate.daysSinceEpoch
        truth = SyntheticTruth(configuration: configuration)
        poolCapacity = min(RowGenerator.maxPoolCapacity, max(8, configuration.rows / 50))
        tables = ByteTables.shared

        // Keys for the permutations come from their own SplitMix64 stream so that they do not
        // consume the row stream.
        var keys = SplitMix64(state: configuration.seed ^ 0x5EED_1EAC_7ACE_0001)

        let mncs = ["12", "13", "16", "17", "18", "19", "150", "152", "156"]
        networks = mncs.map { SyntheticNetwork(mnc: $0, key: keys.next()) }
        func net(_ mnc: String) -> Int { mncs.firstIndex(of: mnc) ?? 0 }
        portTargets = [net("12"), net("19"), net("16"), net("18")]

        // Mobile blocks valid in the pinned libphonenumber patterns (spec §4.4) and in the older
        // upstream snapshot too (no 10-digit 019, no 0153x), with the original operator's network.
        var blockSpecs: [(prefix: UInt64, free: Int, weight: Int, networks: [(Int, Int)])] = []
        blockSpecs.append((12, 7, 180, [(net("12"), 1)]))
        for d: UInt64 in 1...9 { blockSpecs.append((170 + d, 6, 11, [(net("12"), 8), (net("17"), 2)])) }
        for d: UInt64 in [2, 7] { blockSpecs.append((140 + d, 6, 10, [(net("12"), 1)])) }
        for d: UInt64 in 1...9 { blockSpecs.append((130 + d, 6, 13, [(net("19"), 6), (net("13"), 4)])) }
        blockSpecs.append((19, 7, 140, [(net("19"), 85), (net("13"), 15)]))
        for d: UInt64 in [5, 8] { blockSpecs.append((140 + d, 6, 10, [(net("19"), 1)])) }
        blockSpecs.append((16, 7, 180, [(net("16"), 1)]))
        for d: UInt64 in [2, 3, 5, 6, 8] { blockSpecs.append((100 + d, 6, 8, [(net("16"), 1)])) }
        for d: UInt64 in [3, 6, 9] { blockSpecs.append((140 + d, 6, 10, [(net("16"), 1)])) }
        for d: UInt64 in 1...5 {
            blockSpecs.append((110 + d, 7, 16, [(net("18"), 40), (net("150"), 25), (net("19"), 15), (net("156"), 10), (net("152"), 10)]))
        }
        for d: UInt64 in [2, 3] { blockSpecs.append((1810 + d, 5, 3, [(net("18"), 1)])) }
        for d: UInt64 in [2, 3, 6] { blockSpecs.append((180 + d, 6, 20, [(net("18"), 1)])) }
        blocks = blockSpecs.map { spec in
            let prefixDigits = String(spec.prefix).count
            return PhoneBlock(
                prefix: spec.prefix, freeDigits: spec.free, nsnLength: prefixDigits + spec.free, weight: spec.weight,
                networks: spec.networks.map { (network: $0.0, weight: $0.1) },
                permutation: KeyedPermutation(size: pow10(spec.free), key: keys.next()))
        }
        blockTotalWeight = blocks.reduce(0) { $0 + $1.weight }

        let firstDay = referenceDays - Int(91 * 365.2425) - 3
        let lastDay = referenceDays - 12 * 365 + 3
        myKads = MyKadAllocator(firstDay: firstDay, lastDay: lastDay, codes: reference.placeOfBirthCodes.count, key: keys.next())

        passportCounters = [UInt64](repeating: 0, count: PassportShape.byNationality.count)
        passportPermutations = PassportShape.byNationality.map { KeyedPermutation(size: $0.size, key: keys.next()) }
        emailPermutation = KeyedPermutation(size: configuration.rows <= 50_000_000 ? pow10(8) : pow10(10), key: keys.next())

        handsetCounters = [UInt64](repeating: 0, count: DeviceTables.handsets.count)
        handsetSerialPermutations = DeviceTables.handsets.map { _ in KeyedPermutation(size: pow10(6), key: keys.next()) }
        // TACs do not depend on the seed: a model keeps its (synthetic) TACs across dumps.
        tacPermutation = KeyedPermutation(size: pow10(6), key: 0x7AC0_7AC0)
        handsetTotalWeight = DeviceTables.handsets.reduce(0) { $0 + $1.weight }
    }

    // MARK: - Rows

    /// Generates data row `index` (0-based) into `row` and updates the truth.
    mutating func nextRow(index: Int, into row: inout RowBuffer) {
        row.reset()
        let noise = configuration.noise
        if canariesEmitted < configuration.canaryRows && index == canarySlot(canariesEmitted) {
            var person = makePerson(canary: canariesEmitted)
            canariesEmitted += 1
            emitSubscriber(&person, kind: .canary, into: &row)
        } else {
            let r = Double(rng.next() >> 11) * 0x1.0p-53
            if r < noise.paddingRowRate {
                renderPadding(into: &row)
            } else if r < noise.paddingRowRate + noise.duplicateRowRate && !ring.isEmpty {
                row = ring[rng.below(ring.count)]
                row.kind = .duplicate
            } else {
                emitNextLine(into: &row)
            }
        }
        tally(row)
    }

    /// Keeps a finished subscriber or canary row for later duplicates (swaps buffers: no copy).
    mutating func remember(_ row: inout RowBuffer) {
        guard row.kind == .subscriber || row.kind == .canary else { return }
        if ring.count < RowGenerator.ringCapacity {
            ring.append(row)
            row = RowBuffer()
        } else {
            swap(&row, &ring[ringNext])
            ringNext = (ringNext + 1) % RowGenerator.ringCapacity
        }
    }

    private func canarySlot(_ k: Int) -> Int {
        let n = configuration.canaryRows
        return (2 * k + 1) * configuration.rows / (2 * n)
    }

    /// A line of a pooled person (more likely as the pool fills) or the first line of a new one.
    private mutating func emitNextLine(into row: inout RowBuffer) {
        if !pool.isEmpty && rng.below(poolCapacity) < pool.count {
            let slot = rng.below(pool.count)
            var person = pool[slot]
            emitSubscriber(&person, kind: .subscriber, into: &row)
            if person.simsEmitted >= person.simCount {
                pool.swapAt(slot, pool.count - 1)
                pool.removeLast()
            } else {
                pool[slot] = person
            }
        } else {
            var person = makePerson(canary: -1)
            emitSubscriber(&person, kind: .subscriber, into: &row)
            if person.simsEmitted < person.simCount {
                if pool.count < poolCapacity {
                    pool.append(person)
                }
                // A full pool cannot happen in practice (the draw above empties it as it fills);
                // if it did, the person would simply keep the lines emitted so far.
            }
        }
    }

    private mutating func emitSubscriber(_ person: inout Person, kind: SyntheticRowKind, into row: inout RowBuffer) {
        let simIndex = person.simsEmitted
        let sim = makeSim(for: &person, index: simIndex)
        person.simsEmitted += 1
        row.kind = kind
        row.community = person.community
        row.male = person.male
        row.birthDays = person.birthDays
        row.state = person.state
        row.placeOfBirth = person.placeOfBirth
        row.personID = person.id
        row.simIndex = simIndex
        if simIndex == 0 {
            truth.persons += 1
            if person.isForeign { truth.foreignPersons += 1 }
        }
        let spelling = tables.pickSpelling(&rng)
        if kind == .subscriber {
            planNoise(person: person, sim: sim, spelling: spelling, into: &row)
        }
        if person.emailStyle < 0 { row.statuses[SyntheticColumn.email.rawValue] = .empty }
        if person.areaKind < 0 { row.statuses[SyntheticColumn.alamat2.rawValue] = .empty }
        countIdentifiers(&person, row: row, simIndex: simIndex)
        render(person: person, sim: sim, spelling: spelling, into: &row)
    }

    // MARK: - Persons

    private mutating func makePerson(canary: Int) -> Person {
        var p = Person()
        p.id = nextPersonID
        nextPersonID += 1
        p.canary = canary
        let foreign = canary < 0 && rng.chance(configuration.noise.foreignerRate)
        if foreign {
            p.community = .foreign
        } else {
            let c = rng.below(100)
            p.community = c < 57 ? .malay : c < 81 ? .chinese : c < 89 ? .indian : .borneo
        }
        p.upper = rng.chance(0.6)
        p.state = tables.pickState(for: p.community, &rng)
        let postcodes = reference.postcodesByState[p.state]
        p.postcodeIndex = rng.below(postcodes.count)
        p.stateSpelling = rng.below(reference.stateSpellings[p.state].count)
        makeName(&p)
        makeAddress(&p)
        makeIdentity(&p)
        // Email: rare in 2014 telco registrations; always at a reserved example domain.
        if canary >= 0 || rng.chance(p.isForeign ? 0.10 : 0.35) {
            p.emailStyle = rng.below(3)
            p.emailDomain = rng.below(3)
            p.emailNumber = emailPermutation.apply(p.id % emailPermutation.size)
        }
        if canary >= 0 {
            p.simCount = 1
        } else {
            let s = rng.below(100)
            p.simCount = s < 72 ? 1 : s < 92 ? 2 : 3
        }
        return p
    }

    private mutating func makeName(_ p: inout Person) {
        let t = tables
        switch p.community {
        case .malay:
            p.male = rng.chance(0.5)
            if rng.chance(0.03) { p.title = rng.below(p.male ? t.maleTitles.count : t.femaleTitles.count) }
            if p.male {
                if rng.chance(0.55) { p.n0 = rng.below(t.malayMalePrefix.count) }
                p.n1 = rng.below(t.malayMaleGiven.count)
                if rng.chance(0.25) { p.n2 = rng.below(t.malayMaleGiven.count) }
                if rng.chance(0.94) { p.connector = rng.below(t.malayMaleConnectors.count) }
            } else {
                if rng.chance(0.5) { p.n0 = rng.below(t.malayFemalePrefix.count) }
                p.n1 = rng.below(t.malayFemaleGiven.count)
                if rng.chance(0.2) { p.n2 = rng.below(t.malayFemaleGiven.count) }
                if rng.chance(0.94) { p.connector = rng.below(t.malayFemaleConnectors.count) }
            }
            if rng.chance(0.45) { p.n3 = rng.below(t.malayMalePrefix.count) }
            p.n4 = rng.below(t.malayMaleGiven.count)
        case .chinese:
            p.male = rng.chance(0.5)
            p.n0 = rng.below(t.chineseSurnames.count)
            let syllables = p.male ? t.chineseMaleSyllables.count : t.chineseFemaleSyllables.count
            p.n1 = rng.below(syllables)
            if rng.chance(0.8) { p.n2 = rng.below(syllables) }
            let e = rng.below(100)
            p.englishStyle = e < 18 ? 1 : e < 23 ? 2 : 0
            p.n3 = rng.below(p.male ? t.englishMale.count : t.englishFemale.count)
        case .indian:
            p.male = rng.chance(0.5)
            p.n1 = rng.below(p.male ? t.indianMaleGiven.count : t.indianFemaleGiven.count)
            if rng.chance(0.95) { p.connector = rng.below(p.male ? t.indianMaleConnectors.count : t.indianFemaleConnectors.count) }
            p.n4 = rng.below(t.indianMaleGiven.count)
        case .borneo:
            p.male = rng.chance(0.5)
            p.n1 = rng.below(p.male ? t.borneoMaleGiven.count : t.borneoFemaleGiven.count)
            if rng.chance(0.95) { p.connector = rng.below(t.borneoConnectors.count) }
            p.n4 = rng.below(t.borneoFathers.count)
        case .foreign:
            let n = rng.below(100)
            p.nationality = n < 40 ? 0 : n < 60 ? 1 : n < 72 ? 2 : n < 82 ? 3 : n < 92 ? 4 : 5
            let names = t.foreign[p.nationality]
            p.male = !rng.chance(names.femaleShare)
            p.n1 = rng.below(p.male ? names.male.count : names.female.count)
            if rng.chance(0.3) { p.n2 = rng.below(p.male ? names.male.count : names.female.count) }
            p.n4 = rng.below(names.family.count)
        }
    }

    private mutating func makeAddress(_ p: inout Person) {
        if rng.chance(0.9) {
            p.areaKind = rng.below(AddressTables.areaKinds.count)
            p.areaWord = rng.below(AddressTables.streetWords.count)
            if rng.chance(0.5) { p.areaSuffix = rng.below(AddressTables.areaSuffixes.count) }
        }
        let flat = p.areaKind >= 0 && tables.isFlatArea[p.areaKind]
        if flat {
            p.houseStyle = 5
            p.blockLetter = rng.below(AddressTables.blockLetters.count)
            p.houseNumber = rng.inRange(1...20)
            p.houseExtra = rng.inRange(1...12)
        } else {
            let h = rng.below(100)
            p.houseStyle = h < 35 ? 0 : h < 45 ? 1 : h < 75 ? 2 : h < 85 ? 3 : 4
            p.houseNumber = p.houseStyle == 3 ? rng.inRange(100...9_999) : rng.inRange(1...150)
            p.houseExtra = rng.below(4)
        }
        p.streetType = rng.below(AddressTables.streetTypes.count)
        p.streetWord = rng.below(AddressTables.streetWords.count)
        let s = rng.below(100)
        p.streetStyle = s < 45 ? 0 : s < 75 ? 1 : s < 90 ? 2 : 3
        p.streetA = rng.inRange(1...30)
        p.streetB = rng.inRange(1...12)
        p.section = rng.below(AddressTables.sectionCodes.count)
    }

    private mutating func makeIdentity(_ p: inout Person) {
        p.birthDays = drawBirthDay(foreign: p.isForeign)
        if p.isForeign {
            let shape = p.nationality
            let n = passportCounters[shape]
            passportCounters[shape] += 1
            p.passport = passportPermutations[shape].apply(n % passportPermutations[shape].size)
            return
        }
        p.hyphenated = rng.chance(0.12)
        // Place of birth: mostly the state of residence, else anywhere by population; primary code
        // mostly, alternates sometimes; a few born abroad or with state unknown (spec §3.4).
        let b = rng.below(1_000)
        var code: Int
        if b < 10 {
            code = 82
        } else if b < 25 {
            code = reference.placeOfBirthAbroad[rng.below(reference.placeOfBirthAbroad.count)]
        } else {
            let state = rng.chance(0.7) ? p.state : tables.pickState(for: .malay, &rng)
            let codes = reference.placeOfBirthByState[state]
            code = codes.count > 1 && rng.chance(0.15) ? codes[1 + rng.below(codes.count - 1)] : codes[0]
        }
        // Find a bucket with a free serial: another code of the same kind if a bucket is full
        // (only reachable with tens of millions of rows).
        var attempt = 0
        while true {
            let slot = reference.placeOfBirthSlot[code]
            if let serial = myKads.next(day: p.birthDays, codeSlot: slot, male: p.male) {
                p.placeOfBirth = code
                p.serial = Int(serial)
                return
            }
            attempt += 1
            let codes = reference.placeOfBirthCodes
            code = codes[(codes.firstIndex(of: code).map { $0 + 1 } ?? 0) % codes.count]
            if attempt > codes.count {
                // Every code of this day is full: move the birth date by a day.
                p.birthDays = p.birthDays > referenceDays - 13 * 366 ? p.birthDays - 1 : p.birthDays + 1
                attempt = 0
            }
        }
    }

    /// A birth date giving an age of 12...90 at the reference date (18...55 for foreigners),
    /// skewed to working ages as subscriber bases are.
    private mutating func drawBirthDay(foreign: Bool) -> Int {
        let band: ClosedRange<Int>
        if foreign {
            band = 20...50
        } else {
            let a = rng.below(100)
            band = a < 8 ? 12...17 : a < 36 ? 18...29 : a < 68 ? 30...44 : a < 89 ? 45...59 : a < 98 ? 60...74 : 75...90
        }
        let lo = referenceDays - Int(Double(band.upperBound + 1) * 365.2425) + 1
        let hi = referenceDays - Int(Double(band.lowerBound) * 365.2425)
        let reference = configuration.referenceDate
        while true {
            let day = lo + rng.below(hi - lo + 1)
            let age = CivilDate(daysSinceEpoch: day).years(until: reference)
            if band.contains(age) { return day }
        }
    }

    // MARK: - SIM lines

    private mutating func makeSim(for p: inout Person, index: Int) -> SimLine {
        var sim = SimLine()
        var b = pickBlock()
        var guardCount = 0
        while blocks[b].isExhausted {
            b = (b + 1) % blocks.count
            guardCount += 1
            precondition(guardCount <= blocks.count, "every mobile number block is exhausted")
        }
        sim.nsn = blocks[b].next()
        sim.nsnLength = blocks[b].nsnLength
        if index == 0 {
            p.contactNSN = sim.nsn
            p.contactLength = sim.nsnLength
        }
        // Number portability: a few lines are served by another network than the prefix's.
        if rng.chance(0.06) {
            sim.network = portTargets[rng.below(portTargets.count)]
        } else {
            let choices = blocks[b].networks
            var total = 0
            for c in choices { total += c.weight }
            var r = rng.below(total)
            sim.network = choices[0].network
            for c in choices {
                if r < c.weight { sim.network = c.network; break }
                r -= c.weight
            }
        }
        (sim.msin, sim.account) = networks[sim.network].nextSIM()
        sim.plan = rng.below(networks[sim.network].plans.count)

        var r = rng.below(handsetTotalWeight)
        sim.handset = 0
        for (i, h) in DeviceTables.handsets.enumerated() {
            if r < h.weight { sim.handset = i; break }
            r -= h.weight
        }
        let n = handsetCounters[sim.handset]
        handsetCounters[sim.handset] += 1
        let tacIndex = UInt64(sim.handset) * 1_000 + n / 1_000_000
        sim.tac = DeviceTables.handsets[sim.handset].tacPrefix * 1_000_000 + tacPermutation.apply(tacIndex % 1_000_000)
        sim.imeiSerial = handsetSerialPermutations[sim.handset].apply(n % 1_000_000)

        let lo = max(p.birthDays + 12 * 365 + 3, referenceDays - 15 * 365)
        let hi = referenceDays - 1
        sim.activationDays = lo >= hi ? hi : lo + rng.below(hi - lo + 1)
        return sim
    }

    private mutating func pickBlock() -> Int {
        var r = rng.below(blockTotalWeight)
        for (i, block) in blocks.enumerated() {
            if r < block.weight { return i }
            r -= block.weight
        }
        return 0
    }

    // MARK: - Noise

    private mutating func planNoise(person: Person, sim: SimLine, spelling: Int, into row: inout RowBuffer) {
        let noise = configuration.noise
        if rng.chance(noise.invalidRowRate) {
            let kinds: [SyntheticInvalidKind] = person.isForeign
                ? [.phoneShort, .imeiLuhn, .iccidShort, .imsiNetwork]
                : [.mykadPlaceOfBirth, .mykadDate, .phoneShort, .imeiLuhn, .iccidShort, .imsiNetwork]
            let kind = kinds[rng.below(kinds.count)]
            row.invalidKind = kind
            row.statuses[kind.column.rawValue] = .invalid
        }
        if rng.chance(noise.excelDamageRate) {
            var options: [(SyntheticColumn, SyntheticCellStatus)] = []
            func add(_ column: SyntheticColumn, _ statuses: [SyntheticCellStatus]) {
                guard row.statuses[column.rawValue] == .clean else { return }
                for s in statuses { options.append((column, s)) }
            }
            if !person.isForeign && !person.hyphenated {
                let year = CivilDate(daysSinceEpoch: person.birthDays).year
                if year % 100 < 10 {
                    // A MyKad starting with 0 (born 2000-2009) stored as a number loses its zeros
                    // (§3.9) and then has at most 11 digits, which Excel shows in full: no
                    // scientific notation and no `.0` on top of the lost zero.
                    add(.icNo, [.excelLostZero, .excelLostZero, .excelLostZero, .excelApostrophe])
                } else {
                    add(.icNo, [.excelApostrophe, .excelFloatSuffix, .excelScientific])
                }
            }
            // Excel's General format shows 12 or more digits in scientific notation; an 11-digit
            // MSISDN still fits.
            add(.msisdn, sim.nsnLength == 10 ? [.excelApostrophe, .excelFloatSuffix, .excelScientific] : [.excelApostrophe, .excelFloatSuffix])
            add(.imsi, [.excelApostrophe, .excelFloatSuffix, .excelScientific])
            // 19 digits exceed a double's 15-16 significant digits: no `.0` form for ICCIDs.
            add(.iccid, [.excelApostrophe, .excelScientific])
            add(.imei, [.excelApostrophe, .excelFloatSuffix, .excelScientific])
            if ByteTables.isDigitSpelling(spelling) {
                add(.noTel, spelling == 0 ? [.excelLostZero, .excelApostrophe] : [.excelApostrophe])
            }
            if !options.isEmpty {
                let (column, status) = options[rng.below(options.count)]
                row.statuses[column.rawValue] = status
            }
        }
        if rng.chance(noise.emptyCellRate) {
            let columns: [SyntheticColumn] = [.alamat2, .tarikhLahir, .jantina, .handset, .imei, .noTel, .icNo, .plan, .email]
            let column = columns[rng.below(columns.count)]
            if row.statuses[column.rawValue] == .clean { row.statuses[column.rawValue] = .empty }
        }
        if rng.chance(noise.multilineAddressRate) { row.multilineAddress = true }
    }

    // MARK: - Truth

    /// Distinct identifiers, counted at their first recoverable appearance.
    private mutating func countIdentifiers(_ p: inout Person, row: RowBuffer, simIndex: Int) {
        func ok(_ column: SyntheticColumn) -> Bool { row.statuses[column.rawValue].isRecoverable }
        if p.isForeign {
            if ok(.icNo) && !p.seenPassport {
                p.seenPassport = true
                truth.validDistinct.passport += 1
            }
        } else if ok(.icNo) && !p.seenMyKad {
            p.seenMyKad = true
            truth.validDistinct.mykad += 1
            truth.uniqueMyKads += 1
        }
        if p.emailStyle >= 0 && ok(.email) && !p.seenEmail {
            p.seenEmail = true
            truth.validDistinct.email += 1
        }
        // The contact number is the first line's number: seen through either column.
        if (simIndex == 0 && ok(.msisdn)) || ok(.noTel) {
            if !p.seenContact {
                p.seenContact = true
                truth.validDistinct.phoneMobile += 1
                truth.uniquePhones += 1
            }
        }
        if simIndex > 0 && ok(.msisdn) {
            truth.validDistinct.phoneMobile += 1
            truth.uniquePhones += 1
        }
        if ok(.imsi) { truth.validDistinct.imsi += 1 }
        if ok(.iccid) { truth.validDistinct.iccid += 1 }
        if ok(.imei) { truth.validDistinct.imei += 1 }
    }

    /// Row-level and cell-level counts, for every emitted row (duplicates and padding included).
    private mutating func tally(_ row: RowBuffer) {
        truth.rows += 1
        switch row.kind {
        case .subscriber: truth.subscriberRows += 1
        case .duplicate: truth.duplicateRows += 1
        case .padding: truth.paddingRows += 1
        case .canary: truth.canaryRows += 1
        }
        if let kind = row.invalidKind {
            truth.invalidRows += 1
            truth.invalidCells[kind.rawValue, default: 0] += 1
        }
        if row.multilineAddress { truth.multilineAddresses += 1 }
        for status in row.statuses {
            switch status {
            case .empty: truth.emptyCells += 1
            case .excelApostrophe: truth.excelDamage.apostrophe += 1
            case .excelFloatSuffix: truth.excelDamage.floatSuffix += 1
            case .excelLostZero: truth.excelDamage.lostLeadingZero += 1
            case .excelScientific: truth.excelDamage.scientific += 1
            case .clean, .invalid, .filler: break
            }
        }
    }

    // MARK: - Rendering

    private mutating func render(person p: Person, sim: SimLine, spelling: Int, into row: inout RowBuffer) {
        let t = tables
        func status(_ column: SyntheticColumn) -> SyntheticCellStatus { row.statuses[column.rawValue] }

        // msisdn: 60 + NSN.
        var start = row.bytes.count
        if status(.msisdn) != .empty {
            row.append(t.sixty)
            row.appendDigits(status(.msisdn) == .invalid ? sim.nsn / 10 : sim.nsn, width: status(.msisdn) == .invalid ? sim.nsnLength - 1 : sim.nsnLength)
            damage(&row, from: start, status(.msisdn))
        }
        row.end(.msisdn)

        if status(.nama) != .empty { t.renderName(p, into: &row) }
        row.end(.nama)

        start = row.bytes.count
        if status(.icNo) != .empty {
            if p.isForeign {
                t.renderPassport(p, into: &row)
            } else {
                renderMyKad(p, invalid: row.invalidKind, into: &row)
                damage(&row, from: start, status(.icNo))
            }
        }
        row.end(.icNo)

        t.renderStreetLine(p, multiline: row.multilineAddress, into: &row)
        row.end(.alamat1)
        if status(.alamat2) != .empty { t.renderArea(p, into: &row) }
        row.end(.alamat2)
        let postcode = reference.postcodesByState[p.state][p.postcodeIndex]
        row.append(postcode.postcode)
        row.end(.poskod)
        row.append(postcode.town, upper: p.upper)
        row.end(.bandar)
        row.append(reference.stateSpellings[p.state][p.stateSpelling], upper: p.upper)
        row.end(.negeri)

        let network = networks[sim.network]
        start = row.bytes.count
        if status(.imsi) != .empty {
            row.append(t.mcc)
            if status(.imsi) == .invalid {
                row.append(t.unknownMNC)
                row.appendDigits(sim.msin, width: 10)
            } else {
                row.append(network.mnc)
                row.appendDigits(sim.msin, width: network.msinDigits)
            }
            damage(&row, from: start, status(.imsi))
        }
        row.end(.imsi)

        start = row.bytes.count
        if status(.iccid) != .empty {
            row.append(t.iccidPrefix)
            row.append(network.mnc)
            row.appendDigits(sim.account, width: network.accountDigits)
            appendLuhn(&row, from: start)
            if status(.iccid) == .invalid { row.bytes.removeLast(2) }
            damage(&row, from: start, status(.iccid))
        }
        row.end(.iccid)

        start = row.bytes.count
        if status(.imei) != .empty {
            row.appendDigits(sim.tac, width: 8)
            row.appendDigits(sim.imeiSerial, width: 6)
            appendLuhn(&row, from: start)
            if status(.imei) == .invalid {
                let check = row.bytes[row.bytes.count - 1] - 48
                row.bytes[row.bytes.count - 1] = (check + 1 + UInt8(rng.below(9))) % 10 + 48
            }
            damage(&row, from: start, status(.imei))
        }
        row.end(.imei)

        if status(.handset) != .empty { row.append(t.handsets[sim.handset]) }
        row.end(.handset)
        if status(.plan) != .empty { row.append(network.plans[sim.plan]) }
        row.end(.plan)
        appendISODate(&row, days: sim.activationDays)
        row.end(.tarikhAktif)
        if status(.jantina) != .empty { row.append(p.male ? 76 : 80) }  // L / P
        row.end(.jantina)
        if status(.tarikhLahir) != .empty { appendDMYDate(&row, days: p.birthDays) }
        row.end(.tarikhLahir)
        if status(.email) != .empty && p.emailStyle >= 0 { t.renderEmail(p, seed: configuration.seed, into: &row) }
        row.end(.email)

        start = row.bytes.count
        if status(.noTel) != .empty {
            ByteTables.renderPhone(nsn: p.contactNSN, length: p.contactLength, spelling: spelling, into: &row)
            if status(.noTel) == .excelLostZero {
                row.bytes.remove(at: start)  // the trunk 0 of the plain spelling
            } else {
                damage(&row, from: start, status(.noTel))
            }
        }
        row.end(.noTel)
    }

    private func renderMyKad(_ p: Person, invalid: SyntheticInvalidKind?, into row: inout RowBuffer) {
        let date = CivilDate(daysSinceEpoch: p.birthDays)
        row.appendDigits(UInt64(date.year % 100), width: 2)
        if invalid == .mykadDate {
            // Impossible dates: 30/31 February, 31 April/June/September/November, month 13.
            let bad: [(Int, Int)] = [(2, 30), (2, 31), (4, 31), (6, 31), (9, 31), (11, 31), (13, 1), (13, 15)]
            let (m, d) = bad[Int(p.id % UInt64(bad.count))]
            row.appendDigits(UInt64(m), width: 2)
            row.appendDigits(UInt64(d), width: 2)
        } else {
            row.appendDigits(UInt64(date.month), width: 2)
            row.appendDigits(UInt64(date.day), width: 2)
        }
        if p.hyphenated { row.append(45) }
        if invalid == .mykadPlaceOfBirth {
            let rejected = reference.rejectedPlaceOfBirth
            row.appendDigits(UInt64(rejected[Int(p.id % UInt64(rejected.count))]), width: 2)
        } else {
            row.appendDigits(UInt64(p.placeOfBirth), width: 2)
        }
        if p.hyphenated { row.append(45) }
        row.appendDigits(UInt64(p.serial), width: 4)
    }

    /// Appends the Luhn check digit of the digits from `start` (shared `Luhn` from Identifiers).
    private func appendLuhn(_ row: inout RowBuffer, from start: Int) {
        let check = row.bytes.withUnsafeBufferPointer { buffer in
            Luhn.checkDigit(for: UnsafeBufferPointer(rebasing: buffer[start...])) ?? 0
        }
        row.append(check + 48)
    }

    /// Applies spreadsheet damage to the digits written since `start`.
    private func damage(_ row: inout RowBuffer, from start: Int, _ status: SyntheticCellStatus) {
        switch status {
        case .excelApostrophe:
            row.bytes.insert(39, at: start)
        case .excelFloatSuffix:
            row.append(46)
            row.append(48)
        case .excelLostZero:
            var zeros = 0
            while start + zeros < row.bytes.count - 1 && row.bytes[start + zeros] == 48 { zeros += 1 }
            row.bytes.removeSubrange(start..<(start + zeros))
        case .excelScientific:
            let digits = Array(row.bytes[start...])
            row.bytes.removeSubrange(start...)
            ByteTables.appendScientific(digits, into: &row)
        case .clean, .empty, .invalid, .filler:
            break
        }
    }

    private func appendISODate(_ row: inout RowBuffer, days: Int) {
        let d = CivilDate(daysSinceEpoch: days)
        row.appendDigits(UInt64(d.year), width: 4)
        row.append(45)
        row.appendDigits(UInt64(d.month), width: 2)
        row.append(45)
        row.appendDigits(UInt64(d.day), width: 2)
    }

    private func appendDMYDate(_ row: inout RowBuffer, days: Int) {
        let d = CivilDate(daysSinceEpoch: days)
        row.appendDigits(UInt64(d.day), width: 2)
        row.append(47)
        row.appendDigits(UInt64(d.month), width: 2)
        row.append(47)
        row.appendDigits(UInt64(d.year), width: 4)
    }

    // MARK: - Padding

    /// A seller padding row: one filler style across the row, as sellers pad counts.
    private mutating func renderPadding(into row: inout RowBuffer) {
        row.kind = .padding
        let style = rng.below(ByteTables.paddingStyles.count)
        let fillers = ByteTables.paddingStyles[style]
        for column in SyntheticColumn.allCases {
            row.append(fillers[column.rawValue])
            row.statuses[column.rawValue] = .filler
            row.end(column)
        }
    }
}
