import Migration
import Testing

@Suite struct RulesWorkflowTests {
    let aidp = RulesHarness.aidp

    @Test func n01ExitIsRenamed() {
        let cell = RulesHarness.one(RulesHarness.code("dbutils.notebook.exit(json.dumps({\"rows\": n}))"))
        expectCell(
            cell, source: "oidlUtils.notebook.exit(json.dumps({\"rows\": n}))", status: .converted, rules: ["N-01"])
    }

    @Test func n02LiteralRunWithPositiveTimeoutIsSafe() {
        let cell = RulesHarness.one(RulesHarness.code("r = dbutils.notebook.run(\"./child\", 600, {\"day\": d})"))
        expectCell(
            cell, source: "r = oidlUtils.notebook.run(\"\(aidp)/Users/a/etl/child.ipynb\", 600, {\"day\": d})",
            status: .converted,
            rules: ["N-02"])
    }

    @Test func n02TimeoutZeroAndKeywordsBecomePositionalForReview() {
        let cell = RulesHarness.one(
            RulesHarness.code("dbutils.notebook.run(arguments={\"a\": \"1\"}, path='child', timeout_seconds=0)"))
        expectCell(
            cell, source: "oidlUtils.notebook.run('\(aidp)/Users/a/etl/child.ipynb', 3600, {\"a\": \"1\"})",
            status: .review,
            rules: ["N-02"])
    }

    @Test func n02ConfiguredTimeoutReplacesZero() {
        var config = RulesHarness.config
        config.notebookRunTimeout = 900
        let cell = RulesHarness.one(
            RulesHarness.code("dbutils.notebook.run(\"child\", 0)"), context: RulesHarness.context(config))
        expectCell(
            cell, source: "oidlUtils.notebook.run(\"\(aidp)/Users/a/etl/child.ipynb\", 900)", status: .review,
            rules: ["N-02"])
    }

    @Test func n02MissingTargetIsFlagged() {
        let cell = RulesHarness.one(RulesHarness.code("dbutils.notebook.run(\"./gone\", 60)"))
        expectCell(
            cell,
            source:
                "# [aidp-migrate FLAG RUN-UNRESOLVED] dbutils.notebook.run target /Users/a/etl/gone is not in the export\ndbutils.notebook.run(\"./gone\", 60)",
            status: .flagged, rules: ["N-02"], flags: ["RUN-UNRESOLVED"])
    }

    @Test func n03DynamicPathIsFlagged() {
        let source = "dbutils.notebook.run(f\"./jobs/{name}\", 0)"
        let cell = RulesHarness.one(RulesHarness.code(source))
        expectCell(
            cell,
            source:
                "# [aidp-migrate FLAG RUN-DYNAMIC-PATH] dbutils.notebook.run(f\"./jobs/{name}\", ...) has a dynamic path: rename to oidlUtils.notebook.run and point it at the migrated .ipynb by hand; the dependency cannot be discovered\n"
                + source, status: .flagged, rules: ["N-03"], flags: ["RUN-DYNAMIC-PATH"])
    }

    @Test func n03VariablePathIsFlaggedAndIsNoDependency() {
        let source = "out = dbutils.notebook.run(target, 60)"
        let result = RulesHarness.rewrite([RulesHarness.code(source)])
        expectCell(
            result.notebook.cells[0],
            source:
                "# [aidp-migrate FLAG RUN-DYNAMIC-PATH] dbutils.notebook.run(target, ...) has a dynamic path: rename to oidlUtils.notebook.run and point it at the migrated .ipynb by hand; the dependency cannot be discovered\n"
                + source, status: .flagged, rules: ["N-03"], flags: ["RUN-DYNAMIC-PATH"])
        #expect(RulesHarness.dependencies([RulesHarness.code(source)]).isEmpty)
    }

    @Test func n04ResultParsedAsJSONGetsAReviewNote() {
        let cell = RulesHarness.one(RulesHarness.code("out = json.loads(dbutils.notebook.run(\"child\", 60))"))
        expectCell(
            cell, source: "out = json.loads(oidlUtils.notebook.run(\"\(aidp)/Users/a/etl/child.ipynb\", 60))",
            status: .review,
            rules: ["N-02", "N-04"])
    }

    @Test func n05TaskValueSetWrapsNonStringValuesInStr() {
        let cell = RulesHarness.one(
            RulesHarness.code(
                "dbutils.jobs.taskValues.set(key=\"rows\", value=count)\ndbutils.jobs.taskValues.set(\"state\", \"done\")"
            ))
        expectCell(
            cell,
            source:
                "oidlUtils.parameters.setTaskValue(\"rows\", str(count))\noidlUtils.parameters.setTaskValue(\"state\", \"done\")",
            status: .review, rules: ["N-05"])
    }

    @Test func n06TaskValueGetKeepsKeyAndDefault() {
        let cell = RulesHarness.one(
            RulesHarness.code(
                "a = dbutils.jobs.taskValues.get(taskKey=\"ingest\", key=\"rows\", default=0, debugValue=5)\nb = dbutils.jobs.taskValues.get(\"ingest\", \"state\", debugValue=\"x\")"
            ))
        expectCell(
            cell,
            source:
                "a = oidlUtils.parameters.getParameter(\"rows\", 0)\nb = oidlUtils.parameters.getParameter(\"state\", \"x\")",
            status: .review, rules: ["N-06"])
    }

    @Test func n07NotebookContextIsFlagged() {
        let source = "path = dbutils.notebook.entry_point.getDbutils().notebook().getContext().notebookPath().get()"
        let cell = RulesHarness.one(RulesHarness.code(source))
        expectCell(
            cell,
            source:
                "# [aidp-migrate FLAG NB-CONTEXT] dbutils.notebook context (dbutils.notebook.entry_point.getDbutils) has no AIDP counterpart\n"
                + source, status: .flagged, rules: ["N-07"], flags: ["NB-CONTEXT"])
    }

    @Test func nestedWidgetGetInsideANotebookRunIsRewrittenToo() {
        let cell = RulesHarness.one(
            RulesHarness.code("dbutils.notebook.run(\"child\", 60, {\"d\": dbutils.widgets.get(\"d\")})"))
        expectCell(
            cell,
            source:
                "oidlUtils.notebook.run(\"\(aidp)/Users/a/etl/child.ipynb\", 60, {\"d\": oidlUtils.parameters.getParameter(\"d\", \"\")})",
            status: .review, rules: ["N-02", "W-02"])
    }
}
