import Identifiers
import Testing

@Suite("Addresses (spec §6.3)")
struct AddressTests {
    @Test func row80() {
        let text = "No. 12, Jalan SS 2/24, 47300 Petaling Jaya, Selangor Darul Ehsan"
        #expect(Address.score(text) >= 4)
        let d = Address.detect(text)
        #expect(d.verdict == .valid)
        #expect(d.facts.stateCode == "10")
        #expect(d.facts.town == "Petaling Jaya")
    }

    static let addresses: [String] = [
        "Lot 1234, Kampung Baru, 06000 Jitra, Kedah",
        "12-3A, Jalan Ampang, 50450 Kuala Lumpur",
        "Blok B-12-3, Pangsapuri Seri Mewah, Jalan Cheras, 43200 Cheras, Selangor",
        "No 5 Lorong Kenari 2, Taman Sri Rampai, Wilayah Persekutuan Kuala Lumpur",
        "39000 Tanah Rata, Pahang",
        "Lrg 3, Tmn Desa, 93350 Kuching, Sarawak",
    ]

    @Test("addresses score at least 4", arguments: addresses)
    func address(_ text: String) {
        #expect(Address.score(text) >= 4, "\(text)")
        #expect(Address.detect(text).verdict == .valid)
    }

    @Test("not addresses", arguments: ["Ahmad bin Ali", "Recycle bin emptied", "hello world", "", "0123456789", "jalan"])
    func notAddress(_ text: String) {
        #expect(Address.detect(text).verdict == .invalid, "\(text)")
    }

    @Test func scoreParts() {
        #expect(Address.score("47300") == 3)
        #expect(Address.score("Selangor") == 2)
        #expect(Address.score("Jalan Kebun Teh") == 2)
        #expect(Address.score("Jalan Ampang") == 3)  // Ampang is also a dataset town
    }
}
