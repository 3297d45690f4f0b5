/// A source cell as the rules see it: the effective magic, body and language, with a marker line
/// from an earlier migration removed (so re-migrating a flagged cell does not stack markers) and a
/// magic on the first line recognised even when the reader left it in the body.
struct CellView {
    enum Form: Equatable {
        case markdown
        /// Code in a language, without magic line (`magic` tells whether one was there).
        case code(NotebookLanguage)
        case run
        case shell
        case fileSystem
        /// A Python cell whose body holds IPython/Databricks line magics (`%pip`, `%load_ext`, ...).
        case lineMagics
        /// An IPython cell magic (`%%writefile`); `magic` keeps one `%`.
        case cellMagic
    }

    var source: SourceCell
    var form: Form
    /// The magic token without `%` (`sql`, `pip`, `%writefile`), `nil` for a plain cell.
    var magic: String?
    var body: String
    /// The `%run`/`%sh`/`%fs` argument was on the line after the token.
    var argumentOnNextLine: Bool
    /// Comment lines (without their prefix) to re-emit in the cell's language: R3's, or those
    /// above a `%run`/`%fs` line in a cell this migration wrote.
    var leadingComments: [String]

    static let switchingMagics: Set<String> = ["md", "md-sandbox", "sql", "python", "scala", "r", "sh", "fs", "run"]

    init(_ cell: SourceCell, defaultLanguage: NotebookLanguage) {
        source = cell
        var magic = cell.magic
        var body = cell.body
        var comments = cell.leadingComments
        var onNextLine = false
        if cell.kind == .code, cell.relaxation != .mixedUnparseable {
            var stripped = FlagMarker.strip(body)
            if stripped != body || magic == nil {
                var token = MagicToken(firstLineOf: stripped)
                if token == nil, magic == nil, let (lines, rest) = Self.commentsBeforeRunOrFs(stripped) {
                    comments += lines
                    stripped = rest
                    token = MagicToken(firstLineOf: rest)
                }
                if let token {
                    magic = token.name
                    onNextLine = token.restIsBlank
                    body = Self.switchingMagics.contains(token.name) ? token.bodyWithoutToken : stripped
                } else {
                    body = stripped
                }
            }
            // A marker right after the `%sql`/`%scala` line of a flagged cell.
            body = FlagMarker.strip(body)
        }
        leadingComments = comments
        if let magic, cell.magic == magic, let line = Self.tokenLine(cell.original, magic: magic) { onNextLine = line }
        self.magic = magic
        self.body = body
        argumentOnNextLine = onNextLine
        let language = cell.language ?? defaultLanguage
        if cell.kind == .markdown || magic == "md" || magic == "md-sandbox" {
            form = .markdown
        } else if cell.relaxation == .mixedUnparseable {
            form = .code(language)
        } else if let magic {
            switch magic {
            case "sql": form = .code(.sql)
            case "python": form = .code(.python)
            case "scala": form = .code(.scala)
            case "r": form = .code(.r)
            case "run": form = .run
            case "sh": form = .shell
            case "fs": form = .fileSystem
            default: form = magic.hasPrefix("%") ? .cellMagic : .lineMagics
            }
        } else {
            form = .code(language)
        }
    }

    /// The cell's code as the user wrote it in notebook form (`%fs ls /x`, `%pip install a`): what a
    /// flagged cell keeps.
    var originalCode: String {
        switch form {
        case .markdown, .code, .lineMagics, .cellMagic:
            if case .code(.r) = form, magic == "r" { return "%r\n" + body }
            if source.relaxation == .mixedUnparseable { return source.body }
            if form == .lineMagics || form == .cellMagic { return payload }
            return body
        case .run, .shell, .fileSystem:
            let separator = body.isEmpty || body.hasPrefix("\n") ? "" : (argumentOnNextLine ? "\n" : " ")
            return "%" + (magic ?? "") + separator + body
        }
    }

    /// The Python source the rules read, for a cell in Python (plain or holding line magics);
    /// `nil` for any other cell.
    var pythonSource: String? {
        guard source.relaxation != .mixedUnparseable else { return nil }
        switch form {
        case .code(.python): return body
        case .lineMagics: return payload
        default: return nil
        }
    }

    /// The full payload of a line- or cell-magic cell, token included (the reader keeps it in the
    /// body; a body without it gets it back).
    var payload: String {
        guard let magic else { return body }
        let firstLine = body.drop { $0 == " " || $0 == "\t" || $0 == "\n" }
        if firstLine.hasPrefix("%") { return body }
        return "%" + magic + (body.isEmpty ? "" : (body.hasPrefix("\n") ? "" : " ")) + body
    }

    /// `# comment` lines followed by a `%run` or `%fs` line (how this migration writes such cells
    /// with comments): the comment texts and the text from the magic line on.
    private static func commentsBeforeRunOrFs(_ text: String) -> ([String], String)? {
        guard text.utf8.first(where: { !ByteText.isWhitespace($0) }) == ByteText.hash,
            ByteText.contains(text, "%run") || ByteText.contains(text, "%fs")
        else { return nil }
        let lines = ByteText.lines(text)
        var comments: [String] = []
        for (index, line) in lines.enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("#") {
                let text = trimmed.dropFirst()
                comments.append(String(text.hasPrefix(" ") ? text.dropFirst() : text))
                continue
            }
            guard !comments.isEmpty, let token = MagicToken(firstLineOf: String(trimmed)),
                token.name == "run" || token.name == "fs"
            else { return nil }
            return (comments, lines[index...].joined(separator: "\n"))
        }
        return nil
    }

    /// Whether the line of `original` holding `%<magic>` has nothing after the token: `nil` when
    /// no such line is found.
    private static func tokenLine(_ original: String, magic: String) -> Bool? {
        let token = [ByteText.percent] + Array(magic.utf8)
        var original = original
        return original.withUTF8 { bytes in
            var index = 0
            while index + token.count <= bytes.count {
                if ByteText.hasPrefix(bytes, at: index, token) {
                    var after = index + token.count
                    if after == bytes.count || bytes[after] == ByteText.newline || ByteText.isBlank(bytes[after]) {
                        while after < bytes.count && ByteText.isBlank(bytes[after]) { after += 1 }
                        return after == bytes.count || bytes[after] == ByteText.newline
                    }
                }
                index += 1
            }
            return nil
        }
    }
}
