import Migration
import Testing

@Suite struct RulesPathCatalogTests {
    @Test func p01WorkspacePathOfAMigratedNotebookIsRemapped() {
        let cell = RulesHarness.one(
            RulesHarness.code("target = \"/Workspace/Repos/team/proj/util\"\nother = \"/Users/a/exp\""))
        expectCell(
            cell, source: "target = \"\(RulesHarness.aidp)/Repos/team/proj/util.ipynb\"\nother = \"/Users/a/exp\"",
            status: .review,
            rules: ["P-01"])
    }

    @Test func p02DbfsPathsGoToTheDefaultVolume() {
        let cell = RulesHarness.one(
            RulesHarness.code(
                "a = spark.read.csv(\"dbfs:/tmp/x.csv\")\nb = open('/dbfs/tmp/y.txt')\nc = \"/FileStore/tables/z\""))
        expectCell(
            cell,
            source:
                "a = spark.read.csv(\"/Volumes/default/default/dbfs/tmp/x.csv\")\nb = open('/Volumes/default/default/dbfs/tmp/y.txt')\nc = \"/Volumes/default/default/dbfs/FileStore/tables/z\"",
            status: .review, rules: ["P-02"])
    }

    @Test func p02PathMapWinsOverTheDefaultAndIsIdempotent() {
        let cell = RulesHarness.one(RulesHarness.code("p = f\"/dbfs/FileStore/shared/{day}/a.csv\""))
        expectCell(cell, source: "p = f\"/Volumes/ops/files/shared/{day}/a.csv\"", status: .review, rules: ["P-02"])
        let again = RulesHarness.one(RulesHarness.code(cell.source))
        expectCell(again, source: cell.source, status: nil)
    }

    @Test func p02ConfiguredVolumeCatalogAndSchema() {
        var config = RulesHarness.config
        config.dbfsVolumeCatalog = "lake"
        config.dbfsVolumeSchema = "landing"
        let cell = RulesHarness.one(RulesHarness.code("x = 'dbfs:/data/a'"), context: RulesHarness.context(config))
        expectCell(cell, source: "x = '/Volumes/lake/landing/dbfs/data/a'", status: .review, rules: ["P-02"])
    }

    @Test func p03MappedMountUsesTheLongestPrefix() {
        var config = RulesHarness.config
        config.pathMap["/mnt/raw/special"] = "oci://special@tenancy"
        let cell = RulesHarness.one(
            RulesHarness.code("a = \"/mnt/raw/x.csv\"\nb = \"dbfs:/mnt/raw/special/y\""),
            context: RulesHarness.context(config))
        expectCell(
            cell, source: "a = \"oci://raw@tenancy/landing/x.csv\"\nb = \"oci://special@tenancy/y\"",
            status: .converted, rules: ["P-03"])
    }

    @Test func p03UnmappedMountIsFlagged() {
        let cell = RulesHarness.one(RulesHarness.code("df = spark.read.parquet(\"/mnt/curated/sales\")"))
        expectCell(
            cell,
            source:
                "# [aidp-migrate FLAG PATH-UNMAPPED] mount path /mnt/curated/sales has no pathMap entry\ndf = spark.read.parquet(\"/mnt/curated/sales\")",
            status: .flagged, rules: ["P-03"], flags: ["PATH-UNMAPPED"])
    }

    @Test func p03MountPrefixDoesNotMatchALongerSegment() {
        let cell = RulesHarness.one(RulesHarness.code("x = \"/mnt/raw2/a\""))
        #expect(cell.migration?.flags == ["PATH-UNMAPPED"])
    }

    @Test func p04MappedBucketBecomesObjectStorage() {
        let cell = RulesHarness.one(RulesHarness.code("df = spark.read.json(\"s3a://bucket/events/\")"))
        expectCell(
            cell, source: "df = spark.read.json(\"oci://bucket@tenancy/events/\")", status: .converted, rules: ["P-04"])
    }

    @Test func p04UnmappedBucketIsFlagged() {
        let source = "df = spark.read.json(\"abfss://c@acct.dfs.core.windows.net/x\")"
        let cell = RulesHarness.one(RulesHarness.code(source))
        expectCell(
            cell,
            source:
                "# [aidp-migrate FLAG PATH-UNMAPPED] object storage path abfss://c@acct.dfs.core.windows.net/x has no pathMap (bucket) entry\n"
                + source, status: .flagged, rules: ["P-04"], flags: ["PATH-UNMAPPED"])
    }

    @Test func p05VolumePathGetsTheCatalogMap() {
        let cell = RulesHarness.one(RulesHarness.code("p = \"/Volumes/main/raw/files/a.csv\""))
        expectCell(cell, source: "p = \"/Volumes/default/raw/files/a.csv\"", status: .converted, rules: ["P-05"])
    }

    @Test func p06DatabricksDatasetsAreFlagged() {
        let source = "df = spark.read.csv(\"/databricks-datasets/nyctaxi/x.csv\")"
        let cell = RulesHarness.one(RulesHarness.code(source))
        expectCell(
            cell,
            source:
                "# [aidp-migrate FLAG PATH-DBX-DATASETS] /databricks-datasets/nyctaxi/x.csv: /databricks-datasets does not exist on AIDP\n"
                + source, status: .flagged, rules: ["P-06"], flags: ["PATH-DBX-DATASETS"])
    }

    @Test func pathsInSQLStringsAndBackQuotedTablesAreRewritten() {
        let cell = RulesHarness.one(
            RulesHarness.code(
                "select * from delta.`/mnt/raw/t` union select * from parquet.`dbfs:/x`", magic: "sql", language: .sql))
        expectCell(
            cell,
            source:
                "%sql\nselect * from delta.`oci://raw@tenancy/landing/t` union select * from parquet.`/Volumes/default/default/dbfs/x`",
            status: .review, rules: ["M-02", "P-03", "P-02"], type: .sql)
    }

