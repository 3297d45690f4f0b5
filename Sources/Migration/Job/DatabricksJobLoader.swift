import Durable
import Foundation
import JSON

/// Reads a Databricks job definition in any of the shapes of migration.md §8: a `jobs get`
/// document (`{"job_id", "settings"}`, or a reset body with `new_settings`), bare settings
/// (`{"name", "tasks"}`), or the Jobs 2.0 single-task form (payload at the top level, no
/// `tasks`), for which one task is synthesised with the job name, sanitised, as its key.
///
/// Either returns a job whose task keys are unique, whose `depends_on` entries name tasks of the
/// job and whose dependency graph is acyclic, or throws a `JobLoadError` naming the file, the
/// line and column (syntax) or the JSON path (shape), and a fix.
public enum DatabricksJobLoader {
    public static func load(data: Data, fileName: String) throws(JobLoadError) -> DatabricksJob {
        let document = try decode(data, fileName: fileName)
        return try JobShapeReader(file: fileName).job(from: document)
    }

    /// A task key from a job name: characters outside `[A-Za-z0-9_]` become `_` (`task` if empty).
    public static func taskKey(fromJobName name: String) -> String {
        let key = String(name.unicodeScalars.map { JobNames.isWordScalar($0) ? Character($0) : "_" })
        return key.isEmpty ? "task" : key
    }

    private static func decode(_ data: Data, fileName: String) throws(JobLoadError) -> JSONValue {
        let bytes = [UInt8](data)
        do {
            return try JSONParser.parse(bytes)
        } catch {
            let place = JSONSyntaxLocator.place(of: error, in: bytes)
            throw JobLoadError(
                file: fileName, reason: place.isNotUTF8 ? .notUTF8 : .syntax(detail: error.detail),
                position: .init(place.position))
        }
    }
}

/// Turns the decoded document into the model, one field at a time, with the path of each.
private struct JobShapeReader {
    let file: String

    /// Fields of a 2.0 single-task job that belong to its task rather than to the job.
    private static let singleTaskFields: Set<String> = [
        "existing_cluster_id", "new_cluster", "job_cluster_key", "environment_key", "libraries", "max_retries",
        "min_retry_interval_millis", "retry_on_timeout",
    ]

    func job(from document: JSONValue) throws(JobLoadError) -> DatabricksJob {
        guard case .object(let root) = document else {
            throw fail(.notAnObject(found: document.typeName), at: nil)
        }
        var shape = DatabricksJob.SourceShape.settings
        var settingsPath = ""
        var settingsValue = document
        var jobID: Int64?
        for wrapper in ["settings", "new_settings"] {
            if let value = root[wrapper], !value.isNull {
                shape = .jobsAPI
                settingsPath = wrapper
                settingsValue = value
                jobID = try int64(root, "job_id", in: "")
                break
            }
        }
        let settings = try object(settingsValue, at: settingsPath)

        var name = Self.fileStem(file)
        var isNameFromFileName = true
        if let explicit = try string(settings, "name", in: settingsPath),
            !explicit.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        {
            name = explicit
            isNameFromFileName = false
        }

        var tasks: [DatabricksTask] = []
        let tasksPath = JSONPath.member(settingsPath, "tasks")
        let taskList = try array(settings, "tasks", in: settingsPath) ?? []
        if !taskList.isEmpty {
            // Each task reads on its own, so a big job's are spread over the cores; the results
            // are checked in file order, so the first problem reported never depends on scheduling.
            let taskPaths = taskList.indices.map { JSONPath.index(tasksPath, $0) }
            let read = taskList.indices.concurrentMap(minimumCount: 64) { [self] position in
                Result { () throws(JobLoadError) in try task(from: taskList[position], at: taskPaths[position]) }
            }
            var firstPathByKey: [String: String] = [:]
            firstPathByKey.reserveCapacity(taskList.count)
            tasks.reserveCapacity(taskList.count)
            for (taskPath, result) in zip(taskPaths, read) {
                let task = try result.get()
                if let firstPath = firstPathByKey[task.key] {
                    throw fail(.duplicateTaskKey(task.key, firstPath: firstPath), at: task.path("task_key"))
                }
                firstPathByKey[task.key] = taskPath
                tasks.append(task)
            }
        } else {
            let kinds = Self.payloadKinds(in: settings)
            guard !kinds.isEmpty else {
                throw fail(.noTasks, at: settings["tasks"] == nil ? settingsPath : tasksPath)
            }
            var synthesised = settings.filter { Self.singleTaskFields.contains($0.key) || kinds.contains($0.key) }
            synthesised["task_key"] = .string(DatabricksJobLoader.taskKey(fromJobName: name))
            tasks = [try task(from: .object(synthesised), at: settingsPath)]
            shape = .singleTask
        }
        try checkDependencies(tasks)

        return DatabricksJob(
            fileName: file, shape: shape, settingsPath: settingsPath, jobID: jobID, name: name,
            isNameFromFileName: isNameFromFileName, description: try string(settings, "description", in: settingsPath),
            tags: try stringMap(settings, "tags", in: settingsPath),
            format: try string(settings, "format", in: settingsPath),
            maxConcurrentRuns: try int(settings, "max_concurrent_runs", in: settingsPath),
            timeoutSeconds: try int(settings, "timeout_seconds", in: settingsPath),
            schedule: try schedule(settings, in: settingsPath),
            continuousPauseStatus: try subobject(settings, "continuous", in: settingsPath).map {
                (body, path) throws(JobLoadError) in
                try string(body, "pause_status", in: path) ?? ""
            },
            queueEnabled: try subobject(settings, "queue", in: settingsPath).map { (body, path) throws(JobLoadError) in
                try bool(body, "enabled", in: path) ?? false
            },
            parameters: try parameters(settings, in: settingsPath), runAs: try runAs(settings, in: settingsPath),
            gitSource: try gitSource(settings, in: settingsPath),
            jobClusters: try jobClusters(settings, in: settingsPath),
            tasks: tasks, settings: .object(settings))
    }

