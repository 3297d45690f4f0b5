import Foundation

/// Encoding and decoding of `JSONValue` with the settings every output of skillhost uses.
///
/// Sorted keys make output deterministic (digests, byte-identical re-runs, stable `tools/list`);
/// unescaped slashes keep paths readable. `JSONEncoder` over the `JSONValue` enum is much faster
/// than `JSONSerialization` on Linux for large strings.
public enum JSONCoding {
    public static func encode(_ value: JSONValue) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // JSONValue has no case that can fail to encode except a non-finite double.
        return (try? encoder.encode(value)) ?? Data("null".utf8)
    }

    public static func encodeString(_ value: JSONValue) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }

    /// Indented, sorted, for people (CLI output, reports).
    public static func encodePretty(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    public static func decode(_ data: Data) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: data)
    }

    public static func decode(_ text: String) throws -> JSONValue {
        try decode(Data(text.utf8))
    }

    /// A one-line explanation of why `data` is not JSON, with the position when Foundation gives
    /// one, for error messages shown to people.
    public static func describe(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            if let underlying = context.underlyingError as NSError?,
                let detail = underlying.userInfo[NSDebugDescriptionErrorKey] as? String
            {
                return detail
            }
            return context.debugDescription
        }
        return String(describing: error)
    }
}
