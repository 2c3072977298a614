import Foundation
import LeakTraceCore

/// A response playbook: steps that become a case's tasks. Playbooks are JSON data files; the
/// built-in ones are in the module's `Data/playbooks`, and users add their own in a directory
/// (a file with a built-in's id replaces it).
///
/// ```json
/// {"id": "data-leaked-for-sale", "title": "...", "description": "...", "source": "...",
///  "steps": [{"id": "intake", "phase": "intake", "title": "...", "detail": "...", "dueHours": 1}]}
/// ```
public struct Playbook: Codable, Sendable, Equatable, Identifiable {
    public struct Step: Codable, Sendable, Equatable {
        public var id: String
        public var phase: String
        public var title: String
        public var detail: String
        /// Hours after the awareness anchor by which the step should be done, if the playbook says.
        public var dueHours: Double?

        public init(id: String, phase: String, title: String, detail: String, dueHours: Double? = nil) {
            self.id = id
            self.phase = phase
            self.title = title
            self.detail = detail
            self.dueHours = dueHours
        }
    }

    public var id: String
    public var title: String
    public var description: String
    /// Where the steps come from (a standard, a case study).
    public var source: String?
    public var steps: [Step]
}

/// The playbooks available: built-ins plus a user directory.
public struct PlaybookCatalog: Sendable {
    public private(set) var playbooks: [Playbook]

    public init(playbooks: [Playbook]) {
        self.playbooks = playbooks
    }

    public func playbook(id: String) -> Playbook? { playbooks.first { $0.id == id } }

    /// The built-in playbooks, then every `*.json` in `userDirectory` (replacing a built-in of the same id).
    ///
    /// - Throws: `LeakTraceError` naming the file and what is wrong with it.
    public static func load(userDirectory: String? = nil) throws(LeakTraceError) -> PlaybookCatalog {
        var byID: [String: Playbook] = [:]
        var order: [String] = []
        func add(_ p: Playbook) {
            if byID[p.id] == nil { order.append(p.id) }
            byID[p.id] = p
        }
        guard let builtIn = Bundle.module.url(forResource: "Data", withExtension: nil)?.appendingPathComponent("playbooks").path else {
            throw LeakTraceError(.io, "the built-in playbooks are missing from the installation (Data/playbooks in the Incidents bundle)")
        }
        for p in try files(in: builtIn) { add(try parse(p)) }
        if let userDirectory {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: userDirectory, isDirectory: &isDir), isDir.boolValue else {
                throw LeakTraceError(.io, "the playbook directory does not exist", at: InputLocation(file: userDirectory))
            }
            for p in try files(in: userDirectory) { add(try parse(p)) }
        }
        return PlaybookCatalog(playbooks: order.compactMap { byID[$0] })
    }

    static func files(in dir: String) throws(LeakTraceError) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
            throw LeakTraceError(.io, "cannot list the playbook directory", at: InputLocation(file: dir))
        }
        return names.filter { $0.hasSuffix(".json") }.sorted().map { dir + "/" + $0 }
    }

    /// Reads and checks one playbook file.
    public static func parse(_ path: String) throws(LeakTraceError) -> Playbook {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LeakTraceError(.io, "cannot read the playbook", at: InputLocation(file: path))
        }
        let p: Playbook
        do { p = try JSONDecoder().decode(Playbook.self, from: data) } catch let DecodingError.keyNotFound(key, ctx) {
            throw LeakTraceError(.malformedInput, "missing field \(pathText(ctx.codingPath + [key])) (a playbook needs id, title, description and steps with id, phase, title, detail)", at: InputLocation(file: path))
        } catch let DecodingError.typeMismatch(_, ctx) {
            throw LeakTraceError(.malformedInput, "wrong type at \(pathText(ctx.codingPath)): \(ctx.debugDescription)", at: InputLocation(file: path))
        } catch let DecodingError.valueNotFound(_, ctx) {
            throw LeakTraceError(.malformedInput, "null at \(pathText(ctx.codingPath))", at: InputLocation(file: path))
        } catch {
            throw LeakTraceError(.malformedInput, "not a JSON playbook (expected one JSON object)", at: InputLocation(file: path))
        }
        guard !p.id.isEmpty, p.id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw LeakTraceError(.malformedInput, "id must be letters, digits and dashes", at: InputLocation(file: path))
        }
        guard !p.steps.isEmpty else {
            throw LeakTraceError(.malformedInput, "a playbook needs at least one step", at: InputLocation(file: path))
        }
        var seen: Set<String> = []
        for (i, s) in p.steps.enumerated() {
            guard seen.insert(s.id).inserted else {
                throw LeakTraceError(.malformedInput, "steps[\(i)]: step id \(s.id) appears twice", at: InputLocation(file: path))
            }
            if let d = s.dueHours, !(d >= 0 && d.isFinite) {
                throw LeakTraceError(.malformedInput, "steps[\(i)].dueHours must be a number of hours >= 0", at: InputLocation(file: path))
            }
        }
        return p
    }

    static func pathText(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }
}
