import Foundation
import TestFixtures
import Testing

@testable import SkillHost

/// Long work over MCP: progress while it runs, silence after it is cancelled.
@Suite struct ProgressCancellationTests {
    @Test func progressNotificationsIncreaseAndStopBeforeTheResponse() async throws {
        let client = MCPTestClient(makeDispatcher([FixtureCountHandler()]))
        _ = try await client.handshake()
        let reply = try await client.request(
            5, "tools/call",
            ["name": "fixture-count", "arguments": ["steps": 5, "delayMs": 60], "_meta": ["progressToken": "tok"]])
        #expect(reply["result"]?["structuredContent"]?["counted"] == 5)
        let frames = client.all
        let responseIndex = try #require(frames.firstIndex { $0["id"] == 5 })
        let progress = frames.enumerated().filter { $0.element["method"] == "notifications/progress" }
        #expect(!progress.isEmpty)
        #expect(progress.allSatisfy { $0.offset < responseIndex })
        let values = progress.compactMap { $0.element["params"]?["progress"]?.doubleValue }
        #expect(values == values.sorted() && Set(values).count == values.count)
        #expect(values.last == 5)
        #expect(progress.allSatisfy { $0.element["params"]?["progressToken"] == "tok" })
    }

    @Test func noProgressWithoutAToken() async throws {
        let client = MCPTestClient(makeDispatcher([FixtureCountHandler()]))
        _ = try await client.request(
            1, "tools/call", ["name": "fixture-count", "arguments": ["steps": 3, "delayMs": 1]])
        #expect(!client.all.contains { $0["method"] == "notifications/progress" })
    }

    @Test func cancelledCallStopsAndGetsNoResponse() async throws {
        let client = MCPTestClient(makeDispatcher([FixtureCountHandler()]))
        _ = try await client.handshake()
        client.send([
            "jsonrpc": "2.0", "id": 8, "method": "tools/call",
            "params": ["name": "fixture-count", "arguments": ["steps": 1000, "delayMs": 5]],
        ])
        try await Task.sleep(nanoseconds: 50_000_000)
        client.send([
            "jsonrpc": "2.0", "method": "notifications/cancelled", "params": ["requestId": 8, "reason": "test"],
        ])
        await client.session.waitForInFlight(timeout: 5)
        _ = try await client.request(9, "ping")
        try await Task.sleep(nanoseconds: 50_000_000)
        #expect(!client.all.contains { $0["id"] == 8 })
    }

    @Test func closingTheSessionCancelsAPendingElicitation() async throws {
        let handler = StubHandler(effects: [Effect(.overwriteEdited, "x")])
        let client = MCPTestClient(makeDispatcher([handler]))
        _ = try await client.handshake(capabilities: ["elicitation": [:]])
        client.send(["jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": ["name": "stub", "arguments": [:]]])
        _ = try await client.waitFor { $0["method"] == "elicitation/create" }
        client.session.close()
        await client.session.waitForInFlight(timeout: 5)
        #expect(handler.applyCount == 0)
        #expect(!client.all.contains { $0["id"] == 3 })
    }

    @Test func reporterDropsRegressionsAndEverythingAfterFinish() {
        let seen = FrameBox()
        let reporter = ProgressReporter(
            sink: { progress, _, _ in seen.append(Data("\(progress)".utf8)) }, minimumIntervalMilliseconds: 0)
        reporter.report(1)
        reporter.report(1)
        reporter.report(0.5)
        reporter.report(2)
        reporter.finish()
        reporter.report(3)
        #expect(seen.lines == ["1.0", "2.0"])
    }
}

extension ProgressCancellationTests {
    @Test func cancelledCallWritesNothingAtAll() async throws {
        let client = MCPTestClient(makeDispatcher([FixtureCountHandler()]))
        client.send([
            "jsonrpc": "2.0", "id": 4, "method": "tools/call",
            "params": ["name": "fixture-count", "arguments": ["steps": 1000, "delayMs": 5]],
        ])
        try await Task.sleep(nanoseconds: 30_000_000)
        client.send(["jsonrpc": "2.0", "method": "notifications/cancelled", "params": ["requestId": 4]])
        await client.session.waitForInFlight(timeout: 5)
        #expect(client.lines.isEmpty, "\(client.lines)")
    }
}

extension ProgressCancellationTests {
    /// Work spread over threads reports out of order; what reaches the client must still only grow.
    @Test func reportsFromManyThreadsReachTheSinkStrictlyIncreasing() {
        let seen = FrameBox()
        let reporter = ProgressReporter(
            sink: { progress, _, _ in seen.append(Data("\(progress)".utf8)) }, minimumIntervalMilliseconds: 0)
        DispatchQueue.concurrentPerform(iterations: 2_000) { index in
            reporter.report(Double(index + 1), total: 2_000)
        }
        let values = seen.lines.compactMap(Double.init)
        #expect(!values.isEmpty)
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 < $1 }, "\(values.prefix(20))")
    }
}
