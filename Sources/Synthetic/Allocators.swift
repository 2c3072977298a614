import Identifiers

// Identifier allocators. Each hands out values that cannot repeat within a dump (a running
// counter pushed through a keyed permutation), so every distinct count in the ground truth is
// exact without remembering what was emitted, and memory stays constant for any row count.

/// A serving network under MCC 502, with the per-network IMSI and ICCID allocators.
struct SyntheticNetwork: Sendable {
    let mnc: [UInt8]
    let plans: [[UInt8]]
    private let msinPermutation: KeyedPermutation
    private let accountPermutation: KeyedPermutation
    private var counter: UInt64 = 0

    init(mnc: String, key: UInt64) {
        precondition(MobileNetworkCodes.lookupMalaysia(mnc)?.operational == true, "MNC \(mnc) is not an operational Malaysian network")
        self.mnc = Array(mnc.utf8)
        self.plans = DeviceTables.plans(forMNC: mnc).map { Array($0.utf8) }
        // IMSI: 502 + MNC + MSIN = 15 digits. ICCID: 89 60 + MNC + account + Luhn = 19 digits.
        let msinDigits = 15 - 3 - mnc.utf8.count
        let accountDigits = 19 - 1 - 4 - mnc.utf8.count
        msinPermutation = KeyedPermutation(size: pow10(msinDigits), key: key ^ 0x1111)
        accountPermutation = KeyedPermutation(size: pow10(accountDigits), key: key ^ 0x2222)
    }

    var msinDigits: Int { 15 - 3 - mnc.count }
    var accountDigits: Int { 19 - 1 - 4 - mnc.count }

    /// A fresh (MSIN, ICCID account number) pair for a new SIM on this network.
    mutating func nextSIM() -> (msin: UInt64, account: UInt64) {
        let n = counter
        counter += 1
        return (msinPermutation.apply(n % msinPermutation.size), accountPermutation.apply(n % accountPermutation.size))
    }
}

/// A block of mobile numbers: an NSN prefix followed by free digits (spec §4.2, §4.4).
struct PhoneBlock: Sendable {
    let prefix: UInt64
    let freeDigits: Int
    let nsnLength: Int
    let weight: Int
    /// Serving networks for lines that were not ported: (index into the network list, weight).
    let networks: [(network: Int, weight: Int)]
    let permutation: KeyedPermutation
    var counter: UInt64 = 0

    var isExhausted: Bool { counter >= permutation.size }

    mutating func next() -> UInt64 {
        let value = prefix * pow10(freeDigits) + permutation.apply(counter)
        counter += 1
        return value
    }
}

/// Hands out MyKad serials that are unique per (birth date, place-of-birth code, gender).
///
/// A MyKad is unique when its last four digits are unique within its date and PB code. One
/// counter per (day, code, gender) bucket does that in bounded memory (about 29,000 days x 80
/// codes x 2 genders x 2 bytes, independent of the row count).
struct MyKadAllocator: Sendable {
    private var counters: [UInt16]
    private let firstDay: Int
    private let days: Int
    private let codes: Int
    private let key: UInt64
    /// Serials 001...999 with five gender digits each; serial 000 is never used, so `0000`, a
    /// placeholder pattern (spec §3.5 step 6), cannot occur.
    static let perGender = 999 * 5

    init(firstDay: Int, lastDay: Int, codes: Int, key: UInt64) {
        self.firstDay = firstDay
        self.days = lastDay - firstDay + 1
        self.codes = codes
        self.key = key
        counters = [UInt16](repeating: 0, count: days * codes * 2)
    }

    /// The `###G` part (0...9999) for a new holder, or `nil` when the bucket is full.
    mutating func next(day: Int, codeSlot: Int, male: Bool) -> UInt16? {
        let bucket = ((day - firstDay) * codes + codeSlot) * 2 + (male ? 1 : 0)
        let used = Int(counters[bucket])
        guard used < MyKadAllocator.perGender else { return nil }
        counters[bucket] = UInt16(used + 1)
        // Walk the bucket's 4,995 values with a stride coprime to 4,995 from a hashed start, so
        // serials look scattered but never repeat.
        let start = Int(SplitMix64.mix(UInt64(bucket) ^ key) % UInt64(MyKadAllocator.perGender))
        let index = (start + used * 1_024) % MyKadAllocator.perGender
        let serial = index / 5 + 1
        let genderDigit = (index % 5) * 2 + (male ? 1 : 0)
        return UInt16(serial * 10 + genderDigit)
    }
}

/// A passport-like number shape for one nationality. The shapes are disjoint (first letters or
/// letter/digit positions differ), so numbers from different nationalities cannot collide, and
/// none is a Malaysian passport shape (A, H or K followed by 8 digits).
struct PassportShape: Sendable {
    let first: [UInt8]
    let second: [UInt8]
    let digits: Int
    let last: [UInt8]

    var size: UInt64 {
        UInt64(first.count) * UInt64(max(second.count, 1)) * pow10(digits) * UInt64(max(last.count, 1))
    }

    /// Shapes in the order of ``NameTables/foreign``.
    static let byNationality: [PassportShape] = [
        PassportShape(first: letters("ABC"), second: [], digits: 7, last: []),  // Indonesia
        PassportShape(first: letters("ABE"), second: letters("ABCDEFGHJKLMNPRSTUVWXYZ"), digits: 7, last: []),  // Bangladesh
        PassportShape(first: letters("P"), second: letters("A"), digits: 7, last: []),  // Nepal
        PassportShape(first: letters("P"), second: [], digits: 7, last: letters("ABCDEFGH")),  // Philippines
        PassportShape(first: letters("M"), second: letters("ABCDE"), digits: 6, last: []),  // Myanmar
        PassportShape(first: letters("JKLMNRSTUVWZ"), second: [], digits: 7, last: []),  // India
    ]

    private static func letters(_ text: String) -> [UInt8] { Array(text.utf8) }
}

/// 10^n for small n.
@inline(__always)
func pow10(_ n: Int) -> UInt64 {
    var value: UInt64 = 1
    for _ in 0..<n { value *= 10 }
    return value
}
