import Dispatch
import Synchronization

extension Collection where Index == Int, Element: Sendable, Self: Sendable {
    /// `map`, with the elements spread over every core. Results keep the collection's order, so
    /// nothing downstream can depend on scheduling. Small collections are mapped in place: the
    /// fan-out costs more than it saves.
    public func concurrentMap<T: Sendable>(
        minimumCount: Int = 8, _ transform: @Sendable (Element) -> T
    ) -> [T] {
        guard count >= minimumCount else { return map(transform) }
        let slots = Mutex<[T?]>(Array(repeating: nil, count: count))
        let first = startIndex
        DispatchQueue.concurrentPerform(iterations: count) { offset in
            let result = transform(self[first + offset])
            slots.withLock { $0[offset] = result }
        }
        return slots.withLock { $0 }.map { $0! }
    }
}
