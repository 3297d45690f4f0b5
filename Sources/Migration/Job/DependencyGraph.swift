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
        var waitingFor: [String: Set<String>] = [:]
        for key in order {
            waitingFor[key] = Set((edges[key] ?? []).filter { edges[$0] != nil && $0 != key })
        }
        var result: [String] = []
        var placed: Set<String> = []
        while result.count < order.count {
            guard let next = order.first(where: { !placed.contains($0) && waitingFor[$0]?.isEmpty != false }) else {
                result += order.filter { !placed.contains($0) }
                break
            }
            result.append(next)
            placed.insert(next)
            for key in order where !placed.contains(key) { waitingFor[key]?.remove(next) }
        }
        return result
    }
}
