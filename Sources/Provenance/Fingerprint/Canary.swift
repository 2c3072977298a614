import Foundation
import Identifiers
import LeakTraceCore

/// The organisation's own contact points for canaries (spec §4.4): a block of phone numbers it
/// owns and monitors, and a mail domain it controls. No real person can hold them, so a match
/// on one of them is exact.
public struct CanaryContacts: Sendable, Equatable {
    /// First and last E.164 number of the owned block (same length).
    public var firstPhone: String
    public var lastPhone: String
    public var emailDomain: String

    /// Parses `FIRST-LAST` (any spelling the phone parser reads, e.g. `011-3000 0000-011-3000 9999`
    /// or `+60113000000..+60113009999`).
    public init(phoneRange: String, emailDomain: String) throws(LeakTraceError) {
        let parts = phoneRange.contains("..") ? phoneRange.components(separatedBy: "..") : Self.splitRange(phoneRange)
        guard parts.count == 2, let a = Phone.parse(parts[0].trimmingCharacters(in: .whitespaces)),
              let b = Phone.parse(parts[1].trimmingCharacters(in: .whitespaces)),
              a.countryCode == "60", b.countryCode == "60", a.nationalNumber.count == b.nationalNumber.count,
              let lo = UInt64(a.nationalNumber), let hi = UInt64(b.nationalNumber), lo <= hi
        else {
            throw LeakTraceError(.invalidArgument, "--canary-phones must be FIRST..LAST: two Malaysian numbers of the same length, FIRST ≤ LAST")
        }
        let domain = emailDomain.lowercased()
        guard domain.contains("."), !domain.contains("@"), !domain.contains("canary"), Email.detect("a@" + domain).verdict.isValid else {
            throw LeakTraceError(.invalidArgument, "--canary-email-domain must be a mail domain you control (and must not contain \"canary\")")
        }
        firstPhone = a.e164
        lastPhone = b.e164
        self.emailDomain = domain
    }

    static func splitRange(_ text: String) -> [String] {
        // FIRST-LAST where either side may itself contain hyphens: split at the hyphen that leaves
        // two parseable numbers.
        let chars = Array(text)
        for i in chars.indices where chars[i] == "-" {
            let l = String(chars[..<i]), r = String(chars[(i + 1)...])
            if Phone.parse(l) != nil, Phone.parse(r) != nil { return [l, r] }
        }
        return [text]
    }

    var nsnLength: Int { firstPhone.count - 3 }
    var low: UInt64 { UInt64(firstPhone.dropFirst(3))! }
    var high: UInt64 { UInt64(lastPhone.dropFirst(3))! }
    public var size: UInt64 { high - low + 1 }

    /// Whether an E.164 number falls in the owned block.
    public func owns(e164: String) -> Bool {
        guard e164.hasPrefix("+60"), e164.count == firstPhone.count, let n = UInt64(e164.dropFirst(3)) else { return false }
        return n >= low && n <= high
    }
}

/// One generated canary person: realistic, synthetic, with owned contact points.
public struct Canary: Sendable, Equatable {
    public var id: String
    public var name: String
    public var mykad: String
    public var male: Bool
    public var birth: (year: Int, month: Int, day: Int)
    public var phone: String
    public var email: String
    public var street: String
    public var area: String
    public var seed: UInt64

    public static func == (l: Canary, r: Canary) -> Bool { l.id == r.id && l.mykad == r.mykad && l.phone == r.phone }
}

/// Deterministic canary generation from the `canary/v1` key (spec §4.4, §8.1 item 5).
public struct CanaryFactory: Sendable {
    public let prf: PRF64
    public let contacts: CanaryContacts
    private let stride: UInt64
    private let offset: UInt64

    public init(keys: KeyRing, contacts: CanaryContacts) {
        let prf = keys.prf("canary/v1")
        self.prf = prf
        self.contacts = contacts
        let size = contacts.size
        var a = prf(1, "stride") % max(size, 1)
        if a == 0 { a = 1 }
        while Self.gcd(a, size) != 1 { a = a % size + 1 }
        stride = a
        offset = prf(1, "offset") % max(size, 1)
    }

    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 { b == 0 ? a : gcd(b, a % b) }

