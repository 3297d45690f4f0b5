import Foundation
import JSON
import Testing

@testable import SkillHost

/// The MCP session in memory: handshake, both eras, errors, and the confirmation channels.
@Suite struct MCPSessionTests {
    let edited = [Effect(.overwriteEdited, "notes.md")]

    @Test(arguments: ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"])
    func initializeEchoesASupportedVersion(_ version: String) async throws {
        let client = MCPTestClient(makeDispatcher([]))
        let reply = try await client.handshake(version: version)
        #expect(reply["result"]?["protocolVersion"] == .string(version))
        #expect(reply["result"]?["serverInfo"]?["name"] == "skillhost")
        #expect(reply["result"]?["instructions"]?.stringValue?.contains("read-skill") == true)
    }

    @Test(arguments: ["1999-01-01", "2026-07-28", ""])
    func initializeCounterOffersTheNewestHandshakeVersion(_ version: String) async throws {
        let reply = try await MCPTestClient(makeDispatcher([])).handshake(version: version)
        #expect(reply["result"]?["protocolVersion"] == "2025-11-25")
    }

    @Test func pingIsAnsweredBeforeInitialize() async throws {
        let reply = try await MCPTestClient(makeDispatcher([])).request(1, "ping")
        #expect(reply["result"] == [:])
    }

    @Test func unparseableLineGetsParseErrorWithNullIdAndServingContinues() async throws {
        let client = MCPTestClient(makeDispatcher([]))
        client.sendRaw("{not json")
        let error = try await client.waitFor { $0["error"]?["code"] == -32700 }
        #expect(error["id"] == .null)
        #expect(try await client.request(2, "ping")["result"] == [:])
    }

    @Test func unknownMethodIsMethodNotFound() async throws {
        let reply = try await MCPTestClient(makeDispatcher([])).request(1, "no/such")
        #expect(reply["error"]?["code"] == -32601)
    }

    @Test func notificationsGetNoResponse() async throws {
        let client = MCPTestClient(makeDispatcher([]))
        client.send(["jsonrpc": "2.0", "method": "notifications/initialized"])
        client.send(["jsonrpc": "2.0", "method": "notifications/whatever", "params": ["x": 1]])
        _ = try await client.request(9, "ping")
        #expect(client.all.count == 1)
    }

    @Test func batchIsInvalidUnless20250326WasNegotiated() async throws {
        let client = MCPTestClient(makeDispatcher([]))
        _ = try await client.handshake(version: "2025-06-18")
        client.sendRaw(#"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#)
        #expect(try await client.waitFor { $0["error"]?["code"] == -32600 }["id"] == .null)

        let old = MCPTestClient(makeDispatcher([]))
        _ = try await old.handshake(version: "2025-03-26")
        old.sendRaw(
            #"[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/x"},{"jsonrpc":"2.0","id":2,"method":"ping"}]"#
        )
        let batch = try await old.waitFor { $0.arrayValue != nil }
        #expect(batch.arrayValue?.compactMap { $0["id"]?.intValue }.sorted() == [1, 2])
    }

    @Test func crlfTerminatedLineIsAccepted() async throws {
        let client = MCPTestClient(makeDispatcher([]))
        client.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}\r")
        #expect(try await client.response(to: 3)["result"] == [:])
    }

    @Test func everyFrameIsOneLineEndingInNewline() async throws {
        let client = MCPTestClient(makeDispatcher([StubHandler(effects: [])]))
        _ = try await client.handshake()
        _ = try await client.request(2, "tools/list")
        _ = try await client.request(3, "tools/call", ["name": "stub", "arguments": ["name": "line\nbreak"]])
        for line in client.lines {
            #expect(line.hasSuffix("\n"))
            #expect(!line.dropLast().contains("\n"))
            #expect(!line.contains("\r"))
        }
    }

    @Test func toolsListIsSortedAndCarriesSchemasAndAnnotations() async throws {
        let dispatcher = makeDispatcher([StubHandler(id: "zeta", effects: []), StubHandler(id: "alpha", effects: [])])
        let reply = try await MCPTestClient(dispatcher).request(1, "tools/list")
        let tools = try #require(reply["result"]?["tools"]?.arrayValue)
        #expect(tools.compactMap { $0["name"]?.stringValue } == ["alpha", "read-skill", "zeta"])
        for tool in tools {
            #expect(tool["inputSchema"]?["type"] == "object")
            #expect(tool["outputSchema"] != nil)
            #expect(tool["annotations"]?["readOnlyHint"] != nil)
        }
        #expect(tools[0]["inputSchema"]?["properties"]?["dryRun"] != nil)
    }

    @Test func unknownToolIsInvalidParams() async throws {
        let reply = try await MCPTestClient(makeDispatcher([])).request(
            1, "tools/call", ["name": "nope", "arguments": [:]])
        #expect(reply["error"]?["code"] == -32602)
    }

    @Test func badArgumentsAreAnIsErrorResult() async throws {
        let reply = try await MCPTestClient(makeDispatcher([StubHandler(effects: [])])).request(
            1, "tools/call", ["name": "stub", "arguments": ["count": "x"]])
        #expect(reply["result"]?["isError"] == true)
        #expect(reply["result"]?["content"]?.arrayValue?.first?["type"] == "text")
    }

    // MARK: legacy elicitation

    private func elicitedCall(answer: JSONValue?, capabilities: JSONValue = ["elicitation": [:]]) async throws -> (
        JSONValue, StubHandler
    ) {
        let handler = StubHandler(effects: edited)
        let client = MCPTestClient(makeDispatcher([handler]))
        _ = try await client.handshake(capabilities: capabilities)
        client.send(["jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": ["name": "stub", "arguments": [:]]])
        if capabilities["elicitation"] != nil {
            let ask = try await client.waitFor { $0["method"] == "elicitation/create" }
            #expect(ask["params"]?["requestedSchema"]?["properties"]?["confirm"]?["type"] == "boolean")
            #expect(ask["params"]?["message"]?.stringValue?.contains("notes.md") == true)
            var reply: JSONValue = ["jsonrpc": "2.0", "id": ask["id"]!]
            if let answer {
                reply = reply.setting("result", to: answer)
            } else {
                reply = reply.setting("error", to: ["code": -32601, "message": "Elicitation not supported"])
            }
            client.send(reply)
        }
        return (try await client.response(to: 7), handler)
    }

    @Test func elicitationAcceptWithTrueApplies() async throws {
        let (reply, handler) = try await elicitedCall(answer: ["action": "accept", "content": ["confirm": true]])
        #expect(reply["result"]?["isError"] == false)
        #expect(handler.applyCount == 1)
    }

    static let refusingAnswers: [JSONValue] = [
        ["action": "decline"], ["action": "cancel"], ["action": "accept", "content": ["confirm": 1]],
        ["action": "accept", "content": ["confirm": false]], ["action": "accept"],
    ]

    @Test(arguments: refusingAnswers)
    func elicitationAnythingButAcceptTrueRefuses(_ answer: JSONValue) async throws {
        let (reply, handler) = try await elicitedCall(answer: answer)
        #expect(reply["result"]?["isError"] == true)
        #expect(reply["result"]?["structuredContent"]?["status"] == "confirmation-required")
        #expect(handler.applyCount == 0)
    }

    @Test func elicitationErrorMeansTheClientCannotAsk() async throws {
        let (reply, handler) = try await elicitedCall(answer: nil)
        #expect(reply["result"]?["structuredContent"]?["reason"] == "this client cannot ask the user directly")
        #expect(handler.applyCount == 0)
    }

    @Test func clientWithoutElicitationIsRefusedWithTheDigest() async throws {
        let (reply, handler) = try await elicitedCall(answer: nil, capabilities: [:])
        #expect(reply["result"]?["structuredContent"]?["digest"]?.stringValue?.count == 64)
        #expect(handler.applyCount == 0)
    }

    @Test func urlOnlyElicitationCannotAskAForm() {
        #expect(MCPSession.canElicitForm(["url": [:]]) == false)
        #expect(MCPSession.canElicitForm(["form": [:]]) == true)
        #expect(MCPSession.canElicitForm([:]) == true)
        #expect(MCPSession.canElicitForm(nil) == false)
    }

    // MARK: 2026-07-28

    @Test func discoverAnswersWithVersionsAndCacheFields() async throws {
        let reply = try await MCPTestClient(makeDispatcher([])).request(1, "server/discover", ["_meta": modernMeta])
        let result = try #require(reply["result"])
        #expect(result["resultType"] == "complete")
        #expect(result["supportedVersions"] == ["2026-07-28"])
        #expect(result["_meta"]?["io.modelcontextprotocol/serverInfo"]?["name"] == "skillhost")
        #expect(result["ttlMs"] != nil && result["cacheScope"] != nil)
    }

    @Test func unsupportedModernVersionIsError32022() async throws {
        let meta = modernMeta.setting("io.modelcontextprotocol/protocolVersion", to: "1900-01-01")
        let reply = try await MCPTestClient(makeDispatcher([])).request(1, "tools/list", ["_meta": meta])
        #expect(reply["error"]?["code"] == -32022)
        #expect(reply["error"]?["data"]?["requested"] == "1900-01-01")
        #expect(reply["error"]?["data"]?["supported"]?.arrayValue?.contains("2026-07-28") == true)
    }

    @Test func modernRequestWithoutCapabilitiesIsInvalidParams() async throws {
        let meta = modernMeta.setting("io.modelcontextprotocol/clientCapabilities", to: nil)
        let reply = try await MCPTestClient(makeDispatcher([])).request(1, "tools/list", ["_meta": meta])
        #expect(reply["error"]?["code"] == -32602)
    }

    @Test func modernListCarriesResultTypeAndCacheFields() async throws {
        let reply = try await MCPTestClient(makeDispatcher([])).request(1, "tools/list", ["_meta": modernMeta])
        #expect(reply["result"]?["resultType"] == "complete")
        #expect(reply["result"]?["ttlMs"] != nil)
        #expect(reply["result"]?["cacheScope"] == "public")
    }

    private func modernCall(_ client: MCPTestClient, id: Int64, extra: JSONValue = [:]) async throws -> JSONValue {
        var params: JSONValue = ["name": "stub", "arguments": [:], "_meta": modernMeta]
        for (key, value) in extra.objectValue ?? [:] { params = params.setting(key, to: value) }
        return try await client.request(id, "tools/call", params)
    }

    @Test func modernConfirmationIsAnInputRequiredRoundTrip() async throws {
        let handler = StubHandler(effects: edited)
        let client = MCPTestClient(makeDispatcher([handler]))
        let first = try await modernCall(client, id: 1)
        #expect(first["result"]?["resultType"] == "input_required")
        let request = try #require(first["result"]?["inputRequests"]?["skillhost-confirm"])
        #expect(request["method"] == "elicitation/create")
        let state = try #require(first["result"]?["requestState"])
        #expect(handler.applyCount == 0)

        let retry = try await modernCall(
            client, id: 2,
            extra: [
                "requestState": state,
                "inputResponses": ["skillhost-confirm": ["action": "accept", "content": ["confirm": true]]],
            ])
        #expect(retry["result"]?["resultType"] == "complete")
        #expect(retry["result"]?["isError"] == false)
        #expect(handler.applyCount == 1)
    }

    @Test func tamperedRequestStateIsRefused() async throws {
        let handler = StubHandler(effects: edited)
        let client = MCPTestClient(makeDispatcher([handler]))
        let first = try await modernCall(client, id: 1)
        let state = try #require(first["result"]?["requestState"]?.stringValue)
        let forged = String(state.dropLast()) + (state.hasSuffix("0") ? "1" : "0")
        let retry = try await modernCall(
            client, id: 2,
            extra: [
                "requestState": .string(forged),
                "inputResponses": ["skillhost-confirm": ["action": "accept", "content": ["confirm": true]]],
            ])
        #expect(retry["result"]?["isError"] == true)
        #expect(retry["result"]?["structuredContent"]?["reason"]?.stringValue?.contains("verification") == true)
        #expect(handler.applyCount == 0)
    }

    @Test func modernRetryWithoutAnswerAsksAgain() async throws {
        let handler = StubHandler(effects: edited)
        let client = MCPTestClient(makeDispatcher([handler]))
        let state = try #require(try await modernCall(client, id: 1)["result"]?["requestState"])
        let retry = try await modernCall(client, id: 2, extra: ["requestState": state])
        #expect(retry["result"]?["resultType"] == "input_required")
        #expect(handler.applyCount == 0)
    }

    @Test func modernRetryAfterThePlanChangedIsRefused() async throws {
        let handler = StubHandler(effects: edited)
        let client = MCPTestClient(makeDispatcher([handler]))
        let state = try #require(try await modernCall(client, id: 1)["result"]?["requestState"])
        handler.setEffects([Effect(.overwriteEdited, "other.md")])
        let retry = try await modernCall(
            client, id: 2,
            extra: [
                "requestState": state,
                "inputResponses": ["skillhost-confirm": ["action": "accept", "content": ["confirm": true]]],
            ])
        #expect(retry["result"]?["structuredContent"]?["status"] == "confirmation-required")
        #expect(handler.applyCount == 0)
    }

    @Test func requestStateIsBoundToToolAndArgumentsAndExpires() {
        let seal = RequestStateSeal(key: Array(repeating: 7, count: 32))
        let now = Date(timeIntervalSince1970: 1_000_000)
        let state = seal.seal(tool: "t", digest: "d", arguments: ["a": 1], now: now)
        #expect(
            (try? seal.open(state, tool: "t", arguments: ["a": 1, "dryRun": false], now: now).get())?.digest == "d")
        #expect((try? seal.open(state, tool: "u", arguments: ["a": 1], now: now).get()) == nil)
        #expect((try? seal.open(state, tool: "t", arguments: ["a": 2], now: now).get()) == nil)
        #expect((try? seal.open(state, tool: "t", arguments: ["a": 1], now: now.addingTimeInterval(3600)).get()) == nil)
        let other = RequestStateSeal(key: Array(repeating: 8, count: 32))
        #expect((try? other.open(state, tool: "t", arguments: ["a": 1], now: now).get()) == nil)
    }
}
