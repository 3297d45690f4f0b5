/// The rows of migration.md §9 an item comes from.
public enum JobMappingRule: String, Sendable, Hashable, CaseIterable {
    // §9.1, job level
    /// `name` sanitised, or taken from the file name.
    case jobName = "JOB-NAME"
    /// `max_concurrent_runs` outside AIDP's 1…1000.
    case maxConcurrentRuns = "JOB-MAX-CONCURRENT-RUNS"
    /// `timeout_seconds: 0` omitted.
    case jobTimeout = "JOB-TIMEOUT"
    /// Invalid Quartz, more often than every 30 minutes, or no time zone.
    case schedule = "JOB-SCHEDULE"
    case continuous = "JOB-CONTINUOUS"
    /// Unsupported `{{…}}` references, names outside AIDP's charset.
    case jobParameters = "JOB-PARAMETERS"
    case gitSource = "JOB-GIT-SOURCE"
    case runAs = "JOB-RUN-AS"
    case jobClusters = "JOB-CLUSTERS"
    /// `email_notifications`, `webhook_notifications`, `notification_settings`, `health`.
    case jobNotifications = "JOB-NOTIFICATIONS"
    /// `tags`, `environments`, `budget_policy_id`, `performance_target`, `deployment`,
    /// `edit_mode`, `format`.
    case jobDropped = "JOB-DROPPED"
    case trigger = "JOB-TRIGGER"
    /// A settings field §8 does not name.
    case jobUnknownField = "JOB-UNKNOWN-FIELD"
    /// A Jobs 2.0 single-task job became one task.
    case singleTask = "JOB-SINGLE-TASK"

    // §9.2, task level
    /// Characters outside `[A-Za-z0-9_]`.
    case taskKey = "TASK-KEY"
    /// A dependency on a task left out of the DAG, replaced by that task's upstream.
    case taskDependency = "TASK-DEPENDENCY"
    case taskRunIf = "TASK-RUN-IF"
    case taskRetries = "TASK-RETRIES"
    case taskTimeout = "TASK-TIMEOUT"
    /// A notebook or Python file read from the job's git repository.
    case taskGitSource = "TASK-GIT-SOURCE"
    /// `base_parameters`, `parameters`, `job_parameters`: references and names.
    case taskParameters = "TASK-PARAMETERS"
    case taskWarehouse = "TASK-WAREHOUSE"
    case taskCompute = "TASK-COMPUTE"
    case taskLibraries = "TASK-LIBRARIES"
    case pythonTask = "TASK-PYTHON"
    case jarTask = "TASK-JAR"
    case conditionTask = "TASK-CONDITION"
    case runJobTask = "TASK-RUN-JOB"
    /// A task kind with no AIDP type: left out of the DAG.
    case unsupportedTask = "TASK-UNSUPPORTED"
    case taskDescription = "TASK-DESCRIPTION"
    case taskDisabled = "TASK-DISABLED"
    case taskNotifications = "TASK-NOTIFICATIONS"
    case taskUnknownField = "TASK-UNKNOWN-FIELD"
}
