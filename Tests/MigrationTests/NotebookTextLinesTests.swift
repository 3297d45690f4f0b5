import Testing

@testable import Migration

@Suite struct NotebookTextLinesTests {
    private func split(_ text: String) -> [String] { NotebookTextLines.split(text[...]).map(String.init) }

    @Test func splitDropsOneCarriageReturnBeforeEachNewlineAndEndsAtAFinalNewline() {
        #expect(split("a\r\nb\n") == ["a", "b"])
        #expect(split("a\nb") == ["a", "b"])
        #expect(split("a\r\r\n\r\nb\rc") == ["a\r", "", "b\rc"])
        #expect(split("\n\n") == ["", ""])
        #expect(split("").isEmpty)
    }

    @Test func splitKeepsNonASCIITextAndWorksOnASubstringOfALargerString() {
        #expect(split("é\r\n→ x\n\u{1F600}") == ["é", "→ x", "\u{1F600}"])
        let text = "\u{FEFF}héader\nbody"
        let lines = NotebookTextLines.split(text[text.unicodeScalars.index(after: text.startIndex)...])
        #expect(lines == ["héader", "body"])
    }

    @Test func joinPutsOneNewlineBetweenLines() {
        #expect(NotebookTextLines.join(["a", "", "→"] as [Substring]) == "a\n\n→")
        #expect(NotebookTextLines.join([] as [Substring]) == "")
    }

    /// The byte tests the parser makes on every line agree with comparing the strings: a prefix
    /// match, and a line that is a separator or a bare MAGIC line once trailing spaces, tabs and
    /// carriage returns are dropped. Lines are cut from a larger text so they start mid-buffer.
    /// (Linux strings are always native, so the fallback for non-contiguous ones is not reached.)
    @Test(arguments: ["# COMMAND ----------", "# MAGIC"])
    func prefixAndTrimmedEqualityMatchTheStringComparison(text: String) {
        let candidates = [
            text, text + "   ", text + "\r\t", text + " x", text + "x", String(text.dropLast()), "", " " + text,
            text + "\u{301}", text + " \u{A0}", "é" + text, text.lowercased() + "\t",
        ]
        let lines = NotebookTextLines.split(("first line\n" + candidates.joined(separator: "\n"))[...]).dropFirst()
        #expect(lines.count == candidates.count)
        for line in lines {
            #expect(
                NotebookTextLines.rightTrimmedEquals(line, text) == (NotebookTextLines.rightTrimmed(line) == text),
                "\(line.debugDescription)")
            #expect(
                NotebookTextLines.hasPrefix(line, text) == line.utf8.starts(with: text.utf8), "\(line.debugDescription)"
            )
        }
        #expect(NotebookTextLines.rightTrimmedEquals(lines[lines.startIndex + 1], text))
        #expect(!NotebookTextLines.rightTrimmedEquals(lines[lines.startIndex + 3], text))
    }

    /// Lines cut from one text and joined back read the same whether the cuts were `\n` or `\r\n`,
    /// for any run of lines, including the first and last.
    @Test(arguments: ["a\nbb\n\nccc\r\nd\r\r\n\u{1F600}\n", "x\r\ny\r\n", "é\n→ x\nz", "one"])
    func adjacentLinesJoinAsTheirSeparateJoin(text: String) {
        let lines = NotebookTextLines.split(text[...])
        for start in lines.indices {
            for end in start...lines.count {
                let run = lines[start..<end]
                #expect(NotebookTextLines.joinAdjacent(run) == NotebookTextLines.join(run), "\(start)..<\(end)")
            }
        }
    }
}
