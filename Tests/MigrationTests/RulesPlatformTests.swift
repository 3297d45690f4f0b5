import Migration
import Testing

@Suite struct RulesPlatformTests {
    @Test func x01DeltaLiveTablesInPythonAreFlagged() {
        let source = "import dlt\n@dlt.table\ndef bronze(): return spark.read.table(\"default.s.t\")"
        let cell = RulesHarness.one(RulesHarness.code(source))
        expectCell(
            cell, source: "# [aidp-migrate FLAG DLT] Delta Live Tables (dlt) has no AIDP counterpart\n" + source,
            status: .flagged,
            rules: ["X-01"], flags: ["DLT"])
    }

    @Test func x01StreamingAndLiveTablesInSQLAreFlagged() {
        let source = "CREATE OR REFRESH STREAMING TABLE bronze AS SELECT * FROM STREAM(LIVE.raw)"
        let cell = RulesHarness.one(RulesHarness.code(source, magic: "sql", language: .sql))
        expectCell(
            cell,
            source:
                "%sql\n-- [aidp-migrate FLAG DLT] Delta Live Tables SQL (STREAMING/LIVE tables, LIVE.x) has no AIDP counterpart\n"
                + source,
            status: .flagged, rules: ["M-02", "C-02", "X-01"], flags: ["DLT"], type: .sql)
    }

    @Test func x02AutoLoaderIsFlagged() {
        let source = "df = spark.readStream.format(\"cloudFiles\").option(\"cloudFiles.format\", \"json\").load(p)"
        let cell = RulesHarness.one(RulesHarness.code(source))
        expectCell(
            cell,
            source: "# [aidp-migrate FLAG AUTOLOADER] Auto Loader (.format(\"cloudFiles\")) has no AIDP counterpart\n"
                + source,
            status: .flagged, rules: ["X-02"], flags: ["AUTOLOADER"])
    }

    @Test func x03DatabricksSDKsAndTrackingURIAreFlagged() {
        for source in [
            "from databricks.feature_engineering import FeatureEngineeringClient",
            "from databricks import automl",
            "import databricks.sdk",
            "mlflow.set_tracking_uri(\"databricks\")",
        ] {
            let cell = RulesHarness.one(RulesHarness.code(source))
            #expect(cell.migration?.rules == ["X-03"], "\(source)")
            #expect(cell.migration?.flags == ["DBX-SDK"], "\(source)")
        }
        let cell = RulesHarness.one(RulesHarness.code("import databricks.automl"))
        expectCell(
            cell,
            source: "# [aidp-migrate FLAG DBX-SDK] databricks.automl has no AIDP counterpart\nimport databricks.automl",
            status: .flagged, rules: ["X-03"], flags: ["DBX-SDK"])
    }

    @Test func x04DatabricksOnlySQLFunctionsAreFlaggedCaseInsensitively() {
        let cell = RulesHarness.one(
            RulesHarness.code(
                "SELECT Ai_Query('m', q) FROM READ_FILES('/Volumes/a/b/c/x.csv')", magic: "sql", language: .sql))
        expectCell(
            cell,
            source:
                "%sql\n-- [aidp-migrate FLAG DBX-SQL-FUNC] Databricks-only SQL function(s): Ai_Query, READ_FILES\nSELECT Ai_Query('m', q) FROM READ_FILES('/Volumes/a/b/c/x.csv')",
            status: .flagged, rules: ["M-02", "X-04"], flags: ["DBX-SQL-FUNC"], type: .sql)
    }

    @Test func x04FunctionNamesInSparkSqlStringsAreFlagged() {
        let cell = RulesHarness.one(RulesHarness.code("spark.sql(\"select * from cloud_files('/x', 'json')\")"))
        #expect(cell.migration?.flags == ["DBX-SQL-FUNC"])
    }

    @Test func x06NonBreakingSpacesAndCurlyQuotesInCodeAreNormalised() {
        let cell = RulesHarness.one(RulesHarness.code("x\u{00A0}= “a”\u{200B}\ny = \"keep “this”\"  # and ‘this’"))
        expectCell(cell, source: "x = \"a\"\ny = \"keep “this”\"  # and ‘this’", status: .review, rules: ["X-06"])
    }

    @Test func x06MarkdownKeepsItsTypography() {
        let cell = RulesHarness.one(RulesHarness.markdown("It’s “fine”"))
        expectCell(cell, source: "It’s “fine”", status: .converted, rules: ["M-01"], type: .markdown)
    }
}
