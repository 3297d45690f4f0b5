/// Reads the YAML front-matter of a `SKILL.md`.
///
/// The subset: `key: value` plain scalars, `'single'` and `"double"` quoted scalars (multi-line
/// allowed, YAML escapes), `|` and `>` block scalars with `-`/`+` chomping and an optional
/// indentation digit, an indented map of `key: scalar` lines under a top-level key, `- item`
/// lists of scalars (indented or not), flow lists `[a, "b c"]` of scalars (lenient mode only),
/// comments and blank lines. Everything else (deeper nesting, anchors, aliases, tags, flow maps,
/// tab indentation, duplicate keys, a line without `:`) is a `FrontMatterError` carrying the
/// 1-based line in the file.
///
/// `strict: false` is for loading: a plain value containing `: ` (`description: Use when: …`) is
/// taken as the whole rest of the line. `strict: true` is for `skillhost validate`: everything the
/// Agent Skills reference validator (`skills-ref`, which reads front-matter with strictyaml)
/// refuses is refused here too, with the line and a fix.
public enum FrontMatterParser {
    /// Splits `text` into front-matter and body and parses the front-matter.
    ///
    /// The first line must be `---`; the front-matter ends at the next line that is exactly `---`
    /// (trailing spaces allowed). CRLF line endings and a leading UTF-8 BOM are accepted.
    public static func parse(_ text: String, strict: Bool) throws(FrontMatterError) -> FrontMatter {
        let lines = splitLines(text)
        guard let first = lines.first, isMarker(first) else {
            throw FrontMatterError(
                line: 1,
                message: "SKILL.md must start with a `---` line that opens the YAML front-matter")
        }
        var closing: Int?
        for index in 1..<lines.count where isMarker(lines[index]) {
            closing = index
            break
        }
        guard let close = closing else {
            throw FrontMatterError(
                line: 1,
                message: "the front-matter opened by `---` at line 1 is never closed: "
                    + "add a line with just `---` after the last key")
        }
        var parser = YAMLSubsetParser(lines: Array(lines[1..<close]), firstLine: 2, strict: strict)
        let entries = try parser.parseDocument()
        let body = lines[(close + 1)...].joined(separator: "\n")
        return FrontMatter(entries: entries, body: body, bodyStartLine: close + 2, closingLine: close + 1)
    }

    /// Parses YAML-subset text with no `---` markers; `firstLine` is the file line of its first line.
    public static func parseYAML(
        _ text: String, firstLine: Int = 1, strict: Bool
    ) throws(FrontMatterError) -> [YAMLEntry] {
        var lines = splitLines(text)
        if lines.count > 1, lines.last == "" { lines.removeLast() }
        var parser = YAMLSubsetParser(lines: lines, firstLine: firstLine, strict: strict)
        return try parser.parseDocument()
    }

    /// Lines without their terminators (`\n`, `\r\n` or `\r`), after dropping a leading BOM. Text
    /// that ends with a line break yields a last empty line, so joining with `\n` round-trips.
    ///
    /// Split on the UTF-8 bytes: every terminator is ASCII, so each piece is whole UTF-8, and the
    /// host parses four of these files at every start, where grapheme breaking cost milliseconds.
    static func splitLines(_ text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            var lines: [String] = []
            var index = start
            while index < bytes.count {
                let byte = bytes[index]
                guard byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") else {
                    index += 1
                    continue
                }
                lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                let isCRLF =
                    byte == UInt8(ascii: "\r") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n")
                index += isCRLF ? 2 : 1
                start = index
            }
            lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            return lines
        }
    }

    static func isMarker(_ line: String) -> Bool {
        line.hasPrefix("---") && line.dropFirst(3).allSatisfy(isSpaceOrTab)
    }
}

private func isSpaceOrTab(_ character: Character) -> Bool {
    character == " " || character == "\t"
}

