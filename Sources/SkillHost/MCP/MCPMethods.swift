import Foundation
import JSON

/// The methods a session answers.
extension MCPSession {
    func initialize(_ params: JSONValue) -> JSONValue {
        let version = ProtocolVersion.negotiate(params["protocolVersion"]?.stringValue)
        recordHandshake(version: version, canElicit: Self.canElicitForm(params["capabilities"]?["elicitation"]))
        return [
            "protocolVersion": .string(version),
            "capabilities": capabilities,
            "serverInfo": serverInfo,
            "instructions": .string(instructions),
        ]
    }

    var capabilities: JSONValue {
        ["tools": ["listChanged": false], "resources": ["subscribe": false, "listChanged": false]]
    }

    var serverInfo: JSONValue {
        [
            "name": .string(info.name), "title": "skillhost: Databricks to Oracle AI Data Platform",
            "version": .string(info.version),
        ]
    }

    /// Every method but `initialize` and `tools/call`: quick, answered on the reader thread.
    func answer(_ method: String, params: JSONValue, era: Era) throws(JSONRPC.Failure) -> JSONValue {
        switch method {
        case "ping":
            return complete([:], era)
        case "server/discover":
            return [
                "resultType": "complete",
                "supportedVersions": .array(ProtocolVersion.modern.map { .string($0) }),
                "capabilities": capabilities,
                "instructions": .string(instructions),
                "_meta": [ProtocolVersion.metaServerInfoKey: serverInfo],
                "ttlMs": 3_600_000, "cacheScope": "public",
            ]
        case "tools/list":
            try rejectCursor(params)
            return list(["tools": toolsJSON], era)
        case "resources/list":
            try rejectCursor(params)
            return list(["resources": .array(resources())], era)
        case "resources/templates/list":
            try rejectCursor(params)
            return list(["resourceTemplates": []], era)
        case "resources/read":
            return list(try readResource(params, era: era), era)
        default:
            throw .init(JSONRPC.Code.methodNotFound, "Method not found: \(method)")
        }
    }

    /// Everything fits in one page, so any cursor is one this server never issued.
    private func rejectCursor(_ params: JSONValue) throws(JSONRPC.Failure) {
        if params["cursor"] != nil { throw .init(JSONRPC.Code.invalidParams, "Invalid params: unknown cursor") }
    }

    private func complete(_ result: JSONValue, _ era: Era) -> JSONValue {
        era.isModern ? result.setting("resultType", to: "complete") : result
    }

    /// 2026-07-28 list results must say how long they may be cached.
    private func list(_ result: JSONValue, _ era: Era) -> JSONValue {
        guard era.isModern else { return result }
        return complete(result, era).setting("ttlMs", to: 60_000).setting("cacheScope", to: "public")
    }

    func resources() -> [JSONValue] {
        var entries: [JSONValue] = []
        for skill in dispatcher.catalog.skills {
            let files = SkillFiles(skill)
            for path in files.list() {
                let isSkillFile = path == FileSystem.lastComponent(skill.location)
                var entry: JSONValue = [
                    "uri": .string(files.uri(path)),
                    "name": .string(isSkillFile ? skill.name : "\(skill.name)/\(path)"),
                    "mimeType": .string(SkillFiles.mimeType(path)),
                ]
                if isSkillFile { entry = entry.setting("description", to: .string(skill.description)) }
                entries.append(entry)
            }
        }
        return entries
    }

    private func readResource(_ params: JSONValue, era: Era) throws(JSONRPC.Failure) -> JSONValue {
        guard let uri = params["uri"]?.stringValue else {
            throw .init(JSONRPC.Code.invalidParams, "Invalid params: resources/read needs a string 'uri'")
        }
        let notFound = { (why: String) in
            JSONRPC.Failure(
                era.isModern ? JSONRPC.Code.invalidParams : JSONRPC.Code.resourceNotFound,
                "Resource not found: \(why)", data: ["uri": .string(uri)])
        }
        let prefix = "skill://"
        guard uri.hasPrefix(prefix) else { throw notFound("only skill:// URIs are served") }
        let rest = uri.dropFirst(prefix.count)
        guard let slash = rest.firstIndex(of: "/") else { throw notFound("expected skill://<name>/<path>") }
        let name = String(rest[..<slash])
        let path = String(rest[rest.index(after: slash)...])
        guard let skill = dispatcher.catalog.skill(named: name) else { throw notFound("no skill named '\(name)'") }
        do {
            let text = try SkillFiles(skill).read(path)
            return [
                "contents": [
                    ["uri": .string(uri), "mimeType": .string(SkillFiles.mimeType(path)), "text": .string(text)]
                ]
            ]
        } catch {
            throw notFound("\(error)")
        }
    }

    // MARK: - tools/call

