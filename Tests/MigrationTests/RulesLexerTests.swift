import Testing

@testable import Migration

@Suite struct RulesLexerTests {
    private func regions(_ text: String, _ lex: ([UInt8]) -> LexedCode) -> String {
        let code = lex(Array(text.utf8))
        return String(
            code.regions.map { region -> Character in
                switch region {
                case .code: return "c"
                case .string: return "s"
                case .comment: return "#"
                }
            })
    }

    @Test func pythonLexerSeparatesCodeStringsAndComments() {
        #expect(regions("a = 'x' # c", PythonLexer.lex) == "ccccsssc###")
        #expect(regions("f\"{a}\" + rb'\\''", PythonLexer.lex) == "sssssscccssssss")
        #expect(regions("'''a\n#b''' #c", PythonLexer.lex) == "ssssssssssc##")
    }

    @Test func pythonLexerRecordsPrefixesAndTripleQuotes() {
        let code = PythonLexer.lex(Array("x = Rb'''a'''; y = f\"b\"; z = bar\"c\"".utf8))
        #expect(code.literals.count == 3)
        #expect(code.literals[0].isRaw && code.literals[0].isBytes && code.literals[0].isTriple)
        #expect(code.literals[1].isInterpolated)
        #expect(code.text(code.literals[2].range) == "\"c\"")
    }

    @Test func sqlLexerHandlesDashAndNestedBlockCommentsQuotesAndBackticks() {
        #expect(regions("a -- b\nc", SQLLexer.lex) == "cc####cc")
        #expect(regions("/* a /* b */ c */x", SQLLexer.lex) == "#################c")
        #expect(regions("'it''s' `a``b`", SQLLexer.lex) == "ssssssscssssss")
        #expect(SQLLexer.lex(Array("`t`".utf8)).literals.first?.isBacktick == true)
    }

    @Test func scalaLexerHandlesInterpolatorsTripleQuotesAndCharLiterals() {
        #expect(regions("s\"a$b\" // c", ScalaLexer.lex) == "ssssssc####")
        #expect(regions("\"\"\"a\"b\"\"\"+'x'", ScalaLexer.lex) == "ssssssssscsss")
    }

    @Test func argumentSplitterRespectsBracketsStringsAndKeywords() throws {
        let text = "f(\"a,b\", {\"k\": (1, 2)}, key=[3, 4], *rest)"
        let code = PythonLexer.lex(Array(text.utf8))
        let call = try #require(CallArguments(code, open: 1))
        #expect(call.arguments.map { code.text($0.range) } == ["\"a,b\"", "{\"k\": (1, 2)}", "key=[3, 4]", "*rest"])
        #expect(call.arguments.map(\.keyword) == [nil, nil, "key", nil])
        #expect(code.text(call.arguments[2].value) == "[3, 4]")
        #expect(call.arguments[3].isUnpacked)
        #expect(call.close == text.utf8.count - 1)
    }

    @Test func argumentBindingRejectsUnknownShapes() throws {
        let code = PythonLexer.lex(Array("f(1, b=2, c=3)".utf8))
        let call = try #require(CallArguments(code, open: 1))
        #expect(call.bind(["a", "b", "c"])?.names.sorted() == ["a", "b", "c"])
        #expect(call.bind(["a", "b"]) == nil)
        #expect(CallArguments(PythonLexer.lex(Array("f(1, 2".utf8)), open: 1) == nil)
    }

    @Test func runArgumentGrammar() throws {
        #expect(
            try RunCommand.parse("./x $a=1 $b=\"two words\"").get()
                == RunCommand(path: "./x", parameters: ["$a=1", "$b=\"two words\""]))
        #expect(
            try RunCommand.parse("'../my dir/x/'   # note").get() == RunCommand(path: "../my dir/x", parameters: []))
        #expect(try RunCommand.parse("  /Repos/t/x").get() == RunCommand(path: "/Repos/t/x", parameters: []))
        #expect(throws: RunCommand.ParseError.unexpected("extra")) { try RunCommand.parse("./x extra").get() }
        #expect(throws: RunCommand.ParseError.unterminatedQuote) { try RunCommand.parse("\"./x").get() }
        #expect(throws: RunCommand.ParseError.empty) { try RunCommand.parse("  # only a comment").get() }
    }

    @Test func workspacePathResolution() {
        #expect(WorkspacePathResolver.resolve("./a/../b", from: "/Users/u/f/nb") == "/Users/u/f/b")
        #expect(WorkspacePathResolver.resolve("/Workspace/Users/u/x.ipynb", from: "/Users/u/nb") == "/Users/u/x")
        #expect(WorkspacePathResolver.resolve("x.py", from: "/Users/u/nb") == "/Users/u/x")
        #expect(WorkspacePathResolver.resolve("", from: "/Users/u/nb") == nil)
        #expect(WorkspacePathResolver.isMigratedTarget("/Workspace/migrated/j/notebooks/a.ipynb"))
        #expect(!WorkspacePathResolver.isMigratedTarget("/Users/a/x"))
    }
}
