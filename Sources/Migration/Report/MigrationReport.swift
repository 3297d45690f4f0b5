import JSON

/// The state of a migration, as `report.json` and `JOB_REPORT.md` describe it.
///
/// It describes what the outputs are, never what one run did (that goes in the tool result), so a
/// re-run on unchanged inputs writes the same bytes.
public struct MigrationReport: Sendable {
    public var jobName: String
    public var jobFolder: String
    public var tasks: [TaskRow]
    public var notebooks: [NotebookRow]
    public var jobItems: [JobMappingItem]
    public var errors: [String]
    public var warnings: [String]
    public var runtime: Runtime

    public struct TaskRow: Sendable, Hashable {
        public enum Status: String, Sendable, Hashable {
            /// Every cell converted or needing only review.
            case converted = "CONVERTED"
            /// Flagged cells remain: run aidp-fixup-cell.
            case needsFix = "NEEDS_FIX"
            case failed = "FAILED"
            /// Not a notebook task; see the job mapping items.
            case notANotebook = "NOT_A_NOTEBOOK"
        }

        public var taskKey: String
        public var status: Status
        public var notebook: String?
        public var counts: CellCounts?
    }

    public struct NotebookRow: Sendable, Hashable {
        public var workspacePath: String
        public var role: NotebookUnit.Role
        public var taskKeys: [String]
        public var referencedBy: [String]
        /// Relative to the job folder.
        public var output: String
        public var aidpPath: String
        public var state: State
        public var counts: CellCounts
        public var flags: [FlagRow]

        public enum State: Sendable, Hashable {
            case migrated
            /// The output was edited by hand after skillhost wrote it and was kept as it is.
            case handEdited
            case failed(String)

            public var isFailed: Bool { if case .failed = self { true } else { false } }

            var label: String {
                switch self {
                case .migrated: return "migrated"
                case .handEdited: return "hand-edited (kept)"
                case .failed: return "failed"
                }
            }
        }
    }

    public struct CellCounts: Sendable, Hashable {
        public var cells = 0
        /// Cells ready to run: untouched or converted by SAFE rules.
        public var converted = 0
        public var review = 0
        public var flagged = 0

        public init() {}
    }

    /// One REVIEW or FLAG finding, located well enough for aidp-fixup-cell to act on it.
    public struct FlagRow: Sendable, Hashable {
        public var cellIndex: Int
        public var cellID: String
        public var ruleID: String
        public var confidence: Confidence
        public var code: String?
        public var note: String
    }

    public struct Runtime: Sendable, Hashable {
        public var tool: String
        public var ruleSetVersion: String
        public var settingsFingerprint: String
        public var workspaceRoot: String
    }

    public var overallStatus: TaskRow.Status {
        if tasks.contains(where: { $0.status == .failed }) || !errors.isEmpty { return .failed }
        if tasks.contains(where: { $0.status == .needsFix }) { return .needsFix }
        return .converted
    }
}

extension MigrationReport {
    /// `report.json`: the report as 2-space indented JSON, written straight to bytes (a big job's
    /// report has tens of thousands of small objects, and a `JSONValue` tree of them took most of
    /// the time). `JSONStreamWriter` does not sort: every object's keys are written here in
    /// code-point order, which `ReportJSONTests` checks against `JSONWriter`.
    public func jsonBytes() -> [UInt8] {
        var writer = JSONStreamWriter(capacity: estimatedByteCount, indent: 2)
        writer.openObject()
        writer.key("errors")
        writer.strings(errors)
        writer.key("job")
        writer.string(jobName)
        writer.key("jobFolder")
        writer.string(jobFolder)
        writer.key("jobMapping")
        writer.openArray()
        for item in jobItems { item.write(to: &writer) }
        writer.closeArray()
        writer.key("notebooks")
        writer.openArray()
        for notebook in notebooks { notebook.write(to: &writer) }
        writer.closeArray()
        writer.key("runtime")
        writer.openObject()
        writer.key("ruleSetVersion")
        writer.string(runtime.ruleSetVersion)
        writer.key("settingsFingerprint")
        writer.string(runtime.settingsFingerprint)
        writer.key("tool")
        writer.string(runtime.tool)
        writer.key("workspaceRoot")
        writer.string(runtime.workspaceRoot)
        writer.closeObject()
        writer.key("schemaVersion")
        writer.int(1)
        writer.key("status")
        writer.string(overallStatus.rawValue)
        writer.key("tasks")
        writer.openArray()
        for task in tasks { task.write(to: &writer) }
        writer.closeArray()
        writer.key("warnings")
        writer.strings(warnings)
        writer.closeObject()
        return writer.bytes
    }
}

