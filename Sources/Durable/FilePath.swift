/// Splitting slash-separated paths, without Foundation's URL machinery or its normalisations.
///
/// Works on the UTF-8 bytes, as the kernel does: a `/` is a separator even where a combining
/// mark follows it, and the atomic writer asks this for every file it writes.
enum FilePath {
    /// The directory holding `path`'s last component: "." for a bare name, "/" for a top-level one.
    static func directory(of path: String) -> String {
        let bytes = path.utf8
        let end = endWithoutTrailingSlashes(bytes, upTo: bytes.endIndex)
        guard let slash = bytes[..<end].lastIndex(of: separator) else { return "." }
        let parentEnd = endWithoutTrailingSlashes(bytes, upTo: slash)
        return parentEnd == bytes.startIndex ? "/" : String(decoding: bytes[..<parentEnd], as: UTF8.self)
    }

    /// The last component of `path`, ignoring trailing slashes.
    static func lastComponent(of path: String) -> String {
        let bytes = path.utf8
        let end = endWithoutTrailingSlashes(bytes, upTo: bytes.endIndex)
        let start = bytes[..<end].lastIndex(of: separator).map(bytes.index(after:)) ?? bytes.startIndex
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// `path` without trailing slashes, except that "/" stays "/".
    static func trimmingTrailingSlashes(_ path: String) -> String {
        let bytes = path.utf8
        let end = endWithoutTrailingSlashes(bytes, upTo: bytes.endIndex)
        return end == bytes.endIndex ? path : String(decoding: bytes[..<end], as: UTF8.self)
    }

    private static let separator = UInt8(ascii: "/")

    /// Where `bytes[..<end]` ends once its trailing slashes are dropped, keeping a lone "/".
    private static func endWithoutTrailingSlashes(_ bytes: String.UTF8View, upTo end: String.Index) -> String.Index {
        var end = end
        while bytes.distance(from: bytes.startIndex, to: end) > 1, bytes[bytes.index(before: end)] == separator {
            end = bytes.index(before: end)
        }
        return end
    }
}
