import Foundation
import Incidents
import Testing

@Suite("Regulatory clocks: worked examples per regime")
struct ClockEngineTests {
    typealias F = ClockFixture

    // MARK: - MY PDPA 2024

    @Test("PDPA: awareness 2026-03-02 19:00 MYT gives the Commissioner deadline 2026-03-05 19:00 MYT (11:00Z)")
    func pdpaCommissionerFromAwareness() throws {
        let awareness = try F.at("2026-03-02T19:00:00+08:00")
        let incident = F.incident(anchors: [.awareness: awareness], facts: F.harmfulFacts)
        let clocks = try F.engine().clocks(for: incident, now: try F.at("2026-03-03T09:00:00+08:00"))

        let commissioner = try F.clock(clocks, "my-pdpa-2024/commissioner")
        #expect(commissioner.deadline == (try F.at("2026-03-05T11:00:00Z")))
        #expect(commissioner.deadlineLocal == "2026-03-05 19:00 +08:00 Asia/Kuala_Lumpur")
        #expect(commissioner.anchorUsed == .awareness)
        #expect(commissioner.state == .running)
        #expect(commissioner.remaining == TimeInterval(58 * 3600))
        #expect(commissioner.recipient.contains("Commissioner"))
        #expect(commissioner.status == .secondary)
    }

    @Test("PDPA: with occurrence and awareness recorded, the earliest deadline wins and both readings are shown")
    func pdpaWorstCaseOfBothReadings() throws {
        let occurrence = try F.at("2026-03-01T08:00:00+08:00")
        let awareness = try F.at("2026-03-02T19:00:00+08:00")
        let incident = F.incident(anchors: [.occurrence: occurrence, .awareness: awareness], facts: F.harmfulFacts)
        let clocks = try F.engine().clocks(for: incident, now: try F.at("2026-03-03T09:00:00+08:00"))

        let commissioner = try F.clock(clocks, "my-pdpa-2024/commissioner")
        #expect(commissioner.anchorUsed == .occurrence)
        #expect(commissioner.deadlineLocal == "2026-03-04 08:00 +08:00 Asia/Kuala_Lumpur")
        #expect(commissioner.readings.map(\.anchor) == [.occurrence, .awareness])
        #expect(commissioner.readings.map(\.deadlineLocal) == ["2026-03-04 08:00 +08:00 Asia/Kuala_Lumpur", "2026-03-05 19:00 +08:00 Asia/Kuala_Lumpur"])
        // 23 h left of 72 h is under 25 %? No: 23/72 = 32 %, and more than 12 h: still running.
        #expect(commissioner.state == .running)
    }

    @Test("PDPA: data subjects 7 days after the Commissioner notice; phased information 30 days after it")
    func pdpaDataSubjectsAndPhases() throws {
        let awareness = try F.at("2026-03-02T19:00:00+08:00")
        let notified = try F.at("2026-03-04T10:00:00+08:00")
        let incident = F.incident(anchors: [.awareness: awareness, .regulatorNotified: notified], facts: F.harmfulFacts)
        let clocks = try F.engine().clocks(for: incident, now: try F.at("2026-03-05T10:00:00+08:00"))

        let commissioner = try F.clock(clocks, "my-pdpa-2024/commissioner")
        #expect(commissioner.state == .met)
        #expect(commissioner.completedAt == notified)

        let subjects = try F.clock(clocks, "my-pdpa-2024/data-subjects")
        #expect(subjects.anchorUsed == .regulatorNotified)
        #expect(subjects.deadlineLocal == "2026-03-11 10:00 +08:00 Asia/Kuala_Lumpur")
        #expect(subjects.state == .running)
        #expect(subjects.remaining == TimeInterval(6 * 86_400))

        let phased = try F.clock(clocks, "my-pdpa-2024/commissioner-phased")
        #expect(phased.deadlineLocal == "2026-04-03 10:00 +08:00 Asia/Kuala_Lumpur")
    }

