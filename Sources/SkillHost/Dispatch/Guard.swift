/// A rule the host enforces on plans, whatever the handler would like.
///
/// A descriptor names the guards of its skill in `metadata.skillhost-guards`; `hand-edits` is
/// always on, because losing a person's edits must never depend on a descriptor being right.
public enum Guard: String, Sendable, Hashable, CaseIterable {
    case handEdits = "hand-edits"
    case forcedRerun = "forced-rerun"
    case remoteDestructive = "remote-destructive"

    public static let alwaysOn: Set<Guard> = [.handEdits]

    public var protectedKinds: Set<Effect.Kind> {
        switch self {
        case .handEdits: return [.overwriteEdited, .deleteEdited]
        case .forcedRerun: return [.overwriteForced]
        case .remoteDestructive: return [.remoteDelete, .remoteCancel]
        }
    }

    /// The effects of `effects` that need a person's confirmation under `guards`.
    public static func guarded(_ effects: [Effect], by guards: Set<Guard>) -> [Effect] {
        let kinds = guards.union(alwaysOn).reduce(into: Set<Effect.Kind>()) { $0.formUnion($1.protectedKinds) }
        return effects.filter { kinds.contains($0.kind) }
    }

    /// Parses `metadata.skillhost-guards` (space- or comma-separated), returning unknown names
    /// apart so the catalog can report them.
    public static func parse(_ text: String) -> (guards: Set<Guard>, unknown: [String]) {
        var guards = Set<Guard>()
        var unknown: [String] = []
        for name in text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init) {
            if let value = Guard(rawValue: name) { guards.insert(value) } else { unknown.append(name) }
        }
        return (guards, unknown)
    }
}
