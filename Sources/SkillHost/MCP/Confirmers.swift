import JSON

/// Asking a person over MCP, in each era's way.

/// The schema of the one question skillhost asks: a single boolean, default no.
enum ConfirmationForm {
    static let key = "skillhost-confirm"

    static let schema: JSONValue = [
        "type": "object",
        "properties": [
            "confirm": [
                "type": "boolean", "title": "Go ahead",
                "description": "Yes: carry out the plan shown, including what is listed as at stake.",
                "default": false,
            ]
        ],
        "required": ["confirm"],
    ]

    static func params(_ request: ConfirmationRequest, includeMode: Bool) -> JSONValue {
        var params: JSONValue = ["message": .string(request.message), "requestedSchema": schema]
        if includeMode { params = params.setting("mode", to: "form") }
        return params
    }

    /// Only `accept` with the JSON boolean `true` is a yes; the number 1 is not.
    static func interpret(_ result: JSONValue?) -> ConfirmationAnswer {
        switch result?["action"]?.stringValue {
        case "accept": return result?["content"]?["confirm"] == .bool(true) ? .accepted : .declined
        case "cancel": return .cancelled
        default: return .declined
        }
    }
}

/// Handshake era: a server→client `elicitation/create` request while the tool call is open.
struct ElicitationChannel: ConfirmationChannel {
    let ask: @Sendable (_ params: JSONValue, _ cancellation: Cancellation) async -> JSONValue?
    let includeMode: Bool

    func confirm(_ request: ConfirmationRequest, cancellation: Cancellation) async -> ConfirmationAnswer {
        guard let response = await ask(ConfirmationForm.params(request, includeMode: includeMode), cancellation) else {
            return .cancelled
        }
        // A client that answers with an error cannot ask its user.
        if response["error"] != nil { return .unavailable }
        return ConfirmationForm.interpret(response["result"])
    }
}

/// 2026-07-28: no server→client requests. The first call ends with `input_required`; the retry
/// carries the answer and the sealed state naming the digest it was given for.
struct InputRequiredChannel: ConfirmationChannel {
    enum Retry: Sendable {
        case answered(digest: String, response: JSONValue?)
        case untrusted(String)
    }

    let canAsk: Bool
    let retry: Retry?

    func confirm(_ request: ConfirmationRequest, cancellation: Cancellation) async -> ConfirmationAnswer {
        switch retry {
        case nil:
            return canAsk ? .deferred : .unavailable
        case .untrusted(let why)?:
            return .invalid(why)
        case .answered(let digest, let response)?:
            guard digest == request.digest else { return .stale }
            guard let response else { return canAsk ? .deferred : .unavailable }
            return ConfirmationForm.interpret(response)
        }
    }
}
