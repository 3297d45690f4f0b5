import Testing

@testable import Migration

@Suite struct RulesCallSiteMemoTests {
    private static let source = """
        dbutils.widgets.text("a", "1")
        sc.setLogLevel("WARN"); sql("select 1"); sqlContext.sql("x")
        spark.conf.set("spark.databricks.x", dbutils.widgets.get("a"))
        t = table(f"{getArgument('t')}")  # dbutils.notebook.run("c", 0)
        displayHTML(sc.version); udf(lambda v: v); x.sql("no")
        """

    private func described(_ sites: [CallSite]) -> [String] { sites.map { "\($0.name)@\($0.nameRange)" } }

    @Test func memoisedSitesMatchAFreshSearchWhateverTheOrderOfQueries() {
        let code = PythonLexer.lex(Array(Self.source.utf8))
        let queries: [[[UInt8]]] = [
            [Roots.sql, Roots.sc, Roots.dbutils], [Roots.dbutils], [Roots.sc], [Roots.spark, Roots.dbutils],
            [Roots.sqlContext, Roots.sql, Roots.table, Roots.getArgument, Roots.displayHTML, Roots.udf],
            [Roots.udf, Roots.sc, Roots.spark, Roots.sqlContext], [Roots.dlt],
        ]
        for roots in queries {
            #expect(described(code.callSites(rooted: roots)) == described(CallSite.find(in: code, roots: roots)))
        }
        #expect(described(code.callSites(rooted: [Roots.sc])) == ["sc.setLogLevel@31..<45", "sc.version@232..<242"])
    }
}
