import Foundation
import Testing
import Triage
@testable import Provenance

/// The attributor's bookkeeping on hand-made sketches (no hashing): scales, ranking, cover,
/// dating hand-off, and escaping in the HTML.
@Suite("Attribution report")
struct AttributionReportTests {
    static let key = try! InvestigationKey(bytes: [UInt8](repeating: 3, count: 32), investigation: "rep")

    static func sketch(_ name: String, scale: UInt64, phones: [UInt64], ledger: [(UInt64, Int32, Int32)]? = nil) -> OrganisationSketch {
        let t = UInt64.max / scale
        return OrganisationSketch(organisation: name, investigation: "rep", keyId: key.keyId, scale: scale, records: phones.count, created: "",
                                  identity: ["phone": HashColumn(hashes: phones.filter { $0 < t }.sorted())],
                                  dating: ledger.map { .init(scale: 1, types: ["phone": IntervalColumns(scale: 1, entries: $0.map { (hash: $0.0, from: $0.1, to: $0.2) })]) },
                                  versions: nil)
    }

    @Test func rankingCoverDatingAndEscaping() throws {
        // 4,000 identities spread evenly over the hash space (every one kept at scale 1).
        let all = (0 ..< 4000).map { UInt64($0) * (UInt64.max / 4000) }
        let leak = Array(all[0 ..< 1000]) + Array(all[2000 ..< 2500])          // 1,500 identities
        let a = Self.sketch("<script>alert(1)</script> A", scale: 1, phones: Array(all[0 ..< 1200]),
                            ledger: (0 ..< 1200).map { i in (all[i], Int32(i < 1000 ? 100 : 300), Int32.max) })
        let b = Self.sketch("B & co", scale: 1, phones: Array(all[800 ..< 2600]))   // overlaps A on 800..<1000
        let c = Self.sketch("C", scale: 1, phones: Array(all[3000 ..< 4000]))
        var leakSketch = FracMinHash(scale: 1)
        for h in leak { leakSketch.insert(h) }
        leakSketch.finish()
        let report = Attributor.attribute(leak: LeakSketch(scale: 1, records: leak.count, identity: [.phone: leakSketch], versions: FracMinHash(scale: 1)),
                                          candidates: [(nil, b), (nil, c), (nil, a)], key: Self.key, leakFiles: ["leak.csv"])
        #expect(report.candidates.map(\.organisation) == [a.organisation, b.organisation, "C"])
        #expect(report.candidates[0].containment.matched == 1000)
        #expect(report.candidates[1].containment.matched == 700)   // 800..<1000 and 2000..<2500
        #expect(report.candidates[2].containment.matched == 0)
        let cover = try #require(report.cover)
        #expect(cover.result.steps.map(\.name) == [a.organisation, "B & co"])
        #expect(cover.result.steps[1].share.matched == 500)         // only what A did not explain
        #expect(cover.result.unexplained.matched == 0)
        // A's ledger: the leak holds exactly the customers who joined on day 100, none of day 300.
        let dating = try #require(report.dating.first { $0.method == "change-point" })
        #expect(dating.estimate.day >= 100 && dating.estimate.day < 300)
        #expect(dating.estimate.coverage > 0.99)

        let html = AttributionRenderer.html(report)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; A"))
        #expect(html.contains("B &amp; co"))
        let json = try AttributionRenderer.json(report)
        let back = try JSONDecoder().decode(AttributionReport.self, from: Data(json.utf8))
        #expect(back.candidates.count == 3)
    }

    @Test func coarserCandidatesAreComparedOnTheirPrefix() {
        // The leak sketched at 1/1, a candidate at 1/10: only leak hashes below 2⁶⁴/10 count.
        let all = (0 ..< 10_000).map { UInt64($0) * (UInt64.max / 10_000) }
        let coarse = Self.sketch("coarse", scale: 10, phones: all)
        var l = FracMinHash(scale: 1)
        for h in all[0 ..< 5000] { l.insert(h) }
        l.finish()
        let report = Attributor.attribute(leak: LeakSketch(scale: 1, records: 5000, identity: [.phone: l], versions: FracMinHash(scale: 1)),
                                          candidates: [(nil, coarse)], key: Self.key, leakFiles: [])
        #expect(report.candidates[0].containment.sampled == all[0 ..< 5000].count { $0 < UInt64.max / 10 })
        #expect(report.candidates[0].containment.sampled < 1100)
        #expect(report.candidates[0].containment.value == 1)
        #expect(Attributor.leakScale(for: [coarse]) == 10)
    }
}
