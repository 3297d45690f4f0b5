import JSON

/// Why a job file could not be read, with where and how to fix it.
///
/// Syntax errors carry the line and column (1-based; columns count Unicode scalars); shape errors
/// carry the JSON path of the offending field. `description` is one line a person can act on:
/// `job.json: settings.tasks[2].task_key: missing. Fix: give every task a "task_key" …`.
public struct JobLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// The bytes are not UTF-8 text.
        case notUTF8
        /// Not JSON; `detail` says what the parser met.
        case syntax(detail: String)
        /// The document is JSON, but not an object (`found` is the JSON type name).
        case notAnObject(found: String)
        /// Neither a non-empty `tasks` array nor a 2.0 single-task payload.
        case noTasks
        case missingTaskKey
        case missingNotebookPath
        /// Another required field is absent or empty.
        case missingField
        case wrongType(expected: String, found: String)
        case duplicateTaskKey(String, firstPath: String)
        case unknownDependency(String)
        /// Task keys along the cycle, each depending on the next; the first is repeated at the end.
        case dependencyCycle([String])
        /// A task without any `*_task` payload.
        case noPayload
        /// A task (or a 2.0 job) with more than one payload; the field names, sorted.
        case severalPayloads([String])
    }

    /// A position in the text, both 1-based.
    public struct Position: Sendable, Hashable {
        public var line: Int
        public var column: Int

        public init(_ position: JSONSyntaxLocator.Position) {
            self.init(line: position.line, column: position.column)
        }

        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }
    }

    public var file: String
    public var reason: Reason
    /// For `notUTF8` and `syntax`; `nil` when the parser gave no position.
    public var position: Position?
    /// For shape errors: `settings.tasks[2].task_key`; `nil` for the document as a whole.
    public var path: String?

    public init(file: String, reason: Reason, position: Position? = nil, path: String? = nil) {
        self.file = file
        self.reason = reason
        self.position = position
        self.path = path
    }

    public var message: String {
        switch reason {
        case .notUTF8: return "not UTF-8 text"
        case .syntax(let detail): return "not valid JSON: \(detail)"
        case .notAnObject(let found): return "the document is \(Self.article(found)) \(found), not a job object"
        case .noTasks:
            return "no tasks: neither a non-empty \"tasks\" array nor a single-task payload such as \"notebook_task\""
        case .missingTaskKey, .missingNotebookPath, .missingField: return "missing"
        case .wrongType(let expected, let found):
            return "expected \(Self.article(expected)) \(expected), found \(Self.article(found)) \(found)"
        case .duplicateTaskKey(let key, let firstPath): return "task key '\(key)' is already used by \(firstPath)"
        case .unknownDependency(let key): return "'\(key)' is not a task of this job"
        case .dependencyCycle(let keys): return "dependency cycle \(keys.joined(separator: " → ")) (→ = depends on)"
        case .noPayload: return "the task has no payload (notebook_task, spark_python_task, …)"
        case .severalPayloads(let kinds): return "more than one payload: \(kinds.joined(separator: ", "))"
        }
    }

    /// What to do about it.
    public var hint: String {
        switch reason {
        case .notUTF8: return "save the file as UTF-8 (export it again with `databricks jobs get --output json`)"
        case .syntax:
            return "repair the JSON at that position, or export the job again with `databricks jobs get --output json`"
        case .notAnObject:
            return
                "pass one job: a `jobs get` document {\"job_id\", \"settings\"}, a settings object {\"name\", \"tasks\"}, or a 2.0 single-task job"
        case .noTasks:
            return "add a \"tasks\" array, or check that the file is a Databricks job and not a list of jobs or runs"
        case .missingTaskKey: return "give every task a unique non-empty \"task_key\""
        case .missingNotebookPath:
            return "set \"notebook_path\" to the notebook's workspace path, e.g. \"/Users/a@example.com/etl/load\""
        case .missingField: return "the Jobs API requires this field; add it"
        case .wrongType: return "change the value to the expected JSON type"
        case .duplicateTaskKey: return "rename one of the tasks and update the \"depends_on\" entries that name it"
        case .unknownDependency: return "fix the spelling, or add the missing task"
        case .dependencyCycle: return "remove one \"depends_on\" entry along the cycle"
        case .noPayload: return "add exactly one payload such as \"notebook_task\": {\"notebook_path\": …}"
        case .severalPayloads: return "keep exactly one payload per task; split the others into tasks of their own"
        }
    }

    public var description: String {
        var location = file
        if let position { location += ":\(position.line):\(position.column)" }
        if let path, !path.isEmpty { location += ": \(path)" }
        return "\(location): \(message). Fix: \(hint)."
    }

    private static func article(_ word: String) -> String {
        guard let first = word.first else { return "a" }
        return "aeiou".contains(first) ? "an" : "a"
    }
}
