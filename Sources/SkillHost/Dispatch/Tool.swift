import JSON

/// A callable tool: a handler, and the descriptor that names it and its guards.
public struct Tool: Sendable {
    public var name: String
    public var description: String
    public var handler: any SkillHandler
    public var guards: Set<Guard>

    /// The handler's schema plus the host's own arguments (`dryRun`, `confirm`) for tools that
    /// change things.
    public var inputSchema: JSONValue {
        guard !handler.annotations.readOnly, case .object(var schema) = handler.inputSchema else {
            return handler.inputSchema
        }
        var properties = schema["properties"]?.objectValue ?? [:]
        properties["dryRun"] = [
            "type": "boolean",
            "description": "Return the plan (effects and digest) without changing anything.",
        ]
        properties["confirm"] = [
            "type": "object",
            "description":
                "Only after the user explicitly agreed to a refused plan: the digest from the refusal and the exact phrase.",
            "properties": [
                "digest": ["type": "string"],
                "phrase": ["type": "string", "enum": .array([.string(ConfirmationRequest.phrase)])],
            ],
            "required": ["digest", "phrase"],
            "additionalProperties": false,
        ]
        schema["properties"] = .object(properties)
        return .object(schema)
    }

    /// The handler's result, or, for tools that change things, the host's dry-run result: clients
    /// validate `structuredContent` against this, and a dry run must pass too.
    public var outputSchema: JSONValue {
        guard !handler.annotations.readOnly else { return handler.outputSchema }
        return ["type": "object", "anyOf": [handler.outputSchema, Refusals.dryRunSchema]]
    }

    /// The `tools/list` entry.
    public var json: JSONValue {
        [
            "name": .string(name),
            "title": .string(handler.title),
            "description": .string(description),
            "inputSchema": inputSchema,
            "outputSchema": outputSchema,
            "annotations": handler.annotations.json(title: handler.title),
        ]
    }
}
