import Migration
import Testing

@Suite struct RulesWidgetTests {
    @Test func w01LiteralWidgetDefinitionIsCommentedOut() {
        let cell = RulesHarness.one(
            RulesHarness.code("dbutils.widgets.text(\"env\", \"prod\", \"Environment\")\nx = 1"))
        expectCell(
            cell, source: "# dbutils.widgets.text(\"env\", \"prod\", \"Environment\")\nx = 1", status: .converted,
            rules: ["W-01"])
    }

    @Test func w01MultiLineDropdownIsCommentedOutLineByLine() {
        let source = "dbutils.widgets.dropdown(\n    \"mode\", \"full\",\n    [\"full\", \"delta\"])"
        let cell = RulesHarness.one(RulesHarness.code(source))
        expectCell(
            cell, source: "# dbutils.widgets.dropdown(\n#     \"mode\", \"full\",\n#     [\"full\", \"delta\"])",
            status: .converted,
            rules: ["W-01"])
    }

    @Test func w01ExpressionDefaultIsCommentedOutForReview() {
        let cell = RulesHarness.one(RulesHarness.code("dbutils.widgets.text(\"day\", str(date.today()))"))
        expectCell(cell, source: "# dbutils.widgets.text(\"day\", str(date.today()))", status: .review, rules: ["W-01"])
    }

    @Test func w01OnlyStatementOfABlockLeavesAPass() {
        let cell = RulesHarness.one(
            RulesHarness.code("if interactive:\n    dbutils.widgets.text(\"a\", \"1\")\nprint(2)"))
        expectCell(
            cell, source: "if interactive:\n    pass\n    # dbutils.widgets.text(\"a\", \"1\")\nprint(2)",
            status: .converted,
            rules: ["W-01"])
    }

    @Test func w01DefinitionInsideAnExpressionIsFlagged() {
        let source = "ok = dbutils.widgets.text(\"a\", \"1\") or True"
        let cell = RulesHarness.one(RulesHarness.code(source))
        #expect(cell.migration?.status == .flagged)
        #expect(cell.migration?.rules == ["W-01"])
        #expect(cell.migration?.flags == ["DBUTILS-OTHER"])
        #expect(cell.source.hasSuffix("\n" + source))
    }

    @Test func w02GetUsesTheDefaultFromTheWidgetTableOfAnotherCell() {
        let result = RulesHarness.rewrite([
            RulesHarness.code("dbutils.widgets.text(\"env\", 'prod')"),
            RulesHarness.code("env = dbutils.widgets.get(\"env\")"),
        ])
        expectCell(
            result.notebook.cells[1], source: "env = oidlUtils.parameters.getParameter(\"env\", 'prod')",
            status: .converted,
            rules: ["W-02"])
    }

    @Test func w02GetOfAnUndefinedWidgetFallsBackToEmptyForReview() {
        let cell = RulesHarness.one(RulesHarness.code("run_date = dbutils.widgets.get(\"run_date\")"))
        expectCell(
            cell, source: "run_date = oidlUtils.parameters.getParameter(\"run_date\", \"\")", status: .review,
            rules: ["W-02"])
    }

    @Test func w02GetWithAVariableNameIsRewrittenForReview() {
        let cell = RulesHarness.one(RulesHarness.code("v = dbutils.widgets.get(name)"))
        expectCell(cell, source: "v = oidlUtils.parameters.getParameter(name, \"\")", status: .review, rules: ["W-02"])
    }

    @Test func w02GetWithAnUnknownShapeIsFlagged() {
        let cell = RulesHarness.one(RulesHarness.code("v = dbutils.widgets.get(*names)"))
        #expect(cell.migration?.status == .flagged)
        #expect(cell.migration?.flags == ["DBUTILS-OTHER"])
        #expect(cell.source.hasSuffix("\nv = dbutils.widgets.get(*names)"))
    }

