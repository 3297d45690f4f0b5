import Foundation
import JSON
import Testing

@testable import Migration

/// The job fixtures (`Fixtures/jobs/`, written for this project) and the config the translation
/// tests share.
enum JobFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures/jobs")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(name))
    }

    static func load(_ name: String) throws -> DatabricksJob {
        try DatabricksJobLoader.load(data: data(name), fileName: name)
    }

    static func load(json: String, fileName: String = "inline.json") throws(JobLoadError) -> DatabricksJob {
        try DatabricksJobLoader.load(data: Data(json.utf8), fileName: fileName)
    }

    /// The error loading `data` throws; a test failure (and a placeholder) when it loads.
    static func error(_ data: Data, fileName: String, sourceLocation: SourceLocation = #_sourceLocation) -> JobLoadError
    {
        do {
            let job = try DatabricksJobLoader.load(data: data, fileName: fileName)
            Issue.record("\(fileName) loaded as '\(job.name)'", sourceLocation: sourceLocation)
        } catch {
            return error
        }
        return JobLoadError(file: fileName, reason: .noTasks)
    }

    static func error(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> JobLoadError {
        error(try data(name), fileName: name, sourceLocation: sourceLocation)
    }

    static func error(json: String, sourceLocation: SourceLocation = #_sourceLocation) -> JobLoadError {
        error(Data(json.utf8), fileName: "inline.json", sourceLocation: sourceLocation)
    }

    static let config = MigrationConfig(clusterMap: [
        "restock_main": .init(clusterKey: "ck-main", clusterName: "restock-main"),
        "0801-090000-stock42": .init(clusterKey: "ck-shared", clusterName: "shared-etl"),
        "1122-334455-ledger01": .init(clusterKey: "ck-fin", clusterName: "finance-etl"),
        "0420-101010-kpi00001": .init(clusterKey: "ck-kpi", clusterName: "kpi"),
        "main": .init(clusterKey: "ck-kitchen", clusterName: "kitchen"),
    ])

    static func translate(_ job: DatabricksJob, config: MigrationConfig = config) -> JobTranslation {
        let paths = WorkspacePaths(job: WorkspacePaths.safeJobName(job.name), workspaceRoot: config.workspaceRoot)
        return AIDPJobTranslator.translate(job, config: config, paths: paths)
    }

    static func translate(_ name: String, config: MigrationConfig = config) throws -> JobTranslation {
        translate(try load(name), config: config)
    }

    static func translate(json: String, config: MigrationConfig = config) throws -> JobTranslation {
        translate(try load(json: json), config: config)
    }

    /// `"CONFIDENCE RULE field"` per item, for exact list comparisons.
    static func summary(_ items: [JobMappingItem]) -> [String] {
        items.map { "\($0.confidence.rawValue) \($0.rule.rawValue) \($0.field)" }
    }

    /// The spec task with this key.
    static func task(_ spec: JSONValue, _ key: String) -> JSONValue? {
        spec["tasks"]?.arrayValue?.first { $0["taskKey"]?.stringValue == key }
    }
}

@Suite struct JobLoaderTests {
    @Test func jobsGetDocumentLoadsTheJobLevelFields() throws {
        let job = try JobFixtures.load("jobs-get-full.json")
        #expect(job.shape == .jobsAPI)
        #expect(job.settingsPath == "settings")
        #expect(job.jobID == 480_127_733_915_520)
        #expect(job.name == "inventory-restock nightly")
        #expect(!job.isNameFromFileName)
        #expect(job.description == "Pull stock levels, forecast demand and publish restock orders")
        #expect(job.tags == ["domain": "supply-chain", "tier": "gold"])
        #expect(job.format == "MULTI_TASK")
        #expect(job.maxConcurrentRuns == 2)
        #expect(job.timeoutSeconds == 7200)
        #expect(
            job.schedule
                == .init(quartzCronExpression: "0 15 3 * * ?", timezoneID: "America/Chicago", pauseStatus: "UNPAUSED"))
        #expect(job.queueEnabled == true)
        #expect(job.continuousPauseStatus == nil)
        #expect(
            job.parameters == [
                .init(name: "region", defaultValue: "emea"),
                .init(name: "as_of", defaultValue: "{{job.start_time.iso_date}}"),
                .init(name: "run_tag", defaultValue: "{{job.id}}-{{ job.run_id }}"),
            ])
        #expect(job.runAs == .servicePrincipal("9a8b7c6d-aaaa-bbbb-cccc-ddddeeeeffff"))
        #expect(job.gitSource == nil)
        #expect(job.jobClusters.map(\.key) == ["restock_main", "forecast_gpu"])
        #expect(job.jobClusters[0].newCluster?["node_type_id"] == "m5d.2xlarge")
        #expect(job.setting("health")?["rules"]?.arrayValue?.count == 1)
        #expect(job.path("schedule") == "settings.schedule")
    }

    @Test func jobsGetDocumentLoadsTasksInSourceOrder() throws {
        let job = try JobFixtures.load("jobs-get-full.json")
        #expect(
            job.tasks.map(\.key) == [
                "pull_stock", "forecast", "enough_demand", "publish_orders", "score_wheel", "refresh_bi", "archive",
            ])
        #expect(
            job.tasks.map(\.payload.kind) == [
                "notebook_task", "notebook_task", "condition_task", "notebook_task", "python_wheel_task", "sql_task",
                "notebook_task",
            ])
        let pull = try #require(job.task("pull_stock"))
        #expect(pull.path == "settings.tasks[0]")
        #expect(pull.description == "Read stock snapshots")
        #expect(pull.compute == .jobCluster(key: "restock_main"))
        #expect(pull.libraries.count == 2)
        #expect(pull.maxRetries == 3 && pull.minRetryIntervalMillis == 120_000 && pull.retryOnTimeout == false)
        #expect(pull.timeoutSeconds == 1800)
        #expect(
            pull.payload
                == .notebook(
                    .init(
                        notebookPath: "/Users/ops.lead@example.org/restock/01 pull stock",
                        baseParameters: ["snapshot": "latest", "region": "{{job.parameters.region}}"],
                        source: "WORKSPACE")))
        let forecast = try #require(job.task("forecast"))
        #expect(forecast.runIf == "ALL_SUCCESS")
        #expect(forecast.dependsOn == [.init(taskKey: "pull_stock")])
        if case .notebook(let notebook) = forecast.payload {
            #expect(notebook.baseParameters["horizon_days"] == "14", "a number in base_parameters is read as text")
        } else {
            Issue.record("forecast is not a notebook task")
        }
        #expect(
            job.task("enough_demand")?.payload
                == .condition(.init(op: "GREATER_THAN_OR_EQUAL", left: "{{tasks.forecast.values.units}}", right: "100"))
        )
        #expect(job.task("publish_orders")?.dependsOn == [.init(taskKey: "enough_demand", outcome: "true")])
        #expect(job.task("publish_orders")?.compute == .existingCluster(id: "0801-090000-stock42"))
        #expect(job.task("archive")?.dependsOn.map(\.taskKey) == ["score_wheel", "refresh_bi"])
        #expect(job.task("archive")?.runIf == "ALL_DONE")
        if case .other(let kind, let body) = job.task("score_wheel")?.payload {
            #expect(kind == "python_wheel_task")
            #expect(body["entry_point"] == "score")
        } else {
            Issue.record("score_wheel is not an other-kind task")
        }
    }

    @Test func bareSettingsWithExistingClusterLoad() throws {
        let job = try JobFixtures.load("settings-existing-cluster.json")
        #expect(job.shape == .settings)
        #expect(job.settingsPath == "")
        #expect(job.jobID == nil)
        #expect(job.name == "ledger_reconcile")
        #expect(job.timeoutSeconds == 0)
        #expect(job.continuousPauseStatus == "PAUSED")
        #expect(job.tasks.map(\.key) == ["reconcile", "load_ledger"])
        #expect(job.tasks[0].path == "tasks[0]")
        #expect(job.tasks[0].compute == .existingCluster(id: "0000-999999-unmapped"))
        #expect(job.tasks[0].runIf == "NONE_FAILED")
        #expect(job.tasks[1].maxRetries == -1)
    }

    @Test func singleTaskJobGetsOneTaskNamedAfterTheJob() throws {
        let job = try JobFixtures.load("single-task-2.0.json")
        #expect(job.shape == .singleTask)
        #expect(job.name == "Hourly KPI refresh")
        #expect(job.tasks.count == 1)
        let task = job.tasks[0]
        #expect(task.key == "Hourly_KPI_refresh")
        #expect(task.path == "")
        #expect(task.path("notebook_task") == "notebook_task")
        #expect(task.compute == .existingCluster(id: "0420-101010-kpi00001"))
        #expect(task.libraries.count == 1)
        #expect(task.maxRetries == 1 && task.retryOnTimeout == true)
        #expect(task.timeoutSeconds == nil, "a 2.0 timeout_seconds is the job's")
        #expect(job.timeoutSeconds == 3000)
        #expect(
            task.payload
                == .notebook(.init(notebookPath: "/Users/bi@example.org/kpi/refresh", baseParameters: ["window": "1h"]))
        )
        #expect(job.schedule?.quartzCronExpression == "0 */10 * * * ?")
    }

    @Test func everyTaskKindIsRecognisedByItsFieldName() throws {
        let job = try JobFixtures.load("every-task-kind.json")
        #expect(
            job.tasks.map(\.payload.kind) == [
                "notebook_task", "notebook_task", "spark_python_task", "spark_jar_task", "condition_task",
                "run_job_task",
                "python_wheel_task", "sql_task", "dbt_task", "pipeline_task", "for_each_task", "spark_submit_task",
                "notebook_task",
                "notebook_task",
            ])
        #expect(
            job.gitSource == .init(url: "https://github.com/example-org/pipelines", provider: "gitHub", branch: "main"))
        #expect(
            job.task("py_script")?.payload
                == .sparkPython(
                    .init(
                        pythonFile: "/Workspace/Shared/kitchen/score.py",
                        parameters: ["--date", "{{job.start_time.iso_date}}", "--label", "two words", "it's"],
                        source: "WORKSPACE")))
        #expect(
            job.task("jar_job")?.payload
                == .sparkJar(.init(mainClassName: "com.example.Aggregate", parameters: ["--full"])))
        #expect(job.task("child_job")?.payload == .runJob(.init(jobID: 7_700_112_233, jobParameters: ["mode": "full"])))
        #expect(job.task("wheel")?.compute == .environment(key: "default"))
        #expect(job.task("finish")?.disabled == true)
        if case .newCluster(let cluster) = job.task("finish")?.compute {
            #expect(cluster["num_workers"] == 1)
        } else {
            Issue.record("finish has no new_cluster")
        }
    }

    @Test func resetBodyWithNewSettingsLoadsLikeAJobsGetDocument() throws {
        let job = try JobFixtures.load(
            json:
                #"{"job_id": 7, "new_settings": {"name": "reset_me", "tasks": [{"task_key": "t", "notebook_task": {"notebook_path": "/a"}}]}}"#
        )
        #expect(job.shape == .jobsAPI)
        #expect(job.settingsPath == "new_settings")
        #expect(job.jobID == 7)
        #expect(job.tasks[0].path == "new_settings.tasks[0]")
    }

    @Test func singleTaskFormInsideSettingsKeepsTheSettingsPath() throws {
        let job = try JobFixtures.load(
            json:
                #"{"job_id": 8, "settings": {"name": "old style", "spark_python_task": {"python_file": "dbfs:/jobs/run.py"}}}"#
        )
        #expect(job.shape == .singleTask)
        #expect(job.tasks[0].key == "old_style")
        #expect(job.tasks[0].path("spark_python_task") == "settings.spark_python_task")
    }

    @Test func jobWithoutANameTakesTheFileName() throws {
        let job = try JobFixtures.load(
            json: #"{"tasks": [{"task_key": "t", "notebook_task": {"notebook_path": "/a"}}]}"#,
            fileName: "exports/weekly-close.json")
        #expect(job.name == "weekly-close")
        #expect(job.isNameFromFileName)
        let blank = try JobFixtures.load(
            json: #"{"name": "  ", "tasks": [{"task_key": "t", "notebook_task": {"notebook_path": "/a"}}]}"#)
        #expect(blank.name == "inline" && blank.isNameFromFileName)
    }

    @Test func byteOrderMarkIsAccepted() throws {
        let data =
            Data([0xEF, 0xBB, 0xBF])
            + Data(#"{"name": "bom", "tasks": [{"task_key": "t", "notebook_task": {"notebook_path": "/a"}}]}"#.utf8)
        #expect(try DatabricksJobLoader.load(data: data, fileName: "bom.json").name == "bom")
    }

    @Test func nullFieldsCountAsAbsent() throws {
        let job = try JobFixtures.load(
            json: #"""
                {"name": "nulls", "schedule": null, "tags": null, "tasks": [{"task_key": "t", "depends_on": null, "sql_task": null,
                 "notebook_task": {"notebook_path": "/a", "base_parameters": {"x": null}}, "max_retries": null}]}
                """#)
        #expect(job.schedule == nil)
        #expect(job.tasks[0].payload == .notebook(.init(notebookPath: "/a")))
        #expect(job.tasks[0].maxRetries == nil)
    }

    @Test func taskKeysFromJobNamesKeepWordCharactersOnly() {
        #expect(DatabricksJobLoader.taskKey(fromJobName: "Hourly KPI refresh") == "Hourly_KPI_refresh")
        #expect(DatabricksJobLoader.taskKey(fromJobName: "daily-load.v2") == "daily_load_v2")
        #expect(DatabricksJobLoader.taskKey(fromJobName: "\u{E9}t\u{E9}") == "_t_")
        #expect(DatabricksJobLoader.taskKey(fromJobName: "") == "task")
    }
}