/// The recursive-descent reader of the subset. Works on whole lines; `index` values are 0-based
/// positions in `lines`, reported as `firstLine + index`.
struct YAMLSubsetParser {
    enum Context {
        /// The value of a top-level key: a scalar, a list of scalars or a map of scalars.
        case topValue
        /// The value of a key inside a nested map: a scalar only.
        case subMapValue
        /// A list item: a scalar only.
        case listItem
    }

    enum Chomping { case strip, clip, keep }

    let lines: [String]
    let firstLine: Int
    let strict: Bool
    /// The next line to read.
    var position = 0

    init(lines: [String], firstLine: Int, strict: Bool) {
        self.lines = lines
        self.firstLine = firstLine
        self.strict = strict
    }

    func fail(_ index: Int, _ message: String) -> FrontMatterError {
        FrontMatterError(line: firstLine + index, message: message)
    }

    // MARK: Document, maps and lists

    mutating func parseDocument() throws(FrontMatterError) -> [YAMLEntry] {
        var entries: [YAMLEntry] = []
        var baseIndent: Int?
        while let index = nextContentLine(from: position) {
            position = index
            let indent = try indentation(index)
            let base = baseIndent ?? indent
            baseIndent = base
            if indent != base {
                throw fail(index, "unexpected indentation: top-level keys start at column \(base + 1)")
            }
            if Self.isListItem(Substring(lines[index]).dropFirst(indent)) {
                throw fail(index, "front-matter must be a mapping of `key: value` lines, not a list")
            }
            let entry = try parseEntry(indent: indent, context: .topValue)
            try checkDuplicate(entry, in: entries, index: index)
            entries.append(entry)
        }
        return entries
    }

    /// Parses the `key: value` line at `position` and whatever lines its value spans.
    mutating func parseEntry(indent: Int, context: Context) throws(FrontMatterError) -> YAMLEntry {
        let index = position
        let content = Substring(lines[index]).dropFirst(indent)
        let (key, rest) = try splitKey(content, index: index)
        let value = try parseValue(rest, index: index, parentIndent: indent, context: context)
        return YAMLEntry(key: key, value: value, line: firstLine + index)
    }

    func checkDuplicate(_ entry: YAMLEntry, in entries: [YAMLEntry], index: Int) throws(FrontMatterError) {
        if let earlier = entries.entry(entry.key) {
            throw fail(index, "duplicate key '\(entry.key)' (first defined at line \(earlier.line))")
        }
    }

    func splitKey(_ content: Substring, index: Int) throws(FrontMatterError) -> (String, Substring) {
        guard let first = content.first else { throw fail(index, "expected `key: value`") }
        switch first {
        case "[", "{":
            throw fail(index, "flow collections (`[…]`, `{…}`) are not supported as keys; write `key: value`")
        case "&", "*", "!":
            try Self.checkNodeProperty(first, index: index, parser: self)
        case "\"", "'":
            throw fail(index, "quoted keys are not supported; write the key without quotes")
        case "?":
            throw fail(index, "complex keys (`? key`) are not supported; write `key: value`")
        case "%":
            throw fail(index, "YAML directives (`%…`) are not supported in front-matter")
        default:
            break
        }
        var previousWasSpace = false
        var sawColon = false
        var cursor = content.startIndex
        while cursor < content.endIndex {
            let character = content[cursor]
            if character == "#" && previousWasSpace { break }
            if character == ":" {
                sawColon = true
                let next = content.index(after: cursor)
                if next == content.endIndex || isSpaceOrTab(content[next]) {
                    let key = content[..<cursor].trimmingTrailingWhitespace()
                    if key.isEmpty { throw fail(index, "missing key before `:`") }
                    return (String(key), content[next...])
                }
            }
            previousWasSpace = isSpaceOrTab(character)
            cursor = content.index(after: cursor)
        }
        if sawColon {
            throw fail(index, "expected `key: value`: put a space after the `:`")
        }
        throw fail(index, "expected `key: value`, but this line has no `:`")
    }