    func callTool(id: JSONValue, params: JSONValue, era: Era, reply: @escaping @Sendable (JSONValue?) -> Void) {
        guard let name = params["name"]?.stringValue else {
            reply(
                JSONRPC.error(
                    id: id, .init(JSONRPC.Code.invalidParams, "Invalid params: tools/call needs a string 'name'")))
            return
        }
        let arguments = params["arguments"] ?? .object([:])
        guard case .object = arguments else {
            reply(
                JSONRPC.error(
                    id: id, .init(JSONRPC.Code.invalidParams, "Invalid params: 'arguments' must be an object")))
            return
        }
        do {
            _ = try dispatcher.tool(named: name)
        } catch {
            reply(JSONRPC.error(id: id, .init(JSONRPC.Code.invalidParams, "Unknown tool: \(error)")))
            return
        }
        let cancellation = Cancellation()
        guard register(id, cancellation) else {
            reply(
                JSONRPC.error(
                    id: id,
                    .init(
                        JSONRPC.Code.invalidRequest,
                        "Invalid Request: id \(JSONCoding.encodeString(id)) is already in use")))
            return
        }
        let progress = progressReporter(token: params["_meta"]?["progressToken"])
        let options = CallOptions(
            channel: channel(for: era, id: id, name: name, params: params, arguments: arguments),
            context: HandlerContext(progress: progress, cancellation: cancellation, log: log))
        Task { [self] in
            let response: JSONValue
            do {
                let result = try await dispatcher.call(name, arguments: arguments, options: options)
                response = JSONRPC.response(
                    id: id, result: toolResult(result, name: name, arguments: arguments, era: era))
            } catch {
                response = JSONRPC.error(id: id, .init(JSONRPC.Code.invalidParams, "Unknown tool: \(error)"))
            }
            progress.finish()
            reply(finish(id) ? .some(response) : .none)
        }
    }

    private func channel(for era: Era, id: JSONValue, name: String, params: JSONValue, arguments: JSONValue)
        -> any ConfirmationChannel
    {
        switch era {
        case .legacy(let canElicit, let version):
            guard canElicit else { return NoConfirmationChannel() }
            // `mode` arrived with 2025-11-25; older clients validate against a schema without it.
            let includeMode = (version ?? ProtocolVersion.legacy[0]) >= "2025-11-25"
            return ElicitationChannel(
                ask: { [self] params, cancellation in
                    await ask("elicitation/create", params: params, cancellation: cancellation)
                },
                includeMode: includeMode)
        case .modern(let canElicit):
            guard let state = params["requestState"]?.stringValue else {
                return InputRequiredChannel(canAsk: canElicit, retry: nil)
            }
            switch seal.open(state, tool: name, arguments: arguments) {
            case .success(let contents):
                let response = params["inputResponses"]?[ConfirmationForm.key]
                return InputRequiredChannel(
                    canAsk: canElicit, retry: .answered(digest: contents.digest, response: response))
            case .failure(let untrusted):
                return InputRequiredChannel(canAsk: canElicit, retry: .untrusted(untrusted.reason))
            }
        }
    }

    private func progressReporter(token: JSONValue?) -> ProgressReporter {
        guard let token, token.stringValue != nil || token.intValue != nil else { return .silent }
        return ProgressReporter { [self] progress, total, message in
            var params: JSONValue = ["progressToken": token, "progress": .double(progress)]
            if let total { params = params.setting("total", to: .double(total)) }
            if let message { params = params.setting("message", to: .string(message)) }
            send(JSONRPC.notification("notifications/progress", params: params))
        }
    }

    private func toolResult(_ result: CallResult, name: String, arguments: JSONValue, era: Era) -> JSONValue {
        switch result {
        case .output(let output):
            return complete(
                [
                    "content": [["type": "text", "text": .string(output.text)]],
                    "structuredContent": output.structured,
                    "isError": .bool(output.isError),
                ], era)
        case .inputRequired(let request):
            return [
                "resultType": "input_required",
                "inputRequests": [
                    ConfirmationForm.key: [
                        "method": "elicitation/create",
                        "params": ConfirmationForm.params(request, includeMode: true),
                    ]
                ],
                "requestState": .string(seal.seal(tool: name, digest: request.digest, arguments: arguments)),
            ]
        }
    }

    // MARK: - Instructions

    /// What the assistant reads on connecting. Models tend to ignore skill files served beside
    /// tools unless told to read them first, so the instructions say so plainly.
    static func instructions(for dispatcher: Dispatcher) -> String {
        var lines = [
            "skillhost moves Databricks jobs to Oracle AI Data Platform (AIDP) and runs them there.",
            "Before calling a skill's tool for the first time, read its instructions: the resource skill://<name>/SKILL.md, or the read-skill tool with {\"name\": \"<name>\"}.",
            "Tools that change files accept \"dryRun\": true to show their plan first. If a call is refused with status \"confirmation-required\", show the user what is at stake and repeat the call with \"confirm\" only after the user explicitly agrees.",
            "Skills:",
        ]
        for skill in dispatcher.catalog.skills {
            let state: String
            switch dispatcher.availability(of: skill) {
            case .available: state = ""
            case .unavailable(let reason): state = " (not callable: \(reason))"
            }
            let firstSentence =
                skill.description.split(separator: ".", maxSplits: 1).first.map(String.init) ?? skill.description
            lines.append("- \(skill.name)\(state): \(firstSentence.trimmingCharacters(in: .whitespacesAndNewlines)).")
        }
        return lines.joined(separator: "\n")
    }
}