    // MARK: Tasks

    private func task(from value: JSONValue, at path: String) throws(JobLoadError) -> DatabricksTask {
        let body = try object(value, at: path)
        guard let key = try string(body, "task_key", in: path), !key.isEmpty else {
            throw fail(.missingTaskKey, at: JSONPath.member(path, "task_key"))
        }
        var dependencies: [DatabricksTask.Dependency] = []
        let dependsOnPath = JSONPath.member(path, "depends_on")
        for (position, entry) in (try array(body, "depends_on", in: path) ?? []).enumerated() {
            let entryPath = JSONPath.index(dependsOnPath, position)
            let entryBody = try object(entry, at: entryPath)
            let dependency = try requiredString(entryBody, "task_key", in: entryPath)
            dependencies.append(.init(taskKey: dependency, outcome: try string(entryBody, "outcome", in: entryPath)))
        }
        return DatabricksTask(
            key: key, path: path, description: try string(body, "description", in: path), dependsOn: dependencies,
            runIf: try string(body, "run_if", in: path), compute: try compute(body, in: path),
            libraries: try array(body, "libraries", in: path) ?? [], maxRetries: try int(body, "max_retries", in: path),
            minRetryIntervalMillis: try int(body, "min_retry_interval_millis", in: path),
            retryOnTimeout: try bool(body, "retry_on_timeout", in: path),
            timeoutSeconds: try int(body, "timeout_seconds", in: path),
            disabled: try bool(body, "disabled", in: path) ?? false, payload: try payload(body, in: path), raw: value)
    }

    private func compute(_ body: [String: JSONValue], in path: String) throws(JobLoadError) -> DatabricksTask.Compute? {
        if let key = try string(body, "job_cluster_key", in: path) { return .jobCluster(key: key) }
        if let id = try string(body, "existing_cluster_id", in: path) { return .existingCluster(id: id) }
        if let (cluster, _) = try subobject(body, "new_cluster", in: path) { return .newCluster(.object(cluster)) }
        if let key = try string(body, "environment_key", in: path) { return .environment(key: key) }
        return nil
    }

    private func payload(_ body: [String: JSONValue], in path: String) throws(JobLoadError) -> DatabricksTask.Payload {
        let kinds = Self.payloadKinds(in: body)
        guard let kind = kinds.first else { throw fail(.noPayload, at: path) }
        guard kinds.count == 1 else { throw fail(.severalPayloads(kinds), at: path) }
        let payloadPath = JSONPath.member(path, kind)
        let payload = try object(body[kind]!, at: payloadPath)
        switch kind {
        case "notebook_task":
            guard let notebookPath = try string(payload, "notebook_path", in: payloadPath), !notebookPath.isEmpty else {
                throw fail(.missingNotebookPath, at: JSONPath.member(payloadPath, "notebook_path"))
            }
            return .notebook(
                .init(
                    notebookPath: notebookPath,
                    baseParameters: try stringMap(payload, "base_parameters", in: payloadPath),
                    source: try string(payload, "source", in: payloadPath),
                    warehouseID: try string(payload, "warehouse_id", in: payloadPath)))
        case "spark_python_task":
            return .sparkPython(
                .init(
                    pythonFile: try requiredString(payload, "python_file", in: payloadPath),
                    parameters: try stringList(payload, "parameters", in: payloadPath),
                    source: try string(payload, "source", in: payloadPath)))
        case "spark_jar_task":
            return .sparkJar(
                .init(
                    mainClassName: try requiredString(payload, "main_class_name", in: payloadPath),
                    parameters: try stringList(payload, "parameters", in: payloadPath),
                    jarURI: try string(payload, "jar_uri", in: payloadPath)))
        case "condition_task":
            return .condition(
                .init(
                    op: try requiredString(payload, "op", in: payloadPath),
                    left: try requiredScalar(payload, "left", in: payloadPath),
                    right: try requiredScalar(payload, "right", in: payloadPath)))
        case "run_job_task":
            guard let jobID = try int64(payload, "job_id", in: payloadPath) else {
                throw fail(.missingField, at: JSONPath.member(payloadPath, "job_id"))
            }
            return .runJob(
                .init(jobID: jobID, jobParameters: try stringMap(payload, "job_parameters", in: payloadPath)))
        default:
            return .other(kind: kind, body: .object(payload))
        }
    }

