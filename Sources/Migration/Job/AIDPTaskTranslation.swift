import Durable
import JSON

/// Task level of the translation (migration.md §9.2).
extension JobSpecBuilder {
    static let runIfValues: Set<String> = [
        "ALL_SUCCESS", "ALL_DONE", "NONE_FAILED", "AT_LEAST_ONE_SUCCESS", "ALL_FAILED", "AT_LEAST_ONE_FAILED",
    ]
    static let taskFields: Set<String> = [
        "task_key", "description", "depends_on", "run_if", "job_cluster_key", "existing_cluster_id", "new_cluster",
        "environment_key", "libraries", "max_retries", "min_retry_interval_millis", "retry_on_timeout",
        "timeout_seconds",
        "disabled",
    ]
    static let conditionOperators = [
        "EQUAL_TO": "==", "NOT_EQUAL": "!=", "GREATER_THAN": ">", "GREATER_THAN_OR_EQUAL": ">=", "LESS_THAN": "<",
        "LESS_THAN_OR_EQUAL": "<=",
    ]
    /// What to do instead, for the unsupported kinds people meet most.
    static let unsupportedHints = [
        "python_wheel_task": "call the entry point from a notebook, or package it as a PYTHON_TASK script",
        "sql_task": "move the query into a notebook with a %sql cell",
        "dbt_task": "run dbt from a notebook or a PYTHON_TASK",
        "pipeline_task": "Delta Live Tables pipelines have no AIDP counterpart: rewrite as notebooks",
        "for_each_task": "unroll the iterations into tasks, or loop in a notebook",
        "spark_submit_task": "AIDP names SPARK_SUBMIT_TASK but has no model for it: use a JAR_TASK or PYTHON_TASK",
    ]

    /// The spec's tasks in source order and the workspace notebook tasks in DAG order.
    mutating func translateTasks() -> ([JSONValue], [(taskKey: String, workspacePath: String)]) {
        let upstream = keptUpstream()
        // Tasks translate independently, so a big job's are spread over every core; each one's
        // mapping notes are merged back in task order, so the report never depends on scheduling.
        let translated = job.tasks.concurrentMap(minimumCount: 64) {
            [self] task -> (spec: [String: JSONValue], dependencies: [String], items: [JobMappingItem])? in
            guard !isUnsupported(task) else { return nil }
            var builder = self
            builder.items = []
            let (spec, dependencies) = builder.translate(task, upstream: upstream)
            return (spec: spec, dependencies: dependencies, items: builder.items)
        }
        var tasks: [JSONValue] = []
        var notebooks: [String: String] = [:]
        var edges: [String: [String]] = [:]
        var kept: [String] = []
        for (task, result) in zip(job.tasks, translated) {
            // Only a task of a kind AIDP has no type for translates to nothing.
            guard let result else {
                if case .other(let kind, let body) = task.payload {
                    report(.unsupportedTask, .flag, task.path(kind), task: task.key, Self.unsupportedNote(kind, body))
                }
                continue
            }
            items += result.items
            tasks.append(.object(result.spec))
            kept.append(task.key)
            edges[task.key] = result.dependencies
            if let path = Self.migratedNotebookPath(task, in: job) { notebooks[task.key] = path }
        }
        let order = DependencyGraph(order: kept, edges: edges).topologicalOrder()
        return (tasks, order.compactMap { key in notebooks[key].map { (taskKey: key, workspacePath: $0) } })
    }

    /// Why a task of an unsupported `kind` is left out, and what to do instead.
    private static func unsupportedNote(_ kind: String, _ body: JSONValue) -> String {
        var note =
            "\(kind) has no AIDP task type: the task is left out of the DAG; its dependents now depend on its own upstream tasks"
        if let hint = unsupportedHints[kind] { note += ". Instead: \(hint)" }
        if kind == "for_each_task",
            let inner = body["task"]?.objectValue?.keys.sorted().first(where: { $0.hasSuffix("_task") })
        {
            note += ". Its inner \(inner) is not migrated"
        }
        return note
    }

