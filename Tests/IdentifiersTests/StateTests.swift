import Identifiers
import Testing

@Suite("States (spec §6.2)")
struct StateTests {
    static let variants: [(String, MalaysianState)] = [
        ("Johor", .johor), ("JOHORE", .johor), ("jhr", .johor), ("Johor Darul Ta'zim", .johor),
        ("Kedah Darul Aman", .kedah), ("KDH", .kedah), ("Kelantan", .kelantan), ("KLN", .kelantan),
        ("Malacca", .melaka), ("Melaka", .melaka), ("N. Sembilan", .negeriSembilan), ("N Sembilan", .negeriSembilan),
        ("N.S.", .negeriSembilan), ("NS", .negeriSembilan), ("N9", .negeriSembilan), ("Negeri Sembilan Darul Khusus", .negeriSembilan),
        ("PAHANG", .pahang), ("Penang", .pulauPinang), ("P. Pinang", .pulauPinang), ("PPinang", .pulauPinang),
        ("Pulau Pinang", .pulauPinang), ("Perak Darul Ridzuan", .perak), ("Perlis Indera Kayangan", .perlis),
        ("Selangor Darul Ehsan", .selangor), ("SGR", .selangor), ("sel", .selangor), ("Trengganu", .terengganu),
        ("TGG", .terengganu), ("Sabah", .sabah), ("SWK", .sarawak),
        ("W.P. Kuala Lumpur", .kualaLumpur), ("WP KL", .kualaLumpur), ("WPKL", .kualaLumpur), ("K.L.", .kualaLumpur),
        ("Kuala Lumpur", .kualaLumpur), ("Wilayah Persekutuan Kuala Lumpur", .kualaLumpur),
        ("Federal Territory of Kuala Lumpur", .kualaLumpur), ("Federal Territory Labuan", .labuan),
        ("W.P. Labuan", .labuan), ("WP Putrajaya", .putrajaya), ("putrajaya", .putrajaya),
    ]

    @Test("variants", arguments: variants)
    func variant(_ text: String, _ state: MalaysianState) {
        #expect(MalaysianState.match(text) == state)
        let d = MalaysianState.detect(text)
        #expect(d.verdict == .valid)
        #expect(d.facts.stateCode == state.isoCode)
        #expect(d.canonical == state.canonicalName)
    }

    @Test("not states", arguments: ["", "Singapore", "Jakarta", "Wilayah Persekutuan", "Darul Ehsan", "Kuala", "Selangorr"])
    func notState(_ text: String) {
        #expect(MalaysianState.match(text) == nil)
        #expect(MalaysianState.detect(text).verdict == .invalid)
    }

    @Test func isoCodes() {
        #expect(MalaysianState.allCases.count == 16)
        #expect(MalaysianState.allCases.map(\.isoCode) == (1...16).map { $0 < 10 ? "0\($0)" : "\($0)" })
    }

    @Test func findInAddress() {
        #expect(MalaysianState.find(in: "No. 12, Jalan SS 2/24, 47300 Petaling Jaya, Selangor Darul Ehsan") == .selangor)
        #expect(MalaysianState.find(in: "Lot 5, Jalan Ampang, 50450 KL") == .kualaLumpur)
        #expect(MalaysianState.find(in: "Jalan Kebun Teh") == nil)
    }
}
