import Foundation
import Migration
import Testing

/// Rules of the SOURCE grammar (migration.md §3) checked on small inline notebooks.
@Suite struct NotebookSourceGrammarTests {
    private func read(_ text: String, _ path: String = "n.py") throws -> SourceNotebook {
        try NotebookReader.read(data: Data(text.utf8), relativePath: path)
    }

    private func cells(_ text: String, _ path: String = "n.py") throws -> [CellShape] {
        try read(text, path).cells.map(CellShape.init)
    }

    @Test func magicNamesMatchLongestAndEndAtWhitespace() throws {
        let header = "# Databricks notebook source\n"
        #expect(try cells(header + "# MAGIC %run ./r")[0].magic == "run")
        #expect(try cells(header + "# MAGIC %r x <- 1")[0].magic == "r")
        #expect(try cells(header + "# MAGIC %md-sandbox x")[0].magic == "md-sandbox")
        #expect(try cells(header + "# MAGIC %md\tx")[0] == .markdown("x", line: 2))
        #expect(try cells(header + "# MAGIC %sql;")[0].relaxation == .mixedUnparseable, "%sql; is no magic token")
        #expect(try cells(header + "# MAGIC %%sql\n# MAGIC select 1")[0].magic == "%sql")
        #expect(try cells(header + "# MAGIC %\n# MAGIC x")[0].relaxation == .mixedUnparseable)
    }

    @Test func onlyTheExactMagicPrefixIsRemovedAndIndentationSurvives() throws {
        let text = "# Databricks notebook source\n# MAGIC %python\n# MAGIC if x:\n# MAGIC     y = 1\n# MAGIC  z"
        #expect(try cells(text)[0].body == "if x:\n    y = 1\n z")
    }

    @Test func aBareMagicWithTrailingBlanksIsAnEmptyLine() throws {
        let text = "# Databricks notebook source\n# MAGIC %md\n# MAGIC a\n# MAGIC\t\n# MAGIC b"
        #expect(try cells(text) == [.markdown("a\n\nb", line: 2)])
    }

    @Test func blankRestAfterTheTokenIsNotABodyLine() throws {
        let text = "# Databricks notebook source\n# MAGIC %sql   \n# MAGIC select 1"
        #expect(try cells(text)[0].body == "select 1")
    }

    @Test func restAfterTheTokenKeepsItsOwnIndentation() throws {
        let text = "# Databricks notebook source\n# MAGIC %md     indented code"
        #expect(try cells(text)[0].body == "    indented code")
    }

    @Test func runWithNothingAfterItHasAnEmptyBody() throws {
        #expect(try cells("# Databricks notebook source\n# MAGIC %run")[0] == .magic("run", .python, "", line: 2))
    }

    @Test func separatorsNeedExactlyTenDashesAndMayTrailWhitespace() throws {
        let text =
            "# Databricks notebook source\na\n# COMMAND ---------- \r\nb\n# COMMAND ---------\nc\n# COMMAND -----------\nd"
        let notebook = try read(text)
        #expect(notebook.cells.map(\.body) == ["a", "b\n# COMMAND ---------\nc\n# COMMAND -----------\nd"])
    }

    @Test func theHeaderPrefixDecidesTheCommentSyntax() throws {
        // A .py exported with a SQL header: the header's `--` is authoritative.
        let notebook = try read(
            "-- Databricks notebook source\nSELECT 1\n-- COMMAND ----------\n-- MAGIC %md x", "odd.py")
        #expect(notebook.defaultLanguage == .sql)
        #expect(notebook.cells.map(\.magic) == [nil, "md"])
        #expect(try read("# Databricks notebook source   \nx").cells.count == 1, "trailing blanks after the header")
    }

