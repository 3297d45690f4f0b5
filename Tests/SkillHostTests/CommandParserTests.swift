import Testing

@testable import SkillHost

@Suite struct CommandParserTests {
    @Test func globalSkillsDirMayStandAnywhere() throws {
        let (command, global) = try CommandParser.parse(["list", "--skills-dir", "a", "--json", "--skills-dir=b"])
        #expect(command == .list(json: true))
        #expect(global.skillsDirectories == ["a", "b"])
    }

    @Test func callTakesInlineFileOrStdinArguments() throws {
        guard case .call(let inline) = try CommandParser.parse(["call", "t", "{}"]).0,
            case .call(let file) = try CommandParser.parse(["call", "t", "@args.json", "--dry-run"]).0,
            case .call(let stdin) = try CommandParser.parse(["call", "t", "-", "--no-input"]).0
        else {
            Issue.record("not parsed as call")
            return
        }
        #expect(inline.arguments == .inline("{}"))
        #expect(file.arguments == .file("args.json") && file.dryRun)
        #expect(stdin.arguments == .standardInput && stdin.noInput)
    }

    @Test func confirmNeedsAFullDigest() throws {
        let digest = String(repeating: "a", count: 64)
        guard case .call(let call) = try CommandParser.parse(["call", "t", "{}", "--confirm", digest]).0 else {
            Issue.record("not parsed as call")
            return
        }
        #expect(call.confirmDigest == digest)
        #expect(throws: UsageError.self) { try CommandParser.parse(["call", "t", "{}", "--confirm", "abc"]) }
        #expect(throws: UsageError.self) { try CommandParser.parse(["call", "t", "{}", "--confirm"]) }
    }

    @Test func mistakesAreUsageErrors() {
        #expect(throws: UsageError.self) { try CommandParser.parse(["frobnicate"]) }
        #expect(throws: UsageError.self) { try CommandParser.parse(["list", "--jsn"]) }
        #expect(throws: UsageError.self) { try CommandParser.parse(["call"]) }
        #expect(throws: UsageError.self) { try CommandParser.parse(["call", "t", "{}", "{}"]) }
        #expect(throws: UsageError.self) { try CommandParser.parse(["--skills-dir"]) }
    }

    @Test func noArgumentsShowsHelp() throws {
        #expect(try CommandParser.parse([]).0 == .help(topic: nil))
        #expect(try CommandParser.parse(["help", "call"]).0 == .help(topic: "call"))
    }

    @Test func everyCommandHasHelp() {
        for name in ["list", "call", "validate", "serve"] {
            #expect(HelpText.command(name)?.contains("Usage: skillhost \(name)") == true)
        }
    }
}
