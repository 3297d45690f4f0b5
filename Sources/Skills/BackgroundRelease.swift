import Dispatch
import Synchronization

/// Holds a large value for one later use, then lets it go on a background thread.
///
/// A prepared migration of thousands of notebooks is tens of megabytes in small allocations;
/// freeing them takes longer than printing the result, so the caller should not wait for it.
final class BackgroundRelease<Value: Sendable>: Sendable {
    private let slot: Mutex<Value?>
    private let used = Atomic(false)

    init(_ value: Value) {
        slot = Mutex(value)
    }

    /// Runs `body` with the value, then drops the value off the calling thread. The value is used
    /// once: a second call finds nothing and returns nil.
    func consume<Result>(_ body: (Value) throws -> Result) rethrows -> Result? {
        guard !used.exchange(true, ordering: .acquiringAndReleasing) else { return nil }
        defer { DispatchQueue.global(qos: .utility).async { [self] in slot.withLock { $0 = nil } } }
        return try run(body)
    }

    /// The copy `body` sees dies when this returns, before the slot is emptied: the background
    /// block then holds the last reference and frees the value. A copy still alive in the
    /// caller would race that block for the last release, and often win.
    private func run<Result>(_ body: (Value) throws -> Result) rethrows -> Result {
        // Only the background block empties the slot, and it is started after the one use.
        guard let value = slot.withLock({ $0 }) else { preconditionFailure("the value was freed before its use") }
        return try body(value)
    }
}
