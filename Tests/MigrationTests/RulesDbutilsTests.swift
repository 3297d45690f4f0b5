import Migration
import Testing

@Suite struct RulesDbutilsTests {
    /// The cell is flagged with exactly this rule and code, and keeps its code under the marker.
    private func flagged(
        _ source: String, rule: String, flag: String, reason: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let cell = RulesHarness.one(RulesHarness.code(source))
        expectCell(
            cell, source: "# [aidp-migrate FLAG \(flag)] \(reason)\n" + source, status: .flagged, rules: [rule],
            flags: [flag],
            sourceLocation: sourceLocation)
    }

    @Test func f01FsCallsAreFlagged() {
        flagged(
            "files = dbutils.fs.ls(\"/Volumes/x\")", rule: "F-01", flag: "FS-API",
            reason: "dbutils.fs.ls: AIDP has no native fs utility (use os/shutil on /Volumes or the OCI SDK)")
        flagged(
            "dbutils.fs.rm(tmp, True)", rule: "F-01", flag: "FS-API",
            reason: "dbutils.fs.rm: AIDP has no native fs utility (use os/shutil on /Volumes or the OCI SDK)")
    }

    @Test func f02MountCallsAreFlagged() {
        flagged(
            "for m in dbutils.fs.mounts(): print(m)", rule: "F-02", flag: "FS-MOUNT",
            reason: "dbutils.fs.mounts: AIDP has no mounts; map /mnt paths through the path map")
    }

    @Test func f03MappedSecretUsesTheSecretMap() {
        let cell = RulesHarness.one(RulesHarness.code("pw = dbutils.secrets.get(scope=\"kv\", key=\"db-password\")"))
        expectCell(
            cell, source: "pw = aidputils.secrets.get(\"db_cred\", \"password\")", status: .review, rules: ["F-03"])
    }

    @Test func f03UnmappedSecretGetsSanitisedGuessedNames() {
        let cell = RulesHarness.one(RulesHarness.code("t = dbutils.secrets.get(\"my-scope\", \"1st.token\")"))
        expectCell(
            cell, source: "t = aidputils.secrets.get(\"my_scope\", \"x_1st_token\")", status: .review, rules: ["F-03"])
        #expect(cell.migration?.notes.first?.contains("not in the secret map") == true)
    }

    @Test func f03SecretWithVariableScopeIsFlagged() {
        flagged(
            "t = dbutils.secrets.get(scope, \"k\")", rule: "F-03", flag: "DBUTILS-OTHER",
            reason: "dbutils.secrets.get(...) with a non-literal scope or key cannot be mapped to an AIDP credential")
    }

    @Test func f04GetBytesEncodesTheSecret() {
        let cell = RulesHarness.one(RulesHarness.code("b = dbutils.secrets.getBytes(\"kv\", \"db-password\")"))
        expectCell(
            cell, source: "b = aidputils.secrets.get(\"db_cred\", \"password\").encode(\"utf-8\")", status: .review,
            rules: ["F-04"])
    }

    @Test func f05SecretListingIsFlagged() {
        flagged(
            "print(dbutils.secrets.listScopes())", rule: "F-05", flag: "SECRETS-LIST",
            reason:
                "dbutils.secrets.listScopes() has no AIDP counterpart: list credentials in the AIDP Credential Store")
    }

    @Test func f06RestartPythonIsCommentedOut() {
        let cell = RulesHarness.one(RulesHarness.code("dbutils.library.restartPython()"))
        expectCell(cell, source: "# dbutils.library.restartPython()", status: .converted, rules: ["F-06"])
    }

    @Test func f07RuntimeLibraryInstallIsFlagged() {
        flagged(
            "dbutils.library.installPyPI(\"tqdm\")", rule: "F-07", flag: "LIB-RUNTIME",
            reason: "dbutils.library.installPyPI was removed in DBR 11; install cluster libraries instead")
    }

    @Test func f08CredentialsAreFlaggedAndSummarizeBecomesDisplaySummary() {
        flagged(
            "dbutils.credentials.showCurrentRole()", rule: "F-08", flag: "DBUTILS-OTHER",
            reason: "dbutils.credentials.showCurrentRole: dbutils.credentials has no AIDP counterpart")
        let cell = RulesHarness.one(RulesHarness.code("dbutils.data.summarize(df)"))
        expectCell(cell, source: "display(df.summary())", status: .review, rules: ["F-08"])
    }

    @Test func g01DisplayIsNativeAndLeftUntouched() {
        let cell = RulesHarness.one(RulesHarness.code("display(df)"))
        expectCell(cell, source: "display(df)", status: nil)
    }

    @Test func g02DisplayHTMLGetsTheIPythonImportOncePerNotebook() {
        let result = RulesHarness.rewrite([
            RulesHarness.code("x = 1"),
            RulesHarness.code("displayHTML(\"<b>a</b>\")"),
            RulesHarness.code("displayHTML(html)"),
        ])
        expectCell(result.notebook.cells[0], source: "x = 1", status: nil)
        expectCell(
            result.notebook.cells[1],
            source: "from IPython.display import HTML, display as _ipy_display\n_ipy_display(HTML(\"<b>a</b>\"))",
            status: .review,
            rules: ["G-02"])
        expectCell(result.notebook.cells[2], source: "_ipy_display(HTML(html))", status: .review, rules: ["G-02"])
    }

