import Durable
import Foundation
import JSON
import Migration
import Testing

/// `NotebookWriter`: nbformat 4.5 output that is byte-reproducible and reads back.
@Suite struct NotebookWriterTests {
    /// One cell of each kind and every metadata branch; the golden file is this notebook's bytes.
    static let small = MigratedNotebook(
        outputRelativePath: "Users/ana/etl/small.ipynb",
        aidpPath: "/Workspace/migrated/nightly/notebooks/Users/ana/etl/small.ipynb",
        cells: [
            MigratedCell(kind: .markdown, type: .markdown, source: "# Small\nA notebook for the golden test. 日本語"),
            MigratedCell(
                kind: .code, type: .python, source: "import os\nprint(os.getcwd())\n",
                migration: CellMigration(status: .converted, rules: ["S-02"], title: "Imports", showTitle: "1")),
            MigratedCell(
                kind: .code, type: .sql, source: "%sql\nSELECT \"quoted\"\tFROM t",
                migration: CellMigration(status: .review, rules: ["M-02", "C-01"], notes: ["catalog main → default"])),
            MigratedCell(
                kind: .code, type: .python, source: "# [aidp-migrate FLAG M-10] no fs utility\n%fs ls /mnt",
                migration: CellMigration(status: .flagged, rules: ["M-10"], notes: ["%fs"], flags: ["FS-MAGIC"]),
                extraMetadata: ["source_meta": ["nuid": "abc"], "type": "ignored"]),
            MigratedCell(kind: .raw, type: .raw, source: ""),
        ])

    private func document(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONCoding.decode(Data(bytes))
    }

    @Test func writingTwiceGivesTheSameBytes() {
        #expect(NotebookWriter.write(Self.small) == NotebookWriter.write(Self.small))
    }

    /// `SKILLHOST_REGENERATE_GOLDEN=1 swift test --filter matchesTheGoldenFile` rewrites the file;
    /// check the diff (and nbformat's verdict) before committing it.
    @Test func matchesTheGoldenFile() throws {
        let written = NotebookWriter.write(Self.small)
        if ProcessInfo.processInfo.environment["SKILLHOST_REGENERATE_GOLDEN"] == "1" {
            try Data(written).write(to: NotebookFixtures.root.appendingPathComponent("golden/small.ipynb"))
        }
        let golden = try NotebookFixtures.data("golden/small.ipynb")
        #expect(written == Array(golden), "\(String(decoding: written, as: UTF8.self))")
    }

    @Test func idsAreDeterministicValidAndUnique() throws {
        let many = MigratedNotebook(
            outputRelativePath: "a/b.ipynb", aidpPath: "/Workspace/a/b.ipynb",
            cells: (0..<500).map { MigratedCell(kind: .code, type: .python, source: "x = \($0)") })
        let cells = try document(NotebookWriter.write(many))["cells"]?.arrayValue ?? []
        let ids = cells.compactMap { $0["id"]?.stringValue }
        #expect(ids.count == 500)
        #expect(Set(ids).count == 500)
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
        #expect(ids.allSatisfy { !$0.isEmpty && $0.count <= 64 && $0.allSatisfy(allowed.contains) })
        #expect(ids[3] == NotebookCellID.make(outputRelativePath: "a/b.ipynb", index: 3))
        // `printf '%s' 'a/b.ipynb#0' | sha256sum`, first 16 hex digits.
        #expect(ids[0] == "8bdcadc500cebf3a")
    }

    @Test func idsOfPathsAroundAndPastAHashBlockMatchTheirOneShotDigest() throws {
        // Lengths around 55/56 (one padding block or two) and 64 (the prefix fills a whole block).
        for length in [7, 52, 53, 54, 55, 56, 62, 63, 64, 65, 127, 128, 200] {
            let path = String(repeating: "p", count: length - 6) + ".ipynb"
            let notebook = MigratedNotebook(
                outputRelativePath: path, aidpPath: "/Workspace/" + path,
                cells: (0..<12).map { MigratedCell(kind: .markdown, type: .markdown, source: "\($0)") })
            let cells = try document(NotebookWriter.write(notebook))["cells"]?.arrayValue ?? []
            let ids = cells.compactMap { $0["id"]?.stringValue }
            let expected = (0..<12).map { String(SHA256.hash("\(path)#\($0)").hex.prefix(16)) }
            #expect(ids == expected, "path of \(length) bytes")
        }
    }

