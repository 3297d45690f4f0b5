/// Runs the §7 rules over one Python cell: magic lines, character clean-up, statements to comment
/// out, call-site rewrites (widgets, notebook workflow, task values, secrets, fs, globals), checks
/// that only report, then literal rewrites (paths, catalogs in `spark.sql` strings).
struct PythonRewriter {
    let environment: RuleEnvironment
    private(set) var bytes: [UInt8]
    var log = FindingLog()
    /// G-02 rewrote a `displayHTML` call: the notebook needs the IPython import once.
    var needsDisplayImport = false
    /// G-07 found a bare `udf`: the notebook needs `from pyspark.sql.functions import udf` once.
    var needsUDFImport = false
    private var commentedOut = false
    private var cachedCode: LexedCode?

    /// `lexed`, when given, is `PythonLexer.lex` of `source` (shared with the notebook pre-pass).
    init(_ source: String, environment: RuleEnvironment, lexed: LexedCode? = nil) {
        self.environment = environment
        bytes = lexed?.bytes ?? Array(source.utf8)
        cachedCode = lexed
    }

    var source: String { ByteText.string(bytes) }

    mutating func run() {
        rewriteMagicLines()
        normaliseCharacters()
        commentOutStatements()
        rewriteCalls()
        checkGlobalsAndPlatform()
        rewriteLiterals()
        if commentedOut { bytes = PythonBlocks.fillEmptyBlocks(bytes) }
    }

    mutating func code() -> LexedCode {
        if let cachedCode { return cachedCode }
        let code = PythonLexer.lex(bytes)
        cachedCode = code
        return code
    }

    mutating func apply(_ edits: [TextEdit]) {
        guard !edits.isEmpty else { return }
        bytes = TextEdit.apply(edits, to: bytes)
        cachedCode = nil
    }

    func contains(_ word: String) -> Bool { ByteText.contains(bytes, Array(word.utf8)) }

    /// X-06: NBSP, curly quotes and zero-width characters in active code.
    private mutating func normaliseCharacters() {
        guard bytes.contains(where: { $0 >= 0xC2 }) else { return }
        let code = self.code()
        apply(CharacterNormaliser.edits(code, log: &log))
    }

    /// W-01, W-04, F-06, K-01: statements that are commented out whole.
    private mutating func commentOutStatements() {
        let code = self.code()
        guard !code.triggers.isDisjoint(with: [.dbutils, .conf]) else { return }
        var edits = SiteEdits()
        for site in code.callSites(rooted: Roots.statementRoots) where !edits.isCovered(site.range) {
            let ruleID: String
            let note: String
            var confidence = Confidence.safe
            switch site.name {
            case "dbutils.widgets.text", "dbutils.widgets.dropdown", "dbutils.widgets.combobox",
                "dbutils.widgets.multiselect":
                guard let definition = WidgetRules.definition(site, code) else {
                    log.flag(
                        "W-01", FlagCode.dbutilsOther,
                        "\(site.name)(...) has an argument shape W-01 does not know; left unchanged")
                    continue
                }
                ruleID = "W-01"
                if definition.isLiteral {
                    note =
                        "\(site.name)(\"\(definition.name ?? "")\", ...) commented out; its default feeds getParameter"
                } else {
                    confidence = .review
                    note = "\(site.name)(...) with non-literal arguments commented out; check the parameter's default"
                }
            case "dbutils.widgets.remove", "dbutils.widgets.removeAll":
                ruleID = "W-04"
                note = "\(site.name)(...) commented out: AIDP has no widgets"
            case "dbutils.library.restartPython":
                ruleID = "F-06"
                note = "dbutils.library.restartPython() commented out"
            case "spark.conf.set":
                guard let call = site.call, let key = call.arguments.first, key.keyword == nil,
                    let value = code.plainStringValue(key.value), value.hasPrefix("spark.databricks.")
                else { continue }
                ruleID = "K-01"
                note = "spark.conf.set(\"\(value)\", ...) commented out: a Databricks-only setting"
            default:
                continue
            }
            guard site.call != nil, let lines = StatementCommenter.ownLines(code, site.range) else {
                if ruleID == "K-01" {
                    log.review(
                        "K-01",
                        "spark.conf.set of a Databricks-only setting is not a statement of its own; remove it by hand")
                } else {
                    log.flag(
                        ruleID, FlagCode.dbutilsOther,
                        "\(site.name) is not a statement of its own and cannot be commented out")
                }
                continue
            }
            edits.add(TextEdit(lines, StatementCommenter.commented(bytes, lines, prefix: "#")))
            log.add(ruleID, confidence, note)
            commentedOut = true
        }
        apply(edits.edits)
    }

    /// Call-site rewrites, repeated while a rewritten call held another site.
    private mutating func rewriteCalls() {
        let bound = environment.notebook.boundNames
        for _ in 0..<8 {
            let code = self.code()
            var roots: [[UInt8]] = []
            let triggers = code.triggers
            if triggers.contains(.dbutils) { roots.append(Roots.dbutils) }
            if triggers.contains(.sqlContext) { roots.append(Roots.sqlContext) }
            if triggers.contains(.displayHTML) && !bound.contains("displayHTML") { roots.append(Roots.displayHTML) }
            if triggers.contains(.getArgument) && !bound.contains("getArgument") { roots.append(Roots.getArgument) }
            if triggers.contains(.sql) && !bound.contains("sql") { roots.append(Roots.sql) }
            if triggers.contains(.table) && !bound.contains("table") { roots.append(Roots.table) }
            guard !roots.isEmpty else { return }
            var edits = SiteEdits()
            for site in code.callSites(rooted: roots) where !edits.isCovered(site.range) {
                dispatch(site, code, &edits)
            }
            apply(edits.edits)
            if edits.edits.isEmpty || !edits.skippedNested { break }
        }
    }

