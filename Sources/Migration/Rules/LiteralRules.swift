/// Rules that target string literals in Python and Scala code: paths (P-01..P-06), SQL inside
/// `spark.sql("…")` (C, K-02, X-01, X-04), table names passed to `spark.table`/`saveAsTable`
/// (C-01, C-02), `.format("cloudFiles")`, Databricks MLflow URIs,
/// `spark.catalog.setCurrentCatalog` (C-03) and Delta time-travel options (K-02).
enum LiteralRules {
    private static let tableMethods: Set<String> = ["table", "saveAsTable", "insertInto", "toTable"]
    private static let mlflowDatabricks: Set<String> = ["set_tracking_uri", "set_registry_uri", "get_deploy_client"]

    static func edits(_ code: LexedCode, environment: RuleEnvironment, log: inout FindingLog) -> [TextEdit] {
        var edits: [TextEdit] = []
        let bytes = code.bytes
        for literal in code.literals where !literal.isBytes && !literal.isBacktick {
            PathRules.rewrite(
                bytes, content: literal.content, interpolated: literal.isInterpolated, environment: environment,
                log: &log,
                edits: &edits)
            guard let (method, isMethod) = callContext(literal, code) else { continue }
            switch method {
            case "sql" where isMethod:
                let content = Array(bytes[literal.content])
                let sql = SQLRules(environment: environment, isCell: false)
                var inner = sql.apply(SQLLexer.lex(content), log: &log)
                shift(&inner, by: literal.contentStart)
                edits.append(contentsOf: inner)
            case _ where isMethod && tableMethods.contains(method):
                guard !literal.isInterpolated else { continue }
                let sql = SQLRules(environment: environment, isCell: false)
                edits.append(contentsOf: sql.tableName(bytes, content: literal.content, log: &log))
            case "format" where isMethod:
                if ByteText.equals(bytes, literal.content, Array("cloudFiles".utf8)) {
                    log.flag(
                        "X-02", FlagCode.autoLoader, "Auto Loader (.format(\"cloudFiles\")) has no AIDP counterpart")
                }
            case "option" where isMethod:
                let value = ByteText.string(bytes, literal.content)
                if value == "versionAsOf" || value == "timestampAsOf" {
                    log.review("K-02", "Delta time travel (\(value)) kept: Delta 3.2 on AIDP supports it")
                }
            case "setCurrentCatalog" where isMethod:
                let name = ByteText.string(bytes, literal.content)
                if let mapped = environment.tables.mappedCatalog(name), mapped != name, !literal.isInterpolated {
                    edits.append(TextEdit(literal.content, mapped))
                    log.safe("C-03", "catalog \(name) → \(mapped) (catalog map)")
                }
            case _ where mlflowDatabricks.contains(method):
                let value = ByteText.string(bytes, literal.content)
                if value.hasPrefix("databricks") {
                    log.flag("X-03", FlagCode.databricksSDK, "mlflow.\(method)(\"\(value)\") targets Databricks")
                }
            default:
                break
            }
        }
        return edits
    }

    /// The function a literal is the first argument of: `spark.sql("…")` → (`sql`, true).
    static func callContext(_ literal: LexedCode.Literal, _ code: LexedCode) -> (String, Bool)? {
        guard let open = code.previousCodeByte(before: literal.start), code.bytes[open] == ByteText.openParen,
            code.isCode(open), let name = code.identifier(endingBefore: open)
        else { return nil }
        let isMethod = name.lowerBound > 0 && code.bytes[name.lowerBound - 1] == ByteText.dot
        return (code.text(name), isMethod)
    }

    private static func shift(_ edits: inout [TextEdit], by offset: Int) {
        for index in edits.indices {
            edits[index].range = (edits[index].range.lowerBound + offset)..<(edits[index].range.upperBound + offset)
        }
    }
}

extension PythonRewriter {
    mutating func rewriteLiterals() {
        let code = self.code()
        guard !code.literals.isEmpty else { return }
        checkInterpolatedDbutils(code)
        apply(LiteralRules.edits(code, environment: environment, log: &log))
    }

    /// G-08 for `dbutils` inside f-string replacement fields, which the call rules do not rewrite.
    private mutating func checkInterpolatedDbutils(_ code: LexedCode) {
        guard code.literals.contains(where: \.isInterpolated), contains("dbutils") else { return }
        for literal in code.literals where literal.isInterpolated {
            let content = Array(code.bytes[literal.content])
            if ByteText.contains(content, Roots.dbutils), content.contains(ByteText.openBrace) {
                log.flag(
                    "G-08", FlagCode.dbutilsOther,
                    "dbutils is called inside an f-string replacement field; rewrite it by hand")
            }
        }
    }
}
