import Foundation

/// Builds the first version of each notification from a case and its triage summary
/// (spec/response-regulation.md Table B; PDPA s.12B and the DBN Guideline; CSA 2024).
///
/// Only counts, class names and the case's own text go in. Where the case does not yet know
/// something, the field says `[To be completed: ...]` so the draft cannot pass for finished.
public enum NotificationDrafter {
    public typealias Kind = NotificationDraft.Kind
    public typealias Language = NotificationDraft.Language

    /// The first version of a draft.
    /// - Parameters:
    ///   - kind: which notification.
    ///   - language: English or Malay (labels and generated text; the case's own text is as entered).
    ///   - incident: the case: anchors, time zone, facts, contact.
    ///   - triage: counts and classes from the triage report; overrides the case facts' classes and numbers.
    ///   - name: the notifying organisation's name.
    ///   - by: who drafted.
    ///   - at: when (also the filing time assumed for the late-filing check if no notice is recorded).
    public static func draft(kind: Kind, language: Language, for incident: IncidentCase, triage: TriageFacts?, organisation name: String, by: String, at: Date) -> NotificationDraft {
        let context = Context(incident: incident, triage: triage, organisation: name, language: language, by: by, at: at)
        let fields: [NotificationDraft.Field]
        switch kind {
        case .commissioner: fields = commissioner(context)
        case .dataSubject: fields = dataSubject(context)
        case .breachRegister: fields = breachRegister(context)
        case .nacsaInitial: fields = nacsaInitial(context)
        case .nacsaDetails: fields = nacsaDetails(context)
        }
        return NotificationDraft(caseID: incident.id, kind: kind, language: language, fields: fields, createdBy: by, createdAt: at)
    }

    /// The PDPA Commissioner deadline: 72 h from the earliest of occurrence, awareness and informed.
    static let commissionerHours: TimeInterval = 72

    // MARK: - Context

    /// What every draft kind needs, worked out once.
    struct Context {
        let incident: IncidentCase
        let organisation: String
        let language: Language
        let by: String
        let at: Date
        let calendar: ClockCalendar
        /// Class names, triage's when given.
        let classes: [String]
        let sensitive: [String]
        let counts: [String: Int]
        let subjects: Int?
        let records: Int?
        let harm: HarmAssessment

        init(incident: IncidentCase, triage: TriageFacts?, organisation: String, language: Language, by: String, at: Date) {
            self.incident = incident
            self.by = by
            self.organisation = organisation
            self.language = language
            self.at = at
            self.calendar = ClockCalendar(timeZoneID: incident.timeZone)
            var counts: [String: Int] = [:]
            if let triage {
                classes = triage.dataClasses.map(\.dataClass)
                sensitive = triage.sensitiveClasses.isEmpty ? incident.facts.sensitiveClasses : triage.sensitiveClasses.map(\.dataClass)
                for item in triage.dataClasses + triage.sensitiveClasses { counts[item.dataClass, default: 0] += item.count }
            } else {
                classes = incident.facts.dataClasses
                sensitive = incident.facts.sensitiveClasses
            }
            self.counts = counts
            subjects = triage?.subjects ?? incident.facts.subjects
            records = triage?.records ?? incident.facts.records
            var facts = incident.facts
            facts.dataClasses = classes
            facts.sensitiveClasses = sensitive
            facts.subjects = subjects
            harm = HarmAssessment(facts: facts)
        }

        func t(_ en: String, _ ms: String) -> String { NotificationWording.pick(language, en, ms) }

        func toComplete(_ en: String, _ ms: String) -> String { NotificationWording.toComplete(language, t(en, ms)) }

        func field(_ key: String, _ en: String, _ ms: String, _ text: String) -> NotificationDraft.Field {
            NotificationDraft.Field(key: key, label: t(en, ms), text: text)
        }

        func local(_ date: Date) -> String { calendar.render(date) + " " + calendar.timeZone.identifier }

        /// The earliest of awareness and informed: when the organisation learned of the breach.
        var discovered: Date? {
            [incident.anchor(.awareness), incident.anchor(.informed)].compactMap { $0 }.min()
        }

        /// The earliest credible reading of the PDPA 72 h anchor.
        var earliestSignal: Date? {
            [incident.anchor(.occurrence), incident.anchor(.awareness), incident.anchor(.informed)].compactMap { $0 }.min()
        }

