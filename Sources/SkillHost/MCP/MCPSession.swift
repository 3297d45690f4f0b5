import Durable
import Foundation
import JSON
import Synchronization

/// One MCP connection's logic: frames in, frames out. It knows nothing of file descriptors, so
/// tests drive it in memory and the stdio transport is a thin shell around it.
///
/// Dual-era: a connection that starts with `initialize` is handshake-era for its whole life; a
/// request carrying the 2026-07-28 `_meta` is served statelessly.
public final class MCPSession: Sendable {
    public struct ServerInfo: Sendable {
        public var name: String
        public var version: String

        public init(name: String = "skillhost", version: String) {
            self.name = name
            self.version = version
        }
    }

    let dispatcher: Dispatcher
    let info: ServerInfo
    let write: @Sendable (Data) -> Void
    let log: @Sendable (String) -> Void
    let seal: RequestStateSeal
    let toolsJSON: JSONValue
    let instructions: String
    private let state = Mutex(State())

    struct State {
        /// Set by `initialize`: the negotiated handshake-era version.
        var legacyVersion: String?
        var legacyCanElicit = false
        var inFlight: [JSONValue: Cancellation] = [:]
        var pending: [String: CheckedContinuation<JSONValue?, Never>] = [:]
        var nextServerRequest = 0
        var closed = false
    }

    /// How one request is served: which era, and whether the client can be asked.
    enum Era {
        case legacy(canElicit: Bool, version: String?)
        case modern(canElicit: Bool)

        var isModern: Bool {
            if case .modern = self { return true }
            return false
        }
    }

    public init(
        dispatcher: Dispatcher, info: ServerInfo, write: @escaping @Sendable (Data) -> Void,
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.dispatcher = dispatcher
        self.info = info
        self.write = write
        self.log = log
        self.seal = RequestStateSeal(key: SecureRandom.bytes(32))
        self.toolsJSON = .array(dispatcher.tools.map(\.json))
        self.instructions = Self.instructions(for: dispatcher)
    }

    // MARK: - Frames in

    /// Handles one line from the client. Never blocks on a tool: tool calls run in tasks, so the
    /// reader keeps reading (it must, to see elicitation answers and cancellations).
    public func receive(_ line: Data) {
        var bytes = line[...]
        while let last = bytes.last,
            last == UInt8(ascii: "\r") || last == UInt8(ascii: " ") || last == UInt8(ascii: "\t")
        {
            bytes = bytes.dropLast()
        }
        guard !bytes.isEmpty else { return }
        let value: JSONValue
        do {
            value = try JSONCoding.decode(Data(bytes))
        } catch {
            send(JSONRPC.error(id: .null, .init(JSONRPC.Code.parseError, "Parse error: \(error)")))
            return
        }
        if case .array(let items) = value {
            receiveBatch(items)
            return
        }
        handle(JSONRPC.Message(value)) { [self] response in
            if let response { send(response) }
        }
    }

    /// Batches exist only in 2025-03-26; elsewhere an array is an invalid request.
    private func receiveBatch(_ items: [JSONValue]) {
        let version = state.withLock { $0.legacyVersion }
        guard version == "2025-03-26", !items.isEmpty else {
            send(
                JSONRPC.error(
                    id: .null,
                    .init(
                        JSONRPC.Code.invalidRequest,
                        "Invalid Request: batches are not accepted in this protocol version")))
            return
        }
        let collected = Mutex<(remaining: Int, responses: [JSONValue])>((items.count, []))
        for item in items {
            handle(JSONRPC.Message(item)) { [self] response in
                let done = collected.withLock { collected -> [JSONValue]? in
                    if let response { collected.responses.append(response) }
                    collected.remaining -= 1
                    return collected.remaining == 0 ? collected.responses : nil
                }
                if let done, !done.isEmpty { send(.array(done)) }
            }
        }
    }

    /// `reply` is called exactly once: with the response, or `nil` when none is due
    /// (notifications, responses, cancelled requests).
    private func handle(_ message: JSONRPC.Message, reply: @escaping @Sendable (JSONValue?) -> Void) {
        switch message {
        case .invalid(let id, let reason):
            reply(JSONRPC.error(id: id, .init(JSONRPC.Code.invalidRequest, "Invalid Request: \(reason)")))
        case .notification(let method, let params):
            notification(method, params: params)
            reply(nil)
        case .response(let id, let body):
            if case .string(let key) = id { resolve(key, with: body) }
            reply(nil)
        case .request(let id, let method, let params):
            request(id: id, method: method, params: params, reply: reply)
        }
    }

    private func notification(_ method: String, params: JSONValue) {
        switch method {
        case "notifications/cancelled":
            guard let id = params["requestId"] else { return }
            let cancellation = state.withLock { $0.inFlight[id] }
            cancellation?.cancel()
        default:
            break  // notifications/initialized and anything unknown need no action
        }
    }

