/// Dotted JSON paths as errors and mapping items print them: `settings.tasks[2].task_key`.
enum JSONPath {
    static func member(_ base: String, _ key: String) -> String {
        base.isEmpty ? key : "\(base).\(key)"
    }

    static func index(_ base: String, _ index: Int) -> String {
        "\(base)[\(index)]"
    }
}
