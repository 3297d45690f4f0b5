/// Resolves `%run` and `notebook.run` targets to absolute, normalised workspace paths (no
/// extension), relative to the *calling* notebook's folder (ucx#1287, ucx#3704).
enum WorkspacePathResolver {
    /// `/Users/a/etl/x` → `/Users/a/etl`.
    static func folder(of workspacePath: String) -> String {
        guard let slash = workspacePath.lastIndex(of: "/") else { return "/" }
        let folder = String(workspacePath[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    /// `./lib/setup` from `/Users/a/etl/x` → `/Users/a/etl/lib/setup`; `/Workspace/Users/a/y` →
    /// `/Users/a/y`. `..` above the root stays at the root. A `.ipynb` or `.py` extension is
    /// dropped (workspace notebooks have none). `nil` for an empty target or the root itself.
    static func resolve(_ target: String, from callerWorkspacePath: String) -> String? {
        var target = target
        while target.count > 1 && target.hasSuffix("/") { target.removeLast() }
        guard !target.isEmpty, target != "/" else { return nil }
        var segments: [Substring] = []
        let joined: String
        if target.hasPrefix("/") {
            joined = target
        } else {
            joined = folder(of: callerWorkspacePath) + "/" + target
        }
        for segment in joined.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        if segments.first == "Workspace" && segments.count > 1 { segments.removeFirst() }
        guard var last = segments.popLast() else { return nil }
        for suffix in [".ipynb", ".py"] where last.hasSuffix(suffix) && last.count > suffix.count {
            last = last.dropLast(suffix.count)
            break
        }
        segments.append(last)
        return "/" + segments.joined(separator: "/")
    }

    /// A target that is already an AIDP path written by a migration: an absolute `/Workspace/…`
    /// path ending in `.ipynb` (Databricks targets never carry the extension). Left alone, so
    /// re-migrating a migrated notebook changes nothing.
    static func isMigratedTarget(_ target: String) -> Bool {
        target.hasPrefix("/Workspace/") && target.hasSuffix(".ipynb")
    }
}
