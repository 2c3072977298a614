import Testing
@testable import Identifiers

/// `DerivedFacts` keeps table strings as numbers and the rest in a box: whatever is written
/// reads back unchanged, and equality does not depend on how a value is stored.
@Suite("Derived facts storage")
struct DerivedFactsTests {
    @Test(arguments: [
        // (state, place of birth, operator, kind, country, town): table values and others.
        ("10", "10 Selangor", "Maxis", "mobile", nil, nil),
        ("01", "14 WP Kuala Lumpur", "Yes (YTL Communications)", "fixed", "65", "Shah Alam"),
        ("99", "not a PB description", "Some MVNO", "pager", "673", "Kota Kinabalu"),
        ("Selangor", nil, nil, nil, nil, nil),
        (nil, nil, nil, nil, nil, "Ipoh"),
    ] as [(String?, String?, String?, String?, String?, String?)])
    func writesReadBack(_ values: (String?, String?, String?, String?, String?, String?)) {
        var f = DerivedFacts()
        f.stateCode = values.0
        f.placeOfBirth = values.1
        f.originalOperator = values.2
        f.phoneKind = values.3
        f.countryCode = values.4
        f.town = values.5
        #expect(f.stateCode == values.0)
        #expect(f.placeOfBirth == values.1)
        #expect(f.originalOperator == values.2)
        #expect(f.phoneKind == values.3)
        #expect(f.countryCode == values.4)
        #expect(f.town == values.5)
        // Overwrite each with a value of the other kind (table <-> box) and then with nil.
        var g = f
        g.stateCode = values.0 == "10" ? "Selangor" : "10"
        g.originalOperator = values.2 == "Maxis" ? "Other" : "Maxis"
        #expect(g.stateCode == (values.0 == "10" ? "Selangor" : "10"))
        #expect(g.originalOperator == (values.2 == "Maxis" ? "Other" : "Maxis"))
        #expect(g.town == values.5 && g.countryCode == values.4, "other boxed fields survive")
        #expect(f.stateCode == values.0, "a copy's change does not reach the original")
        g.stateCode = nil
        g.placeOfBirth = nil
        g.originalOperator = nil
        g.phoneKind = nil
        g.countryCode = nil
        g.town = nil
        #expect(g == DerivedFacts())
        #expect(f != g || values == (nil, nil, nil, nil, nil, nil))
    }

    @Test func hotPathSettersEqualTheStringSetters() {
        var a = DerivedFacts()
        a.setState(number: 13)
        a.setPlaceOfBirth(code: 14)
        a.setOperator(number: FactTables.phoneOperatorNumber(1))
        a.setPhoneKind(.mobile)
        var b = DerivedFacts()
        b.stateCode = "13"
        b.placeOfBirth = "14 WP Kuala Lumpur"
        b.originalOperator = "Celcom"
        b.phoneKind = "mobile"
        #expect(a == b)
        #expect(a.stateCode == "13" && a.placeOfBirth == "14 WP Kuala Lumpur" && a.originalOperator == "Celcom" && a.phoneKind == "mobile")
        // Every IMSI brand and every prefix operator has a number that reads back as its name.
        for entry in MobileNetworkCodes.malaysia {
            let number = MobileNetworkCodes.operatorNumbers[Int(entry.mnc)!]
            var f = DerivedFacts()
            f.setOperator(number: number)
            #expect(f.originalOperator == entry.brand, "MNC \(entry.mnc)")
        }
        for (i, name) in PhoneMetadata.operatorNames.enumerated() {
            var f = DerivedFacts()
            f.setOperator(number: FactTables.phoneOperatorNumber(i))
            #expect(f.originalOperator == name)
        }
    }
}