    @Test("PDPA: the data-subject clock waits for the Commissioner notice, and needs significant harm")
    func pdpaDataSubjectApplicability() throws {
        let awareness = try F.at("2026-03-02T19:00:00+08:00")
        let now = try F.at("2026-03-03T09:00:00+08:00")
        let engine = try F.engine()

        let harmful = engine.clocks(for: F.incident(anchors: [.awareness: awareness], facts: F.harmfulFacts), now: now)
        let waiting = try F.clock(harmful, "my-pdpa-2024/data-subjects")
        #expect(waiting.state == .notStarted)
        #expect(waiting.deadline == nil)
        #expect(waiting.deadlineLocal == "not started: awaiting regulatorNotified")

        let mild = engine.clocks(for: F.incident(anchors: [.awareness: awareness], facts: F.mildFacts), now: now)
        #expect(mild.contains { $0.qualifiedID == "my-pdpa-2024/commissioner" })
        #expect(!mild.contains { $0.qualifiedID == "my-pdpa-2024/data-subjects" })
    }

    @Test("PDPA does not bind government; it applies only to Malaysian cases unless named")
    func pdpaRegimeSelection() throws {
        let engine = try F.engine()
        var government = F.harmfulFacts
        government.sector = "government"
        #expect(engine.regimes(for: F.incident(facts: government)).map(\.id) == [])
        #expect(engine.regimes(for: F.incident(facts: F.harmfulFacts)).map(\.id) == ["my-pdpa-2024"])
        #expect(engine.regimes(for: F.incident(regimeIDs: ["gdpr", "no-such-regime"], facts: F.harmfulFacts)).map(\.id) == ["gdpr"])
    }

    @Test("PDPA: the 'informed' reading counts too, and deadlines render in the case's own time zone")
    func pdpaInformedAndOtherZone() throws {
        // A Malaysian controller whose DPO works from London (GMT in early March).
        let informed = try F.at("2026-03-02T11:00:00Z")
        let awareness = try F.at("2026-03-02T15:00:00Z")
        let incident = F.incident(timeZone: "Europe/London", anchors: [.informed: informed, .awareness: awareness], facts: F.mildFacts)
        let commissioner = try F.clock(try F.engine().clocks(for: incident, now: informed), "my-pdpa-2024/commissioner")
        #expect(commissioner.anchorUsed == .informed)
        #expect(commissioner.deadlineLocal == "2026-03-05 11:00 +00:00 Europe/London")
        #expect(commissioner.readings.count == 2)
    }

    @Test("An unknown time zone id falls back to Asia/Kuala_Lumpur")
    func unknownTimeZone() throws {
        let calendar = ClockCalendar(timeZoneID: "Mars/Olympus_Mons")
        #expect(calendar.timeZone.identifier == "Asia/Kuala_Lumpur")
        #expect(calendar.render(try F.at("2026-03-02T11:00:00Z")) == "2026-03-02 19:00 +08:00")
    }

    // MARK: - States

