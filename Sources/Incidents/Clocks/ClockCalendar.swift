import Foundation

/// Deadline arithmetic in one IANA time zone.
///
/// - Hours are elapsed time: 72 h across a DST change are 72 real hours, so the local wall-clock
///   deadline moves by the DST shift.
/// - Calendar days keep the anchor's wall-clock time on the target day (DST-correct), or, with
///   `endOfDay`, end at 23:59:59 local on the last day.
/// - Business days skip Saturday and Sunday; public holidays are not modelled.
public struct ClockCalendar: Sendable {
    public let timeZone: TimeZone
    private let calendar: Calendar

    /// - Parameter timeZoneID: an IANA id; an unknown id falls back to Asia/Kuala_Lumpur (the
    ///   case default), then to UTC.
    public init(timeZoneID: String) {
        let zone = TimeZone(identifier: timeZoneID) ?? TimeZone(identifier: "Asia/Kuala_Lumpur") ?? TimeZone(secondsFromGMT: 0) ?? .current
        self.timeZone = zone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        self.calendar = calendar
    }

    /// The deadline `duration` units after `anchor`.
    public func deadline(from anchor: Date, duration: Int, unit: ClockDefinition.Unit, endOfDay: Bool) -> Date {
        switch unit {
        case .hours:
            return anchor.addingTimeInterval(TimeInterval(duration) * 3600)
        case .calendarDays:
            let day = addDays(duration, to: anchor)
            return endOfDay ? self.endOfDay(day) : day
        case .businessDays:
            var day = anchor
            var counted = 0
            while counted < duration {
                day = addDays(1, to: day)
                if !isWeekend(day) { counted += 1 }
            }
            return endOfDay ? self.endOfDay(day) : day
        }
    }

    /// Saturday or Sunday in this time zone.
    public func isWeekend(_ date: Date) -> Bool {
        let weekday = calendar.component(.weekday, from: date)
        return weekday == 1 || weekday == 7
    }

    /// `2026-03-05 19:00 +08:00`: the local wall-clock time and the UTC offset in force then.
    public func render(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let offset = timeZone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        let wall = String(format: "%04d-%02d-%02d %02d:%02d ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
        return wall + sign + String(format: "%02d:%02d", magnitude / 3600, (magnitude % 3600) / 60)
    }

    /// `2026-03-05`: the local calendar date.
    public func renderDate(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// `date` moved by whole calendar years (for retention periods).
    public func addYears(_ years: Int, to date: Date) -> Date {
        calendar.date(byAdding: .year, value: years, to: date) ?? date.addingTimeInterval(TimeInterval(years) * 365.25 * 86_400)
    }

    // MARK: - Private

    private func addDays(_ days: Int, to date: Date) -> Date {
        // Foundation keeps the wall-clock time and resolves a nonexistent (spring-forward) time
        // to the next valid instant.
        calendar.date(byAdding: .day, value: days, to: date) ?? date.addingTimeInterval(TimeInterval(days) * 86_400)
    }

    private func endOfDay(_ date: Date) -> Date {
        let start = calendar.startOfDay(for: date)
        let next = calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
        return next.addingTimeInterval(-1)
    }
}
