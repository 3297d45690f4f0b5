import Durable
import JSON

/// What a call would do, computed before anything changes.
///
/// The host shows `effects` to guards and to people; `apply` is the handler's own continuation,
/// run only after the guards have passed. A read-only call has no effects.
public struct Plan: Sendable {
    public var summary: String
    public var effects: [Effect]
    public let apply: @Sendable (HandlerContext) async throws -> ToolOutput

    public init(
        summary: String, effects: [Effect],
        apply: @escaping @Sendable (HandlerContext) async throws -> ToolOutput
    ) {
        self.summary = summary
        self.effects = effects
        self.apply = apply
    }

    /// A plan that changes nothing; its "apply" is the read itself.
    public static func readOnly(
        _ summary: String, _ body: @escaping @Sendable (HandlerContext) async throws -> ToolOutput
    ) -> Plan {
        Plan(summary: summary, effects: [], apply: body)
    }

    public var effectsJSON: JSONValue { .array(effects.map(\.json)) }

    /// SHA-256 of the canonical JSON of the effects. A confirmation carries this digest, so a
    /// "yes" given for one set of effects can never authorise a different one.
    public var digest: String {
        SHA256.hash(JSONCoding.encode(effectsJSON)).hex
    }
}
