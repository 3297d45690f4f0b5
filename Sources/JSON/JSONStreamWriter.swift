/// JSON written straight to bytes by code that knows the shape of what it writes, for hot paths
/// where building a `JSONValue` first costs more than the writing: the ledger appends two records
/// for every file a migration writes, and a big job's `report.json` has tens of thousands of
/// small objects.
///
/// Gives the bytes `JSONWriter.compact` gives for the same value, or with `indent` the bytes of
/// `JSONWriter.indented`, provided the caller writes each object's keys in code-point
/// order (as `JSONWriter` sorts them); tests hold each caller to that.
public struct JSONStreamWriter {
    public private(set) var bytes: [UInt8] = []
    /// Spaces per level; nil is compact (0 still breaks lines, as Python's `indent=0` does).
    private let indent: Int?
    private var depth = 0
    /// Whether the next value or key follows a sibling and needs a comma first.
    private var followsSibling = false
    /// Whether a key was just written, so its value continues the line.
    private var continuesLine = false

    public init(capacity: Int = 256, indent: Int? = nil) {
        bytes.reserveCapacity(capacity)
        self.indent = indent
    }

    public mutating func openObject() {
        open(UInt8(ascii: "{"))
    }

    public mutating func closeObject() {
        close(UInt8(ascii: "}"))
    }

    public mutating func openArray() {
        open(UInt8(ascii: "["))
    }

    public mutating func closeArray() {
        close(UInt8(ascii: "]"))
    }

    /// A member name; it must need no escaping (every caller's names are plain ASCII words).
    public mutating func key(_ name: StaticString) {
        startItem()
        bytes.append(UInt8(ascii: "\""))
        JSONWriter.append(name, to: &bytes)
        if indent != nil { JSONWriter.append("\": ", to: &bytes) } else { JSONWriter.append("\":", to: &bytes) }
        continuesLine = true
    }

    public mutating func string(_ text: String) {
        startItem()
        JSONWriter.writeString(text, into: &bytes)
        followsSibling = true
    }

    /// An array of strings, `[]` when empty.
    public mutating func strings(_ items: [String]) {
        openArray()
        for item in items { string(item) }
        closeArray()
    }

    public mutating func int(_ number: Int64) {
        startItem()
        JSONWriter.writeInteger(number, into: &bytes)
        followsSibling = true
    }

    public mutating func null() {
        startItem()
        JSONWriter.append("null", to: &bytes)
        followsSibling = true
    }

    private mutating func open(_ bracket: UInt8) {
        startItem()
        bytes.append(bracket)
        depth += 1
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        // Something was written inside exactly when a sibling precedes the bracket; an empty
        // container closes on the line it opened on.
        if followsSibling { JSONWriter.newline(into: &bytes, indent: indent, depth: depth) }
        bytes.append(bracket)
        followsSibling = true
    }

    /// What goes before a key or a value: nothing right after a key; else a comma after a sibling
    /// and, when indenting, a new line at this depth.
    private mutating func startItem() {
        if continuesLine {
            continuesLine = false
            return
        }
        if followsSibling { bytes.append(UInt8(ascii: ",")) }
        followsSibling = false
        if depth > 0 { JSONWriter.newline(into: &bytes, indent: indent, depth: depth) }
    }
}
