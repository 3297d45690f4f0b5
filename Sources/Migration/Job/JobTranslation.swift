import JSON

/// A Databricks job translated to AIDP (migration.md §9): the job spec, what did not map one to
/// one, and the notebooks Pass 2 migrates.
public struct JobTranslation: Sendable {
    /// The content of `aidp-job.json`: `UpdateJobDetails` with AIDP's camelCase wire names
    /// (aidp-jobs.md Appendix A); tasks in source order.
    public var spec: JSONValue
    /// Everything that was not mapped one to one, job level first, then per task in source order.
    public var items: [JobMappingItem]
    /// The `WORKSPACE` notebook tasks, dependencies before dependents (source order among tasks
    /// ready together), with the notebook's Databricks workspace path as written in the job.
    public var notebookTasks: [(taskKey: String, workspacePath: String)]

    public init(spec: JSONValue, items: [JobMappingItem], notebookTasks: [(taskKey: String, workspacePath: String)]) {
        self.spec = spec
        self.items = items
        self.notebookTasks = notebookTasks
    }

    /// The items of one task.
    public func items(forTask key: String) -> [JobMappingItem] {
        items.filter { $0.taskKey == key }
    }

    /// The most severe confidence among the items (`SAFE` when there are none).
    public var confidence: Confidence {
        items.map(\.confidence).max() ?? .safe
    }
}

/// One thing the translation changed, dropped or could not do.
public struct JobMappingItem: Sendable, Hashable, CustomStringConvertible {
    /// JSON path of the source field: `settings.tasks[3].libraries`.
    public var field: String
    /// The task concerned; `nil` for job-level items.
    public var taskKey: String?
    public var rule: JobMappingRule
    public var confidence: Confidence
    public var note: String

    public init(field: String, taskKey: String? = nil, rule: JobMappingRule, confidence: Confidence, note: String) {
        self.field = field
        self.taskKey = taskKey
        self.rule = rule
        self.confidence = confidence
        self.note = note
    }

    public var description: String { "\(confidence.rawValue) \(rule.rawValue) \(field): \(note)" }
}
