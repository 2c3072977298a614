import Foundation
import LeakTraceCore

/// Where the CLI writes besides stdout: progress and errors go to stderr.
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
    }

    static func warning(_ message: String) {
        FileHandle.standardError.write(Data(("warning: " + message + "\n").utf8))
    }

    /// A progress line; an empty message ends the progress output.
    static func status(_ message: String) {
        if message.isEmpty { return }
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

/// A failure of a command, printed as one `error:` line.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) {
        self.description = description
    }
}

/// Today's date in UTC, the default reference date and the bound for future dates.
enum Clock {
    static func today() -> CivilDate {
        let seconds = Int(Date().timeIntervalSince1970)
        return CivilDate(daysSinceEpoch: seconds / 86_400)
    }
}
