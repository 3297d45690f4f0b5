/// What a person is asked to confirm: the exact plan, by digest, and what is at stake.
public struct ConfirmationRequest: Sendable {
    public var tool: String
    public var digest: String
    public var summary: String
    /// The guarded effects only: what the person could lose.
    public var atStake: [Effect]

    /// The phrase the `confirm` argument must carry, so a model cannot confirm by accident.
    public static let phrase = "yes, overwrite my edits"

    public init(tool: String, digest: String, summary: String, atStake: [Effect]) {
        self.tool = tool
        self.digest = digest
        self.summary = summary
        self.atStake = atStake
    }

    /// The question, in words a person can answer without reading JSON.
    public var message: String {
        var lines = ["\(tool): \(summary)", "This needs your confirmation:"]
        for effect in atStake.prefix(20) {
            lines.append("  - \(Self.verb(effect.kind)) \(effect.target)")
        }
        if atStake.count > 20 { lines.append("  … and \(atStake.count - 20) more") }
        lines.append("Plan digest: \(digest)")
        return lines.joined(separator: "\n")
    }

    static func verb(_ kind: Effect.Kind) -> String {
        switch kind {
        case .overwriteEdited: return "overwrite your hand edits in"
        case .deleteEdited: return "delete your hand-edited"
        case .overwriteForced: return "re-create (forced) already-done"
        case .remoteDelete: return "delete remote"
        case .remoteCancel: return "cancel remote"
        case .write: return "write"
        case .overwrite: return "overwrite"
        case .delete: return "delete"
        case .remoteCreate: return "create remote"
        case .remoteUpdate: return "update remote"
        case .remoteRun: return "start remote"
        }
    }
}

public enum ConfirmationAnswer: Sendable, Hashable {
    case accepted
    case declined
    case cancelled
    /// The channel cannot ask anyone (no elicitation, no terminal).
    case unavailable
    /// The channel will ask out of band and the call must end now (MCP 2026-07-28
    /// `input_required`); the client repeats it with the answer.
    case deferred
    /// An earlier answer was given for another plan digest.
    case stale
    /// The carried answer could not be trusted (a tampered request state).
    case invalid(String)
}

/// A way to ask a person. Implemented by the MCP session (elicitation, input-required) and by
/// the CLI (a terminal prompt).
public protocol ConfirmationChannel: Sendable {
    func confirm(_ request: ConfirmationRequest, cancellation: Cancellation) async -> ConfirmationAnswer
    /// Why this channel answers `unavailable`, for the refusal a person reads.
    var cannotAskReason: String { get }
}

extension ConfirmationChannel {
    public var cannotAskReason: String { "this client cannot ask the user directly" }
}

/// No one to ask: the only ways through are a digest given up front or the `confirm` argument.
public struct NoConfirmationChannel: ConfirmationChannel {
    public let cannotAskReason: String

    public init(reason: String = "this client cannot ask the user directly") {
        cannotAskReason = reason
    }
    public func confirm(_ request: ConfirmationRequest, cancellation: Cancellation) async -> ConfirmationAnswer {
        .unavailable
    }
}
