import Foundation
import Mustache

/// Loads Mustache templates from a folder once, at startup, failing fast (STYLE §4.12): the
/// citizen page and the case UI each take the files they own.
enum TemplateFolder {
    /// Registers every `*.mustache` file of `directory` whose name passes `include`, then checks
    /// that every page in `required` is there.
    /// - Throws: `CitizenViewError` naming the folder or the file that cannot be read or parsed.
    static func load(_ directory: String, include: (String) -> Bool = { _ in true }, required: [String]) throws -> MustacheLibrary {
        var library = MustacheLibrary()
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".mustache") && include($0) }
        } catch {
            throw CitizenViewError(message: "cannot list the templates folder")
        }
        for file in files {
            let name = String(file.dropLast(".mustache".count))
            guard let data = FileManager.default.contents(atPath: directory + "/" + file) else {
                throw CitizenViewError(message: "cannot read template \(file)")
            }
            do {
                try library.register(String(decoding: data, as: UTF8.self), named: name)
            } catch {
                throw CitizenViewError(message: "template \(file) does not parse: \(error)")
            }
        }
        for page in required where library.getTemplate(named: page) == nil {
            throw CitizenViewError(message: "template \(page).mustache is missing")
        }
        return library
    }
}
