import Testing

@testable import Migration

@Suite struct RulesByteHelpersTests {
    /// Inserts each value and tells, for each, whether it was added.
    private func insert<Element>(_ values: [Element], into unique: inout UniqueElements<Element>) -> [Bool] {
        values.map { unique.insert($0) }
    }

    /// Edits given in text order and the same edits shuffled give the same bytes: sorted by start,
    /// edits at one start in the order given, an edit overlapping an earlier one dropped.
    @Test func textEditsApplyTheSameInAnyOrder() {
        let text = Array("spark.sql('select 1')".utf8)
        let inOrder = [
            TextEdit(0..<5, "session"), TextEdit(5..<5, "/*a*/"), TextEdit(5..<5, "/*b*/"), TextEdit(6..<9, "sql2"),
            TextEdit(7..<12, "dropped"), TextEdit(21..<21, "  # done"),
        ]
        let expected = "session/*a*//*b*/.sql2('select 1')  # done"
        #expect(String(decoding: TextEdit.apply(inOrder, to: text), as: UTF8.self) == expected)
        let shuffled = [inOrder[5], inOrder[3], inOrder[1], inOrder[0], inOrder[4], inOrder[2]]
        #expect(String(decoding: TextEdit.apply(shuffled, to: text), as: UTF8.self) == expected)
    }

    @Test func uniqueElementsKeepsFirstSeenOrderWithoutRepeats() {
        var unique = UniqueElements<String>()
        let added = insert(["b", "a", "b"], into: &unique)
        #expect(added == [true, true, false])
        #expect(unique.elements == ["b", "a"])
    }

    @Test func uniqueElementsStillFindsRepeatsPastTheLinearLimit() {
        var unique = UniqueElements<String>()
        let notes = (0..<(UniqueElements<String>.linearLimit * 3)).map { "note → \($0)" }
        let first = insert(notes, into: &unique)
        let again = insert(notes, into: &unique)
        #expect(first.allSatisfy { $0 })
        #expect(!again.contains(true))
        #expect(unique.elements == notes)
    }

    @Test func uniqueElementsComparesStringsByCanonicalEquivalenceLikeASet() {
        var unique = UniqueElements<String>()
        let added = insert(["caf\u{E9}", "cafe\u{301}"], into: &unique)
        #expect(added == [true, false])
        #expect(unique.elements == ["caf\u{E9}"])
    }

    @Test func uniqueElementsUpdateEachKeepsTheLookupInStep() {
        for count in [3, UniqueElements<Int>.linearLimit + 4] {
            var unique = UniqueElements<Int>()
            _ = insert(Array(0..<count), into: &unique)
            unique.updateEach { $0 += 1000 }
            let added = insert([1000, 0], into: &unique)
            #expect(added == [false, true])
            #expect(unique.elements.count == count + 1)
        }
    }

    @Test func byteSearchesWorkOnSlicesThatDoNotStartAtZero() {
        let bytes = Array("xx %md yy".utf8)
        #expect(ByteText.contains(bytes[2..<6], Array("%md".utf8)))
        #expect(!ByteText.contains(bytes[4..<9], Array("%md".utf8)))
        #expect(ByteText.hasPrefix(bytes[3...], at: 3, Array("%md".utf8)))
        #expect(!ByteText.hasPrefix(bytes[3..<5], at: 3, Array("%md".utf8)))
        #expect(!ByteText.hasPrefix(bytes[3...], at: 2, Array(" %".utf8)))
    }

    @Test func byteSearchFindsNeedlesInArraysSlicesAndLazyViews() {
        let bytes = Array("import os\nfrom pyspark.sql.functions import *".utf8)
        #expect(ByteText.contains(bytes, Array("import *".utf8)))
        #expect(ByteText.contains(bytes, Array("import os".utf8)))
        #expect(!ByteText.contains(bytes, Array("import *x".utf8)))
        #expect(!ByteText.contains(bytes[0..<20], Array("import *".utf8)))
        #expect(ByteText.contains(bytes, [UInt8]()))
        #expect(!ByteText.contains([UInt8](), Array("a".utf8)))
        #expect(ByteText.contains(bytes.reversed().reversed(), Array("functions".utf8)))
        #expect(ByteText.contains("a [aidp-migrate FLAG X]", "[aidp-migrate FLAG "))
    }

    /// `ByteText.lines` must cut where a split on the `Character` `"\n"` cuts.
    @Test func linesSplitAsTheCharacterNewlineDoes() {
        let texts = [
            "", "\n", "a", "a\n", "\na", "a\nb\n\nc", "a\r\nb\rc\r\n", "\r\n\r\n", "\r\r\n\n",
            "caf\u{E9}\ne\u{301}\n\u{301}x", "\u{1F1E9}\u{1F1EA}\n\u{200D}\n", "x\n\r",
        ]
        for text in texts {
            let expected = text.split(separator: "\n", omittingEmptySubsequences: false)
            let lines = ByteText.lines(text)
            #expect(lines.map(String.init) == expected.map(String.init), "\(Array(text.utf8))")
            #expect(lines.map(\.startIndex) == expected.map(\.startIndex))
        }
        #expect(ByteText.lines(String(repeating: "ab\r\n", count: 3) + "c").count == 1)
    }

