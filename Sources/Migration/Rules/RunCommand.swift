/// The argument of a `%run` magic (migration.md §3.1): `path_token (SP+ "$" IDENT "=" VALUE)*`.
/// The path may be quoted with `"` or `'`; unquoted, it ends at the first whitespace. A trailing
/// inline `#` comment and a trailing `/` are stripped; `$k=v` parameters are kept verbatim.
struct RunCommand: Hashable {
    var path: String
    var parameters: [String]

    enum ParseError: Error, Hashable {
        case empty
        case unterminatedQuote
        /// A token after the path that is not `$name=value`.
        case unexpected(String)
    }

    static func parse(_ argument: Substring) -> Result<RunCommand, ParseError> {
        let bytes = Array(argument.utf8)
        var index = 0
        let count = bytes.count
        func skipBlanks() { while index < count && ByteText.isWhitespace(bytes[index]) { index += 1 } }
        skipBlanks()
        guard index < count, bytes[index] != ByteText.hash else { return .failure(.empty) }
        var path: String
        if bytes[index] == ByteText.doubleQuote || bytes[index] == ByteText.singleQuote {
            let quote = bytes[index]
            let start = index + 1
            index = start
            while index < count && bytes[index] != quote { index += 1 }
            guard index < count else { return .failure(.unterminatedQuote) }
            path = ByteText.string(bytes[start..<index])
            index += 1
        } else {
            let start = index
            while index < count && !ByteText.isWhitespace(bytes[index]) { index += 1 }
            path = ByteText.string(bytes[start..<index])
        }
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        guard !path.isEmpty else { return .failure(.empty) }
        var parameters: [String] = []
        while true {
            skipBlanks()
            guard index < count, bytes[index] != ByteText.hash else { break }
            let start = index
            var quote: UInt8?
            while index < count {
                let byte = bytes[index]
                if let open = quote {
                    if byte == open { quote = nil }
                } else if byte == ByteText.doubleQuote || byte == ByteText.singleQuote {
                    quote = byte
                } else if ByteText.isWhitespace(byte) {
                    break
                }
                index += 1
            }
            let token = ByteText.string(bytes[start..<index])
            guard quote == nil else { return .failure(.unterminatedQuote) }
            guard isParameter(token) else { return .failure(.unexpected(token)) }
            parameters.append(token)
        }
        return .success(RunCommand(path: path, parameters: parameters))
    }

    /// `$IDENT=VALUE`.
    private static func isParameter(_ token: String) -> Bool {
        let bytes = Array(token.utf8)
        guard bytes.count >= 3, bytes[0] == ByteText.dollar, ByteText.isIdentifierStart(bytes[1]) else { return false }
        var index = 2
        while index < bytes.count && ByteText.isIdentifierByte(bytes[index]) { index += 1 }
        return index < bytes.count && bytes[index] == ByteText.equals
    }
}

/// A `%run` cell: its commands in order and any comment lines beside them.
struct RunCell {
    struct Line {
        var text: Substring
        var command: Result<RunCommand, RunCommand.ParseError>
    }

    var commands: [Line] = []
    /// Comment lines beside the commands, without `#` and one following space.
    var comments: [String] = []

    /// Reads the body of a `%run` cell (the argument, possibly followed by more `%run` lines).
    init(body: String) {
        var first = true
        for line in ByteText.lines(body) {
            if ByteText.isBlankLine(line) { continue }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if first {
                first = false
                commands.append(Line(text: line, command: RunCommand.parse(line)))
            } else if trimmed.hasPrefix("%run")
                && (trimmed.count == 4 || trimmed.dropFirst(4).first == " " || trimmed.dropFirst(4).first == "\t")
            {
                commands.append(Line(text: line, command: RunCommand.parse(trimmed.dropFirst(4))))
            } else if trimmed.hasPrefix("#") {
                let text = trimmed.dropFirst()
                comments.append(String(text.hasPrefix(" ") ? text.dropFirst() : text))
            } else {
                commands.append(Line(text: line, command: .failure(.unexpected(String(trimmed)))))
            }
        }
    }
}
