import Foundation
import JSON
import Migration
import SkillHost

/// `aidp-migrate-job`: decodes the call, prepares the whole migration in memory (the plan), and
/// lets the host's guards decide before anything is written.
struct MigrateJobHandler: SkillHandler {
    var id: String { "aidp-migrate-job" }
    var title: String { "Migrate a Databricks job to AIDP" }
    var annotations: ToolAnnotations { ToolAnnotations(readOnly: false, destructive: true, idempotent: true) }

    var inputSchema: JSONValue {
        [
            "type": "object",
            "properties": [
                "job": [
                    "type": "string",
                    "description": "Databricks job JSON: Jobs API 2.1, bare settings, or a 2.0 single-task job.",
                ],
                "source": [
                    "type": "string",
                    "description":
                        "Folder of exported notebooks mirroring workspace paths (/Users/a/x → <source>/Users/a/x.py).",
                ],
                "outputBase": [
                    "type": "string",
                    "description": "Local folder for results; the job's outputs go to <outputBase>/<job>/.",
                ],
                "config": [
                    "description":
                        "Mapping settings (object, or the path of a JSON file): workspaceRoot, catalogMap, pathMap, clusterMap, secretMap, notebookRunTimeout.",
                    "type": ["object", "string"],
                ],
                "skipMigrated": [
                    "type": "boolean",
                    "description":
                        "Default true: skip what is up to date. false re-migrates everything (needs confirmation).",
                ],
            ],
            "required": ["job", "source", "outputBase"],
            "additionalProperties": false,
        ]
    }

    var outputSchema: JSONValue {
        [
            "type": "object",
            "properties": [
                "status": ["type": "string"], "job": ["type": "string"], "jobFolder": ["type": "string"],
                "tasks": ["type": "array"], "notebooks": ["type": "object"], "report": ["type": "string"],
                "jobSpec": ["type": "string"], "cancelled": ["type": "boolean"],
            ],
            "required": ["status", "job", "jobFolder", "tasks", "notebooks", "report", "jobSpec"],
        ]
    }

    func plan(_ arguments: JSONValue, context: HandlerContext) async throws -> Plan {
        let job = try Self.existingPath(arguments["job"]?.stringValue ?? "", argument: "job", directory: false)
        let source = try Self.existingPath(arguments["source"]?.stringValue ?? "", argument: "source", directory: true)
        let outputBase = try Self.outputBase(arguments["outputBase"]?.stringValue ?? "", source: source)
        let config = try Self.config(arguments["config"])
        let force = arguments["skipMigrated"]?.boolValue == false
        // One scale for both phases, because MCP progress must only grow: converting fills the
        // first half, writing the second.
        let observer = MigrationPreparer.Observer(
            progress: { done, total, _ in
                context.progress.report(
                    Double(done), total: Double(2 * total), message: "converted \(done)/\(total) notebooks")
            },
            isCancelled: { context.cancellation.isCancelled })
        let prepared: PreparedMigration
        do {
            prepared = try MigrationPreparer.prepare(
                jobFile: job, sourceRoot: source, outputBase: outputBase, config: config, force: force,
                lockWhilePreparing: !context.isDryRun, observer: observer)
        } catch let error as MigrationInputError {
            throw ToolError(error.message, nextStep: error.nextStep)
        } catch is MigrationPreparer.Cancelled {
            throw CancellationError()
        } catch let error as LedgerError {
            throw ToolError("\(error)", nextStep: "Wait for the other run to finish, or stop it, then call again.")
        } catch {
            throw ToolError("\(error)", nextStep: "Fix the problem named above and call again; nothing was written.")
        }
        let effects = prepared.outputs.compactMap { output -> Effect? in
            guard let raw = output.decision.action.effectKind, let kind = Effect.Kind(rawValue: raw) else { return nil }
            return Effect(
                kind, prepared.jobFolder + "/" + output.path,
                detail: output.decision.note.isEmpty ? nil : output.decision.note,
                fingerprint: output.onDisk.sha256)
        }
        let guarded = Set(effects.filter { $0.kind == .overwriteEdited || $0.kind == .overwriteForced }.map(\.target))
        // The caller gets its result without waiting for megabytes of small allocations to be
        // freed: in the background, or by the exit of a one-shot call (which then also keeps a
        // first plan that a confirmation replaced, until it exits).
        let held = DeferredRelease(
            prepared, release: context.processExitsAfterCall ? .atProcessExit : .onABackgroundThread)
        return Plan(summary: Self.summary(prepared), effects: effects) { context in
            let output = try held.consume { prepared in
                try Self.apply(prepared, approved: guarded, context: context)
            }
            guard let output else {
                throw ToolError("this plan was applied already", nextStep: "Call the tool again for a new plan.")
            }
            return output
        }
    }

