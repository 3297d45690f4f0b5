import Durable
import Foundation

/// What to migrate, in which order, before anything is written: the job, its translation, and
/// the notebooks of both passes (Pass 1: everything reached through `%run` or a literal
/// `notebook.run`, callees before callers; Pass 2: the task notebooks in job order).
public struct MigrationPlan: Sendable {
    public var job: DatabricksJob
    public var translation: JobTranslation
    public var paths: WorkspacePaths
    /// Pass 1 units first, then Pass 2; each notebook once.
    public var units: [NotebookUnit]
    public var problems: [PlanProblem]
}

/// One notebook to migrate.
public struct NotebookUnit: Sendable {
    public enum Role: String, Sendable, Hashable {
        case dependency, task
    }

    /// Canonical workspace path: normalised, without a leading `/Workspace`.
    public var key: String
    public var role: Role
    /// Tasks whose notebook this is (several tasks may share one).
    public var taskKeys: [String]
    /// Notebooks that `%run` or `notebook.run` it, by key.
    public var referencedBy: [String]
    /// Relative to `<outputBase>/<job>/`: `notebooks/Users/a/x.ipynb`.
    public var outputRelativePath: String
    public var source: Source
    /// The notebooks it `%run`s or starts (`NotebookRewriter.dependencies(of:)`): the closure
    /// followed these, and the ledger records them.
    public var dependencies: [NotebookDependency]

    public enum Source: Sendable {
        case loaded(SourceFile)
        /// Not in the export, unreadable, not a notebook, or outside the source folder.
        case unavailable(String)
    }

    public var file: SourceFile? {
        if case .loaded(let file) = source { return file }
        return nil
    }

    static func key(_ workspacePath: String) -> String? {
        guard var path = SourceLocator.normalise(workspacePath) else { return nil }
        if path.hasPrefix("/Workspace/") { path = String(path.dropFirst("/Workspace".count)) }
        return path
    }
}

/// A source file as read: its bytes' hash is what the ledger compares.
public struct SourceFile: Sendable, Hashable {
    /// Relative to the source folder.
    public var relativePath: String
    public var sha256: String
    /// The hash without a BOM and CRs before LFs: a change of line endings alone is cosmetic.
    public var canonicalSHA256: String
    public var byteCount: Int
}

public struct PlanProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error, warning
    }

    public var severity: Severity
    /// The notebook or file concerned (workspace path or file name).
    public var subject: String
    public var message: String

    public var description: String { "\(subject): \(message)" }
}

/// Bad input that stops the migration before anything is planned.
public struct MigrationInputError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var nextStep: String?

    public init(_ message: String, nextStep: String? = nil) {
        self.message = message
        self.nextStep = nextStep
    }

    public var description: String { message }
}

public enum MigrationPlanner {
    public static func loadJob(_ jobFile: String) throws(MigrationInputError) -> DatabricksJob {
        guard let data = FileManager.default.contents(atPath: jobFile) else {
            throw MigrationInputError(
                "cannot read the job file \(jobFile)", nextStep: "Pass the path of a Databricks job JSON file as 'job'."
            )
        }
        let job: DatabricksJob
        do {
            job = try DatabricksJobLoader.load(data: data, fileName: jobFile)
        } catch {
            throw MigrationInputError(
                "\(error)", nextStep: "Fix the job file, or export it again with `databricks jobs get`.")
        }
        return job
    }

    public static func jobFolderName(_ job: DatabricksJob) -> String {
        WorkspacePaths.safeJobName(job.name)
    }

    /// Translates the job and reads every notebook both passes need. `sourceRoot` must be a real
    /// path (no links). The parsed notebooks come beside the plan, one per unit in `units` order
    /// (nil where the unit has no file to migrate), so the plan holds none: each can be freed
    /// once it is rewritten.
    static func plan(
        job: DatabricksJob, sourceRoot: String, config: MigrationConfig
    ) -> (plan: MigrationPlan, parsed: [SourceNotebook?]) {
        let paths = WorkspacePaths(job: jobFolderName(job), workspaceRoot: config.workspaceRoot)
        // The spec is built while the notebooks are read: neither needs the other, and reading
        // alone leaves part of the cores idle between waves.
        let translating = Background { AIDPJobTranslator.translate(job, config: config, paths: paths) }
        let loaded = NotebookClosureLoader.load(
            startingFrom: AIDPJobTranslator.migratedNotebookPaths(job).compactMap(NotebookUnit.key),
            locator: SourceLocator(root: sourceRoot))
        let translation = translating.value()
        var builder = Builder(loaded: loaded)
        for task in translation.notebookTasks {
            builder.visitTask(task.taskKey, workspacePath: task.workspacePath)
        }
        builder.refuseSharedOutputs()
        let units = builder.orderedUnits()
        let plan = MigrationPlan(
            job: job, translation: translation, paths: paths, units: units, problems: builder.problems)
        return (plan, units.map { $0.file == nil ? nil : loaded[$0.key]?.notebook })
    }

