import Foundation

/// A small secret kept in a file of its own (index key, investigation key, signing key):
/// created with mode 0600 in a 0700 directory, never overwritten, read with a message that names
/// the file and how to make one, never the contents.
public enum SecretFile {
    /// The file's text. `what` names the secret in errors ("the index key"); `hint` says how to make one.
    public static func read(_ path: String, what: String, hint: String) throws(LeakTraceError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw LeakTraceError(.io, "cannot read \(what): \(path) (\(hint))", at: InputLocation(file: path))
        }
    }

    /// Writes a new secret file with mode 0600; refuses to overwrite one (`refusal` says why).
    public static func create(at path: String, contents: String, refusal: String) throws(LeakTraceError) {
        let fm = FileManager.default
        if fm.fileExists(atPath: path) {
            throw LeakTraceError(.invalidArgument, "\(path) exists; \(refusal)")
        }
        let dir = (path as NSString).deletingLastPathComponent
        do {
            if !dir.isEmpty { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) }
            guard fm.createFile(atPath: path, contents: Data(contents.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw LeakTraceError(.io, "cannot create \(path)")
            }
        } catch let e as LeakTraceError {
            throw e
        } catch {
            throw LeakTraceError(.io, "cannot create \(path): \(error.localizedDescription)")
        }
    }
}