    /// For each task left out of the DAG, the kept tasks it (transitively) waited for, with their
    /// outcomes, in first-seen order.
    private func keptUpstream() -> [String: [DatabricksTask.Dependency]] {
        let dropped = Set(job.tasks.filter(isUnsupported).map(\.key))
        guard !dropped.isEmpty else { return [:] }
        let graph = DependencyGraph(job.tasks)
        var upstream: [String: [DatabricksTask.Dependency]] = [:]
        for key in graph.topologicalOrder() where dropped.contains(key) {
            var result: [DatabricksTask.Dependency] = []
            for dependency in job.task(key)?.dependsOn ?? [] {
                for edge in dropped.contains(dependency.taskKey) ? upstream[dependency.taskKey] ?? [] : [dependency]
                where !result.contains(edge) {
                    result.append(edge)
                }
            }
            upstream[key] = result
        }
        return upstream
    }

    /// One kept task: the spec object and the keys it depends on.
    private mutating func translate(_ task: DatabricksTask, upstream: [String: [DatabricksTask.Dependency]]) -> (
        [String: JSONValue], [String]
    ) {
        var spec: [String: JSONValue] = ["taskKey": .string(task.key)]
        let badCharacters = Self.characters(of: task.key, allowed: JobNames.isWordScalar)
        if !badCharacters.isEmpty {
            report(
                .taskKey, .review, task.path("task_key"), task: task.key,
                "'\(task.key)' has \(badCharacters) outside [A-Za-z0-9_]: AIDP's taskKey charset is undocumented; rename the task if the service rejects it"
            )
        }
        let dependencies = dependencies(of: task, upstream: upstream)
        spec["dependsOn"] = .array(
            dependencies.map { dependency in
                var edge: [String: JSONValue] = ["taskKey": .string(dependency.taskKey)]
                if let outcome = dependency.outcome { edge["outcome"] = .string(outcome) }
                return .object(edge)
            })
        runIf(task, into: &spec)
        retries(task, into: &spec)
        payload(task, into: &spec)
        reportOnly(task)
        return (spec, dependencies.map(\.taskKey))
    }

    private mutating func dependencies(of task: DatabricksTask, upstream: [String: [DatabricksTask.Dependency]])
        -> [DatabricksTask.Dependency]
    {
        var result: [DatabricksTask.Dependency] = []
        var replaced: [String] = []
        for dependency in task.dependsOn {
            let edges: [DatabricksTask.Dependency]
            if let inherited = upstream[dependency.taskKey] {
                replaced.append(dependency.taskKey)
                edges = inherited
            } else {
                edges = [dependency]
            }
            for edge in edges where !result.contains(edge) { result.append(edge) }
        }
        if !replaced.isEmpty {
            let inherited = Set(replaced.flatMap { upstream[$0] ?? [] })
            let now = result.filter(inherited.contains).map { edge in
                edge.outcome.map { "\(edge.taskKey) (outcome \($0))" } ?? edge.taskKey
            }
            report(
                .taskDependency, .review, task.path("depends_on"), task: task.key,
                "depended on \(replaced.joined(separator: ", ")), left out of the DAG; "
                    + (now.isEmpty
                        ? "no kept task is upstream of \(replaced.count == 1 ? "it" : "them"), so this task now starts with the job"
                        : "now depends on \(now.joined(separator: ", ")) instead")
                    + ": check that run_if \(task.runIf ?? "ALL_SUCCESS") still holds")
        }
        return result
    }

    private mutating func runIf(_ task: DatabricksTask, into spec: inout [String: JSONValue]) {
        let value = task.runIf ?? "ALL_SUCCESS"
        if Self.runIfValues.contains(value) {
            spec["runIf"] = .string(value)
        } else {
            spec["runIf"] = "ALL_SUCCESS"
            report(
                .taskRunIf, .flag, task.path("run_if"), task: task.key,
                "'\(value)' is not a run_if value: ALL_SUCCESS used")
        }
    }