    /// Parses the value that starts with `rest` (the text after `key:` or `-`) on line `index`,
    /// and leaves `position` on the first line after it.
    mutating func parseValue(
        _ rest: Substring, index: Int, parentIndent: Int, context: Context
    ) throws(FrontMatterError) -> YAMLNode {
        position = index
        let separator = rest.prefix(while: isSpaceOrTab)
        let value = rest.dropFirst(separator.count)
        if value.isEmpty || value.first == "#" {
            return try parseNestedOrEmpty(index: index, parentIndent: parentIndent, context: context)
        }
        if strict && separator.contains("\t") {
            throw fail(
                index,
                "a tab separates this value from its key: the reference validator (strictyaml) "
                    + "rejects tabs here; use a space")
        }
        let first = value.first!
        switch first {
        case "|", ">":
            return .scalar(try parseBlockScalar(value, index: index, parentIndent: parentIndent), quoted: false)
        case "\"", "'":
            let (text, endIndex, after) = try scanQuoted(value, index: index, multiLine: true)
            try checkNothingAfter(after, index: endIndex, what: "the closing quote", hint: "quote the whole value")
            position = endIndex + 1
            return .scalar(text, quoted: true)
        case "[":
            switch context {
            case .topValue:
                if strict {
                    throw fail(
                        index,
                        "flow-style list `[…]`: the reference validator (strictyaml) rejects flow style; "
                            + "write one `- item` line per item under the key")
                }
                return try parseFlowList(value, index: index)
            case .subMapValue:
                throw fail(index, "only scalar values are supported inside a nested map (found a list)")
            case .listItem:
                throw fail(index, "nested lists are not supported: list items must be scalars")
            }
        case "{":
            throw fail(
                index, "flow maps (`{…}`) are not supported; write one `key: value` per line, indented under the key")
        case "&", "*", "!":
            try Self.checkNodeProperty(first, index: index, parser: self)
        case "-" where Self.isListItem(value):
            if context == .listItem {
                throw fail(index, "nested lists are not supported: list items must be scalars")
            }
            if strict {
                throw fail(
                    index,
                    "a list cannot start on the same line as its key: put each `- item` on its own line below the key")
            }
        default:
            break
        }
        return .scalar(try parsePlain(value, index: index, parentIndent: parentIndent, context: context), quoted: false)
    }

    /// `key:` with nothing after it: an empty scalar, or the block list or map on the lines below.
    mutating func parseNestedOrEmpty(
        index: Int, parentIndent: Int, context: Context
    ) throws(FrontMatterError) -> YAMLNode {
        position = index + 1
        guard let next = nextContentLine(from: position) else { return .scalar("", quoted: false) }
        let indent = try indentation(next)
        let isItem = Self.isListItem(Substring(lines[next]).dropFirst(indent))
        if indent > parentIndent || (indent == parentIndent && isItem && context != .listItem) {
            switch context {
            case .topValue:
                position = next
                return isItem
                    ? try parseBlockList(listIndent: indent, parentIndent: parentIndent)
                    : try parseMap(mapIndent: indent, parentIndent: parentIndent)
            case .subMapValue:
                throw fail(
                    next,
                    isItem
                        ? "lists inside a nested map are not supported: only `key: scalar` lines may appear at the second level"
                        : "nested maps deeper than one level are not supported: only `key: scalar` lines may appear at the second level"
                )
            case .listItem:
                throw fail(next, "list items must be scalars: nested lists and maps are not supported")
            }
        }
        return .scalar("", quoted: false)
    }

    mutating func parseBlockList(listIndent: Int, parentIndent: Int) throws(FrontMatterError) -> YAMLNode {
        var items: [YAMLNode] = []
        while let index = nextContentLine(from: position) {
            let indent = try indentation(index)
            if indent < listIndent { break }
            let content = Substring(lines[index]).dropFirst(indent)
            if indent > listIndent {
                throw fail(index, "unexpected indentation inside a list: its items start at column \(listIndent + 1)")
            }
            guard Self.isListItem(content) else {
                if listIndent == parentIndent { break }
                throw fail(
                    index,
                    "expected a list item `- …` at column \(listIndent + 1), or a key at column \(parentIndent + 1)")
            }
            items.append(
                try parseValue(content.dropFirst(), index: index, parentIndent: listIndent, context: .listItem))
        }
        return .list(items)
    }

