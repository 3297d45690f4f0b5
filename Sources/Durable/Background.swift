import Dispatch
import Synchronization

/// A value worked out on another thread while the caller goes on with something else: for work
/// that does not need what the caller is doing, beside a stretch that leaves cores idle.
public final class Background<Value: Sendable>: Sendable {
    /// Where the work leaves its value. The work holds this rather than the holder: holding the
    /// holder, its last release could come inside the work, whose `deinit` would then wait for
    /// itself.
    private final class Slot: Sendable {
        let value = Mutex<Value?>(nil)
    }

    private let finished = DispatchGroup()
    private let slot = Slot()

    public init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async(group: finished) { [slot] in
            let value = work()
            slot.value.withLock { $0 = value }
        }
    }

    /// No work outlives its holder, even one that never asked for the value (an early throw): a
    /// call that returns leaves nothing running behind it, reading files after its lock is let go
    /// or taking cores from what comes next. Dropping the holder therefore blocks until the work
    /// ends, so neither make nor drop one inside a `concurrentMap` body, where blocked threads
    /// could starve the work of the queue's threads.
    deinit { finished.wait() }

    /// Waits for the work to end, then hands its value over; only the first call may ask.
    public func value() -> Value {
        finished.wait()
        guard let value = slot.value.withLock({ $0.take() }) else {
            preconditionFailure("a background value is handed over once")
        }
        return value
    }
}
