import JSON

/// The one path every call takes, whether it comes from MCP, the CLI or a test:
/// decode → plan → guards (→ confirmation) → apply.
public final class Dispatcher: Sendable {
    public let catalog: Catalog
    public let registry: HandlerRegistry
    public let settings: HostSettings
    /// Sorted by name, so `tools/list` is the same on every run.
    public let tools: [Tool]

    public init(catalog: Catalog, registry: HandlerRegistry, settings: HostSettings) {
        self.catalog = catalog
        self.registry = registry
        self.settings = settings
        var tools: [Tool] = []
        for skill in catalog.skills {
            guard let id = skill.handlerID, let handler = registry.handlers[id] else { continue }
            tools.append(Tool(name: skill.name, description: skill.description, handler: handler, guards: skill.guards))
        }
        let reader = ReadSkillHandler(catalog: catalog)
        tools.append(Tool(name: reader.id, description: ReadSkillHandler.description, handler: reader, guards: []))
        self.tools = tools.sorted { $0.name < $1.name }
    }

    public enum Availability: Sendable, Hashable {
        case available
        case unavailable(String)
    }

    /// Whether `skill` can be called, and if not, why.
    public func availability(of skill: SkillDescriptor) -> Availability {
        guard let id = skill.handlerID else {
            return .unavailable("instruction-only skill: its SKILL.md names no skillhost-handler")
        }
        if registry.handlers[id] != nil { return .available }
        if let reason = registry.declared[id] { return .unavailable(reason) }
        return .unavailable(
            "unknown handler '\(id)'; this skillhost knows: \(registry.knownIDs.sorted().joined(separator: ", "))")
    }

    public func tool(named name: String) throws(DispatchError) -> Tool {
        if let tool = tools.first(where: { $0.name == name }) { return tool }
        if let skill = catalog.skill(named: name), case .unavailable(let reason) = availability(of: skill) {
            throw .unavailable(name, reason: reason)
        }
        throw .unknownTool(name, available: tools.map(\.name))
    }

    public func call(_ name: String, arguments: JSONValue, options: CallOptions) async throws(DispatchError)
        -> CallResult
    {
        let tool = try tool(named: name)
        guard case .object(var members) = arguments else {
            return .output(.error("arguments must be a JSON object, got \(arguments.typeName)"))
        }
        var dryRun = false
        var confirmArgument: JSONValue?
        if !tool.handler.annotations.readOnly {
            confirmArgument = members.removeValue(forKey: "confirm")
            switch members.removeValue(forKey: "dryRun") {
            case nil: break
            case .bool(let value)?: dryRun = value
            case let other?: return .output(.error("'dryRun' must be true or false, got \(other.typeName)"))
            }
        }
        // Against the schema the client sees, so a misspelt argument's hint names the host's own too.
        let problems = SchemaCheck.problems(.object(members), against: tool.inputSchema)
        if !problems.isEmpty {
            return .output(
                .error(
                    "invalid arguments for \(name): " + problems.joined(separator: "; "),
                    nextStep:
                        "Fix the arguments to match the tool's inputSchema (`skillhost call \(name) --help` shows it).")
            )
        }
        let input = JSONValue.object(members)
        var context = options.context
        context.isDryRun = dryRun

        var plan: Plan
        do {
            plan = try await tool.handler.plan(input, context: context)
        } catch {
            return .output(Self.failure(error, while: "planning"))
        }
        let guarded = Guard.guarded(plan.effects, by: tool.guards)
        if dryRun {
            return .output(Refusals.dryRun(tool: name, plan: plan, guarded: guarded))
        }
        if !guarded.isEmpty {
            switch await authorise(
                tool, input: input, plan: plan, guarded: guarded, confirmArgument: confirmArgument, options: options)
            {
            case .proceed(let confirmed): plan = confirmed
            case .refuse(let output): return .output(output)
            case .ask(let request): return .inputRequired(request)
            }
        }
        do {
            try context.cancellation.check()
            return .output(try await plan.apply(context))
        } catch {
            return .output(Self.failure(error, while: "applying"))
        }
    }

    private enum Authorisation {
        case proceed(Plan)
        case refuse(ToolOutput)
        case ask(ConfirmationRequest)
    }

