import Foundation
import Incidents
import Testing

@Suite("Notification drafts: Commissioner, data subjects, register, versions, HTML")
struct NotificationDraftTests {
    typealias F = ClockFixture

    static let triage = TriageFacts(
        subjects: 120_000, records: 150_000,
        dataClasses: [.init(dataClass: "name", count: 150_000), .init(dataClass: "mykad", count: 149_200), .init(dataClass: "phone_mobile", count: 98_000)],
        sensitiveClasses: [.init(dataClass: "health", count: 1_200)]
    )

    private func incident(anchors: [ClockAnchor: Date]) -> IncidentCase {
        var facts = F.harmfulFacts
        facts.discoveryMethod = "Tip to the DPO about a forum post"
        facts.cause = "Misconfigured backup bucket"
        facts.measures = "Bucket closed; credentials rotated"
        return F.incident(anchors: anchors, facts: facts)
    }

    @Test("Commissioner draft carries the Table B fields in order, from counts and classes only")
    func commissionerFields() throws {
        let awareness = try F.at("2026-03-02T19:00:00+08:00")
        let draft = NotificationDrafter.draft(kind: .commissioner, language: .en, for: incident(anchors: [.awareness: awareness]), triage: Self.triage, organisation: "Telco A Sdn Bhd", by: "dpo.aminah", at: try F.at("2026-03-03T10:00:00+08:00"))

        #expect(draft.fields.map(\.key) == [
            "notifier", "contact", "breachTime", "discoveryTime", "discoveryMethod", "nature", "chronology", "dataCategories",
            "sensitiveData", "numbers", "consequences", "measures", "subjectsNotified", "otherAuthorities", "lateFiling", "phasedInformation",
        ])
        #expect(draft.id == "LT-2026-0001/commissioner/en/v1")
        #expect(draft.version == 1 && draft.basedOn == nil && draft.isDraft)
        #expect(draft["notifier"]?.hasPrefix("Telco A Sdn Bhd") == true)
        #expect(draft["discoveryTime"] == "2026-03-02 19:00 +08:00 Asia/Kuala_Lumpur")
        #expect(draft["breachTime"]?.hasPrefix("[To be completed") == true)
        #expect(draft["dataCategories"] == "- name: 150,000\n- identity card (MyKad) number: 149,200\n- phone number: 98,000")
        #expect(draft["sensitiveData"] == "- health information: 1,200")
        #expect(draft["numbers"] == "About 120,000 data subjects; 150,000 records.")
        #expect(draft["subjectsNotified"]?.hasPrefix("Not yet.") == true)
        #expect(draft["lateFiling"]?.hasPrefix("Not applicable: within 72 hours") == true)
        #expect(draft["measures"] == "Bucket closed; credentials rotated")
    }

    @Test("Commissioner draft past 72 h asks for the written reason with evidence")
    func lateFiling() throws {
        let occurrence = try F.at("2026-02-20T08:00:00+08:00")
        let awareness = try F.at("2026-03-02T19:00:00+08:00")
        let draft = NotificationDrafter.draft(kind: .commissioner, language: .ms, for: incident(anchors: [.occurrence: occurrence, .awareness: awareness]), triage: nil, organisation: "Telco A Sdn Bhd", by: "dpo.aminah", at: try F.at("2026-03-03T10:00:00+08:00"))
        let late = try #require(draft["lateFiling"])
        #expect(late.hasPrefix("Pemberitahuan ini dihantar 266 jam selepas"))
        #expect(late.contains("[Untuk dilengkapkan: sebab bertulis berserta bukti"))
        #expect(draft.fields.first { $0.key == "lateFiling" }?.label == "Sebab pemberitahuan selepas 72 jam")
    }

    @Test("Data-subject notice in Malay and English: what happened, data in plain words, what to do, contact; no links")
    func dataSubjectBothLanguages() throws {
        var withLink = incident(anchors: [.awareness: try F.at("2026-03-02T19:00:00+08:00")])
        withLink.summary = "Details at https://example.test/breach and www.example.test."
        let at = try F.at("2026-03-04T10:00:00+08:00")
        let en = NotificationDrafter.draft(kind: .dataSubject, language: .en, for: withLink, triage: Self.triage, organisation: "Telco A Sdn Bhd", by: "dpo.aminah", at: at)
        let ms = NotificationDrafter.draft(kind: .dataSubject, language: .ms, for: withLink, triage: Self.triage, organisation: "Telco A Sdn Bhd", by: "dpo.aminah", at: at)

        let keys = ["heading", "whatHappened", "dataInvolved", "consequences", "measures", "whatToDo", "contact"]
        #expect(en.fields.map(\.key) == keys)
        #expect(ms.fields.map(\.key) == keys)
        #expect(en.fields.map(\.label) != ms.fields.map(\.label))

        #expect(en["whatHappened"]?.hasPrefix("On 2026-03-02, Telco A Sdn Bhd learned") == true)
        #expect(ms["whatHappened"]?.hasPrefix("Pada 2026-03-02, Telco A Sdn Bhd mendapati") == true)
        #expect(en["dataInvolved"] == "- name\n- identity card (MyKad) number\n- phone number\n- health information")
        #expect(ms["dataInvolved"] == "- nama\n- nombor kad pengenalan (MyKad)\n- nombor telefon\n- maklumat kesihatan")
        #expect(ms["consequences"]?.contains("atas nama anda") == true)

        let enAdvice = try #require(en["whatToDo"])
        #expect(enAdvice.contains("National Scam Response Centre (NSRC) at 997"))
        #expect(enAdvice.contains("bank") && enAdvice.contains("SIM swap") && enAdvice.contains("MyKad"))
        let msAdvice = try #require(ms["whatToDo"])
        #expect(msAdvice.contains("Pusat Respons Scam Kebangsaan (NSRC) di talian 997"))
        #expect(msAdvice.contains("akaun bank") && msAdvice.contains("penukaran SIM") && msAdvice.contains("MyKad"))

        #expect(en["contact"]?.contains("dpo@telco-a.example") == true)
        for draft in [en, ms] {
            for field in draft.fields {
                #expect(!field.text.contains("://") && !field.text.lowercased().contains("www."), "link left in \(field.key)")
            }
        }
        #expect(en["whatHappened"]?.contains("[link removed]") == true)
    }

    @Test("Breach register entry: decisions with reasons and retention for at least 2 years")
    func breachRegister() throws {
        let notified = try F.at("2026-03-04T10:00:00+08:00")
        let at = try F.at("2026-03-04T12:00:00+08:00")
        let harmful = NotificationDrafter.draft(kind: .breachRegister, language: .en, for: incident(anchors: [.awareness: try F.at("2026-03-02T19:00:00+08:00"), .regulatorNotified: notified]), triage: Self.triage, organisation: "Telco A Sdn Bhd", by: "dpo.aminah", at: at)
        #expect(harmful["entryDate"] == "2026-03-04 12:00 +08:00 Asia/Kuala_Lumpur")
        #expect(harmful["retentionUntil"]?.hasPrefix("2028-03-04") == true)
        #expect(harmful["decisionCommissioner"]?.contains("Notified on 2026-03-04 10:00 +08:00") == true)
        #expect(harmful["decisionSubjects"]?.hasPrefix("Notify, within 7 days") == true)
        #expect(harmful["decisionSubjects"]?.contains("criteria (b), (c), (d) met") == true)
        #expect(harmful["decidedBy"]?.hasPrefix("dpo.aminah") == true)

        var mild = F.incident(facts: F.mildFacts)
        mild.facts.subjects = 5_000
        let notNotified = NotificationDrafter.draft(kind: .breachRegister, language: .ms, for: mild, triage: nil, organisation: "Telco A Sdn Bhd", by: "dpo.aminah", at: at)
        #expect(notNotified["decisionSubjects"]?.hasPrefix("Tidak dimaklumkan. Sebab:") == true)
        #expect(notNotified["harmAssessment"]?.contains("(e) dipenuhi: kira-kira 5,000 subjek data") == true)
        #expect(notNotified["harmAssessment"]?.contains("(c) tidak dipenuhi: tiada data peribadi sensitif terdedah") == true)
        #expect(harmful["harmAssessment"]?.contains("(d) met: identity data exposed: identity card (MyKad) number") == true)
    }

    @Test("NACSA drafts list the 6 h and 14 day fields")
    func nacsa() throws {
        let at = try F.at("2026-03-02T20:00:00+08:00")
        let initial = NotificationDrafter.draft(kind: .nacsaInitial, language: .en, for: incident(anchors: [.awareness: try F.at("2026-03-02T19:00:00+08:00")]), triage: nil, organisation: "Telco A Sdn Bhd", by: "dpo.aminah", at: at)
        #expect(initial.fields.map(\.key) == ["authorisedPerson", "entity", "sector", "sectorLead", "incidentType", "description", "severity", "discoveryTime", "discoveryMethod"])
        let details = NotificationDrafter.draft(kind: .nacsaDetails, language: .ms, for: incident(anchors: [:]), triage: nil, organisation: "Telco A Sdn Bhd", by: "dpo.aminah", at: at)
        #expect(details.fields.map(\.key).contains("ttps"))
    }

    @Test("Revising makes version 2 based on version 1 and leaves version 1 as it was")
    func revise() throws {
        let v1 = NotificationDrafter.draft(kind: .commissioner, language: .en, for: incident(anchors: [:]), triage: Self.triage, organisation: "Telco A Sdn Bhd", by: "dpo.aminah", at: try F.at("2026-03-03T10:00:00+08:00"))
        let v2 = NotificationDraft.revise(v1, fields: ["measures": "Bucket closed; all staff passwords reset", "breachTime": v1["breachTime"] ?? "", "annexNote": "See annex"], by: "responder.lim", at: try F.at("2026-03-03T11:00:00+08:00"))

        #expect(v2.version == 2)
        #expect(v2.id == "LT-2026-0001/commissioner/en/v2")
        #expect(v2.basedOn == v1.id)
        #expect(v2.createdBy == "responder.lim")
        #expect(v2.changedKeys == ["measures", "annexNote"])
        #expect(v2["measures"] == "Bucket closed; all staff passwords reset")
        #expect(v2.fields.last?.key == "annexNote")
        #expect(v1["measures"] == "Bucket closed; credentials rotated")
        #expect(v1.version == 1)

        let v3 = v2.revise(fields: ["measures": "Third wording"], by: "dpo.aminah", at: try F.at("2026-03-03T12:00:00+08:00"))
        #expect(v3.version == 3 && v3.basedOn == v2.id)

        let decoded = try JSONDecoder().decode(NotificationDraft.self, from: JSONEncoder().encode(v2))
        #expect(decoded == v2)
    }

    @Test("HTML: one self-contained document, print CSS for A4, DRAFT marks, everything escaped")
    func html() throws {
        var hostile = incident(anchors: [.awareness: try F.at("2026-03-02T19:00:00+08:00")])
        hostile.title = "Leak <script>alert('x')</script>"
        hostile.summary = "Dump posted as \"full\" & <b>fresh</b>"
        let draft = NotificationDrafter.draft(kind: .commissioner, language: .en, for: hostile, triage: Self.triage, organisation: "A & B <Sdn Bhd>", by: "dpo.aminah", at: try F.at("2026-03-03T10:00:00+08:00"))
        let html = NotificationHTML.render(draft, caseTitle: hostile.title)

        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<html lang=\"en\">") && html.hasSuffix("</html>\n"))
        #expect(!html.contains("<script"))
        #expect(html.contains("Leak &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(html.contains("Dump posted as &quot;full&quot; &amp; &lt;b&gt;fresh&lt;/b&gt;"))
        #expect(html.contains("A &amp; B &lt;Sdn Bhd&gt;"))
        #expect(html.contains("@media print") && html.contains("@page { size: A4;") && html.contains("break-inside: avoid"))
        #expect(html.contains("DRAFT"))
        #expect(!html.contains("<link") && !html.contains("src=") && !html.contains("http://") && !html.contains("https://"))
        #expect(html.contains("<li>identity card (MyKad) number: 149,200</li>"))

        let malay = NotificationHTML.render(NotificationDrafter.draft(kind: .dataSubject, language: .ms, for: hostile, triage: nil, organisation: "Telco A", by: "dpo.aminah", at: try F.at("2026-03-03T10:00:00+08:00")), caseTitle: hostile.title)
        #expect(malay.contains("<html lang=\"ms\">") && malay.contains("DRAF"))
    }
}
