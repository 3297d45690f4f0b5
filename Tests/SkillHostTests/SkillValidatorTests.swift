import Foundation
import Testing

@testable import SkillHost

/// `skillhost validate` on one skill folder: the `skills-ref` rules, the host binding and the
/// body warnings. Every test writes its own skills under a fresh temporary directory.
@Suite struct SkillValidatorTests {
    /// A fresh `<tmp>/<uuid>/` holding `skills/` (and, when a test wants one, `references/`).
    private final class Workspace {
        let root: URL

        init() throws {
            root = FileManager.default.temporaryDirectory
                .appendingPathComponent("skillvalidator-\(UUID().uuidString)", isDirectory: true)
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        /// Writes `skills/<folder>/<fileName>` and any extra files (paths relative to the skill
        /// folder); returns the skill folder's path.
        @discardableResult
        func skill(
            _ folder: String, _ text: String, fileName: String = "SKILL.md", files: [String: String] = [:]
        ) throws -> String {
            let directory = root.appendingPathComponent("skills").appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: directory.appendingPathComponent(fileName))
            for (path, content) in files { try write(directory.appendingPathComponent(path), content) }
            return directory.path
        }

        /// Writes `path` relative to the workspace root.
        func file(_ path: String, _ content: String = "x\n") throws {
            try write(root.appendingPathComponent(path), content)
        }

        private func write(_ url: URL, _ content: String) throws {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
        }
    }

    private static let validator = SkillValidator(knownHandlers: ["aidp-migrate-job", "aidp-pipelines"])

    private static func skillMD(_ frontMatter: String, body: String = "# Skill\n\nDo the thing.\n") -> String {
        "---\n" + frontMatter + "---\n" + body
    }

    /// Front-matter that passes every rule for a folder named `folder`.
    private static func valid(_ folder: String = "my-skill", extra: String = "") -> String {
        skillMD("name: \(folder)\ndescription: Does a thing. Use when the user asks for it.\n" + extra)
    }

    private static func diagnostics(_ folder: String, _ text: String, files: [String: String] = [:]) throws
        -> [Diagnostic]
    {
        let workspace = try Workspace()
        return validator.validate(skillDirectory: try workspace.skill(folder, text, files: files))
    }

    private static func errors(_ folder: String, _ text: String) throws -> [Diagnostic] {
        try diagnostics(folder, text).filter { $0.severity == .error }
    }

    /// Expects exactly one error, at `line`, whose message contains `fragment`.
    private static func expectOneError(
        _ folder: String, _ text: String, line: Int?, mentioning fragment: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let found = try errors(folder, text)
        #expect(found.count == 1, "\(found)", sourceLocation: sourceLocation)
        #expect(found.first?.line == line, "\(found)", sourceLocation: sourceLocation)
        #expect(found.first?.message.contains(fragment) == true, "\(found)", sourceLocation: sourceLocation)
    }

    // MARK: A valid skill

    @Test func fullyBoundSkillHasNoDiagnostics() throws {
        let text = Self.skillMD(
            """
            name: my-skill
            description: >
              Migrates a job. Use when: the user asks to move a Databricks job.
            license: Apache-2.0
            compatibility: Needs python3 on PATH.
            allowed-tools: Read Bash(git:*)
            metadata:
              author: someone
              version: "1.0"
              skillhost-handler: aidp-migrate-job
              skillhost-guards: hand-edits forced-rerun remote-destructive

            """)
        #expect(try Self.diagnostics("my-skill", text).isEmpty)
    }

    @Test func instructionOnlySkillWithoutHandlerIsValid() throws {
        #expect(try Self.diagnostics("notes", Self.valid("notes")).isEmpty)
    }

