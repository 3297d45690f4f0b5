import Foundation
import JSON
import Testing

@testable import Migration

/// `report.json` is written straight to bytes; it must stay the canonical layout (2-space indent,
/// keys in code-point order, as `JSONWriter.indented` gives), with every optional member where
/// it belongs.
@Suite struct ReportJSONTests {
    private static let awkward = "quote \" backslash \\ newline \n tab \t bell \u{07} é 日本 \u{2028}"

    private static func report() -> MigrationReport {
        var counts = MigrationReport.CellCounts()
        (counts.cells, counts.converted, counts.review, counts.flagged) = (12, 9, 2, 1)
        let flagged = MigrationReport.FlagRow(
            cellIndex: 3, cellID: "abc123", ruleID: "F-02", confidence: .flag, code: "x = 1\n", note: awkward)
        let reviewed = MigrationReport.FlagRow(
            cellIndex: 0, cellID: "def456", ruleID: "S-01", confidence: .review, code: nil, note: "n")
        return MigrationReport(
            jobName: "job " + awkward, jobFolder: "/out/job",
            tasks: [
                .init(taskKey: "t1", status: .needsFix, notebook: "/Users/a/x", counts: counts),
                .init(taskKey: "t2", status: .notANotebook, notebook: nil, counts: nil),
            ],
            notebooks: [
                .init(
                    workspacePath: "/Users/a/x", role: .task, taskKeys: ["t1"], referencedBy: [],
                    output: "notebooks/Users/a/x.ipynb", aidpPath: "/Workspace/m/job/notebooks/Users/a/x.ipynb",
                    state: .migrated, counts: counts, flags: [flagged, reviewed]),
                .init(
                    workspacePath: "/Users/a/lib", role: .dependency, taskKeys: [], referencedBy: ["/Users/a/x", "/b"],
                    output: "notebooks/Users/a/lib.ipynb", aidpPath: "/Workspace/m/job/notebooks/Users/a/lib.ipynb",
                    state: .failed("not UTF-8 " + awkward), counts: .init(), flags: []),
            ],
            jobItems: [
                JobMappingItem(field: "settings.name", rule: .jobName, confidence: .review, note: awkward),
                JobMappingItem(
                    field: "settings.tasks[0].libraries", taskKey: "t1", rule: .jobName, confidence: .flag, note: "n"),
            ],
            errors: ["e1", awkward], warnings: [],
            runtime: .init(
                tool: "skillhost 1", ruleSetVersion: "rules@1", settingsFingerprint: "f", workspaceRoot: "/w"))
    }

    @Test func bytesAreTheCanonicalIndentedLayout() throws {
        let bytes = Self.report().jsonBytes()
        let parsed = try JSONParser.parse(bytes)
        #expect(bytes == JSONWriter.indented(parsed, indent: 2))
    }

    @Test func everyMemberCarriesItsValue() throws {
        let json = try JSONParser.parse(Self.report().jsonBytes())
        #expect(json["schemaVersion"] == .int(1))
        #expect(json["job"] == .string("job " + Self.awkward))
        #expect(json["status"] == "FAILED")
        #expect(json["errors"] == [.string("e1"), .string(Self.awkward)])
        #expect(json["warnings"] == [])
        #expect(
            json["runtime"] == [
                "tool": "skillhost 1", "ruleSetVersion": "rules@1", "settingsFingerprint": "f", "workspaceRoot": "/w",
            ])
        let counts: JSONValue = ["cells": 12, "converted": 9, "review": 2, "flagged": 1]
        #expect(
            json["tasks"] == [
                ["task": "t1", "status": "NEEDS_FIX", "notebook": "/Users/a/x", "cells": counts],
                ["task": "t2", "status": "NOT_A_NOTEBOOK"],
            ])
        let notebooks = try #require(json["notebooks"]?.arrayValue)
        #expect(
            notebooks[0] == [
                "workspacePath": "/Users/a/x", "role": "task", "tasks": ["t1"], "referencedBy": [],
                "output": "notebooks/Users/a/x.ipynb", "aidpPath": "/Workspace/m/job/notebooks/Users/a/x.ipynb",
                "state": "migrated", "cells": counts,
                "findings": [
                    [
                        "cellIndex": 3, "cellId": "abc123", "rule": "F-02", "confidence": "FLAG", "code": "x = 1\n",
                        "note": .string(Self.awkward),
                    ],
                    ["cellIndex": 0, "cellId": "def456", "rule": "S-01", "confidence": "REVIEW", "note": "n"],
                ],
            ])
        #expect(notebooks[1]["state"] == "failed")
        #expect(notebooks[1]["error"] == .string("not UTF-8 " + Self.awkward))
        #expect(notebooks[1]["findings"] == [])
        #expect(notebooks[1]["referencedBy"] == ["/Users/a/x", "/b"])
        #expect(notebooks[1]["cells"] == ["cells": 0, "converted": 0, "review": 0, "flagged": 0])
        #expect(
            json["jobMapping"] == [
                ["field": "settings.name", "rule": "JOB-NAME", "confidence": "REVIEW", "note": .string(Self.awkward)],
                [
                    "field": "settings.tasks[0].libraries", "taskKey": "t1", "rule": "JOB-NAME", "confidence": "FLAG",
                    "note": "n",
                ],
            ])
    }
}