    /// `max_retries`, `min_retry_interval_millis`, `retry_on_timeout`, `timeout_seconds` (0 omitted).
    private mutating func retries(_ task: DatabricksTask, into spec: inout [String: JSONValue]) {
        if let retries = task.maxRetries {
            let allowed = retries < 0 ? 10 : min(retries, 10)
            spec["maxRetries"] = .int(Int64(allowed))
            if allowed != retries {
                let what = retries < 0 ? "\(retries) (retry forever)" : "\(retries)"
                report(
                    .taskRetries, .review, task.path("max_retries"), task: task.key,
                    "AIDP retries at most 10 times: \(what) became 10")
            }
        }
        if let interval = task.minRetryIntervalMillis {
            let allowed = min(max(interval, 0), 600_000)
            spec["minRetryIntervalMillis"] = .int(Int64(allowed))
            if allowed != interval {
                report(
                    .taskRetries, .review, task.path("min_retry_interval_millis"), task: task.key,
                    "AIDP waits at most 600000 ms between retries: \(interval) became \(allowed)")
            }
        }
        if let onTimeout = task.retryOnTimeout { spec["isRetryOnTimeout"] = .bool(onTimeout) }
        if let timeout = task.timeoutSeconds, timeout > 0 {
            if case .condition = task.payload {
                report(
                    .taskTimeout, .review, task.path("timeout_seconds"), task: task.key,
                    "IF_ELSE_TASK has no timeoutSeconds: \(timeout) s dropped")
            } else {
                spec["timeoutSeconds"] = .int(Int64(timeout))
            }
        }
    }

