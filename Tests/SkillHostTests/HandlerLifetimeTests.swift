import Foundation
import JSON
import Synchronization
import Testing

@testable import SkillHost

/// Whether the process ends after a call is the front-end's to say: a terminal call does, a
/// server goes on. Handlers use it to leave large values for the exit instead of freeing them.
@Suite struct HandlerLifetimeTests {
    /// Records what each plan and apply was told.
    final class LifetimeRecorder: SkillHandler {
        let id = "lifetime"
        let annotations = ToolAnnotations(readOnly: false, destructive: false)
        var title: String { "Lifetime" }
        var inputSchema: JSONValue { ["type": "object"] }
        var outputSchema: JSONValue { ["type": "object"] }
        private let seen = Mutex<[Bool]>([])
        var told: [Bool] { seen.withLock { $0 } }

        func plan(_ arguments: JSONValue, context: HandlerContext) async throws -> Plan {
            seen.withLock { $0.append(context.processExitsAfterCall) }
            return Plan(summary: "nothing", effects: []) { [self] context in
                seen.withLock { $0.append(context.processExitsAfterCall) }
                return ToolOutput(text: "done", structured: ["status": "done"])
            }
        }
    }

    @Test func aTerminalCallSaysTheProcessEndsAfterIt() async {
        let handler = LifetimeRecorder()
        let code = await CommandLineTool(registry: HandlerRegistry()).call(
            CallCommand(tool: "lifetime", arguments: .inline("{}"), noInput: true),
            dispatcher: makeDispatcher([handler]))
        #expect(code == CommandLineTool.ExitCode.ok)
        #expect(handler.told == [true, true])
    }

    @Test func aServedCallSaysTheProcessGoesOn() async throws {
        let handler = LifetimeRecorder()
        let client = MCPTestClient(makeDispatcher([handler]))
        _ = try await client.handshake()
        let reply = try await client.request(2, "tools/call", ["name": "lifetime", "arguments": [:]])
        #expect(reply["result"]?["structuredContent"]?["status"] == "done")
        #expect(handler.told == [false, false])
    }
}
