import Migration
import Testing

/// The SOURCE fixtures of the corpus, parsed cell by cell (migration.md §3, §11).
@Suite struct NotebookSourceFixtureTests {
    @Test func pythonNotebookWithTitlesSingleLineMagicsAndEmptyChunks() throws {
        let notebook = try NotebookFixtures.read("Users/ana/etl/load_daily.py")
        #expect(notebook.format == .source)
        #expect(notebook.defaultLanguage == .python)
        #expect(notebook.workspacePath == "/Users/ana/etl/load_daily")
        #expect(notebook.emptyChunksDropped == 2)
        expectCells(
            notebook,
            [
                .markdown("# Daily load\n\nLoads the raw files.", line: 2),
                .code(.python, "import os\nimport sys", line: 10, title: "Imports", flag: "1"),
                .code(.python, "x = 1", line: 16, title: "Hidden title", flag: "0"),
                .magic("sql", .sql, "select 1", line: 20),
                .markdown("## Heading", line: 24),
                .magic("fs", .python, "ls", line: 28),
                .magic("sql", .sql, "SELECT *\n  FROM t\n\nWHERE x = 1", line: 36),
                .magic("pip", .python, "%pip install requests==2.32.3\n%restart_python", line: 45),
                .magic("sh", .python, "ls -la /tmp\n  echo indented", line: 50),
                .magic("%writefile", .python, "%%writefile /tmp/hello.py\nprint(\"hello\")", line: 56),
                .magic("load_ext", .python, "%load_ext autoreload\n%autoreload 2", line: 61),
                .code(
                    .python,
                    "# dbutils.widgets.text(\"run_date\", \"\")\n# run_date = dbutils.widgets.get(\"run_date\")\n"
                        + "print(\"widgets are commented out\")", line: 66),
            ])
        #expect(
            notebook.cells[0].original == "# MAGIC %md\n# MAGIC # Daily load\n# MAGIC\n# MAGIC Loads the raw files.")
        #expect(notebook.cells[1].original == "import os\nimport sys", "the title line is not part of the original")
    }

    @Test func pythonEdgeCasesReadAsTheGrammarSays() throws {
        let notebook = try NotebookFixtures.read("Users/ana/etl/edge_cases.py")
        #expect(notebook.emptyChunksDropped == 0)
        expectCells(
            notebook,
            [
                .magic("python", .python, "print(1)", line: 2),
                .magic("r", .r, "print(\"r, not run\")", line: 9),
                .markdown("<div style=\"color: red\">sandboxed</div>", magic: "md-sandbox", line: 14),
                .code(.python, "# MAGIC just text without a magic", line: 19, relaxation: .mixedUnparseable),
                .magic(
                    "pip", .python, "%pip install oci==2.189.0", line: 23, relaxation: .mixed,
                    comments: ["Install the client first"]),
                .code(.python, "x = 1\n# MAGIC %sql select 1", line: 28, relaxation: .mixedUnparseable),
                .magic("sql", .sql, "select 2", line: 33, relaxation: .bareMagic),
                .code(.python, "# %run ./disabled_setup", line: 37),
                .code(.python, "", line: 41, title: "Just a title", flag: "1"),
                .code(.python, "y = 2\n# DBTITLE 1,Not a title", line: 45),
                .magic("lsmagic", .python, "%lsmagic", line: 50),
                .magic("matplotlib", .python, "%matplotlib inline\n%tensorboard --logdir logs", line: 54),
                .code(.python, "z = 3", line: 59),
            ])
        #expect(notebook.cells[5].original == "x = 1\n# MAGIC %sql select 1")
    }

    @Test func sqlNotebookUsesDashDashAndKeepsARepeatedSqlToken() throws {
        let notebook = try NotebookFixtures.read("Users/ana/etl/sales_report.sql")
        #expect(notebook.defaultLanguage == .sql)
        expectCells(
            notebook,
            [
                .markdown("<h1>Sales</h1>\n\n<p>By region</p>", magic: "md-sandbox", line: 2),
                .code(
                    .sql, "SELECT region, sum(amount) AS total\nFROM sales\nGROUP BY region", line: 10, title: "Totals",
                    flag: "1"),
                .magic("python", .python, "df = spark.table(\"sales\")\ndisplay(df)", line: 16),
                .magic("sql", .sql, "SELECT 1;\n%sql\nSELECT 2;", line: 22),
                .magic("sql", .sql, "SELECT 3", line: 29),
                .code(.sql, "-- keep the filter\nSELECT * FROM sales WHERE amount > 0", line: 33),
                .markdown("Notes\n\n* one", line: 38),
            ])
    }

    @Test func scalaNotebookUsesSlashesWithSqlRunAndSandboxCells() throws {
        let notebook = try NotebookFixtures.read("Users/ana/etl/Pipeline.scala")
        #expect(notebook.defaultLanguage == .scala)
        expectCells(
            notebook,
            [
                .markdown("<b>Scala pipeline</b>", magic: "md-sandbox", line: 2),
                .code(.scala, "val df = spark.table(\"sales\")", line: 7),
                .magic("sql", .sql, "SELECT * FROM sales", line: 11),
                .magic("run", .python, "../shared/setup", line: 16),
                .code(.scala, "df.count()", line: 21, title: "Count", flag: "1"),
            ])
    }

    @Test func rNotebookIsToldFromPythonByItsExtension() throws {
        let notebook = try NotebookFixtures.read("Users/ana/stats/analysis.r")
        #expect(notebook.defaultLanguage == .r)
        expectCells(
            notebook,
            [
                .markdown("# Analysis", line: 2),
                .code(.r, "library(SparkR)\ndf <- sql(\"SELECT 1\")", line: 7),
                .magic("sql", .sql, "SELECT 1", line: 12),
                .magic("python", .python, "print(\"python in R\")", line: 16),
            ])
        let upper = try NotebookReader.read(
            data: NotebookFixtures.data("Users/ana/stats/analysis.r"), relativePath: "Users/ana/stats/analysis.R")
        #expect(upper.defaultLanguage == .r)
        #expect(upper.workspacePath == "/Users/ana/stats/analysis")
    }

    @Test func everyRunFormKeepsItsArgumentAsTheBody() throws {
        let notebook = try NotebookFixtures.read("Users/ana/etl/run_forms.py")
        expectCells(
            notebook,
            [
                .magic("run", .python, "./setup", line: 2),
                .magic("run", .python, "../lib/helpers", line: 6),
                .magic("run", .python, "/Users/ana@example.com/common/config", line: 10),
                .magic("run", .python, "/Repos/team/project/init", line: 14),
                .magic("run", .python, "\"../includes/config file\"", line: 18),
                .magic("run", .python, "./00-setup $reset_all_data=$reset_all_data $catalog=dbdemos", line: 22),
                .magic("run", .python, "./lesson $lesson=\"0\"", line: 26),
                .magic("run", .python, "../setup/mount_adls_storage", line: 30),
                .magic("run", .python, "./after_blank", line: 35),
                .magic("run", .python, "./bare_target", line: 41, relaxation: .bareMagic),
                .code(.python, "# %run ./disabled", line: 45),
                .magic("run", .python, "./x # inline comment", line: 49),
                .magic("run", .python, "./trailing/", line: 53),
                .magic("run", .python, "./config", line: 57, relaxation: .mixed, comments: ["load the shared config"]),
                .magic("run", .python, "./missing_target", line: 62),
            ])
    }

    @Test func spacesInFolderAndFileNamesStayInTheWorkspacePath() throws {
        let notebook = try NotebookFixtures.read("Shared/Team Folder/daily report.py")
        #expect(notebook.workspacePath == "/Shared/Team Folder/daily report")
        #expect(notebook.relativePath == "Shared/Team Folder/daily report.py")
        expectCells(notebook, [.code(.python, "print(\"spaces\")", line: 2)])
    }

    @Test func japaneseMarkdownSurvivesByteForByte() throws {
        let notebook = try NotebookFixtures.read("Users/ana/docs/japanese_markdown.py")
        expectCells(
            notebook,
            [
                .markdown("## 売上レポート\n日次の売上を集計します。", line: 2),
                .code(.python, "print(\"こんにちは\")", line: 8),
            ])
    }

    @Test func aFileWithoutAFinalNewlineKeepsItsLastLine() throws {
        let notebook = try NotebookFixtures.read("Users/ana/etl/no_final_newline.py")
        expectCells(notebook, [.code(.python, "a = 1", line: 2), .magic("sql", .sql, "SELECT a", line: 6)])
    }

    @Test func crlfLineEndingsReadLikeLF() throws {
        let notebook = try NotebookFixtures.read("Users/ana/etl/windows_crlf.py")
        expectCells(
            notebook,
            [
                .code(.python, "x = 1", line: 3, title: "Windows", flag: "1"),
                .markdown("Line one\n\nLine three", line: 7),
            ])
        #expect(!notebook.cells.contains { $0.original.contains("\r") || $0.body.contains("\r") })
    }

    @Test func aByteOrderMarkBeforeTheHeaderIsIgnored() throws {
        let notebook = try NotebookFixtures.read("Users/ana/etl/with_bom.py")
        expectCells(notebook, [.markdown("BOM", line: 2), .code(.python, "b = 2", line: 6)])
    }

    @Test func aHeaderOnlyNotebookIsValidWithNoCells() throws {
        let notebook = try NotebookFixtures.read("Users/ana/etl/empty.py")
        #expect(notebook.cells.isEmpty)
        #expect(notebook.emptyChunksDropped == 1)
    }

    @Test func aHeaderlessModuleIsNotANotebook() throws {
        #expect {
            try NotebookFixtures.read("Users/ana/lib/helpers.py")
        } throws: { error in
            guard let error = error as? NotebookReadError else { return false }
            return error.reason == .notANotebook && error.line == 1 && error.relativePath == "Users/ana/lib/helpers.py"
                && error.message.contains("not a notebook: a workspace file or module; it cannot be a %run target")
        }
    }
}
