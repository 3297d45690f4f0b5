import JSON

/// What a tool returns: a short text for people and a structured object for machines.
public struct ToolOutput: Sendable {
    public enum Outcome: Sendable, Hashable {
        case ok
        /// The tool ran but failed, or refused bad input (MCP `isError: true`, CLI exit 1).
        case toolError
        /// A guard refused; a person must confirm (MCP `isError: true`, CLI exit 3).
        case confirmationNeeded
    }

    public var text: String
    public var structured: JSONValue
    public var outcome: Outcome

    public init(text: String, structured: JSONValue, outcome: Outcome = .ok) {
        self.text = text
        self.structured = structured
        self.outcome = outcome
    }

    public var isError: Bool { outcome != .ok }

    /// An error the caller can act on: what went wrong and the next step.
    public static func error(_ message: String, nextStep: String? = nil) -> ToolOutput {
        var object: [String: JSONValue] = ["status": "error", "error": .string(message)]
        var text = message
        if let nextStep {
            object["nextStep"] = .string(nextStep)
            text += "\nNext step: \(nextStep)"
        }
        return ToolOutput(text: text, structured: .object(object), outcome: .toolError)
    }
}

/// Thrown by handlers for failures the caller can fix (bad input, missing file). The host turns
/// it into an `isError` result; anything else thrown is reported as an internal failure.
public struct ToolError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var nextStep: String?

    public init(_ message: String, nextStep: String? = nil) {
        self.message = message
        self.nextStep = nextStep
    }

    public var description: String { message }
}