    /// The canary with global allocation index `g` (unique contact points for g < block size).
    public func canary(index g: Int, transferId: String) throws(LeakTraceError) -> Canary {
        guard UInt64(g) < contacts.size else {
            throw LeakTraceError(.limitExceeded, "the owned phone block (\(contacts.size) numbers) is used up; configure a larger --canary-phones block")
        }
        let nsn = contacts.low + (UInt64(g) &* stride &+ offset) % contacts.size
        let seed = prf(2, "\(g)")
        var rng = SplitMix(seed: seed)
        let male = rng.next() & 1 == 0
        let community = Int(rng.next() % 10)  // 0-5 Malay, 6-8 Chinese, 9 Indian
        func pick(_ list: [String]) -> String { list[Int(rng.next() % UInt64(list.count))] }
        let name: String
        switch community {
        case 0 ... 5:
            let given = male ? pick(Self.malayMale) : pick(Self.malayFemale)
            name = "\(given) \(male ? "bin" : "binti") \(pick(Self.malayMale))"
        case 6 ... 8:
            name = "\(pick(Self.chineseSurnames)) \(pick(Self.chineseGiven)) \(pick(Self.chineseGiven))"
        default:
            name = "\(male ? pick(Self.indianMale) : pick(Self.indianFemale)) \(male ? "a/l" : "a/p") \(pick(Self.indianMale))"
        }
        let year = 1955 + Int(rng.next() % 45)
        let month = 1 + Int(rng.next() % 12)
        let day = 1 + Int(rng.next() % 28)
        let pb = pick(Self.placesOfBirth)
        var serial = Int(rng.next() % 1000) * 10 + Int(rng.next() % 5) * 2
        if male { serial += 1 }
        let mykad = String(format: "%02d%02d%02d", year % 100, month, day) + pb + String(format: "%04d", serial)
        // Unique token from the key and the index: a different key never makes the same address.
        let token = String(prf(3, "\(g)") % 46_656_000, radix: 36)
        let local = name.lowercased().split(separator: " ").filter { !["bin", "binti", "a/l", "a/p"].contains($0) }.prefix(2).joined(separator: ".")
        let email = "\(local).\(token)@\(contacts.emailDomain)"
        let street = "No. \(1 + rng.next() % 99), Jalan \(pick(Self.streetWords)) \(1 + rng.next() % 12)"
        let area = "Taman \(pick(Self.streetWords)) \(pick(["Jaya", "Indah", "Utama", "Baru", "Permai"]))"
        let phone = "+60" + String(format: "%0\(contacts.nsnLength)llu", nsn)
        return Canary(id: "cn-\(transferId)-\(g)", name: name, mykad: mykad, male: male, birth: (year, month, day),
                      phone: phone, email: email, street: street, area: area, seed: seed)
    }

    /// The registry entry: keyed hashes of the canonical attributes.
    public func record(_ c: Canary) -> CanaryRecord {
        CanaryRecord(id: c.id, phone: hashHex(2, c.phone), email: hashHex(3, c.email.lowercased()),
                     mykad: hashHex(4, c.mykad), name: hashHex(5, FieldCanon.canonical(c.name, kind: .name) ?? ""))
    }

    public func hashHex(_ tag: UInt8, _ canonical: String) -> String {
        String(prf(tag &+ 10, canonical), radix: 16)
    }

    static let malayMale = ["Ahmad", "Mohd Faizal", "Muhammad Hafiz", "Azman", "Rosli", "Kamarul", "Hafizuddin", "Zulkifli", "Ismail", "Shahrul", "Amirul", "Khairul", "Nazri", "Rizal", "Syafiq", "Ibrahim", "Hamzah", "Yusof"]
    static let malayFemale = ["Siti Aminah", "Nurul Huda", "Noraini", "Farah", "Aisyah", "Zarina", "Rosnah", "Nur Syafiqah", "Haslinda", "Fatimah", "Nadia", "Izzati", "Salmah", "Wan Nor"]
    static let chineseSurnames = ["Tan", "Lim", "Lee", "Wong", "Ng", "Chong", "Chan", "Teh", "Goh", "Ong", "Yap", "Low", "Khoo", "Cheah"]
    static let chineseGiven = ["Wei", "Ming", "Mei", "Ling", "Kok", "Seng", "Hui", "Yee", "Chin", "Keat", "Siew", "Boon", "Jia", "Hong"]
    static let indianMale = ["Kumar", "Rajan", "Suresh", "Ganesan", "Muthu", "Ravi", "Selvam", "Arumugam", "Prakash", "Murugan"]
    static let indianFemale = ["Kavitha", "Devi", "Priya", "Lakshmi", "Saraswathy", "Malathi", "Revathi", "Shanti"]
    static let placesOfBirth = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "10", "14", "01", "08"]
    static let streetWords = ["Mawar", "Melati", "Cempaka", "Kenanga", "Seroja", "Dahlia", "Angsana", "Meranti", "Bunga Raya", "Sentosa", "Harmoni", "Delima"]
}

/// Finds canaries in leaked rows (spec §4.4 "zero-false-positive detection").
///
/// A row is a hit for canary C when an owned contact point in it (phone in the owned block,
/// e-mail at the owned domain) has C's keyed hash, or, when the leak has no contact column at
/// all, when MyKad and name both match; and in either case no other attribute the row holds
/// (phone, e-mail, MyKad, name) contradicts C. Matching is on canonical forms, so re-formatting
/// cannot hide a canary. Rows outside the owned block or domain cost no HMAC.
public struct CanaryMatcher: Sendable {
    let records: [TransferRecord]
    let prf: PRF64
    let contacts: [CanaryContacts]
    let domains: Set<String>
    let byPhone: [String: [Int32]]
    let byEmail: [String: [Int32]]
    let byMyKad: [String: [Int32]]
    let flat: [(record: Int, canary: Int)]
    public let phoneColumns: [Int]
    public let emailColumns: [Int]
    public let mykadColumn: Int?
    public let nameColumn: Int?