extension MigrationReport {
    /// A generous estimate of either report file's size, in bytes: their buffers are reserved
    /// at this size at once. Grown by doubling, a buffer of megabytes is copied into fresh pages
    /// at every step, while pages reserved but never written cost nothing; a report that does
    /// outgrow it only grows as before.
    var estimatedByteCount: Int {
        let findings = notebooks.reduce(0) { $0 + $1.flags.count }
        return 65_536 + 1024 * notebooks.count + 512 * tasks.count + 512 * findings + 1024 * jobItems.count
    }
}

extension MigrationReport.TaskRow {
    fileprivate func write(to writer: inout JSONStreamWriter) {
        writer.openObject()
        if let counts {
            writer.key("cells")
            counts.write(to: &writer)
        }
        if let notebook {
            writer.key("notebook")
            writer.string(notebook)
        }
        writer.key("status")
        writer.string(status.rawValue)
        writer.key("task")
        writer.string(taskKey)
        writer.closeObject()
    }
}

extension MigrationReport.CellCounts {
    fileprivate func write(to writer: inout JSONStreamWriter) {
        writer.openObject()
        writer.key("cells")
        writer.int(Int64(cells))
        writer.key("converted")
        writer.int(Int64(converted))
        writer.key("flagged")
        writer.int(Int64(flagged))
        writer.key("review")
        writer.int(Int64(review))
        writer.closeObject()
    }
}

extension MigrationReport.NotebookRow {
    fileprivate func write(to writer: inout JSONStreamWriter) {
        writer.openObject()
        writer.key("aidpPath")
        writer.string(aidpPath)
        writer.key("cells")
        counts.write(to: &writer)
        if case .failed(let why) = state {
            writer.key("error")
            writer.string(why)
        }
        writer.key("findings")
        writer.openArray()
        for flag in flags { flag.write(to: &writer) }
        writer.closeArray()
        writer.key("output")
        writer.string(output)
        writer.key("referencedBy")
        writer.strings(referencedBy)
        writer.key("role")
        writer.string(role.rawValue)
        writer.key("state")
        writer.string(state.label)
        writer.key("tasks")
        writer.strings(taskKeys)
        writer.key("workspacePath")
        writer.string(workspacePath)
        writer.closeObject()
    }
}

extension MigrationReport.FlagRow {
    fileprivate func write(to writer: inout JSONStreamWriter) {
        writer.openObject()
        writer.key("cellId")
        writer.string(cellID)
        writer.key("cellIndex")
        writer.int(Int64(cellIndex))
        if let code {
            writer.key("code")
            writer.string(code)
        }
        writer.key("confidence")
        writer.string(confidence.rawValue)
        writer.key("note")
        writer.string(note)
        writer.key("rule")
        writer.string(ruleID)
        writer.closeObject()
    }
}

extension JobMappingItem {
    fileprivate func write(to writer: inout JSONStreamWriter) {
        writer.openObject()
        writer.key("confidence")
        writer.string(confidence.rawValue)
        writer.key("field")
        writer.string(field)
        writer.key("note")
        writer.string(note)
        writer.key("rule")
        writer.string(rule.rawValue)
        if let taskKey {
            writer.key("taskKey")
            writer.string(taskKey)
        }
        writer.closeObject()
    }
}