        func anchorName(_ anchor: ClockAnchor) -> String {
            switch anchor {
            case .occurrence: t("breach occurred", "pelanggaran berlaku")
            case .awareness: t("first credible signal (awareness)", "isyarat pertama yang boleh dipercayai (mula sedar)")
            case .informed: t("organisation informed", "organisasi dimaklumkan")
            case .assessment: t("assessment completed", "penilaian selesai")
            case .regulatorNotified: t("Commissioner notified", "Pesuruhjaya dimaklumkan")
            case .subjectsNotified: t("data subjects notified", "subjek data dimaklumkan")
            }
        }

        /// `- phone number: 1,200` lines (counts when triage gave them).
        func classLines(_ names: [String]) -> String {
            var seen: Set<String> = []
            var lines: [String] = []
            for name in names {
                let words = NotificationWording.plain(name, language)
                guard seen.insert(words).inserted else { continue }
                let total = names.filter { NotificationWording.plain($0, language) == words }.compactMap { counts[$0] }.reduce(0, +)
                lines.append("- " + words + (total > 0 ? ": " + NotificationWording.number(total) : ""))
            }
            return lines.joined(separator: "\n")
        }

        var numbersText: String {
            let people = subjects.map { t("About \(NotificationWording.number($0)) data subjects", "Kira-kira \(NotificationWording.number($0)) subjek data") } ?? toComplete("estimated number of data subjects", "anggaran bilangan subjek data")
            let rows = records.map { t("\(NotificationWording.number($0)) records", "\(NotificationWording.number($0)) rekod") } ?? toComplete("estimated number of records", "anggaran bilangan rekod")
            return people + "; " + rows + "."
        }

        /// A criterion's reason in the draft's language, classes in plain words.
        func criterionReason(_ criterion: HarmAssessment.Criterion) -> String {
            let list = NotificationWording.plainList(criterion.classes, language).joined(separator: ", ")
            switch (criterion.letter, criterion.met) {
            case ("a", true): return t("financial or login details exposed: ", "butiran kewangan atau log masuk terdedah: ") + list
            case ("a", false): return t("no financial or login details exposed", "tiada butiran kewangan atau log masuk terdedah")
            case ("b", true): return t("the exposed data can be misused for illegal purposes (scams, account takeover)", "data yang terdedah boleh disalahgunakan untuk tujuan yang menyalahi undang-undang (penipuan, pengambilalihan akaun)")
            case ("b", false): return t("no exposed data known to enable misuse", "tiada data terdedah yang diketahui membolehkan penyalahgunaan")
            case ("c", true): return t("sensitive personal data exposed: ", "data peribadi sensitif terdedah: ") + list
            case ("c", false): return t("no sensitive personal data exposed", "tiada data peribadi sensitif terdedah")
            case ("d", true): return t("identity data exposed: ", "data identiti terdedah: ") + list
            case ("d", false): return t("no identity document or SIM identifiers exposed", "tiada nombor dokumen identiti atau pengecam SIM terdedah")
            case ("e", _):
                guard let subjects else { return t("number of data subjects not yet estimated", "bilangan subjek data belum dianggarkan") }
                let count = NotificationWording.number(subjects)
                return t("about \(count) data subjects (threshold: more than 1,000)", "kira-kira \(count) subjek data (ambang: melebihi 1,000)")
            default: return criterion.reason
            }
        }

        /// Likely consequences, about "the data subjects" or, in a notice to them, about "you".
        var consequencesText: String { consequences(toSubjects: false) }

        func consequences(toSubjects: Bool) -> String {
            if let consequences = incident.facts.consequences, !consequences.isEmpty { return consequences }
            var lines: [String] = []
            let met = Set(harm.criteria.filter(\.met).map(\.letter))
            if met.contains("a") { lines.append(t("Financial loss through misuse of financial or login details.", "Kerugian kewangan akibat penyalahgunaan butiran kewangan atau log masuk.")) }
            if met.contains("b") || !classes.isEmpty { lines.append(t("Targeted scam calls and messages (phishing, impersonation of officials).", "Panggilan dan mesej penipuan yang disasarkan (pancingan data, penyamaran sebagai pegawai).")) }
            if met.contains("d") {
                lines.append(toSubjects
                    ? t("Identity fraud: loans, SIM registration or accounts opened in your name.", "Penipuan identiti: pinjaman, pendaftaran SIM atau akaun dibuka atas nama anda.")
                    : t("Identity fraud: loans, SIM registration or accounts opened in the subjects' names.", "Penipuan identiti: pinjaman, pendaftaran SIM atau akaun dibuka atas nama subjek data."))
            }
            if met.contains("c") { lines.append(t("Distress, discrimination or embarrassment from the exposure of sensitive data.", "Tekanan, diskriminasi atau rasa malu akibat pendedahan data sensitif.")) }
            return lines.isEmpty ? toComplete("likely consequences", "kesan yang mungkin") : lines.joined(separator: "\n")
        }

