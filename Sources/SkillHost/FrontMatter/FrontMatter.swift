/// The parsed front-matter of a `SKILL.md` and the markdown body after it.
public struct FrontMatter: Sendable, Hashable {
    /// Top-level entries in file order, unknown keys included (the catalog keeps them; only
    /// `skillhost validate` refuses them).
    public var entries: [YAMLEntry]
    /// Everything after the closing `---` line, with line endings normalised to `\n`.
    public var body: String
    /// 1-based line in the file where `body` starts (the line after the closing `---`).
    public var bodyStartLine: Int
    /// 1-based line of the closing `---`.
    public var closingLine: Int

    public init(entries: [YAMLEntry], body: String, bodyStartLine: Int, closingLine: Int) {
        self.entries = entries
        self.body = body
        self.bodyStartLine = bodyStartLine
        self.closingLine = closingLine
    }

    /// The top-level entry with this key, if present.
    public subscript(key: String) -> YAMLEntry? {
        entries.entry(key)
    }
}

/// Front-matter that cannot be read, located by its 1-based line in the file.
public struct FrontMatterError: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }

    /// The same problem as an error `Diagnostic` against `file`.
    public func diagnostic(file: String) -> Diagnostic {
        Diagnostic(file: file, line: line, severity: .error, message: message)
    }
}
