/// What the rules need to know about the notebook as a whole before rewriting any cell.
struct NotebookFacts {
    struct Widget {
        enum Kind: String {
            case text, dropdown, combobox, multiselect
        }

        var kind: Kind
        /// The default argument's source text when it is a plain string literal (`"2024"`).
        var literalDefault: String?
    }

    /// The calling notebook's workspace path (`/Users/a/etl/x`).
    var workspacePath: String
    /// W-01's table: widget name → definition, first definition wins.
    var widgets: [String: Widget] = [:]
    /// Global names the notebook defines, assigns or imports itself (`sql`, `table`, `udf`, `sc`,
    /// `getArgument`, `displayHTML`): rules that rewrite Databricks globals leave them alone.
    var boundNames: Set<String> = []
    /// Temp views and CTE names (lower case): one-part references to them are not C-02 findings.
    var localTables: Set<String> = []
    /// The notebook already imports what G-02 / G-07 would add.
    var hasDisplayImport = false
}
