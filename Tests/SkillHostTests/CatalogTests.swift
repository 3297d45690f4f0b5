import Foundation
import Testing

@testable import SkillHost

/// Finding and loading skills: precedence, leniency, and confinement.
@Suite struct CatalogTests {
    func skill(_ root: String, _ name: String, handler: String? = nil, extra: String = "", body: String = "Body.") {
        var text = "---\nname: \(name)\ndescription: The \(name) skill.\n"
        if let handler { text += "metadata:\n  skillhost-handler: \"\(handler)\"\n" }
        text += extra + "---\n" + body + "\n"
        writeFile("\(root)/\(name)/SKILL.md", text)
    }

    func load(_ paths: [String], environment: [String: String] = [:]) -> Catalog {
        let (roots, _, diagnostics) = SkillRoots.resolve(
            explicit: paths, environment: environment, executablePath: nil, workingDirectory: "/")
        var catalog = Catalog.load(roots: roots)
        catalog.diagnostics = diagnostics + catalog.diagnostics
        return catalog
    }

    @Test func oneBrokenSkillDoesNotHideTheOthers() {
        let root = temporaryDirectory()
        skill(root, "good-one")
        writeFile("\(root)/broken/SKILL.md", "---\nname: broken\ndescription: [unclosed\n---\n")
        writeFile("\(root)/nodesc/SKILL.md", "---\nname: nodesc\n---\n")
        skill(root, "good-two")
        let catalog = load([root])
        #expect(catalog.skills.map(\.name) == ["good-one", "good-two"])
        #expect(catalog.diagnostics.contains { $0.file.hasSuffix("broken/SKILL.md") && $0.line != nil })
        #expect(
            catalog.diagnostics.contains { $0.file.hasSuffix("nodesc/SKILL.md") && $0.message.contains("description") })
    }

    @Test func earlierRootWinsANameClash() {
        let first = temporaryDirectory("first")
        let second = temporaryDirectory("second")
        skill(first, "shared")
        skill(second, "shared")
        let catalog = load([first, second])
        #expect(catalog.skills.count == 1)
        #expect(catalog.skills[0].directory.hasPrefix(FileSystem.realPath(first)!))
        #expect(catalog.diagnostics.contains { $0.severity == .warning && $0.message.contains("takes precedence") })
    }

    @Test func environmentPathIsColonSeparatedAndComesAfterFlags() {
        let flag = temporaryDirectory("flag")
        let env1 = temporaryDirectory("env1")
        let env2 = temporaryDirectory("env2")
        let (roots, _, _) = SkillRoots.resolve(
            explicit: [flag], environment: ["SKILLHOST_SKILLS_PATH": "\(env1):\(env2)"], executablePath: nil,
            workingDirectory: "/")
        #expect(roots.map(\.origin) == [.flag, .environment, .environment])
    }

    @Test func nothingFoundNamesEveryFolderLookedInInPrecedenceOrder() {
        let work = temporaryDirectory("work")
        let env = temporaryDirectory("env")
        let resolved = SkillRoots.resolve(
            explicit: [], environment: ["SKILLHOST_SKILLS_PATH": env], executablePath: nil, workingDirectory: work)
        var catalog = Catalog.load(roots: resolved.roots)
        catalog.searched = resolved.searched
        #expect(catalog.skills.isEmpty)
        #expect(resolved.searched == [env, "\(work)/.agents/skills", "\(work)/.claude/skills", "\(work)/skills"])
        let diagnostic = catalog.nothingFound(severity: .error)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message.contains(resolved.searched.joined(separator: ", ")))
        #expect(diagnostic.message.contains("--skills-dir DIR"))
    }

    @Test func missingFlagFolderIsReported() {
        let catalog = load(["/definitely/not/here"])
        #expect(catalog.diagnostics.contains { $0.file == "/definitely/not/here" })
    }

    @Test func symlinkOutOfTheRootIsSkipped() throws {
        let root = temporaryDirectory("root")
        let outside = temporaryDirectory("outside")
        skill(outside, "escapee")
        try FileManager.default.createSymbolicLink(atPath: "\(root)/link", withDestinationPath: "\(outside)/escapee")
        skill(root, "inside")
        let catalog = load([root])
        #expect(catalog.skills.map(\.name) == ["inside"])
        #expect(catalog.diagnostics.contains { $0.message.contains("outside the skills folder") })
    }

    @Test func scanIsBoundedInDepthAndSkipsHiddenFolders() {
        let root = temporaryDirectory()
        skill("\(root)/a/b/c", "deep-enough")
        skill("\(root)/a/b/c/d/e", "too-deep")
        skill("\(root)/.hidden", "hidden")
        skill("\(root)/node_modules", "vendored")
        #expect(load([root]).skills.map(\.name) == ["deep-enough"])
    }

    @Test func unknownKeysAreKeptAndColonInValueIsForgiven() {
        let root = temporaryDirectory()
        writeFile(
            "\(root)/lenient/SKILL.md",
            "---\nname: lenient\ndescription: Use when: things happen\nwhen_to_use: later\n---\n")
        let catalog = load([root])
        #expect(catalog.skills.first?.description == "Use when: things happen")
        #expect(catalog.skills.first?.extraKeys == ["when_to_use"])
    }

    @Test func availabilityExplainsUnbuiltUnknownAndInstructionOnlySkills() {
        let root = temporaryDirectory()
        skill(root, "planned", handler: "planned")
        skill(root, "mystery", handler: "mystery")
        skill(root, "words-only")
        var registry = HandlerRegistry()
        registry.declare("planned", unavailableBecause: "not built yet")
        let dispatcher = Dispatcher(catalog: load([root]), registry: registry, settings: HostSettings(version: "t"))
        func reason(_ name: String) -> String? {
            guard let skill = dispatcher.catalog.skill(named: name),
                case .unavailable(let reason) = dispatcher.availability(of: skill)
            else { return nil }
            return reason
        }
        #expect(reason("planned") == "not built yet")
        #expect(reason("mystery")?.contains("unknown handler 'mystery'") == true)
        #expect(reason("words-only")?.contains("instruction-only") == true)
        #expect(dispatcher.tools.map(\.name) == ["read-skill"])
    }

    @Test func unknownGuardMakesTheSkillUnloadableWithItsLine() {
        let root = temporaryDirectory()
        writeFile(
            "\(root)/g/SKILL.md",
            "---\nname: g\ndescription: d\nmetadata:\n  skillhost-handler: \"g\"\n  skillhost-guards: \"hand-edits yolo\"\n---\n"
        )
        let catalog = load([root])
        #expect(catalog.skills.isEmpty)
        #expect(catalog.diagnostics.contains { $0.line == 6 && $0.message.contains("'yolo'") })
    }

    // MARK: skill files

    @Test func readSkillServesFilesAndSharedReferencesButNothingOutside() throws {
        let base = temporaryDirectory()
        let root = "\(base)/skills"
        skill(root, "reader", body: "See [rules](references/rules.md) and [local](notes/local.md).")
        writeFile("\(root)/reader/notes/local.md", "local notes")
        writeFile("\(base)/references/rules.md", "shared rules")
        writeFile("\(base)/references/unlinked.md", "not linked")
        writeFile("\(base)/secret.txt", "secret")
        let catalog = load([root])
        let files = SkillFiles(try #require(catalog.skill(named: "reader")))
        #expect(files.list() == ["SKILL.md", "notes/local.md", "references/rules.md"])
        #expect(try files.read("references/rules.md") == "shared rules")
        #expect(throws: SkillFiles.ReadError.self) { try files.read("references/unlinked.md") }
        #expect(throws: SkillFiles.ReadError.self) { try files.read("../../secret.txt") }
        #expect(throws: SkillFiles.ReadError.self) { try files.read("/etc/passwd") }
        try FileManager.default.createSymbolicLink(
            atPath: "\(root)/reader/sneaky.txt", withDestinationPath: "\(base)/secret.txt")
        #expect(throws: SkillFiles.ReadError.self) { try files.read("sneaky.txt") }
    }

    @Test func readSkillToolPagesLongFiles() async throws {
        let root = temporaryDirectory()
        skill(root, "long", body: String(repeating: "x", count: 100))
        let dispatcher = Dispatcher(
            catalog: load([root]), registry: HandlerRegistry(), settings: HostSettings(version: "t"))
        let first = try await dispatcher.call(
            "read-skill", arguments: ["name": "long", "limit": 40], options: CallOptions()
        ).output
        #expect(first?.structured["truncated"] == true)
        #expect(first?.structured["nextOffset"] == 40)
        let rest = try await dispatcher.call(
            "read-skill", arguments: ["name": "long", "offset": 40, "limit": 1000], options: CallOptions()
        ).output
        #expect(rest?.structured["truncated"] == false)
        let whole = try String(contentsOfFile: "\(root)/long/SKILL.md", encoding: .utf8)
        #expect((first?.structured["text"]?.stringValue ?? "") + (rest?.structured["text"]?.stringValue ?? "") == whole)
    }

    @Test func referenceLinksAreFoundInOrderOnceEachAndEndAtTheirDelimiter() {
        let body = """
            Read [a](references/a.md) and [b](references/b é.md#part), [a again](references/a.md).
            A bare ](references/c.md then text; ](references/d.md\r\nnext line; [日本](references/日本.md)
            [accent](references/g.md)\u{301} ends at the parenthesis, whatever mark follows it.
            Not a link: references/e.md, nor (references/f.md). ](references/
            """
        #expect(
            Catalog.referenceLinks(in: body) == [
                "references/a.md", "references/b", "references/c.md", "references/d.md", "references/日本.md",
                "references/g.md", "references/",
            ])
        #expect(Catalog.referenceLinks(in: "") == [])
        #expect(Catalog.referenceLinks(in: "](references") == [])
    }
}
