import Durable
import Foundation
import JSON

extension OutputState {
    /// Reads and hashes the file at `path` and classifies it: missing, present, damaged or
    /// unreadable. Always hashes: a size-and-mtime shortcut can lie.
    ///
    /// Only a notebook can be damaged (empty, not JSON, not nbformat 4): any other file that
    /// differs from what skillhost wrote is a person's edit, never something to repair
    /// silently. Bytes equal to `recordedSHA256` are skillhost's own and need no decoding.
    public static func inspect(fileAt path: String, isNotebook: Bool = true, recordedSHA256: String? = nil)
        -> OutputState
    {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .missing
        }
        if isDirectory.boolValue { return .unreadable(reason: "a folder is in its place") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? "it cannot be read"
            return .unreadable(reason: reason)
        }
        let sha256 = SHA256.hash(data).hex
        guard isNotebook, sha256 != recordedSHA256 else { return .present(sha256: sha256) }
        if let damage = notebookDamage(data) { return .damaged(sha256: sha256, reason: damage) }
        return .present(sha256: sha256)
    }

    /// Why `data` is not a usable notebook (`empty`, `not JSON`, `not an nbformat 4 notebook`),
    /// or nil when it is one.
    public static func notebookDamage(_ data: Data) -> String? {
        if data.isEmpty { return "empty" }
        guard let notebook = try? JSONCoding.decode(data) else { return "not JSON" }
        guard notebook["nbformat"]?.intValue == 4, notebook["cells"]?.arrayValue != nil else {
            return "not an nbformat 4 notebook"
        }
        return nil
    }
}