    @Test func c01ThreePartNamesInSQLGetTheCatalogMap() {
        let cell = RulesHarness.one(
            RulesHarness.code(
                "SELECT * FROM main.sales.orders o JOIN `hive_metastore`.db.t ON o.id = t.id", magic: "sql",
                language: .sql))
        expectCell(
            cell, source: "%sql\nSELECT * FROM default.sales.orders o JOIN `default`.db.t ON o.id = t.id",
            status: .converted,
            rules: ["M-02", "C-01"], type: .sql)
    }

    @Test func c01CatalogsInSparkSqlStringsAndTableArgumentsAreMapped() {
        let cell = RulesHarness.one(
            RulesHarness.code(
                "df = spark.sql(\"select * from main.a.b\")\ndf.write.saveAsTable('hive_metastore.x.y')\nspark.table(\"main.a.c\")"
            ))
        expectCell(
            cell,
            source:
                "df = spark.sql(\"select * from default.a.b\")\ndf.write.saveAsTable('default.x.y')\nspark.table(\"default.a.c\")",
            status: .converted, rules: ["C-01"])
    }

    @Test func c01UnmappedCatalogIsUnchanged() {
        let cell = RulesHarness.one(RulesHarness.code("select * from lake.bronze.t", magic: "sql", language: .sql))
        expectCell(cell, source: "%sql\nselect * from lake.bronze.t", status: .converted, rules: ["M-02"])
    }

    @Test func c02ShortTableNamesGetANoteButCTEsAndTempViewsDoNot() {
        let result = RulesHarness.rewrite([
            RulesHarness.code("df.createOrReplaceTempView(\"staged\")"),
            RulesHarness.code(
                "with recent as (select * from sales.orders) select * from recent join staged using (id) join customers c on true",
                magic: "sql", language: .sql),
        ])
        let cell = result.notebook.cells[1]
        #expect(cell.migration?.status == .review)
        #expect(cell.migration?.rules == ["M-02", "C-02"])
        #expect(
            cell.migration?.notes.last
                == "one- or two-part table names resolve against AIDP's default catalog/schema: sales.orders, customers"
        )
    }

    @Test func c02FunctionArgumentsAreNotTables() {
        let cell = RulesHarness.one(
            RulesHarness.code(
                "select extract(year from ts), trim(both ' ' from s) from default.s.t", magic: "sql", language: .sql))
        #expect(cell.migration?.rules == ["M-02"])
    }

    @Test func c03UseCatalogAndUseSchemaGetTheCatalogMap() {
        let cell = RulesHarness.one(
            RulesHarness.code(
                "USE CATALOG main;\nUSE SCHEMA main.sales;\nUSE hive_metastore.db", magic: "sql", language: .sql))
        expectCell(
            cell, source: "%sql\nUSE CATALOG default;\nUSE SCHEMA default.sales;\nUSE default.db", status: .converted,
            rules: ["M-02", "C-03"])
    }

    @Test func c03SetCurrentCatalogInPythonIsMapped() {
        let cell = RulesHarness.one(RulesHarness.code("spark.catalog.setCurrentCatalog(\"main\")"))
        expectCell(cell, source: "spark.catalog.setCurrentCatalog(\"default\")", status: .converted, rules: ["C-03"])
    }

    @Test func k01DatabricksSparkConfIsCommentedOutInEveryLanguage() {
        let python = RulesHarness.one(
            RulesHarness.code(
                "spark.conf.set(\"spark.databricks.delta.optimizeWrite.enabled\", \"true\")\nspark.conf.set(\"spark.sql.shuffle.partitions\", 8)"
            ))
        expectCell(
            python,
            source:
                "# spark.conf.set(\"spark.databricks.delta.optimizeWrite.enabled\", \"true\")\nspark.conf.set(\"spark.sql.shuffle.partitions\", 8)",
            status: .converted, rules: ["K-01"])
        let sql = RulesHarness.one(
            RulesHarness.code(
                "SET spark.databricks.delta.preview.enabled = true;\nselect 1", magic: "sql", language: .sql))
        expectCell(
            sql, source: "%sql\n-- SET spark.databricks.delta.preview.enabled = true;\nselect 1", status: .converted,
            rules: ["M-02", "K-01"])
        let scala = RulesHarness.one(
            RulesHarness.code(
                "spark.conf.set(\"spark.databricks.io.cache.enabled\", \"true\")", magic: "scala", language: .scala))
        expectCell(
            scala, source: "%scala\n// spark.conf.set(\"spark.databricks.io.cache.enabled\", \"true\")",
            status: .review, rules: ["M-04", "K-01"])
    }

    @Test func k02DeltaMaintenanceAndTimeTravelAreKeptForReview() {
        let source =
            "OPTIMIZE default.s.t ZORDER BY (id);\nVACUUM default.s.t;\nSELECT * FROM default.s.t VERSION AS OF 3"
        let cell = RulesHarness.one(RulesHarness.code(source, magic: "sql", language: .sql))
        expectCell(cell, source: "%sql\n" + source, status: .review, rules: ["M-02", "K-02"])
        #expect(
            cell.migration?.notes.last
                == "Delta features kept (Delta 3.2 on AIDP): OPTIMIZE, ZORDER BY, VACUUM, VERSION AS OF")
    }

    @Test func k02DeltaTableApiIsKeptForReview() {
        let source = "DeltaTable.forName(spark, \"default.s.t\").optimize().executeZOrderBy(\"id\")"
        let cell = RulesHarness.one(RulesHarness.code(source))
        expectCell(cell, source: source, status: .review, rules: ["K-02"])
    }
}
