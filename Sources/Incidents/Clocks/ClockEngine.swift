import Foundation

/// Computes every applicable regulatory clock of a case: deadline, local rendering, state and time
/// left (issue 8 item 4).
///
/// Regimes come from the case's `regimeIDs`, or, when that is empty, from each auto-selected
/// regime's applicability predicate over the case facts. A clock's own predicate is always
/// evaluated (the PDPA data-subject clock needs significant harm even when the case names PDPA).
public struct ClockEngine: Sendable {
    public let catalog: RegimeCatalog

    public init(catalog: RegimeCatalog) {
        self.catalog = catalog
    }

    /// The regimes that apply to a case: the named ones (unknown ids are skipped), or those whose
    /// facts-based predicate holds.
    public func regimes(for incident: IncidentCase) -> [Regime] {
        if !incident.regimeIDs.isEmpty {
            return incident.regimeIDs.compactMap { catalog.regime(id: $0) }
        }
        return catalog.regimes.filter { $0.autoSelect && $0.applicability.holds(for: incident.facts) }
    }

    /// The status of every applicable clock at `now`, in regime then clock order.
    /// - Parameters:
    ///   - incident: the case (anchors, time zone, facts, regime ids).
    ///   - now: the moment to evaluate at.
    ///   - completions: when filings without a completion anchor were done, keyed by
    ///     `regimeID/clockID` or by the bare clock id.
    public func clocks(for incident: IncidentCase, now: Date, completions: [String: Date] = [:]) -> [ClockStatus] {
        let calendar = ClockCalendar(timeZoneID: incident.timeZone)
        var result: [ClockStatus] = []
        for regime in regimes(for: incident) {
            for clock in regime.clocks where clock.applicability.holds(for: incident.facts) {
                let completed = completions[clock.qualifiedID(in: regime)] ?? completions[clock.id] ?? clock.completion.flatMap { incident.anchor($0) }
                result.append(status(of: clock, in: regime, incident: incident, calendar: calendar, now: now, completedAt: completed))
            }
        }
        return result
    }

    // MARK: - Private

    private func status(of clock: ClockDefinition, in regime: Regime, incident: IncidentCase, calendar: ClockCalendar, now: Date, completedAt: Date?) -> ClockStatus {
        let zoneName = " " + calendar.timeZone.identifier
        var readings: [ClockStatus.Reading] = clock.anchors.compactMap { anchor in
            guard let start = incident.anchor(anchor) else { return nil }
            let deadline = clock.duration.map { calendar.deadline(from: start, duration: $0, unit: clock.unit ?? .hours, endOfDay: clock.endOfDay) }
            let local = deadline.map { calendar.render($0) + zoneName } ?? ((clock.deadlineText ?? "without undue delay") + " after " + anchor.rawValue + " " + calendar.render(start))
            return ClockStatus.Reading(anchor: anchor, anchorTime: start, deadline: deadline, deadlineLocal: local)
        }
        readings.sort { ($0.deadline ?? $0.anchorTime) < ($1.deadline ?? $1.anchorTime) }

        var status = ClockStatus(
            regimeID: regime.id, regimeName: regime.name, clockID: clock.id, title: clock.title, recipient: clock.recipient,
            stage: clock.stage, deadline: nil, deadlineLocal: "", state: .notStarted, remaining: nil, anchorUsed: nil,
            readings: readings, completedAt: completedAt, pausable: clock.pausable, reference: clock.reference, status: clock.status
        )

        guard let worst = readings.first else {
            status.state = completedAt == nil ? .notStarted : .met
            status.deadlineLocal = "not started: awaiting " + clock.anchors.map(\.rawValue).joined(separator: " or ")
            return status
        }
        status.anchorUsed = worst.anchor
        status.deadline = worst.deadline
        status.deadlineLocal = worst.deadlineLocal

        guard let deadline = worst.deadline else {
            if completedAt != nil {
                status.state = .met
            } else {
                status.state = clock.stage == .immediate ? .dueSoon : .running
            }
            return status
        }
        if let completedAt {
            status.remaining = deadline.timeIntervalSince(completedAt)
            status.state = completedAt <= deadline ? .met : .metLate
            return status
        }
        let left = deadline.timeIntervalSince(now)
        status.remaining = left
        if left < 0 {
            status.state = .overdue
        } else {
            let period = deadline.timeIntervalSince(worst.anchorTime)
            status.state = (left < 12 * 3600 || left < 0.25 * period) ? .dueSoon : .running
        }
        return status
    }
}