    private mutating func payload(_ task: DatabricksTask, into spec: inout [String: JSONValue]) {
        switch task.payload {
        case .notebook(let notebook):
            spec["type"] = "NOTEBOOK_TASK"
            let field = task.path("notebook_task")
            if isFromGit(task) {
                spec["source"] = "GIT_PROVIDER"
                spec["notebookPath"] = .string(notebook.notebookPath)
                if let gitConfig { spec["gitConfig"] = gitConfig }
                report(
                    .taskGitSource, .review, JSONPath.member(field, "source"), task: task.key,
                    "reads '\(notebook.notebookPath)' from the job's repository: commit the migrated notebook there (this migration writes workspace notebooks only); notebookPath kept relative"
                )
            } else {
                spec["source"] = "WORKSPACE"
                spec["notebookPath"] = .string(paths.aidpPath(forWorkspacePath: notebook.notebookPath))
            }
            taskParameters(
                notebook.baseParameters, field: JSONPath.member(field, "base_parameters"), task: task, into: &spec)
            if let warehouse = notebook.warehouseID {
                report(
                    .taskWarehouse, .flag, JSONPath.member(field, "warehouse_id"), task: task.key,
                    "runs on SQL warehouse '\(warehouse)': AIDP notebook tasks run on a cluster; the warehouse is dropped"
                )
            }
            cluster(task, into: &spec)
        case .sparkPython(let python):
            spec["type"] = "PYTHON_TASK"
            spec["filePath"] = .string(python.pythonFile)
            let fromGit = isFromGit(task)
            spec["source"] = fromGit ? "GIT_PROVIDER" : "WORKSPACE"
            if fromGit, let gitConfig { spec["gitConfig"] = gitConfig }
            let field = task.path("spark_python_task")
            if !python.parameters.isEmpty {
                spec["commandLineArguments"] = .string(AIDPJobTranslator.shellJoin(python.parameters))
            }
            report(
                .pythonTask, .review, field, task: task.key,
                "copy '\(python.pythonFile)' to AIDP and point filePath at it"
                    + (python.parameters.isEmpty ? "" : "; parameters are passed as one command line"))
            checkArguments(python.parameters, field: JSONPath.member(field, "parameters"), task: task)
            cluster(task, into: &spec)
        case .sparkJar(let jar):
            spec["type"] = "JAR_TASK"
            spec["mainClass"] = .string(jar.mainClassName)
            let jars = (jar.jarURI.map { [$0] } ?? []) + task.libraries.compactMap { $0["jar"]?.stringValue }
            if !jars.isEmpty { spec["dependentLibraries"] = .array(jars.map { .string($0) }) }
            if !jar.parameters.isEmpty {
                spec["commandLineArguments"] = .string(AIDPJobTranslator.shellJoin(jar.parameters))
            }
            let field = task.path("spark_jar_task")
            report(
                .jarTask, .review, field, task: task.key,
                jars.isEmpty
                    ? "no jar found (libraries[].jar or jar_uri): add the jar holding \(jar.mainClassName) to dependentLibraries"
                    : "copy \(jars.joined(separator: ", ")) where AIDP clusters can read them and update dependentLibraries"
            )
            checkArguments(jar.parameters, field: JSONPath.member(field, "parameters"), task: task)
            cluster(task, into: &spec)
        case .condition(let condition):
            spec["type"] = "IF_ELSE_TASK"
            let expression =
                "\(condition.left) \(Self.conditionOperators[condition.op] ?? condition.op) \(condition.right)"
            spec["expressions"] = [["key": "a", "value": .string(expression)]]
            spec["condition"] = "a"
            let unsupported = DynamicReferences.unsupported(in: condition.left + " " + condition.right)
            report(
                .conditionTask, .flag, task.path("condition_task"), task: task.key,
                "\(condition.op)(\(condition.left), \(condition.right)) became the skeleton expression a = '\(expression)': AIDP's IF_ELSE_TASK grammar is undocumented; write the real expression"
                    + (unsupported.isEmpty ? "" : " (\(unsupported.joined(separator: ", ")) has no AIDP equivalent)"))
        case .runJob(let run):
            spec["type"] = "JOB_TASK"
            spec["jobKey"] = .string("<AIDP jobKey of Databricks job \(run.jobID)>")
            let field = task.path("run_job_task")
            report(
                .runJobTask, .review, field, task: task.key,
                "runs Databricks job \(run.jobID): migrate that job too and replace the jobKey placeholder with its AIDP key"
            )
            taskParameters(
                run.jobParameters, field: JSONPath.member(field, "job_parameters"), task: task, into: &spec)
        case .other:
            break
        }
    }

    /// A notebook's base parameters or a job task's parameters: `parameters` sorted by name, each
    /// checked against the job's (`field` is the parameters' own path).
    private mutating func taskParameters(
        _ parameters: [String: String], field: String, task: DatabricksTask, into spec: inout [String: JSONValue]
    ) {
        let names = parameters.keys.sorted()
        if !names.isEmpty {
            spec["parameters"] = .array(names.map { ["name": .string($0), "value": .string(parameters[$0]!)] })
        }
        for name in names {
            checkTaskParameter(name: name, value: parameters[name]!, field: JSONPath.member(field, name), task: task)
        }
    }

    private mutating func checkTaskParameter(name: String, value: String, field: String, task: DatabricksTask) {
        checkParameter(name: name, value: value, field: field, rule: .taskParameters, task: task.key)
        if job.parameters.contains(where: { $0.name == name }),
            DynamicReferences.references(in: value) != ["job.parameters.\(name)"]
        {
            report(
                .taskParameters, .review, field, task: task.key,
                "'\(name)' is also a job parameter: AIDP documents both precedences; give task and job parameters distinct names"
            )
        }
    }

    private mutating func checkArguments(_ arguments: [String], field: String, task: DatabricksTask) {
        let unsupported = arguments.flatMap(DynamicReferences.unsupported(in:))
        guard !unsupported.isEmpty else { return }
        report(
            .taskParameters, .flag, field, task: task.key,
            "uses \(unsupported.joined(separator: ", ")), which AIDP does not resolve")
    }

