/// Pass 1's view of a notebook: the notebooks it needs through `%run` and literal
/// `dbutils.notebook.run` paths.
enum DependencyScanner {
    /// `python[i]`, when given, is the lexed Python source of cell `i`.
    static func dependencies(_ views: [CellView], python: [LexedCode?]? = nil, workspacePath: String)
        -> [NotebookDependency]
    {
        var dependencies: [NotebookDependency] = []
        var seen: Set<String> = []
        func add(_ kind: NotebookDependency.Kind, _ target: String, _ index: Int) {
            guard !WorkspacePathResolver.isMigratedTarget(target),
                let path = WorkspacePathResolver.resolve(target, from: workspacePath), seen.insert(path).inserted
            else { return }
            dependencies.append(NotebookDependency(kind: kind, workspacePath: path, cellIndex: index))
        }
        for (position, view) in views.enumerated() where view.source.relaxation != .mixedUnparseable {
            switch view.form {
            case .run:
                for line in RunCell(body: view.body).commands {
                    if case .success(let command) = line.command { add(.run, command.path, position) }
                }
            case .code(.python), .lineMagics:
                let code: LexedCode
                if let python, let lexed = python[position] {
                    guard lexed.triggers.contains(.dbutils) else { continue }
                    code = lexed
                } else {
                    guard let body = view.pythonSource, ByteText.contains(body, "notebook.run") else { continue }
                    code = PythonLexer.lex(Array(body.utf8))
                }
                for site in CallSite.find(in: code, roots: [Roots.dbutils]) where site.name == "dbutils.notebook.run" {
                    if let path = NotebookWorkflowRules.literalPath(site, code) { add(.notebookRun, path, position) }
                }
            default:
                break
            }
        }
        return dependencies
    }
}