        var measuresText: String {
            if let measures = incident.facts.measures, !measures.isEmpty { return measures }
            return toComplete("measures taken and proposed", "langkah yang telah dan akan diambil")
        }

        var chronologyText: String {
            var lines: [String] = []
            if let cause = incident.facts.cause, !cause.isEmpty {
                lines.append(t("Cause: ", "Punca: ") + cause)
            } else {
                lines.append(toComplete("cause of the breach", "punca pelanggaran"))
            }
            let recorded = ClockAnchor.allCases.compactMap { anchor in incident.anchor(anchor).map { (anchor, $0) } }.sorted { $0.1 < $1.1 }
            for (anchor, date) in recorded {
                lines.append("- " + local(date) + ": " + anchorName(anchor))
            }
            return lines.joined(separator: "\n")
        }
    }

    // MARK: - Commissioner (PDPA s.12B(1), Annex B)

    static func commissioner(_ c: Context) -> [NotificationDraft.Field] {
        let incident = c.incident
        var fields: [NotificationDraft.Field] = []
        fields.append(c.field("notifier", "Notifying organisation (data controller)", "Organisasi yang memberitahu (pengawal data)",
            c.organisation + "\n" + c.t("Case reference: ", "Rujukan kes: ") + incident.id))
        fields.append(c.field("contact", "Data protection officer or contact person", "Pegawai perlindungan data atau pegawai untuk dihubungi",
            incident.contact ?? c.toComplete("DPO name, business email and phone", "nama DPO, e-mel rasmi dan telefon")))
        fields.append(c.field("breachTime", "Date and time of the breach", "Tarikh dan masa pelanggaran",
            incident.anchor(.occurrence).map(c.local) ?? c.toComplete("estimated date and time of the breach", "anggaran tarikh dan masa pelanggaran")))
        fields.append(c.field("discoveryTime", "Date and time of discovery", "Tarikh dan masa pelanggaran diketahui",
            c.discovered.map(c.local) ?? c.toComplete("date and time of discovery", "tarikh dan masa pelanggaran diketahui")))
        fields.append(c.field("discoveryMethod", "How the breach was discovered", "Bagaimana pelanggaran diketahui",
            incident.facts.discoveryMethod ?? c.toComplete("how the breach was discovered", "bagaimana pelanggaran diketahui")))
        fields.append(c.field("nature", "Nature of the breach", "Jenis pelanggaran",
            incident.title + "\n" + incident.summary + "\n" + c.t("Severity: ", "Tahap keterukan: ") + incident.severity.rawValue))
        fields.append(c.field("chronology", "Cause and chronology of events", "Punca dan kronologi peristiwa", c.chronologyText))
        fields.append(c.field("dataCategories", "Categories of personal data involved", "Kategori data peribadi yang terlibat",
            c.classes.isEmpty ? c.toComplete("categories of personal data", "kategori data peribadi") : c.classLines(c.classes)))
        fields.append(c.field("sensitiveData", "Sensitive personal data involved", "Data peribadi sensitif yang terlibat",
            c.sensitive.isEmpty ? c.t("None identified so far.", "Tiada dikenal pasti setakat ini.") : c.classLines(c.sensitive)))
        fields.append(c.field("numbers", "Number of data subjects and records affected (estimate)", "Bilangan subjek data dan rekod yang terjejas (anggaran)", c.numbersText))
        fields.append(c.field("consequences", "Likely consequences", "Kesan yang mungkin", c.consequencesText))
        fields.append(c.field("measures", "Measures taken or proposed", "Langkah yang telah atau akan diambil", c.measuresText))
        fields.append(c.field("subjectsNotified", "Whether the data subjects have been notified", "Sama ada subjek data telah dimaklumkan", subjectsNotifiedText(c)))
        fields.append(c.field("otherAuthorities", "Other authorities informed", "Pihak berkuasa lain yang dimaklumkan", otherAuthoritiesText(c)))
        fields.append(c.field("lateFiling", "Reason for notifying after 72 hours", "Sebab pemberitahuan selepas 72 jam", lateFilingText(c)))
        fields.append(c.field("phasedInformation", "Information to follow", "Maklumat susulan",
            c.t("Information not yet known will be sent in phases, no later than 30 days after this notice.",
                "Maklumat yang belum diketahui akan dihantar secara berperingkat, tidak lewat daripada 30 hari selepas pemberitahuan ini.")))
        return fields
    }