    mutating func parseMap(mapIndent: Int, parentIndent: Int) throws(FrontMatterError) -> YAMLNode {
        var entries: [YAMLEntry] = []
        while let index = nextContentLine(from: position) {
            let indent = try indentation(index)
            if indent <= parentIndent { break }
            if indent != mapIndent {
                throw fail(index, "inconsistent indentation: the keys of this map start at column \(mapIndent + 1)")
            }
            if Self.isListItem(Substring(lines[index]).dropFirst(indent)) {
                throw fail(index, "expected `key: value` in this map, found a list item")
            }
            position = index
            let entry = try parseEntry(indent: mapIndent, context: .subMapValue)
            try checkDuplicate(entry, in: entries, index: index)
            entries.append(entry)
        }
        return .map(entries)
    }

    // MARK: Plain scalars

    mutating func parsePlain(
        _ value: Substring, index: Int, parentIndent: Int, context: Context
    ) throws(FrontMatterError) -> String {
        if strict, let first = value.first {
            let second = value.dropFirst().first
            let startsIndicator =
                ",]}%@`".contains(first)
                || (first == "?" && (second == nil || isSpaceOrTab(second!)))
                || (first == "-" && (second == nil || isSpaceOrTab(second!)))
            if startsIndicator {
                throw fail(
                    index,
                    "a plain value cannot start with `\(first)` in YAML (the reference validator rejects it); quote the value"
                )
            }
        }
        let (text, hadComment) = Self.stripComment(value)
        try checkPlainText(text, index: index, continuation: false, context: context)
        var result = String(text)
        position = index + 1
        if hadComment { return result }
        var pendingBreaks = 0
        var cursor = position
        while cursor < lines.count {
            let line = lines[cursor]
            if Self.isBlank(line) {
                pendingBreaks += 1
                cursor += 1
                continue
            }
            if Self.leadingSpaces(line) <= parentIndent { break }
            let content = Substring(line).drop(while: isSpaceOrTab)
            if content.first == "#" { break }
            let (more, moreHadComment) = Self.stripComment(content)
            try checkPlainText(more, index: cursor, continuation: true, context: context)
            result += pendingBreaks == 0 ? " " : String(repeating: "\n", count: pendingBreaks)
            result += more
            pendingBreaks = 0
            cursor += 1
            position = cursor
            if moreHadComment { break }
        }
        return result
    }

    func checkPlainText(_ text: Substring, index: Int, continuation: Bool, context: Context) throws(FrontMatterError) {
        guard strict else { return }
        if text.contains("\t") {
            throw fail(
                index,
                "tab character in a plain value: the reference validator (strictyaml) rejects it; use spaces or quote the value"
            )
        }
        guard Self.containsMappingColon(text) else { return }
        if continuation {
            throw fail(
                index,
                "this indented line continues the value above, and a plain value cannot contain `: ` "
                    + "(the reference validator rejects it): quote the value or use a `>` block, "
                    + "or unindent the line if it is a new key")
        }
        if context == .listItem {
            throw fail(
                index,
                "a list item containing `: ` is a map in YAML, and list items must be scalars: quote the item")
        }
        throw fail(
            index,
            "the value contains `: `, which YAML reads as a nested key (the reference validator rejects it): "
                + "quote the value or use a `>` block")
    }

    // MARK: Block scalars

