/// Elements in the order they were first added, without repeats.
///
/// A cell usually carries a handful of findings, and hashing a non-ASCII `String` normalises it
/// to NFC, which costs more than comparing a few elements; so repeats are found by a linear check
/// until there are `linearLimit` elements, and by a set after that (a big cell can fire thousands
/// of times, where a linear check alone would be quadratic).
struct UniqueElements<Element: Hashable> {
    static var linearLimit: Int { 16 }

    private(set) var elements: [Element] = []
    /// Built once `elements` outgrows `linearLimit`.
    private var lookup: Set<Element>?

    init() {}

    /// Room for `capacity` elements up front, for a caller that knows its count.
    init(reservingCapacity capacity: Int) {
        elements.reserveCapacity(capacity)
    }

    /// Adds `element` unless an equal one is there; true when it was added.
    @discardableResult
    mutating func insert(_ element: Element) -> Bool {
        if lookup != nil {
            guard lookup!.insert(element).inserted else { return false }
        } else {
            guard !elements.contains(element) else { return false }
            if elements.count == Self.linearLimit {
                lookup = Set(elements)
                lookup!.insert(element)
            }
        }
        // Most holders get a few elements: room for four at the first saves the 1 → 2 → 4 regrowths.
        if elements.capacity == 0 { elements.reserveCapacity(4) }
        elements.append(element)
        return true
    }

    /// Changes elements in place; the caller keeps them distinct.
    mutating func updateEach(_ update: (inout Element) -> Void) {
        for index in elements.indices { update(&elements[index]) }
        if lookup != nil { lookup = Set(elements) }
    }
}

extension Sequence where Element: Hashable {
    /// The elements in order, without later repeats.
    func uniqued() -> [Element] {
        var unique = UniqueElements<Element>()
        for element in self { unique.insert(element) }
        return unique.elements
    }
}
