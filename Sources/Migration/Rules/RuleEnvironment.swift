/// Everything the cell rules may consult: the caller's context plus what a pre-pass over the whole
/// notebook learnt (the W-01 widget table, names the notebook binds itself, temp views).
///
/// A class: every rewriter and rule family keeps it, and sharing one reference is cheaper than
/// copying (and reference-counting) each of its maps and sets into each of them.
final class RuleEnvironment {
    let context: RewriteContext
    let notebook: NotebookFacts
    /// `catalogMap` with lower-cased keys: SQL catalog names are case-insensitive.
    let catalogMap: [String: String]
    /// `pathMap` entries, longest prefix first (ties in byte order), for P-02..P-04.
    let pathMap: [(prefix: String, replacement: String)]
    /// `<workspaceRoot>/` so literal rules can recognise paths they already rewrote.
    let migratedRoot: String

    init(context: RewriteContext, notebook: NotebookFacts) {
        self.context = context
        self.notebook = notebook
        var catalogs: [String: String] = [:]
        for key in context.config.catalogMap.keys.sorted() {
            let lowered = key.lowercased()
            if catalogs[lowered] == nil { catalogs[lowered] = context.config.catalogMap[key] }
        }
        catalogMap = catalogs
        pathMap = context.config.pathMap.map { (prefix: $0.key, replacement: $0.value) }
            .filter { !$0.prefix.isEmpty }
            .sorted {
                $0.prefix.utf8.count != $1.prefix.utf8.count
                    ? $0.prefix.utf8.count > $1.prefix.utf8.count : $0.prefix < $1.prefix
            }
        let root = context.paths.workspaceRoot
        migratedRoot = root.hasSuffix("/") ? root : root + "/"
    }

    func mappedCatalog(_ name: String) -> String? { catalogMap[name.lowercased()] }
}
