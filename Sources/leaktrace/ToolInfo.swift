import Identifiers
import Triage

/// Version and pinned data versions, printed by `--version` (spec: print the data versions).
enum ToolInfo {
    static let version = "0.1.0"

    static var stamp: ScanReport.ToolStamp {
        ScanReport.ToolStamp(name: "leaktrace", version: version, dataVersions: PhoneMetadata.dataVersions)
    }

    static var versionText: String {
        var lines = ["leaktrace \(version)", "data:"]
        for (key, value) in PhoneMetadata.dataVersions.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(key): \(value)")
        }
        return lines.joined(separator: "\n")
    }
}
