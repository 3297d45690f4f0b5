import Foundation
import JSON

/// Translates a Databricks job into an AIDP job spec, row by row of migration.md §9.
///
/// Deterministic: the same job, config and paths give the same spec and items. Tasks keep their
/// source order; parameters from JSON objects are sorted by name; job clusters by key. Tasks of a
/// kind AIDP has no type for are left out of the DAG, and each dependent's edge to one is
/// replaced by edges to that task's nearest kept upstream tasks (REVIEW on the dependent), so the
/// order the job ran in is kept.
public enum AIDPJobTranslator {
    public static func translate(_ job: DatabricksJob, config: MigrationConfig, paths: WorkspacePaths) -> JobTranslation
    {
        var builder = JobSpecBuilder(job: job, config: config, paths: paths)
        return builder.build()
    }

    /// The workspace paths of the notebooks `translate` gives in `notebookTasks`, in task order
    /// and without translating anything: where reading notebooks can start while the spec is built.
    public static func migratedNotebookPaths(_ job: DatabricksJob) -> [String] {
        job.tasks.compactMap { JobSpecBuilder.migratedNotebookPath($0, in: job) }
    }

    /// An AIDP job name: `[A-Za-z][A-Za-z0-9_.]*`; other characters become `_`, and a name not
    /// starting with a letter gets `job_` in front.
    public static func aidpJobName(_ name: String) -> String {
        let mapped = String(name.unicodeScalars.map { JobNames.isWordScalar($0) || $0 == "." ? Character($0) : "_" })
        guard let first = mapped.unicodeScalars.first else { return "job" }
        return JobNames.isASCIILetter(first) ? mapped : "job_" + mapped
    }

    /// POSIX shell words joined into one command line: `["--env", "a b"]` → `--env 'a b'`.
    public static func shellJoin(_ arguments: [String]) -> String {
        arguments.map { argument in
            let safe =
                !argument.isEmpty
                && argument.unicodeScalars.allSatisfy {
                    JobNames.isWordScalar($0) || "@%+=:,./-".unicodeScalars.contains($0)
                }
            return safe ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }
}

/// Builds one translation; job level here, task level in `AIDPTaskTranslation.swift`.
struct JobSpecBuilder {
    let job: DatabricksJob
    let config: MigrationConfig
    let paths: WorkspacePaths
    var items: [JobMappingItem] = []
    /// `gitConfig` for the job and its git-sourced tasks, when the job has a `git_source`.
    var gitConfig: JSONValue?

    static let notificationFields = ["email_notifications", "webhook_notifications", "notification_settings", "health"]
    static let droppedFields = [
        "tags", "environments", "budget_policy_id", "performance_target", "deployment", "edit_mode", "format",
    ]
    static let triggerFields = ["trigger", "triggers"]
    static let mappedFields: Set<String> = [
        "name", "description", "max_concurrent_runs", "timeout_seconds", "schedule", "continuous", "queue",
        "parameters",
        "git_source", "run_as", "job_clusters", "tasks",
    ]
    /// AIDP's minimum schedule interval as migration.md §9.1 gives it (unconfirmed by Oracle).
    static let minimumScheduleInterval = 1800

    init(job: DatabricksJob, config: MigrationConfig, paths: WorkspacePaths) {
        self.job = job
        self.config = config
        self.paths = paths
    }

    mutating func build() -> JobTranslation {
        var spec: [String: JSONValue] = [:]
        identity(into: &spec)
        runtime(into: &spec)
        parameters(into: &spec)
        sourceAndIdentity(into: &spec)
        clusters(into: &spec)
        reportOnly()
        let (tasks, notebookTasks) = translateTasks()
        spec["tasks"] = .array(tasks)
        return JobTranslation(spec: .object(spec), items: items, notebookTasks: notebookTasks)
    }

    mutating func report(
        _ rule: JobMappingRule, _ confidence: Confidence, _ field: String, task: String? = nil, _ note: String
    ) {
        items.append(JobMappingItem(field: field, taskKey: task, rule: rule, confidence: confidence, note: note))
    }

    // MARK: §9.1 rows

