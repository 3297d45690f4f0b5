import JSON
import Migration
import SkillHost

/// The tool result of `aidp-migrate-job`: what the migration is now, and what this call did.
enum MigrateJobResult {
    static func output(prepared: PreparedMigration, outcome: MigrationExecutor.Outcome) -> ToolOutput {
        let report = prepared.report
        let folder = prepared.jobFolder
        // The outcome lists paths; which of them are notebooks, the plan says (one output per path).
        let notebookPaths = Set(prepared.outputs.lazy.filter(\.item.isNotebook).map(\.path))
        let isNotebook = notebookPaths.contains
        let failedNotebooks = report.notebooks.count { $0.state.isFailed }
        let written = outcome.written.count(where: isNotebook)
        let skipped = outcome.skipped.count(where: isNotebook)
        let kept = outcome.kept.count { isNotebook($0.path) }
        let counts: JSONValue = [
            "total": .int(Int64(report.notebooks.count)),
            "migrated": .int(Int64(written)),
            "skipped": .int(Int64(skipped)),
            "kept": .int(Int64(kept)),
            "failed": .int(Int64(failedNotebooks + outcome.failed.count { isNotebook($0.path) })),
            "prepared": .int(Int64(notebookPaths.count)),
        ]
        var structured: [String: JSONValue] = [
            "status": .string(outcome.failed.isEmpty ? report.overallStatus.rawValue : "FAILED"),
            "job": .string(report.jobName),
            "jobFolder": .string(folder),
            "tasks": .array(
                report.tasks.map { task in
                    var row: JSONValue = ["task": .string(task.taskKey), "status": .string(task.status.rawValue)]
                    if let notebook = task.notebook {
                        row = row.setting("notebook", to: .string(folder + "/" + notebook))
                    }
                    if let cells = task.counts {
                        row = row.setting(
                            "cells",
                            to: [
                                "cells": .int(Int64(cells.cells)), "converted": .int(Int64(cells.converted)),
                                "review": .int(Int64(cells.review)), "flagged": .int(Int64(cells.flagged)),
                            ])
                    }
                    return row
                }),
            "notebooks": counts,
            "report": .string(folder + "/JOB_REPORT.md"),
            "reportJSON": .string(folder + "/report.json"),
            "jobSpec": .string(folder + "/aidp-job.json"),
            "manifest": .string(folder + "/manifest.json"),
            "written": .array(outcome.written.map { .string($0) }),
            "kept": .array(outcome.kept.map { ["path": .string($0.path), "why": .string($0.why)] }),
            "quarantined": .array(outcome.quarantined.map { ["path": .string($0.path), "to": .string($0.to)] }),
            "errors": .array((report.errors + outcome.failed.map { "\($0.path): \($0.why)" }).map { .string($0) }),
            "warnings": .array((prepared.warnings + report.warnings).map { .string($0) }),
            "cancelled": .bool(outcome.cancelled),
        ]
        let flagged = report.notebooks.reduce(0) { $0 + $1.counts.flagged }
        let review = report.notebooks.reduce(0) { $0 + $1.counts.review }
        let nextStep: String
        if outcome.cancelled {
            nextStep = "Stopped early; call again with the same arguments to resume (finished notebooks are kept)."
        } else if !report.errors.isEmpty || !outcome.failed.isEmpty {
            nextStep =
                "Fix the errors listed (missing or unreadable notebooks), then call again; finished notebooks are skipped."
        } else if flagged > 0 {
            nextStep = "\(flagged) flagged cell(s) need a fix: read JOB_REPORT.md, then use aidp-fixup-cell."
        } else if review > 0 {
            nextStep = "\(review) cell(s) were converted but need review: see JOB_REPORT.md."
        } else {
            nextStep = "Deploy aidp-job.json with aidp-pipelines."
        }
        structured["nextStep"] = .string(nextStep)
        var lines = [
            "\(report.jobName): \(structured["status"]!.stringValue!) — \(written) notebook(s) written, "
                + "\(skipped) up to date, \(kept) kept"
                + (outcome.cancelled ? " (cancelled)" : "")
        ]
        for task in report.tasks {
            lines.append(
                "  \(task.taskKey): \(task.status.rawValue)"
                    + (task.counts.map { " (\($0.cells) cells, \($0.review) review, \($0.flagged) flagged)" } ?? ""))
        }
        lines.append("Report: \(folder)/JOB_REPORT.md")
        lines.append("Next step: \(nextStep)")
        let isError = outcome.cancelled || !outcome.failed.isEmpty
        return ToolOutput(
            text: lines.joined(separator: "\n"), structured: .object(structured), outcome: isError ? .toolError : .ok)
    }
}