    @Test func dbutilsMembersAndCredentialNamesMatchTheUnicodeReading() {
        #expect(DbutilsRules.member("dbutils.fs.ls", of: "dbutils.fs.") == "ls")
        #expect(DbutilsRules.member("dbutils.fs.mount.x", of: "dbutils.fs.") == "mount")
        #expect(DbutilsRules.member("dbutils.fs.", of: "dbutils.fs.") == nil)
        #expect(DbutilsRules.member("dbutils.fsx", of: "dbutils.fs.") == nil)
        #expect(DbutilsRules.member("dbutils.fs.\u{E9}t\u{E9}.x", of: "dbutils.fs.") == "\u{E9}t\u{E9}")
        // A combining mark joins the `.` before it into one `Character`: no longer the prefix.
        #expect(DbutilsRules.member("dbutils.fs.\u{301}x", of: "dbutils.fs.") == nil)
        #expect(DbutilsRules.credentialName("my-scope.v2") == "my_scope_v2")
        #expect(DbutilsRules.credentialName("2fa") == "x_2fa")
        #expect(DbutilsRules.credentialName("_k") == "x__k")
        #expect(DbutilsRules.credentialName("") == "x")
        #expect(DbutilsRules.credentialName("a\r\nb") == "a__b")
        #expect(DbutilsRules.credentialName("\u{E9}t\u{E9}") == "x__t_")
        #expect(DbutilsRules.credentialName("k\u{E9}y") == "k_y")
    }

    @Test func asciiWordsMatchWholeWordsIgnoringASCIICase() {
        let words = ASCIIWords(["from", "select", "read_files"])
        let bytes = Array("SELECT x FROM Froms read_Files sel".utf8)
        #expect(words.mayContain(bytes, 0..<6))
        #expect(words.mayContain(bytes, 9..<13))
        #expect(words.mayContain(bytes, 20..<30))
        #expect(!words.mayContain(bytes, 14..<19))
        #expect(!words.mayContain(bytes, bytes.count..<bytes.count))
        #expect(!words.mayContain(bytes, 7..<8))
        #expect(!words.mayContain(bytes, 31..<34))
    }

    @Test func asciiWordsLeaveNonASCIITextToUnicodeLowerCasing() {
        let words = ASCIIWords(["kill"])
        let kelvin = Array("\u{212A}ill".utf8)
        #expect(words.mayContain(kelvin, 0..<kelvin.count))
        #expect("\u{212A}ill".lowercased() == "kill")
    }

    @Test func workspacePathsResolveOnSlashBytes() {
        #expect(WorkspacePathResolver.resolve("../../../x", from: "/Users/u/nb") == "/x")
        #expect(WorkspacePathResolver.resolve("lib//a/./b/", from: "/Users/u/nb") == "/Users/u/lib/a/b")
        #expect(WorkspacePathResolver.resolve("/Workspace", from: "/Users/u/nb") == "/Workspace")
        #expect(WorkspacePathResolver.resolve(".py", from: "/Users/u/nb") == "/Users/u/.py")
        #expect(WorkspacePathResolver.resolve("a.ipynb.py", from: "nb") == "/a.ipynb")
        #expect(WorkspacePathResolver.resolve("café/ü.ipynb", from: "/Users/ß/nb") == "/Users/ß/café/ü")
        #expect(WorkspacePathResolver.resolve("//", from: "/Users/u/nb") == nil)
        #expect(WorkspacePathResolver.resolve("..", from: "/nb") == nil)
    }

    /// The rules read a cell's magic token as the parser does: the name ends at the first space or
    /// tab byte, even where a combining mark follows it and makes one `Character` of the two.
    @Test func magicTokenReadsTheNameAsTheParserDoes() throws {
        let line = "%sql \u{301}SELECT 1"
        let token = try #require(MagicToken(firstLineOf: "\n  \n" + line + "\nFROM t"))
        let parsed = try #require(NotebookMagicToken(line: Substring(line)))
        #expect(token.name == "sql" && parsed.name == "sql")
        #expect(!token.restIsBlank)
        #expect(token.bodyWithoutToken == String(parsed.rest) + "\nFROM t")
        #expect(MagicToken(firstLineOf: "%run \n\n  \n./lib/setup")?.bodyWithoutToken == "./lib/setup")
        #expect(MagicToken(firstLineOf: "%sql;") == nil && MagicToken(firstLineOf: "  %md") == nil)
    }
}
