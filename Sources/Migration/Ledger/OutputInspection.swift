import Durable
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
        let bytes: [UInt8]
        do {
            switch try FileContents.read(path) {
            case .missing: return .missing
            case .directory: return .unreadable(reason: "a folder is in its place")
            case .special: return .unreadable(reason: "something that is not a file (a FIFO, a device) is in its place")
            case .bytes(let contents): bytes = contents
            }
        } catch {
            return .unreadable(reason: error.message)
        }
        let sha256 = SHA256.hash(bytes).hex
        guard isNotebook, sha256 != recordedSHA256 else { return .present(sha256: sha256) }
        if let damage = notebookDamage(bytes) { return .damaged(sha256: sha256, reason: damage) }
        return .present(sha256: sha256)
    }

    /// Why `bytes` do not make a usable notebook (`empty`, `not JSON`, `not an nbformat 4
    /// notebook`), or nil when they do.
    private static func notebookDamage(_ bytes: [UInt8]) -> String? {
        if bytes.isEmpty { return "empty" }
        guard let notebook = try? JSONParser.parse(bytes) else { return "not JSON" }
        guard notebook["nbformat"]?.intValue == 4, notebook["cells"]?.arrayValue != nil else {
            return "not an nbformat 4 notebook"
        }
        return nil
    }
}