    /// `cluster{clusterKey, clusterName}` from the cluster map, else FLAG.
    private mutating func cluster(_ task: DatabricksTask, into spec: inout [String: JSONValue]) {
        let field: String
        let problem: String
        switch task.compute {
        case .jobCluster(let key):
            if let target = config.clusterMap[key] { return set(target, into: &spec) }
            field = task.path("job_cluster_key")
            problem = "job cluster '\(key)' has no clusterMap entry: map it to an AIDP cluster"
        case .existingCluster(let id):
            if let target = config.clusterMap[id] { return set(target, into: &spec) }
            field = task.path("existing_cluster_id")
            problem = "existing cluster '\(id)' has no clusterMap entry: map it to an AIDP cluster"
        case .newCluster(let definition):
            field = task.path("new_cluster")
            problem =
                "the task defines its own cluster, which AIDP tasks cannot (\(Self.summarise(cluster: definition))): run it on an existing AIDP cluster"
        case .environment(let key):
            field = task.path("environment_key")
            problem =
                "runs on serverless environment '\(key)': AIDP tasks need a cluster; install the environment's dependencies there"
        case nil:
            field = task.path
            problem = "no compute (serverless): AIDP tasks need a cluster"
        }
        report(.taskCompute, .flag, field, task: task.key, problem + "; cluster left out")
    }

    private func set(_ target: MigrationConfig.ClusterTarget, into spec: inout [String: JSONValue]) {
        spec["cluster"] = target.json
    }

    /// Libraries (manual step), description, disabled, notifications, unknown fields.
    private mutating func reportOnly(_ task: DatabricksTask) {
        var libraries = task.libraries
        if case .sparkJar = task.payload { libraries.removeAll { $0["jar"] != nil } }
        if !libraries.isEmpty {
            report(
                .taskLibraries, .review, task.path("libraries"), task: task.key,
                "install on the AIDP cluster (cluster libraries), or with !pip in the notebook for Python packages: "
                    + libraries.map(Self.describe(library:)).joined(separator: "; "))
        }
        if let description = task.description, !description.isEmpty {
            report(
                .taskDescription, .safe, task.path("description"), task: task.key,
                "no AIDP task field; dropped: '\(description)'")
        }
        if task.disabled {
            report(
                .taskDisabled, .review, task.path("disabled"), task: task.key,
                "disabled on Databricks, but AIDP has no such flag: the task will run; remove it or keep it deliberately"
            )
        }
        guard case .object(let fields) = task.raw else { return }
        for field in Self.notificationFields {
            guard let value = fields[field], !Self.isEmpty(value) else { continue }
            report(
                .taskNotifications, .flag, task.path(field), task: task.key,
                "no AIDP task field: set up the equivalent alerting on AIDP (\(JSONCoding.encodeString(value)))")
        }
        let known = Self.taskFields.union(Self.notificationFields).union([task.payload.kind])
        for field in fields.keys.sorted() where !known.contains(field) {
            report(.taskUnknownField, .review, task.path(field), task: task.key, "not a field skillhost maps; dropped")
        }
    }

    /// `pypi great-expectations==0.18.12`, `whl /Volumes/…`, `maven g:a:v`.
    static func describe(library: JSONValue) -> String {
        guard case .object(let fields) = library, fields.count == 1, let (kind, value) = fields.first else {
            return JSONCoding.encodeString(library)
        }
        if let text = value.stringValue { return "\(kind) \(text)" }
        if let name = value["package"]?.stringValue ?? value["coordinates"]?.stringValue {
            return "\(kind) \(name)" + (value["repo"]?.stringValue.map { " (from \($0))" } ?? "")
        }
        return "\(kind) \(JSONCoding.encodeString(value))"
    }
}
