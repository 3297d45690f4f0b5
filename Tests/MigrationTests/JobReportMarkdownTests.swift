import Testing

@testable import Migration

/// Table cells and list items of JOB_REPORT.md stay on one line whatever the text holds.
@Suite struct JobReportMarkdownTests {
    private func render(task: String, errors: [String] = []) -> String {
        var counts = MigrationReport.CellCounts()
        (counts.cells, counts.converted, counts.review, counts.flagged) = (1234, 0, 56, 7)
        let report = MigrationReport(
            jobName: "job", jobFolder: "/out/job",
            tasks: [.init(taskKey: task, status: .needsFix, notebook: nil, counts: counts)], notebooks: [],
            jobItems: [], errors: errors, warnings: [],
            runtime: .init(tool: "skillhost", ruleSetVersion: "rules@1", settingsFingerprint: "f", workspaceRoot: "/w"))
        return String(decoding: JobReportMarkdown.renderBytes(report), as: UTF8.self)
    }

    private func taskLine(_ document: String) -> String {
        String(document.split(separator: "\n").first { $0.hasSuffix("| 56 | 7 |") } ?? "")
    }

    @Test func pipesInACellAreEscapedAndCountsAreWrittenInDecimal() {
        #expect(taskLine(render(task: "a|b||c")) == #"| a\|b\|\|c | NEEDS_FIX | 1234 | 0 | 56 | 7 |"#)
    }

    @Test func everyKindOfLineBreakBecomesOneSpaceAndNoneAtTheEnds() {
        let task = "\n\r\nfirst\r\n\u{0B}\u{0C}second\u{85}third\u{2028}\u{2029}fourth\n"
        #expect(taskLine(render(task: task)) == "| first second third fourth | NEEDS_FIX | 1234 | 0 | 56 | 7 |")
    }

    @Test func otherCharactersSharingALineBreaksLeadByteAreKept() {
        // U+2014 and U+00A0 start with the same bytes as U+2028 and U+0085 but are not breaks.
        #expect(
            taskLine(render(task: "a\u{2014}b\u{A0}c é")) == "| a\u{2014}b\u{A0}c é | NEEDS_FIX | 1234 | 0 | 56 | 7 |")
    }

    @Test func aPipeRightAfterALineBreakKeepsTheSpaceBeforeIt() {
        #expect(taskLine(render(task: "a\n|b|\n")) == #"| a \|b\| | NEEDS_FIX | 1234 | 0 | 56 | 7 |"#)
    }

    @Test func errorsAreOneLineListItemsWithTheirPipesKept() {
        let document = render(task: "t", errors: ["cannot read x|y:\nnot UTF-8"])
        #expect(document.contains("\n- **error**: cannot read x|y: not UTF-8\n"))
    }

}
