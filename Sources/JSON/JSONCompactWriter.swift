/// Compact JSON written straight to bytes by code that knows the shape of what it writes, for
/// hot paths where building a `JSONValue` first costs more than the writing: the ledger appends
/// two records for every file a migration writes.
///
/// Gives the bytes `JSONWriter.compact` gives for the same value, provided the caller writes each
/// object's keys in code-point order (as `JSONWriter` sorts them); tests hold each caller to that.
public struct JSONCompactWriter {
    public private(set) var bytes: [UInt8] = []
    /// Whether the next value or key follows a sibling and needs a comma first.
    private var followsSibling = false

    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func openObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
    }

    public mutating func closeObject() {
        bytes.append(UInt8(ascii: "}"))
        followsSibling = true
    }

    public mutating func openArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
    }

    public mutating func closeArray() {
        bytes.append(UInt8(ascii: "]"))
        followsSibling = true
    }

    /// A member name; it must need no escaping (the ledger's names are plain ASCII words).
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        JSONWriter.append(name, to: &bytes)
        JSONWriter.append("\":", to: &bytes)
    }

    public mutating func string(_ text: String) {
        separate()
        JSONWriter.writeString(text, into: &bytes)
        followsSibling = true
    }

    public mutating func int(_ number: Int64) {
        separate()
        JSONWriter.writeInteger(number, into: &bytes)
        followsSibling = true
    }

    public mutating func null() {
        separate()
        JSONWriter.append("null", to: &bytes)
        followsSibling = true
    }

    /// A comma before a sibling; none after an opening bracket or a key, which leave
    /// `followsSibling` false.
    private mutating func separate() {
        if followsSibling { bytes.append(UInt8(ascii: ",")) }
        followsSibling = false
    }
}