    mutating func parseBlockScalar(
        _ header: Substring, index: Int, parentIndent: Int
    ) throws(FrontMatterError) -> String {
        let folded = header.first == ">"
        var rest = header.dropFirst()
        var chomping: Chomping?
        var explicitIndent: Int?
        while let character = rest.first {
            if chomping == nil && (character == "-" || character == "+") {
                chomping = character == "-" ? .strip : .keep
            } else if explicitIndent == nil, character.isASCII, let digit = character.wholeNumberValue, digit >= 1 {
                explicitIndent = digit
            } else {
                break
            }
            rest = rest.dropFirst()
        }
        let indicator = String(header[header.startIndex..<rest.startIndex])
        let trailing = rest.drop(while: isSpaceOrTab)
        if !trailing.isEmpty && !(trailing.first == "#" && trailing.startIndex != rest.startIndex) {
            throw fail(
                index,
                "unexpected text after the block indicator `\(indicator)`: the text of a block starts on the next line, indented"
            )
        }

        var collected: [String] = []
        var contentIndent = explicitIndent.map { parentIndent + $0 }
        var cursor = index + 1
        while cursor < lines.count {
            let line = lines[cursor]
            let spaces = Self.leadingSpaces(line)
            if Self.isBlank(line) {
                if let indent = contentIndent, line.count > indent {
                    collected.append(String(line.dropFirst(indent)))
                } else {
                    collected.append("")
                }
                cursor += 1
                continue
            }
            if contentIndent == nil {
                if spaces <= parentIndent { break }
                contentIndent = spaces
            }
            if spaces < contentIndent! { break }
            collected.append(String(line.dropFirst(contentIndent!)))
            cursor += 1
        }
        position = cursor

        var end = collected.count
        while end > 0 && collected[end - 1].isEmpty { end -= 1 }
        let trailingEmpty = collected.count - end
        let content = collected[..<end]
        if content.isEmpty {
            return chomping == .keep ? String(repeating: "\n", count: trailingEmpty) : ""
        }
        var text = folded ? Self.fold(content) : content.joined(separator: "\n")
        switch chomping ?? .clip {
        case .strip: break
        case .clip: text += "\n"
        case .keep: text += String(repeating: "\n", count: 1 + trailingEmpty)
        }
        return text
    }

    /// YAML line folding of a `>` block: a break between two lines that are not more-indented
    /// becomes a space, each empty line becomes a newline, more-indented lines keep their breaks.
    static func fold(_ lines: ArraySlice<String>) -> String {
        var text = ""
        var pendingBreak = false
        var emptyLines = 0
        var previousMoreIndented = false
        for line in lines {
            if line.isEmpty {
                emptyLines += 1
                continue
            }
            let moreIndented = line.first.map(isSpaceOrTab) ?? false
            if pendingBreak {
                if !previousMoreIndented && !moreIndented {
                    if emptyLines == 0 { text += " " }
                } else {
                    text += "\n"
                }
            }
            text += String(repeating: "\n", count: emptyLines)
            emptyLines = 0
            previousMoreIndented = moreIndented
            text += line
            pendingBreak = true
        }
        return text
    }

    // MARK: Quoted scalars and flow lists

    /// Scans a quoted scalar starting at its opening quote (`text.first`). Returns the value, the
    /// index of the line holding the closing quote, and the text after that quote on that line.
    func scanQuoted(
        _ text: Substring, index: Int, multiLine: Bool
    ) throws(FrontMatterError) -> (String, Int, Substring) {
        let quote = text.first!
        let double = quote == "\""
        let kind = double ? "double" : "single"
        var rest = text.dropFirst()
        var lineIndex = index
        var value = ""
        var pendingSpace = ""
        var escapedBreak = false
        while true {
            guard let character = rest.first else {
                if !multiLine {
                    throw fail(index, "the \(kind)-quoted value is not closed on this line")
                }
                pendingSpace = ""
                var emptyLines = 0
                lineIndex += 1
                while lineIndex < lines.count && Self.isBlank(lines[lineIndex]) {
                    emptyLines += 1
                    lineIndex += 1
                }
                guard lineIndex < lines.count else {
                    throw fail(index, "the \(kind)-quoted value is never closed: add the closing \(quote)")
                }
                if escapedBreak || emptyLines > 0 {
                    value += String(repeating: "\n", count: emptyLines)
                } else {
                    value += " "
                }
                escapedBreak = false
                rest = Substring(lines[lineIndex]).drop(while: isSpaceOrTab)
                continue
            }
            rest.removeFirst()
            if character == quote {
                if !double && rest.first == "'" {
                    rest.removeFirst()
                    value += pendingSpace + "'"
                    pendingSpace = ""
                    continue
                }
                value += pendingSpace
                return (value, lineIndex, rest)
            }
            if double && character == "\\" {
                value += pendingSpace
                pendingSpace = ""
                guard let escape = rest.first else {
                    escapedBreak = true
                    continue
                }
                rest.removeFirst()
                value.unicodeScalars.append(contentsOf: try unescape(escape, rest: &rest, index: lineIndex))
                continue
            }
            if isSpaceOrTab(character) {
                pendingSpace.append(character)
            } else {
                value += pendingSpace
                pendingSpace = ""
                value.append(character)
            }
        }
    }

