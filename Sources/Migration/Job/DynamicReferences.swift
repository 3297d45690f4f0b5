import Foundation

/// `{{…}}` references in job and task parameter values (migration.md §9.1).
public enum DynamicReferences {
    /// The references AIDP resolves; `job.parameters.<name>` besides.
    public static let supported: Set<String> = [
        "job.id", "job.run_id", "job.name", "job.trigger.type", "task.name", "task.run_id", "job.repair_count",
    ]

    /// Every `{{…}}` in `text`, inner text trimmed, in order of appearance. An unclosed `{{`
    /// stays literal, as on Databricks.
    public static func references(in text: String) -> [String] {
        var found: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            found.append(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return found
    }

    public static func isSupported(_ reference: String) -> Bool {
        let parameterPrefix = "job.parameters."
        if reference.hasPrefix(parameterPrefix) { return reference.count > parameterPrefix.count }
        return supported.contains(reference)
    }

    /// The references AIDP does not resolve, written `{{name}}`, each once, in order.
    public static func unsupported(in text: String) -> [String] {
        var seen: Set<String> = []
        return references(in: text).filter { !isSupported($0) && seen.insert($0).inserted }.map { "{{\($0)}}" }
    }
}
