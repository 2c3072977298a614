import Identifiers

/// The reference tables the generator draws from, taken from the `Identifiers` module (postcodes,
/// states, place-of-birth codes, mobile network codes) and turned once into byte arrays so that
/// the row loop copies bytes instead of building strings. A class with immutable properties:
/// one reference to pass around, no per-use retain of every table.
final class ReferenceData: Sendable {
    struct PostcodeRow: Sendable {
        let postcode: [UInt8]
        let town: [UInt8]
        /// ISO 3166-2:MY number 1...16.
        let state: Int
    }

    /// Postcode rows per state (index 1...16; index 0 is empty).
    let postcodesByState: [[PostcodeRow]]
    /// Spellings of each state's name (index 1...16), canonical name repeated to dominate.
    let stateSpellings: [[[UInt8]]]
    /// Place-of-birth codes per state (index 1...16): the primary code first, then alternates.
    let placeOfBirthByState: [[Int]]
    /// Codes for Malaysians born abroad (spec §3.4: 60...68, 71, 72, 74...79, 83...93, 98, 99).
    let placeOfBirthAbroad: [Int]
    /// Every code the generator can use, in a fixed order: the MyKad allocator's bucket index.
    let placeOfBirthCodes: [Int]
    /// Index of a code in ``placeOfBirthCodes`` (-1 when unused), by code 0...99.
    let placeOfBirthSlot: [Int]
    /// Codes that do not exist, for deliberately invalid MyKads.
    let rejectedPlaceOfBirth: [Int]

    static let shared = ReferenceData()

    private init() {
        var byState = [[PostcodeRow]](repeating: [], count: 17)
        for entry in Postcode.all {
            guard let state = Int(entry.stateCode), (1...16).contains(state), entry.postcode.utf8.count == 5 else { continue }
            byState[state].append(PostcodeRow(postcode: Array(entry.postcode.utf8), town: Array(entry.town.utf8), state: state))
        }
        precondition(byState.dropFirst().allSatisfy { !$0.isEmpty }, "the postcode table lacks a state")
        postcodesByState = byState

        var spellings = [[[UInt8]]](repeating: [], count: 17)
        for state in MalaysianState.allCases {
            guard let number = Int(state.isoCode) else { continue }
            var names = [String](repeating: state.canonicalName, count: 6)
            if let honorific = state.honorific { names.append(state.canonicalName + " " + honorific) }
            switch state {
            case .kualaLumpur, .labuan, .putrajaya:
                // Federal territories: variants are listed without the optional prefix (§6.2).
                let bare = state.variants[0]
                names += ["W.P. " + bare, "WP " + bare, bare, bare]
                names += state.variants.dropFirst().prefix(2)
            default:
                names += state.variants.dropFirst().prefix(3)
            }
            spellings[number] = names.map { Array($0.utf8) }
        }
        stateSpellings = spellings

        var pbByState = [[Int]](repeating: [], count: 17)
        var abroad: [Int] = []
        for entry in PlaceOfBirth.all {
            if let stateCode = entry.stateCode, let state = Int(stateCode) {
                // Primary code (equal to the ISO number) first, then the alternates.
                if entry.code == state { pbByState[state].insert(entry.code, at: 0) } else { pbByState[state].append(entry.code) }
            } else if entry.bornAbroad {
                abroad.append(entry.code)
            }
        }
        placeOfBirthByState = pbByState
        placeOfBirthAbroad = abroad
        let codes = pbByState.flatMap { $0 } + [82] + abroad
        placeOfBirthCodes = codes
        var slot = [Int](repeating: -1, count: 100)
        for (index, code) in codes.enumerated() { slot[code] = index }
        placeOfBirthSlot = slot
        rejectedPlaceOfBirth = PlaceOfBirth.rejected.sorted()
    }
}