    private mutating func dispatch(_ site: CallSite, _ code: LexedCode, _ edits: inout SiteEdits) {
        let name = site.name
        if name == "dbutils" || name.hasPrefix("dbutils.") {
            rewriteDbutils(site, code, &edits)
        } else if name == "sqlContext" || name.hasPrefix("sqlContext.") {
            rewriteSQLContext(site, code, &edits)
        } else if name == "displayHTML" {
            rewriteDisplayHTML(site, code, &edits)
        } else if name == "getArgument" {
            guard site.call != nil else { return }
            rewriteGetArgument(site, code, &edits)
        } else if name == "sql" || name == "table" {
            rewriteBareSparkGlobal(site, code, &edits)
        }
    }

    private mutating func rewriteDbutils(_ site: CallSite, _ code: LexedCode, _ edits: inout SiteEdits) {
        let name = site.name
        switch name {
        case "dbutils.widgets.get": rewriteWidgetGet(site, code, &edits)
        case "dbutils.widgets.getArgument": rewriteGetArgument(site, code, &edits)
        case "dbutils.widgets.getAll":
            log.flag(
                "W-05", FlagCode.widgetsGetAll,
                "dbutils.widgets.getAll() has no AIDP counterpart; read each parameter with getParameter")
        case "dbutils.widgets.text", "dbutils.widgets.dropdown", "dbutils.widgets.combobox",
            "dbutils.widgets.multiselect",
            "dbutils.widgets.remove", "dbutils.widgets.removeAll", "dbutils.library.restartPython":
            // Commented out (or flagged) by the statement pass.
            break
        case "dbutils.notebook.run": rewriteNotebookRun(site, code, &edits)
        case "dbutils.notebook.exit": rewriteNotebookExit(site, code, &edits)
        case "dbutils.jobs.taskValues.set": rewriteTaskValueSet(site, code, &edits)
        case "dbutils.jobs.taskValues.get": rewriteTaskValueGet(site, code, &edits)
        case "dbutils.secrets.get": rewriteSecretGet(site, code, &edits, bytes: false)
        case "dbutils.secrets.getBytes": rewriteSecretGet(site, code, &edits, bytes: true)
        case "dbutils.secrets.list", "dbutils.secrets.listScopes":
            log.flag(
                "F-05", FlagCode.secretsList,
                "\(name)() has no AIDP counterpart: list credentials in the AIDP Credential Store")
        case "dbutils.data.summarize": rewriteSummarize(site, code, &edits)
        default:
            if name.hasPrefix("dbutils.notebook.entry_point") || name.hasPrefix("dbutils.notebook.getContext") {
                log.flag("N-07", FlagCode.notebookContext, "dbutils.notebook context (\(name)) has no AIDP counterpart")
            } else if let member = DbutilsRules.member(name, of: "dbutils.fs.") {
                if DbutilsRules.mountMembers.contains(member) {
                    log.flag(
                        "F-02", FlagCode.fsMount,
                        "dbutils.fs.\(member): AIDP has no mounts; map /mnt paths through the path map")
                } else {
                    log.flag(
                        "F-01", FlagCode.fsAPI,
                        "dbutils.fs.\(member): AIDP has no native fs utility (use os/shutil on /Volumes or the OCI SDK)"
                    )
                }
            } else if let member = DbutilsRules.member(name, of: "dbutils.library."),
                DbutilsRules.runtimeLibraryMembers.contains(member)
            {
                log.flag(
                    "F-07", FlagCode.libRuntime,
                    "dbutils.library.\(member) was removed in DBR 11; install cluster libraries instead")
            } else if name.hasPrefix("dbutils.credentials") {
                log.flag("F-08", FlagCode.dbutilsOther, "\(name): dbutils.credentials has no AIDP counterpart")
            } else {
                log.flag("G-08", FlagCode.dbutilsOther, "\(name) has no AIDP counterpart")
            }
        }
    }

    /// Reports an unknown argument shape: no change, FLAG.
    mutating func unknownShape(_ ruleID: String, _ site: CallSite) {
        log.flag(
            ruleID, FlagCode.dbutilsOther,
            "\(site.name)(...) has an argument shape \(ruleID) does not know; left unchanged")
    }
}

/// The first segments the Python passes look for.
enum Roots {
    static let dbutils = Array("dbutils".utf8)
    static let spark = Array("spark".utf8)
    static let sqlContext = Array("sqlContext".utf8)
    static let displayHTML = Array("displayHTML".utf8)
    static let getArgument = Array("getArgument".utf8)
    static let sql = Array("sql".utf8)
    static let table = Array("table".utf8)
    static let sc = Array("sc".utf8)
    static let udf = Array("udf".utf8)
    static let dlt = Array("dlt".utf8)
    static let databricks = Array("databricks".utf8)
    static let statementRoots = [dbutils, spark]
}