    static func subjectsNotifiedText(_ c: Context) -> String {
        if let done = c.incident.anchor(.subjectsNotified) {
            return c.t("Yes, on ", "Ya, pada ") + c.local(done) + "."
        }
        if c.harm.significantHarm {
            return c.t("Not yet. The breach is likely to cause significant harm; the data subjects will be notified within 7 days of this notice (PDPA s.12B(2)).",
                       "Belum. Pelanggaran ini mungkin menyebabkan kemudaratan yang ketara; subjek data akan dimaklumkan dalam tempoh 7 hari selepas pemberitahuan ini (APDP s.12B(2)).")
        }
        return c.t("No. On the facts known, the breach is not likely to cause significant harm to the data subjects (DBN Guideline criteria (a) to (d) not met).",
                   "Tidak. Berdasarkan fakta yang diketahui, pelanggaran ini tidak mungkin menyebabkan kemudaratan yang ketara kepada subjek data (kriteria (a) hingga (d) Garis Panduan tidak dipenuhi).")
    }

    static func otherAuthoritiesText(_ c: Context) -> String {
        var lines: [String] = []
        if c.incident.facts.ncii {
            lines.append(c.t("NACSA and the sector lead, under the Cyber Security Act 2024 s.23 (NCII entity).",
                             "NACSA dan ketua sektor, di bawah Akta Keselamatan Siber 2024 s.23 (entiti NCII)."))
        }
        lines.append(c.toComplete("police report (PDRM), MCMC, Bank Negara Malaysia or another sector regulator, with dates",
                                  "laporan polis (PDRM), MCMC, Bank Negara Malaysia atau pengawal selia sektor lain, berserta tarikh"))
        return lines.joined(separator: "\n")
    }

    static func lateFilingText(_ c: Context) -> String {
        guard let start = c.earliestSignal else {
            return c.toComplete("the time the breach occurred or was discovered decides whether this notice is late",
                                "masa pelanggaran berlaku atau diketahui menentukan sama ada pemberitahuan ini lewat")
        }
        let deadline = start.addingTimeInterval(commissionerHours * 3600)
        let filed = c.incident.anchor(.regulatorNotified) ?? c.at
        if filed <= deadline {
            return c.t("Not applicable: within 72 hours (deadline ", "Tidak berkaitan: dalam tempoh 72 jam (tarikh akhir ") + c.local(deadline) + ")."
        }
        let hours = Int(filed.timeIntervalSince(start) / 3600)
        return c.t("This notice is sent \(hours) hours after the earliest reading of the breach time (deadline \(c.local(deadline))). Reason: ",
                   "Pemberitahuan ini dihantar \(hours) jam selepas bacaan terawal masa pelanggaran (tarikh akhir \(c.local(deadline))). Sebab: ")
            + c.toComplete("written reason with evidence (incident timeline, internal investigation records)",
                           "sebab bertulis berserta bukti (garis masa insiden, rekod siasatan dalaman)")
    }

    // MARK: - Data subjects (PDPA s.12B(2))

