import Synchronization

/// Set once when the caller gives up on a request (MCP `notifications/cancelled`, stdin EOF,
/// Ctrl-C). Long work checks it between units, so stopping never leaves half a unit behind.
public final class Cancellation: Sendable {
    private let state = Mutex<(cancelled: Bool, handlers: [@Sendable () -> Void])>((false, []))

    public init() {}

    public var isCancelled: Bool { state.withLock { $0.cancelled } }

    public func cancel() {
        let handlers = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.cancelled else { return [] }
            state.cancelled = true
            defer { state.handlers = [] }
            return state.handlers
        }
        for handler in handlers { handler() }
    }

    /// Runs `handler` when cancelled, at once if already cancelled.
    public func onCancel(_ handler: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            if state.cancelled { return true }
            state.handlers.append(handler)
            return false
        }
        if runNow { handler() }
    }

    /// Throws `CancellationError` when cancelled: the handler's way to stop between units.
    public func check() throws {
        if isCancelled { throw CancellationError() }
    }
}
