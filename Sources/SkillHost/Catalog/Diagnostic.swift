/// A problem found in a file a person wrote (a `SKILL.md`, a config), located by file and line so
/// the message can be acted on without searching.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public var file: String
    /// 1-based; `nil` when the problem concerns the file as a whole (missing, unreadable).
    public var line: Int?
    public var severity: Severity
    public var message: String

    public init(file: String, line: Int?, severity: Severity = .error, message: String) {
        self.file = file
        self.line = line
        self.severity = severity
        self.message = message
    }

    /// `file:line: error: message`, the form compilers use, which editors and terminals link.
    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return "\(location): \(severity.rawValue): \(message)"
    }
}
