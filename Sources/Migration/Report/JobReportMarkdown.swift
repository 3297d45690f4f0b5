/// `JOB_REPORT.md`: the report a person reads, with the sections Oracle's migrator uses (Task
/// Results, Dependency Backfill, Errors & Warnings, Runtime metadata) and deterministic tables.
public enum JobReportMarkdown {
    public static func render(_ report: MigrationReport) -> String {
        var out = String()
        out.reserveCapacity(4096 + 256 * report.notebooks.count + 128 * report.tasks.count)
        // Every line ends in a newline; the document is the lines joined by newlines with a final
        // empty line, so it ends in exactly one.
        func line(_ text: String) {
            out += text
            out += "\n"
        }
        line("# Migration report: \(report.jobName)")
        line("")
        line("Overall status: **\(report.overallStatus.rawValue)**")
        line("")
        line("## Task Results")
        line("")
        line("| Task | Status | Cells | Converted | Review | Flagged |")
        line("|---|---|---|---|---|---|")
        for task in report.tasks {
            out += "| "
            appendCell(task.taskKey, to: &out)
            out += " | "
            out += task.status.rawValue
            out += " | "
            if let counts = task.counts {
                out += "\(counts.cells) | \(counts.converted) | \(counts.review) | \(counts.flagged)"
            } else {
                out += "— | — | — | —"
            }
            out += " |\n"
        }
        line("")
        line(
            "Statuses: CONVERTED (ready; review notes may remain), NEEDS_FIX (flagged cells: run aidp-fixup-cell), FAILED (see errors), NOT_A_NOTEBOOK (see the job mapping)."
        )

        line("")
        line("## Dependency Backfill")
        line("")
        let dependencies = report.notebooks.filter { $0.role == .dependency }
        if dependencies.isEmpty {
            line("No notebook is reached through `%run` or `notebook.run`.")
        } else {
            line("| Notebook | Needed by | Output | State | Cells | Review | Flagged |")
            line("|---|---|---|---|---|---|---|")
            for notebook in dependencies {
                out += "| "
                appendCell(notebook.workspacePath, to: &out)
                out += " | "
                appendCell(notebook.referencedBy.joined(separator: ", "), to: &out)
                out += " | "
                appendCell(notebook.output, to: &out)
                out += " | "
                out += notebook.state.label
                out += " | \(notebook.counts.cells) | \(notebook.counts.review) | \(notebook.counts.flagged) |\n"
            }
        }

        line("")
        line("## Notebooks")
        line("")
        line("| Notebook | Role | Output | AIDP path | State |")
        line("|---|---|---|---|---|")
        for notebook in report.notebooks {
            out += "| "
            appendCell(notebook.workspacePath, to: &out)
            out += " | "
            out += notebook.role.rawValue
            out += " | "
            appendCell(notebook.output, to: &out)
            out += " | "
            appendCell(notebook.aidpPath, to: &out)
            out += " | "
            out += notebook.state.label
            out += " |\n"
        }

        let findings = report.notebooks.flatMap { notebook in notebook.flags.map { (notebook, $0) } }
        line("")
        line("## Cells to review or fix")
        line("")
        if findings.isEmpty {
            line("None.")
        } else {
            line("| Notebook | Cell | Rule | Level | Code | Note |")
            line("|---|---|---|---|---|---|")
            for (notebook, flag) in findings {
                out += "| "
                appendCell(notebook.output, to: &out)
                out += " | \(flag.cellIndex) (`\(flag.cellID)`) | \(flag.ruleID) | \(flag.confidence.rawValue) | "
                out += flag.code ?? ""
                out += " | "
                appendCell(flag.note, to: &out)
                out += " |\n"
            }
        }

        line("")
        line("## Job mapping")
        line("")
        if report.jobItems.isEmpty {
            line("Every job field mapped one to one.")
        } else {
            line("| Field | Task | Rule | Level | Note |")
            line("|---|---|---|---|---|")
            for item in report.jobItems {
                out += "| "
                appendCell(item.field, to: &out)
                out += " | "
                appendCell(item.taskKey ?? "", to: &out)
                out += " | \(item.rule.rawValue) | \(item.confidence.rawValue) | "
                appendCell(item.note, to: &out)
                out += " |\n"
            }
        }

        line("")
        line("## Errors & Warnings")
        line("")
        if report.errors.isEmpty && report.warnings.isEmpty { line("None.") }
        for error in report.errors {
            out += "- **error**: "
            appendOneLine(error, to: &out, escapingPipes: false)
            out += "\n"
        }
        for warning in report.warnings {
            out += "- warning: "
            appendOneLine(warning, to: &out, escapingPipes: false)
            out += "\n"
        }

        line("")
        line("## Runtime metadata")
        line("")
        line("- tool: \(report.runtime.tool)")
        line("- rule set: \(report.runtime.ruleSetVersion)")
        line("- settings fingerprint: \(report.runtime.settingsFingerprint)")
        line("- AIDP workspace root: \(report.runtime.workspaceRoot)")
        line("- job folder: \(report.jobFolder)")
        return out
    }

    /// Table cells must not break the table: no newlines, escaped pipes.
    private static func appendCell(_ text: String, to output: inout String) {
        appendOneLine(text, to: &output, escapingPipes: true)
    }

    /// One pass over the scalars: runs of newlines become one space, none at either end. In a
    /// table cell every `|` is escaped: Markdown reads scalars, not grapheme clusters.
    private static func appendOneLine(_ text: String, to output: inout String, escapingPipes: Bool) {
        // Almost every text has no line break and no pipe: copy it whole. Bytes 0xC2 and 0xE2 lead
        // the UTF-8 of U+0085 and U+2028/U+2029, so their presence sends the text the slow way.
        var text = text
        let plain = text.withUTF8 { bytes in
            !bytes.contains { byte in
                (0x0A...0x0D).contains(byte) || byte == 0xC2 || byte == 0xE2
                    || (escapingPipes && byte == UInt8(ascii: "|"))
            }
        }
        if plain {
            output += text
            return
        }
        var pendingSpace = false
        var started = false
        for scalar in text.unicodeScalars {
            if isNewline(scalar.value) {
                if started { pendingSpace = true }
                continue
            }
            if pendingSpace {
                output.unicodeScalars.append(" ")
                pendingSpace = false
            }
            started = true
            if escapingPipes && scalar == "|" { output.unicodeScalars.append("\\") }
            output.unicodeScalars.append(scalar)
        }
    }

    @inline(__always)
    private static func isNewline(_ value: UInt32) -> Bool {
        (value >= 0x0A && value <= 0x0D) || value == 0x85 || value == 0x2028 || value == 0x2029
    }
}
