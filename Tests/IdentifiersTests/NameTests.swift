import Identifiers
import Testing

@Suite("Person names (spec §7)")
struct NameTests {
    static let named: [(String, Gender?)] = [
        // Row 81, row 82.
        ("MUTHU A/L RAMASAMY", .male), ("SITI NUR AISYAH BT MOHD", .female),
        // Malay.
        ("Ahmad bin Ali", .male), ("NUR FARAHANA BINTI ABDULLAH", .female), ("Mohd Faizal Bin Hj Osman", .male),
        ("Aminah Bte Ismail", .female), ("Haji Ismail bin Hassan", .male), ("Dato' Sri Mohd Najib bin Razak", .male),
        ("Tan Sri Dato' Seri Abdullah Ahmad", nil), ("Ahmad @ Mat bin Salleh", .male), ("Mohd Rizal", nil),
        ("Siti Aminah", nil), ("Tengku Ahmad Zaki", nil), ("Syed Hamid Albar", nil),
        // Indian.
        ("Kavitha a/p Subramaniam", .female), ("RAJESH S/O KRISHNAN", .male), ("Priya D/O Rajan", .female),
        ("Dr. Ramasamy a/l Palanisamy", .male),
        // Chinese.
        ("TAN AH KOW", nil), ("Lee Chong Wei", nil), ("Jason Tan Ah Kow", nil), ("Tan Ah Kow @ Jason", nil),
        ("Ng Mei Ling", nil), ("Datuk Lim Guan Eng", nil), ("Madam Wong Siew Lan", nil),
        // Iban, Sarawak and Sabah.
        ("Jimmy anak Jamit", nil), ("JUGAH AK BARIENG", nil), ("Abang Johari bin Tun Openg", .male),
        ("Dayang Norliza binti Abang Hashim", .female), ("Pengiran Mohd Yusof", nil),
    ]

    @Test("names from each community", arguments: named)
    func name(_ text: String, _ gender: Gender?) {
        let d = PersonName.detect(text)
        #expect(d.verdict == .valid, "\(text)")
        #expect(d.type == .name)
        #expect(d.facts.gender == gender, "\(text)")
        #expect(d.notes.allSatisfy { !$0.lowercased().contains("muslim") && !$0.lowercased().contains("malay") && !$0.lowercased().contains("indian") })
    }

    @Test("not names", arguments: [
        "Recycle bin emptied", "recycle bin emptied", "Low Battery Warning", "Sim Card Blocked", "Order 12345",
        "ali@example.com", "bin", "binti", "The bin is full", "No. 12, Jalan SS 2/24", "", "12345",
        "Data bin 3", "anak saya sakit", "Bin Ali",
    ])
    func notName(_ text: String) {
        #expect(PersonName.detect(text).verdict != .valid, "\(text)")
    }

    @Test func row83Invalid() {
        #expect(PersonName.detect("Recycle bin emptied").verdict == .invalid)
    }

    @Test func plainNameIsContextUnlessTyped() {
        #expect(PersonName.detect("Joseph Pairin Kitingan").verdict == .context)
        #expect(PersonName.detect("Joseph Pairin Kitingan", context: CellContext(columnType: .name)).verdict == .valid)
    }

    @Test func nameColumnRule() {
        let names = ["AHMAD BIN ALI", "TAN AH KOW", "SITI BINTI OMAR", "JOHN SMITH", "MARY JANE", "MUTHU A/L RAMU", "ALICE WONG"]
        #expect(PersonName.looksLikeNameColumn(cells: names))
        let files = ["Recycle bin emptied", "report.pdf", "bin", "backup", "Trash bin", "notes", "photo"]
        #expect(!PersonName.looksLikeNameColumn(cells: files))
        let mixed = ["AHMAD BIN ALI 12", "TAN AH KOW 3", "SITI BINTI OMAR", "A1", "B2"]
        #expect(!PersonName.looksLikeNameColumn(cells: mixed))
    }
}
