/// Version and pinned data versions, printed by `--version` (spec: print the data versions).
enum ToolInfo {
    static let version = "0.1.0"
    static var versionText: String {
        """
        leaktrace \(version)
        """
    }
}
