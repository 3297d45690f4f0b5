import JSON

/// The Swift side of a skill: it owns the input and output schemas and turns input into a plan.
///
/// Handlers never decide whether a plan may run; the dispatcher's guards do. The descriptor
/// (`SKILL.md`) owns the words the model reads.
public protocol SkillHandler: Sendable {
    /// Matches `metadata.skillhost-handler` in a `SKILL.md`.
    var id: String { get }
    var title: String { get }
    /// JSON Schema of the arguments, without the host's own `dryRun` and `confirm`.
    var inputSchema: JSONValue { get }
    var outputSchema: JSONValue { get }
    var annotations: ToolAnnotations { get }

    /// Decodes the arguments and describes every effect, changing nothing.
    func plan(_ arguments: JSONValue, context: HandlerContext) async throws -> Plan
}

/// MCP tool annotations: hints for clients, never a replacement for the host's guards.
public struct ToolAnnotations: Sendable, Hashable {
    public var readOnly: Bool
    public var destructive: Bool
    public var idempotent: Bool
    public var openWorld: Bool

    public init(readOnly: Bool, destructive: Bool = false, idempotent: Bool = false, openWorld: Bool = false) {
        self.readOnly = readOnly
        self.destructive = destructive
        self.idempotent = idempotent
        self.openWorld = openWorld
    }

    public static let reader = ToolAnnotations(readOnly: true, idempotent: true)

    func json(title: String) -> JSONValue {
        var object: [String: JSONValue] = [
            "title": .string(title), "readOnlyHint": .bool(readOnly), "openWorldHint": .bool(openWorld),
        ]
        if !readOnly {
            object["destructiveHint"] = .bool(destructive)
            object["idempotentHint"] = .bool(idempotent)
        }
        return .object(object)
    }
}
