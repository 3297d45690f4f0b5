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
}
