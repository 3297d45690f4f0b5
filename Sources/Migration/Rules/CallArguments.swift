/// A balanced-bracket, string-aware split of a call's arguments, for rules that reshape calls such
/// as `dbutils.notebook.run(path, 0, {...})`, `taskValues.set(key=..., value=...)` or
/// `secrets.get(scope=..., key=...)`.
struct CallArguments {
    struct Argument {
        /// The whole argument without surrounding whitespace: `key="x"`.
        var range: Range<Int>
        /// The keyword of a keyword argument: `key`.
        var keyword: String?
        /// The value without the keyword: `"x"`.
        var value: Range<Int>
        /// `*args` or `**kwargs`.
        var isUnpacked: Bool
    }

    /// Index of the `(`.
    var open: Int
    /// Index of the matching `)`.
    var close: Int
    var arguments: [Argument]

    /// Splits the arguments of the call whose `(` is at `open`; `nil` when the parenthesis is not
    /// closed in the cell.
    init?(_ code: LexedCode, open: Int) {
        let bytes = code.bytes
        var depth = 0
        var index = open
        var argumentStart = open + 1
        var arguments: [Argument] = []
        arguments.reserveCapacity(4)
        // `f()` or a trailing comma gives an empty range; anything else (`f(a,,b)`) is not Python
        // anyway.
        func add(_ raw: Range<Int>) {
            let range = Self.trimmedSkippingComments(code, raw)
            if !range.isEmpty { arguments.append(Self.argument(code, range)) }
        }
        var closeIndex: Int?
        while index < bytes.count {
            if code.regions[index] != .code {
                index += 1
                continue
            }
            switch bytes[index] {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                if depth == 0 {
                    add(argumentStart..<index)
                    closeIndex = index
                }
            case ByteText.comma where depth == 1:
                add(argumentStart..<index)
                argumentStart = index + 1
            default:
                break
            }
            if closeIndex != nil { break }
            index += 1
        }
        guard let closeIndex else { return nil }
        self.open = open
        self.close = closeIndex
        self.arguments = arguments
    }

    /// Arguments by parameter name. A rule asks for one to four names, so a short list searched
    /// in order costs less than hashing the names into a dictionary at every call site.
    struct Bound {
        private var entries: [(name: String, argument: Argument)] = []

        init(capacity: Int) { entries.reserveCapacity(capacity) }

        subscript(name: String) -> Argument? { entries.first { $0.name == name }?.argument }

        /// The bound parameter names, in argument order (for tests).
        var names: [String] { entries.map(\.name) }

        fileprivate mutating func add(_ name: String, _ argument: Argument) -> Bool {
            guard self[name] == nil else { return false }
            entries.append((name, argument))
            return true
        }
    }

    /// Values by name for a call with the given parameter order: positional arguments fill the
    /// names in order, keyword arguments by name (`aliases` maps other spellings of a keyword).
    /// `nil` for an unknown keyword, a duplicate, an unpacked argument or too many positional
    /// arguments: an unknown shape.
    func bind(_ names: [String], aliases: KeyValuePairs<String, String> = [:]) -> Bound? {
        var bound = Bound(capacity: arguments.count)
        var position = 0
        for argument in arguments {
            if argument.isUnpacked { return nil }
            if let keyword = argument.keyword {
                let name = aliases.first { $0.key == keyword }?.value ?? keyword
                guard names.contains(name), bound.add(name, argument) else { return nil }
            } else {
                guard position < names.count, bound.add(names[position], argument) else { return nil }
                position += 1
            }
        }
        return bound
    }

    private static func trimmedSkippingComments(_ code: LexedCode, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper && (ByteText.isWhitespace(code.bytes[lower]) || code.regions[lower] == .comment) {
            lower += 1
        }
        while upper > lower && (ByteText.isWhitespace(code.bytes[upper - 1]) || code.regions[upper - 1] == .comment) {
            upper -= 1
        }
        return lower..<upper
    }

    private static func argument(_ code: LexedCode, _ range: Range<Int>) -> Argument {
        let bytes = code.bytes
        if bytes[range.lowerBound] == ByteText.star {
            return Argument(range: range, keyword: nil, value: range, isUnpacked: true)
        }
        var index = range.lowerBound
        if ByteText.isIdentifierStart(bytes[index]) && code.regions[index] == .code {
            while index < range.upperBound && ByteText.isIdentifierByte(bytes[index]) { index += 1 }
            let nameEnd = index
            while index < range.upperBound && ByteText.isWhitespace(bytes[index]) { index += 1 }
            if index < range.upperBound, bytes[index] == ByteText.equals,
                index + 1 >= range.upperBound || bytes[index + 1] != ByteText.equals
            {
                let value = ByteText.trimmed(bytes, (index + 1)..<range.upperBound)
                return Argument(
                    range: range, keyword: ByteText.string(bytes, range.lowerBound..<nameEnd), value: value,
                    isUnpacked: false)
            }
        }
        return Argument(range: range, keyword: nil, value: range, isUnpacked: false)
    }
}

extension LexedCode {
    /// The literal that is exactly `range`, alone (no implicit concatenation, no operators).
    func soleLiteral(_ range: Range<Int>) -> Literal? {
        guard let literal = literal(startingAt: range.lowerBound), literal.end == range.upperBound else { return nil }
        return literal
    }

    /// The value of a plain string literal that is exactly `range`: not an f-string or bytes, no
    /// escapes, terminated. `nil` for anything else (an expression, a variable, an f-string).
    func plainStringValue(_ range: Range<Int>) -> String? {
        guard let literal = soleLiteral(range), !literal.isInterpolated, !literal.isBytes, !literal.isBacktick,
            literal.contentEnd < literal.end
        else { return nil }
        for index in literal.content where bytes[index] == ByteText.backslash || bytes[index] == ByteText.newline {
            return nil
        }
        return ByteText.string(bytes, literal.content)
    }

    /// Whether `range` is one or more adjacent string literals (a `str` value in Python).
    func isStringLiterals(_ range: Range<Int>) -> Bool {
        var index = range.lowerBound
        var sawLiteral = false
        while index < range.upperBound {
            if ByteText.isWhitespace(bytes[index]) {
                index += 1
                continue
            }
            guard let literal = literal(startingAt: index), !literal.isBytes, literal.end <= range.upperBound else {
                return false
            }
            sawLiteral = true
            index = literal.end
        }
        return sawLiteral
    }

    /// An integer literal that is exactly `range` (`0`, `3600`, `1_000`).
    func integerValue(_ range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        var value = 0
        for index in range {
            let byte = bytes[index]
            if byte == UInt8(ascii: "_") { continue }
            guard ByteText.isDigit(byte) else { return nil }
            value = value &* 10 &+ Int(byte - 0x30)
            if value > 1_000_000_000 { return nil }
        }
        return value
    }

    func text(_ range: Range<Int>) -> String { ByteText.string(bytes, range) }
}
