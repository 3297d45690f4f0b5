/// The handlers this binary was built with, and the ones it knows of but cannot run yet.
public struct HandlerRegistry: Sendable {
    public private(set) var handlers: [String: any SkillHandler] = [:]
    /// Handler id → why it is not available (for example "not built yet").
    public private(set) var declared: [String: String] = [:]

    public init() {}

    public mutating func register(_ handler: any SkillHandler) {
        handlers[handler.id] = handler
        declared[handler.id] = nil
    }

    public mutating func declare(_ id: String, unavailableBecause reason: String) {
        guard handlers[id] == nil else { return }
        declared[id] = reason
    }

    public var knownIDs: Set<String> { Set(handlers.keys).union(declared.keys) }
}
