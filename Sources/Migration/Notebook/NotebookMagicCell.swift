/// What a cell whose payload starts with a magic holds (migration.md §3.1 rules 2 and 3): the same
/// reading for SOURCE MAGIC lines, R2 bare magics and Jupyter code cells, so the three give the
/// same IR for the same content.
///
/// The body depends on what the magic is:
/// - `%md`, `%md-sandbox`, `%sql`, `%python`, `%scala`, `%r`, `%sh`, `%fs`, `%run` switch the whole
///   cell: the body is REST (when not blank) followed by the remaining payload lines, without the
///   token. `%run` with a blank REST takes its argument from the next non-empty payload line.
/// - Every other magic (`%pip`, `%restart_python`, `%conda`, IPython line magics such as
///   `%load_ext`, unknown ones, and `%%` cell magics) is a line of Python the kernel runs: the
///   body keeps the payload verbatim from the token line on, token included, because such cells
///   often hold several magics (`%pip install a` then `%restart_python`).
struct NotebookMagicCell: Hashable {
    var kind: SourceCell.Kind
    /// `nil` for markdown; the magic's language for `%sql/%python/%scala/%r`; Python otherwise.
    var language: NotebookLanguage?
    var magic: String
    var body: String

    /// `nil` when the first non-empty payload line holds no magic token. Leading empty payload
    /// lines are skipped (§3.1 rule 2).
    init?(payload: ArraySlice<Substring>) {
        guard let tokenLine = payload.firstIndex(where: { !NotebookTextLines.isBlank($0) }),
            let token = NotebookMagicToken(line: payload[tokenLine])
        else { return nil }
        let following = payload[(tokenLine + 1)...]
        magic = token.name
        switch token.name {
        case "md", "md-sandbox":
            kind = .markdown
            language = nil
            body = Self.join(rest: token.rest, following)
        case "sql", "python", "scala", "r":
            kind = .code
            language = NotebookLanguage(rawValue: token.name)
            body = Self.join(rest: token.rest, following)
        case "run" where NotebookTextLines.isBlank(token.rest):
            kind = .code
            language = .python
            let argument = following.firstIndex(where: { !NotebookTextLines.isBlank($0) }) ?? following.endIndex
            body = NotebookTextLines.join(following[argument...])
        case "sh", "fs", "run":
            kind = .code
            language = .python
            body = Self.join(rest: token.rest, following)
        default:
            kind = .code
            language = .python
            body = NotebookTextLines.join(payload[tokenLine...])
        }
    }

    private static func join(rest: Substring, _ following: ArraySlice<Substring>) -> String {
        if NotebookTextLines.isBlank(rest) { return NotebookTextLines.join(following) }
        return NotebookTextLines.join([rest] + following)
    }
}
