import Durable
import Foundation
import JSON
import Migration
import Testing

/// Bad input (issue #3 "Bad input"): each gets a clear error or flag naming the file, the rest of
/// the job still migrates, and nothing is written outside the output base.
@Suite struct MigrationRunBadInputTests {
    private func inputError(_ body: () throws -> Void) -> MigrationInputError? {
        do {
            try body()
            return nil
        } catch let error as MigrationInputError {
            return error
        } catch {
            Issue.record("expected MigrationInputError, got \(error)")
            return nil
        }
    }

    @Test func aMissingJobFileIsNamed() throws {
        try RunFixture.with { fixture in
            try FileManager.default.removeItem(atPath: fixture.jobFile)
            let error = try #require(inputError { _ = try fixture.prepare() })
            #expect(error.message.contains(fixture.jobFile), "\(error)")
            #expect(error.nextStep != nil)
            #expect(!FileManager.default.fileExists(atPath: fixture.jobFolder))
        }
    }

    @Test func aMalformedJobFileIsNamedWithLineAndColumn() throws {
        let job = "{\"name\": \"broken\",\n  \"tasks\": [\n    {\"task_key\": \"a\",}\n  ]\n}\n"
        try RunFixture.with(job: job) { fixture in
            let error = try #require(inputError { _ = try fixture.prepare() })
            #expect(error.message.contains("job.json:3:22"), "\(error)")
            #expect(error.message.contains("not valid JSON"), "\(error)")
            #expect(try Folder.files(under: fixture.outputBase).isEmpty)
        }
    }

