import Foundation

/// Encoding and decoding of `JSONValue` with the settings every output of skillhost uses.
///
/// Sorted keys make output deterministic (digests, byte-identical re-runs, stable `tools/list`);
/// unescaped slashes keep paths readable. Decoding is `JSONParser`, which keeps booleans and
/// numbers apart (Foundation's `JSONSerialization` does not on Linux) and names the failing byte.
public enum JSONCoding {
    public static func encode(_ value: JSONValue) -> Data {
        JSONWriter.compact(value)
    }

    public static func encodeString(_ value: JSONValue) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }

    /// Indented by two, sorted, for people (CLI output, reports).
    public static func encodePretty(_ value: JSONValue) -> String {
        String(decoding: JSONWriter.indented(value, indent: 2), as: UTF8.self)
    }

    public static func decode(_ data: Data) throws -> JSONValue {
        try data.withUnsafeBytes { try JSONParser.parse($0) }
    }

    public static func decode(_ text: String) throws -> JSONValue {
        try decode(Data(text.utf8))
    }
}
