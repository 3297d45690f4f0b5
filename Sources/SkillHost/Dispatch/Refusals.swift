import JSON

/// The results the host itself writes around a plan: a dry run, and a refusal by a guard. Both
/// carry the digest, so a later confirmation is bound to exactly these effects.
enum Refusals {
    static let dryRunSchema: JSONValue = [
        "type": "object",
        "properties": [
            "status": ["type": "string", "enum": ["dry-run"]], "tool": ["type": "string"],
            "summary": ["type": "string"],
            "digest": ["type": "string"], "effects": ["type": "array"], "needsConfirmation": ["type": "boolean"],
            "atStake": ["type": "array", "items": ["type": "string"]],
        ],
        "required": ["status", "digest", "effects"],
    ]

    static func dryRun(tool: String, plan: Plan, guarded: [Effect]) -> ToolOutput {
        let structured: JSONValue = [
            "status": "dry-run",
            "tool": .string(tool),
            "summary": .string(plan.summary),
            "digest": .string(plan.digest),
            "effects": plan.effectsJSON,
            "needsConfirmation": .bool(!guarded.isEmpty),
            "atStake": .array(guarded.map { .string($0.target) }),
        ]
        var lines = ["Dry run of \(tool): \(plan.summary)"]
        lines += plan.effects.map { "  \($0.kind.rawValue) \($0.target)" }
        if !guarded.isEmpty { lines.append("\(guarded.count) effect(s) would need confirmation.") }
        lines.append("Nothing was changed.")
        return ToolOutput(text: lines.joined(separator: "\n"), structured: structured)
    }

    static func confirmationRequired(_ request: ConfirmationRequest, plan: Plan, reason: String) -> ToolOutput {
        let nextStep =
            "Show the user what is at stake and ask. Only if they agree, call \(request.tool) again with the same arguments plus "
            + "\"confirm\": {\"digest\": \"\(request.digest)\", \"phrase\": \"\(ConfirmationRequest.phrase)\"}; "
            + "or the user runs: skillhost call \(request.tool) '<same json>' --confirm \(request.digest)"
        let structured: JSONValue = [
            "status": "confirmation-required",
            "tool": .string(request.tool),
            "summary": .string(request.summary),
            "reason": .string(reason),
            "digest": .string(request.digest),
            "atStake": .array(request.atStake.map { .string($0.target) }),
            "guarded": .array(request.atStake.map(\.json)),
            "effects": plan.effectsJSON,
            "nextStep": .string(nextStep),
        ]
        let text = "Refused: \(reason).\n\(request.message)\nNext step: \(nextStep)"
        return ToolOutput(text: text, structured: structured, outcome: .confirmationNeeded)
    }
}