    static func dataSubject(_ c: Context) -> [NotificationDraft.Field] {
        let incident = c.incident
        var fields: [NotificationDraft.Field] = []
        let when = c.discovered.map { c.calendar.renderDate($0) }
        let opening = when.map { c.t("On \($0), \(c.organisation) learned that personal data it holds about you may have been exposed.",
                                       "Pada \($0), \(c.organisation) mendapati bahawa data peribadi anda yang disimpannya mungkin telah terdedah.") }
            ?? c.t("\(c.organisation) has learned that personal data it holds about you may have been exposed.",
                   "\(c.organisation) mendapati bahawa data peribadi anda yang disimpannya mungkin telah terdedah.")
        fields.append(c.field("heading", "Notice of a personal data breach", "Notis pelanggaran data peribadi",
            c.organisation + " · " + c.t("Reference ", "Rujukan ") + incident.id))
        fields.append(c.field("whatHappened", "What happened", "Apa yang berlaku", opening + "\n" + incident.summary))
        let plain = NotificationWording.plainList(c.classes + c.sensitive, c.language)
        fields.append(c.field("dataInvolved", "Which of your data may be involved", "Data anda yang mungkin terlibat",
            plain.isEmpty ? c.toComplete("the kinds of data involved", "jenis data yang terlibat") : plain.map { "- " + $0 }.joined(separator: "\n")))
        fields.append(c.field("consequences", "What this may mean for you", "Kesan yang mungkin kepada anda", c.consequences(toSubjects: true)))
        fields.append(c.field("measures", "What we have done", "Langkah yang telah kami ambil", c.measuresText))
        var steps = NotificationWording.adviceToSubjects(c.language, classes: c.classes + c.sensitive)
        if let advice = incident.facts.adviceToSubjects, !advice.isEmpty { steps.append(advice) }
        fields.append(c.field("whatToDo", "What you can do", "Apa yang boleh anda lakukan", steps.map { "- " + $0 }.joined(separator: "\n")))
        fields.append(c.field("contact", "Contact us", "Hubungi kami",
            c.t("Data Protection Officer, ", "Pegawai Perlindungan Data, ") + c.organisation + "\n"
                + (incident.contact ?? c.toComplete("DPO business email and phone", "e-mel rasmi dan telefon DPO"))))
        // The notice must not carry links: scam messages imitate breach notices.
        return fields.map { NotificationDraft.Field(key: $0.key, label: $0.label, text: NotificationWording.withoutLinks($0.text)) }
    }

    // MARK: - Breach register (DBN Guideline: kept at least 2 years)

    static func breachRegister(_ c: Context) -> [NotificationDraft.Field] {
        let incident = c.incident
        var fields: [NotificationDraft.Field] = []
        fields.append(c.field("entryDate", "Entry date", "Tarikh catatan", c.local(c.at)))
        fields.append(c.field("caseReference", "Case reference", "Rujukan kes", incident.id + " · " + incident.title))
        fields.append(c.field("breachTime", "Date and time of the breach", "Tarikh dan masa pelanggaran",
            incident.anchor(.occurrence).map(c.local) ?? c.toComplete("estimated date and time of the breach", "anggaran tarikh dan masa pelanggaran")))
        fields.append(c.field("discoveryTime", "Date and time of discovery", "Tarikh dan masa pelanggaran diketahui",
            c.discovered.map(c.local) ?? c.toComplete("date and time of discovery", "tarikh dan masa pelanggaran diketahui")))
        fields.append(c.field("facts", "Facts of the breach", "Fakta pelanggaran", incident.summary + "\n" + c.chronologyText))
        fields.append(c.field("dataInvolved", "Personal data involved and numbers", "Data peribadi yang terlibat dan bilangan",
            (c.classes + c.sensitive).isEmpty ? c.numbersText : c.classLines(c.classes + c.sensitive) + "\n" + c.numbersText))
        fields.append(c.field("effects", "Effects of the breach", "Kesan pelanggaran", c.consequencesText))
        fields.append(c.field("remedialAction", "Remedial action taken", "Tindakan pemulihan yang diambil", c.measuresText))
        let criteria = c.harm.criteria.map { "(\($0.letter)) " + ($0.met ? c.t("met", "dipenuhi") : c.t("not met", "tidak dipenuhi")) + ": " + c.criterionReason($0) }
        fields.append(c.field("harmAssessment", "Significant harm assessment (DBN Guideline criteria (a) to (e))", "Penilaian kemudaratan ketara (kriteria (a) hingga (e) Garis Panduan)",
            criteria.joined(separator: "\n")))
        var commissioner = c.t("Notify. PDPA s.12B(1) requires every personal data breach to be notified to the Commissioner within 72 hours.",
                               "Maklumkan. APDP s.12B(1) mewajibkan setiap pelanggaran data peribadi dimaklumkan kepada Pesuruhjaya dalam tempoh 72 jam.")
        if let sent = incident.anchor(.regulatorNotified) { commissioner += "\n" + c.t("Notified on ", "Dimaklumkan pada ") + c.local(sent) + "." }
        fields.append(c.field("decisionCommissioner", "Decision: notify the Commissioner", "Keputusan: memaklumkan Pesuruhjaya", commissioner))
        var subjects: String
        if c.harm.significantHarm {
            let met = c.harm.criteria.filter { $0.met && $0.letter != "e" }.map { "(\($0.letter))" }.joined(separator: ", ")
            subjects = c.t("Notify, within 7 days of the notice to the Commissioner. Reason: significant harm, criteria \(met) met.",
                           "Maklumkan, dalam tempoh 7 hari selepas pemberitahuan kepada Pesuruhjaya. Sebab: kemudaratan ketara, kriteria \(met) dipenuhi.")
        } else {
            subjects = c.t("Do not notify. Reason: none of criteria (a) to (d) is met on the facts known; scale alone (criterion (e)) obliges notice to the Commissioner only. Review if the facts change.",
                           "Tidak dimaklumkan. Sebab: tiada kriteria (a) hingga (d) dipenuhi berdasarkan fakta yang diketahui; skala sahaja (kriteria (e)) mewajibkan pemberitahuan kepada Pesuruhjaya sahaja. Semak semula jika fakta berubah.")
        }
        if let sent = incident.anchor(.subjectsNotified) { subjects += "\n" + c.t("Notified on ", "Dimaklumkan pada ") + c.local(sent) + "." }
        fields.append(c.field("decisionSubjects", "Decision: notify the data subjects", "Keputusan: memaklumkan subjek data", subjects))
        fields.append(c.field("decidedBy", "Recorded by", "Direkodkan oleh", c.by + " · " + c.organisation))
        let until = c.calendar.addYears(2, to: c.at)
        fields.append(c.field("retentionUntil", "Keep this entry until at least", "Simpan catatan ini sekurang-kurangnya hingga",
            c.calendar.renderDate(until) + c.t(" (2 years from the entry date, DBN Guideline).", " (2 tahun dari tarikh catatan, Garis Panduan DBN).")))
        return fields
    }

