import Foundation
import JSON

/// Turns an exported file's bytes into text, refusing binary and non-UTF-8 content with the
/// offset of the first bad byte.
enum NotebookTextDecoder {
    static let byteOrderMark: Unicode.Scalar = "\u{FEFF}"

    /// What one pass over the raw bytes found.
    private enum Scan {
        case text(String)
        case nul(offset: Int)
        case invalidUTF8
    }

    /// The file as a string, with a leading UTF-8 byte-order mark removed. Linear in the size.
    static func decode(_ data: Data, relativePath: String) throws(NotebookReadError) -> Substring {
        // On the raw buffer: iterating `Data` generically pays an exclusivity check per byte.
        let scan = data.withUnsafeBytes { raw -> Scan in
            guard let base = raw.baseAddress, !raw.isEmpty else { return .text("") }
            if let nul = memchr(base, 0, raw.count) { return .nul(offset: base.distance(to: UnsafeRawPointer(nul))) }
            guard let text = String(validating: raw.assumingMemoryBound(to: UInt8.self), as: UTF8.self) else {
                return .invalidUTF8
            }
            return .text(text)
        }
        let text: String
        switch scan {
        case .text(let decoded):
            text = decoded
        case .nul(let offset):
            let utf16 = data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF])
            let fix =
                utf16
                ? "it looks like UTF-16 (it starts with a UTF-16 byte-order mark); convert it to UTF-8, e.g. `iconv -f UTF-16 -t UTF-8`"
                : "a notebook export is UTF-8 text; re-export it from Databricks with format SOURCE or JUPYTER"
            throw NotebookReadError(
                relativePath: relativePath, line: line(atByteOffset: offset, in: data),
                reason: .binaryContent(byteOffset: offset),
                message: "binary content: NUL byte at byte offset \(offset); \(fix)")
        case .invalidUTF8:
            // The scan stopped at invalid UTF-8, so there is a first bad byte.
            let offset = JSONSyntaxLocator.firstInvalidUTF8(in: Array(data))!
            let byte = data[data.startIndex + offset]
            throw NotebookReadError(
                relativePath: relativePath, line: line(atByteOffset: offset, in: data),
                reason: .notUTF8(byteOffset: offset),
                message:
                    "not UTF-8: invalid byte 0x\(String(byte, radix: 16, uppercase: true)) at byte offset \(offset); "
                    + "convert the file to UTF-8 (e.g. `iconv -f latin1 -t utf-8`) or re-export it from Databricks")
        }
        if text.unicodeScalars.first == byteOrderMark {
            return text[text.unicodeScalars.index(after: text.startIndex)...]
        }
        return text[...]
    }

    /// 1-based line holding the byte at `offset`; error paths only.
    private static func line(atByteOffset offset: Int, in data: Data) -> Int {
        JSONSyntaxLocator.position(ofOffset: offset, in: Array(data)).line
    }
}