    @Test("States: running, due soon (under 12 h), overdue, met, met late")
    func states() throws {
        let awareness = try F.at("2026-03-02T19:00:00+08:00")
        let engine = try F.engine()
        func commissioner(_ anchors: [ClockAnchor: Date], now: String) throws -> ClockStatus {
            try F.clock(engine.clocks(for: F.incident(anchors: anchors, facts: F.mildFacts), now: try F.at(now)), "my-pdpa-2024/commissioner")
        }

        #expect(try commissioner([.awareness: awareness], now: "2026-03-03T19:00:00+08:00").state == .running)
        let soon = try commissioner([.awareness: awareness], now: "2026-03-05T08:00:00+08:00")
        #expect(soon.state == .dueSoon)
        #expect(soon.summary == "11 h 0 min left")
        // 17 h left of 72 h: more than 12 h but under 25 %.
        #expect(try commissioner([.awareness: awareness], now: "2026-03-05T02:00:00+08:00").state == .dueSoon)

        let overdue = try commissioner([.awareness: awareness], now: "2026-03-05T21:30:00+08:00")
        #expect(overdue.state == .overdue)
        #expect(overdue.remaining == -2.5 * 3600)
        #expect(overdue.summary == "2 h 30 min overdue")

        let met = try commissioner([.awareness: awareness, .regulatorNotified: try F.at("2026-03-05T18:59:00+08:00")], now: "2026-03-20T00:00:00+08:00")
        #expect(met.state == .met)
        #expect(met.remaining == 60)

        let late = try commissioner([.awareness: awareness, .regulatorNotified: try F.at("2026-03-06T09:00:00+08:00")], now: "2026-03-20T00:00:00+08:00")
        #expect(late.state == .metLate)
        #expect(late.remaining == TimeInterval(-14 * 3600))
        #expect(late.summary == "met late (14 h 0 min late)")

        let notStarted = try commissioner([:], now: "2026-03-05T21:30:00+08:00")
        #expect(notStarted.state == .notStarted)
        #expect(notStarted.deadline == nil)
        #expect(notStarted.remaining == nil)
    }

    @Test("The most urgent clock for a case list row: overdue first, then the earliest open deadline")
    func mostUrgent() throws {
        let awareness = try F.at("2026-03-02T19:00:00+08:00")
        var ncii = F.harmfulFacts
        ncii.ncii = true
        let engine = try F.engine()
        let incident = F.incident(anchors: [.awareness: awareness], facts: ncii)
        #expect(engine.clocks(for: incident, now: try F.at("2026-03-02T20:00:00+08:00")).mostUrgent?.qualifiedID == "my-csa-2024/nacsa-initial")
        #expect(engine.clocks(for: incident, now: try F.at("2026-03-03T02:00:00+08:00")).mostUrgent?.state == .overdue)
        #expect(engine.clocks(for: F.incident(facts: ncii), now: awareness).mostUrgent == nil)
    }

    // MARK: - MY CSA 2024

    @Test("CSA: NACSA immediately, 6 h and 14 days from awareness, only for NCII entities")
    func csaOnlyForNCII() throws {
        let awareness = try F.at("2026-03-02T19:00:00+08:00")
        let now = try F.at("2026-03-02T20:00:00+08:00")
        var ncii = F.harmfulFacts
        ncii.ncii = true
        let engine = try F.engine()

        let clocks = engine.clocks(for: F.incident(anchors: [.awareness: awareness], facts: ncii), now: now)
        let immediate = try F.clock(clocks, "my-csa-2024/nacsa-immediate")
        #expect(immediate.deadline == nil)
        #expect(immediate.state == .dueSoon)
        #expect(immediate.deadlineLocal.hasPrefix("immediately after awareness 2026-03-02 19:00 +08:00"))

        let initial = try F.clock(clocks, "my-csa-2024/nacsa-initial")
        #expect(initial.deadline == (try F.at("2026-03-03T01:00:00+08:00")))
        #expect(initial.state == .dueSoon)
        #expect(initial.remaining == TimeInterval(5 * 3600))

        let details = try F.clock(clocks, "my-csa-2024/nacsa-details")
        #expect(details.deadlineLocal == "2026-03-16 19:00 +08:00 Asia/Kuala_Lumpur")
        #expect(details.state == .running)

        let plain = engine.clocks(for: F.incident(anchors: [.awareness: awareness], facts: F.harmfulFacts), now: now)
        #expect(!plain.contains { $0.regimeID == "my-csa-2024" })
    }

