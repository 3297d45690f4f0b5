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
    public var json: JSONValue {
        [
            "schemaVersion": 1,
            "job": .string(jobName),
            "jobFolder": .string(jobFolder),
            "status": .string(overallStatus.rawValue),
            "tasks": .array(tasks.map(\.json)),
            "notebooks": .array(notebooks.map(\.json)),
            "jobMapping": .array(jobItems.map(\.json)),
            "errors": .array(errors.map { .string($0) }),
            "warnings": .array(warnings.map { .string($0) }),
            "runtime": [
                "tool": .string(runtime.tool), "ruleSetVersion": .string(runtime.ruleSetVersion),
                "settingsFingerprint": .string(runtime.settingsFingerprint),
                "workspaceRoot": .string(runtime.workspaceRoot),
            ],
        ]
    }
}

extension MigrationReport.TaskRow {
    var json: JSONValue {
        var object: [String: JSONValue] = ["task": .string(taskKey), "status": .string(status.rawValue)]
        if let notebook { object["notebook"] = .string(notebook) }
        if let counts { object["cells"] = counts.json }
        return .object(object)
    }
}

extension MigrationReport.CellCounts {
    var json: JSONValue {
        [
            "cells": .int(Int64(cells)), "converted": .int(Int64(converted)), "review": .int(Int64(review)),
            "flagged": .int(Int64(flagged)),
        ]
    }
}

extension MigrationReport.NotebookRow {
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "workspacePath": .string(workspacePath), "role": .string(role.rawValue),
            "tasks": .array(taskKeys.map { .string($0) }), "referencedBy": .array(referencedBy.map { .string($0) }),
            "output": .string(output), "aidpPath": .string(aidpPath), "state": .string(state.label),
            "cells": counts.json, "findings": .array(flags.map(\.json)),
        ]
        if case .failed(let why) = state { object["error"] = .string(why) }
        return .object(object)
    }
}

extension MigrationReport.FlagRow {
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "cellIndex": .int(Int64(cellIndex)), "cellId": .string(cellID), "rule": .string(ruleID),
            "confidence": .string(confidence.rawValue), "note": .string(note),
        ]
        if let code { object["code"] = .string(code) }
        return .object(object)
    }
}
