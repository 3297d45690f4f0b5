import Migration
import Testing

/// Builds source cells and notebooks for the rule tests, rewrites them with a fixed context and
/// checks one output cell at a time.
enum RulesHarness {
    static let aidp = "/Workspace/migrated/nightly/notebooks"
    static let callerPath = "/Users/a/etl/main"
    static let existing: Set<String> = [
        "/Users/a/etl/lib/setup", "/Users/a/common/config", "/Users/a/etl/child", "/Repos/team/proj/util",
        "/Users/a/etl/My Notebook", "/Users/a/etl/main",
    ]
    static let config = MigrationConfig(
        catalogMap: ["main": "default", "hive_metastore": "default"],
        pathMap: [
            "/mnt/raw": "oci://raw@tenancy/landing", "s3://bucket": "oci://bucket@tenancy",
            "dbfs:/FileStore/shared": "/Volumes/ops/files/shared",
        ],
        secretMap: ["kv/db-password": MigrationConfig.SecretTarget(credential: "db_cred", key: "password")],
        notebookRunTimeout: 3600)

    static func context(_ config: MigrationConfig = config, existing: Set<String> = existing) -> RewriteContext {
        RewriteContext(
            config: config, paths: WorkspacePaths(job: "nightly", workspaceRoot: "/Workspace/migrated"),
            notebookExists: { existing.contains($0) })
    }

    static func code(
        _ body: String, magic: String? = nil, language: NotebookLanguage? = .python, original: String? = nil,
        relaxation: SourceCell.Relaxation? = nil, comments: [String] = [], title: String? = nil,
        titleFlag: String? = nil
    ) -> SourceCell {
        SourceCell(
            index: 0, kind: .code, language: language, magic: magic, body: body, original: original ?? body,
            title: title,
            titleFlag: titleFlag, originLine: 2, relaxation: relaxation, leadingComments: comments)
    }

    static func markdown(_ body: String, magic: String? = "md", original: String? = nil) -> SourceCell {
        SourceCell(
            index: 0, kind: .markdown, language: nil, magic: magic, body: body,
            original: original ?? "# MAGIC %\(magic ?? "md") " + body, originLine: 2)
    }

    static func notebook(
        _ cells: [SourceCell], language: NotebookLanguage = .python, path: String = callerPath, emptyChunks: Int = 0
    ) -> SourceNotebook {
        var numbered = cells
        for index in numbered.indices { numbered[index].index = index }
        let extensions: [NotebookLanguage: String] = [.python: "py", .sql: "sql", .scala: "scala", .r: "r"]
        return SourceNotebook(
            relativePath: String(path.dropFirst()) + "." + extensions[language, default: "py"], workspacePath: path,
            format: .source, defaultLanguage: language, cells: numbered, emptyChunksDropped: emptyChunks)
    }

    /// The notebooks `cells` depend on, as the planner's loader finds them.
    static func dependencies(_ cells: [SourceCell], path: String = callerPath) -> [NotebookDependency] {
        NotebookRewriter.dependencies(of: notebook(cells, path: path))
    }

    static func rewrite(
        _ cells: [SourceCell], language: NotebookLanguage = .python, context: RewriteContext = context()
    ) -> NotebookRewrite {
        NotebookRewriter.rewrite(notebook(cells, language: language), context: context)
    }

    /// Rewrites a notebook of one cell and returns that cell.
    static func one(_ cell: SourceCell, language: NotebookLanguage = .python, context: RewriteContext = context())
        -> MigratedCell
    {
        rewrite([cell], language: language, context: context).notebook.cells[0]
    }
}

/// Checks a migrated cell's source, status, rule ids and flag codes.
func expectCell(
    _ cell: MigratedCell, source: String, status: CellMigration.Status?, rules: [String] = [], flags: [String] = [],
    type: MigratedCell.CellType? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(cell.source == source, sourceLocation: sourceLocation)
    #expect(cell.migration?.status == status, sourceLocation: sourceLocation)
    #expect((cell.migration?.rules ?? []) == rules, sourceLocation: sourceLocation)
    #expect((cell.migration?.flags ?? []) == flags, sourceLocation: sourceLocation)
    if let type { #expect(cell.type == type, sourceLocation: sourceLocation) }
}

@Suite struct RulesNotebookTests {
    static let mixedCells: [SourceCell] = [
        RulesHarness.markdown("## Load"),
        RulesHarness.code("./lib/setup", magic: "run"),
        RulesHarness.code("env = dbutils.widgets.get(\"env\")\nprint(env)"),
        RulesHarness.code("select * from main.sales.orders", magic: "sql"),
        RulesHarness.code("ls /mnt", magic: "fs"),
        RulesHarness.code("print(1)", magic: "r", language: .r),
        RulesHarness.code("x = 1"),
    ]

    @Test func everyInputCellGivesExactlyOneOutputCellInOrder() {
        let result = RulesHarness.rewrite(Self.mixedCells)
        #expect(result.notebook.cells.count == Self.mixedCells.count)
        #expect(result.findings.count == Self.mixedCells.count)
        #expect(result.notebook.cells.map(\.type) == [.markdown, .python, .python, .sql, .python, .r, .python])
        #expect(result.notebook.cells.map(\.kind) == [.markdown, .code, .code, .code, .code, .code, .code])
    }

    @Test func rewritingTheSameNotebookTwiceGivesTheSameResult() {
        let first = RulesHarness.rewrite(Self.mixedCells)
        let second = RulesHarness.rewrite(Self.mixedCells)
        #expect(first.notebook == second.notebook)
        #expect(first.findings == second.findings)
    }

    @Test func untouchedCellHasNoMigrationAndItsCodeUnchanged() {
        let cell = RulesHarness.one(RulesHarness.code("import os\nprint(os.getcwd())"))
        expectCell(cell, source: "import os\nprint(os.getcwd())", status: nil, type: .python)
    }

    @Test func statusIsTheWorstConfidenceAmongTheCellsFindings() {
        let result = RulesHarness.rewrite(Self.mixedCells)
        #expect(
            result.notebook.cells.map { $0.migration?.status } == [
                .converted, .converted, .review, .converted, .flagged, .flagged, nil,
            ])
    }

    @Test func outputPathsComeFromTheWorkspacePath() {
        let result = RulesHarness.rewrite(Self.mixedCells)
        #expect(result.notebook.outputRelativePath == "Users/a/etl/main.ipynb")
        #expect(result.notebook.aidpPath == "\(RulesHarness.aidp)/Users/a/etl/main.ipynb")
    }

    @Test func findingsCarryTheNotesThatTheCellMetadataLists() {
        let result = RulesHarness.rewrite([RulesHarness.code("ls /x", magic: "fs")])
        #expect(
            result.findings[0] == [
                Finding(
                    ruleID: "M-10", confidence: .flag, flagCode: "FS-MAGIC", note: "%fs: AIDP has no native fs utility")
            ])
        #expect(result.notebook.cells[0].migration?.notes == ["%fs: AIDP has no native fs utility"])
    }
}
