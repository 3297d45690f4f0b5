import Foundation
import Migration
import Testing

/// The notebook fixture corpus (`Fixtures/notebooks/`, original files written for this project)
/// and the helpers the notebook tests read it with.
enum NotebookFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/notebooks")

    static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(relativePath))
    }

    static func read(_ relativePath: String) throws -> SourceNotebook {
        try NotebookReader.read(data: data(relativePath), relativePath: relativePath)
    }
}

/// The parts of a `SourceCell` the parser decides, in a form whose mismatches print readably.
struct CellShape: Equatable, CustomStringConvertible {
    var kind: SourceCell.Kind
    var language: NotebookLanguage?
    var magic: String?
    var body: String
    var line: Int
    var title: String?
    var titleFlag: String?
    var relaxation: SourceCell.Relaxation?
    var comments: [String] = []

    init(_ cell: SourceCell) {
        kind = cell.kind
        language = cell.language
        magic = cell.magic
        body = cell.body
        line = cell.originLine
        title = cell.title
        titleFlag = cell.titleFlag
        relaxation = cell.relaxation
        comments = cell.leadingComments
    }

    init(
        kind: SourceCell.Kind, language: NotebookLanguage?, magic: String?, body: String, line: Int,
        title: String? = nil, titleFlag: String? = nil, relaxation: SourceCell.Relaxation? = nil,
        comments: [String] = []
    ) {
        self.kind = kind
        self.language = language
        self.magic = magic
        self.body = body
        self.line = line
        self.title = title
        self.titleFlag = titleFlag
        self.relaxation = relaxation
        self.comments = comments
    }

    /// A plain cell in `language` (no magic).
    static func code(
        _ language: NotebookLanguage, _ body: String, line: Int, title: String? = nil, flag: String? = nil,
        relaxation: SourceCell.Relaxation? = nil
    ) -> CellShape {
        CellShape(
            kind: .code, language: language, magic: nil, body: body, line: line, title: title, titleFlag: flag,
            relaxation: relaxation)
    }

    static func magic(
        _ magic: String, _ language: NotebookLanguage, _ body: String, line: Int, title: String? = nil,
        flag: String? = nil, relaxation: SourceCell.Relaxation? = nil, comments: [String] = []
    ) -> CellShape {
        CellShape(
            kind: .code, language: language, magic: magic, body: body, line: line, title: title, titleFlag: flag,
            relaxation: relaxation, comments: comments)
    }

    static func markdown(_ body: String, magic: String = "md", line: Int, title: String? = nil, flag: String? = nil)
        -> CellShape
    {
        CellShape(kind: .markdown, language: nil, magic: magic, body: body, line: line, title: title, titleFlag: flag)
    }

    var description: String {
        var parts = ["\(kind)", language.map { "\($0)" } ?? "-", magic.map { "%\($0)" } ?? "-", "line \(line)"]
        if let title { parts.append("title \(title.debugDescription) (\(titleFlag ?? "-"))") }
        if let relaxation { parts.append(relaxation.rawValue) }
        if !comments.isEmpty { parts.append("comments \(comments)") }
        parts.append("body \(body.debugDescription)")
        return parts.joined(separator: " ")
    }
}

/// Checks `notebook`'s cells against `expected` one by one, so a failure names the cell.
func expectCells(
    _ notebook: SourceNotebook, _ expected: [CellShape], sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(notebook.cells.count == expected.count, "cell count", sourceLocation: sourceLocation)
    for (position, cell) in notebook.cells.enumerated() {
        #expect(cell.index == position, "index of cell \(position)", sourceLocation: sourceLocation)
        guard position < expected.count else { continue }
        #expect(CellShape(cell) == expected[position], "cell \(position)", sourceLocation: sourceLocation)
    }
}

@Suite struct NotebookFixtureTests {
    /// Editors and git settings can silently "fix" these files; the tests built on them would
    /// then pass without testing anything.
    @Test func byteLevelFixturesKeepTheirOddities() throws {
        let crlf = try NotebookFixtures.data("Users/ana/etl/windows_crlf.py")
        #expect(crlf.count > 0 && crlf.filter { $0 == 0x0A }.count == crlf.filter { $0 == 0x0D }.count)
        #expect(try NotebookFixtures.data("Users/ana/etl/with_bom.py").starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(try NotebookFixtures.data("Users/ana/etl/no_final_newline.py").last != 0x0A)
        let edges = try String(decoding: NotebookFixtures.data("Users/ana/etl/edge_cases.py"), as: UTF8.self)
        #expect(edges.contains("# MAGIC \n# MAGIC %python"))
        #expect(edges.contains("# COMMAND ---------- \t\n"))
        let sql = try String(decoding: NotebookFixtures.data("Users/ana/etl/sales_report.sql"), as: UTF8.self)
        #expect(sql.contains("-- MAGIC \n") && sql.contains("-- MAGIC\n"))
    }
}