    /// `name`, `description`, `path`, and the 2.0 single-task note.
    private mutating func identity(into spec: inout [String: JSONValue]) {
        let name = AIDPJobTranslator.aidpJobName(job.name)
        spec["name"] = .string(name)
        var description = job.description
        if job.isNameFromFileName {
            report(
                .jobName, .review, job.path("name"), "the file has no job name; '\(job.name)' comes from the file name")
        }
        if name != job.name {
            if !job.isNameFromFileName {
                let origin = "Databricks job name: \(job.name)"
                description = description.map { $0.isEmpty ? origin : "\($0)\n\n\(origin)" } ?? origin
            }
            report(
                .jobName, .review, job.path("name"),
                "'\(job.name)' became '\(name)' (AIDP job names match [A-Za-z][A-Za-z0-9_.]*)"
                    + (job.isNameFromFileName ? "" : "; the original is kept in description"))
        }
        if let description { spec["description"] = .string(description) }
        spec["path"] = .string("\(paths.workspaceRoot)/\(paths.job)")
        if job.shape == .singleTask, let task = job.tasks.first {
            report(
                .singleTask, .safe, task.path(task.payload.kind), task: task.key,
                "Jobs 2.0 single-task job: its top-level \(task.payload.kind) became task '\(task.key)'")
        }
    }

    /// `max_concurrent_runs`, `timeout_seconds`, `schedule`, `continuous`, `queue`.
    private mutating func runtime(into spec: inout [String: JSONValue]) {
        if let runs = job.maxConcurrentRuns {
            let allowed = min(max(runs, 1), 1000)
            spec["maxConcurrentRuns"] = .int(Int64(allowed))
            if allowed != runs {
                report(
                    .maxConcurrentRuns, .review, job.path("max_concurrent_runs"),
                    "AIDP allows 1 to 1000 concurrent runs: \(runs) became \(allowed)")
            }
        }
        if let timeout = job.timeoutSeconds {
            if timeout > 0 {
                spec["timeoutSeconds"] = .int(Int64(timeout))
            } else {
                report(
                    .jobTimeout, .review, job.path("timeout_seconds"),
                    "\(timeout) (no timeout) omitted: what 0 means on AIDP is unknown")
            }
        }
        if let schedule = job.schedule { spec["schedule"] = translate(schedule) }
        if let pause = job.continuousPauseStatus {
            spec["continuous"] = pause.isEmpty ? .object([:]) : ["pauseStatus": .string(pause)]
            report(
                .continuous, .review, job.path("continuous"),
                "continuous job: AIDP keeps one run going; check restarts, retries and cost match the Databricks behaviour"
            )
        }
        if let enabled = job.queueEnabled { spec["queue"] = ["isEnabled": .bool(enabled)] }
    }

    private mutating func translate(_ schedule: DatabricksJob.Schedule) -> JSONValue {
        var body: [String: JSONValue] = [
            "quartzCronExpression": .string(schedule.quartzCronExpression),
            "timezoneId": .string(schedule.timezoneID ?? "UTC"),
        ]
        if let pause = schedule.pauseStatus { body["pauseStatus"] = .string(pause) }
        if schedule.timezoneID == nil {
            report(
                .schedule, .review, job.path("schedule.timezone_id"),
                "no time zone: UTC assumed (AIDP requires timezoneId)")
        }
        let field = job.path("schedule.quartz_cron_expression")
        do {
            let gap = try QuartzCron(schedule.quartzCronExpression).minimumIntervalSeconds
            if gap < Self.minimumScheduleInterval {
                report(
                    .schedule, .flag, field,
                    "'\(schedule.quartzCronExpression)' fires every \(QuartzCron.describe(seconds: gap)) at its most frequent; "
                        + "AIDP's minimum interval is reported as 30 min (unconfirmed): fire less often, or confirm the service accepts it"
                )
            }
        } catch {
            report(
                .schedule, .flag, field,
                "'\(schedule.quartzCronExpression)' is not a valid Quartz expression: \(error.message)")
        }
        return .object(body)
    }

    /// `parameters[{name, default}]` → `parameters[{name, value}]`, in source order.
    private mutating func parameters(into spec: inout [String: JSONValue]) {
        guard !job.parameters.isEmpty else { return }
        spec["parameters"] = .array(
            job.parameters.map { ["name": .string($0.name), "value": .string($0.defaultValue)] })
        for (position, parameter) in job.parameters.enumerated() {
            checkParameter(
                name: parameter.name, value: parameter.defaultValue,
                field: JSONPath.index(job.path("parameters"), position),
                rule: .jobParameters, task: nil)
        }
    }

