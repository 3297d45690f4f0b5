/// Pass 1's view of a notebook: the notebooks it needs through `%run` and literal
/// `dbutils.notebook.run` paths, gathered cell by cell, resolved against the calling notebook's
/// workspace folder, deduplicated, in cell order.
struct DependencyScanner {
    let workspacePath: String
    private(set) var dependencies: [NotebookDependency] = []
    private var seen: Set<String> = []

    init(workspacePath: String) {
        self.workspacePath = workspacePath
    }

    /// Whether `cell` can name a notebook at all. A `%run` cell has the magic or `%run` in its text,
    /// and a literal call has `notebook.run` there, so a byte test lets pass 1 skip building a
    /// `CellView` for every other cell.
    static func mayNameNotebooks(_ cell: SourceCell) -> Bool {
        cell.magic == "run" || ByteText.contains(cell.body, "%run") || ByteText.contains(cell.body, "notebook.run")
    }

    /// Adds the dependencies of the cell at `position`; Python is lexed only when its text has
    /// `notebook.run`.
    mutating func scan(_ view: CellView, at position: Int) {
        guard view.source.relaxation != .mixedUnparseable else { return }
        switch view.form {
        case .run:
            for line in RunCell(body: view.body).commands {
                if case .success(let command) = line.command { add(.run, command.path, position) }
            }
        case .code(.python), .lineMagics:
            guard let body = view.pythonSource, ByteText.contains(body, "notebook.run") else { return }
            let code = PythonLexer.lex(Array(body.utf8))
            for site in CallSite.find(in: code, roots: [Roots.dbutils]) where site.name == "dbutils.notebook.run" {
                if let path = NotebookWorkflowRules.literalPath(site, code) { add(.notebookRun, path, position) }
            }
        default:
            break
        }
    }

    private mutating func add(_ kind: NotebookDependency.Kind, _ target: String, _ index: Int) {
        guard !WorkspacePathResolver.isMigratedTarget(target),
            let path = WorkspacePathResolver.resolve(target, from: workspacePath), seen.insert(path).inserted
        else { return }
        dependencies.append(NotebookDependency(kind: kind, workspacePath: path, cellIndex: index))
    }
}