    /// Depth-first over dependencies, recording post-order so callees come before callers.
    private struct Builder {
        let loaded: [String: LoadedNotebook]
        var units: [String: NotebookUnit] = [:]
        var postOrder: [String] = []
        var taskOrder: [String] = []
        var taskKeysSeen: Set<String> = []
        var inProgress: [String] = []
        var problems: [PlanProblem] = []
        var missingDependencies: Set<String> = []
        /// Output path → the notebooks that would be written there, in the order met.
        var outputClaimants: [String: [String]] = [:]
        /// Output paths claimed more than once, in the order met.
        var sharedOutputs: [String] = []

        init(loaded: [String: LoadedNotebook]) {
            self.loaded = loaded
            units.reserveCapacity(loaded.count)
            outputClaimants.reserveCapacity(loaded.count)
        }

        mutating func visitTask(_ taskKey: String, workspacePath: String) {
            guard let key = NotebookUnit.key(workspacePath) else {
                problems.append(
                    PlanProblem(
                        severity: .error, subject: "task \(taskKey)",
                        message: "notebook path '\(workspacePath)' climbs above the workspace root"))
                return
            }
            visit(key, referencedBy: nil)
            units[key]?.role = .task
            if units[key]?.taskKeys.contains(taskKey) == false { units[key]?.taskKeys.append(taskKey) }
            if taskKeysSeen.insert(key).inserted { taskOrder.append(key) }
        }

        private mutating func visit(_ key: String, referencedBy caller: String?) {
            if let caller, units[key]?.referencedBy.contains(caller) == false {
                units[key]?.referencedBy.append(caller)
            }
            if let cycleStart = inProgress.firstIndex(of: key) {
                let cycle = (inProgress[cycleStart...] + [key]).joined(separator: " → ")
                problems.append(
                    PlanProblem(
                        severity: .warning, subject: key,
                        message: "dependency cycle: \(cycle); each notebook is migrated once"))
                return
            }
            guard units[key] == nil else { return }
            // A `%run` target missing from the export is the calling cell's problem (the rules flag
            // it RUN-UNRESOLVED and the migration goes on); a file that exists but cannot be read is
            // an error to fix.
            // The loader followed the same tasks and dependencies, so every key reached is loaded.
            guard let notebook = loaded[key] else { preconditionFailure("notebook \(key) was never loaded") }
            if let caller, case .missing = notebook.location {
                if missingDependencies.insert(key).inserted {
                    problems.append(
                        PlanProblem(
                            severity: .warning, subject: key,
                            message:
                                "not in the export, needed by \(caller); the calling cell is flagged RUN-UNRESOLVED"))
                }
                return
            }
            let output = WorkspacePaths.notebooksFolder + "/" + WorkspacePaths.outputRelativePath(forWorkspacePath: key)
            let unit = NotebookUnit(
                key: key, role: .dependency, taskKeys: [], referencedBy: caller.map { [$0] } ?? [],
                outputRelativePath: output, source: notebook.source,
                dependencies: notebook.dependencies)
            outputClaimants[output, default: []].append(key)
            if outputClaimants[output]?.count == 2 { sharedOutputs.append(output) }
            units[key] = unit
            if case .unavailable(let why) = unit.source {
                problems.append(PlanProblem(severity: .error, subject: key, message: why))
            } else if let file = unit.file, notebook.notebook?.cells.isEmpty == true {
                // Valid, and migrated so the job keeps its shape; but rarely what was meant.
                problems.append(
                    PlanProblem(
                        severity: .warning, subject: key,
                        message: "\(file.relativePath) has no cells; it is migrated as an empty notebook: "
                            + "check the export"))
            }
            inProgress.append(key)
            for target in notebook.dependencyKeys {
                visit(target, referencedBy: key)
            }
            inProgress.removeLast()
            postOrder.append(key)
        }

        /// Workspace paths that differ only where one has a space and another `_` would write one
        /// file, and callers of each would be pointed at one AIDP notebook: none is migrated, and
        /// each is told which others it collides with (after any reason it already had).
        mutating func refuseSharedOutputs() {
            for output in sharedOutputs {
                let keys = outputClaimants[output] ?? []
                for key in keys {
                    let others = keys.filter { $0 != key }
                    let why =
                        "would be written to \(output), as \(others.joined(separator: " and ")) would (spaces become _ in output paths); "
                        + (others.count == 1
                            ? "neither is migrated: rename one of them" : "none is migrated: rename all but one")
                        + " in the workspace and export again"
                    if case .unavailable(let reason) = units[key]?.source {
                        units[key]?.source = .unavailable(reason + "; it also " + why)
                    } else {
                        units[key]?.source = .unavailable(why)
                    }
                    problems.append(PlanProblem(severity: .error, subject: key, message: why))
                }
            }
        }

        /// Pass 1 (dependencies, callees first), then Pass 2 (tasks, in job order).
        func orderedUnits() -> [NotebookUnit] {
            let dependencies = postOrder.filter { units[$0]?.role == .dependency }
            return (dependencies + taskOrder).compactMap { units[$0] }
        }
    }
}