    /// A parameter's name against AIDP's charset and its value against the references AIDP resolves.
    mutating func checkParameter(name: String, value: String, field: String, rule: JobMappingRule, task: String?) {
        let bad = Self.characters(of: name) { JobNames.isWordScalar($0) || $0 == "-" || $0 == "." }
        if !bad.isEmpty {
            report(
                rule, .review, field, task: task,
                "parameter name '\(name)' has \(bad) outside AIDP's [A-Za-z0-9_.-]: rename it and its readers")
        }
        let unsupported = DynamicReferences.unsupported(in: value)
        if !unsupported.isEmpty {
            report(
                rule, .flag, field, task: task,
                "'\(name)' uses \(unsupported.joined(separator: ", ")), which AIDP does not resolve "
                    + "(it resolves {{job.id}}, {{job.run_id}}, {{job.name}}, {{job.parameters.x}}, {{job.trigger.type}}, "
                    + "{{task.name}}, {{task.run_id}}, {{job.repair_count}}): compute the value in the notebook or pass it at run time"
            )
        }
    }

    /// `git_source` and `run_as`.
    private mutating func sourceAndIdentity(into spec: inout [String: JSONValue]) {
        if let git = job.gitSource {
            let gitTasks = job.tasks.filter { isFromGit($0) && !isUnsupported($0) }.map(\.key)
            if gitTasks.isEmpty {
                report(
                    .gitSource, .review, job.path("git_source"),
                    "no task reads from the repository (all use source WORKSPACE): dropped")
            } else {
                gitConfig = translate(git)
                spec["gitConfig"] = gitConfig
                report(
                    .gitSource, .review, job.path("git_source"),
                    "tasks \(gitTasks.joined(separator: ", ")) read from \(git.url ?? "the repository"): set gitConfig.credential to an AIDP Git credential"
                )
            }
        }
        if let runAs = job.runAs {
            spec["runAs"] = .string(runAs.identity)
            let kind: String
            switch runAs {
            case .user: kind = "user"
            case .servicePrincipal: kind = "service principal"
            case .group: kind = "group"
            }
            report(
                .runAs, .review, job.path("run_as"),
                "runs as \(kind) '\(runAs.identity)' on Databricks: AIDP needs the matching user or service account, with its credential in the Credential Store"
            )
        }
    }

    private mutating func translate(_ git: DatabricksJob.GitSource) -> JSONValue {
        var body: [String: JSONValue] = [:]
        if let url = git.url { body["repositoryUrl"] = .string(url) }
        if let branch = git.branch { body["branch"] = .string(branch) }
        if let provider = git.provider {
            let providers = ["github": "GITHUB", "bitbucketcloud": "BITBUCKET", "gitlab": "GITLAB"]
            if let mapped = providers[provider.lowercased()] {
                body["provider"] = .string(mapped)
            } else {
                report(
                    .gitSource, .flag, job.path("git_source.git_provider"),
                    "provider '\(provider)' has no AIDP counterpart (GITHUB, BITBUCKET, GITLAB, OCI_DEVOPS): set gitConfig.provider by hand"
                )
            }
        }
        for (field, value) in [("git_tag", git.tag), ("git_commit", git.commit)] {
            if let value {
                report(
                    .gitSource, .review, job.path("git_source.\(field)"),
                    "pinned to \(field == "git_tag" ? "tag" : "commit") '\(value)': AIDP's gitConfig names a branch only"
                )
            }
        }
        return .object(body)
    }

    /// `job_clusters` through the cluster map; unmapped ones are reported and left out.
    private mutating func clusters(into spec: inout [String: JSONValue]) {
        var mapped: [MigrationConfig.ClusterTarget] = []
        for (position, cluster) in job.jobClusters.enumerated() {
            let field = JSONPath.index(job.path("job_clusters"), position)
            if let target = config.clusterMap[cluster.key] {
                if !mapped.contains(target) { mapped.append(target) }
                report(
                    .jobClusters, .safe, field,
                    "job cluster '\(cluster.key)' → AIDP cluster '\(target.clusterName)' (clusterMap); its Databricks definition is not carried over"
                )
            } else {
                report(
                    .jobClusters, .review, field,
                    "job cluster '\(cluster.key)' has no clusterMap entry and is left out (its tasks are flagged). "
                        + Self.summarise(cluster: cluster.newCluster)
                        + ". Create or pick an AIDP cluster and map '\(cluster.key)' to it")
            }
        }
        mapped.sort { ($0.clusterKey, $0.clusterName) < ($1.clusterKey, $1.clusterName) }
        if !mapped.isEmpty {
            spec["jobClusters"] = .array(
                mapped.map(\.json))
        }
    }

