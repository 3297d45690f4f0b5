import JSON

/// A Databricks job as skillhost needs it (migration.md §8): the job-level settings, the tasks in
/// source order with their dependencies, compute and payload, and the settings object as read for
/// every field the model does not name.
///
/// Built by `DatabricksJobLoader`, which guarantees unique task keys, known dependencies and an
/// acyclic graph.
public struct DatabricksJob: Sendable, Hashable {
    /// Which of the accepted input shapes the file had.
    public enum SourceShape: String, Sendable, Hashable {
        /// `jobs get` output: `{"job_id": …, "settings": {…}}` (also a `jobs reset` body with
        /// `new_settings`).
        case jobsAPI = "jobs-api-2.1"
        /// A bare settings object: `{"name": …, "tasks": […]}` (a `jobs create` body).
        case settings
        /// Jobs 2.0 single-task form: the payload at the top level, no `tasks`; one task was
        /// synthesised.
        case singleTask = "jobs-api-2.0-single-task"
    }

    public struct Schedule: Sendable, Hashable {
        public var quartzCronExpression: String
        public var timezoneID: String?
        /// `PAUSED` or `UNPAUSED`.
        public var pauseStatus: String?

        public init(quartzCronExpression: String, timezoneID: String? = nil, pauseStatus: String? = nil) {
            self.quartzCronExpression = quartzCronExpression
            self.timezoneID = timezoneID
            self.pauseStatus = pauseStatus
        }
    }

    /// A job parameter: `{name, default}`; the default is read as a string.
    public struct Parameter: Sendable, Hashable {
        public var name: String
        public var defaultValue: String

        public init(name: String, defaultValue: String) {
            self.name = name
            self.defaultValue = defaultValue
        }
    }

    /// `run_as`: exactly one identity.
    public enum RunAs: Sendable, Hashable {
        case user(String)
        case servicePrincipal(String)
        case group(String)

        public var identity: String {
            switch self {
            case .user(let name), .servicePrincipal(let name), .group(let name): return name
            }
        }
    }

    /// `git_source`.
    public struct GitSource: Sendable, Hashable {
        public var url: String?
        /// As written: `gitHub`, `bitbucketCloud`, `gitLab`, … (Databricks accepts any case).
        public var provider: String?
        public var branch: String?
        public var tag: String?
        public var commit: String?

        public init(
            url: String? = nil, provider: String? = nil, branch: String? = nil, tag: String? = nil,
            commit: String? = nil
        ) {
            self.url = url
            self.provider = provider
            self.branch = branch
            self.tag = tag
            self.commit = commit
        }
    }

    /// `job_clusters[]`: a key and the cluster definition as written.
    public struct JobCluster: Sendable, Hashable {
        public var key: String
        public var newCluster: JSONValue?

        public init(key: String, newCluster: JSONValue? = nil) {
            self.key = key
            self.newCluster = newCluster
        }
    }

    /// The file the job was read from, as given to the loader.
    public var fileName: String
    public var shape: SourceShape
    /// JSON path of the settings object inside the file: `settings`, `new_settings` or `""` (the
    /// document itself). Prefix of every path in errors and mapping items.
    public var settingsPath: String
    /// `job_id` of a `jobs get` document or a reset body.
    public var jobID: Int64?
    /// `settings.name`; when the file has none, the file name without its extension
    /// (`isNameFromFileName`).
    public var name: String
    public var isNameFromFileName: Bool
    public var description: String?
    public var tags: [String: String]
    /// `MULTI_TASK` or `SINGLE_TASK`.
    public var format: String?
    public var maxConcurrentRuns: Int?
    public var timeoutSeconds: Int?
    public var schedule: Schedule?
    /// `continuous.pause_status` when `continuous` is present (`""` when it has none).
    public var continuousPauseStatus: String?
    /// `queue.enabled` when `queue` is present.
    public var queueEnabled: Bool?
    public var parameters: [Parameter]
    public var runAs: RunAs?
    public var gitSource: GitSource?
    public var jobClusters: [JobCluster]
    /// In source order; a synthesised single task for the 2.0 form.
    public var tasks: [DatabricksTask]
    /// The settings object as read (for the 2.0 form, the top-level object, payload included).
    public var settings: JSONValue

    public init(
        fileName: String, shape: SourceShape, settingsPath: String, jobID: Int64? = nil, name: String,
        isNameFromFileName: Bool = false, description: String? = nil, tags: [String: String] = [:],
        format: String? = nil,
        maxConcurrentRuns: Int? = nil, timeoutSeconds: Int? = nil, schedule: Schedule? = nil,
        continuousPauseStatus: String? = nil, queueEnabled: Bool? = nil, parameters: [Parameter] = [],
        runAs: RunAs? = nil, gitSource: GitSource? = nil, jobClusters: [JobCluster] = [], tasks: [DatabricksTask],
        settings: JSONValue = .object([:])
    ) {
        self.fileName = fileName
        self.shape = shape
        self.settingsPath = settingsPath
        self.jobID = jobID
        self.name = name
        self.isNameFromFileName = isNameFromFileName
        self.description = description
        self.tags = tags
        self.format = format
        self.maxConcurrentRuns = maxConcurrentRuns
        self.timeoutSeconds = timeoutSeconds
        self.schedule = schedule
        self.continuousPauseStatus = continuousPauseStatus
        self.queueEnabled = queueEnabled
        self.parameters = parameters
        self.runAs = runAs
        self.gitSource = gitSource
        self.jobClusters = jobClusters
        self.tasks = tasks
        self.settings = settings
    }

    /// A settings field as raw JSON (`email_notifications`, `health`, `trigger`, …); `nil` when
    /// absent or `null`.
    public func setting(_ key: String) -> JSONValue? {
        guard let value = settings[key], !value.isNull else { return nil }
        return value
    }