    private func request(
        id: JSONValue, method: String, params: JSONValue, reply: @escaping @Sendable (JSONValue?) -> Void
    ) {
        if method == "initialize" {
            reply(JSONRPC.response(id: id, result: initialize(params)))
            return
        }
        let era: Era
        switch resolveEra(params) {
        case .success(let value): era = value
        case .failure(let failure):
            reply(JSONRPC.error(id: id, failure))
            return
        }
        if method == "tools/call" {
            callTool(id: id, params: params, era: era, reply: reply)
            return
        }
        do {
            let result = try answer(method, params: params, era: era)
            reply(JSONRPC.response(id: id, result: result))
        } catch {
            reply(JSONRPC.error(id: id, error))
        }
    }

    /// Modern iff the request carries the 2026-07-28 `_meta` and no handshake happened.
    private func resolveEra(_ params: JSONValue) -> Result<Era, JSONRPC.Failure> {
        let (legacyVersion, canElicit) = state.withLock { ($0.legacyVersion, $0.legacyCanElicit) }
        let meta = params["_meta"]
        guard legacyVersion == nil, let version = meta?[ProtocolVersion.metaVersionKey] else {
            return .success(.legacy(canElicit: canElicit, version: legacyVersion))
        }
        guard let text = version.stringValue, ProtocolVersion.modern.contains(text) else {
            return .failure(
                .init(
                    JSONRPC.Code.unsupportedProtocolVersion, "Unsupported protocol version",
                    data: ["supported": .array(ProtocolVersion.all.map { .string($0) }), "requested": version]))
        }
        guard let capabilities = meta?[ProtocolVersion.metaCapabilitiesKey]?.objectValue else {
            return .failure(
                .init(JSONRPC.Code.invalidParams, "Invalid params: _meta lacks \(ProtocolVersion.metaCapabilitiesKey)"))
        }
        return .success(.modern(canElicit: Self.canElicitForm(capabilities["elicitation"])))
    }

    /// Form elicitation is declared by `elicitation: {}` (2025-06-18 style) or `{form: {}}`.
    static func canElicitForm(_ elicitation: JSONValue?) -> Bool {
        guard case .object(let modes)? = elicitation else { return false }
        return modes.isEmpty || modes["form"] != nil
    }

    // MARK: - Frames out

    func send(_ message: JSONValue) {
        var data = JSONCoding.encode(message)
        data.append(UInt8(ascii: "\n"))
        write(data)
    }

    /// A server→client request (elicitation); `nil` when the call is cancelled or the
    /// connection closes before the answer.
    func ask(_ method: String, params: JSONValue, cancellation: Cancellation) async -> JSONValue? {
        await withCheckedContinuation { continuation in
            let id = state.withLock { state -> String? in
                guard !state.closed else { return nil }
                state.nextServerRequest += 1
                let id = "s-\(state.nextServerRequest)"
                state.pending[id] = continuation
                return id
            }
            guard let id else {
                continuation.resume(returning: nil)
                return
            }
            cancellation.onCancel { [self] in resolve(id, with: nil) }
            send(JSONRPC.request(id: .string(id), method: method, params: params))
        }
    }

    private func resolve(_ id: String, with response: JSONValue?) {
        let continuation = state.withLock { $0.pending.removeValue(forKey: id) }
        continuation?.resume(returning: response)
    }

    // MARK: - Lifetime

    /// stdin reached EOF: stop all work; nothing more will be sent.
    public func close() {
        let (cancellations, pending) = state.withLock { state in
            state.closed = true
            defer { state.pending = [:] }
            return (Array(state.inFlight.values), Array(state.pending.values))
        }
        for cancellation in cancellations { cancellation.cancel() }
        for continuation in pending { continuation.resume(returning: nil) }
    }

    /// Waits until running tool calls have stopped, at most `timeout` seconds, so a call can
    /// finish its current unit of work before the process exits.
    public func waitForInFlight(timeout: TimeInterval) async {
        let deadline = Date().addingTimeInterval(timeout)
        while state.withLock({ !$0.inFlight.isEmpty }), Date() < deadline {
            try? await Task.sleep(nanoseconds: 5_000_000)
        }
    }

    func register(_ id: JSONValue, _ cancellation: Cancellation) -> Bool {
        state.withLock { state in
            guard !state.closed, state.inFlight[id] == nil else { return false }
            state.inFlight[id] = cancellation
            return true
        }
    }

    /// Forgets a finished call; false when it was cancelled, and so must get no response.
    func finish(_ id: JSONValue) -> Bool {
        let cancellation = state.withLock { $0.inFlight.removeValue(forKey: id) }
        return !(cancellation?.isCancelled ?? true)
    }

    func recordHandshake(version: String, canElicit: Bool) {
        state.withLock {
            $0.legacyVersion = version
            $0.legacyCanElicit = canElicit
        }
    }
}
