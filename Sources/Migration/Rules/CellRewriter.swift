/// What the rules made of one cell.
struct CellOutcome {
    var kind: MigratedCell.Kind
    var type: MigratedCell.CellType
    var source: String
    var log: FindingLog
    /// A Python code cell that kept its rewritten code: G-02/G-07 imports may go here.
    var isPythonCode = false
    var needsDisplayImport = false
    var needsUDFImport = false
}

/// Applies the rule of the cell's form (M-01..M-14, X-05, S-02) and the body rules of its
/// language, then turns a flagged cell back into its original code under a marker line.
enum CellRewriter {
    /// `python` is `PythonLexer.lex` of `view.pythonSource`, when the cell is in Python.
    static func rewrite(_ view: CellView, environment: RuleEnvironment, python: LexedCode? = nil) -> CellOutcome {
        var log = FindingLog()
        let cell = view.source
        if let title = cell.title { log.safe("S-02", "title \"\(title)\" kept in the cell metadata") }
        switch cell.relaxation {
        case .bareMagic?:
            log.review("M-14", "%\(view.magic ?? "") without the MAGIC prefix (R2) read as a magic cell")
        case .mixed?:
            log.review("M-14", "comment lines beside MAGIC lines (R3) kept as comments of the cell's language")
        case .mixedUnparseable?:
            log.flag("M-14", FlagCode.parseMixed, "code beside MAGIC lines (R3) cannot be read as one cell")
        case nil:
            break
        }
        var outcome: CellOutcome
        if cell.relaxation == .mixedUnparseable {
            let language: NotebookLanguage = if case .code(let language) = view.form { language } else { .python }
            outcome = CellOutcome(kind: .code, type: cellType(language), source: cell.body, log: log)
        } else {
            outcome = rewriteForm(view, environment: environment, log: log, python: python)
        }
        if outcome.log.isFlagged && outcome.kind == .code {
            outcome.source = flaggedSource(view, type: outcome.type, log: outcome.log)
            outcome.isPythonCode = false
            outcome.log.markUnapplied(except: flaggedFormRules)
        }
        return outcome
    }

    private static func rewriteForm(
        _ view: CellView, environment: RuleEnvironment, log: FindingLog, python: LexedCode?
    ) -> CellOutcome {
        var log = log
        let comments = view.leadingComments
        switch view.form {
        case .markdown:
            if firstLineHasMarkdownMagic(view.source.original) {
                log.safe("M-01", "%\(view.magic ?? "md") → markdown cell")
            }
            if ByteText.containsIgnoringCase(view.body, "<script") || ByteText.containsIgnoringCase(view.body, "<style")
            {
                log.review("M-01", "the markdown holds <script>/<style> HTML: check how AIDP renders it")
            }
            let source = commented(comments, open: "<!-- ", close: " -->") + view.body
            return CellOutcome(kind: .markdown, type: .markdown, source: source, log: log)
        case .code(.python), .lineMagics:
            if view.magic == "python" { log.safe("M-03", "%python → Python cell") }
            var rewriter = PythonRewriter(view.pythonSource ?? view.body, environment: environment, lexed: python)
            rewriter.run()
            log.append(contentsOf: rewriter.log)
            return CellOutcome(
                kind: .code, type: .python, source: commented(comments, open: "# ") + rewriter.source, log: log,
                isPythonCode: true,
                needsDisplayImport: rewriter.needsDisplayImport, needsUDFImport: rewriter.needsUDFImport)
        case .code(.sql):
            log.safe("M-02", view.magic == "sql" ? "%sql → %sql code cell" : "SQL notebook cell → %sql code cell")
            var rewriter = SQLCellRewriter(view.body, environment: environment)
            rewriter.run()
            log.append(contentsOf: rewriter.log)
            return CellOutcome(
                kind: .code, type: .sql, source: "%sql\n" + commented(comments, open: "-- ") + rewriter.source, log: log
            )
        case .code(.scala):
            return scala(view.body, comments: comments, environment: environment, log: log)
        case .code(.r):
            log.flag("M-05", FlagCode.langR, "R has no evidence of support on AIDP")
            return CellOutcome(kind: .code, type: .r, source: view.originalCode, log: log)
        case .run:
            let source = run(view, environment: environment, log: &log)
            return CellOutcome(kind: .code, type: .python, source: source, log: log)
        case .shell:
            log.review("M-09", "%sh → subprocess.run(..., shell=True): runs on the driver; check quoting")
            // The Python rules run on the result, so paths in the script are remapped now rather
            // than by a second migration.
            var rewriter = PythonRewriter(
                MagicRules.shellCall(ByteText.trimBlankLines(view.body)), environment: environment)
            rewriter.run()
            log.append(contentsOf: rewriter.log)
            return CellOutcome(
                kind: .code, type: .python, source: commented(comments, open: "# ") + rewriter.source, log: log,
                isPythonCode: true)
        case .fileSystem:
            log.flag("M-10", FlagCode.fsMagic, "%fs: AIDP has no native fs utility")
            return CellOutcome(kind: .code, type: .python, source: view.originalCode, log: log)
        case .cellMagic:
            let name = String((view.magic ?? "").dropFirst())
            if name == "scala" {
                log.safe("X-05", "%%scala → %scala")
                let lines = ByteText.lines(view.payload)
                let start = lines.firstIndex { $0.hasPrefix("%%scala") } ?? 0
                var body = lines[(start + 1)...].joined(separator: "\n")
                let rest = lines[start].dropFirst("%%scala".count).drop { $0 == " " || $0 == "\t" }
                if !rest.isEmpty { body = String(rest) + (body.isEmpty ? "" : "\n" + body) }
                return scala(body, comments: comments, environment: environment, log: log)
            }
            if MagicRules.ipythonCellMagics.contains(name) {
                log.review("M-12", "IPython cell magic %%\(name) kept verbatim")
            } else {
                log.flag("M-11", FlagCode.magicUnsupported, "unknown cell magic %%\(name)")
            }
            // A cell magic must stay on the first line: comments go right after it.
            var lines = ByteText.lines(view.payload)
            if !comments.isEmpty, !lines.isEmpty {
                let first = lines.removeFirst()
                let rest = lines.joined(separator: "\n")
                let source = String(first) + "\n" + commented(comments, open: "# ") + rest
                return CellOutcome(kind: .code, type: .python, source: source, log: log)
            }
            return CellOutcome(kind: .code, type: .python, source: view.payload, log: log)
        }
    }

