/// The lookup tables the rules derive from the configuration: built once per run, with the
/// `RewriteContext`, rather than re-sorted for every notebook.
final class RuleTables: Sendable {
    /// `catalogMap` with lower-cased keys: SQL catalog names are case-insensitive.
    let catalogMap: [String: String]
    /// `pathMap` entries, longest prefix first (ties in byte order), for P-02..P-04.
    let pathMap: [(prefix: String, replacement: String)]
    /// `<workspaceRoot>/` so literal rules can recognise paths they already rewrote.
    let migratedRoot: String

    init(config: MigrationConfig, paths: WorkspacePaths) {
        var catalogs: [String: String] = [:]
        for key in config.catalogMap.keys.sorted() {
            let lowered = key.lowercased()
            if catalogs[lowered] == nil { catalogs[lowered] = config.catalogMap[key] }
        }
        catalogMap = catalogs
        pathMap = config.pathMap.map { (prefix: $0.key, replacement: $0.value) }
            .filter { !$0.prefix.isEmpty }
            .sorted {
                $0.prefix.utf8.count != $1.prefix.utf8.count
                    ? $0.prefix.utf8.count > $1.prefix.utf8.count : $0.prefix < $1.prefix
            }
        let root = paths.workspaceRoot
        migratedRoot = root.hasSuffix("/") ? root : root + "/"
    }

    func mappedCatalog(_ name: String) -> String? { catalogMap[name.lowercased()] }
}
