/// The pre-pass over every cell before any is rewritten: W-01's widget table, the names the
/// notebook binds itself, temp views, and whether the G-02 import is already there.
enum NotebookFactsScanner {
    /// Databricks globals a notebook may shadow with its own definition or import.
    private static let shadowRoots = ["sql", "table", "udf", "sc", "getArgument", "displayHTML"].map { Array($0.utf8) }
    private static let importStar = Array("import *".utf8)
    private static let functionsModule = Array("pyspark.sql.functions".utf8)
    private static let displayImport = Array(GlobalRules.displayImport.utf8)
    private static let bindingWords: Set<String> = [
        "def", "class", "as", "import", "for", "global", "nonlocal", "lambda",
    ]
    private static let tempViewMethods: Set<String> = [
        "createOrReplaceTempView", "createTempView", "registerTempTable", "createOrReplaceGlobalTempView",
        "createGlobalTempView",
    ]

    /// `python[i]` is the lexed Python source of cell `i` (`nil` for other cells).
    static func scan(_ views: [CellView], python: [LexedCode?], workspacePath: String) -> NotebookFacts {
        var facts = NotebookFacts(workspacePath: workspacePath)
        let shadowTriggers: LexedCode.Triggers = [.sql, .table, .udf, .sc, .getArgument, .displayHTML]
        for (view, lexed) in zip(views, python) {
            if let code = lexed {
                if code.triggers.contains(.dbutils) { collectWidgets(code, into: &facts) }
                if !code.triggers.isDisjoint(with: shadowTriggers) {
                    for site in code.callSites(rooted: shadowRoots) where isBinding(site, code) {
                        facts.boundNames.insert(site.name)
                    }
                }
                if ByteText.contains(code.bytes, importStar), ByteText.contains(code.bytes, functionsModule) {
                    facts.boundNames.insert("udf")
                }
                if ByteText.contains(code.bytes, displayImport) { facts.hasDisplayImport = true }
                if !code.literals.isEmpty { collectTempViews(code, into: &facts) }
                continue
            }
            switch view.form {
            case .code(.scala):
                collectTempViews(ScalaLexer.lex(Array(view.body.utf8)), into: &facts)
            case .code(.sql) where ByteText.containsIgnoringCase(view.body, "view"):
                let code = SQLLexer.lex(Array(view.body.utf8))
                for name in SQLRules.temporaryViews(SQLToken.tokens(code), code.bytes) {
                    facts.localTables.insert(name)
                }
            default:
                break
            }
        }
        return facts
    }

    private static func collectWidgets(_ code: LexedCode, into facts: inout NotebookFacts) {
        for site in code.callSites(rooted: [Roots.dbutils]) {
            guard let definition = WidgetRules.definition(site, code), let name = definition.name,
                facts.widgets[name] == nil
            else { continue }
            facts.widgets[name] = NotebookFacts.Widget(kind: definition.kind, literalDefault: definition.literalDefault)
        }
    }

    private static func collectTempViews(_ code: LexedCode, into facts: inout NotebookFacts) {
        for literal in code.literals where !literal.isInterpolated {
            guard let (method, isMethod) = LiteralRules.callContext(literal, code), isMethod else { continue }
            if tempViewMethods.contains(method) {
                facts.localTables.insert(code.text(literal.content).lowercased())
            } else if method == "sql" {
                let sql = SQLLexer.lex(Array(code.bytes[literal.content]))
                for name in SQLRules.temporaryViews(SQLToken.tokens(sql), sql.bytes) { facts.localTables.insert(name) }
            }
        }
    }

    /// The global is defined, assigned or imported here rather than used.
    private static func isBinding(_ site: CallSite, _ code: LexedCode) -> Bool {
        guard !site.name.utf8.contains(ByteText.dot) else { return false }
        if let word = code.identifier(endingBefore: site.nameRange.lowerBound), bindingWords.contains(code.text(word)) {
            return true
        }
        let lineStart = ByteText.lineStart(code.bytes, site.nameRange.lowerBound)
        var first = lineStart
        while first < code.bytes.count && ByteText.isBlank(code.bytes[first]) { first += 1 }
        for keyword in ["from ", "import ", "for ", "with "]
        where ByteText.hasPrefix(code.bytes, at: first, Array(keyword.utf8)) {
            return true
        }
        if site.call == nil, let next = code.nextNonBlank(from: site.nameRange.upperBound),
            code.bytes[next] == ByteText.equals
        {
            return next + 1 >= code.bytes.count || code.bytes[next + 1] != ByteText.equals
        }
        return false
    }
}
