import Foundation
import JSON
import Synchronization
import Testing

@testable import SkillHost

/// Drives an `MCPSession` in memory: lines in, frames out, no pipes or processes.
final class MCPTestClient: Sendable {
    let session: MCPSession
    private let box = FrameBox()

    init(_ dispatcher: Dispatcher) {
        let box = self.box
        session = MCPSession(dispatcher: dispatcher, info: .init(version: "test"), write: { box.append($0) })
    }

    func send(_ message: JSONValue) {
        session.receive(JSONCoding.encode(message))
    }

    func sendRaw(_ text: String) {
        session.receive(Data(text.utf8))
    }

    var all: [JSONValue] { box.frames }
    var lines: [String] { box.lines }

    /// The first frame matching `predicate`, waiting up to `timeout` seconds for it. The deadline is
    /// generous because the whole suite shares two cores; a frame that arrives returns at once.
    func waitFor(timeout: Double = 60, _ predicate: (JSONValue) -> Bool) async throws -> JSONValue {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let frame = all.first(where: predicate) { return frame }
            try await Task.sleep(nanoseconds: 1_000_000)
        }
        throw TimeoutError(description: "no matching frame; got \(all)")
    }

    func response(to id: JSONValue, timeout: Double = 60) async throws -> JSONValue {
        try await waitFor(timeout: timeout) { $0["id"] == id && $0["method"] == nil }
    }

    func request(_ id: Int64, _ method: String, _ params: JSONValue = [:]) async throws -> JSONValue {
        send(["jsonrpc": "2.0", "id": .int(id), "method": .string(method), "params": params])
        return try await response(to: .int(id))
    }

    func handshake(version: String = "2025-11-25", capabilities: JSONValue = [:]) async throws -> JSONValue {
        let reply = try await request(
            1000, "initialize",
            [
                "protocolVersion": .string(version), "capabilities": capabilities,
                "clientInfo": ["name": "t", "version": "0"],
            ])
        send(["jsonrpc": "2.0", "method": "notifications/initialized"])
        return reply
    }

    struct TimeoutError: Error, CustomStringConvertible {
        var description: String
    }
}

final class FrameBox: Sendable {
    private let state = Mutex<(frames: [JSONValue], lines: [String])>(([], []))

    func append(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        let frame = (try? JSONCoding.decode(data)) ?? .string("UNPARSEABLE: \(text)")
        state.withLock {
            $0.lines.append(text)
            $0.frames.append(frame)
        }
    }

    var frames: [JSONValue] { state.withLock { $0.frames } }
    var lines: [String] { state.withLock { $0.lines } }
}

let modernMeta: JSONValue = [
    "io.modelcontextprotocol/protocolVersion": "2026-07-28",
    "io.modelcontextprotocol/clientCapabilities": ["elicitation": ["form": [:]]],
    "io.modelcontextprotocol/clientInfo": ["name": "t", "version": "0"],
]
