import JSON

/// What a rewrite needs from the migration: the configuration, where notebooks land on AIDP, and
/// which notebooks the export holds. Made once per run; `config` and `paths` are fixed so the
/// tables derived from them stay in step.
public struct RewriteContext: Sendable {
    public let config: MigrationConfig
    /// Where migrated notebooks live: `aidpPath(forWorkspacePath:)`.
    public let paths: WorkspacePaths
    /// True when a notebook with this absolute workspace path (no extension) exists in the export.
    public let notebookExists: @Sendable (String) -> Bool
    /// The catalog and path maps as the rules look them up, shared by every notebook of the run.
    let tables: RuleTables

    public init(config: MigrationConfig, paths: WorkspacePaths, notebookExists: @escaping @Sendable (String) -> Bool) {
        self.config = config
        self.paths = paths
        self.notebookExists = notebookExists
        tables = RuleTables(config: config, paths: paths)
    }
}

/// A rewritten notebook and what the rules found, cell by cell.
public struct NotebookRewrite: Sendable {
    public var notebook: MigratedNotebook
    /// The findings of each cell, in cell order (same count as `notebook.cells`).
    public var findings: [[Finding]]

    public init(notebook: MigratedNotebook, findings: [[Finding]]) {
        self.notebook = notebook
        self.findings = findings
    }
}

/// The rewrite engine: every rule of migration.md §7 over a parsed notebook. Deterministic, and
/// it never drops a cell: the output has one cell per input cell, in order.
///
/// A pre-pass over all cells builds the W-01 widget table and notes the names the notebook binds
/// itself. Each cell then gets the rule of its form (S-02, M-01..M-14, X-05) and the body rules of
/// its language: for Python, magic lines, X-06, statements to comment out (W-01, W-04, F-06,
/// K-01), call sites (W, N, F, G-02, G-05, G-06, G-08), checks (G-04, G-07, X-01, X-03, K-02), then
/// literals (P, C, X-02); SQL and Scala have their own subsets. A cell with a FLAG finding keeps
/// its original code under one marker line. Last, the G-02/G-07 imports go into the first Python
/// cell that needs them and S-01 is reported on the first cell.
public enum NotebookRewriter {
    /// The notebooks it depends on are not found here: the planner's loader finds them once with
    /// `dependencies(of:)`, before anything is rewritten.
    public static func rewrite(_ notebook: SourceNotebook, context: RewriteContext) -> NotebookRewrite {
        let views = notebook.cells.map { CellView($0, defaultLanguage: notebook.defaultLanguage) }
        let python = views.map { view in view.pythonSource.map { PythonLexer.lex(Array($0.utf8)) } }
        let facts = NotebookFactsScanner.scan(views, python: python, workspacePath: notebook.workspacePath)
        let environment = RuleEnvironment(context: context, notebook: facts)
        var outcomes = zip(views, python).map { CellRewriter.rewrite($0, environment: environment, python: $1) }
        addImports(&outcomes, facts: facts)
        if notebook.emptyChunksDropped > 0, !outcomes.isEmpty {
            var log = FindingLog()
            log.safe("S-01", "\(notebook.emptyChunksDropped) empty chunk(s) between separators dropped")
            log.append(contentsOf: outcomes[0].log)
            outcomes[0].log = log
        }
        var cells: [MigratedCell] = []
        cells.reserveCapacity(outcomes.count)
        for (view, outcome) in zip(views, outcomes) {
            cells.append(migratedCell(view.source, outcome))
        }
        let migrated = MigratedNotebook(
            outputRelativePath: WorkspacePaths.outputRelativePath(forWorkspacePath: notebook.workspacePath),
            aidpPath: context.paths.aidpPath(forWorkspacePath: notebook.workspacePath), cells: cells)
        return NotebookRewrite(notebook: migrated, findings: outcomes.map(\.log.findings))
    }

    /// Pass 1 needs the dependency set before anything is written: the `%run` and literal
    /// `notebook.run` targets, resolved against the calling notebook's workspace folder,
    /// normalised (`..`, `.`), deduplicated, in cell order.
    public static func dependencies(of notebook: SourceNotebook) -> [NotebookDependency] {
        var scanner = DependencyScanner(workspacePath: notebook.workspacePath)
        for (position, cell) in notebook.cells.enumerated() where DependencyScanner.mayNameNotebooks(cell) {
            scanner.scan(CellView(cell, defaultLanguage: notebook.defaultLanguage), at: position)
        }
        return scanner.dependencies
    }

    /// G-02 / G-07: each import once per notebook, in the first Python cell that needs it and kept
    /// its rewritten code.
    private static func addImports(_ outcomes: inout [CellOutcome], facts: NotebookFacts) {
        var needDisplay = !facts.hasDisplayImport
        var needUDF = true
        for index in outcomes.indices where outcomes[index].isPythonCode {
            var imports: [String] = []
            if needDisplay && outcomes[index].needsDisplayImport {
                imports.append(GlobalRules.displayImport)
                needDisplay = false
            }
            if needUDF && outcomes[index].needsUDFImport {
                imports.append(GlobalRules.udfImport)
                needUDF = false
            }
            if !imports.isEmpty {
                outcomes[index].source = imports.joined(separator: "\n") + "\n" + outcomes[index].source
            }
        }
    }

    private static func migratedCell(_ cell: SourceCell, _ outcome: CellOutcome) -> MigratedCell {
        var extra: [String: JSONValue] = [:]
        if let metadata = cell.databricksMetadata { extra["source_meta"] = metadata }
        var migration: CellMigration?
        let findings = outcome.log.findings
        if !findings.isEmpty {
            var worst = Confidence.safe
            var rules = UniqueElements<String>(reservingCapacity: findings.count)
            var notes = UniqueElements<String>(reservingCapacity: findings.count)
            var flags = UniqueElements<String>()
            for finding in findings {
                worst = max(worst, finding.confidence)
                if finding.applied { rules.insert(finding.ruleID) }
                notes.insert(finding.note)
                if let code = finding.flagCode { flags.insert(code) }
            }
            let status: CellMigration.Status =
                switch worst {
                case .safe: .converted
                case .review: .review
                case .flag: .flagged
                }
            migration = CellMigration(
                status: status, rules: rules.elements, notes: notes.elements, flags: flags.elements, title: cell.title,
                showTitle: cell.titleFlag)
        }
        return MigratedCell(
            kind: outcome.kind, type: outcome.type, source: outcome.source, migration: migration, extraMetadata: extra)
    }
}