    /// Notifications and health (FLAG, information), fields without a counterpart, triggers, and
    /// fields §8 does not name.
    private mutating func reportOnly() {
        for field in Self.notificationFields {
            guard let value = job.setting(field), !Self.isEmpty(value) else { continue }
            report(
                .jobNotifications, .flag, job.path(field),
                "no AIDP job field: set up the equivalent alerting on AIDP (\(JSONCoding.encodeString(value)))")
        }
        for field in Self.droppedFields {
            guard let value = job.setting(field), !Self.isEmpty(value) else { continue }
            let confidence: Confidence = field == "format" ? .safe : .review
            report(
                .jobDropped, confidence, job.path(field),
                "no AIDP counterpart; dropped: \(JSONCoding.encodeString(value))")
        }
        for field in Self.triggerFields {
            guard let value = job.setting(field) else { continue }
            report(
                .trigger, .flag, job.path(field),
                "AIDP jobs have no triggers (file arrival, table update, periodic): schedule the job or start it from the producer (\(JSONCoding.encodeString(value)))"
            )
        }
        var known = Self.mappedFields.union(Self.notificationFields).union(Self.droppedFields).union(Self.triggerFields)
        if job.shape == .singleTask, let task = job.tasks.first, case .object(let taskFields) = task.raw {
            known.formUnion(taskFields.keys)
        }
        for field in (job.settings.objectValue ?? [:]).keys.sorted() where !known.contains(field) {
            report(.jobUnknownField, .review, job.path(field), "not a field skillhost maps; dropped")
        }
    }

    // MARK: Helpers

    /// Whether a notebook or Python task reads from the job's repository: `source: GIT`, or no
    /// source in a job with a `git_source` (the Databricks default).
    func isFromGit(_ task: DatabricksTask) -> Bool {
        Self.isFromGit(task, in: job)
    }

    static func isFromGit(_ task: DatabricksTask, in job: DatabricksJob) -> Bool {
        let source: String?
        switch task.payload {
        case .notebook(let notebook): source = notebook.source
        case .sparkPython(let python): source = python.source
        default: return false
        }
        guard let source else { return job.gitSource != nil }
        return source.uppercased() == "GIT"
    }

    /// The workspace path of the notebook `task` runs, when the migration converts it: a notebook
    /// task that does not read from the job's repository.
    static func migratedNotebookPath(_ task: DatabricksTask, in job: DatabricksJob) -> String? {
        guard case .notebook(let notebook) = task.payload, !isFromGit(task, in: job) else { return nil }
        return notebook.notebookPath
    }

    func isUnsupported(_ task: DatabricksTask) -> Bool {
        if case .other = task.payload { return true }
        return false
    }

    /// The characters of `text` failing `allowed`, each once, quoted: `'-', ' '`.
    static func characters(of text: String, allowed: (Unicode.Scalar) -> Bool) -> String {
        var seen: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars where !allowed(scalar) && !seen.contains(scalar) { seen.append(scalar) }
        return seen.map { "'\($0)'" }.joined(separator: ", ")
    }

    static func isEmpty(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return true
        case .object(let members): return members.isEmpty
        case .array(let elements): return elements.isEmpty
        default: return false
        }
    }

    /// What a Databricks `new_cluster` asked for, for a person to recreate it: size, init scripts
    /// and the fields AIDP has no counterpart for.
    static func summarise(cluster: JSONValue?) -> String {
        guard let cluster, case .object(let fields) = cluster, !fields.isEmpty else {
            return "It has no new_cluster definition"
        }
        var parts: [String] = []
        if let autoscale = fields["autoscale"], let low = autoscale["min_workers"]?.intValue,
            let high = autoscale["max_workers"]?.intValue
        {
            parts.append("autoscale \(low)–\(high) workers")
        } else if let workers = fields["num_workers"]?.intValue {
            parts.append("\(workers) workers")
        }
        let scripts = (fields["init_scripts"]?.arrayValue ?? []).compactMap { script -> String? in
            guard case .object(let kinds) = script, let kind = kinds.keys.sorted().first else { return nil }
            return kinds[kind]?["destination"]?.stringValue.map { "\(kind) \($0)" }
        }
        if !scripts.isEmpty { parts.append("init scripts to port: \(scripts.joined(separator: ", "))") }
        parts.append("Databricks fields not carried over: \(fields.keys.sorted().joined(separator: ", "))")
        return "new_cluster: " + parts.joined(separator: "; ")
    }
}
