import Migration
import Testing

@Suite struct RulesScopeTests {
    @Test func widgetGetInsideAStringOrACommentIsUntouched() {
        let source =
            "# env = dbutils.widgets.get(\"env\")\nhelp = \"call dbutils.widgets.get('env') to read it\"\ndoc = '''dbutils.fs.ls(\"/\")'''"
        let cell = RulesHarness.one(RulesHarness.code(source))
        expectCell(cell, source: source, status: nil)
    }

    @Test func commentedOutWidgetBlockIsUntouched() {
        let source = "# dbutils.widgets.text(\"a\", \"1\")\n# dbutils.widgets.dropdown(\"b\", \"x\", [\"x\"])"
        let cell = RulesHarness.one(RulesHarness.code(source))
        expectCell(cell, source: source, status: nil)
    }

    @Test func attributeNamedLikeAGlobalIsNotACallSite() {
        let source = "x = obj.sql(\"select 1\")\ny = my_dbutils.fs.ls(\"/\")\nz = mydisplayHTML(h)"
        let cell = RulesHarness.one(RulesHarness.code(source))
        expectCell(cell, source: source, status: nil)
    }

    @Test func sqlCommentsAndStringsAreNotRewritten() {
        let source =
            "-- from main.a.b\nselect 'main.x.y' as s, \"dbutils.widgets.get('x')\" as e /* USE CATALOG main */ from default.s.t"
        let cell = RulesHarness.one(RulesHarness.code(source, magic: "sql", language: .sql))
        expectCell(cell, source: "%sql\n" + source, status: .converted, rules: ["M-02"])
    }

    @Test func pathRulesLeaveNonPathTextInStringsAlone() {
        let source = "a = \"see /mnt for details\"\nb = \"prefix/mnt/raw/x\""
        let cell = RulesHarness.one(RulesHarness.code(source))
        expectCell(cell, source: source, status: nil)
    }

    @Test func migratedPythonCellIsUnchangedByASecondRewrite() {
        let first = RulesHarness.rewrite([
            RulesHarness.code("dbutils.widgets.text(\"env\", \"prod\")"),
            RulesHarness.code(
                "env = dbutils.widgets.get(\"env\")\nr = dbutils.notebook.run(\"./child\", 0, {\"e\": env})\npw = dbutils.secrets.get(\"kv\", \"db-password\")\ndf = spark.read.csv(\"dbfs:/tmp/a.csv\")\ndisplayHTML(h)\ndbutils.notebook.exit(\"ok\")"
            ),
            RulesHarness.code("%pip install x\n%restart_python", magic: "pip"),
            RulesHarness.code("select * from main.s.t", magic: "sql", language: .sql),
            RulesHarness.code("./lib/setup", magic: "run"),
        ])
        let again = RulesHarness.rewrite(
            first.notebook.cells.map { cell in
                cell.type == .sql
                    ? RulesHarness.code(String(cell.source.dropFirst("%sql\n".count)), magic: "sql", language: .sql)
                    : RulesHarness.code(cell.source)
            })
        #expect(again.notebook.cells.map(\.source) == first.notebook.cells.map(\.source))
        for index in [0, 1, 2, 4] { #expect(again.notebook.cells[index].migration == nil) }
    }

    @Test func flaggedCellIsStableWhenRewrittenAgain() {
        let first = RulesHarness.one(RulesHarness.code("dbutils.fs.ls(\"/\")"))
        let second = RulesHarness.one(RulesHarness.code(first.source))
        #expect(second.source == first.source)
        #expect(second.migration?.flags == ["FS-API"])
        let run = RulesHarness.one(RulesHarness.code("./gone", magic: "run"))
        #expect(RulesHarness.one(RulesHarness.code(run.source)).source == run.source)
        let sql = RulesHarness.one(RulesHarness.code("select $x", magic: "sql", language: .sql))
        let sqlAgain = RulesHarness.one(
            RulesHarness.code(String(sql.source.dropFirst("%sql\n".count)), magic: "sql", language: .sql))
        #expect(sqlAgain.source == sql.source)
    }

    @Test func cellsWithCommentsAroundMagicsAreStableWhenRewrittenAgain() {
        let cells = [
            RulesHarness.code("./lib/setup\n#note", magic: "run", relaxation: .mixed, comments: ["load config"]),
            RulesHarness.code("ls /mnt", magic: "fs", relaxation: .mixed, comments: ["list"]),
            RulesHarness.code(
                "%%writefile a.py\nprint(1)", magic: "%writefile", relaxation: .mixed, comments: ["helper"]),
            RulesHarness.code("x <- 1", magic: "r", language: .r, relaxation: .mixed, comments: ["r code"]),
        ]
        let first = RulesHarness.rewrite(cells)
        #expect(
            first.notebook.cells.map(\.source) == [
                "# load config\n# note\n%run \(RulesHarness.aidp)/Users/a/etl/lib/setup.ipynb",
                "# [aidp-migrate FLAG FS-MAGIC] %fs: AIDP has no native fs utility\n# list\n%fs ls /mnt",
                "%%writefile a.py\n# helper\nprint(1)",
                "%r\n# [aidp-migrate FLAG LANG-R] R has no evidence of support on AIDP\n# r code\nx <- 1",
            ])
        let again = RulesHarness.rewrite(first.notebook.cells.map { RulesHarness.code($0.source) })
        #expect(again.notebook.cells.map(\.source) == first.notebook.cells.map(\.source))
        #expect(again.notebook.cells[0].migration == nil)
    }

    @Test func databricksMetadataIsCarriedAsSourceMeta() {
        var cell = RulesHarness.code("x = 1")
        cell.databricksMetadata = ["nuid": "abc"]
        let migrated = RulesHarness.one(cell)
        #expect(migrated.extraMetadata["source_meta"] == ["nuid": "abc"])
    }
}