    @Test func aTitleCountsOnlyOnTheFirstNonBlankLine() throws {
        let text =
            "# Databricks notebook source\n\n\n# DBTITLE 12,Many digits, and a comma\n\n# MAGIC %sql select 1\n\n"
        #expect(
            try cells(text) == [.magic("sql", .sql, "select 1", line: 6, title: "Many digits, and a comma", flag: "12")]
        )
        #expect(try cells("# Databricks notebook source\n# DBTITLE x,No digit\ny")[0].title == nil)
        #expect(
            try cells("# Databricks notebook source\n# DBTITLE 1,\ny")[0]
                == .code(.python, "y", line: 3, title: "", flag: "1"))
    }

    @Test func mixedCellsKeepAllCommentLinesAndOnlyCommentLines() throws {
        let text = "# Databricks notebook source\n  #   indented comment\n#no space\n\n# MAGIC %sh\n# MAGIC ls"
        let cell = try read(text).cells[0]
        #expect(cell.relaxation == .mixed)
        #expect(cell.leadingComments == ["  indented comment", "no space"])
        #expect(cell.magic == "sh" && cell.body == "ls")
        #expect(cell.original == "  #   indented comment\n#no space\n\n# MAGIC %sh\n# MAGIC ls")
    }

    @Test func sqlAndScalaMixedCellsUseTheirOwnCommentPrefix() throws {
        let sql = try read("-- Databricks notebook source\n-- why\n-- MAGIC %python\n-- MAGIC x = 1", "q.sql").cells[0]
        #expect(sql.relaxation == .mixed && sql.leadingComments == ["why"] && sql.language == .python)
        let scala = try read("// Databricks notebook source\n# not a scala comment\n// MAGIC %sql select 1", "s.scala")
        #expect(scala.cells[0].relaxation == .mixedUnparseable && scala.cells[0].language == .scala)
    }

    @Test func aBareMagicNeedsToBeTheFirstLine() throws {
        let text = "# Databricks notebook source\n# comment first\n%pip install x"
        #expect(try cells(text) == [.code(.python, "# comment first\n%pip install x", line: 2)])
        #expect(
            try cells("# Databricks notebook source\n\n  %sql select 1")[0].relaxation == nil, "indented: not a magic")
    }

    @Test func cellIndicesCountOnlyNonEmptyChunks() throws {
        let text =
            "# Databricks notebook source\n\n# COMMAND ----------\na\n# COMMAND ----------\n\n\n# COMMAND ----------\nb\n# COMMAND ----------"
        let notebook = try read(text)
        #expect(notebook.cells.map(\.index) == [0, 1])
        #expect(notebook.cells.map(\.originLine) == [4, 9])
        #expect(notebook.emptyChunksDropped == 3)
    }

    @Test func aFiveMegabyteCellParsesInLinearTime() throws {
        let line = String(repeating: "x", count: 99) + "\n"
        let big = String(repeating: "# MAGIC " + line, count: 50_000)
        let oneLine = String(repeating: "y", count: 5_000_000)
        let text = "# Databricks notebook source\n# MAGIC %sql\n" + big + "# COMMAND ----------\n" + oneLine + "\n"
        let clock = ContinuousClock()
        var notebook: SourceNotebook?
        let elapsed = try clock.measure { notebook = try read(text) }
        #expect(notebook?.cells.count == 2)
        #expect(notebook?.cells[0].body.utf8.count == 50_000 * 100 - 1)
        #expect(notebook?.cells[1].body.utf8.count == 5_000_000)
        #expect(elapsed < .seconds(20), "\(elapsed): a quadratic step would take hours")
    }

    @Test func aFiveMegabyteJupyterCellParsesInLinearTime() throws {
        let source = String(repeating: String(repeating: "z", count: 99) + "\n", count: 50_000)
        let json =
            "{\"cells\": [{\"cell_type\": \"code\", \"metadata\": {}, \"source\": \"%sql\\n"
            + source.replacingOccurrences(of: "\n", with: "\\n") + "\"}], \"metadata\": {}, \"nbformat\": 4}"
        let clock = ContinuousClock()
        var notebook: SourceNotebook?
        let elapsed = try clock.measure {
            notebook = try NotebookReader.read(data: Data(json.utf8), relativePath: "big.ipynb")
        }
        #expect(notebook?.cells.first?.magic == "sql")
        #expect(notebook?.cells.first?.body.utf8.count == 50_000 * 100 - 1)
        #expect(elapsed < .seconds(20), "\(elapsed)")
    }
}
