/// `JOB_REPORT.md`: the report a person reads, with the sections Oracle's migrator uses (Task
/// Results, Dependency Backfill, Errors & Warnings, Runtime metadata) and deterministic tables.
public enum JobReportMarkdown {
    /// The document as UTF-8 bytes, built without going through `String`: it is megabytes for a
    /// large job.
    public static func renderBytes(_ report: MigrationReport) -> [UInt8] {
        var out = MarkdownBytes()
        out.bytes.reserveCapacity(report.estimatedByteCount)
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
                out.append(counts.cells)
                out += " | "
                out.append(counts.converted)
                out += " | "
                out.append(counts.review)
                out += " | "
                out.append(counts.flagged)
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
                out += " | "
                out.append(notebook.counts.cells)
                out += " | "
                out.append(notebook.counts.review)
                out += " | "
                out.append(notebook.counts.flagged)
                out += " |\n"
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
                out += " | "
                out.append(flag.cellIndex)
                out += " (`"
                out += flag.cellID
                out += "`) | "
                out += flag.ruleID
                out += " | "
                out += flag.confidence.rawValue
                out += " | "
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
        return out.bytes
    }

    /// Table cells must not break the table: no newlines, escaped pipes.
    private static func appendCell(_ text: String, to output: inout MarkdownBytes) {
        appendOneLine(text, to: &output, escapingPipes: true)
    }

    /// Runs of line breaks (LF, VT, FF, CR, NEL, LS, PS) become one space, none at either end; in a
    /// table cell every `|` is escaped. Works on the UTF-8 bytes: every break and the pipe are
    /// whole sequences no other character's bytes can contain.
    private static func appendOneLine(_ text: String, to output: inout MarkdownBytes, escapingPipes: Bool) {
        var text = text
        text.withUTF8 { bytes in
            var pendingSpace = false
            var started = false
            var runStart = 0
            var index = 0
            // Text after a break gets the one space the break left pending.
            func beginText() {
                if pendingSpace { output.bytes.append(0x20) }
                pendingSpace = false
                started = true
            }
            func flush(upTo end: Int) {
                guard runStart < end else { return }
                beginText()
                output.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<end]))
            }
            while index < bytes.count {
                let breakLength = lineBreakLength(bytes, at: index)
                if breakLength > 0 {
                    flush(upTo: index)
                    if started { pendingSpace = true }
                    index += breakLength
                    runStart = index
                } else if escapingPipes && bytes[index] == UInt8(ascii: "|") {
                    flush(upTo: index)
                    beginText()
                    output.bytes.append(UInt8(ascii: "\\"))
                    runStart = index
                    index += 1
                } else {
                    index += 1
                }
            }
            flush(upTo: bytes.count)
        }
    }

    /// The byte length of the line break starting at `index`, or 0.
    @inline(__always)
    private static func lineBreakLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        if byte >= 0x0A && byte <= 0x0D { return 1 }
        if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0x85 { return 2 }
        if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80,
            bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9
        {
            return 3
        }
        return 0
    }
}

/// A growing UTF-8 document: `+=` appends a string's bytes, `append` a decimal integer.
private struct MarkdownBytes {
    var bytes: [UInt8] = []

    static func += (document: inout MarkdownBytes, text: String) {
        var text = text
        text.withUTF8 { document.bytes.append(contentsOf: $0) }
    }

    /// A count in decimal; a few thousand per report, so the standard description will do.
    mutating func append(_ value: Int) {
        self += String(value)
    }
}
