import Testing

@testable import SkillHost

/// What the subset refuses, each with the exact 1-based line in the file, and the one thing
/// lenient loading forgives that strict validation does not.
@Suite struct FrontMatterErrorTests {
    /// The error for `text` (a whole file), or `nil` when it parses.
    private static func error(_ text: String, strict: Bool = true) -> FrontMatterError? {
        do {
            _ = try FrontMatterParser.parse(text, strict: strict)
            return nil
        } catch {
            return error
        }
    }

    /// The error for `yaml` between markers; its first line is file line 2.
    private static func yamlError(_ yaml: String, strict: Bool = true) -> FrontMatterError? {
        error("---\n" + yaml + "---\nbody\n", strict: strict)
    }

    private static func expectError(
        _ yaml: String, line: Int, mentioning fragment: String, strict: Bool = true,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let found = yamlError(yaml, strict: strict)
        #expect(found?.line == line, "\(String(describing: found))", sourceLocation: sourceLocation)
        #expect(
            found?.message.contains(fragment) == true, "\(String(describing: found))", sourceLocation: sourceLocation)
    }

    // MARK: Markers

    @Test func missingOpeningMarkerIsAnErrorAtLine1() {
        #expect(Self.error("name: x\n---\nbody\n")?.line == 1)
        #expect(Self.error("name: x\n---\n")?.message.contains("must start with a `---` line") == true)
        #expect(Self.error("\n---\nname: x\n---\n")?.line == 1)
    }

    @Test func emptyFileIsAnErrorAtLine1() {
        #expect(Self.error("")?.line == 1)
    }

    @Test func missingClosingMarkerIsAnErrorAtLine1() {
        let found = Self.error("---\nname: x\ndescription: y\n")
        #expect(found?.line == 1)
        #expect(found?.message.contains("never closed") == true)
        #expect(Self.error("---\nname: x\n--- not a marker\n----\n")?.message.contains("never closed") == true)
    }

    // MARK: Structure

    @Test func lineWithoutColonIsAnError() {
        Self.expectError("name: x\njust words\n", line: 3, mentioning: "no `:`")
    }

    @Test func colonWithoutSpaceAfterTheKeyIsAnError() {
        Self.expectError("name:x\n", line: 2, mentioning: "put a space after the `:`")
    }

    @Test func duplicateTopLevelKeyIsAnErrorAtTheSecondOne() {
        Self.expectError(
            "name: a\ndescription: b\nname: c\n", line: 4, mentioning: "duplicate key 'name' (first defined at line 2)")
        Self.expectError("name: a\nname: c\n", line: 3, mentioning: "duplicate key", strict: false)
    }

    @Test func duplicateKeyInsideAMapIsAnError() {
        Self.expectError(
            "metadata:\n  a: 1\n  a: 2\n", line: 4, mentioning: "duplicate key 'a' (first defined at line 3)")
    }

    @Test func nestedMapDeeperThanOneLevelIsAnError() {
        Self.expectError("metadata:\n  a:\n    b: c\n", line: 4, mentioning: "nested maps deeper than one level")
    }

    @Test func listInsideANestedMapIsAnError() {
        Self.expectError("metadata:\n  a:\n    - b\n", line: 4, mentioning: "lists inside a nested map")
        Self.expectError("metadata:\n  a:\n  - b\n", line: 4, mentioning: "lists inside a nested map")
        Self.expectError("metadata:\n  a: [b]\n", line: 3, mentioning: "only scalar values", strict: false)
    }

    @Test func nestedListsAndMapsInListItemsAreErrors() {
        Self.expectError("t:\n  - - x\n", line: 3, mentioning: "nested lists")
        Self.expectError("t:\n  - [x]\n", line: 3, mentioning: "nested lists", strict: false)
        Self.expectError("t:\n  -\n    a: b\n", line: 4, mentioning: "list items must be scalars")
    }

    @Test func topLevelListIsAnError() {
        Self.expectError("- a\n- b\n", line: 2, mentioning: "must be a mapping")
    }

    @Test func anchorsAliasesAndTagsAreErrors() {
        Self.expectError("name: x\nd: &anchor v\n", line: 3, mentioning: "anchors")
        Self.expectError("name: x\n\nd: *alias\n", line: 4, mentioning: "aliases")
        Self.expectError("d: !!str v\n", line: 2, mentioning: "tags")
        Self.expectError("t:\n  - &a x\n", line: 3, mentioning: "anchors", strict: false)
        Self.expectError("&a d: x\n", line: 2, mentioning: "anchors")
        Self.expectError("d: [a, *b]\n", line: 2, mentioning: "aliases", strict: false)
    }

    @Test func flowMapsAreErrorsInBothModes() {
        Self.expectError("d: {a: 1}\n", line: 2, mentioning: "flow maps")
        Self.expectError("x: 1\nd: {a: 1}\n", line: 3, mentioning: "flow maps", strict: false)
        Self.expectError("{a: 1}\n", line: 2, mentioning: "flow collections")
    }

    @Test func tabIndentationIsAnError() {
        Self.expectError("metadata:\n\tauthor: me\n", line: 3, mentioning: "tab used for indentation")
        Self.expectError("t:\n  - a\n  \t- b\n", line: 4, mentioning: "tab used for indentation", strict: false)
    }

    @Test func unexpectedAndInconsistentIndentationAreErrors() {
        Self.expectError("d: |\n  x\n b: 1\n", line: 4, mentioning: "unexpected indentation", strict: false)
        Self.expectError("m:\n   a: 1\n  b: 2\n", line: 4, mentioning: "inconsistent indentation")
        Self.expectError("t:\n  - a\n  b: c\n", line: 4, mentioning: "expected a list item", strict: false)
        Self.expectError("t:\n    - a\n  - b\n", line: 4, mentioning: "unexpected indentation", strict: false)
        Self.expectError("d: 'a'\n  b\n", line: 3, mentioning: "unexpected indentation")
    }

    @Test func quotedKeysAndComplexKeysAreErrors() {
        Self.expectError("\"name\": x\n", line: 2, mentioning: "quoted keys")
        Self.expectError("? name\n", line: 2, mentioning: "complex keys")
        Self.expectError(": x\n", line: 2, mentioning: "missing key")
    }

    @Test func textAfterAClosingQuoteIsAnError() {
        Self.expectError("name: x\nd: 'a' b\n", line: 3, mentioning: "after the closing quote")
        Self.expectError("d: \"a\nb\" c\n", line: 3, mentioning: "after the closing quote")
    }

    @Test func unterminatedQuotedValueIsAnErrorAtItsFirstLine() {
        Self.expectError("name: x\nd: \"abc\ne: f\n", line: 3, mentioning: "never closed")
        Self.expectError("d: [a, 'b]\n", line: 2, mentioning: "not closed on this line", strict: false)
    }

    @Test func badEscapesInDoubleQuotesAreErrorsAtTheirLine() {
        Self.expectError("d: \"a\n  \\q\"\n", line: 3, mentioning: "unknown escape `\\q`")
        Self.expectError("d: \"\\u12\"\n", line: 2, mentioning: "4 hex digits")
        Self.expectError("d: \"\\ud800\"\n", line: 2, mentioning: "surrogate")
    }

    @Test func textAfterABlockIndicatorIsAnError() {
        Self.expectError("d: | text\n", line: 2, mentioning: "after the block indicator `|`")
        Self.expectError("d: >-x\n", line: 2, mentioning: "after the block indicator `>-`")
    }

    @Test func unclosedOrMalformedFlowListIsAnError() {
        Self.expectError("d: [a, b\n", line: 2, mentioning: "not closed with `]`", strict: false)
        Self.expectError("d: [a,, b]\n", line: 2, mentioning: "empty item", strict: false)
        Self.expectError("d: [a, [b]]\n", line: 2, mentioning: "nested collections", strict: false)
        Self.expectError("d: ['a' 'b']\n", line: 2, mentioning: "expected `,` or `]`", strict: false)
        Self.expectError("d: [a] b\n", line: 2, mentioning: "after `]`", strict: false)
    }

    @Test func errorLinesStayRightWithCRLFAndBOM() {
        let found = Self.error("\u{FEFF}---\r\nname: x\r\n\r\nbroken line\r\n---\r\n")
        #expect(found?.line == 4)
    }

    // MARK: Lenient and strict

    @Test func lenientModeTakesAPlainValueWithColonAsTheWholeRestOfTheLine() throws {
        let parsed = try FrontMatterParser.parse(
            "---\nname: x\ndescription: Use when: the user asks: twice # c\n---\n", strict: false)
        #expect(parsed["description"]?.value == .scalar("Use when: the user asks: twice", quoted: false))
    }

    @Test func strictModeRejectsAPlainValueWithColonAndSaysHowToFixIt() {
        Self.expectError(
            "name: x\ndescription: Use when: the user asks\n", line: 3, mentioning: "quote the value or use a `>` block"
        )
        Self.expectError("d: ends with colon:\n", line: 2, mentioning: "quote the value or use a `>` block")
    }

    @Test func strictModeRejectsAColonInAContinuationLine() {
        Self.expectError("d: first\n  then: more\n", line: 3, mentioning: "quote the value or use a `>` block")
        #expect(Self.yamlError("d: first\n  then: more\n", strict: false) == nil)
    }

    @Test func listItemWithColonIsAMapInStrictModeAndTextInLenientMode() throws {
        Self.expectError("t:\n  - a: b\n", line: 3, mentioning: "quote the item")
        let parsed = try FrontMatterParser.parse("---\nt:\n  - a: b\n---\n", strict: false)
        #expect(parsed["t"]?.value == .list([.scalar("a: b", quoted: false)]))
    }

    @Test func strictModeRejectsFlowListsLikeTheReferenceValidator() {
        Self.expectError(
            "name: x\nallowed-tools: [Read, Bash]\n", line: 3, mentioning: "write one `- item` line per item")
    }

    @Test func strictModeRejectsWhatStrictYAMLCannotScan() throws {
        Self.expectError("d: a\tb\n", line: 2, mentioning: "tab character")
        Self.expectError("d:\ta\n", line: 2, mentioning: "tab separates")
        Self.expectError("d: - x\n", line: 2, mentioning: "own line")
        Self.expectError("d: @x\n", line: 2, mentioning: "cannot start with `@`")
        Self.expectError("d: `x`\n", line: 2, mentioning: "cannot start with `")
        Self.expectError("d: %x\n", line: 2, mentioning: "cannot start with `%`")
        let lenient = try FrontMatterParser.parse("---\na: a\tb\nb: - x\nc: @x\n---\n", strict: false)
        #expect(lenient.entries.map(\.value) == ["a\tb", "- x", "@x"].map { .scalar($0, quoted: false) })
    }
}
