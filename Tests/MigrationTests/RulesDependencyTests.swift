import Migration
import Testing

@Suite struct RulesDependencyTests {
    @Test func relativeRunTargetsResolveAgainstTheCallingNotebooksFolder() {
        let found = RulesHarness.dependencies([
            RulesHarness.code("./lib/setup", magic: "run"),
            RulesHarness.code("../common/config", magic: "run"),
            RulesHarness.code("sibling", magic: "run"),
            RulesHarness.code("./a/../b/./c", magic: "run"),
        ])
        #expect(
            found.map(\.workspacePath) == [
                "/Users/a/etl/lib/setup", "/Users/a/common/config", "/Users/a/etl/sibling", "/Users/a/etl/b/c",
            ])
        #expect(found.map(\.kind) == [.run, .run, .run, .run])
        #expect(found.map(\.cellIndex) == [0, 1, 2, 3])
    }

    @Test func absoluteUsersReposAndWorkspaceTargetsAreKept() {
        let found = RulesHarness.dependencies([
            RulesHarness.code("/Users/b@x.com/shared/init", magic: "run"),
            RulesHarness.code("/Repos/team/proj/util", magic: "run"),
            RulesHarness.code("/Workspace/Shared/conf", magic: "run"),
        ])
        #expect(found.map(\.workspacePath) == ["/Users/b@x.com/shared/init", "/Repos/team/proj/util", "/Shared/conf"])
    }

    @Test func quotedParameterisedAndNextLineTargetsAreFound() {
        let found = RulesHarness.dependencies([
            RulesHarness.code("\"../includes/my config\" $env=prod", magic: "run"),
            RulesHarness.code("'./x/' # comment", magic: "run"),
            RulesHarness.code(
                "../setup/mount_adls_storage", magic: "run",
                original: "# MAGIC %run\n# MAGIC ../setup/mount_adls_storage"),
        ])
        #expect(
            found.map(\.workspacePath) == [
                "/Users/a/includes/my config", "/Users/a/etl/x", "/Users/a/setup/mount_adls_storage",
            ])
    }

    @Test func literalNotebookRunIsADependencyButDynamicPathsAreNot() {
        let cells = [
            RulesHarness.code(
                "dbutils.notebook.run(\"./child\", 0)\ndbutils.notebook.run(path=\"/Repos/team/proj/util\", timeout_seconds=60)"
            ),
            RulesHarness.code("dbutils.notebook.run(f\"./jobs/{name}\", 0)\ndbutils.notebook.run(nb, 0)"),
        ]
        let found = RulesHarness.dependencies(cells)
        #expect(
            found == [
                NotebookDependency(kind: .notebookRun, workspacePath: "/Users/a/etl/child", cellIndex: 0),
                NotebookDependency(kind: .notebookRun, workspacePath: "/Repos/team/proj/util", cellIndex: 0),
            ])
        #expect(RulesHarness.rewrite(cells).notebook.cells[1].migration?.flags == ["RUN-DYNAMIC-PATH"])
    }

    @Test func duplicatesAreRemovedKeepingTheFirstInCellOrder() {
        let found = RulesHarness.dependencies([
            RulesHarness.code("./child", magic: "run"),
            RulesHarness.code("dbutils.notebook.run(\"child\", 10)"),
            RulesHarness.code("../etl/child", magic: "run"),
        ])
        #expect(found == [NotebookDependency(kind: .run, workspacePath: "/Users/a/etl/child", cellIndex: 0)])
    }

    @Test func commentedOutRunAndCallsInStringsOrCommentsAreNotDependencies() {
        let found = RulesHarness.dependencies([
            RulesHarness.code("# %run ./lib/setup"),
            RulesHarness.code("# dbutils.notebook.run(\"./child\", 0)\ns = 'dbutils.notebook.run(\"./child\", 0)'"),
        ])
        #expect(found.isEmpty)
    }

    @Test func parentPathsAboveTheRootStayAtTheRoot() {
        let found = RulesHarness.dependencies([RulesHarness.code("../../../../x", magic: "run")], path: "/Users/a/nb")
        #expect(found.map(\.workspacePath) == ["/x"])
    }

    @Test func alreadyMigratedTargetsAreNotDependencies() {
        let found = RulesHarness.dependencies([
            RulesHarness.code("%run \(RulesHarness.aidp)/Users/a/etl/lib/setup.ipynb")
        ])
        #expect(found.isEmpty)
    }

    @Test func cellsThatCannotNameANotebookAreSkippedWithoutShiftingCellIndices() {
        let cells = [
            RulesHarness.markdown("Runs ./lib/setup first"),
            RulesHarness.code("df = spark.read.table(\"running_totals\")"),
            RulesHarness.code("# set up first\n%run ./lib/setup", magic: nil),
            RulesHarness.code("x = 1\ndbutils.notebook.run(\"../common/config\", 0)"),
            RulesHarness.code("# [aidp-migrate FLAG RUN-DYNAMIC-PATH] was flagged\n%run ./child", magic: nil),
        ]
        let found = RulesHarness.dependencies(cells)
        #expect(
            found == [
                NotebookDependency(kind: .run, workspacePath: "/Users/a/etl/lib/setup", cellIndex: 2),
                NotebookDependency(kind: .notebookRun, workspacePath: "/Users/a/common/config", cellIndex: 3),
                NotebookDependency(kind: .run, workspacePath: "/Users/a/etl/child", cellIndex: 4),
            ])
    }

    @Test func runCellDependencyMatchesTheRewrittenTarget() {
        let cells = [RulesHarness.code("./lib/setup $x=1", magic: "run")]
        #expect(RulesHarness.dependencies(cells).map(\.workspacePath) == ["/Users/a/etl/lib/setup"])
        #expect(
            RulesHarness.rewrite(cells).notebook.cells[0].source
                == "%run \(RulesHarness.aidp)/Users/a/etl/lib/setup.ipynb $x=1")
    }
}