    private static func apply(_ prepared: PreparedMigration, approved: Set<String>, context: HandlerContext) throws
        -> ToolOutput
    {
        let notebooks = prepared.plan.units.count
        let observer = MigrationPreparer.Observer(
            progress: { done, total, _ in
                let scaled = Double(notebooks) + Double(done) * Double(notebooks) / Double(max(total, 1))
                context.progress.report(
                    scaled, total: Double(2 * notebooks), message: "wrote \(done)/\(total) files")
            },
            isCancelled: { context.cancellation.isCancelled })
        let outcome: MigrationExecutor.Outcome
        do {
            outcome = try MigrationExecutor.apply(
                prepared, approved: approved, toolVersion: SkillHostVersion.current, observer: observer)
        } catch let error as LedgerError {
            throw ToolError("\(error)", nextStep: "Wait for the other run to finish, or stop it, then call again.")
        } catch let error as MigrationInputError {
            throw ToolError(error.message, nextStep: error.nextStep)
        }
        return MigrateJobResult.output(prepared: prepared, outcome: outcome)
    }

    static func summary(_ prepared: PreparedMigration) -> String {
        // Counted in one pass over the outputs, without copying them: a big job has thousands.
        var actions: [LedgerDecision.Action: Int] = [:]
        var notebooks = 0
        for output in prepared.outputs {
            guard output.item.isNotebook else { continue }
            notebooks += 1
            actions[output.decision.action, default: 0] += 1
        }
        func count(_ kinds: LedgerDecision.Action...) -> Int { kinds.reduce(0) { $0 + actions[$1, default: 0] } }
        return "migrate job '\(prepared.plan.job.name)' into \(prepared.jobFolder): \(notebooks) notebooks "
            + "(\(count(.write)) new, \(count(.overwrite)) changed, \(count(.overwriteEdited, .overwriteForced)) over existing files, "
            + "\(count(.skip)) up to date, \(count(.keep)) kept)"
    }

    static func existingPath(_ path: String, argument: String, directory: Bool) throws -> String {
        guard !path.isEmpty else { throw ToolError("'\(argument)' is empty") }
        let absolute = URL(
            fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        ).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
            throw ToolError(
                "\(argument) '\(path)' does not exist (resolved to \(absolute))",
                nextStep:
                    "Pass an existing \(directory ? "folder" : "file"); relative paths are relative to \(FileManager.default.currentDirectoryPath)."
            )
        }
        guard isDirectory.boolValue == directory else {
            throw ToolError("\(argument) '\(path)' is \(directory ? "a file, not a folder" : "a folder, not a file")")
        }
        return URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
    }

    static func outputBase(_ path: String, source: String) throws -> String {
        guard !path.isEmpty else { throw ToolError("'outputBase' is empty") }
        let absolute = URL(
            fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        ).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ToolError("outputBase '\(path)' is a file, not a folder")
        }
        let real = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
        if real == source || real.hasPrefix(source + "/") {
            throw ToolError(
                "outputBase '\(path)' is inside the source folder",
                nextStep: "Write results outside the exported notebooks, e.g. next to them.")
        }
        return real
    }

    static func config(_ value: JSONValue?) throws -> MigrationConfig {
        var json: JSONValue = [:]
        var origin = "config"
        if let path = value?.stringValue {
            let file = try existingPath(path, argument: "config", directory: false)
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ToolError("cannot read config file \(path)")
            }
            let bytes = [UInt8](data)
            do {
                json = try JSONParser.parse(bytes)
            } catch {
                let (position, isNotUTF8) = JSONSyntaxLocator.place(of: error, in: bytes)
                let place = "\(path):\(position.line):\(position.column)"
                if isNotUTF8 {
                    throw ToolError(
                        "\(place): the config file is not UTF-8 text",
                        nextStep: "Save the config file as UTF-8, or pass the config as an object.")
                }
                throw ToolError(
                    "\(place): the config file is not valid JSON: \(error.detail)",
                    nextStep: "Fix the JSON at that place, or pass the config as an object.")
            }
            origin = path
        } else if let value {
            json = value
        }
        do {
            return try MigrationConfig(json: json)
        } catch {
            throw ToolError("\(origin): \(error)", nextStep: "Fix that key; every config key is optional.")
        }
    }
}
