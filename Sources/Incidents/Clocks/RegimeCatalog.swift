import Foundation
import LeakTraceCore

/// The notification regimes known to the clock engine: the built-in files in `Data/regimes/`
/// plus a user directory, where a file with the same id replaces the built-in regime.
public struct RegimeCatalog: Sendable {
    /// Built-ins in file-name order, then user regimes that add a new id.
    public var regimes: [Regime]

    public init(regimes: [Regime]) {
        self.regimes = regimes
    }

    public func regime(id: String) -> Regime? {
        regimes.first { $0.id == id }
    }

    /// Loads the built-in regimes and, if given, every `*.json` in `userDirectory`.
    /// - Parameter userDirectory: a directory of regime files; `nil` for the built-ins only.
    /// - Returns: the merged catalog (a user regime with a built-in's id replaces it in place).
    /// - Throws: `LeakTraceError` naming the file and the JSON path of the first problem.
    public static func load(userDirectory: String?) throws -> RegimeCatalog {
        guard let data = Bundle.module.url(forResource: "Data", withExtension: nil) else {
            throw LeakTraceError(.io, "the built-in data directory is missing from the Incidents bundle")
        }
        var regimes = try loadDirectory(data.appendingPathComponent("regimes"))
        if let userDirectory {
            for user in try loadDirectory(URL(fileURLWithPath: userDirectory)) {
                if let index = regimes.firstIndex(where: { $0.id == user.id }) {
                    regimes[index] = user
                } else {
                    regimes.append(user)
                }
            }
        }
        return RegimeCatalog(regimes: regimes)
    }

    /// Every `*.json` file of a directory, in name order. Two files with one id are an error.
    public static func loadDirectory(_ directory: URL) throws -> [Regime] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw LeakTraceError(.io, "cannot list the regime directory", at: InputLocation(file: directory.path), cause: error)
        }
        var regimes: [Regime] = []
        var files: [String: String] = [:]
        for name in names.filter({ $0.hasSuffix(".json") }).sorted() {
            let path = directory.appendingPathComponent(name).path
            let bytes: Data
            do {
                bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw LeakTraceError(.io, "cannot read the regime file", at: InputLocation(file: path), cause: error)
            }
            let regime = try decode(bytes, file: path)
            if let earlier = files[regime.id] {
                throw LeakTraceError(.invalidArgument, "id: '\(regime.id)' is also the id of \(earlier)", at: InputLocation(file: path))
            }
            files[regime.id] = name
            regimes.append(regime)
        }
        return regimes
    }

    /// Decodes and checks one regime file.
    /// - Throws: `LeakTraceError(.malformedInput)` with a message that starts with the JSON path
    ///   (`clocks[1].unit: unknown value 'weeks' ...`) and the file as location.
    public static func decode(_ bytes: Data, file: String) throws -> Regime {
        let location = InputLocation(file: file)
        let regime: Regime
        do {
            regime = try JSONDecoder().decode(Regime.self, from: bytes)
        } catch let error as DecodingError {
            throw LeakTraceError(.malformedInput, describe(error), at: location, cause: error)
        } catch {
            throw LeakTraceError(.malformedInput, "not a regime file", at: location, cause: error)
        }
        if let problem = problems(in: regime).first {
            throw LeakTraceError(.malformedInput, problem, at: location)
        }
        return regime
    }

    // MARK: - Checks

    /// Semantic problems, each starting with its JSON path.
    static func problems(in regime: Regime) -> [String] {
        var found: [String] = []
        if !isSlug(regime.id) { found.append("id: '\(regime.id)' must be lower-case letters, digits and dashes") }
        if regime.jurisdiction.isEmpty { found.append("jurisdiction: must not be empty") }
        if regime.clocks.isEmpty { found.append("clocks: a regime needs at least one clock") }
        if let register = regime.register, register.retentionYears < 1 { found.append("register.retentionYears: must be at least 1") }
        var seen: Set<String> = []
        for (index, clock) in regime.clocks.enumerated() {
            let path = "clocks[\(index)]"
            if !isSlug(clock.id) { found.append("\(path).id: '\(clock.id)' must be lower-case letters, digits and dashes") }
            if !seen.insert(clock.id).inserted { found.append("\(path).id: '\(clock.id)' is used by an earlier clock") }
            if clock.anchors.isEmpty { found.append("\(path).anchor: needs at least one anchor") }
            switch (clock.duration, clock.unit) {
            case (let duration?, _) where duration < 0:
                found.append("\(path).duration: must not be negative")
            case (.some, nil):
                found.append("\(path).unit: required with a duration (hours, calendarDays or businessDays)")
            case (nil, .some):
                found.append("\(path).duration: required with a unit")
            case (nil, nil) where clock.deadlineText == nil:
                found.append("\(path).deadlineText: required when there is no duration (e.g. \"without undue delay\")")
            default:
                break
            }
            if clock.endOfDay && clock.unit == .hours { found.append("\(path).endOfDay: only for calendarDays or businessDays") }
            if let completion = clock.completion, clock.anchors.contains(completion) {
                found.append("\(path).completion: '\(completion.rawValue)' is also the clock's anchor")
            }
        }
        return found
    }

    private static func isSlug(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }

    /// `clocks[1].unit: unknown value 'weeks' (expected ...)`.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text.isEmpty ? "(top level)" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            return (parent == "(top level)" ? key.stringValue : parent + "." + key.stringValue) + ": required key is missing"
        case .typeMismatch(let type, let context):
            return path(context.codingPath) + ": expected \(typeName(type))"
        case .valueNotFound(let type, let context):
            return path(context.codingPath) + ": expected \(typeName(type)), found null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "(top level): not valid JSON" }
            return path(context.codingPath) + ": " + context.debugDescription
        @unknown default:
            return "not a regime file"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "an integer"
        case is Bool.Type: "true or false"
        case is [Any].Type: "a list"
        default: "an object"
        }
    }
}
