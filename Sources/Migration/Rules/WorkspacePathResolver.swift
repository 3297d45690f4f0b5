/// Resolves `%run` and `notebook.run` targets to absolute, normalised workspace paths (no
/// extension), relative to the *calling* notebook's folder (ucx#1287, ucx#3704).
///
/// Paths are split on `/` bytes, as the file system splits them.
enum WorkspacePathResolver {
    private static let workspaceSegment = Array("Workspace".utf8)
    private static let droppedExtensions = [".ipynb", ".py"].map { Array($0.utf8) }

    /// `./lib/setup` from `/Users/a/etl/x` → `/Users/a/etl/lib/setup`; `/Workspace/Users/a/y` →
    /// `/Users/a/y`. `..` above the root stays at the root. A `.ipynb` or `.py` extension is
    /// dropped (workspace notebooks have none). `nil` for an empty target or the root itself.
    static func resolve(_ target: String, from callerWorkspacePath: String) -> String? {
        var target = target.utf8[...]
        while target.count > 1 && target.last == ByteText.slash { target.removeLast() }
        guard !target.isEmpty, !(target.count == 1 && target.first == ByteText.slash) else { return nil }
        var joined: [UInt8] = []
        joined.reserveCapacity(callerWorkspacePath.utf8.count + target.count + 1)
        if target.first != ByteText.slash {
            // The caller's folder: `/Users/a/etl/x` → `/Users/a/etl`.
            let caller = callerWorkspacePath.utf8
            if let slash = caller.lastIndex(of: ByteText.slash) { joined.append(contentsOf: caller[..<slash]) }
            joined.append(ByteText.slash)
        }
        joined.append(contentsOf: target)
        var segments: [Range<Int>] = []
        segments.reserveCapacity(16)
        var start = 0
        for end in 0...joined.count where end == joined.count || joined[end] == ByteText.slash {
            let segment = start..<end
            start = end + 1
            if segment.isEmpty || ByteText.equals(joined, segment, [ByteText.dot]) { continue }
            if ByteText.equals(joined, segment, [ByteText.dot, ByteText.dot]) {
                _ = segments.popLast()
            } else {
                segments.append(segment)
            }
        }
        if segments.count > 1 && ByteText.equals(joined, segments[0], workspaceSegment) { segments.removeFirst() }
        guard var last = segments.popLast() else { return nil }
        for suffix in droppedExtensions
        where last.count > suffix.count && ByteText.hasPrefix(joined, at: last.upperBound - suffix.count, suffix) {
            last = last.lowerBound..<(last.upperBound - suffix.count)
            break
        }
        segments.append(last)
        var path: [UInt8] = []
        path.reserveCapacity(joined.count + 1)
        for segment in segments {
            path.append(ByteText.slash)
            path.append(contentsOf: joined[segment])
        }
        return ByteText.string(path)
    }

    /// A target that is already an AIDP path written by a migration: an absolute `/Workspace/…`
    /// path ending in `.ipynb` (Databricks targets never carry the extension). Left alone, so
    /// re-migrating a migrated notebook changes nothing.
    static func isMigratedTarget(_ target: String) -> Bool {
        target.hasPrefix("/Workspace/") && target.hasSuffix(".ipynb")
    }
}
