import Foundation
import JSON
import Testing

@testable import Migration

/// The `jobs get` fixture through the translator: every §9.1 row it exercises, field by field.
@Suite struct JobTranslatorTests {
    static let root = "/Workspace/migrated/inventory-restock_nightly"

    @Test func jobLevelFieldsUseAIDPWireNames() throws {
        let spec = try JobFixtures.translate("jobs-get-full.json").spec
        let fields = try #require(spec.objectValue)
        #expect(
            fields.keys.sorted() == [
                "description", "jobClusters", "maxConcurrentRuns", "name", "parameters", "path", "queue", "runAs",
                "schedule", "tasks",
                "timeoutSeconds",
            ])
        #expect(spec["name"] == "inventory_restock_nightly")
        #expect(
            spec["description"]
                == "Pull stock levels, forecast demand and publish restock orders\n\nDatabricks job name: inventory-restock nightly"
        )
        #expect(spec["path"] == .string(Self.root))
        #expect(spec["maxConcurrentRuns"] == 2)
        #expect(spec["timeoutSeconds"] == 7200)
        #expect(
            spec["schedule"] == [
                "quartzCronExpression": "0 15 3 * * ?", "timezoneId": "America/Chicago", "pauseStatus": "UNPAUSED",
            ])
        #expect(spec["queue"] == ["isEnabled": true])
        #expect(
            spec["parameters"] == [
                ["name": "region", "value": "emea"], ["name": "as_of", "value": "{{job.start_time.iso_date}}"],
                ["name": "run_tag", "value": "{{job.id}}-{{ job.run_id }}"],
            ])
        #expect(spec["runAs"] == "9a8b7c6d-aaaa-bbbb-cccc-ddddeeeeffff")
        #expect(spec["jobClusters"] == [["clusterKey": "ck-main", "clusterName": "restock-main"]])
    }

    @Test func notebookTasksMapOneToOne() throws {
        let spec = try JobFixtures.translate("jobs-get-full.json").spec
        #expect(
            spec["tasks"]?.arrayValue?.compactMap { $0["taskKey"]?.stringValue } == [
                "pull_stock", "forecast", "enough_demand", "publish_orders", "archive",
            ])
        let pull = try #require(JobFixtures.task(spec, "pull_stock"))
        #expect(
            pull == [
                "type": "NOTEBOOK_TASK", "taskKey": "pull_stock", "dependsOn": [], "runIf": "ALL_SUCCESS",
                "source": "WORKSPACE",
                "notebookPath": .string(
                    "\(Self.root)/notebooks/Users/ops.lead@example.org/restock/01_pull_stock.ipynb"),
                "parameters": [
                    ["name": "region", "value": "{{job.parameters.region}}"], ["name": "snapshot", "value": "latest"],
                ],
                "cluster": ["clusterKey": "ck-main", "clusterName": "restock-main"],
                "maxRetries": 3, "minRetryIntervalMillis": 120000, "isRetryOnTimeout": false, "timeoutSeconds": 1800,
            ])
        let forecast = try #require(JobFixtures.task(spec, "forecast"))
        #expect(
            forecast == [
                "type": "NOTEBOOK_TASK", "taskKey": "forecast", "dependsOn": [["taskKey": "pull_stock"]],
                "runIf": "ALL_SUCCESS",
                "source": "WORKSPACE",
                "notebookPath": .string("\(Self.root)/notebooks/Users/ops.lead@example.org/restock/02_forecast.ipynb"),
                "parameters": [
                    ["name": "as_of", "value": "{{tasks.pull_stock.values.snapshot_date}}"],
                    ["name": "horizon_days", "value": "14"],
                ],
            ], "no cluster (unmapped job cluster) and no timeoutSeconds (0 is omitted)")
        let publish = try #require(JobFixtures.task(spec, "publish_orders"))
        #expect(publish["dependsOn"] == [["taskKey": "enough_demand", "outcome": "true"]])
        #expect(publish["cluster"] == ["clusterKey": "ck-shared", "clusterName": "shared-etl"])
        #expect(publish["parameters"] == [["name": "region", "value": "apac"]])
    }

    @Test func conditionTaskBecomesAnIfElseSkeleton() throws {
        let spec = try JobFixtures.translate("jobs-get-full.json").spec
        #expect(
            JobFixtures.task(spec, "enough_demand") == [
                "type": "IF_ELSE_TASK", "taskKey": "enough_demand", "dependsOn": [["taskKey": "forecast"]],
                "runIf": "ALL_SUCCESS",
                "expressions": [["key": "a", "value": "{{tasks.forecast.values.units}} >= 100"]], "condition": "a",
            ])
    }

    @Test func dependentsOfLeftOutTasksInheritTheirUpstream() throws {
        let translation = try JobFixtures.translate("jobs-get-full.json")
        #expect(JobFixtures.task(translation.spec, "score_wheel") == nil)
        #expect(JobFixtures.task(translation.spec, "refresh_bi") == nil)
        let archive = try #require(JobFixtures.task(translation.spec, "archive"))
        #expect(
            archive["dependsOn"] == [["taskKey": "publish_orders"]],
            "both left-out tasks waited for publish_orders; one edge")
        #expect(archive["runIf"] == "ALL_DONE")
        #expect(archive["cluster"] == ["clusterKey": "ck-main", "clusterName": "restock-main"])
        let note = try #require(translation.items(forTask: "archive").first { $0.rule == .taskDependency })
        #expect(
            note.note.contains(
                "depended on score_wheel, refresh_bi, left out of the DAG; now depends on publish_orders instead"))
    }

    @Test func everythingNotMappedOneToOneIsAnItem() throws {
        let items = try JobFixtures.translate("jobs-get-full.json").items
        #expect(
            JobFixtures.summary(items) == [
                "REVIEW JOB-NAME settings.name",
                "FLAG JOB-PARAMETERS settings.parameters[1]",
                "REVIEW JOB-RUN-AS settings.run_as",
                "SAFE JOB-CLUSTERS settings.job_clusters[0]",
                "REVIEW JOB-CLUSTERS settings.job_clusters[1]",
                "FLAG JOB-NOTIFICATIONS settings.email_notifications",
                "FLAG JOB-NOTIFICATIONS settings.webhook_notifications",
                "FLAG JOB-NOTIFICATIONS settings.notification_settings",
                "FLAG JOB-NOTIFICATIONS settings.health",
                "REVIEW JOB-DROPPED settings.tags",
                "SAFE JOB-DROPPED settings.format",
                "REVIEW TASK-LIBRARIES settings.tasks[0].libraries",
                "SAFE TASK-DESCRIPTION settings.tasks[0].description",
                "FLAG TASK-PARAMETERS settings.tasks[1].notebook_task.base_parameters.as_of",
                "REVIEW TASK-PARAMETERS settings.tasks[1].notebook_task.base_parameters.as_of",
                "FLAG TASK-COMPUTE settings.tasks[1].job_cluster_key",
                "FLAG TASK-CONDITION settings.tasks[2].condition_task",
                "REVIEW TASK-PARAMETERS settings.tasks[3].notebook_task.base_parameters.region",
                "FLAG TASK-UNSUPPORTED settings.tasks[4].python_wheel_task",
                "FLAG TASK-UNSUPPORTED settings.tasks[5].sql_task",
                "REVIEW TASK-DEPENDENCY settings.tasks[6].depends_on",
                "FLAG TASK-NOTIFICATIONS settings.tasks[6].email_notifications",
            ])
        #expect(items.filter { $0.taskKey == nil }.count == 11)
        #expect(items[12].taskKey == "pull_stock")
    }

    @Test func itemNotesSayWhatToDo() throws {
        let translation = try JobFixtures.translate("jobs-get-full.json")
        let notes = translation.items.map(\.note)
        #expect(
            notes[0]
                == "'inventory-restock nightly' became 'inventory_restock_nightly' (AIDP job names match [A-Za-z][A-Za-z0-9_.]*); the original is kept in description"
        )
        #expect(notes[1].hasPrefix("'as_of' uses {{job.start_time.iso_date}}, which AIDP does not resolve"))
        #expect(!notes.contains { $0.contains("run_tag") }, "{{job.id}} and {{ job.run_id }} are supported")
        #expect(
            notes[4].contains("new_cluster: 2 workers; init scripts to port: volumes /Volumes/ops/tools/init/cuda.sh"))
        #expect(
            notes[4].contains(
                "Databricks fields not carried over: custom_tags, data_security_mode, init_scripts, node_type_id, num_workers, spark_version"
            ))
        #expect(notes[11].hasSuffix("pypi pyarrow==15.0.2; maven com.example:stock-reader:2.1.0"))
        #expect(
            notes[15]
                == "job cluster 'forecast_gpu' has no clusterMap entry: map it to an AIDP cluster; cluster left out")
        #expect(notes[16].contains("({{tasks.forecast.values.units}} has no AIDP equivalent)"))
        #expect(!notes.contains { $0.contains("'region' is also a job parameter") && $0.contains("pull_stock") })
        #expect(
            translation.items(forTask: "pull_stock").allSatisfy { $0.rule != .taskParameters },
            "{{job.parameters.region}} passes the job parameter through")
        #expect(translation.confidence == .flag)
    }

    @Test func notebookTasksComeInDependencyOrder() throws {
        let tasks = try JobFixtures.translate("jobs-get-full.json").notebookTasks
        #expect(tasks.map(\.taskKey) == ["pull_stock", "forecast", "publish_orders", "archive"])
        #expect(tasks[0].workspacePath == "/Users/ops.lead@example.org/restock/01 pull stock")
        #expect(tasks[1].workspacePath == "/Workspace/Users/ops.lead@example.org/restock/02_forecast")
    }

    @Test func translationIsDeterministic() throws {
        let first = try JobFixtures.translate("jobs-get-full.json")
        let second = try JobFixtures.translate("jobs-get-full.json")
        #expect(JSONCoding.encode(first.spec) == JSONCoding.encode(second.spec))
        #expect(first.items == second.items)
        #expect(first.notebookTasks.map(\.taskKey) == second.notebookTasks.map(\.taskKey))
    }

    @Test func itemsSerialiseForTheReport() throws {
        let items = try JobFixtures.translate("jobs-get-full.json").items
        let report = MigrationReport(
            jobName: "j", jobFolder: "/o/j", tasks: [], notebooks: [], jobItems: items, errors: [], warnings: [],
            runtime: .init(tool: "t", ruleSetVersion: "r", settingsFingerprint: "f", workspaceRoot: "/w"))
        let mapping = try #require(JSONParser.parse(report.jsonBytes())["jobMapping"]?.arrayValue)
        #expect(
            mapping[0] == [
                "field": "settings.name", "rule": "JOB-NAME", "confidence": "REVIEW",
                "note":
                    "'inventory-restock nightly' became 'inventory_restock_nightly' (AIDP job names match [A-Za-z][A-Za-z0-9_.]*); the original is kept in description",
            ])
        #expect(mapping[11]["taskKey"] == "pull_stock")
        #expect(
            items[11].description.hasPrefix(
                "REVIEW TASK-LIBRARIES settings.tasks[0].libraries: install on the AIDP cluster"))
    }
}
