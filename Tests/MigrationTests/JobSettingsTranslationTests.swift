import Foundation
import JSON
import Testing

@testable import Migration

/// Bare settings, the 2.0 single-task form, and the job-level rows the big fixtures leave out.
@Suite struct JobSettingsTranslationTests {
    @Test func bareSettingsWithExistingClusters() throws {
        let translation = try JobFixtures.translate("settings-existing-cluster.json")
        let spec = translation.spec
        #expect(
            spec.objectValue?.keys.sorted() == ["continuous", "maxConcurrentRuns", "name", "path", "tasks"],
            "timeout 0 omitted")
        #expect(spec["name"] == "ledger_reconcile")
        #expect(spec["path"] == "/Workspace/migrated/ledger_reconcile")
        #expect(spec["maxConcurrentRuns"] == 1)
        #expect(spec["continuous"] == ["pauseStatus": "PAUSED"])
        #expect(
            JobFixtures.task(spec, "reconcile") == [
                "type": "NOTEBOOK_TASK", "taskKey": "reconcile", "dependsOn": [["taskKey": "load_ledger"]],
                "runIf": "NONE_FAILED",
                "source": "WORKSPACE",
                "notebookPath": "/Workspace/migrated/ledger_reconcile/notebooks/Shared/finance/reconcile.ipynb",
                "timeoutSeconds": 600,
            ])
        #expect(
            JobFixtures.task(spec, "load_ledger") == [
                "type": "NOTEBOOK_TASK", "taskKey": "load_ledger", "dependsOn": [], "runIf": "ALL_SUCCESS",
                "source": "WORKSPACE",
                "notebookPath": "/Workspace/migrated/ledger_reconcile/notebooks/Shared/finance/load_ledger.ipynb",
                "parameters": [["name": "period", "value": "2024-12"]],
                "cluster": ["clusterKey": "ck-fin", "clusterName": "finance-etl"], "maxRetries": 10,
                "minRetryIntervalMillis": 600000,
            ])
        #expect(
            JobFixtures.summary(translation.items) == [
                "REVIEW JOB-TIMEOUT timeout_seconds",
                "REVIEW JOB-CONTINUOUS continuous",
                "FLAG TASK-COMPUTE tasks[0].existing_cluster_id",
                "REVIEW TASK-RETRIES tasks[1].max_retries",
                "REVIEW TASK-RETRIES tasks[1].min_retry_interval_millis",
            ])
        #expect(
            translation.items[2].note
                == "existing cluster '0000-999999-unmapped' has no clusterMap entry: map it to an AIDP cluster; cluster left out"
        )
        #expect(translation.items[3].note == "AIDP retries at most 10 times: -1 (retry forever) became 10")
    }

    @Test func passTwoOrderFollowsDependenciesNotSourceOrder() throws {
        let translation = try JobFixtures.translate("settings-existing-cluster.json")
        #expect(translation.spec["tasks"]?.arrayValue?.map { $0["taskKey"] } == ["reconcile", "load_ledger"])
        #expect(translation.notebookTasks.map(\.taskKey) == ["load_ledger", "reconcile"])
        #expect(translation.notebookTasks[0].workspacePath == "/Shared/finance/load ledger")
    }

    @Test func singleTaskJobBecomesAOneTaskSpec() throws {
        let translation = try JobFixtures.translate("single-task-2.0.json")
        let spec = translation.spec
        #expect(spec["name"] == "Hourly_KPI_refresh")
        #expect(spec["description"] == "Databricks job name: Hourly KPI refresh")
        #expect(spec["path"] == "/Workspace/migrated/Hourly_KPI_refresh")
        #expect(spec["timeoutSeconds"] == 3000)
        #expect(spec["schedule"] == ["quartzCronExpression": "0 */10 * * * ?", "timezoneId": "UTC"])
        #expect(
            spec["tasks"] == [
                [
                    "type": "NOTEBOOK_TASK", "taskKey": "Hourly_KPI_refresh", "dependsOn": [], "runIf": "ALL_SUCCESS",
                    "source": "WORKSPACE",
                    "notebookPath":
                        "/Workspace/migrated/Hourly_KPI_refresh/notebooks/Users/bi@example.org/kpi/refresh.ipynb",
                    "parameters": [["name": "window", "value": "1h"]],
                    "cluster": ["clusterKey": "ck-kpi", "clusterName": "kpi"],
                    "maxRetries": 1, "isRetryOnTimeout": true,
                ]
            ])
        #expect(
            JobFixtures.summary(translation.items) == [
                "REVIEW JOB-NAME name",
                "SAFE JOB-SINGLE-TASK notebook_task",
                "FLAG JOB-SCHEDULE schedule.quartz_cron_expression",
                "FLAG JOB-NOTIFICATIONS email_notifications",
                "REVIEW TASK-LIBRARIES libraries",
            ])
        #expect(translation.items[2].note.hasPrefix("'0 */10 * * * ?' fires every 10 min at its most frequent"))
        #expect(translation.items[4].note.hasSuffix("pypi tabulate==0.9.0 (from https://pypi.example.org/simple)"))
        #expect(translation.notebookTasks.map(\.taskKey) == ["Hourly_KPI_refresh"])
    }

    @Test func scheduleAtTheThirtyMinuteLimitIsNotFlagged() throws {
        func scheduleItems(_ cron: String, timezone: String? = "UTC") throws -> [JobMappingItem] {
            let zone = timezone.map { #", "timezone_id": "\#($0)""# } ?? ""
            let json =
                #"{"name": "s", "schedule": {"quartz_cron_expression": "\#(cron)"\#(zone)}, "tasks": [{"task_key": "t", "run_job_task": {"job_id": 1}}]}"#
            return try JobFixtures.translate(json: json).items.filter { $0.rule == .schedule }
        }
        #expect(try scheduleItems("0 0/30 * * * ?").isEmpty)
        #expect(try scheduleItems("0 0 6 ? * MON-FRI").isEmpty)
        #expect(try scheduleItems("0 0,20 * * * ?").map(\.confidence) == [.flag])
        #expect(try scheduleItems("*/30 * * * * ?").first?.note.contains("every 30 s") == true)
        let invalid = try scheduleItems("0 0 6 * * MON")
        #expect(invalid.map(\.confidence) == [.flag])
        #expect(invalid.first?.note.contains("is not a valid Quartz expression: exactly one of day-of-month") == true)
        let noZone = try scheduleItems("0 0 6 * * ?", timezone: nil)
        #expect(noZone.map(\.confidence) == [.review])
        #expect(noZone.first?.field == "schedule.timezone_id")
        let spec = try JobFixtures.translate(
            json:
                #"{"name": "s", "schedule": {"quartz_cron_expression": "0 0 6 * * ?"}, "tasks": [{"task_key": "t", "run_job_task": {"job_id": 1}}]}"#
        ).spec
        #expect(spec["schedule"] == ["quartzCronExpression": "0 0 6 * * ?", "timezoneId": "UTC"])
    }

    @Test func gitSourceProvidersAndPins() throws {
        let json = #"""
            {"name": "g", "git_source": {"git_url": "https://dev.azure.com/x/y", "git_provider": "azureDevOpsServices", "git_tag": "v1.2"},
             "tasks": [{"task_key": "t", "existing_cluster_id": "c", "notebook_task": {"notebook_path": "nb/run"}}]}
            """#
        let translation = try JobFixtures.translate(json: json)
        #expect(translation.spec["gitConfig"] == ["repositoryUrl": "https://dev.azure.com/x/y"])
        #expect(
            JobFixtures.summary(translation.items.filter { $0.taskKey == nil }) == [
                "FLAG JOB-GIT-SOURCE git_source.git_provider",
                "REVIEW JOB-GIT-SOURCE git_source.git_tag",
                "REVIEW JOB-GIT-SOURCE git_source",
            ])
        #expect(translation.notebookTasks.isEmpty, "a git notebook is not in the workspace export")
        for (provider, mapped) in [("gitHub", "GITHUB"), ("bitbucketCloud", "BITBUCKET"), ("gitlab", "GITLAB")] {
            let spec = try JobFixtures.translate(
                json: json.replacingOccurrences(of: "azureDevOpsServices", with: provider)
            ).spec
            #expect(spec["gitConfig"]?["provider"] == .string(mapped))
        }
        let unused = try JobFixtures.translate(
            json:
                #"{"name": "g", "git_source": {"git_url": "u", "git_provider": "gitHub"}, "tasks": [{"task_key": "t", "notebook_task": {"notebook_path": "/a", "source": "WORKSPACE"}}]}"#
        )
        #expect(unused.spec["gitConfig"] == nil)
        #expect(unused.items.first?.note == "no task reads from the repository (all use source WORKSPACE): dropped")
    }

    @Test func namesConcurrencyRunAsAndUnknownFields() throws {
        let translation = try JobFixtures.translate(
            json: #"""
                {"name": "2024 close", "max_concurrent_runs": 5000, "run_as": {"user_name": "a@example.org"}, "usage_policy_id": "u1",
                 "tasks": [{"task_key": "t", "existing_cluster_id": "c", "notebook_task": {"notebook_path": "/a"}}]}
                """#)
        #expect(translation.spec["name"] == "job_2024_close")
        #expect(translation.spec["description"] == "Databricks job name: 2024 close")
        #expect(translation.spec["maxConcurrentRuns"] == 1000)
        #expect(translation.spec["runAs"] == "a@example.org")
        #expect(
            JobFixtures.summary(translation.items.filter { $0.taskKey == nil }) == [
                "REVIEW JOB-NAME name", "REVIEW JOB-MAX-CONCURRENT-RUNS max_concurrent_runs",
                "REVIEW JOB-RUN-AS run_as",
                "REVIEW JOB-UNKNOWN-FIELD usage_policy_id",
            ])
        let unnamed = try JobFixtures.translate(
            DatabricksJobLoader.load(
                data: Data(#"{"tasks": [{"task_key": "t", "run_job_task": {"job_id": 1}}]}"#.utf8),
                fileName: "/tmp/month end.json"))
        #expect(unnamed.spec["name"] == "month_end")
        #expect(unnamed.spec["description"] == nil, "a file name is not a Databricks name worth keeping")
        #expect(
            JobFixtures.summary(unnamed.items.filter { $0.rule == .jobName }) == [
                "REVIEW JOB-NAME name", "REVIEW JOB-NAME name",
            ])
    }

    @Test func parameterNamesOutsideAIDPsCharsetAreReported() throws {
        let translation = try JobFixtures.translate(
            json: #"""
                {"name": "p", "parameters": [{"name": "run date", "default": "x"}, {"name": "ok-name.v1", "default": "{{job.trigger.type}}"}],
                 "tasks": [{"task_key": "t", "existing_cluster_id": "c",
                            "notebook_task": {"notebook_path": "/a", "base_parameters": {"p$": "{{job.start_time.hour}} {{tasks.x.values.y}}"}}}]}
                """#)
        #expect(
            JobFixtures.summary(translation.items.filter { $0.rule == .jobParameters || $0.rule == .taskParameters })
                == [
                    "REVIEW JOB-PARAMETERS parameters[0]",
                    "REVIEW TASK-PARAMETERS tasks[0].notebook_task.base_parameters.p$",
                    "FLAG TASK-PARAMETERS tasks[0].notebook_task.base_parameters.p$",
                ])
        #expect(
            translation.items.contains {
                $0.note.contains("'p$' uses {{job.start_time.hour}}, {{tasks.x.values.y}}, which AIDP does not resolve")
            })
    }

    @Test func clusterMapTargetsAreSharedAndSorted() throws {
        let config = MigrationConfig(clusterMap: [
            "b": .init(clusterKey: "ck-2", clusterName: "two"), "a": .init(clusterKey: "ck-1", clusterName: "one"),
            "c": .init(clusterKey: "ck-1", clusterName: "one"),
        ])
        let translation = try JobFixtures.translate(
            json: #"""
                {"name": "c", "job_clusters": [{"job_cluster_key": "b"}, {"job_cluster_key": "c"}, {"job_cluster_key": "a"}],
                 "tasks": [{"task_key": "t", "job_cluster_key": "c", "notebook_task": {"notebook_path": "/a"}}]}
                """#, config: config)
        #expect(
            translation.spec["jobClusters"] == [
                ["clusterKey": "ck-1", "clusterName": "one"], ["clusterKey": "ck-2", "clusterName": "two"],
            ])
        #expect(JobFixtures.task(translation.spec, "t")?["cluster"] == ["clusterKey": "ck-1", "clusterName": "one"])
    }
}
