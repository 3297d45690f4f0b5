import Foundation
import JSON
import Testing

@testable import Migration

/// Every way a job file can be refused, each naming the file, where, and a fix.
@Suite struct JobLoadErrorTests {
    @Test func trailingCommaIsASyntaxErrorAtItsLineAndColumn() throws {
        let error = try JobFixtures.error("bad-syntax-trailing-comma.json")
        #expect(error.reason == .syntax(detail: "expected a key after ',' (trailing commas are not allowed)"))
        #expect(error.position == .init(line: 4, column: 64))
        #expect(error.path == nil)
        #expect(
            error.description
                == "bad-syntax-trailing-comma.json:4:64: not valid JSON: expected a key after ',' (trailing commas are not allowed). "
                + "Fix: repair the JSON at that position, or export the job again with `databricks jobs get --output json`."
        )
    }

    @Test func emptyFileIsASyntaxErrorAtTheStart() throws {
        let error = try JobFixtures.error("bad-empty.json")
        #expect(error.reason == .syntax(detail: "the file is empty"))
        #expect(error.position == .init(line: 1, column: 1))
    }

    @Test func invalidUTF8IsReportedAtTheByte() throws {
        let error = try JobFixtures.error("bad-not-utf8.json")
        #expect(error.reason == .notUTF8)
        #expect(error.position == .init(line: 2, column: 15))
        #expect(error.description.hasPrefix("bad-not-utf8.json:2:15: not UTF-8 text. Fix: save the file as UTF-8"))
    }

    @Test func aDocumentThatIsNotAnObjectIsRefused() throws {
        let error = try JobFixtures.error("bad-not-object.json")
        #expect(error.reason == .notAnObject(found: "array"))
        #expect(error.path == nil)
        #expect(
            error.description.hasPrefix(
                "bad-not-object.json: the document is an array, not a job object. Fix: pass one job"))
        #expect(JobFixtures.error(json: "\"just text\"").reason == .notAnObject(found: "string"))
    }

    @Test func noTasksAndNoSingleTaskPayloadIsRefused() throws {
        let error = try JobFixtures.error("bad-no-tasks.json")
        #expect(error.reason == .noTasks)
        #expect(error.path == "settings.tasks")
        let bare = JobFixtures.error(json: #"{"name": "empty"}"#)
        #expect(bare.reason == .noTasks)
        #expect(bare.path == nil)
        #expect(bare.description.hasPrefix("inline.json: no tasks: neither a non-empty \"tasks\" array"))
    }

    @Test func aTaskWithoutTaskKeyIsNamedByItsPath() throws {
        let error = try JobFixtures.error("bad-missing-task-key.json")
        #expect(error.reason == .missingTaskKey)
        #expect(error.path == "settings.tasks[2].task_key")
        #expect(
            error.description
                == "bad-missing-task-key.json: settings.tasks[2].task_key: missing. Fix: give every task a unique non-empty \"task_key\"."
        )
        let empty = JobFixtures.error(json: #"{"tasks": [{"task_key": "", "notebook_task": {"notebook_path": "/a"}}]}"#)
        #expect(empty.reason == .missingTaskKey)
    }

    @Test func duplicateTaskKeysNameBothTasks() throws {
        let error = try JobFixtures.error("bad-duplicate-task-key.json")
        #expect(error.reason == .duplicateTaskKey("load", firstPath: "tasks[0]"))
        #expect(error.path == "tasks[2].task_key")
        #expect(error.description.contains("task key 'load' is already used by tasks[0]. Fix: rename one of the tasks"))
    }

    /// A big job's tasks are read in parallel: the problem reported is still the first in the file.
    @Test func aBigJobReportsItsFirstProblemInFileOrder() throws {
        func job(_ tasks: [String]) -> String { #"{"name": "big", "tasks": ["# + tasks.joined(separator: ",") + "]}" }
        func task(_ key: String) -> String { #"{"task_key": "\#(key)", "notebook_task": {"notebook_path": "/n"}}"# }
        var tasks = (0..<100).map { task("t\($0)") }
        tasks[5] = task("t3")
        tasks[80] = #"{"notebook_task": {"notebook_path": "/n"}}"#
        let duplicate = JobFixtures.error(json: job(tasks))
        #expect(duplicate.reason == .duplicateTaskKey("t3", firstPath: "tasks[3]"))
        #expect(duplicate.path == "tasks[5].task_key")

        tasks = (0..<100).map { task("t\($0)") }
        tasks[70] = #"{"notebook_task": {"notebook_path": "/n"}}"#
        tasks[90] = "[]"
        let missing = JobFixtures.error(json: job(tasks))
        #expect(missing.reason == .missingTaskKey)
        #expect(missing.path == "tasks[70].task_key")
    }

    @Test func aDependencyOnAnUnknownTaskIsRefused() throws {
        let error = try JobFixtures.error("bad-unknown-dependency.json")
        #expect(error.reason == .unknownDependency("lod"))
        #expect(error.path == "tasks[1].depends_on[1].task_key")
        #expect(
            error.description.contains(
                "'lod' is not a task of this job. Fix: fix the spelling, or add the missing task."))
    }

    @Test func aDependencyCycleIsNamedTaskByTask() throws {
        let error = try JobFixtures.error("bad-cycle.json")
        #expect(error.reason == .dependencyCycle(["a", "c", "b", "a"]))
        #expect(error.path == "tasks[1].depends_on")
        #expect(error.description.contains("dependency cycle a → c → b → a (→ = depends on)"))
        let selfLoop = JobFixtures.error(
            json:
                #"{"tasks": [{"task_key": "me", "depends_on": [{"task_key": "me"}], "notebook_task": {"notebook_path": "/a"}}]}"#
        )
        #expect(selfLoop.reason == .dependencyCycle(["me", "me"]))
    }

    @Test func aNotebookTaskWithoutNotebookPathIsRefused() throws {
        let error = try JobFixtures.error("bad-notebook-without-path.json")
        #expect(error.reason == .missingNotebookPath)
        #expect(error.path == "tasks[1].notebook_task.notebook_path")
        #expect(error.description.contains("missing. Fix: set \"notebook_path\" to the notebook's workspace path"))
        let single = JobFixtures.error(json: #"{"name": "x", "notebook_task": {"notebook_path": ""}}"#)
        #expect(single.reason == .missingNotebookPath)
        #expect(single.path == "notebook_task.notebook_path")
    }

    @Test func wrongTypesNameTheFieldAndBothTypes() {
        let tasks = JobFixtures.error(json: #"{"settings": {"name": "x", "tasks": {"a": 1}}}"#)
        #expect(tasks.reason == .wrongType(expected: "array", found: "object"))
        #expect(tasks.path == "settings.tasks")
        #expect(tasks.description.contains("settings.tasks: expected an array, found an object"))
        let key = JobFixtures.error(json: #"{"tasks": [{"task_key": 3, "notebook_task": {"notebook_path": "/a"}}]}"#)
        #expect(key.reason == .wrongType(expected: "string", found: "number"))
        #expect(key.path == "tasks[0].task_key")
        let retries = JobFixtures.error(
            json: #"{"tasks": [{"task_key": "t", "max_retries": "2", "notebook_task": {"notebook_path": "/a"}}]}"#)
        #expect(retries.path == "tasks[0].max_retries")
        let parameter = JobFixtures.error(
            json:
                #"{"tasks": [{"task_key": "t", "notebook_task": {"notebook_path": "/a", "base_parameters": {"k": [1]}}}]}"#
        )
        #expect(parameter.reason == .wrongType(expected: "string", found: "array"))
        #expect(parameter.path == "tasks[0].notebook_task.base_parameters.k")
        let settings = JobFixtures.error(json: #"{"job_id": 1, "settings": "nope"}"#)
        #expect(settings.path == "settings")
    }

    @Test func aTaskNeedsExactlyOnePayload() {
        let none = JobFixtures.error(json: #"{"tasks": [{"task_key": "idle", "existing_cluster_id": "c"}]}"#)
        #expect(none.reason == .noPayload)
        #expect(none.path == "tasks[0]")
        let two = JobFixtures.error(
            json: #"{"tasks": [{"task_key": "t", "sql_task": {}, "notebook_task": {"notebook_path": "/a"}}]}"#)
        #expect(two.reason == .severalPayloads(["notebook_task", "sql_task"]))
        let singleTwo = JobFixtures.error(
            json: #"{"name": "x", "sql_task": {}, "notebook_task": {"notebook_path": "/a"}}"#)
        #expect(singleTwo.reason == .severalPayloads(["notebook_task", "sql_task"]))
        #expect(singleTwo.path == nil)
    }

    @Test func requiredPayloadFieldsAreChecked() {
        let python = JobFixtures.error(
            json: #"{"tasks": [{"task_key": "p", "spark_python_task": {"parameters": []}}]}"#)
        #expect(python.reason == .missingField)
        #expect(python.path == "tasks[0].spark_python_task.python_file")
        #expect(python.description.contains("missing. Fix: the Jobs API requires this field; add it."))
        let jar = JobFixtures.error(json: #"{"tasks": [{"task_key": "j", "spark_jar_task": {}}]}"#)
        #expect(jar.path == "tasks[0].spark_jar_task.main_class_name")
        let condition = JobFixtures.error(
            json: #"{"tasks": [{"task_key": "c", "condition_task": {"op": "EQUAL_TO", "left": "a"}}]}"#)
        #expect(condition.path == "tasks[0].condition_task.right")
        let runJob = JobFixtures.error(json: #"{"tasks": [{"task_key": "r", "run_job_task": {}}]}"#)
        #expect(runJob.path == "tasks[0].run_job_task.job_id")
        let dependency = JobFixtures.error(
            json:
                #"{"tasks": [{"task_key": "a", "depends_on": [{"outcome": "true"}], "notebook_task": {"notebook_path": "/a"}}]}"#
        )
        #expect(dependency.path == "tasks[0].depends_on[0].task_key")
        let parameter = JobFixtures.error(
            json:
                #"{"parameters": [{"default": "x"}], "tasks": [{"task_key": "a", "notebook_task": {"notebook_path": "/a"}}]}"#
        )
        #expect(parameter.path == "parameters[0].name")
        let cron = JobFixtures.error(
            json:
                #"{"schedule": {"timezone_id": "UTC"}, "tasks": [{"task_key": "a", "notebook_task": {"notebook_path": "/a"}}]}"#
        )
        #expect(cron.path == "schedule.quartz_cron_expression")
        let cluster = JobFixtures.error(
            json:
                #"{"job_clusters": [{"new_cluster": {}}], "tasks": [{"task_key": "a", "notebook_task": {"notebook_path": "/a"}}]}"#
        )
        #expect(cluster.path == "job_clusters[0].job_cluster_key")
    }

    @Test func syntaxErrorsPointAtTheOffendingCharacter() {
        let missingComma = JobFixtures.error(json: "{\n  \"name\": \"a\"\n  \"tasks\": []\n}")
        #expect(missingComma.reason == .syntax(detail: "expected ',' or '}', found '\"'"))
        #expect(missingComma.position == .init(line: 3, column: 3))
        let unterminated = JobFixtures.error(json: "{\"name\": \"open")
        #expect(unterminated.reason == .syntax(detail: "a string that is never closed"))
        #expect(unterminated.position == .init(line: 1, column: 10))
        let newlineInString = JobFixtures.error(json: "{\"name\": \"two\nlines\"}")
        #expect(newlineInString.position == .init(line: 1, column: 14))
        let singleQuotes = JobFixtures.error(json: "{'name': 1}")
        #expect(singleQuotes.reason == .syntax(detail: "expected a double-quoted key, found '''"))
        let afterEnd = JobFixtures.error(json: "{} {}")
        #expect(afterEnd.position == .init(line: 1, column: 4))
    }

    @Test func columnsCountCharactersNotBytes() {
        let error = JobFixtures.error(json: "{\"name\": \"日本語\" x}")
        #expect(error.position == .init(line: 1, column: 16))
    }
}
