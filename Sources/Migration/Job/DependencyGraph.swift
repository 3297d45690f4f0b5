/// The task graph, edges from a task to what it depends on.
struct DependencyGraph {
    private let order: [String]
    private let edges: [String: [String]]

    init(_ tasks: [DatabricksTask]) {
        order = tasks.map(\.key)
        edges = Dictionary(tasks.map { ($0.key, $0.dependsOn.map(\.taskKey)) }, uniquingKeysWith: { first, _ in first })
    }

    init(order: [String], edges: [String: [String]]) {
        self.order = order
        self.edges = edges
    }

    /// The first cycle met by a depth-first walk in source order, as task keys each depending on
    /// the next, the first repeated at the end: `["a", "b", "a"]`.
    func firstCycle() -> [String]? {
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var stack: [String] = []

        func visit(_ key: String) -> [String]? {
            switch marks[key] {
            case .done: return nil
            case .visiting:
                let start = stack.firstIndex(of: key)!
                return Array(stack[start...]) + [key]
            case nil: break
            }
            marks[key] = .visiting
            stack.append(key)
            for next in edges[key] ?? [] where edges[next] != nil {
                if let cycle = visit(next) { return cycle }
            }
            stack.removeLast()
            marks[key] = .done
            return nil
        }

        for key in order {
            if let cycle = visit(key) { return cycle }
        }
        return nil
    }

    /// Every key, dependencies before dependents; among tasks ready together, source order wins.
    /// Keys on a cycle (impossible after loading) come last, in source order.
    func topologicalOrder() -> [String] {
        // Kahn's algorithm, always taking the ready task that comes first in the source order, so
        // the result is stable; a heap of positions keeps it O((V + E) log V) for jobs of
        // thousands of tasks.
        var position: [String: Int] = [:]
        for (index, key) in order.enumerated() where position[key] == nil { position[key] = index }
        var waiting = [Int](repeating: 0, count: order.count)
        var dependents = [[Int]](repeating: [], count: order.count)
        for (index, key) in order.enumerated() where position[key] == index {
            for upstream in Set(edges[key] ?? []) where upstream != key {
                guard edges[upstream] != nil, let from = position[upstream] else { continue }
                waiting[index] += 1
                dependents[from].append(index)
            }
        }
        var ready = MinHeap()
        for index in order.indices where position[order[index]] == index && waiting[index] == 0 { ready.push(index) }
        var result: [String] = []
        var placed = [Bool](repeating: false, count: order.count)
        while let index = ready.pop() {
            result.append(order[index])
            placed[index] = true
            for dependent in dependents[index] {
                waiting[dependent] -= 1
                if waiting[dependent] == 0 { ready.push(dependent) }
            }
        }
        // What a cycle left unplaced follows in source order.
        for index in order.indices where position[order[index]] == index && !placed[index] {
            result.append(order[index])
        }
        return result
    }
}

/// The smallest of a set of integers, quickly.
private struct MinHeap {
    private var items: [Int] = []

    mutating func push(_ value: Int) {
        items.append(value)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Int? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < items.count, items[left] < items[smallest] { smallest = left }
                if right < items.count, items[right] < items[smallest] { smallest = right }
                guard smallest != parent else { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return first
    }
}
