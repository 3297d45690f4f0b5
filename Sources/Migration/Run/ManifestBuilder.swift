import Foundation
import JSON

/// `manifest.json`: the resolved plan, so a later resume needs only the output base and the job
/// name. Input paths are stored relative to the manifest's folder where they can be.
enum ManifestBuilder {
    static func build(
        plan: MigrationPlan, jobFile: String, sourceRoot: String, jobFolder: String, config: MigrationConfig
    ) -> JSONValue {
        [
            "schemaVersion": 1,
            "job": .string(plan.job.name),
            "jobFolder": .string(plan.paths.job),
            "inputs": [
                "job": .string(relative(jobFile, from: jobFolder)),
                "source": .string(relative(sourceRoot, from: jobFolder)),
            ],
            "config": config.fingerprintJSON,
            "tasks": .array(
                plan.translation.notebookTasks.map {
                    [
                        "task": .string($0.taskKey),
                        "notebook": .string(NotebookUnit.key($0.workspacePath) ?? $0.workspacePath),
                    ]
                }),
            "order": .array(
                plan.units.map { unit in
                    var entry: JSONValue = [
                        "notebook": .string(unit.key), "pass": .int(unit.role == .dependency ? 1 : 2),
                        "output": .string(unit.outputRelativePath),
                        "aidpPath": .string(plan.paths.aidpPath(forWorkspacePath: unit.key)),
                        "tasks": .array(unit.taskKeys.map { .string($0) }),
                        "referencedBy": .array(unit.referencedBy.map { .string($0) }),
                    ]
                    if let file = unit.file { entry = entry.setting("source", to: .string(file.relativePath)) }
                    return entry
                }),
        ]
    }

    /// `path` relative to `base` when both are absolute; otherwise `path` unchanged.
    static func relative(_ path: String, from base: String) -> String {
        guard path.hasPrefix("/"), base.hasPrefix("/") else { return path }
        let target = path.split(separator: "/")
        let origin = base.split(separator: "/")
        var shared = 0
        while shared < min(target.count, origin.count), target[shared] == origin[shared] { shared += 1 }
        let ups = Array(repeating: "..", count: origin.count - shared)
        let rest = target[shared...].map(String.init)
        let joined = (ups + rest).joined(separator: "/")
        return joined.isEmpty ? "." : joined
    }
}