    @Test func g02ImportSkipsAFlaggedCell() {
        let result = RulesHarness.rewrite([
            RulesHarness.code("displayHTML(x)\ndbutils.fs.ls(\"/\")"),
            RulesHarness.code("displayHTML(y)"),
        ])
        #expect(result.notebook.cells[0].migration?.status == .flagged)
        #expect(
            result.notebook.cells[1].source
                == "from IPython.display import HTML, display as _ipy_display\n_ipy_display(HTML(y))")
    }

    @Test func g03SparkIsNativeAndLeftUntouched() {
        let cell = RulesHarness.one(RulesHarness.code("df = spark.range(10)"))
        expectCell(cell, source: "df = spark.range(10)", status: nil)
    }

    @Test func g04SparkContextInPythonIsKeptForReview() {
        let cell = RulesHarness.one(
            RulesHarness.code("sc.setLogLevel(\"WARN\")\nn = spark.sparkContext.defaultParallelism"))
        expectCell(
            cell, source: "sc.setLogLevel(\"WARN\")\nn = spark.sparkContext.defaultParallelism", status: .review,
            rules: ["G-04"])
    }

    @Test func g04NotebookThatBindsScItselfIsNotReported() {
        let source = "sc = StandardScaler()\nsc.fit(x)"
        let cell = RulesHarness.one(RulesHarness.code(source))
        expectCell(cell, source: source, status: nil)
    }

    @Test func g04SparkContextInScalaIsFlagged() {
        let cell = RulesHarness.one(
            RulesHarness.code("val rdd = sc.parallelize(1 to 3)", magic: "scala", language: .scala))
        expectCell(
            cell,
            source:
                "%scala\n// [aidp-migrate FLAG SCALA-SC] sc.parallelize: %scala runs on Spark Connect, which has no SparkContext\nval rdd = sc.parallelize(1 to 3)",
            status: .flagged, rules: ["M-04", "G-04"], flags: ["SCALA-SC"], type: .scala)
    }

    @Test func g05SQLContextSqlAndTableBecomeSpark() {
        let cell = RulesHarness.one(RulesHarness.code("a = sqlContext.sql(q)\nb = sqlContext.table(name)"))
        expectCell(cell, source: "a = spark.sql(q)\nb = spark.table(name)", status: .converted, rules: ["G-05"])
    }

    @Test func g05OtherSQLContextMembersAreFlagged() {
        flagged(
            "sqlContext.cacheTable(\"t\")", rule: "G-05", flag: "DBUTILS-OTHER",
            reason: "sqlContext.cacheTable has no AIDP counterpart (only sqlContext.sql/.table are rewritten)")
    }

    @Test func g06BareSqlAndTableGlobalsBecomeSparkCalls() {
        let cell = RulesHarness.one(RulesHarness.code("df = sql(query)\nt = table(name)"))
        expectCell(cell, source: "df = spark.sql(query)\nt = spark.table(name)", status: .converted, rules: ["G-06"])
    }

    @Test func g06LocallyDefinedTableFunctionIsLeftAlone() {
        let source = "from mylib import table\nt = table(\"x\")"
        let cell = RulesHarness.one(RulesHarness.code(source))
        expectCell(cell, source: source, status: nil)
    }

    @Test func g07BareUdfGetsItsImportOnce() {
        let result = RulesHarness.rewrite([
            RulesHarness.code("@udf(\"int\")\ndef plus(x): return x + 1"),
            RulesHarness.code("f = udf(lambda x: x)"),
        ])
        expectCell(
            result.notebook.cells[0],
            source: "from pyspark.sql.functions import udf\n@udf(\"int\")\ndef plus(x): return x + 1",
            status: .converted, rules: ["G-07"])
        expectCell(result.notebook.cells[1], source: "f = udf(lambda x: x)", status: .converted, rules: ["G-07"])
    }

    @Test func g07ImportedUdfIsNotReported() {
        let result = RulesHarness.rewrite([
            RulesHarness.code("from pyspark.sql.functions import col, udf"),
            RulesHarness.code("f = udf(lambda x: x)"),
        ])
        #expect(result.notebook.cells.allSatisfy { $0.migration == nil })
    }

    @Test func g08AnyOtherDbutilsReferenceIsFlagged() {
        flagged("dbutils.help()", rule: "G-08", flag: "DBUTILS-OTHER", reason: "dbutils.help has no AIDP counterpart")
        flagged(
            "nb = dbutils.notebook", rule: "G-08", flag: "DBUTILS-OTHER",
            reason: "dbutils.notebook has no AIDP counterpart")
    }

    @Test func g08DbutilsInsideAnFStringFieldIsFlagged() {
        flagged(
            "print(f\"env={dbutils.widgets.get('env')}\")", rule: "G-08", flag: "DBUTILS-OTHER",
            reason: "dbutils is called inside an f-string replacement field; rewrite it by hand")
    }
}