    /// The JSON path of a settings field in the source file: `settings.schedule`.
    public func path(_ field: String) -> String {
        JSONPath.member(settingsPath, field)
    }

    public func task(_ key: String) -> DatabricksTask? {
        tasks.first { $0.key == key }
    }
}

/// One `tasks[]` entry.
public struct DatabricksTask: Sendable, Hashable {
    public struct Dependency: Sendable, Hashable {
        public var taskKey: String
        /// `"true"` / `"false"` on dependencies of a condition task.
        public var outcome: String?

        public init(taskKey: String, outcome: String? = nil) {
            self.taskKey = taskKey
            self.outcome = outcome
        }
    }

    /// Where the task runs; the first of `job_cluster_key`, `existing_cluster_id`, `new_cluster`,
    /// `environment_key` that is present.
    public enum Compute: Sendable, Hashable {
        case jobCluster(key: String)
        case existingCluster(id: String)
        case newCluster(JSONValue)
        case environment(key: String)
    }

    public struct NotebookTask: Sendable, Hashable {
        /// Absolute workspace path without extension (`WORKSPACE`), or repo-relative (`GIT`).
        public var notebookPath: String
        public var baseParameters: [String: String]
        /// `WORKSPACE` or `GIT`; `nil` means `GIT` when the job has a `git_source`, else `WORKSPACE`.
        public var source: String?
        public var warehouseID: String?

        public init(
            notebookPath: String, baseParameters: [String: String] = [:], source: String? = nil,
            warehouseID: String? = nil
        ) {
            self.notebookPath = notebookPath
            self.baseParameters = baseParameters
            self.source = source
            self.warehouseID = warehouseID
        }
    }

    public struct SparkPythonTask: Sendable, Hashable {
        public var pythonFile: String
        public var parameters: [String]
        public var source: String?

        public init(pythonFile: String, parameters: [String] = [], source: String? = nil) {
            self.pythonFile = pythonFile
            self.parameters = parameters
            self.source = source
        }
    }

    public struct SparkJarTask: Sendable, Hashable {
        public var mainClassName: String
        public var parameters: [String]
        /// Deprecated by Databricks in favour of `libraries[].jar`.
        public var jarURI: String?

        public init(mainClassName: String, parameters: [String] = [], jarURI: String? = nil) {
            self.mainClassName = mainClassName
            self.parameters = parameters
            self.jarURI = jarURI
        }
    }

    public struct ConditionTask: Sendable, Hashable {
        /// `EQUAL_TO`, `GREATER_THAN`, …
        public var op: String
        public var left: String
        public var right: String

        public init(op: String, left: String, right: String) {
            self.op = op
            self.left = left
            self.right = right
        }
    }

    public struct RunJobTask: Sendable, Hashable {
        public var jobID: Int64
        public var jobParameters: [String: String]

        public init(jobID: Int64, jobParameters: [String: String] = [:]) {
            self.jobID = jobID
            self.jobParameters = jobParameters
        }
    }

    /// Exactly one per task.
    public enum Payload: Sendable, Hashable {
        case notebook(NotebookTask)
        case sparkPython(SparkPythonTask)
        case sparkJar(SparkJarTask)
        case condition(ConditionTask)
        case runJob(RunJobTask)
        /// Any other kind (`python_wheel_task`, `sql_task`, `for_each_task`, …), by its field
        /// name, with its body as written.
        case other(kind: String, body: JSONValue)

        /// The Databricks field name: `notebook_task`, `spark_python_task`, …
        public var kind: String {
            switch self {
            case .notebook: return "notebook_task"
            case .sparkPython: return "spark_python_task"
            case .sparkJar: return "spark_jar_task"
            case .condition: return "condition_task"
            case .runJob: return "run_job_task"
            case .other(let kind, _): return kind
            }
        }
    }

    public var key: String
    /// JSON path of the task in the source file: `settings.tasks[2]`; for a synthesised 2.0 task,
    /// the settings path (its fields sit at the top level).
    public var path: String
    public var description: String?
    public var dependsOn: [Dependency]
    /// As written; `nil` means `ALL_SUCCESS`.
    public var runIf: String?
    public var compute: Compute?
    /// `libraries[]` entries as written.
    public var libraries: [JSONValue]
    public var maxRetries: Int?
    public var minRetryIntervalMillis: Int?
    public var retryOnTimeout: Bool?
    public var timeoutSeconds: Int?
    public var disabled: Bool
    public var payload: Payload
    /// The task object as read (synthesised for the 2.0 form).
    public var raw: JSONValue

    public init(
        key: String, path: String, description: String? = nil, dependsOn: [Dependency] = [], runIf: String? = nil,
        compute: Compute? = nil, libraries: [JSONValue] = [], maxRetries: Int? = nil,
        minRetryIntervalMillis: Int? = nil,
        retryOnTimeout: Bool? = nil, timeoutSeconds: Int? = nil, disabled: Bool = false, payload: Payload,
        raw: JSONValue = .object([:])
    ) {
        self.key = key
        self.path = path
        self.description = description
        self.dependsOn = dependsOn
        self.runIf = runIf
        self.compute = compute
        self.libraries = libraries
        self.maxRetries = maxRetries
        self.minRetryIntervalMillis = minRetryIntervalMillis
        self.retryOnTimeout = retryOnTimeout
        self.timeoutSeconds = timeoutSeconds
        self.disabled = disabled
        self.payload = payload
        self.raw = raw
    }

    /// The JSON path of one of this task's fields: `settings.tasks[2].libraries`.
    public func path(_ field: String) -> String {
        JSONPath.member(path, field)
    }
}