    // MARK: - NACSA (CSA 2024 s.23, Notification Regulations 2024)

    static func nacsaInitial(_ c: Context) -> [NotificationDraft.Field] {
        let incident = c.incident
        return [
            c.field("authorisedPerson", "Authorised person", "Orang yang diberi kuasa", c.toComplete("name and contact of the authorised person", "nama dan hubungan orang yang diberi kuasa")),
            c.field("entity", "NCII entity", "Entiti NCII", c.organisation),
            c.field("sector", "Sector", "Sektor", incident.facts.sector ?? c.toComplete("NCII sector", "sektor NCII")),
            c.field("sectorLead", "Sector lead", "Ketua sektor", c.toComplete("sector lead", "ketua sektor")),
            c.field("incidentType", "Type of incident", "Jenis insiden", c.toComplete("type of incident (e.g. data breach, ransomware)", "jenis insiden (cth. kebocoran data, perisian tebusan)")),
            c.field("description", "Description", "Penerangan", incident.title + "\n" + incident.summary),
            c.field("severity", "Severity", "Tahap keterukan", incident.severity.rawValue),
            c.field("discoveryTime", "Date and time of discovery", "Tarikh dan masa insiden diketahui",
                c.discovered.map(c.local) ?? c.toComplete("date and time of discovery", "tarikh dan masa insiden diketahui")),
            c.field("discoveryMethod", "Method of discovery", "Kaedah insiden diketahui",
                incident.facts.discoveryMethod ?? c.toComplete("method of discovery", "kaedah insiden diketahui")),
        ]
    }

    static func nacsaDetails(_ c: Context) -> [NotificationDraft.Field] {
        [
            c.field("affectedNCII", "Affected NCII", "NCII yang terjejas", c.toComplete("affected NCII systems", "sistem NCII yang terjejas")),
            c.field("estimatedHosts", "Estimated number of hosts affected", "Anggaran bilangan hos yang terjejas", c.toComplete("estimated number of hosts", "anggaran bilangan hos")),
            c.field("threatActor", "Threat actor", "Pelaku ancaman", c.toComplete("threat actor information", "maklumat pelaku ancaman")),
            c.field("artefacts", "Artefacts", "Artifak", c.toComplete("artefacts (indicators, samples, hashes)", "artifak (penunjuk, sampel, nilai cincang)")),
            c.field("relatedIncidents", "Related incidents and how they are linked", "Insiden berkaitan dan hubungannya", c.toComplete("related incidents", "insiden berkaitan")),
            c.field("ttps", "Tactics, techniques and procedures", "Taktik, teknik dan prosedur", c.toComplete("TTPs (MITRE ATT&CK)", "TTP (MITRE ATT&CK)")),
            c.field("impact", "Impact on the NCII and connected systems", "Kesan kepada NCII dan sistem yang berhubung", c.incident.facts.consequences ?? c.toComplete("impact", "kesan")),
            c.field("actionsTaken", "Actions taken", "Tindakan yang diambil", c.measuresText),
        ]
    }
}
