/// W-01..W-07: Databricks widgets become AIDP parameters (`oidlUtils.parameters.getParameter`).
enum WidgetRules {
    struct Definition {
        var kind: NotebookFacts.Widget.Kind
        /// The widget name when it is a plain string literal.
        var name: String?
        /// The default's source text when it is a plain string literal.
        var literalDefault: String?
        var isLiteral: Bool { name != nil && literalDefault != nil }
    }

    /// The widget a `dbutils.widgets.text/dropdown/combobox/multiselect(name, defaultValue, ...)`
    /// call defines; `nil` for an unknown argument shape.
    static func definition(_ site: CallSite, _ code: LexedCode) -> Definition? {
        guard let member = DbutilsRules.member(site.name, of: "dbutils.widgets."),
            let kind = NotebookFacts.Widget.Kind(rawValue: member), let call = site.call,
            let bound = call.bind(["name", "defaultValue", "choices", "label"], aliases: ["default": "defaultValue"]),
            let name = bound["name"], let defaultValue = bound["defaultValue"]
        else { return nil }
        let literalDefault = code.plainStringValue(defaultValue.value) != nil ? code.text(defaultValue.value) : nil
        return Definition(kind: kind, name: code.plainStringValue(name.value), literalDefault: literalDefault)
    }
}

extension PythonRewriter {
    /// W-02 (+ W-07): `dbutils.widgets.get("n")` → `oidlUtils.parameters.getParameter("n", <default>)`.
    mutating func rewriteWidgetGet(_ site: CallSite, _ code: LexedCode, _ edits: inout SiteEdits) {
        guard let call = site.call, let bound = call.bind(["name"]), let nameArgument = bound["name"] else {
            unknownShape("W-02", site)
            return
        }
        let nameText = code.text(nameArgument.value)
        let defaultText: String
        if let name = code.plainStringValue(nameArgument.value) {
            if let literal = environment.notebook.widgets[name]?.literalDefault {
                defaultText = literal
                log.safe(
                    "W-02",
                    "dbutils.widgets.get(\"\(name)\") → oidlUtils.parameters.getParameter with the widget's default \(literal)"
                )
            } else {
                defaultText = "\"\""
                log.review(
                    "W-02",
                    "widget \"\(name)\" has no literal default in this notebook: getParameter falls back to \"\"; set the job/task parameter"
                )
            }
        } else {
            defaultText = "\"\""
            log.review("W-02", "dbutils.widgets.get(\(nameText)) has a non-literal name: check the parameter exists")
        }
        edits.add(TextEdit(site.range, "oidlUtils.parameters.getParameter(\(nameText), \(defaultText))"))
        if isFollowedBySplit(code, after: site.range.upperBound) {
            log.safe(
                "W-07", "a widget value split on \",\" is unchanged: AIDP parameters are still comma-joined strings")
        }
    }

    /// W-03: `dbutils.widgets.getArgument("n", d)` / global `getArgument("n", d)` →
    /// `oidlUtils.parameters.getParameter("n", d)`.
    mutating func rewriteGetArgument(_ site: CallSite, _ code: LexedCode, _ edits: inout SiteEdits) {
        guard let call = site.call,
            let bound = call.bind(["name", "defaultValue"], aliases: ["default": "defaultValue"]),
            let nameArgument = bound["name"]
        else {
            unknownShape("W-03", site)
            return
        }
        let nameText = code.text(nameArgument.value)
        let defaultText: String
        if let given = bound["defaultValue"] {
            defaultText = code.text(given.value)
            log.safe("W-03", "\(site.name)(...) → oidlUtils.parameters.getParameter(...)")
        } else if let name = code.plainStringValue(nameArgument.value),
            let literal = environment.notebook.widgets[name]?.literalDefault
        {
            defaultText = literal
            log.safe("W-03", "\(site.name)(\"\(name)\") → oidlUtils.parameters.getParameter with the widget's default")
        } else {
            defaultText = "\"\""
            log.review("W-03", "\(site.name)(\(nameText)) has no default: getParameter falls back to \"\"")
        }
        edits.add(TextEdit(site.range, "oidlUtils.parameters.getParameter(\(nameText), \(defaultText))"))
        if isFollowedBySplit(code, after: site.range.upperBound) {
            log.safe(
                "W-07", "a widget value split on \",\" is unchanged: AIDP parameters are still comma-joined strings")
        }
    }

    private func isFollowedBySplit(_ code: LexedCode, after index: Int) -> Bool {
        ByteText.hasPrefix(code.bytes, at: index, Array(".split(".utf8))
    }
}
