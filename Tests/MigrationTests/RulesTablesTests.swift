import Testing

@testable import Migration

@Suite struct RulesTablesTests {
    private func tables(catalogMap: [String: String] = [:], pathMap: [String: String] = [:], root: String)
        -> RuleTables
    {
        RuleTables(
            config: MigrationConfig(catalogMap: catalogMap, pathMap: pathMap),
            paths: WorkspacePaths(job: "nightly", workspaceRoot: root))
    }

    @Test func catalogLookupIgnoresCaseAndTheFirstKeyInByteOrderWins() {
        let tables = tables(catalogMap: ["main": "lower", "MAIN": "upper", "Dev": "sandbox"], root: "/W")
        #expect(tables.mappedCatalog("Main") == "upper")
        #expect(tables.mappedCatalog("dev") == "sandbox")
        #expect(tables.mappedCatalog("prod") == nil)
    }

    @Test func pathMapIsLongestPrefixFirstWithTiesInByteOrderAndNoEmptyPrefix() {
        let tables = tables(
            pathMap: ["/mnt/b": "x", "/mnt/a": "y", "/mnt/raw/deep": "z", "": "ignored"], root: "/W")
        #expect(tables.pathMap.map(\.prefix) == ["/mnt/raw/deep", "/mnt/a", "/mnt/b"])
        #expect(tables.pathMap.map(\.replacement) == ["z", "y", "x"])
    }

    @Test func migratedRootEndsWithOneSlash() {
        #expect(tables(root: "/Workspace/migrated").migratedRoot == "/Workspace/migrated/")
        #expect(tables(root: "/Workspace/migrated/").migratedRoot == "/Workspace/migrated/")
    }
}