    @Test func w03GetArgumentWithDefaultIsSafe() {
        let cell = RulesHarness.one(
            RulesHarness.code("a = getArgument(\"a\", \"x\")\nb = dbutils.widgets.getArgument(\"b\", \"y\")"))
        expectCell(
            cell,
            source:
                "a = oidlUtils.parameters.getParameter(\"a\", \"x\")\nb = oidlUtils.parameters.getParameter(\"b\", \"y\")",
            status: .converted, rules: ["W-03"])
    }

    @Test func w03UserDefinedGetArgumentIsLeftAlone() {
        let source = "def getArgument(name, default):\n    return default\na = getArgument(\"a\", \"x\")"
        let cell = RulesHarness.one(RulesHarness.code(source))
        expectCell(cell, source: source, status: nil)
    }

    @Test func w04RemoveAllIsCommentedOut() {
        let cell = RulesHarness.one(RulesHarness.code("dbutils.widgets.removeAll()\ndbutils.widgets.remove(\"a\")"))
        expectCell(
            cell, source: "# dbutils.widgets.removeAll()\n# dbutils.widgets.remove(\"a\")", status: .converted,
            rules: ["W-04"])
    }

    @Test func w05GetAllIsFlagged() {
        let cell = RulesHarness.one(RulesHarness.code("params = dbutils.widgets.getAll()"))
        expectCell(
            cell,
            source:
                "# [aidp-migrate FLAG WIDGETS-GETALL] dbutils.widgets.getAll() has no AIDP counterpart; read each parameter with getParameter\nparams = dbutils.widgets.getAll()",
            status: .flagged, rules: ["W-05"], flags: ["WIDGETS-GETALL"])
    }

    @Test func w06DollarWidgetReferenceInSQLIsFlagged() {
        let cell = RulesHarness.one(
            RulesHarness.code("select * from t where d = '$run_date' and env = $env", magic: "sql", language: .sql))
        expectCell(
            cell,
            source:
                "%sql\n-- [aidp-migrate FLAG SQL-WIDGET-REF] SQL widget reference(s) $run_date, $env: AIDP SQL-cell substitution is unknown; rewrite as spark.sql(f\"…\") with getParameter\nselect * from t where d = '$run_date' and env = $env",
            status: .flagged, rules: ["M-02", "C-02", "W-06"], flags: ["SQL-WIDGET-REF"], type: .sql)
    }

    @Test func w06BracedAndColonReferencesAreFlaggedButCastsAndJSONPathsAreNot() {
        let flagged = RulesHarness.one(
            RulesHarness.code("select ${limit}, :since from default.s.t", magic: "sql", language: .sql))
        #expect(flagged.migration?.flags == ["SQL-WIDGET-REF"])
        #expect(flagged.migration?.notes.last?.contains("${limit}, :since") == true)
        let plain = RulesHarness.one(
            RulesHarness.code("select raw:price::double, a::int from default.s.t", magic: "sql", language: .sql))
        expectCell(
            plain, source: "%sql\nselect raw:price::double, a::int from default.s.t", status: .converted,
            rules: ["M-02"])
    }

    @Test func w06SQLWidgetStatementsAreFlagged() {
        let cell = RulesHarness.one(
            RulesHarness.code("CREATE WIDGET TEXT state DEFAULT \"CA\"", magic: "sql", language: .sql))
        #expect(cell.migration?.flags == ["SQL-WIDGET-REF"])
        #expect(cell.migration?.rules == ["M-02", "W-06"])
    }

    @Test func w07MultiselectValueSplitOnCommaIsUnchanged() {
        let result = RulesHarness.rewrite([
            RulesHarness.code("dbutils.widgets.multiselect(\"days\", \"mon\", [\"mon\", \"tue\"])"),
            RulesHarness.code("days = dbutils.widgets.get(\"days\").split(\",\")"),
        ])
        expectCell(
            result.notebook.cells[1],
            source: "days = oidlUtils.parameters.getParameter(\"days\", \"mon\").split(\",\")",
            status: .converted, rules: ["W-02", "W-07"])
    }
}
