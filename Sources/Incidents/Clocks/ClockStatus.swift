import Foundation

/// One applicable clock of a case at a moment: its deadline, state and time left.
public struct ClockStatus: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable, CaseIterable {
        /// The start event is not recorded yet.
        case notStarted
        /// Started, more than 25 % and 12 h left (or no fixed deadline).
        case running
        /// Less than 25 % of the period or less than 12 h left; also a started "immediately" clock.
        case dueSoon
        /// Past the deadline and not done.
        case overdue
        /// Done on or before the deadline.
        case met
        /// Done after the deadline.
        case metLate

        /// Done, on time or not.
        public var isDone: Bool { self == .met || self == .metLate }
    }

    /// The deadline one recorded anchor gives. When a clock has several anchors ("earliest of"),
    /// every recorded one is shown, so the DPO sees both readings of an ambiguous rule.
    public struct Reading: Sendable, Equatable, Codable {
        public var anchor: ClockAnchor
        public var anchorTime: Date
        public var deadline: Date?
        public var deadlineLocal: String
    }

    public var regimeID: String
    public var regimeName: String
    public var clockID: String
    public var title: String
    public var recipient: String
    public var stage: ClockDefinition.Stage
    /// The worst-case (earliest) deadline; `nil` when not started or when the law sets no fixed
    /// duration.
    public var deadline: Date?
    /// The deadline in the case's time zone (`2026-03-05 19:00 +08:00 Asia/Kuala_Lumpur`), or what
    /// the law says (`without undue delay`), or `not started: awaiting awareness`.
    public var deadlineLocal: String
    public var state: State
    /// Seconds left until the deadline (negative: overdue by that much). For a done clock: the
    /// margin at completion (negative: late by that much). `nil` without a deadline.
    public var remaining: TimeInterval?
    /// The anchor that gave the deadline (the earliest reading).
    public var anchorUsed: ClockAnchor?
    /// Every recorded reading, earliest deadline first.
    public var readings: [Reading]
    /// When the filing was done, if recorded.
    public var completedAt: Date?
    public var pausable: Bool
    public var reference: String
    public var status: VerificationStatus

    /// `regimeID/clockID`.
    public var qualifiedID: String { regimeID + "/" + clockID }

    /// `2 d 3 h left`, `5 h 10 min overdue`, `met`, `not started`: for `case list` columns.
    public var summary: String {
        switch state {
        case .notStarted: return "not started"
        case .met: return "met"
        case .metLate: return "met late" + (remaining.map { " (" + Self.span(-$0) + " late)" } ?? "")
        case .overdue: return remaining.map { Self.span(-$0) + " overdue" } ?? "overdue"
        case .running, .dueSoon: return remaining.map { Self.span($0) + " left" } ?? deadlineLocal
        }
    }

    /// `2 d 3 h`, `5 h 10 min`, `40 min`.
    public static func span(_ seconds: TimeInterval) -> String {
        let minutes = Int((max(0, seconds) / 60).rounded(.down))
        let days = minutes / 1440
        let hours = (minutes % 1440) / 60
        let mins = minutes % 60
        if days > 0 { return "\(days) d \(hours) h" }
        if hours > 0 { return "\(hours) h \(mins) min" }
        return "\(mins) min"
    }
}

extension Array where Element == ClockStatus {
    /// The clock a `case list` row should show: the most overdue one, else the open clock with the
    /// earliest deadline, else an open clock without a fixed deadline; `nil` when all are done or
    /// not started.
    public var mostUrgent: ClockStatus? {
        let open = filter { !$0.state.isDone && $0.state != .notStarted }
        if let overdue = open.filter({ $0.state == .overdue }).min(by: { ($0.remaining ?? 0) < ($1.remaining ?? 0) }) { return overdue }
        if let dated = open.filter({ $0.deadline != nil }).min(by: { ($0.deadline ?? .distantFuture) < ($1.deadline ?? .distantFuture) }) { return dated }
        return open.first
    }
}
