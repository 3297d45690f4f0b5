import Foundation
import JSON
import Migration
import Testing

/// Corpus outputs where migration.md left a choice or once disagreed with the rules, pinned so
/// they cannot drift back.
@Suite struct CorpusDeviationTests {
    private func cells(_ notebook: String) throws -> [GoldenCell] {
        let run = try Corpus.result()
        let data = try #require(run.files["notebooks/" + notebook], "\(notebook) was not written")
        return (try JSONCoding.decode(data)["cells"]?.arrayValue ?? []).map(GoldenCell.init)
    }

    /// M-01: every `%md` / `%md-sandbox` cell becomes a markdown cell with the SAFE M-01 finding,
    /// also when its first MAGIC lines are blank (§3.1 rule 2: leading empty payload lines).
    @Test func markdownAfterBlankMagicLinesRecordsM01() throws {
        let magics = try cells("Users/mei.tanaka@example.com/corpus/platform/magics.ipynb")
        let report = try cells("Users/mei.tanaka@example.com/corpus/sql/daily_report.ipynb")
        #expect(magics.first?.cellType == "markdown" && report.last?.cellType == "markdown")
        #expect(magics.first?.rules.contains("M-01") == true, "magics.ipynb cell 0: \(magics.first?.rules ?? [])")
        #expect(
            report.last?.rules.contains("M-01") == true, "daily_report.ipynb last cell: \(report.last?.rules ?? [])")
    }

    /// N-03 says "rename to `oidlUtils.notebook.run`; FLAG", while §13 and "Read this first" say a
    /// flagged cell keeps its original code. skillhost keeps the code: a half-converted flagged
    /// cell would hide what still needs a person. The note names the rename for the fix step.
    @Test func aDynamicNotebookRunKeepsItsCodeAndNamesTheRename() throws {
        let controller = try cells("Users/mei.tanaka@example.com/corpus/flows/controller.ipynb")
        let cell = try #require(controller.first { $0.rules.contains("N-03") })
        #expect(cell.flags == ["RUN-DYNAMIC-PATH"])
        #expect(cell.source.contains("dbutils.notebook.run(f\"./step_{step}\", 300)"), "\(cell.source)")
        #expect(cell.notes.contains { $0.contains("oidlUtils.notebook.run") }, "\(cell.notes)")
    }

    /// §7 "Marking": a cell's rules and notes say what was done to it. A flagged cell keeps its
    /// original code, so any rewrite it did not get is marked "not applied" and left out of
    /// `rules`, instead of announcing an `X → Y` that is not in the cell.
    @Test func flaggedCellsDoNotReportRewritesTheyDoNotContain() throws {
        let run = try Corpus.result()
        var misleading: [String] = []
        var unapplied = 0
        for (path, data) in run.notebooks.sorted(by: { $0.key < $1.key }) {
            for (index, cell) in (try JSONCoding.decode(data)["cells"]?.arrayValue ?? []).map(GoldenCell.init)
                .enumerated()
            where cell.status == "flagged" {
                for note in cell.notes {
                    if note.hasPrefix("not applied") {
                        unapplied += 1
                        continue
                    }
                    guard let arrow = note.range(of: " → ") else { continue }
                    let target = note[arrow.upperBound...].prefix { $0 != " " && $0 != ";" && $0 != "(" }
                    if !target.isEmpty, !cell.source.contains(target) {
                        misleading.append("\(path) cell \(index): \(note)")
                    }
                }
            }
        }
        #expect(misleading.isEmpty, "\(misleading.joined(separator: "\n"))")
        #expect(unapplied > 0, "the corpus should hold flagged cells with rewrites they did not get")
    }
}