    /// Known dependencies, then no cycle (named along the first one found, in source order).
    private func checkDependencies(_ tasks: [DatabricksTask]) throws(JobLoadError) {
        let keys = Set(tasks.map(\.key))
        for task in tasks {
            for (position, dependency) in task.dependsOn.enumerated() where !keys.contains(dependency.taskKey) {
                let entryPath = JSONPath.index(task.path("depends_on"), position)
                throw fail(.unknownDependency(dependency.taskKey), at: JSONPath.member(entryPath, "task_key"))
            }
        }
        if let cycle = DependencyGraph(tasks).firstCycle(), let first = tasks.first(where: { $0.key == cycle[0] }) {
            throw fail(.dependencyCycle(cycle), at: first.path("depends_on"))
        }
    }

    // MARK: Job-level fields

    private func schedule(_ settings: [String: JSONValue], in path: String) throws(JobLoadError) -> DatabricksJob
        .Schedule?
    {
        guard let (body, schedulePath) = try subobject(settings, "schedule", in: path) else { return nil }
        return .init(
            quartzCronExpression: try requiredString(body, "quartz_cron_expression", in: schedulePath),
            timezoneID: try string(body, "timezone_id", in: schedulePath),
            pauseStatus: try string(body, "pause_status", in: schedulePath))
    }

    private func parameters(_ settings: [String: JSONValue], in path: String) throws(JobLoadError) -> [DatabricksJob
        .Parameter]
    {
        let listPath = JSONPath.member(path, "parameters")
        var result: [DatabricksJob.Parameter] = []
        for (position, entry) in (try array(settings, "parameters", in: path) ?? []).enumerated() {
            let entryPath = JSONPath.index(listPath, position)
            let body = try object(entry, at: entryPath)
            let name = try requiredString(body, "name", in: entryPath)
            let value = try body["default"].map { (value) throws(JobLoadError) in
                try scalar(value, at: JSONPath.member(entryPath, "default"))
            }
            result.append(.init(name: name, defaultValue: value ?? ""))
        }
        return result
    }

    private func runAs(_ settings: [String: JSONValue], in path: String) throws(JobLoadError) -> DatabricksJob.RunAs? {
        guard let (body, runAsPath) = try subobject(settings, "run_as", in: path) else { return nil }
        if let name = try string(body, "user_name", in: runAsPath) { return .user(name) }
        if let name = try string(body, "service_principal_name", in: runAsPath) { return .servicePrincipal(name) }
        if let name = try string(body, "group_name", in: runAsPath) { return .group(name) }
        return nil
    }

    private func gitSource(_ settings: [String: JSONValue], in path: String) throws(JobLoadError) -> DatabricksJob
        .GitSource?
    {
        guard let (body, gitPath) = try subobject(settings, "git_source", in: path) else { return nil }
        return .init(
            url: try string(body, "git_url", in: gitPath), provider: try string(body, "git_provider", in: gitPath),
            branch: try string(body, "git_branch", in: gitPath), tag: try string(body, "git_tag", in: gitPath),
            commit: try string(body, "git_commit", in: gitPath))
    }

    private func jobClusters(_ settings: [String: JSONValue], in path: String) throws(JobLoadError) -> [DatabricksJob
        .JobCluster]
    {
        let listPath = JSONPath.member(path, "job_clusters")
        var result: [DatabricksJob.JobCluster] = []
        for (position, entry) in (try array(settings, "job_clusters", in: path) ?? []).enumerated() {
            let entryPath = JSONPath.index(listPath, position)
            let body = try object(entry, at: entryPath)
            let cluster = try subobject(body, "new_cluster", in: entryPath).map { JSONValue.object($0.0) }
            result.append(.init(key: try requiredString(body, "job_cluster_key", in: entryPath), newCluster: cluster))
        }
        return result
    }

