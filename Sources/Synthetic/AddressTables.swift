/// Street, area and building words for synthetic addresses (spec §6.3 tokens).
///
/// The words are generic Malay place vocabulary (flowers, trees, virtues, common landmarks), not
/// addresses of anyone. Only the postcode, town and state come from a reference table (the pinned
/// postcode dataset in `Identifiers`), and they always come from the same row of it.
enum AddressTables {
    /// Street types with their common abbreviations; repeated entries weight the draw.
    static let streetTypes = [
        "Jalan", "Jalan", "Jalan", "Jalan", "Jalan", "Jalan", "Jln", "Jln", "Jln.", "Lorong", "Lorong", "Lrg",
        "Persiaran", "Lebuh", "Lengkok", "Solok", "Lingkaran",
    ]
    static let streetWords = [
        "Mawar", "Melati", "Kenanga", "Cempaka", "Dahlia", "Seroja", "Anggerik", "Teratai", "Bunga Raya", "Kemboja",
        "Merbau", "Meranti", "Cengal", "Tembusu", "Jati", "Bayu", "Damai", "Harmoni", "Setia", "Sentosa",
        "Mutiara", "Delima", "Permata", "Nilam", "Intan", "Indah", "Bahagia", "Makmur", "Jaya", "Perdana",
        "Utama", "Besar", "Masjid", "Sekolah", "Pasar", "Stesen", "Kilang", "Bukit", "Sungai", "Pantai",
        "Tasik", "Kebun", "Padang", "Dusun", "Pekan", "Raja", "Sultan", "Orkid", "Kekwa", "Tanjung",
        "Rambutan", "Durian", "Manggis", "Cempedak", "Nangka", "Kelapa", "Pinang", "Nuri", "Merpati", "Helang",
    ]
    /// Section-style street codes seen in planned towns ("Jalan SS 2/24").
    static let sectionCodes = ["SS", "PJS", "USJ", "BK", "TU", "PJU", "SP", "BP"]
    static let areaKinds = [
        "Taman", "Taman", "Taman", "Taman", "Taman", "Tmn", "Kampung", "Kampung", "Kg", "Kg.", "Bandar Baru",
        "Pangsapuri", "Flat", "Apartment", "Desa", "Bandar", "Felda",
    ]
    static let areaSuffixes = ["Jaya", "Indah", "Baru", "Permai", "Utama", "Setia", "Ria", "Emas", "Murni", "Sri"]
    /// Building blocks for flats ("Blok B-12-3").
    static let blockLetters = ["A", "B", "C", "D", "E", "F", "G", "H", "J", "K"]

    /// Relative population weights per state (ISO number 1...16), rounded from the 2010 census,
    /// so that a dump's addresses and place-of-birth codes are spread as in real data rather than
    /// uniformly over postcodes (rural states have many more postcodes per person).
    static let stateWeights: [Int] = [0, 333, 195, 154, 82, 102, 150, 157, 236, 23, 546, 104, 321, 247, 167, 9, 7]
}
