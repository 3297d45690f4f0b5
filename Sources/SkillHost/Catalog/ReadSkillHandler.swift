import JSON

/// The built-in `read-skill` tool: serves a skill's files to clients that do not read MCP
/// resources, so the assistant can always read a skill's instructions before calling it.
struct ReadSkillHandler: SkillHandler {
    let catalog: Catalog

    static let description =
        "Read a skill's instructions (SKILL.md) or another file of the skill, such as references/x.md. "
        + "Read a skill's SKILL.md before calling its tool for the first time."
    static let defaultLimit = 40_000

    var id: String { "read-skill" }
    var title: String { "Read skill" }
    var annotations: ToolAnnotations { .reader }

    var inputSchema: JSONValue {
        var name: JSONValue = ["type": "string", "description": "The skill's name."]
        if !catalog.skills.isEmpty { name = name.setting("enum", to: .array(catalog.skills.map { .string($0.name) })) }
        return [
            "type": "object",
            "properties": [
                "name": name,
                "path": ["type": "string", "description": "A file inside the skill; default SKILL.md."],
                "offset": [
                    "type": "integer", "minimum": 0, "description": "First character to return, for long files.",
                ],
                "limit": [
                    "type": "integer", "minimum": 1, "description": "Most characters to return (default 40000).",
                ],
            ],
            "required": ["name"],
            "additionalProperties": false,
        ]
    }

    var outputSchema: JSONValue {
        [
            "type": "object",
            "properties": [
                "name": ["type": "string"], "path": ["type": "string"], "uri": ["type": "string"],
                "text": ["type": "string"], "files": ["type": "array", "items": ["type": "string"]],
                "truncated": ["type": "boolean"], "nextOffset": ["type": "integer"],
            ],
            "required": ["name", "path", "uri", "text", "files", "truncated"],
        ]
    }

    func plan(_ arguments: JSONValue, context: HandlerContext) async throws -> Plan {
        let name = arguments["name"]?.stringValue ?? ""
        guard let skill = catalog.skill(named: name) else {
            throw ToolError(
                "no skill named '\(name.prefix(200))'",
                nextStep: "Use one of: \(catalog.skills.map(\.name).joined(separator: ", ")).")
        }
        let files = SkillFiles(skill)
        let path = arguments["path"]?.stringValue ?? FileSystem.lastComponent(skill.location)
        let offset = max(0, Int(arguments["offset"]?.intValue ?? 0))
        let limit = max(1, Int(arguments["limit"]?.intValue ?? Int64(Self.defaultLimit)))
        return .readOnly("read \(path) of \(name)") { _ in
            let text: String
            do {
                text = try files.read(path)
            } catch {
                throw ToolError("\(error)", nextStep: "Files of this skill: \(files.list().joined(separator: ", ")).")
            }
            let scalars = text.unicodeScalars
            let start =
                scalars.index(scalars.startIndex, offsetBy: offset, limitedBy: scalars.endIndex) ?? scalars.endIndex
            let end = scalars.index(start, offsetBy: limit, limitedBy: scalars.endIndex) ?? scalars.endIndex
            let slice = String(scalars[start..<end])
            let truncated = end < scalars.endIndex
            let listing = files.list()
            var structured: [String: JSONValue] = [
                "name": .string(name), "path": .string(path), "uri": .string(files.uri(path)),
                "text": .string(slice), "files": .array(listing.map { .string($0) }), "truncated": .bool(truncated),
            ]
            var footer = "\n\n[\(files.uri(path)); files of this skill: \(listing.joined(separator: ", "))]"
            if truncated {
                let next = offset + slice.unicodeScalars.count
                structured["nextOffset"] = .int(Int64(next))
                footer = "\n\n[truncated; call read-skill again with offset \(next)]" + footer
            }
            return ToolOutput(text: slice + footer, structured: .object(structured))
        }
    }
}