    func unescape(
        _ escape: Character, rest: inout Substring, index: Int
    ) throws(FrontMatterError) -> [Unicode.Scalar] {
        let simple: [Character: Unicode.Scalar] = [
            "0": "\u{0}", "a": "\u{7}", "b": "\u{8}", "t": "\t", "\t": "\t", "n": "\n", "v": "\u{B}",
            "f": "\u{C}", "r": "\r", "e": "\u{1B}", " ": " ", "\"": "\"", "/": "/", "\\": "\\",
            "N": "\u{85}", "_": "\u{A0}", "L": "\u{2028}", "P": "\u{2029}",
        ]
        if let scalar = simple[escape] { return [scalar] }
        let width: Int
        switch escape {
        case "x": width = 2
        case "u": width = 4
        case "U": width = 8
        default:
            throw fail(index, "unknown escape `\\\(escape)` in a double-quoted value (write `\\\\` for a backslash)")
        }
        var code = try readHex(width, escape: escape, rest: &rest, index: index)
        if escape == "u" && (0xD800...0xDBFF).contains(code) {
            var lookahead = rest
            if lookahead.hasPrefix("\\u") {
                lookahead.removeFirst(2)
                let low = try readHex(4, escape: "u", rest: &lookahead, index: index)
                if (0xDC00...0xDFFF).contains(low) {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    rest = lookahead
                }
            }
        }
        guard let scalar = Unicode.Scalar(code) else {
            throw fail(index, "`\\\(escape)` escape does not name a Unicode character (a lone surrogate?)")
        }
        return [scalar]
    }

    func readHex(_ width: Int, escape: Character, rest: inout Substring, index: Int) throws(FrontMatterError) -> UInt32
    {
        let digits = rest.prefix(width)
        guard digits.count == width, digits.allSatisfy(\.isHexDigit), let code = UInt32(digits, radix: 16) else {
            throw fail(index, "`\\\(escape)` needs \(width) hex digits in a double-quoted value")
        }
        rest.removeFirst(width)
        return code
    }

    func checkNothingAfter(_ after: Substring, index: Int, what: String, hint: String) throws(FrontMatterError) {
        let trimmed = after.drop(while: isSpaceOrTab)
        if trimmed.isEmpty { return }
        if trimmed.first == "#" { return }
        throw fail(index, "unexpected text after \(what): \(hint)")
    }

