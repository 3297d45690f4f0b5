/// A system call that failed: which call, on which path, and the `errno` it reported.
public struct SystemError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The C function that failed, such as `open` or `rename`.
    public let operation: String
    /// The path the call was given, when it was given one.
    public let path: String?
    /// The `errno` value the call reported.
    public let errno: Int32

    public init(operation: String, path: String?, errno: Int32) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    /// The system's wording for `errno`, such as "No such file or directory".
    public var message: String { Posix.message(for: errno) }

    /// `open(/x/y): No such file or directory`, or `getentropy: …` when there is no path.
    public var description: String {
        if let path { return "\(operation)(\(path)): \(message)" }
        return "\(operation): \(message)"
    }
}