    @Test func cellShapesFollowNbformat45() throws {
        let written = try document(NotebookWriter.write(Self.small))
        #expect(written["nbformat"] == 4)
        #expect(written["nbformat_minor"] == 5)
        #expect(written["metadata"]?.objectValue?.keys.sorted() == ["kernelspec", "language_info"])
        #expect(written["metadata"]?["kernelspec"]?["display_name"] == "Python 3")
        let cells = written["cells"]?.arrayValue ?? []
        #expect(
            cells.map { $0.objectValue?.keys.sorted() ?? [] } == [
                ["cell_type", "id", "metadata", "source"],
                ["cell_type", "execution_count", "id", "metadata", "outputs", "source"],
                ["cell_type", "execution_count", "id", "metadata", "outputs", "source"],
                ["cell_type", "execution_count", "id", "metadata", "outputs", "source"],
                ["cell_type", "id", "metadata", "source"],
            ])
        #expect(cells[1]["execution_count"] == .null)
        #expect(cells[1]["outputs"] == [])
        #expect(cells[1]["source"] == ["import os\n", "print(os.getcwd())\n"])
        #expect(cells[2]["source"] == ["%sql\n", "SELECT \"quoted\"\tFROM t"])
        #expect(cells[4]["source"] == [])
    }

    @Test func cellMetadataCarriesTypeMigrationAndExtras() throws {
        let cells = try document(NotebookWriter.write(Self.small))["cells"]?.arrayValue ?? []
        #expect(cells[0]["metadata"] == ["type": "markdown"])
        #expect(
            cells[1]["metadata"]?["aidp_migration"] == [
                "status": "converted", "rules": ["S-02"], "notes": [], "title": "Imports", "show_title": "1",
            ])
        #expect(
            cells[3]["metadata"] == [
                "type": "python", "source_meta": ["nuid": "abc"],
                "aidp_migration": ["status": "flagged", "rules": ["M-10"], "notes": ["%fs"], "flags": ["FS-MAGIC"]],
            ])
    }

    @Test func sourceSplitsLikePythonSplitlines() throws {
        let text = "a\r\nb\rc\u{2028}d\u{0B}e\n\nf"
        let notebook = MigratedNotebook(
            outputRelativePath: "s.ipynb", aidpPath: "/s.ipynb",
            cells: [MigratedCell(kind: .code, type: .python, source: text)])
        let source = try document(NotebookWriter.write(notebook))["cells"]?.arrayValue?.first?["source"]
        #expect(source == ["a\r\n", "b\r", "c\u{2028}", "d\u{0B}", "e\n", "\n", "f"])
    }

    @Test func theOutputEndsWithOneNewlineAndUsesOneSpaceIndent() {
        let text = String(decoding: NotebookWriter.write(Self.small), as: UTF8.self)
        #expect(text.hasSuffix("}\n") && !text.hasSuffix("\n\n"))
        #expect(text.hasPrefix("{\n \"cells\": [\n  {\n   \"cell_type\": \"markdown\",\n"))
    }

    @Test func aWrittenNotebookReadsBackToTheSameCells() throws {
        let written = NotebookWriter.write(Self.small)
        let notebook = try NotebookReader.read(data: Data(written), relativePath: "Users/ana/etl/small.ipynb")
        #expect(notebook.format == .jupyter)
        #expect(notebook.emptyChunksDropped == 1, "the empty raw cell")
        let shapes = notebook.cells.map { cell in
            "\(cell.kind)|\(cell.language.map(\.rawValue) ?? "-")|\(cell.magic ?? "-")|\(cell.body)"
        }
        #expect(
            shapes == [
                "markdown|-|md|# Small\nA notebook for the golden test. 日本語",
                "code|python|-|import os\nprint(os.getcwd())",
                "code|sql|sql|SELECT \"quoted\"\tFROM t",
                "code|python|-|# [aidp-migrate FLAG M-10] no fs utility\n%fs ls /mnt",
            ])
    }

    @Test func aFiveMegabyteCellWritesAndReadsBackInLinearTime() throws {
        let body = String(repeating: String(repeating: "w", count: 99) + "\n", count: 50_000)
        let notebook = MigratedNotebook(
            outputRelativePath: "big.ipynb", aidpPath: "/big.ipynb",
            cells: [MigratedCell(kind: .code, type: .sql, source: "%sql\n" + body)])
        let clock = ContinuousClock()
        var back: SourceNotebook?
        let elapsed = try clock.measure {
            back = try NotebookReader.read(data: Data(NotebookWriter.write(notebook)), relativePath: "big.ipynb")
        }
        #expect(back?.cells.first?.body == String(body.dropLast()))
        #expect(elapsed < .seconds(20), "\(elapsed)")
    }

    /// Each cell written the way the rules emit it (`%<magic>` line + body, token-keeping magics
    /// as their body) reads back with the same kind, language and body.
    @Test func sourceNotebooksSurviveWriteAndReadCellByCell() throws {
        for path in ["Users/ana/etl/load_daily.py", "Users/ana/etl/run_forms.py", "Users/ana/etl/sales_report.sql"] {
            let source = try NotebookFixtures.read(path)
            let migrated = MigratedNotebook(
                outputRelativePath: path + ".ipynb", aidpPath: "/" + path,
                cells: source.cells.map { cell in
                    guard let language = cell.language else {
                        return MigratedCell(kind: .markdown, type: .markdown, source: cell.body)
                    }
                    let token = cell.magic ?? (language == .python ? nil : language.rawValue)
                    let keepsToken = cell.body.hasPrefix("%")
                    return MigratedCell(
                        kind: .code, type: MigratedCell.CellType(rawValue: language.rawValue)!,
                        source: (keepsToken ? "" : token.map { "%\($0)\n" } ?? "") + cell.body)
                })
            let back = try NotebookReader.read(data: Data(NotebookWriter.write(migrated)), relativePath: "x.ipynb")
            func shape(_ cell: SourceCell) -> String {
                "\(cell.kind)|\(cell.language.map(\.rawValue) ?? "-")|\(cell.body)"
            }
            #expect(back.cells.map(shape) == source.cells.map(shape), "\(path)")
        }
    }
}