    /// Decides whether a guarded plan may run. A digest given up front (`--confirm`) is checked
    /// first; then the channel asks a person; only a client that cannot ask anyone may pass the
    /// `confirm` argument, so a model can never overrule a person's "no" by resending the call.
    private func authorise(
        _ tool: Tool, input: JSONValue, plan: Plan, guarded: [Effect], confirmArgument: JSONValue?,
        options: CallOptions
    ) async -> Authorisation {
        let request = ConfirmationRequest(tool: tool.name, digest: plan.digest, summary: plan.summary, atStake: guarded)
        if let digest = options.preapprovedDigest {
            return digest == request.digest
                ? .proceed(plan)
                : .refuse(
                    Refusals.confirmationRequired(
                        request, plan: plan,
                        reason:
                            "the digest given with --confirm does not match the current plan (it changed, or the digest is from another call)"
                    ))
        }
        let refuse = { (reason: String) in
            Authorisation.refuse(Refusals.confirmationRequired(request, plan: plan, reason: reason))
        }
        switch await options.channel.confirm(request, cancellation: options.context.cancellation) {
        case .accepted:
            return await replanned(tool, input: input, confirmed: request, options: options)
        case .declined: return refuse("the user declined")
        case .cancelled: return refuse("the confirmation was cancelled")
        case .deferred: return .ask(request)
        case .stale: return refuse("the answer was given for a different plan; the plan has changed since")
        case .invalid(let why): return refuse(why)
        case .unavailable:
            guard let confirmArgument else { return refuse(options.channel.cannotAskReason) }
            guard settings.allowConfirmArgument else {
                return refuse(
                    "the 'confirm' argument is switched off on this host; confirm from a terminal with --confirm")
            }
            guard confirmArgument["phrase"]?.stringValue == ConfirmationRequest.phrase else {
                return refuse("the 'confirm' argument must carry the exact phrase \"\(ConfirmationRequest.phrase)\"")
            }
            guard confirmArgument["digest"]?.stringValue == request.digest else {
                return refuse(
                    "the digest in 'confirm' does not match the current plan (it changed, or the digest is from another call)"
                )
            }
            return .proceed(plan)
        }
    }

    /// Waiting for a person takes time; files may change meanwhile. The "yes" holds only for
    /// the plan that was shown, so plan again and compare digests.
    private func replanned(_ tool: Tool, input: JSONValue, confirmed: ConfirmationRequest, options: CallOptions) async
        -> Authorisation
    {
        let plan: Plan
        do {
            plan = try await tool.handler.plan(input, context: options.context)
        } catch {
            return .refuse(Self.failure(error, while: "planning again after confirmation"))
        }
        guard plan.digest == confirmed.digest else {
            let request = ConfirmationRequest(
                tool: tool.name, digest: plan.digest, summary: plan.summary,
                atStake: Guard.guarded(plan.effects, by: tool.guards))
            return .refuse(
                Refusals.confirmationRequired(
                    request, plan: plan, reason: "the plan changed while waiting for the answer"))
        }
        return .proceed(plan)
    }

    static func failure(_ error: Error, while step: String) -> ToolOutput {
        switch error {
        case let error as ToolError: return .error(error.message, nextStep: error.nextStep)
        case is CancellationError:
            return .error("cancelled while \(step)", nextStep: "Call again to continue; finished work is kept.")
        default: return .error("internal error while \(step): \(error)", nextStep: "Report this as a skillhost bug.")
        }
    }
}

public enum DispatchError: Error, Sendable, CustomStringConvertible {
    case unknownTool(String, available: [String])
    case unavailable(String, reason: String)

    public var description: String {
        switch self {
        case .unknownTool(let name, let available):
            return "unknown tool '\(name)'; available: \(available.joined(separator: ", "))"
        case .unavailable(let name, let reason):
            return "skill '\(name)' is not available: \(reason)"
        }
    }
}

public struct CallOptions: Sendable {
    public var channel: any ConfirmationChannel
    /// A digest the person supplied before seeing the prompt (`skillhost call … --confirm D`).
    public var preapprovedDigest: String?
    public var context: HandlerContext

    public init(
        channel: any ConfirmationChannel = NoConfirmationChannel(), preapprovedDigest: String? = nil,
        context: HandlerContext = HandlerContext()
    ) {
        self.channel = channel
        self.preapprovedDigest = preapprovedDigest
        self.context = context
    }
}

public enum CallResult: Sendable {
    case output(ToolOutput)
    /// The call ends here and the client repeats it with the person's answer (MCP 2026-07-28).
    case inputRequired(ConfirmationRequest)
}

public struct HostSettings: Sendable {
    public var version: String
    /// Whether the `confirm` argument is honoured (when the client cannot ask the user itself).
    public var allowConfirmArgument: Bool

    public init(version: String, allowConfirmArgument: Bool = true) {
        self.version = version
        self.allowConfirmArgument = allowConfirmArgument
    }
}
