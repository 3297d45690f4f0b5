import Dispatch
import Synchronization

/// Holds a large value for one later use, then lets it go on a background thread; a value never
/// used (a dry run, a plan waiting for confirmation) goes the same way when the holder dies.
///
/// A prepared migration of thousands of notebooks is tens of megabytes in small allocations;
/// freeing them takes longer than printing the result, so the caller should not wait for it.
final class BackgroundRelease<Value: Sendable>: Sendable {
    /// A reference of its own, so the background block can empty it after the holder is gone.
    private final class Slot: Sendable {
        let value: Mutex<Value?>
        init(_ value: Value) { self.value = Mutex(value) }
    }

    private let slot: Slot
    private let used = Atomic(false)

    init(_ value: Value) {
        slot = Slot(value)
    }

    deinit {
        if !used.load(ordering: .acquiring) { Self.empty(slot) }
    }

    /// Runs `body` with the value, then drops the value off the calling thread. The value is used
    /// once: a second call finds nothing and returns nil.
    func consume<Result>(_ body: (Value) throws -> Result) rethrows -> Result? {
        guard !used.exchange(true, ordering: .acquiringAndReleasing) else { return nil }
        defer { Self.empty(slot) }
        return try run(body)
    }

    /// Only the background block empties the slot, so the last reference to the value is never
    /// a local of the calling thread.
    private static func empty(_ slot: Slot) {
        DispatchQueue.global(qos: .utility).async { slot.value.withLock { $0 = nil } }
    }

    /// The copy `body` sees dies when this returns, before the slot is emptied: the background
    /// block then holds the last reference and frees the value. A copy still alive in the
    /// caller would race that block for the last release, and often win.
    private func run<Result>(_ body: (Value) throws -> Result) rethrows -> Result {
        // The slot is emptied only after the one use.
        guard let value = slot.value.withLock({ $0 }) else { preconditionFailure("the value was freed before its use") }
        return try body(value)
    }
}
