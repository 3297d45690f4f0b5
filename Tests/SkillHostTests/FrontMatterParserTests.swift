import Testing

@testable import SkillHost

/// The supported YAML subset: every construct, the `---` markers, CRLF and the BOM.
@Suite struct FrontMatterParserTests {
    /// Parses `yaml` wrapped in `---` markers; the first YAML line is file line 2.
    private static func entries(_ yaml: String, strict: Bool = true) throws -> [YAMLEntry] {
        try FrontMatterParser.parse("---\n" + yaml + "---\nbody\n", strict: strict).entries
    }

    private static func value(_ yaml: String, key: String = "d", strict: Bool = true) throws -> YAMLNode? {
        try entries(yaml, strict: strict).entry(key)?.value
    }

    private static func plain(_ text: String) -> YAMLNode { .scalar(text, quoted: false) }
    private static func quoted(_ text: String) -> YAMLNode { .scalar(text, quoted: true) }

    // MARK: Markers and body

    @Test func splitsFrontMatterFromBodyAndNumbersLinesFromTheFile() throws {
        let text = "---\nname: my-skill\ndescription: Does things.\n---\n# Title\n\nText.\n"
        let parsed = try FrontMatterParser.parse(text, strict: true)
        #expect(
            parsed.entries == [
                YAMLEntry(key: "name", value: .scalar("my-skill", quoted: false), line: 2),
                YAMLEntry(key: "description", value: .scalar("Does things.", quoted: false), line: 3),
            ])
        #expect(parsed.body == "# Title\n\nText.\n")
        #expect(parsed.bodyStartLine == 5)
        #expect(parsed.closingLine == 4)
        #expect(parsed["name"]?.value.scalarValue == "my-skill")
        #expect(parsed["missing"] == nil)
    }

    @Test func closingMarkerMayHaveTrailingSpacesAndOnlyTheFirstOneCloses() throws {
        let parsed = try FrontMatterParser.parse("---  \nname: x\n---   \nbody\n---\nmore\n", strict: true)
        #expect(parsed.entries.map(\.key) == ["name"])
        #expect(parsed.body == "body\n---\nmore\n")
        #expect(parsed.bodyStartLine == 4)
    }

    @Test func closingMarkerAtEndOfFileGivesAnEmptyBody() throws {
        let parsed = try FrontMatterParser.parse("---\nname: x\n---", strict: true)
        #expect(parsed.body == "")
        #expect(parsed.bodyStartLine == 4)
    }

    @Test func emptyFrontMatterHasNoEntries() throws {
        let parsed = try FrontMatterParser.parse("---\n# just a comment\n\n---\nbody", strict: true)
        #expect(parsed.entries.isEmpty)
        #expect(parsed.body == "body")
    }

    @Test func crlfLineEndingsAreAcceptedEverywhere() throws {
        let text = "---\r\nname: x\r\ndescription: |\r\n  a\r\n  b\r\nmetadata:\r\n  k: v\r\n---\r\nbody\r\nline 2\r\n"
        let parsed = try FrontMatterParser.parse(text, strict: true)
        #expect(parsed["name"]?.value == Self.plain("x"))
        #expect(parsed["description"]?.value == Self.plain("a\nb\n"))
        #expect(parsed["metadata"]?.value == .map([YAMLEntry(key: "k", value: Self.plain("v"), line: 7)]))
        #expect(parsed.body == "body\nline 2\n")
        #expect(parsed.bodyStartLine == 9)
    }

    @Test func mixedLineEndingsAreAccepted() throws {
        let parsed = try FrontMatterParser.parse("---\r\nname: x\ndescription: y\r\n---\nbody", strict: true)
        #expect(parsed.entries.map(\.key) == ["name", "description"])
        #expect(parsed["description"]?.line == 3)
    }

    @Test func leadingByteOrderMarkIsIgnored() throws {
        let parsed = try FrontMatterParser.parse("\u{FEFF}---\nname: x\n---\nbody", strict: true)
        #expect(parsed["name"]?.value == Self.plain("x"))
        #expect(parsed["name"]?.line == 2)
    }

    @Test(arguments: [
        "", "\n", "\r", "\r\n", "\n\r", "\r\r\n\n", "a", "a\n", "a\r\nb\rc\nd", "\u{FEFF}a\nb", "\u{FEFF}",
        "x\u{FEFF}\ny", "é\n\u{301}z", "日本\r\n語\r", "a\r\n\u{301}", "emoji 👩‍👩‍👧\n🇸🇪\r\n",
    ])
    func linesSplitOnEveryBreakKindExactlyAsCharactersWould(_ text: String) {
        // The characters' split (CR LF is one character, a BOM is dropped only at the start) is
        // what the parser's line numbers were defined by.
        var scalars = Substring(text).unicodeScalars
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        let byCharacter = Substring(scalars)
            .split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map(String.init)
        #expect(FrontMatterParser.splitLines(text) == byCharacter)
    }

    // MARK: Plain scalars

    @Test func plainScalarsAreTrimmedTextAndNeverTyped() throws {
        let parsed = try Self.entries("name: my-skill   \nversion: 1.0\nflag: yes\nnothing: null\ntilde: ~\n")
        #expect(parsed.map(\.value) == ["my-skill", "1.0", "yes", "null", "~"].map(Self.plain))
    }

    @Test func trailingCommentAfterPlainScalarIsDropped() throws {
        let parsed = try Self.entries("a: abc # note\nb: a#b\nc: http://x.y/#frag\nd: # only a comment\n")
        #expect(parsed.map(\.value) == ["abc", "a#b", "http://x.y/#frag", ""].map(Self.plain))
    }

    @Test func emptyValueIsAnEmptyString() throws {
        let parsed = try Self.entries("license:\nname: x\n")
        #expect(parsed.entry("license")?.value == Self.plain(""))
    }

    @Test func colonWithoutFollowingSpaceStaysInThePlainValue() throws {
        let parsed = try Self.entries("a: a:b\nb: see https://example.com/x\nc: :x\n")
        #expect(parsed.map(\.value) == ["a:b", "see https://example.com/x", ":x"].map(Self.plain))
    }

    @Test func plainScalarContinuesOnMoreIndentedLines() throws {
        #expect(
            try Self.value("d: first\n  second\n\n  third\n  - fourth\nnext: x\n")
                == Self.plain("first second\nthird - fourth"))
    }

    @Test func keysMayContainSpacesAndColons() throws {
        let parsed = try Self.entries("my key: v\na:b: c\nspaced : d\n")
        #expect(parsed.map(\.key) == ["my key", "a:b", "spaced"])
    }

    @Test func wholeDocumentMayBeIndentedConsistently() throws {
        let parsed = try Self.entries("  a: 1\n  b: 2\n")
        #expect(parsed.map(\.key) == ["a", "b"])
    }

    @Test func commentLinesAndBlankLinesAreSkipped() throws {
        let parsed = try Self.entries("# heading comment\n\nname: x\n   # indented comment\n\ndescription: y\n")
        #expect(parsed.map(\.key) == ["name", "description"])
        #expect(parsed.map(\.line) == [4, 7])
    }

    // MARK: Quoted scalars

    @Test func singleQuotedScalarDoublesItsQuoteAndKeepsHashes() throws {
        #expect(try Self.value("d: 'it''s # not a comment'  # a comment\n") == Self.quoted("it's # not a comment"))
        #expect(try Self.value("d: ''\n") == Self.quoted(""))
    }

    @Test func doubleQuotedScalarDecodesYAMLEscapes() throws {
        let yaml = #"d: "q\" b\\ n\n t\t e\u00e9 x\x41 U\U0001F600 s\/ p\ud83d\ude00""# + "\n"
        #expect(try Self.value(yaml) == Self.quoted("q\" b\\ n\n t\t eé xA U😀 s/ p😀"))
    }

    @Test func quotedScalarKeepsColonsAndMayBeFollowedByAComment() throws {
        #expect(try Self.value("d: \"Use when: asked\" # note\n") == Self.quoted("Use when: asked"))
        #expect(try Self.value("d: 'a'#note\n") == Self.quoted("a"))
    }

    @Test func multiLineDoubleQuotedScalarFoldsLines() throws {
        #expect(try Self.value("d: \"a  \n   b\n\n  c\"\n") == Self.quoted("a b\nc"))
        #expect(try Self.value("d: \"a \\\n   b\"\n") == Self.quoted("a b"))
    }

    @Test func multiLineSingleQuotedScalarFoldsLines() throws {
        #expect(try Self.value("d: 'a\n  b'\nnext: x\n") == Self.quoted("a b"))
    }

    // MARK: Block scalars

    @Test func literalBlockKeepsNewlinesAndClipsTheEnd() throws {
        #expect(try Self.value("d: |\n  a\n   b\n  c\n\n\ne: x\n") == Self.plain("a\n b\nc\n"))
    }

    @Test func literalBlockWithStripChompingDropsTheFinalNewline() throws {
        #expect(try Self.value("d: |-\n  a\n  b\n\ne: x\n") == Self.plain("a\nb"))
    }

    @Test func literalBlockWithKeepChompingKeepsTrailingBlankLines() throws {
        #expect(try Self.value("d: |+\n  a\n  b\n\n\ne: x\n") == Self.plain("a\nb\n\n\n"))
    }

    @Test func foldedBlockJoinsLinesWithSpacesAndBlankLinesBecomeNewlines() throws {
        #expect(try Self.value("d: >\n  a\n  b\n\n  c\n") == Self.plain("a b\nc\n"))
        #expect(try Self.value("d: >-\n  one\n  two\n\n\n  three\n") == Self.plain("one two\n\nthree"))
    }

    @Test func foldedBlockWithKeepChompingKeepsTrailingBlankLines() throws {
        #expect(try Self.value("d: >+\n  a\n\ne: 1\n") == Self.plain("a\n\n"))
    }

    @Test func foldedBlockKeepsBreaksAroundMoreIndentedLines() throws {
        #expect(try Self.value("d: >\n  a\n    b\n  c\n  d\n") == Self.plain("a\n  b\nc d\n"))
    }

    @Test func blockIndentationComesFromTheFirstNonEmptyLine() throws {
        #expect(try Self.value("d: >\n\n    a\n    b\n") == Self.plain("\na b\n"))
        #expect(try Self.value("d: |\n\n  a\n") == Self.plain("\na\n"))
    }

    @Test func blockScalarAcceptsAnExplicitIndentationIndicator() throws {
        #expect(try Self.value("d: |2\n   a\n") == Self.plain(" a\n"))
        #expect(try Self.value("d: |2-\n   a\n") == Self.plain(" a"))
        #expect(try Self.value("d: |+2\n   a\n\ne: 1\n") == Self.plain(" a\n\n"))
    }

    @Test func blockContentKeepsHashesAndColonsVerbatim() throws {
        #expect(try Self.value("d: |\n  # not a comment\n  x: y\n") == Self.plain("# not a comment\nx: y\n"))
        #expect(try Self.value("d: >\n  Use when: the user asks\n") == Self.plain("Use when: the user asks\n"))
    }

    @Test func blockIndicatorMayBeFollowedByAComment() throws {
        #expect(try Self.value("d: > # note\n  a\n") == Self.plain("a\n"))
    }

    @Test func emptyBlockScalarIsEmpty() throws {
        #expect(try Self.value("d: |\ne: 1\n") == Self.plain(""))
        #expect(try Self.value("d: |+\n\ne: 1\n") == Self.plain("\n"))
    }

    @Test func blockScalarEndsAtTheClosingMarker() throws {
        let parsed = try FrontMatterParser.parse("---\nd: |\n  a\n  b\n---\nbody", strict: true)
        #expect(parsed["d"]?.value == Self.plain("a\nb\n"))
        #expect(parsed.body == "body")
    }

    // MARK: Maps

    @Test func indentedFlatMapUnderAKey() throws {
        let parsed = try Self.entries("metadata:\n  author: me\n\n  # comment\n  version: \"1.0\"\nname: x\n")
        #expect(
            parsed.entry("metadata")?.value
                == .map([
                    YAMLEntry(key: "author", value: Self.plain("me"), line: 3),
                    YAMLEntry(key: "version", value: Self.quoted("1.0"), line: 6),
                ]))
        #expect(parsed.entry("name")?.line == 7)
    }

    @Test func mapMayUseAnyIndentationWidth() throws {
        let parsed = try Self.entries("m:\n    a: 1\n    b: 2\nc: 3\n")
        #expect(parsed.entry("m")?.value.mapValue?.map(\.key) == ["a", "b"])
        #expect(parsed.entry("c")?.value == Self.plain("3"))
    }

    @Test func mapValuesMayBeQuotedBlockOrEmptyScalars() throws {
        let node = try Self.value("m:\n  a: >\n    x\n    y\n  b: 'q'\n  c:\n  d: plain\n", key: "m")
        #expect(
            node?.mapValue?.map(\.value) == [
                Self.plain("x y\n"), Self.quoted("q"), Self.plain(""), Self.plain("plain"),
            ])
    }

    // MARK: Lists

    @Test func blockListOfScalars() throws {
        let node = try Self.value(
            "allowed-tools:\n  - Read\n  - 'Bash(git:*)'\n  - \"x y\" # c\n  -\n", key: "allowed-tools")
        #expect(node == .list([Self.plain("Read"), Self.quoted("Bash(git:*)"), Self.quoted("x y"), Self.plain("")]))
    }

    @Test func blockListMayStartAtTheKeysIndentation() throws {
        let parsed = try Self.entries("t:\n- a\n- b\nn: x\n")
        #expect(parsed.entry("t")?.value == .list([Self.plain("a"), Self.plain("b")]))
        #expect(parsed.entry("n")?.value == Self.plain("x"))
    }

    @Test func listItemsMayContinueOrBeBlockScalars() throws {
        let node = try Self.value("t:\n  - a\n    b\n  # between\n  - |\n    x\n    y\n  - z\n", key: "t")
        #expect(node == .list([Self.plain("a b"), Self.plain("x\ny\n"), Self.plain("z")]))
    }

    @Test func flowListOfScalarsIsReadInLenientMode() throws {
        #expect(
            try Self.value("d: [a, \"b c\", 'd', e f ,]  # c\n", strict: false)
                == .list([Self.plain("a"), Self.quoted("b c"), Self.quoted("d"), Self.plain("e f")]))
        #expect(try Self.value("d: []\n", strict: false) == .list([]))
    }

    // MARK: Node helpers and errors

    @Test func nodeAccessorsAnswerOnlyForTheirKind() {
        let scalar = Self.plain("x")
        let list = YAMLNode.list([scalar])
        let map = YAMLNode.map([YAMLEntry(key: "k", value: scalar, line: 3)])
        #expect(scalar.scalarValue == "x" && scalar.listValue == nil && scalar.mapValue == nil)
        #expect(list.listValue == [scalar] && list.scalarValue == nil)
        #expect(map.mapValue?.first?.key == "k" && map.scalarValue == nil)
        #expect(
            [scalar.kindDescription, list.kindDescription, map.kindDescription] == ["a string", "a list", "a map"])
    }

    @Test func frontMatterErrorRendersAsADiagnosticWithItsLine() {
        let error = FrontMatterError(line: 4, message: "bad")
        #expect(error.description == "line 4: bad")
        #expect(error.diagnostic(file: "skills/x/SKILL.md").description == "skills/x/SKILL.md:4: error: bad")
    }

    @Test func parseYAMLReadsTextWithoutMarkers() throws {
        let parsed = try FrontMatterParser.parseYAML("a: 1\nb:\n  - x\n", firstLine: 10, strict: true)
        #expect(parsed.map(\.line) == [10, 11])
        #expect(parsed.entry("b")?.value == .list([Self.plain("x")]))
    }
}
