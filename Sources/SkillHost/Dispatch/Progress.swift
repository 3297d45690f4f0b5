import Foundation
import Synchronization

/// Reports how far long work has got. Whoever serves the call decides where reports go (MCP
/// progress notifications, a terminal line); the reporter keeps them sane for every channel:
/// strictly increasing, at most one every `minimumInterval` (the last one always passes), and
/// none after `finish()`, because MCP forbids progress after the response.
public final class ProgressReporter: Sendable {
    public typealias Sink = @Sendable (_ progress: Double, _ total: Double?, _ message: String?) -> Void

    private struct State {
        var last: Double = -.infinity
        var lastSent: UInt64 = 0
        var finished = false
    }

    private let sink: Sink?
    private let minimumInterval: UInt64
    private let state = Mutex(State())

    /// A reporter that drops everything (no progress token, not a terminal).
    public static let silent = ProgressReporter(sink: nil)

    public init(sink: Sink?, minimumIntervalMilliseconds: UInt64 = 50) {
        self.sink = sink
        self.minimumInterval = minimumIntervalMilliseconds * 1_000_000
    }

    public func report(_ progress: Double, total: Double? = nil, message: String? = nil) {
        guard let sink else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let isLast = total.map { progress >= $0 } ?? false
        // The sink runs under the lock: reports come from several threads, and checking in one
        // order but sending in another would break "strictly increasing" on the wire.
        state.withLock { state in
            guard !state.finished, progress > state.last else { return }
            guard isLast || now &- state.lastSent >= minimumInterval else { return }
            state.last = progress
            state.lastSent = now
            sink(progress, total, message)
        }
    }

    /// Stops all further reports; called just before the response is sent.
    public func finish() {
        state.withLock { $0.finished = true }
    }
}