    @Test("CSA: filings without a completion anchor are marked done through explicit completions")
    func csaCompletions() throws {
        let awareness = try F.at("2026-03-02T19:00:00+08:00")
        var ncii = F.mildFacts
        ncii.ncii = true
        let clocks = try F.engine().clocks(
            for: F.incident(anchors: [.awareness: awareness], facts: ncii), now: try F.at("2026-03-04T00:00:00+08:00"),
            completions: ["my-csa-2024/nacsa-immediate": awareness.addingTimeInterval(600), "nacsa-initial": try F.at("2026-03-03T02:00:00+08:00")]
        )
        #expect(try F.clock(clocks, "my-csa-2024/nacsa-immediate").state == .met)
        #expect(try F.clock(clocks, "my-csa-2024/nacsa-initial").state == .metLate)
        #expect(try F.clock(clocks, "my-csa-2024/nacsa-details").state == .running)
    }

    // MARK: - GDPR

    @Test("GDPR Art. 33 across the Europe/Berlin DST change: 72 elapsed hours, wall clock moves one hour")
    func gdprAcrossDST() throws {
        // DST starts 2026-03-29 02:00 CET → 03:00 CEST.
        let awareness = try F.at("2026-03-27T10:00:00+01:00")
        let facts = IncidentCase.Facts(subjects: 800, dataClasses: ["email", "passport"], jurisdictions: ["EU"])
        let clocks = try F.engine().clocks(for: F.incident(timeZone: "Europe/Berlin", anchors: [.awareness: awareness], facts: facts), now: try F.at("2026-03-28T10:00:00+01:00"))

        let art33 = try F.clock(clocks, "gdpr/art33-supervisory-authority")
        let deadline = try #require(art33.deadline)
        #expect(deadline.timeIntervalSince(awareness) == 72 * 3600)
        #expect(deadline == (try F.at("2026-03-30T09:00:00Z")))
        #expect(art33.deadlineLocal == "2026-03-30 11:00 +02:00 Europe/Berlin")
        #expect(art33.state == .running)

        let art34 = try F.clock(clocks, "gdpr/art34-data-subjects")
        #expect(art34.deadline == nil)
        #expect(art34.state == .running)
        #expect(art34.deadlineLocal.hasPrefix("without undue delay after awareness 2026-03-27 10:00 +01:00"))
        #expect(!clocks.contains { $0.regimeID == "my-pdpa-2024" })
    }

    @Test("GDPR Art. 34 needs high risk; done when the subjects are notified")
    func gdprArt34() throws {
        let awareness = try F.at("2026-03-27T10:00:00+01:00")
        let engine = try F.engine()
        let low = IncidentCase.Facts(subjects: 800, dataClasses: ["email"], jurisdictions: ["EU"])
        #expect(!engine.clocks(for: F.incident(timeZone: "Europe/Berlin", anchors: [.awareness: awareness], facts: low), now: awareness).contains { $0.clockID == "art34-data-subjects" })

        let high = IncidentCase.Facts(subjects: 800, dataClasses: ["email"], sensitiveClasses: ["health"], jurisdictions: ["EU"])
        let done = engine.clocks(for: F.incident(timeZone: "Europe/Berlin", anchors: [.awareness: awareness, .subjectsNotified: awareness.addingTimeInterval(86_400)], facts: high), now: awareness)
        #expect(try F.clock(done, "gdpr/art34-data-subjects").state == .met)
    }

    // MARK: - Singapore PDPA

    @Test("SG PDPA: PDPC by the end of the 3rd calendar day after the assessment, in Asia/Singapore")
    func singapore() throws {
        let awareness = try F.at("2026-03-02T09:00:00+08:00")
        let assessment = try F.at("2026-03-10T15:00:00+08:00")
        let facts = IncidentCase.Facts(subjects: 600, dataClasses: ["email", "name"], jurisdictions: ["SG"])
        let incident = F.incident(timeZone: "Asia/Singapore", anchors: [.awareness: awareness, .assessment: assessment], facts: facts)
        let clocks = try F.engine().clocks(for: incident, now: try F.at("2026-03-11T09:00:00+08:00"))

        let pdpc = try F.clock(clocks, "sg-pdpa/pdpc")
        #expect(pdpc.deadline == (try F.at("2026-03-13T23:59:59+08:00")))
        #expect(pdpc.deadlineLocal == "2026-03-13 23:59 +08:00 Asia/Singapore")
        #expect(pdpc.anchorUsed == .assessment)

        let assess = try F.clock(clocks, "sg-pdpa/assessment")
        #expect(assess.state == .met)
        #expect(assess.deadlineLocal == "2026-04-01 09:00 +08:00 Asia/Singapore")
        // Contact details of 600 people: notifiable for scale, no significant harm to individuals.
        #expect(!clocks.contains { $0.qualifiedID == "sg-pdpa/individuals" })
        #expect(!clocks.contains { $0.regimeID == "my-pdpa-2024" })
    }