    // MARK: Typed field access

    private func fail(_ reason: JobLoadError.Reason, at path: String?) -> JobLoadError {
        JobLoadError(file: file, reason: reason, path: path?.isEmpty == true ? nil : path)
    }

    private func wrongType(_ expected: String, _ value: JSONValue, at path: String) -> JobLoadError {
        fail(.wrongType(expected: expected, found: value.typeName), at: path)
    }

    private func object(_ value: JSONValue, at path: String) throws(JobLoadError) -> [String: JSONValue] {
        guard case .object(let body) = value else { throw wrongType("object", value, at: path) }
        return body
    }

    /// A member that must be an object, with its path; `nil` when absent or `null`.
    private func subobject(_ body: [String: JSONValue], _ key: String, in path: String) throws(JobLoadError)
        -> ([String: JSONValue], String)?
    {
        guard let value = body[key], !value.isNull else { return nil }
        let memberPath = JSONPath.member(path, key)
        return (try object(value, at: memberPath), memberPath)
    }

    private func string(_ body: [String: JSONValue], _ key: String, in path: String) throws(JobLoadError) -> String? {
        guard let value = body[key], !value.isNull else { return nil }
        guard case .string(let text) = value else { throw wrongType("string", value, at: JSONPath.member(path, key)) }
        return text
    }

    private func requiredString(_ body: [String: JSONValue], _ key: String, in path: String) throws(JobLoadError)
        -> String
    {
        guard let text = try string(body, key, in: path), !text.isEmpty else {
            throw fail(.missingField, at: JSONPath.member(path, key))
        }
        return text
    }

    private func requiredScalar(_ body: [String: JSONValue], _ key: String, in path: String) throws(JobLoadError)
        -> String
    {
        guard let value = body[key], !value.isNull else { throw fail(.missingField, at: JSONPath.member(path, key)) }
        return try scalar(value, at: JSONPath.member(path, key))
    }

    private func int64(_ body: [String: JSONValue], _ key: String, in path: String) throws(JobLoadError) -> Int64? {
        guard let value = body[key], !value.isNull else { return nil }
        guard let number = value.intValue else { throw wrongType("integer", value, at: JSONPath.member(path, key)) }
        return number
    }

    private func int(_ body: [String: JSONValue], _ key: String, in path: String) throws(JobLoadError) -> Int? {
        try int64(body, key, in: path).flatMap { Int(exactly: $0) }
    }

    private func bool(_ body: [String: JSONValue], _ key: String, in path: String) throws(JobLoadError) -> Bool? {
        guard let value = body[key], !value.isNull else { return nil }
        guard let flag = value.boolValue else { throw wrongType("boolean", value, at: JSONPath.member(path, key)) }
        return flag
    }

    private func array(_ body: [String: JSONValue], _ key: String, in path: String) throws(JobLoadError) -> [JSONValue]?
    {
        guard let value = body[key], !value.isNull else { return nil }
        guard case .array(let items) = value else { throw wrongType("array", value, at: JSONPath.member(path, key)) }
        return items
    }

    /// A string, number or boolean as text (the API's string maps are often written with numbers).
    private func scalar(_ value: JSONValue, at path: String) throws(JobLoadError) -> String {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null, .array, .object: throw wrongType("string", value, at: path)
        }
    }

    private func stringMap(_ body: [String: JSONValue], _ key: String, in path: String) throws(JobLoadError) -> [String:
        String]
    {
        guard let (members, mapPath) = try subobject(body, key, in: path) else { return [:] }
        var result: [String: String] = [:]
        for (name, value) in members where !value.isNull {
            result[name] = try scalar(value, at: JSONPath.member(mapPath, name))
        }
        return result
    }

    private func stringList(_ body: [String: JSONValue], _ key: String, in path: String) throws(JobLoadError)
        -> [String]
    {
        let listPath = JSONPath.member(path, key)
        var result: [String] = []
        for (position, value) in (try array(body, key, in: path) ?? []).enumerated() {
            result.append(try scalar(value, at: JSONPath.index(listPath, position)))
        }
        return result
    }

    /// Members named `*_task` that hold something: the payloads, sorted.
    private static func payloadKinds(in body: [String: JSONValue]) -> [String] {
        body.filter { $0.key.hasSuffix("_task") && !$0.value.isNull }.keys.sorted()
    }

    private static func fileStem(_ file: String) -> String {
        let last = (file as NSString).lastPathComponent
        let stem = (last as NSString).deletingPathExtension
        return stem.isEmpty ? "job" : stem
    }
}