    public init(keys: KeyRing, records: [TransferRecord], phoneColumns: [Int], emailColumns: [Int], mykadColumn: Int?, nameColumn: Int?) {
        self.records = records
        prf = keys.prf("canary/v1")
        contacts = records.compactMap { r in
            guard let range = r.canaryPhoneRange, range.count == 2, let d = r.canaryEmailDomain else { return nil }
            return try? CanaryContacts(phoneRange: range[0] + ".." + range[1], emailDomain: d)
        }
        domains = Set(contacts.map(\.emailDomain))
        var byPhone: [String: [Int32]] = [:], byEmail: [String: [Int32]] = [:], byMyKad: [String: [Int32]] = [:]
        var flat: [(record: Int, canary: Int)] = []
        for (ri, r) in records.enumerated() {
            for (ci, c) in r.canaries.enumerated() {
                let k = Int32(flat.count)
                flat.append((ri, ci))
                if let p = c.phone { byPhone[p, default: []].append(k) }
                if let e = c.email { byEmail[e, default: []].append(k) }
                if let m = c.mykad { byMyKad[m, default: []].append(k) }
            }
        }
        self.byPhone = byPhone
        self.byEmail = byEmail
        self.byMyKad = byMyKad
        self.flat = flat
        self.phoneColumns = phoneColumns
        self.emailColumns = emailColumns
        self.mykadColumn = mykadColumn
        self.nameColumn = nameColumn
    }

    func h(_ tag: UInt8, _ s: String) -> String { String(prf(tag &+ 10, s), radix: 16) }

    /// The hits in one row, and how many candidate canaries were rejected by a contradicting attribute.
    public func match(_ cells: [String], line: Int) -> (hits: [TraceReport.CanaryHit], rejected: Int) {
        var candidates: [Int32] = []
        var phones: [String] = [], emails: [String] = []
        for i in phoneColumns where i < cells.count {
            if let e = FieldCanon.canonical(cells[i], kind: .phone), contacts.contains(where: { $0.owns(e164: e) }) {
                phones.append(e)
                candidates += byPhone[h(2, e)] ?? []
            }
        }
        for i in emailColumns where i < cells.count {
            let e = cells[i].trimmingCharacters(in: .whitespaces).lowercased()
            if let at = e.lastIndex(of: "@"), domains.contains(String(e[e.index(after: at)...])) {
                emails.append(e)
                candidates += byEmail[h(3, e)] ?? []
            }
        }
        let noContactColumn = phoneColumns.isEmpty && emailColumns.isEmpty
        if candidates.isEmpty && !noContactColumn { return ([], 0) }
        let mykad = mykadColumn.flatMap { $0 < cells.count ? FieldCanon.canonical(cells[$0], kind: .mykad) : nil }
        let name = nameColumn.flatMap { $0 < cells.count ? FieldCanon.canonical(cells[$0], kind: .name) : nil }
        if noContactColumn {
            guard let m = mykad, name != nil else { return ([], 0) }
            candidates = byMyKad[h(4, m)] ?? []
        }
        var hits: [TraceReport.CanaryHit] = []
        var rejected = 0
        var seen = Set<Int32>()
        for k in candidates where seen.insert(k).inserted {
            let (ri, ci) = flat[Int(k)]
            let c = records[ri].canaries[ci]
            var matched: [String] = [], disagree = false
            if !phones.isEmpty { if phones.contains(where: { h(2, $0) == c.phone }) { matched.append("phone") } else { disagree = true } }
            if !emails.isEmpty { if emails.contains(where: { h(3, $0) == c.email }) { matched.append("email") } else { disagree = true } }
            if let m = mykad { if h(4, m) == c.mykad { matched.append("mykad") } else { disagree = true } }
            if let n = name { if h(5, n) == c.name { matched.append("name") } else { disagree = true } }
            let owned = matched.contains("phone") || matched.contains("email")
            guard !disagree, owned || matched.count >= 2 else { rejected += 1; continue }
            var masked: [String] = []
            for e in phones { masked.append(Masking.mask(e, type: .phoneMobile)) }
            for e in emails { masked.append(Masking.mask(e, type: .email)) }
            if let m = mykad { masked.append(Masking.mask(m, type: .mykad)) }
            if let n = name { masked.append(Masking.mask(n, type: .name)) }
            hits.append(.init(line: line, canaryId: c.id, transferId: records[ri].transferId, recipient: records[ri].recipient, matched: matched, masked: masked))
        }
        return (hits, rejected)
    }
}
