import JSON
import SkillHost

/// Long work in miniature: counts with a pause per step, reporting progress and stopping between
/// steps when cancelled.
public struct FixtureCountHandler: SkillHandler {
    public init() {}

    public var id: String { "fixture-count" }
    public var title: String { "Fixture: count slowly" }
    public var annotations: ToolAnnotations { .reader }

    public var inputSchema: JSONValue {
        [
            "type": "object",
            "properties": ["steps": ["type": "integer", "minimum": 0], "delayMs": ["type": "integer", "minimum": 0]],
            "required": ["steps"],
            "additionalProperties": false,
        ]
    }

    public var outputSchema: JSONValue {
        ["type": "object", "properties": ["counted": ["type": "integer"], "cancelled": ["type": "boolean"]]]
    }

    public func plan(_ arguments: JSONValue, context: HandlerContext) async throws -> Plan {
        let steps = Int(arguments["steps"]?.intValue ?? 0)
        let delay = UInt64(max(0, arguments["delayMs"]?.intValue ?? 0))
        return .readOnly("count to \(steps)") { context in
            var counted = 0
            while counted < steps, !context.cancellation.isCancelled {
                try? await Task.sleep(nanoseconds: delay * 1_000_000)
                counted += 1
                context.progress.report(Double(counted), total: Double(steps), message: "step \(counted)/\(steps)")
            }
            let cancelled = counted < steps
            return ToolOutput(
                text: "counted \(counted)",
                structured: ["counted": .int(Int64(counted)), "cancelled": .bool(cancelled)])
        }
    }
}
