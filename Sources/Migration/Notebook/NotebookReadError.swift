/// Why an exported file could not be read as a notebook.
///
/// Every error names the file (`relativePath`), the 1-based `line` where one is meaningful, and a
/// `message` that says what is wrong and how to fix it, so it can be shown to a person as is.
public struct NotebookReadError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// The extension is none of `.py .sql .scala .r .R .ipynb`.
        case unsupportedExtension
        /// A NUL byte at `byteOffset` (0-based): the file is binary, or UTF-16.
        case binaryContent(byteOffset: Int)
        /// The bytes from `byteOffset` (0-based) are not valid UTF-8.
        case notUTF8(byteOffset: Int)
        /// No `Databricks notebook source` header (R6): a workspace file or module.
        case notANotebook
        /// A `.ipynb` (or R5 `.py`) whose JSON or notebook structure is broken.
        case malformedJupyter
    }

    /// The file's path relative to the source folder, as given to `NotebookReader.read`.
    public var relativePath: String
    /// 1-based line of the problem, when there is one.
    public var line: Int?
    public var reason: Reason
    public var message: String

    public init(relativePath: String, line: Int? = nil, reason: Reason, message: String) {
        self.relativePath = relativePath
        self.line = line
        self.reason = reason
        self.message = message
    }

    /// `path:line: message`, the form compilers use, so editors and terminals can jump to it.
    public var description: String {
        if let line { return "\(relativePath):\(line): \(message)" }
        return "\(relativePath): \(message)"
    }
}
