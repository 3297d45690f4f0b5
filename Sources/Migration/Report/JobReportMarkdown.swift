/// `JOB_REPORT.md`: the report a person reads, with the sections Oracle's migrator uses (Task
/// Results, Dependency Backfill, Errors & Warnings, Runtime metadata) and deterministic tables.
public enum JobReportMarkdown {
    public static func render(_ report: MigrationReport) -> String {
        var lines: [String] = [
            "# Migration report: \(report.jobName)",
            "",
            "Overall status: **\(report.overallStatus.rawValue)**",
            "",
            "## Task Results",
            "",
            "| Task | Status | Cells | Converted | Review | Flagged |",
            "|---|---|---|---|---|---|",
        ]
        for task in report.tasks {
            let counts =
                task.counts.map { ["\($0.cells)", "\($0.converted)", "\($0.review)", "\($0.flagged)"] } ?? [
                    "—", "—", "—", "—",
                ]
            lines.append(
                "| \(cell(task.taskKey)) | \(task.status.rawValue) | " + counts.joined(separator: " | ") + " |")
        }
        lines += [
            "",
            "Statuses: CONVERTED (ready; review notes may remain), NEEDS_FIX (flagged cells: run aidp-fixup-cell), FAILED (see errors), NOT_A_NOTEBOOK (see the job mapping).",
        ]

        lines += ["", "## Dependency Backfill", ""]
        let dependencies = report.notebooks.filter { $0.role == .dependency }
        if dependencies.isEmpty {
            lines.append("No notebook is reached through `%run` or `notebook.run`.")
        } else {
            lines += [
                "| Notebook | Needed by | Output | State | Cells | Review | Flagged |", "|---|---|---|---|---|---|---|",
            ]
            for notebook in dependencies {
                lines.append(
                    "| \(cell(notebook.workspacePath)) | \(cell(notebook.referencedBy.joined(separator: ", "))) | \(cell(notebook.output)) | \(notebook.state.label) | \(notebook.counts.cells) | \(notebook.counts.review) | \(notebook.counts.flagged) |"
                )
            }
        }

        lines += ["", "## Notebooks", "", "| Notebook | Role | Output | AIDP path | State |", "|---|---|---|---|---|"]
        for notebook in report.notebooks {
            lines.append(
                "| \(cell(notebook.workspacePath)) | \(notebook.role.rawValue) | \(cell(notebook.output)) | \(cell(notebook.aidpPath)) | \(notebook.state.label) |"
            )
        }

        let findings = report.notebooks.flatMap { notebook in notebook.flags.map { (notebook, $0) } }
        lines += ["", "## Cells to review or fix", ""]
        if findings.isEmpty {
            lines.append("None.")
        } else {
            lines += ["| Notebook | Cell | Rule | Level | Code | Note |", "|---|---|---|---|---|---|"]
            for (notebook, flag) in findings {
                lines.append(
                    "| \(cell(notebook.output)) | \(flag.cellIndex) (`\(flag.cellID)`) | \(flag.ruleID) | \(flag.confidence.rawValue) | \(flag.code ?? "") | \(cell(flag.note)) |"
                )
            }
        }

        lines += ["", "## Job mapping", ""]
        if report.jobItems.isEmpty {
            lines.append("Every job field mapped one to one.")
        } else {
            lines += ["| Field | Task | Rule | Level | Note |", "|---|---|---|---|---|"]
            for item in report.jobItems {
                lines.append(
                    "| \(cell(item.field)) | \(cell(item.taskKey ?? "")) | \(item.rule.rawValue) | \(item.confidence.rawValue) | \(cell(item.note)) |"
                )
            }
        }

        lines += ["", "## Errors & Warnings", ""]
        if report.errors.isEmpty && report.warnings.isEmpty { lines.append("None.") }
        lines += report.errors.map { "- **error**: \(oneLine($0))" }
        lines += report.warnings.map { "- warning: \(oneLine($0))" }

        lines += [
            "", "## Runtime metadata", "",
            "- tool: \(report.runtime.tool)",
            "- rule set: \(report.runtime.ruleSetVersion)",
            "- settings fingerprint: \(report.runtime.settingsFingerprint)",
            "- AIDP workspace root: \(report.runtime.workspaceRoot)",
            "- job folder: \(report.jobFolder)",
            "",
        ]
        return lines.joined(separator: "\n")
    }

    /// Table cells must not break the table: no newlines, escaped pipes.
    private static func cell(_ text: String) -> String {
        oneLine(text).replacingOccurrences(of: "|", with: "\\|")
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