    private static func scala(_ body: String, comments: [String], environment: RuleEnvironment, log: FindingLog)
        -> CellOutcome
    {
        var log = log
        log.review(
            "M-04", "%scala cell: AIDP runs Scala on Spark Connect (no sc/sparkContext) and Scala has no dbutils")
        var rewriter = ScalaRewriter(body, environment: environment)
        rewriter.run()
        log.append(contentsOf: rewriter.log)
        return CellOutcome(
            kind: .code, type: .scala, source: "%scala\n" + commented(comments, open: "// ") + rewriter.source, log: log
        )
    }

    /// M-06 / M-07: every `%run` target becomes the absolute AIDP path of the migrated notebook.
    private static func run(_ view: CellView, environment: RuleEnvironment, log: inout FindingLog) -> String {
        let cell = RunCell(body: view.body)
        var lines = (view.leadingComments + cell.comments).map { $0.isEmpty ? "#" : "# " + $0 }
        if cell.commands.isEmpty {
            log.flag("M-06", FlagCode.runUnresolved, "%run has no target")
        }
        for line in cell.commands {
            let command: RunCommand
            switch line.command {
            case .success(let parsed):
                command = parsed
            case .failure(let error):
                let reason: String
                switch error {
                case .empty: reason = "no path"
                case .unterminatedQuote: reason = "an unterminated quote"
                case .unexpected(let token): reason = "an argument that is not $name=value: \(token)"
                }
                log.flag("M-06", FlagCode.runUnresolved, "%run \(line.text.drop { $0 == " " }) has \(reason)")
                continue
            }
            let ruleID = command.parameters.isEmpty ? "M-06" : "M-07"
            if WorkspacePathResolver.isMigratedTarget(command.path) {
                lines.append((["%run", command.path] + command.parameters).joined(separator: " "))
                continue
            }
            guard let resolved = WorkspacePathResolver.resolve(command.path, from: environment.notebook.workspacePath),
                environment.context.notebookExists(resolved)
            else {
                let shown =
                    WorkspacePathResolver.resolve(command.path, from: environment.notebook.workspacePath)
                    ?? command.path
                log.flag(ruleID, FlagCode.runUnresolved, "%run target \(shown) is not in the export")
                continue
            }
            let target = environment.context.paths.aidpPath(forWorkspacePath: resolved)
            lines.append((["%run", target] + command.parameters).joined(separator: " "))
            if !command.parameters.isEmpty {
                log.review(
                    "M-07", "%run \(command.path) → \(target); $k=v parameters kept verbatim (AIDP support unverified)")
            } else if view.argumentOnNextLine {
                log.review("M-06", "%run \(command.path) → \(target); the path was on the line after %run, check it")
            } else {
                log.safe("M-06", "%run \(command.path) → \(target)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The original code of a flagged cell under one marker line (after the `%sql`/`%scala`/`%r`
    /// line, which must stay first for the cell to keep its language).
    private static func flaggedSource(_ view: CellView, type: MigratedCell.CellType, log: FindingLog) -> String {
        var codes: [String] = []
        var reasons: [String] = []
        for finding in log.findings where finding.confidence == .flag {
            if let code = finding.flagCode, !codes.contains(code) { codes.append(code) }
            if !reasons.contains(finding.note) { reasons.append(finding.note) }
        }
        let comments = view.leadingComments
        switch type {
        case .sql:
            return "%sql\n" + FlagMarker.line(prefix: "--", codes: codes, reasons: reasons) + "\n"
                + commented(comments, open: "-- ") + view.body
        case .scala:
            let body = view.form == .cellMagic ? view.payload : view.body
            return "%scala\n" + FlagMarker.line(prefix: "//", codes: codes, reasons: reasons) + "\n"
                + commented(comments, open: "// ") + body
        case .r where view.magic == "r":
            return "%r\n" + FlagMarker.line(prefix: "#", codes: codes, reasons: reasons) + "\n"
                + commented(comments, open: "# ")
                + view.body
        default:
            return FlagMarker.line(prefix: "#", codes: codes, reasons: reasons) + "\n" + commented(comments, open: "# ")
                + view.originalCode
        }
    }

    /// Comment lines, each ending in a newline (empty when there are none).
    private static func commented(_ lines: [String], open: String, close: String = "") -> String {
        guard !lines.isEmpty else { return "" }
        var text = ""
        for line in lines {
            text += line.isEmpty ? open.trimmingTrailingSpace() + close : open + line + close
            text += "\n"
        }
        return text
    }

    /// Rules that still hold for a flagged cell's kept form: its title, its `%sql`/`%scala`/`%r`
    /// line, the comment conversion of a mixed cell, the empty chunks around it, and the rules
    /// that change no code and only add a note (C-02, K-02, G-04, N-04, W-07).
    private static let flaggedFormRules: Set<String> = [
        "S-01", "S-02", "M-02", "M-04", "M-05", "M-14", "C-02", "K-02", "G-04", "N-04", "W-07",
    ]

    /// Whether the first line with content, once a `CP MAGIC` prefix is set aside, holds `%md`: a
    /// `%md` cell may open with blank MAGIC lines. Lines end at a `\n` not preceded by `\r`, as
    /// in the `Character` split the other rules use (`\r\n` is one `Character`).
    private static func firstLineHasMarkdownMagic(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count
                    && (bytes[end] != ByteText.newline || (end > 0 && bytes[end - 1] == ByteText.carriageReturn))
                {
                    end += 1
                }
                var rest = start
                while rest < end && (bytes[rest] == ByteText.space || bytes[rest] == ByteText.tab) { rest += 1 }
                for prefix in commentPrefixes where ByteText.hasPrefix(bytes, at: rest, prefix) {
                    var afterPrefix = rest + prefix.count
                    while afterPrefix < end && bytes[afterPrefix] == ByteText.space { afterPrefix += 1 }
                    if ByteText.hasPrefix(bytes, at: afterPrefix, magicWord) {
                        rest = afterPrefix + magicWord.count
                    }
                    break
                }
                let hasContent = bytes[rest..<end].contains { $0 != ByteText.space && $0 != ByteText.tab }
                if hasContent {
                    return ByteText.contains(bytes[start..<end], markdownMagic)
                }
                start = end + 1
            }
            return false
        }
    }

    private static let commentPrefixes = NotebookCommentPrefix.allCases.map { Array($0.rawValue.utf8) }
    private static let magicWord = Array("MAGIC".utf8)
    private static let markdownMagic = Array("%md".utf8)

    static func cellType(_ language: NotebookLanguage) -> MigratedCell.CellType {
        switch language {
        case .python: return .python
        case .sql: return .sql
        case .scala: return .scala
        case .r: return .r
        }
    }
}

extension String {
    fileprivate func trimmingTrailingSpace() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
