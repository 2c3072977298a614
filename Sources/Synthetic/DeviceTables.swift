/// Handsets and price plans of the 2012-2014 Malaysian market, for the `handset` and `plan` columns.
///
/// These describe products, not people. The type allocation codes (TACs) paired with the handsets
/// are synthetic: each model gets TACs drawn from a keyed permutation, not the real TACs of that
/// model, so the IMEI column is structurally valid (TAC + serial + Luhn) without claiming to be a
/// real device.
enum DeviceTables {
    struct Handset: Sendable {
        let name: String
        /// The first two TAC digits: `35` (BABT-style) or `86` (TAF-style, Chinese makers).
        let tacPrefix: UInt64
        /// Relative popularity.
        let weight: Int
    }

    static let handsets: [Handset] = [
        Handset(name: "Samsung Galaxy S4 GT-I9500", tacPrefix: 35, weight: 9),
        Handset(name: "Samsung Galaxy S III GT-I9300", tacPrefix: 35, weight: 7),
        Handset(name: "Samsung Galaxy Note 3", tacPrefix: 35, weight: 5),
        Handset(name: "Samsung Galaxy Y GT-S5360", tacPrefix: 35, weight: 7),
        Handset(name: "Samsung Galaxy Grand Duos", tacPrefix: 35, weight: 5),
        Handset(name: "Samsung E1200", tacPrefix: 35, weight: 4),
        Handset(name: "Apple iPhone 5s", tacPrefix: 35, weight: 6),
        Handset(name: "Apple iPhone 5", tacPrefix: 35, weight: 5),
        Handset(name: "Apple iPhone 4S", tacPrefix: 35, weight: 5),
        Handset(name: "Nokia 105", tacPrefix: 35, weight: 5),
        Handset(name: "Nokia 1280", tacPrefix: 35, weight: 4),
        Handset(name: "Nokia Lumia 520", tacPrefix: 35, weight: 4),
        Handset(name: "Nokia Asha 310", tacPrefix: 35, weight: 2),
        Handset(name: "Sony Xperia Z1", tacPrefix: 35, weight: 3),
        Handset(name: "Sony Xperia M", tacPrefix: 35, weight: 2),
        Handset(name: "HTC One", tacPrefix: 35, weight: 2),
        Handset(name: "LG G2", tacPrefix: 35, weight: 2),
        Handset(name: "BlackBerry Curve 9320", tacPrefix: 35, weight: 3),
        Handset(name: "Asus ZenFone 5", tacPrefix: 35, weight: 3),
        Handset(name: "Xiaomi Redmi 1S", tacPrefix: 86, weight: 4),
        Handset(name: "Xiaomi Mi 3", tacPrefix: 86, weight: 2),
        Handset(name: "Huawei Ascend Y300", tacPrefix: 86, weight: 2),
        Handset(name: "Lenovo A369i", tacPrefix: 86, weight: 2),
        Handset(name: "Oppo Find 7", tacPrefix: 86, weight: 1),
        Handset(name: "Ninetology U9X1", tacPrefix: 86, weight: 1),
        Handset(name: "ZTE Blade", tacPrefix: 86, weight: 1),
    ]

    /// Plan names per serving-network MNC (the IMSI's MNC), prepaid first.
    static func plans(forMNC mnc: String) -> [String] {
        switch mnc {
        case "12", "17": return ["Hotlink Prepaid", "Hotlink Prepaid", "Hotlink Flex", "Maxis One Plan 98", "Maxis Postpaid 50", "MAXIS VALUE PLUS"]
        case "13", "19": return ["Xpax", "Xpax", "Celcom Blue Prepaid", "Celcom First Gold", "Celcom Exec 80", "XOX ONE (MVNO)"]
        case "16": return ["DiGi Prepaid Best", "DiGi Prepaid Best", "DiGi Prepaid Live", "DiGi Postpaid 80", "DiGi Smart Plan 50"]
        case "18": return ["U Mobile Prepaid", "U Mobile Prepaid", "U Mobile MS 38", "U Postpaid 68"]
        case "150": return ["Tune Talk Prepaid", "Tune Talk Prepaid", "Tune Talk Postpaid"]
        case "152": return ["Yes 4G Prepaid", "Yes 4G Postpaid"]
        case "156": return ["Altel Prepaid", "Altel Postpaid"]
        default: return ["PREPAID", "POSTPAID"]
        }
    }
}
