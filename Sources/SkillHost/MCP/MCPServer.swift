import Foundation

/// `skillhost serve`: a session on stdin/stdout until the client closes stdin.
public enum MCPServer {
    public static func serve(
        dispatcher: Dispatcher, info: MCPSession.ServerInfo, log: @escaping @Sendable (String) -> Void
    ) async {
        let transport = StdioTransport()
        let session = MCPSession(dispatcher: dispatcher, info: info, write: transport.write, log: log)
        log("serving \(dispatcher.tools.count) tool(s) over MCP on stdio")
        await withCheckedContinuation { (eof: CheckedContinuation<Void, Never>) in
            transport.startReading(
                onLine: session.receive,
                onOversized: { session.rejectOversizedFrame() },
                onEOF: { eof.resume() })
        }
        session.close()
        await session.waitForInFlight(timeout: 2)
    }
}

extension MCPSession {
    public func rejectOversizedFrame() {
        send(
            JSONRPC.error(
                id: .null,
                .init(
                    JSONRPC.Code.invalidRequest,
                    "Invalid Request: frame larger than \(StdioTransport.maxFrameBytes >> 20) MiB")))
    }
}
