import Foundation
import JSON
import Testing

@testable import Migration

/// Every task kind of §9.2 through the translator (`every-task-kind.json`).
@Suite struct JobTaskKindsTests {
    static let root = "/Workspace/migrated/kitchen_sink"

    private func translation() throws -> JobTranslation {
        try JobFixtures.translate("every-task-kind.json")
    }

    private func task(_ key: String) throws -> JSONValue {
        try #require(JobFixtures.task(try translation().spec, key))
    }

    @Test func unsupportedKindsAreLeftOutOfTheDAG() throws {
        let spec = try translation().spec
        #expect(
            spec["tasks"]?.arrayValue?.compactMap { $0["taskKey"]?.stringValue } == [
                "prepare", "from-git", "py_script", "jar_job", "check", "child_job", "finish", "serverless_nb",
            ])
    }

    @Test func workspaceNotebookTask() throws {
        #expect(
            try task("prepare") == [
                "type": "NOTEBOOK_TASK", "taskKey": "prepare", "dependsOn": [], "runIf": "ALL_SUCCESS",
                "source": "WORKSPACE",
                "notebookPath": .string("\(Self.root)/notebooks/Shared/kitchen/prepare.ipynb"),
                "cluster": ["clusterKey": "ck-kitchen", "clusterName": "kitchen"],
            ], "warehouse_id is dropped")
    }

    @Test func gitNotebookTaskKeepsItsRelativePathAndGetsGitConfig() throws {
        let git: JSONValue = [
            "repositoryUrl": "https://github.com/example-org/pipelines", "provider": "GITHUB", "branch": "main",
        ]
        #expect(try translation().spec["gitConfig"] == git)
        #expect(
            try task("from-git") == [
                "type": "NOTEBOOK_TASK", "taskKey": "from-git", "dependsOn": [["taskKey": "prepare"]],
                "runIf": "ALL_SUCCESS",
                "source": "GIT_PROVIDER", "notebookPath": "notebooks/from_git", "gitConfig": git,
                "cluster": ["clusterKey": "ck-kitchen", "clusterName": "kitchen"],
            ])
    }

    @Test func sparkPythonTaskBecomesAPythonTaskWithOneCommandLine() throws {
        #expect(
            try task("py_script") == [
                "type": "PYTHON_TASK", "taskKey": "py_script", "dependsOn": [["taskKey": "prepare"]],
                "runIf": "ALL_SUCCESS",
                "filePath": "/Workspace/Shared/kitchen/score.py", "source": "WORKSPACE",
                "commandLineArguments": "--date '{{job.start_time.iso_date}}' --label 'two words' 'it'\\''s'",
                "cluster": ["clusterKey": "ck-kitchen", "clusterName": "kitchen"],
            ])
    }

    @Test func sparkJarTaskTakesItsJarsAsDependentLibraries() throws {
        #expect(
            try task("jar_job") == [
                "type": "JAR_TASK", "taskKey": "jar_job", "dependsOn": [["taskKey": "prepare"]], "runIf": "ALL_SUCCESS",
                "mainClass": "com.example.Aggregate", "dependentLibraries": ["/Volumes/libs/jars/aggregate-1.0.jar"],
                "commandLineArguments": "--full", "cluster": ["clusterKey": "ck-kitchen", "clusterName": "kitchen"],
            ])
    }

    @Test func conditionTaskDropsItsTimeout() throws {
        #expect(
            try task("check") == [
                "type": "IF_ELSE_TASK", "taskKey": "check",
                "dependsOn": [["taskKey": "py_script"], ["taskKey": "jar_job"]],
                "runIf": "ALL_DONE", "expressions": [["key": "a", "value": "{{job.parameters.mode}} == full"]],
                "condition": "a",
            ])
    }

    @Test func runJobTaskBecomesAJobTaskWithAPlaceholderKey() throws {
        #expect(
            try task("child_job") == [
                "type": "JOB_TASK", "taskKey": "child_job", "dependsOn": [["taskKey": "check", "outcome": "true"]],
                "runIf": "ALL_SUCCESS",
                "jobKey": "<AIDP jobKey of Databricks job 7700112233>",
                "parameters": [["name": "mode", "value": "full"]],
            ])
    }

    @Test func inheritedEdgesKeepTheirOutcome() throws {
        // finish ← sql ← wheel ← check(false): with sql and wheel left out, finish waits for check's false branch.
        #expect(
            try task("finish") == [
                "type": "NOTEBOOK_TASK", "taskKey": "finish",
                "dependsOn": [["taskKey": "check", "outcome": "false"], ["taskKey": "child_job"]],
                "runIf": "AT_LEAST_ONE_SUCCESS",
                "source": "WORKSPACE", "notebookPath": .string("\(Self.root)/notebooks/Shared/kitchen/finish.ipynb"),
            ])
        let note = try #require(try translation().items(forTask: "finish").first { $0.rule == .taskDependency })
        #expect(
            note.note.contains(
                "now depends on check (outcome false) instead: check that run_if AT_LEAST_ONE_SUCCESS still holds"))
    }

    @Test func aDependentWithNoKeptUpstreamStartsWithTheJob() throws {
        #expect(
            try task("serverless_nb") == [
                "type": "NOTEBOOK_TASK", "taskKey": "serverless_nb", "dependsOn": [], "runIf": "ALL_SUCCESS",
                "source": "WORKSPACE",
                "notebookPath": .string("\(Self.root)/notebooks/Shared/kitchen/serverless.ipynb"),
            ], "an unknown run_if becomes ALL_SUCCESS")
        let note = try #require(try translation().items(forTask: "serverless_nb").first { $0.rule == .taskDependency })
        #expect(
            note.note.contains(
                "depended on dlt, left out of the DAG; no kept task is upstream of it, so this task now starts with the job"
            ))
    }

    @Test func everyKindIsReportedWithItsConfidence() throws {
        #expect(
            JobFixtures.summary(try translation().items) == [
                "REVIEW JOB-GIT-SOURCE git_source",
                "SAFE JOB-CLUSTERS job_clusters[0]",
                "REVIEW JOB-DROPPED environments",
                "REVIEW JOB-DROPPED budget_policy_id",
                "FLAG JOB-TRIGGER trigger",
                "FLAG TASK-WAREHOUSE tasks[0].notebook_task.warehouse_id",
                "REVIEW TASK-KEY tasks[1].task_key",
                "REVIEW TASK-GIT-SOURCE tasks[1].notebook_task.source",
                "REVIEW TASK-PYTHON tasks[2].spark_python_task",
                "FLAG TASK-PARAMETERS tasks[2].spark_python_task.parameters",
                "REVIEW TASK-JAR tasks[3].spark_jar_task",
                "REVIEW TASK-LIBRARIES tasks[3].libraries",
                "REVIEW TASK-TIMEOUT tasks[4].timeout_seconds",
                "FLAG TASK-CONDITION tasks[4].condition_task",
                "REVIEW TASK-RUN-JOB tasks[5].run_job_task",
                "FLAG TASK-UNSUPPORTED tasks[6].python_wheel_task",
                "FLAG TASK-UNSUPPORTED tasks[7].sql_task",
                "FLAG TASK-UNSUPPORTED tasks[8].dbt_task",
                "FLAG TASK-UNSUPPORTED tasks[9].pipeline_task",
                "FLAG TASK-UNSUPPORTED tasks[10].for_each_task",
                "FLAG TASK-UNSUPPORTED tasks[11].spark_submit_task",
                "REVIEW TASK-DEPENDENCY tasks[12].depends_on",
                "FLAG TASK-COMPUTE tasks[12].new_cluster",
                "REVIEW TASK-DISABLED tasks[12].disabled",
                "REVIEW TASK-DEPENDENCY tasks[13].depends_on",
                "FLAG TASK-RUN-IF tasks[13].run_if",
                "FLAG TASK-COMPUTE tasks[13].environment_key",
                "REVIEW TASK-UNKNOWN-FIELD tasks[13].compute_hint",
            ])
    }

    @Test func notesNameTheManualSteps() throws {
        let items = try translation().items
        func note(_ task: String, _ rule: JobMappingRule) -> String {
            items.first { $0.taskKey == task && $0.rule == rule }?.note ?? ""
        }
        #expect(note("from-git", .taskKey).hasPrefix("'from-git' has '-' outside [A-Za-z0-9_]"))
        #expect(
            note("jar_job", .taskLibraries).hasSuffix("maven org.example:util:3.2"),
            "the jar itself went to dependentLibraries")
        #expect(
            note("jar_job", .jarTask)
                == "copy /Volumes/libs/jars/aggregate-1.0.jar where AIDP clusters can read them and update dependentLibraries"
        )
        #expect(note("child_job", .runJobTask).contains("Databricks job 7700112233"))
        #expect(note("fan_out", .unsupportedTask).hasSuffix("Its inner notebook_task is not migrated"))
        #expect(note("sql", .unsupportedTask).contains("move the query into a notebook with a %sql cell"))
        #expect(
            note("finish", .taskCompute).contains(
                "new_cluster: 1 workers; Databricks fields not carried over: num_workers, spark_version"))
        #expect(note("serverless_nb", .taskCompute).hasPrefix("runs on serverless environment 'default'"))
        #expect(note("serverless_nb", .taskRunIf) == "'SOMETIMES' is not a run_if value: ALL_SUCCESS used")
        #expect(items.first { $0.rule == .trigger }?.note.contains("s3://landing-bucket/incoming/") == true)
    }

    @Test func onlyWorkspaceNotebookTasksGoToPassTwo() throws {
        let tasks = try translation().notebookTasks
        #expect(tasks.map(\.taskKey) == ["prepare", "finish", "serverless_nb"])
        #expect(
            tasks.map(\.workspacePath) == [
                "/Shared/kitchen/prepare", "/Shared/kitchen/finish", "/Shared/kitchen/serverless",
            ])
    }
}