    /// A task's notebook missing from the export fails that task; the others are migrated.
    @Test func aMissingTaskNotebookFailsOnlyItsTask() throws {
        var notebooks = RunFixture.notebooks
        notebooks["Users/u/etl/report.py"] = nil
        try RunFixture.with(notebooks: notebooks) { fixture in
            let outcome = try fixture.migrate()
            #expect(outcome.failed.isEmpty)
            #expect(try fixture.taskStatuses() == ["load": "CONVERTED", "report": "FAILED", "sql": "CONVERTED"])
            let outputs = try fixture.outputs()
            #expect(outputs["notebooks/Users/u/etl/report.ipynb"] == nil)
            for path in RunFixture.outputs where path != "notebooks/Users/u/etl/report.ipynb" {
                #expect(outputs[path] != nil, "\(path)")
            }
            let report = try fixture.report()
            #expect(report["status"] == "FAILED")
            let errors = (report["errors"]?.arrayValue ?? []).compactMap(\.stringValue)
            #expect(
                errors.contains {
                    $0.hasPrefix("/Users/u/etl/report: not found in the source folder")
                        && $0.contains("Users/u/etl/report.py")
                }, "\(errors)")
        }
    }

    /// A `%run` target missing from the export is FLAG `RUN-UNRESOLVED` on the calling cell;
    /// the migration continues (issue #3), and the caller needs a fix rather than failing.
    @Test func aMissingRunTargetIsFlaggedAndTheMigrationContinues() throws {
        var notebooks = RunFixture.notebooks
        notebooks["Users/u/etl/lib/common.py"] = nil
        try RunFixture.with(notebooks: notebooks) { fixture in
            try fixture.migrate()
            let load = try JSONCoding.decode(fixture.read("notebooks/Users/u/etl/load.ipynb"))
            let cell = try #require(load["cells"]?.arrayValue?.first)
            #expect(cell["metadata"]?["aidp_migration"]?["flags"] == ["RUN-UNRESOLVED"])
            #expect(
                GoldenCell(cell).source
                    == "# [aidp-migrate FLAG RUN-UNRESOLVED] %run target /Users/u/etl/lib/common is not in the export\n%run ./lib/common"
            )
            #expect(try fixture.outputs()["notebooks/Users/u/etl/tables.ipynb"] != nil)
            #expect(try fixture.taskStatuses() == ["load": "NEEDS_FIX", "report": "NEEDS_FIX", "sql": "CONVERTED"])
            let report = try fixture.report()
            #expect(report["errors"] == [])
            let warnings = (report["warnings"]?.arrayValue ?? []).compactMap(\.stringValue)
            #expect(warnings.contains { $0.hasPrefix("/Users/u/etl/lib/common: not in the export") }, "\(warnings)")
        }
    }

    /// R6: a file without the notebook header is a module, not a notebook; a `%run` of it is
    /// flagged on the calling cell and the module is named in the errors.
    @Test func aRunTargetThatIsAModuleIsFlaggedAndNamed() throws {
        var notebooks = RunFixture.notebooks
        notebooks["Users/u/etl/lib/common.py"] = "COMMON = 1"
        try RunFixture.with(notebooks: notebooks) { fixture in
            try fixture.migrate()
            let load = try JSONCoding.decode(fixture.read("notebooks/Users/u/etl/load.ipynb"))
            let cell = try #require(load["cells"]?.arrayValue?.first)
            #expect(cell["metadata"]?["aidp_migration"]?["flags"] == ["RUN-UNRESOLVED"])
            let errors = try fixture.reportErrors()
            #expect(errors.contains { $0.contains("Users/u/etl/lib/common.py:1: not a notebook") }, "\(errors)")
            #expect(try fixture.outputs()["notebooks/Users/u/etl/lib/common.ipynb"] == nil)
        }
    }

    /// A `%run` cycle is reported as a warning, each notebook migrated once, and it terminates.
    @Test(.timeLimit(.minutes(1))) func aRunCycleIsReportedWithoutHanging() throws {
        let notebooks = [
            "Users/u/etl/load.py": "# Databricks notebook source\n# MAGIC %run ./lib/common",
            "Users/u/etl/report.py": "# Databricks notebook source\nprint(1)",
            "Users/u/etl/tables.sql": "-- Databricks notebook source\nSELECT 1",
            "Users/u/etl/lib/common.py":
                "# Databricks notebook source\n# MAGIC %run ./other\n\n# COMMAND ----------\n\nCOMMON = 1",
            "Users/u/etl/lib/other.py": "# Databricks notebook source\n# MAGIC %run ./common",
        ]
        try RunFixture.with(notebooks: notebooks) { fixture in
            let outcome = try fixture.migrate()
            #expect(outcome.failed.isEmpty)
            let report = try fixture.report()
            let warnings = (report["warnings"]?.arrayValue ?? []).compactMap(\.stringValue)
            #expect(
                warnings.contains {
                    $0.contains(
                        "dependency cycle: /Users/u/etl/lib/common → /Users/u/etl/lib/other → /Users/u/etl/lib/common")
                },
                "\(warnings)")
            let outputs = try fixture.outputs()
            #expect(
                outputs["notebooks/Users/u/etl/lib/common.ipynb"] != nil
                    && outputs["notebooks/Users/u/etl/lib/other.ipynb"] != nil)
            let other = String(decoding: outputs["notebooks/Users/u/etl/lib/other.ipynb"]!, as: UTF8.self)
            #expect(other.contains("%run /Workspace/migrated/run_tests/notebooks/Users/u/etl/lib/common.ipynb"))
            #expect(try fixture.taskStatuses()["load"] == "CONVERTED")
        }
    }

    /// A task notebook path climbing above the workspace root with `..` is refused, not followed,
    /// and nothing is read or written for it.
    @Test func aTaskPathEscapingWithDotDotIsRefused() throws {
        let job = """
            {"name": "run tests", "tasks": [
              {"task_key": "load", "notebook_task": {"notebook_path": "/Users/u/etl/load"}},
              {"task_key": "escape", "notebook_task": {"notebook_path": "/Users/../../outside/secret"}}
            ]}
            """
        try RunFixture.with(job: job) { fixture in
            try Folder.write(
                "# Databricks notebook source\nprint('outside')\n", to: fixture.base + "/outside/secret.py")
            let outcome = try fixture.migrate()
            #expect(outcome.failed.isEmpty)
            let errors = try fixture.reportErrors()
            #expect(
                errors.contains {
                    $0.contains("/Users/../../outside/secret") && $0.contains("climbs above the workspace root")
                }, "\(errors)")
            #expect(try fixture.outputs().keys.allSatisfy { !$0.contains("secret") })
            #expect(try fixture.taskStatuses()["load"] == "CONVERTED")
            #expect(try fixture.taskStatuses()["escape"] == "FAILED")
        }
    }

    /// Each side of the `x y` / `x_y` collision has an error naming the other.
    private func expectSharedOutputErrors(_ errors: [String]) {
        for (subject, other) in [("/Users/u/etl/x y", "/Users/u/etl/x_y"), ("/Users/u/etl/x_y", "/Users/u/etl/x y")] {
            #expect(
                errors.contains {
                    $0.hasPrefix(subject + ": would be written to notebooks/Users/u/etl/x_y.ipynb, as \(other)")
                }, "\(errors)")
        }
    }

    /// `/Users/u/etl/x y` and `/Users/u/etl/x_y` would both land on `notebooks/Users/u/etl/x_y.ipynb`
    /// (spaces become `_`): neither is written, each error names the other, the rest migrates.
    @Test func twoNotebooksSharingAnOutputPathAreBothRefused() throws {
        let job = """
            {"name": "run tests", "tasks": [
              {"task_key": "load", "notebook_task": {"notebook_path": "/Users/u/etl/load"}},
              {"task_key": "spaced", "notebook_task": {"notebook_path": "/Users/u/etl/x y"}},
              {"task_key": "underscored", "notebook_task": {"notebook_path": "/Users/u/etl/x_y"}}
            ]}
            """
        var notebooks = RunFixture.notebooks
        notebooks["Users/u/etl/x y.py"] = "# Databricks notebook source\nprint('spaced')"
        notebooks["Users/u/etl/x_y.py"] = "# Databricks notebook source\nprint('underscored')"
        try RunFixture.with(job: job, notebooks: notebooks) { fixture in
            let outcome = try fixture.migrate()
            #expect(outcome.failed.isEmpty)
            #expect(
                try fixture.taskStatuses() == ["load": "CONVERTED", "spaced": "FAILED", "underscored": "FAILED"])
            let outputs = try fixture.outputs()
            #expect(outputs["notebooks/Users/u/etl/x_y.ipynb"] == nil)
            #expect(outputs["notebooks/Users/u/etl/load.ipynb"] != nil)
            let errors = try fixture.reportErrors()
            expectSharedOutputErrors(errors)
        }
    }

    /// A notebook already refused for its own reason keeps that reason first, and the other side
    /// of the collision is still refused; a `%run` dependency collides like a task does.
    @Test func aSharedOutputPathKeepsEachNotebooksOwnReason() throws {
        let job = """
            {"name": "run tests", "tasks": [
              {"task_key": "spaced", "notebook_task": {"notebook_path": "/Users/u/etl/x y"}}
            ]}
            """
        let notebooks = [
            "Users/u/etl/x y.py": "# Databricks notebook source\n# MAGIC %run ./x_y",
            "Users/u/etl/x_y.py": "print('a module, not a notebook')",
        ]
        try RunFixture.with(job: job, notebooks: notebooks) { fixture in
            try fixture.migrate()
            #expect(try fixture.outputs()["notebooks/Users/u/etl/x_y.ipynb"] == nil)
            #expect(try fixture.taskStatuses() == ["spaced": "FAILED"])
            let errors = try fixture.reportErrors()
            #expect(
                errors.contains { $0.hasPrefix("/Users/u/etl/x_y: Users/u/etl/x_y.py:1: not a notebook") }, "\(errors)")
            expectSharedOutputErrors(errors)
            let rows = try fixture.report()["notebooks"]?.arrayValue ?? []
            let refused = rows.first { $0["workspacePath"]?.stringValue == "/Users/u/etl/x_y" }
            let error = refused?["error"]?.stringValue ?? ""
            #expect(error.contains("not a notebook") && error.contains("; it also would be written to"), "\(error)")
        }
    }

    /// A `%run ../../..` climbing above the root inside a notebook is never resolved outside the
    /// export; the cell is flagged.
    @Test func aRunTargetEscapingWithDotDotIsFlagged() throws {
        var notebooks = RunFixture.notebooks
        notebooks["Users/u/etl/report.py"] = "# Databricks notebook source\n# MAGIC %run ../../../../../outside/secret"
        try RunFixture.with(notebooks: notebooks) { fixture in
            try Folder.write(
                "# Databricks notebook source\nprint('outside')\n", to: fixture.base + "/outside/secret.py")
            try fixture.migrate()
            let report = try JSONCoding.decode(fixture.read("notebooks/Users/u/etl/report.ipynb"))
            let cell = try #require(report["cells"]?.arrayValue?.first)
            #expect(cell["metadata"]?["aidp_migration"]?["flags"] == ["RUN-UNRESOLVED"])
            #expect(try fixture.outputs().keys.allSatisfy { !$0.contains("secret") })
        }
    }

    /// A symlink in the export that leads out of the source folder is not followed: the task
    /// fails with an error naming the link, and its target is never read or copied.
    @Test func aSymlinkOutOfTheSourceFolderIsNotFollowed() throws {
        var notebooks = RunFixture.notebooks
        notebooks["Users/u/etl/report.py"] = nil
        try RunFixture.with(notebooks: notebooks) { fixture in
            let outside = fixture.base + "/outside/report.py"
            try Folder.write("# Databricks notebook source\nSECRET = 'do not copy'\n", to: outside)
            try FileManager.default.createSymbolicLink(
                atPath: fixture.source + "/Users/u/etl/report.py", withDestinationPath: outside)
            let outcome = try fixture.migrate()
            #expect(outcome.failed.isEmpty)
            #expect(try fixture.taskStatuses()["report"] == "FAILED")
            let errors = try fixture.reportErrors()
            #expect(
                errors.contains { $0.contains("Users/u/etl/report.py") && $0.contains("outside the source folder") },
                "\(errors)")
            let everything = try Folder.files(under: fixture.outputBase)
            #expect(everything.values.allSatisfy { !String(decoding: $0, as: UTF8.self).contains("do not copy") })
            #expect(everything["run_tests/notebooks/Users/u/etl/report.ipynb"] == nil)
        }
    }

    /// Non-UTF-8 or binary files: an error naming the file (and where), the rest migrated.
    @Test(arguments: [
        (Data("# Databricks notebook source\nname = 'caf".utf8) + Data([0xE9]) + Data("'\n".utf8), "not UTF-8"),
        (Data([0x23, 0x20, 0x00, 0x01, 0x02, 0xFF, 0x00]), "binary"),
    ])
    func anUnreadableNotebookFileIsNamed(_ bytes: Data, _ words: String) throws {
        try RunFixture.with { fixture in
            try Folder.write(bytes, to: fixture.source + "/Users/u/etl/report.py")
            try fixture.migrate()
            #expect(try fixture.taskStatuses() == ["load": "CONVERTED", "report": "FAILED", "sql": "CONVERTED"])
            let errors = try fixture.reportErrors()
            let error = try #require(errors.first { $0.contains("Users/u/etl/report.py") }, "\(errors)")
            #expect(error.lowercased().contains(words.lowercased()), "\(error)")
        }
    }

    /// A header-only notebook is valid and gives a notebook with no cells; a zero-byte file has
    /// no header, so it is not a notebook, and the error names it.
    @Test func emptyNotebooks() throws {
        var notebooks = RunFixture.notebooks
        notebooks["Users/u/etl/report.py"] = "# Databricks notebook source"
        try RunFixture.with(notebooks: notebooks) { fixture in
            try fixture.migrate()
            let report = try JSONCoding.decode(fixture.read("notebooks/Users/u/etl/report.ipynb"))
            #expect(report["cells"] == [])
            #expect(try fixture.taskStatuses()["report"] == "CONVERTED")

            try Folder.write(Data(), to: fixture.source + "/Users/u/etl/report.py")
            try fixture.migrate()
            let errors = try fixture.reportErrors()
            #expect(
                errors.contains { $0.contains("Users/u/etl/report.py") && $0.contains("not a notebook") }, "\(errors)")
            #expect(try fixture.taskStatuses()["report"] == "FAILED")
        }
    }

    /// A 5 MB cell migrates in bounded time, whole. The bound only catches super-linear work: a
    /// debug build needs about 10 s per run here, most of it hashing and re-reading outputs.
    @Test(.timeLimit(.minutes(5))) func aFiveMegabyteCellMigrates() throws {
        let line = "SELECT " + String(repeating: "x", count: 92) + " FROM main.sales.orders"
        let body = Array(repeating: line, count: 5 * 1024 * 1024 / (line.utf8.count + 1)).joined(separator: "\n")
        var notebooks = RunFixture.notebooks
        notebooks["Users/u/etl/tables.sql"] = "-- Databricks notebook source\n" + body
        try RunFixture.with(notebooks: notebooks) { fixture in
            let clock = ContinuousClock()
            let elapsed = try clock.measure { try fixture.migrate() }
            #expect(elapsed < .seconds(150), "\(elapsed)")
            let tables = try JSONCoding.decode(fixture.read("notebooks/Users/u/etl/tables.ipynb"))
            let cells = tables["cells"]?.arrayValue ?? []
            #expect(cells.count == 1)
            let source = GoldenCell(try #require(cells.first)).source
            #expect(source.utf8.count > 5_000_000)
            #expect(source.hasPrefix("%sql\nSELECT xxxx"))
            #expect(!source.contains("main.sales.orders") && source.contains("default.sales.orders"))
            // And the re-run skips it without rewriting.
            #expect(try fixture.migrate().written.isEmpty)
        }
    }
}