    @Test func allowedToolsMayBeAListOfStrings() throws {
        #expect(
            try Self.diagnostics("my-skill", Self.valid(extra: "allowed-tools:\n  - Read\n  - 'Bash(jq:*)'\n")).isEmpty)
    }

    @Test func emptyMetadataIsAccepted() throws {
        #expect(try Self.diagnostics("my-skill", Self.valid(extra: "metadata:\n")).isEmpty)
    }

    // MARK: The folder and its file

    @Test func missingFolderIsAnError() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("absent-\(UUID().uuidString)").path
        let found = Self.validator.validate(skillDirectory: path)
        #expect(found == [Diagnostic(file: path, line: nil, message: "the skill folder does not exist")])
    }

    @Test func pathThatIsAFileIsAnError() throws {
        let workspace = try Workspace()
        try workspace.file("plain.txt")
        let found = Self.validator.validate(skillDirectory: workspace.root.appendingPathComponent("plain.txt").path)
        #expect(found.count == 1)
        #expect(found.first?.message.contains("not a folder") == true)
    }

    @Test func missingSkillFileIsAnErrorNamingIt() throws {
        let workspace = try Workspace()
        let directory = try workspace.skill("my-skill", "# readme", fileName: "README.md")
        let found = Self.validator.validate(skillDirectory: directory)
        #expect(found.count == 1)
        #expect(found.first?.file == directory + "/SKILL.md")
        #expect(found.first?.line == nil)
        #expect(found.first?.message.contains("missing SKILL.md") == true)
    }

    @Test func lowercaseSkillFileIsAccepted() throws {
        let workspace = try Workspace()
        let directory = try workspace.skill("my-skill", Self.valid(), fileName: "skill.md")
        #expect(Self.validator.validate(skillDirectory: directory).isEmpty)
    }

    @Test func invalidUTF8IsAnErrorAtTheLineOfTheBadByte() throws {
        let workspace = try Workspace()
        let directory = try workspace.skill("my-skill", "")
        var bytes = Data(Self.valid().utf8)
        bytes.append(contentsOf: [0x6F, 0x6B, 0x0A, 0x62, 0x61, 0x64, 0xFF, 0x0A])
        try bytes.write(to: URL(fileURLWithPath: directory).appendingPathComponent("SKILL.md"))
        let found = Self.validator.validate(skillDirectory: directory)
        #expect(found.count == 1)
        #expect(found.first?.line == 9)
        #expect(found.first?.message.contains("not valid UTF-8") == true)
    }

    @Test func trailingSlashOnTheFolderStillMatchesTheName() throws {
        let workspace = try Workspace()
        let directory = try workspace.skill("my-skill", Self.valid())
        #expect(Self.validator.validate(skillDirectory: directory + "/").isEmpty)
    }

    // MARK: Front-matter syntax

    @Test func unquotedColonInAValueIsAStrictErrorWithAFix() throws {
        let text = Self.skillMD("name: my-skill\ndescription: Use when: the user asks\n")
        try Self.expectOneError("my-skill", text, line: 3, mentioning: "quote the value or use a `>` block")
    }

    @Test func missingFrontMatterIsAnErrorAtLine1() throws {
        try Self.expectOneError("my-skill", "# Just markdown\n", line: 1, mentioning: "must start with a `---` line")
    }

    @Test func flowListIsAStrictError() throws {
        try Self.expectOneError(
            "my-skill", Self.valid(extra: "allowed-tools: [Read, Bash]\n"), line: 4, mentioning: "`- item`")
    }

    @Test func diagnosticsRenderWithFileAndLine() throws {
        let workspace = try Workspace()
        let directory = try workspace.skill("my-skill", Self.skillMD("name: my-skill\ndescription: a: b\n"))
        let found = Self.validator.validate(skillDirectory: directory)
        #expect(found.map(\.description).first?.hasPrefix(directory + "/SKILL.md:3: error: ") == true)
    }

    // MARK: Top-level keys

    @Test func eachUnknownTopLevelKeyIsAnErrorAtItsLineNamingTheAllowedSet() throws {
        let text = Self.valid(extra: "when_to_use: later\nmodel: opus\n")
        let found = try Self.errors("my-skill", text)
        #expect(found.map(\.line) == [4, 5])
        #expect(found.first?.message.contains("unknown top-level key 'when_to_use'") == true)
        #expect(found.last?.message.contains("unknown top-level key 'model'") == true)
        #expect(
            found.allSatisfy {
                $0.message.contains("name, description, license, compatibility, allowed-tools, metadata")
            })
    }

    // MARK: name

    @Test func missingNameIsAnError() throws {
        try Self.expectOneError(
            "my-skill", Self.skillMD("description: d\n"), line: 1, mentioning: "missing required key 'name'")
    }

    @Test func emptyNameIsAnError() throws {
        try Self.expectOneError(
            "my-skill", Self.skillMD("name: ''\ndescription: d\n"), line: 2, mentioning: "'name' must not be empty")
    }

    @Test func nameThatIsAListIsAnError() throws {
        try Self.expectOneError(
            "my-skill", Self.skillMD("name:\n  - my-skill\ndescription: d\n"), line: 2,
            mentioning: "'name' must be a string, not a list")
    }

    @Test func nameOf64CharactersIsAcceptedAnd65IsAnError() throws {
        let ok = String(repeating: "a", count: 64)
        #expect(try Self.errors(ok, Self.valid(ok)).isEmpty)
        let long = String(repeating: "a", count: 65)
        try Self.expectOneError(long, Self.valid(long), line: 2, mentioning: "is 65 characters; the limit is 64")
    }

    @Test func uppercaseNameIsAnError() throws {
        try Self.expectOneError("My-Skill", Self.valid("My-Skill"), line: 2, mentioning: "must be lowercase")
    }

    @Test func nameWithEdgeHyphenIsAnError() throws {
        try Self.expectOneError("-skill", Self.valid("-skill"), line: 2, mentioning: "must not start or end with `-`")
        try Self.expectOneError("skill-", Self.valid("skill-"), line: 2, mentioning: "must not start or end with `-`")
    }

    @Test func nameWithDoubleHyphenIsAnError() throws {
        try Self.expectOneError("my--skill", Self.valid("my--skill"), line: 2, mentioning: "must not contain `--`")
    }

    @Test func nameWithOtherCharactersIsAnErrorListingThem() throws {
        try Self.expectOneError("my_skill.v2", Self.valid("my_skill.v2"), line: 2, mentioning: "(found '_', '.')")
    }

    @Test func nameDifferentFromItsFolderIsAnError() throws {
        try Self.expectOneError(
            "other-folder", Self.valid("my-skill"), line: 2,
            mentioning: "must equal the skill's folder name 'other-folder'")
    }

    @Test func unicodeLettersAndDigitsAreAllowedInNamesLikeSkillsRef() throws {
        #expect(try Self.errors("café-２", Self.valid("café-２")).isEmpty)
    }

    @Test func nameIsComparedAfterNFKCNormalisation() throws {
        // Fullwidth letters normalise to ASCII; a decomposed é composes.
        #expect(try Self.errors("skill", Self.valid("ｓｋｉｌｌ")).isEmpty)
        #expect(try Self.errors("caf\u{E9}", Self.valid("cafe\u{301}")).isEmpty)
    }

    // MARK: description, compatibility, license

    @Test func missingDescriptionIsAnError() throws {
        try Self.expectOneError(
            "my-skill", Self.skillMD("name: my-skill\n"), line: 1, mentioning: "missing required key 'description'")
    }

    @Test func emptyDescriptionIsAnError() throws {
        try Self.expectOneError(
            "my-skill", Self.skillMD("name: my-skill\ndescription:\n"), line: 3,
            mentioning: "'description' must not be empty")
        try Self.expectOneError(
            "my-skill", Self.skillMD("name: my-skill\ndescription: \"  \"\n"), line: 3,
            mentioning: "'description' must not be empty")
    }

    @Test func descriptionOf1024CharactersIsAcceptedAnd1025IsAnError() throws {
        let ok = Self.skillMD("name: my-skill\ndescription: \(String(repeating: "d", count: 1024))\n")
        #expect(try Self.errors("my-skill", ok).isEmpty)
        let long = Self.skillMD("name: my-skill\ndescription: \(String(repeating: "d", count: 1025))\n")
        try Self.expectOneError(
            "my-skill", long, line: 3, mentioning: "'description' is 1025 characters; the limit is 1024")
    }

    @Test func descriptionThatIsAMapIsAnError() throws {
        try Self.expectOneError(
            "my-skill", Self.skillMD("name: my-skill\ndescription:\n  what: x\n"), line: 3, mentioning: "not a map")
    }

    @Test func compatibilityOver500CharactersIsAnError() throws {
        #expect(
            try Self.errors("my-skill", Self.valid(extra: "compatibility: \(String(repeating: "c", count: 500))\n"))
                .isEmpty)
        try Self.expectOneError(
            "my-skill", Self.valid(extra: "compatibility: \(String(repeating: "c", count: 501))\n"),
            line: 4, mentioning: "'compatibility' is 501 characters; the limit is 500")
    }

    @Test func compatibilityThatIsAListIsAnError() throws {
        try Self.expectOneError(
            "my-skill", Self.valid(extra: "compatibility:\n  - linux\n"), line: 4,
            mentioning: "'compatibility' must be a string")
    }

    @Test func licenseThatIsNotAStringIsAnError() throws {
        try Self.expectOneError(
            "my-skill", Self.valid(extra: "license:\n  - MIT\n"), line: 4, mentioning: "'license' must be a string")
    }

    // MARK: allowed-tools and metadata

    @Test func allowedToolsThatIsAMapIsAnError() throws {
        try Self.expectOneError(
            "my-skill", Self.valid(extra: "allowed-tools:\n  read: yes\n"), line: 4,
            mentioning: "'allowed-tools' must be")
    }

    @Test func metadataThatIsAStringOrListIsAnError() throws {
        try Self.expectOneError(
            "my-skill", Self.valid(extra: "metadata: author\n"), line: 4, mentioning: "'metadata' must be a map")
        try Self.expectOneError("my-skill", Self.valid(extra: "metadata:\n  - a\n"), line: 4, mentioning: "not a list")
    }

    @Test func nestedMetadataIsAnErrorAtTheNestedLine() throws {
        try Self.expectOneError(
            "my-skill", Self.valid(extra: "metadata:\n  owner:\n    name: me\n"), line: 6, mentioning: "nested maps")
    }

    // MARK: Host binding

    @Test func unknownHandlerIsAnErrorListingTheKnownOnes() throws {
        try Self.expectOneError(
            "my-skill", Self.valid(extra: "metadata:\n  skillhost-handler: nope\n"),
            line: 5, mentioning: "unknown handler 'nope'; known: aidp-migrate-job, aidp-pipelines")
    }

    @Test func unknownHandlerWithNoKnownHandlersSaysNone() throws {
        let workspace = try Workspace()
        let directory = try workspace.skill("my-skill", Self.valid(extra: "metadata:\n  skillhost-handler: x\n"))
        let found = SkillValidator(knownHandlers: []).validate(skillDirectory: directory)
        #expect(found.map(\.message) == ["unknown handler 'x'; known: (none)"])
    }

    @Test func emptyHandlerIsAnError() throws {
        try Self.expectOneError(
            "my-skill", Self.valid(extra: "metadata:\n  skillhost-handler: ''\n"), line: 5,
            mentioning: "skillhost-handler is empty")
    }

    @Test func unknownGuardIsAnErrorListingTheKnownOnes() throws {
        let text = Self.valid(
            extra: "metadata:\n  skillhost-handler: aidp-pipelines\n  skillhost-guards: hand-edits yolo\n")
        try Self.expectOneError(
            "my-skill", text, line: 6,
            mentioning: "unknown guard 'yolo'; known: forced-rerun, hand-edits, remote-destructive")
    }

    @Test func guardsWithoutAHandlerAreAWarning() throws {
        let found = try Self.diagnostics("my-skill", Self.valid(extra: "metadata:\n  skillhost-guards: hand-edits\n"))
        #expect(found.count == 1)
        #expect(found.first?.severity == .warning)
        #expect(found.first?.line == 5)
        #expect(found.first?.message.contains("no effect without") == true)
    }

    @Test func guardNamesAreTheThreeHostGuards() {
        #expect(SkillBinding.guardNames == ["hand-edits", "forced-rerun", "remote-destructive"])
        #expect(SkillBinding.guardNames == Set(Guard.allCases.map(\.rawValue)))
        #expect(SkillBinding.handlerKey == "skillhost-handler")
        #expect(SkillBinding.guardsKey == "skillhost-guards")
    }

    // MARK: Body warnings

    @Test func bodyOver500LinesIsAWarningAtTheFirstLineBeyond() throws {
        let atLimit = String(repeating: "line\n", count: 500)
        #expect(
            try Self.diagnostics("my-skill", Self.skillMD("name: my-skill\ndescription: d\n", body: atLimit)).isEmpty)
        let over = String(repeating: "line\n", count: 501)
        let found = try Self.diagnostics("my-skill", Self.skillMD("name: my-skill\ndescription: d\n", body: over))
        #expect(found.count == 1)
        #expect(found.first?.severity == .warning)
        #expect(found.first?.line == 505)
        #expect(found.first?.message.contains("501 lines") == true)
    }

    @Test func brokenRelativeLinkIsAWarningAtItsLine() throws {
        let body = "# Skill\n\nSee [the rules](references/rules.md) and [run](scripts/run.py).\n"
        let found = try Self.diagnostics("my-skill", Self.skillMD("name: my-skill\ndescription: d\n", body: body))
        #expect(found.map(\.severity) == [.warning, .warning])
        #expect(found.map(\.line) == [7, 7])
        #expect(found.first?.message.contains("'references/rules.md'") == true)
        #expect(found.last?.message.contains("'scripts/run.py'") == true)
    }

    @Test func linksToFilesInsideTheSkillFolderAreFine() throws {
        let body =
            "[a](references/a.md) ![img](./assets/i.png) [b](scripts/run.py#L3 \"title\") [c](<references/with space.md>)\n"
        let found = try Self.diagnostics(
            "my-skill", Self.skillMD("name: my-skill\ndescription: d\n", body: body),
            files: [
                "references/a.md": "a", "assets/i.png": "i", "scripts/run.py": "r", "references/with space.md": "s",
            ])
        #expect(found.isEmpty)
    }

    @Test func referencesLinkMayPointIntoTheSharedReferencesFolder() throws {
        let workspace = try Workspace()
        try workspace.file("references/ledger.md")
        let body = "[ledger](references/ledger.md) [missing](references/nope.md)\n"
        let directory = try workspace.skill("my-skill", Self.skillMD("name: my-skill\ndescription: d\n", body: body))
        let found = Self.validator.validate(skillDirectory: directory)
        #expect(found.count == 1)
        #expect(
            found.first?.message.contains(
                "'references/nope.md' does not exist in the skill folder or in the shared references/") == true)
    }

    @Test func externalLinksAnchorsAndCodeAreNotChecked() throws {
        let body = """
            [web](https://example.com/x.md) [mail](mailto:a@b.c) [top](#usage) [abs](/etc/none.md)
            Inline `[x](references/in-code.md)` is code.
            ```
            [y](references/in-fence.md)
            ```
            ~~~markdown
            [z](references/in-tilde-fence.md)
            ~~~

            """
        #expect(try Self.diagnostics("my-skill", Self.skillMD("name: my-skill\ndescription: d\n", body: body)).isEmpty)
    }

    @Test func diagnosticsAreOrderedByLine() throws {
        let text = Self.skillMD("zzz: 1\nname: Bad_Name\nextra: 2\n", body: "[x](nope.md)\n")
        let found = try Self.diagnostics("my-skill", text)
        let lines = found.map { $0.line ?? 0 }
        #expect(lines == lines.sorted())
        #expect(found.filter { $0.severity == .warning }.map(\.line) == [6])
    }
}
