import Foundation

/// Writes `JSONValue` as bytes, deterministically: keys sorted by code point, no escaped slashes,
/// non-ASCII kept as UTF-8.
///
/// `indented(_:indent:)` produces exactly the layout of Python's
/// `json.dumps(value, indent=n, sort_keys=True, ensure_ascii=False)`, which is what nbformat writes,
/// so notebooks written here diff cleanly against notebooks saved by Jupyter tools.
public enum JSONWriter {
    public static func compact(_ value: JSONValue) -> Data {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(value, into: &output, indent: nil, depth: 0)
        return Data(output)
    }

    public static func indented(_ value: JSONValue, indent: Int) -> Data {
        var output: [UInt8] = []
        output.reserveCapacity(1024)
        write(value, into: &output, indent: indent, depth: 0)
        return Data(output)
    }

    private static func write(_ value: JSONValue, into output: inout [UInt8], indent: Int?, depth: Int) {
        switch value {
        case .null: output.append(contentsOf: Array("null".utf8))
        case .bool(let flag): output.append(contentsOf: Array((flag ? "true" : "false").utf8))
        case .int(let number): output.append(contentsOf: Array(String(number).utf8))
        case .double(let number):
            // JSON has no NaN or infinity; null is what Python's encoder would refuse to guess.
            output.append(contentsOf: Array((number.isFinite ? "\(number)" : "null").utf8))
        case .string(let text): writeString(text, into: &output)
        case .array(let items):
            guard !items.isEmpty else {
                output.append(contentsOf: [UInt8(ascii: "["), UInt8(ascii: "]")])
                return
            }
            output.append(UInt8(ascii: "["))
            for (position, item) in items.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(into: &output, indent: indent, depth: depth + 1)
                write(item, into: &output, indent: indent, depth: depth + 1)
            }
            newline(into: &output, indent: indent, depth: depth)
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else {
                output.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")])
                return
            }
            output.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (position, key) in keys.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(into: &output, indent: indent, depth: depth + 1)
                writeString(key, into: &output)
                output.append(UInt8(ascii: ":"))
                if indent != nil { output.append(UInt8(ascii: " ")) }
                write(members[key]!, into: &output, indent: indent, depth: depth + 1)
            }
            newline(into: &output, indent: indent, depth: depth)
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(into output: inout [UInt8], indent: Int?, depth: Int) {
        guard let indent else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * depth))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                output.append(contentsOf: Array("\\u00".utf8))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