    /// A flow list of scalars on one line. Only reached in lenient mode.
    mutating func parseFlowList(_ value: Substring, index: Int) throws(FrontMatterError) -> YAMLNode {
        var rest = value.dropFirst()
        var items: [YAMLNode] = []
        var expectingItem = true
        let unclosed =
            "the flow list is not closed with `]` on this line (use `- item` lines for a list that spans lines)"
        while true {
            rest = rest.drop(while: isSpaceOrTab)
            guard let character = rest.first else { throw fail(index, unclosed) }
            if character == "]" {
                rest.removeFirst()
                break
            }
            if character == "," {
                if expectingItem { throw fail(index, "empty item in a flow list") }
                rest.removeFirst()
                expectingItem = true
                continue
            }
            if !expectingItem { throw fail(index, "expected `,` or `]` in the flow list") }
            switch character {
            case "\"", "'":
                let (text, _, after) = try scanQuoted(rest, index: index, multiLine: false)
                items.append(.scalar(text, quoted: true))
                rest = after
            case "[", "{":
                throw fail(index, "nested collections inside a flow list are not supported")
            case "&", "*", "!":
                try Self.checkNodeProperty(character, index: index, parser: self)
            default:
                var end = rest.startIndex
                var previousWasSpace = false
                while end < rest.endIndex, rest[end] != ",", rest[end] != "]" {
                    if rest[end] == "#" && previousWasSpace { throw fail(index, unclosed) }
                    previousWasSpace = isSpaceOrTab(rest[end])
                    end = rest.index(after: end)
                }
                items.append(.scalar(String(rest[..<end].trimmingTrailingWhitespace()), quoted: false))
                rest = rest[end...]
            }
            expectingItem = false
        }
        try checkNothingAfter(rest, index: index, what: "`]`", hint: "a flow list must end the line")
        position = index + 1
        return .list(items)
    }

    // MARK: Lines

    /// The first line at or after `start` that is neither blank nor a comment.
    func nextContentLine(from start: Int) -> Int? {
        var index = start
        while index < lines.count {
            let line = lines[index]
            if !Self.isBlank(line) && Substring(line).drop(while: isSpaceOrTab).first != "#" { return index }
            index += 1
        }
        return nil
    }

    /// Leading spaces of a content line; a tab in the indentation is an error.
    func indentation(_ index: Int) throws(FrontMatterError) -> Int {
        let line = lines[index]
        let spaces = Self.leadingSpaces(line)
        if line.dropFirst(spaces).first == "\t" {
            throw fail(index, "tab used for indentation: indent with spaces")
        }
        return spaces
    }

    static func checkNodeProperty(_ character: Character, index: Int, parser: YAMLSubsetParser) throws(FrontMatterError)
    {
        switch character {
        case "&":
            throw parser.fail(index, "anchors (`&name`) are not supported in front-matter; repeat the value instead")
        case "*":
            throw parser.fail(index, "aliases (`*name`) are not supported in front-matter; repeat the value instead")
        default:
            throw parser.fail(
                index, "tags (`!tag`) are not supported in front-matter; remove the tag (every value is text)")
        }
    }

    static func isBlank(_ line: String) -> Bool {
        line.allSatisfy(isSpaceOrTab)
    }

    static func leadingSpaces(_ line: String) -> Int {
        line.prefix(while: { $0 == " " }).count
    }

    static func isListItem(_ content: Substring) -> Bool {
        guard content.first == "-" else { return false }
        let second = content.dropFirst().first
        return second == nil || isSpaceOrTab(second!)
    }

    /// Splits off a trailing ` # comment` and trailing whitespace.
    static func stripComment(_ text: Substring) -> (Substring, Bool) {
        var previousWasSpace = false
        var cursor = text.startIndex
        while cursor < text.endIndex {
            let character = text[cursor]
            if character == "#" && previousWasSpace {
                return (text[..<cursor].trimmingTrailingWhitespace(), true)
            }
            previousWasSpace = isSpaceOrTab(character)
            cursor = text.index(after: cursor)
        }
        return (text.trimmingTrailingWhitespace(), false)
    }

    /// True when `text` holds a `:` that YAML would read as a mapping indicator.
    static func containsMappingColon(_ text: Substring) -> Bool {
        var cursor = text.startIndex
        while cursor < text.endIndex {
            if text[cursor] == ":" {
                let next = text.index(after: cursor)
                if next == text.endIndex || isSpaceOrTab(text[next]) { return true }
            }
            cursor = text.index(after: cursor)
        }
        return false
    }
}

extension Substring {
    fileprivate func trimmingTrailingWhitespace() -> Substring {
        var end = endIndex
        while end > startIndex {
            let before = index(before: end)
            guard isSpaceOrTab(self[before]) else { break }
            end = before
        }
        return self[startIndex..<end]
    }
}
