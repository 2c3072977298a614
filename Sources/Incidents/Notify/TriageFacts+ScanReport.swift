import Foundation
import LeakTraceCore

extension TriageFacts {
    /// Reads the counts a notification needs from a `leaktrace scan --json` report
    /// (schema `leaktrace.scan/1`): unique persons, records, data classes and sensitive classes
    /// with their counts. The report holds masked examples per column; none of them is read.
    ///
    /// - Throws: `LeakTraceError` `.malformedInput` when the bytes are not such a report.
    public static func fromScanReport(_ data: Data, file: String) throws(LeakTraceError) -> TriageFacts {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let schema = root["schema"] as? String, schema.hasPrefix("leaktrace.scan/") else {
            throw LeakTraceError(.malformedInput, "not a triage report (expected the JSON of `leaktrace scan --json`, schema leaktrace.scan/1)", at: InputLocation(file: file))
        }
        let totals = root["totals"] as? [String: Any] ?? [:]
        let classes = (root["dataClasses"] as? [[String: Any]] ?? []).compactMap { c -> ClassCount? in
            guard let type = c["type"] as? String else { return nil }
            return ClassCount(dataClass: type, count: c["occurrences"] as? Int ?? 0)
        }
        let sensitive = (root["sensitiveClasses"] as? [[String: Any]] ?? []).compactMap { c -> ClassCount? in
            guard let category = c["category"] as? String else { return nil }
            return ClassCount(dataClass: category, count: c["filledCells"] as? Int ?? 0)
        }
        return TriageFacts(subjects: totals["uniquePersons"] as? Int, records: totals["records"] as? Int, dataClasses: classes, sensitiveClasses: sensitive)
    }
}
