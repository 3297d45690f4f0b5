/// P-01..P-06: paths inside string literals (and SQL back-quoted identifiers). Each path gets at
/// most one rewrite, which is a prefix swap, and a rewritten path never matches again: the rules
/// are idempotent.
enum PathRules {
    private enum Kind {
        case dbfs(tail: String)
        case mount
        case cloud
        case volume(path: String)
        case datasets
    }

    private static let cloudSchemes = [
        "s3://", "s3a://", "s3n://", "abfss://", "abfs://", "wasbs://", "wasb://", "gs://",
    ]
    private static let workspaceRoots = ["/Workspace/", "/Repos/", "/Users/", "/Shared/"]

    /// Rewrites the paths in `bytes[content]`.
    static func rewrite(
        _ bytes: [UInt8], content: Range<Int>, interpolated: Bool, environment: RuleEnvironment, log: inout FindingLog,
        edits: inout [TextEdit]
    ) {
        guard content.count >= 4 else { return }
        if !interpolated,
            rewriteWorkspacePath(bytes, content: content, environment: environment, log: &log, edits: &edits)
        {
            return
        }
        var index = content.lowerBound
        while index < content.upperBound {
            let byte = bytes[index]
            let atBoundary = index == content.lowerBound || isBoundary(bytes[index - 1])
            guard atBoundary,
                byte == ByteText.slash || byte == UInt8(ascii: "d") || byte == UInt8(ascii: "s")
                    || byte == UInt8(ascii: "a") || byte == UInt8(ascii: "w") || byte == UInt8(ascii: "g")
            else {
                index += 1
                continue
            }
            var end = index
            while end < content.upperBound && !isTerminator(bytes[end], interpolated: interpolated) { end += 1 }
            let path = ByteText.string(bytes, index..<end)
            if let replacement = rewrite(path, environment: environment, log: &log) {
                edits.append(TextEdit(index..<end, replacement))
            }
            index = max(end, index + 1)
        }
    }

    /// The rewritten path, or `nil` to leave it.
    private static func rewrite(_ path: String, environment: RuleEnvironment, log: inout FindingLog) -> String? {
        guard let kind = classify(path) else { return nil }
        switch kind {
        case .dbfs(let tail):
            if let mapped = mapped(
                [path, "dbfs:" + tail, "/dbfs" + tail] + (tail.hasPrefix("/FileStore") ? [tail] : []), environment)
            {
                log.review("P-02", "DBFS path \(path) → \(mapped) (path map): check the data is there")
                return mapped
            }
            let config = environment.context.config
            let result = "/Volumes/\(config.dbfsVolumeCatalog)/\(config.dbfsVolumeSchema)/dbfs" + tail
            log.review(
                "P-02", "DBFS path \(path) → \(result) (default volume): copy the data there or add a pathMap entry")
            return result
        case .mount:
            let tail =
                path.hasPrefix("dbfs:")
                ? String(path.dropFirst(5)) : path.hasPrefix("/dbfs/") ? String(path.dropFirst(5)) : path
            if let mapped = mapped([path, tail, "dbfs:" + tail, "/dbfs" + tail], environment) {
                log.safe("P-03", "mount path \(path) → \(mapped)")
                return mapped
            }
            log.flag("P-03", FlagCode.pathUnmapped, "mount path \(path) has no pathMap entry")
            return nil
        case .cloud:
            var candidates = [path]
            for scheme in ["s3a://", "s3n://"] where path.hasPrefix(scheme) {
                candidates.append("s3://" + path.dropFirst(scheme.count))
            }
            if let mapped = mapped(candidates, environment) {
                log.safe("P-04", "object storage path \(path) → \(mapped)")
                return mapped
            }
            log.flag("P-04", FlagCode.pathUnmapped, "object storage path \(path) has no pathMap (bucket) entry")
            return nil
        case .volume(let volumePath):
            let parts = volumePath.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
            // ["", "Volumes", "c/s/v/..."]
            guard parts.count == 3 else { return nil }
            let rest = parts[2]
            let catalog = rest.prefix { $0 != "/" }
            let mappedCatalog = environment.tables.mappedCatalog(String(catalog))
            guard mappedCatalog != nil || volumePath != path else { return nil }
            let result = "/Volumes/" + (mappedCatalog ?? String(catalog)) + rest.dropFirst(catalog.count)
            guard result != path else { return nil }
            log.safe("P-05", "volume path \(path) → \(result)")
            return result
        case .datasets:
            log.flag("P-06", FlagCode.pathDatasets, "\(path): /databricks-datasets does not exist on AIDP")
            return nil
        }
    }

