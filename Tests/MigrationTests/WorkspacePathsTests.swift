import Migration
import Testing

@Suite struct WorkspacePathsTests {
    @Test func workspacePrefixIsDroppedAndSpacesBecomeUnderscores() {
        #expect(
            WorkspacePaths.outputRelativePath(forWorkspacePath: "/Workspace/Users/a b/x y") == "Users/a_b/x_y.ipynb")
        #expect(
            WorkspacePaths.outputRelativePath(forWorkspacePath: "/Repos/team/etl/load") == "Repos/team/etl/load.ipynb")
    }

    @Test func emptySegmentsVanishAndOnlyAWholeWorkspaceSegmentIsDropped() {
        #expect(WorkspacePaths.outputRelativePath(forWorkspacePath: "//Users//a/x/") == "Users/a/x.ipynb")
        #expect(WorkspacePaths.outputRelativePath(forWorkspacePath: "/Workspace//x") == "x.ipynb")
        #expect(WorkspacePaths.outputRelativePath(forWorkspacePath: "/WorkspaceX/y") == "WorkspaceX/y.ipynb")
        #expect(
            WorkspacePaths.outputRelativePath(forWorkspacePath: "/Users/a\u{301} b/c") == "Users/a\u{301}_b/c.ipynb")
    }

    @Test func aidpPathIsUnderTheRootJobAndNotebooks() {
        let paths = WorkspacePaths(job: "nightly", workspaceRoot: "/Workspace/migrated/")
        #expect(
            paths.aidpPath(forWorkspacePath: "/Users/a/x") == "/Workspace/migrated/nightly/notebooks/Users/a/x.ipynb")
    }

    @Test func jobNamesBecomeSafeFolderNames() {
        #expect(WorkspacePaths.safeJobName("nightly sales/pipeline") == "nightly_sales_pipeline")
        #expect(WorkspacePaths.safeJobName("..hidden") == "hidden")
        #expect(WorkspacePaths.safeJobName("日本") == "__")
        #expect(WorkspacePaths.safeJobName("") == "job")
    }
}
