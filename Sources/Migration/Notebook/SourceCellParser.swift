/// Reads one chunk of a SOURCE export (the lines between two separators) as a cell: title, then
/// a magic cell, an R2 bare magic, an R3 mixed cell or plain code (migration.md §3, §3.2).
struct SourceCellParser {
    var prefix: NotebookCommentPrefix
    var defaultLanguage: NotebookLanguage

    /// The cell in `chunk`, whose indices are 0-based file line numbers; `nil` when the chunk is
    /// blank (S-01 drops and counts it). `index` is the cell's position among non-empty cells.
    func parse(_ chunk: ArraySlice<Substring>, index: Int) -> SourceCell? {
        var range = NotebookTextLines.trimmedRange(chunk)
        guard !range.isEmpty else { return nil }
        var title: (flag: String, title: String)?
        if let parsed = prefix.title(chunk[range.lowerBound]) {
            title = parsed
            let afterTitle = chunk[(range.lowerBound + 1)..<range.upperBound]
            let rest = NotebookTextLines.trimmedRange(afterTitle)
            // A cell holding only a title keeps its place (a cell is never dropped); its body is empty.
            range = rest.isEmpty ? range.upperBound..<range.upperBound : rest
        }
        let lines = chunk[range]
        let original = NotebookTextLines.joinAdjacent(lines)
        var cell = read(lines, original: original)
        cell.index = index
        cell.original = original
        cell.title = title?.title
        cell.titleFlag = title?.flag
        // `range` is empty only for a title-only cell; it then starts at the title line.
        cell.originLine = (lines.isEmpty ? range.lowerBound - 1 : range.lowerBound) + 1
        return cell
    }

    /// `original` is `lines` joined: the body of a cell read as plain code.
    private func read(_ lines: ArraySlice<Substring>, original: String) -> SourceCell {
        var payload: [Substring] = []
        var comments: [Substring] = []
        var hasMagicLine = false
        var hasCode = false
        for line in lines {
            if let magic = prefix.magicPayload(line) {
                hasMagicLine = true
                payload.append(magic)
            } else if NotebookTextLines.isBlank(line) {
                payload.append(line)
            } else if let comment = prefix.commentText(line) {
                comments.append(comment)
            } else {
                hasCode = true
            }
        }
        if hasMagicLine {
            // Non-comment code beside MAGIC lines, or MAGIC lines with no magic token, cannot be
            // read as a magic cell: keep it as code so the rules flag it (PARSE-MIXED).
            guard !hasCode, let magic = NotebookMagicCell(payload: payload[...]) else {
                return plain(original, relaxation: .mixedUnparseable)
            }
            var cell = cell(magic)
            if !comments.isEmpty {
                cell.relaxation = .mixed
                cell.leadingComments = comments.map(String.init)
            }
            return cell
        }
        // R2: a hand-edited cell whose first line is a magic without `CP MAGIC`. Checking the
        // token on the first non-blank line only keeps `# %run ./x` (R4) a plain comment.
        if let magic = NotebookMagicCell(payload: lines) {
            var cell = cell(magic)
            cell.relaxation = .bareMagic
            return cell
        }
        return plain(original, relaxation: nil)
    }

    private func cell(_ magic: NotebookMagicCell) -> SourceCell {
        SourceCell(
            index: 0, kind: magic.kind, language: magic.language, magic: magic.magic, body: magic.body, original: "",
            originLine: 0)
    }

    private func plain(_ code: String, relaxation: SourceCell.Relaxation?) -> SourceCell {
        SourceCell(
            index: 0, kind: .code, language: defaultLanguage, magic: nil, body: code,
            original: "", originLine: 0, relaxation: relaxation)
    }
}