    private static func classify(_ path: String) -> Kind? {
        var dbfsTail: String?
        if path.hasPrefix("dbfs:/") {
            dbfsTail = String(path.dropFirst(5))
        } else if path.hasPrefix("/dbfs/") {
            dbfsTail = String(path.dropFirst(5))
        } else if path == "/FileStore" || path.hasPrefix("/FileStore/") {
            dbfsTail = path
        }
        if let tail = dbfsTail {
            if tail.hasPrefix("/mnt/") && tail.count > 5 { return .mount }
            if tail.hasPrefix("/Volumes/") { return .volume(path: tail) }
            if tail == "/databricks-datasets" || tail.hasPrefix("/databricks-datasets/") { return .datasets }
            return .dbfs(tail: tail)
        }
        if path.hasPrefix("/mnt/") && path.count > 5 { return .mount }
        if path.hasPrefix("/Volumes/") { return .volume(path: path) }
        if path == "/databricks-datasets" || path.hasPrefix("/databricks-datasets/") { return .datasets }
        for scheme in cloudSchemes where path.hasPrefix(scheme) && path.count > scheme.count { return .cloud }
        return nil
    }

    /// Longest `pathMap` prefix (on a `/` boundary) over the path's equivalent spellings.
    private static func mapped(_ candidates: [String], _ environment: RuleEnvironment) -> String? {
        for entry in environment.tables.pathMap {
            for candidate in candidates where candidate.hasPrefix(entry.prefix) {
                let rest = candidate.dropFirst(entry.prefix.count)
                if rest.isEmpty || rest.hasPrefix("/") || entry.prefix.hasSuffix("/") {
                    return entry.replacement + rest
                }
            }
        }
        return nil
    }

    /// P-01: a literal that is exactly the workspace path of a notebook in the export.
    private static func rewriteWorkspacePath(
        _ bytes: [UInt8], content: Range<Int>, environment: RuleEnvironment, log: inout FindingLog,
        edits: inout [TextEdit]
    ) -> Bool {
        guard bytes[content.lowerBound] == ByteText.slash else { return false }
        let text = ByteText.string(bytes, content)
        guard workspaceRoots.contains(where: { text.hasPrefix($0) }), !text.hasPrefix(environment.tables.migratedRoot),
            !WorkspacePathResolver.isMigratedTarget(text), !text.utf8.contains(ByteText.newline),
            let resolved = WorkspacePathResolver.resolve(text, from: "/"), environment.context.notebookExists(resolved)
        else { return false }
        let target = environment.context.paths.aidpPath(forWorkspacePath: resolved)
        edits.append(TextEdit(content, target))
        log.review("P-01", "workspace path \(text) → migrated notebook \(target)")
        return true
    }

    private static func isBoundary(_ byte: UInt8) -> Bool {
        ByteText.isWhitespace(byte) || byte == ByteText.singleQuote || byte == ByteText.doubleQuote
            || byte == ByteText.backtick
            || byte == ByteText.openParen || byte == ByteText.comma || byte == ByteText.equals
    }

    private static func isTerminator(_ byte: UInt8, interpolated: Bool) -> Bool {
        ByteText.isWhitespace(byte) || byte == ByteText.singleQuote || byte == ByteText.doubleQuote
            || byte == ByteText.backtick
            || byte == ByteText.closeParen || byte == ByteText.comma || byte == ByteText.semicolon
            || (interpolated && byte == ByteText.openBrace)
    }
}
