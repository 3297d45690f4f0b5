import Dispatch
import Synchronization

/// Holds a large value for one later use, then lets it go without the caller paying for it; a
/// value never used (a dry run, a plan waiting for confirmation) goes the same way when the
/// holder dies.
///
/// A prepared migration of thousands of notebooks is tens of megabytes in small allocations.
/// Freeing them takes longer than printing the result, and a thread that frees them contends with
/// the printing for the allocator's locks.
final class DeferredRelease<Value: Sendable>: Sendable {
    enum Release: Sendable {
        /// For a process that goes on (an MCP server).
        case onABackgroundThread
        /// For a process that exits right after the call: the exit reclaims everything at once,
        /// so the value is never freed allocation by allocation (as compilers skip freeing
        /// before they exit).
        case atProcessExit
    }

    /// A reference of its own, so the value can be let go after the holder is gone.
    final class Slot: Sendable {
        let value: Mutex<Value?>
        init(_ value: Value) { self.value = Mutex(value) }
    }

    private let slot: Slot
    private let release: Release
    private let used = Atomic(false)

    init(_ value: Value, release: Release) {
        slot = Slot(value)
        self.release = release
    }

    deinit {
        if !used.load(ordering: .acquiring) { Self.letGo(slot, release) }
    }

    /// Runs `body` with the value, then lets the value go off the calling thread. The value is
    /// used once: a second call finds nothing and returns nil.
    func consume<Result>(_ body: (Value) throws -> Result) rethrows -> Result? {
        guard !used.exchange(true, ordering: .acquiringAndReleasing) else { return nil }
        defer { Self.letGo(slot, release) }
        return try run(body)
    }

    /// Only a background block empties the slot, or nothing does, so the last reference to the
    /// value is never a local of the calling thread.
    private static func letGo(_ slot: Slot, _ release: Release) {
        switch release {
        case .onABackgroundThread:
            DispatchQueue.global(qos: .utility).async { slot.value.withLock { $0 = nil } }
        case .atProcessExit:
            KeptUntilExit.keep(slot)
        }
    }

    /// The copy `body` sees dies when this returns, before the slot is let go: a copy still
    /// alive in the caller would race the background block for the last release, and often win.
    private func run<Result>(_ body: (Value) throws -> Result) rethrows -> Result {
        // Nothing empties the slot before the one use.
        guard let value = slot.value.withLock({ $0 }) else { preconditionFailure("the value was freed before its use") }
        return try body(value)
    }
}

/// What the process keeps until it exits: `DeferredRelease.Release.atProcessExit`. A list rather
/// than a deliberate leak, so a test can see what a call left behind.
enum KeptUntilExit {
    static let values = Mutex<[any AnyObject & Sendable]>([])

    static func keep(_ value: some AnyObject & Sendable) {
        values.withLock { $0.append(value) }
    }
}
