import Foundation
import JSON
import Migration
import Testing

/// Databricks JUPYTER exports (migration.md §2.4) and R5 `.py` files that are really one.
@Suite struct NotebookJupyterReaderTests {
    private static let twinCells: [CellShape] = [
        .markdown("# Twin\nSame content, two formats.", line: 0),
        .magic("sql", .sql, "SELECT 1", line: 0),
        .magic("run", .python, "./x", line: 0),
        .magic("pip", .python, "%pip install requests\n%restart_python", line: 0),
        .code(.python, "value = 41 + 1\nprint(value)", line: 0, title: "Compute", flag: "1"),
        .markdown("<i>sandbox</i>", magic: "md-sandbox", line: 0),
    ]

    private static func withLines(_ cells: [CellShape], _ lines: [Int]) -> [CellShape] {
        zip(cells, lines).map { cell, line in
            var cell = cell
            cell.line = line
            return cell
        }
    }

    @Test func theSameContentGivesTheSameIRInBothFormats() throws {
        let source = try NotebookFixtures.read("Users/ana/jupyter/twin.py")
        let jupyter = try NotebookFixtures.read("Users/ana/jupyter/twin.ipynb")
        #expect(source.format == .source)
        #expect(jupyter.format == .jupyter)
        #expect(jupyter.workspacePath == source.workspacePath)
        expectCells(source, Self.withLines(Self.twinCells, [2, 8, 13, 17, 23, 28]))
        expectCells(jupyter, Self.withLines(Self.twinCells, [3, 23, 45, 64, 86, 108]))
    }

    @Test func databricksMetadataIsKeptOnTheNotebookAndItsCells() throws {
        let notebook = try NotebookFixtures.read("Users/ana/jupyter/twin.ipynb")
        #expect(notebook.defaultLanguage == .python)
        #expect(notebook.databricksMetadata?["notebookName"] == "twin")
        #expect(notebook.cells[2].databricksMetadata?["nuid"] == "0a1b2c3d-0000-4000-8000-000000000003")
        #expect(notebook.cells[2].original == "%run ./x")
    }

    @Test func sqlExportWithRawEmptyAndListSourcedCells() throws {
        let notebook = try NotebookFixtures.read("Users/ana/jupyter/sql_export.ipynb")
        #expect(notebook.defaultLanguage == .sql)
        #expect(notebook.emptyChunksDropped == 1)
        expectCells(
            notebook,
            [
                .code(.sql, "SELECT * FROM sales", line: 3, title: "All sales", flag: "0"),
                .code(.sql, "raw text\nkept", line: 41),
                .magic("python", .python, "print(1)", line: 46),
                .markdown("## 集計", line: 70),
            ])
        #expect(notebook.cells[1].databricksMetadata == nil)
    }

    @Test func aPyFileThatIsReallyAnIpynbIsReadAsJupyter() throws {
        let notebook = try NotebookFixtures.read("Users/ana/jupyter/exported_as_py.py")
        #expect(notebook.format == .jupyter)
        #expect(notebook.workspacePath == "/Users/ana/jupyter/exported_as_py")
        expectCells(
            notebook,
            [
                .markdown("# Really a notebook", line: 1),
                .magic("run", .python, "./x", line: 1),
                .code(.python, "print(\"after run\")", line: 1),
            ])
    }

    @Test func aPyFileStartingWithABraceThatIsNoNotebookIsAModule() {
        #expect {
            try NotebookReader.read(data: Data("{\"a\": 1}\n".utf8), relativePath: "lib/config.py")
        } throws: { error in
            guard let error = error as? NotebookReadError else { return false }
            return error.reason == .notANotebook && error.message.contains("starts with `{`")
        }
    }

    @Test func sourceMayBeAStringOrAListAndTheLanguageMayBeMissing() throws {
        let document: JSONValue = [
            "cells": [
                [
                    "cell_type": "code", "metadata": [:], "source": "%scala\nval x = 1", "outputs": [],
                    "execution_count": .null,
                ],
                [
                    "cell_type": "code", "metadata": [:], "source": ["print(", "1)"], "outputs": [],
                    "execution_count": .null,
                ],
            ],
            "metadata": [:], "nbformat": 4, "nbformat_minor": 5,
        ]
        let notebook = try NotebookReader.read(data: JSONCoding.encode(document), relativePath: "a.ipynb")
        #expect(notebook.defaultLanguage == .python)
        expectCells(
            notebook, [.magic("scala", .scala, "val x = 1", line: 1), .code(.python, "print(1)", line: 1)])
    }

    @Test func malformedJsonNamesLineAndColumn() {
        let text = "{\n \"cells\": [\n  {\"cell_type\": \"code\",, }\n ]\n}\n"
        #expect {
            try NotebookReader.read(data: Data(text.utf8), relativePath: "bad.ipynb")
        } throws: { error in
            guard let error = error as? NotebookReadError else { return false }
            return error.reason == .malformedJupyter && error.line == 3 && error.message.contains("line 3, column 24")
        }
    }

    @Test func truncatedJsonSaysItEndedEarly() {
        #expect {
            try NotebookReader.read(data: Data("{\"cells\": [".utf8), relativePath: "cut.ipynb")
        } throws: { error in
            (error as? NotebookReadError)?.message.contains("malformed Jupyter notebook JSON") == true
        }
    }

    @Test func structuralProblemsNameTheCell() {
        let cases: [(String, String)] = [
            ("[1, 2]", "top level is a JSON array"),
            ("{\"metadata\": {}}", "no \"cells\" array"),
            ("{\"cells\": [], \"nbformat\": 3}", "nbformat 3 is not supported"),
            ("{\"cells\": [\n 7\n]}", "cell 0 is a JSON number"),
            ("{\"cells\": [\n {\"source\": \"x\"}\n]}", "cell 0 has no \"cell_type\""),
            (
                "{\"cells\": [\n {\"cell_type\": \"code\", \"source\": 5}\n]}",
                "\"source\" must be a string or a list of strings"
            ),
            ("{\"cells\": [\n {\"cell_type\": \"heading\", \"source\": \"x\"}\n]}", "unknown cell_type \"heading\""),
        ]
        for (text, expected) in cases {
            #expect(throws: NotebookReadError.self) {
                try NotebookReader.read(data: Data(text.utf8), relativePath: "x.ipynb")
            }
            do {
                _ = try NotebookReader.read(data: Data(text.utf8), relativePath: "x.ipynb")
            } catch {
                #expect(error.reason == .malformedJupyter, "\(text)")
                #expect(error.message.contains(expected), "\(error.message)")
            }
        }
    }

    @Test func cellErrorsPointAtTheCellsLine() {
        do {
            _ = try NotebookReader.read(
                data: Data("{\"cells\": [\n {\"cell_type\": \"code\", \"source\": \"a\"},\n {\"source\": 1}\n]}".utf8),
                relativePath: "x.ipynb")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 3)
            #expect(error.description.hasPrefix("x.ipynb:3: "))
        }
    }
}
