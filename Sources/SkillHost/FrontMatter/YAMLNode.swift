/// A value in the YAML subset that `SKILL.md` front-matter may use: a scalar, a list of scalars,
/// or a one-level map of scalars. Nothing deeper exists in the subset, so nothing deeper is
/// modelled.
public indirect enum YAMLNode: Sendable, Hashable {
    /// A scalar. `quoted` is true for `'single'` and `"double"` quoted scalars; plain and block
    /// (`|`, `>`) scalars are unquoted. Every scalar is text: the subset, like strictyaml, never
    /// turns `yes`, `1.0` or `null` into anything but a string.
    case scalar(String, quoted: Bool)
    /// A block list (`- item` lines) or a flow list (`[a, b]`).
    case list([YAMLNode])
    /// An indented map of `key: scalar` lines under a top-level key, in file order.
    case map([YAMLEntry])

    /// The text of a scalar; `nil` for a list or a map.
    public var scalarValue: String? {
        if case .scalar(let text, _) = self { return text }
        return nil
    }

    /// The items of a list; `nil` for a scalar or a map.
    public var listValue: [YAMLNode]? {
        if case .list(let items) = self { return items }
        return nil
    }

    /// The entries of a map; `nil` for a scalar or a list.
    public var mapValue: [YAMLEntry]? {
        if case .map(let entries) = self { return entries }
        return nil
    }

    /// `"a string"`, `"a list"` or `"a map"`: for messages that say what was found instead.
    public var kindDescription: String {
        switch self {
        case .scalar: return "a string"
        case .list: return "a list"
        case .map: return "a map"
        }
    }
}

/// One `key: value` line (with whatever the value spans), and the 1-based line of the key in the
/// file it came from.
public struct YAMLEntry: Sendable, Hashable {
    public var key: String
    public var value: YAMLNode
    public var line: Int

    public init(key: String, value: YAMLNode, line: Int) {
        self.key = key
        self.value = value
        self.line = line
    }
}

extension Array where Element == YAMLEntry {
    /// The entry with this key, if any (keys are unique: the parser refuses duplicates).
    public func entry(_ key: String) -> YAMLEntry? {
        first { $0.key == key }
    }
}