    @Test("SG PDPA: under 500 individuals and no significant harm, the PDPC clock does not apply")
    func singaporeThreshold() throws {
        let facts = IncidentCase.Facts(subjects: 499, dataClasses: ["email"], jurisdictions: ["SG"])
        let clocks = try F.engine().clocks(for: F.incident(timeZone: "Asia/Singapore", facts: facts), now: Date(timeIntervalSince1970: 1_773_000_000))
        #expect(clocks.map(\.qualifiedID) == ["sg-pdpa/assessment"])
    }

    // MARK: - US SEC 8-K (business days)

    @Test("SEC 8-K: 4 business days skip the weekend (and the US DST change) in America/New_York")
    func businessDaysOverAWeekend() throws {
        // Thursday 2026-03-05; Fri 6, Mon 9, Tue 10, Wed 11. DST starts Sunday 2026-03-08.
        let materiality = try F.at("2026-03-05T14:00:00-05:00")
        let facts = IncidentCase.Facts(subjects: 10_000, dataClasses: ["email"], jurisdictions: ["US"])
        let engine = try F.engine()
        #expect(engine.clocks(for: F.incident(timeZone: "America/New_York", anchors: [.assessment: materiality], facts: facts), now: materiality).isEmpty)

        let incident = F.incident(timeZone: "America/New_York", anchors: [.assessment: materiality], regimeIDs: ["us-sec-8k"], facts: facts)
        let form = try F.clock(engine.clocks(for: incident, now: try F.at("2026-03-06T09:00:00-05:00")), "us-sec-8k/form-8k")
        #expect(form.deadline == (try F.at("2026-03-11T23:59:59-04:00")))
        #expect(form.deadlineLocal == "2026-03-11 23:59 -04:00 America/New_York")
        #expect(form.pausable)
    }

    @Test("Business days: a Saturday anchor counts from Monday", arguments: [
        ("2026-03-07T10:00:00+08:00", 1, "2026-03-09T10:00:00+08:00"),
        ("2026-03-06T10:00:00+08:00", 1, "2026-03-09T10:00:00+08:00"),
        ("2026-03-06T10:00:00+08:00", 5, "2026-03-13T10:00:00+08:00"),
        ("2026-03-02T10:00:00+08:00", 0, "2026-03-02T10:00:00+08:00"),
    ])
    func businessDayArithmetic(anchor: String, days: Int, expected: String) throws {
        let calendar = ClockCalendar(timeZoneID: "Asia/Kuala_Lumpur")
        #expect(calendar.deadline(from: try F.at(anchor), duration: days, unit: .businessDays, endOfDay: false) == (try F.at(expected)))
    }

    @Test("Calendar days keep the wall-clock time across DST (23 elapsed hours on the spring-forward day)")
    func calendarDaysAcrossDST() throws {
        let calendar = ClockCalendar(timeZoneID: "Europe/Berlin")
        let start = try F.at("2026-03-28T10:00:00+01:00")
        let next = calendar.deadline(from: start, duration: 1, unit: .calendarDays, endOfDay: false)
        #expect(next.timeIntervalSince(start) == 23 * 3600)
        #expect(calendar.render(next) == "2026-03-29 10:00 +02:00")
    }
}
