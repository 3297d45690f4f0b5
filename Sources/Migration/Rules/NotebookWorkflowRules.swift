/// N-01..N-07: `dbutils.notebook` and `dbutils.jobs.taskValues` become `oidlUtils` calls.
enum NotebookWorkflowRules {
    static let runParameters = ["path", "timeout_seconds", "arguments"]
    static let runAliases: KeyValuePairs = ["timeout": "timeout_seconds"]

    /// The plain string literal path of a `dbutils.notebook.run(...)` call, if it has one.
    static func literalPath(_ site: CallSite, _ code: LexedCode) -> String? {
        guard let call = site.call, let bound = call.bind(runParameters, aliases: runAliases), let path = bound["path"]
        else { return nil }
        return code.plainStringValue(path.value)
    }
}

extension PythonRewriter {
    /// N-02 / N-03 / N-04.
    mutating func rewriteNotebookRun(_ site: CallSite, _ code: LexedCode, _ edits: inout SiteEdits) {
        guard let call = site.call,
            let bound = call.bind(NotebookWorkflowRules.runParameters, aliases: NotebookWorkflowRules.runAliases),
            let pathArgument = bound["path"]
        else {
            unknownShape("N-02", site)
            return
        }
        guard let path = code.plainStringValue(pathArgument.value) else {
            log.flag(
                "N-03", FlagCode.runDynamicPath,
                "dbutils.notebook.run(\(code.text(pathArgument.value)), ...) has a dynamic path: rename to oidlUtils.notebook.run and point it at the migrated .ipynb by hand; the dependency cannot be discovered"
            )
            return
        }
        let target: String
        if WorkspacePathResolver.isMigratedTarget(path) {
            target = path
        } else {
            guard let resolved = WorkspacePathResolver.resolve(path, from: environment.notebook.workspacePath) else {
                unknownShape("N-02", site)
                return
            }
            guard environment.context.notebookExists(resolved) else {
                log.flag("N-02", FlagCode.runUnresolved, "dbutils.notebook.run target \(resolved) is not in the export")
                return
            }
            target = environment.context.paths.aidpPath(forWorkspacePath: resolved)
        }
        let quote = code.soleLiteral(pathArgument.value).map { String(UnicodeScalar($0.quote)) } ?? "\""
        var confidence = Confidence.safe
        var notes: [String] = [
            "dbutils.notebook.run(\"\(path)\", ...) → oidlUtils.notebook.run(\"\(target)\", ...) with positional arguments"
        ]
        let timeoutText: String
        if let timeout = bound["timeout_seconds"] {
            if let seconds = code.integerValue(timeout.value) {
                if seconds > 0 {
                    timeoutText = code.text(timeout.value)
                } else {
                    timeoutText = String(environment.context.config.notebookRunTimeout)
                    confidence = .review
                    notes.append("notebook.run timeout 0 (no limit) replaced by \(timeoutText) s: AIDP rejects 0")
                }
            } else {
                timeoutText = code.text(timeout.value)
                confidence = .review
                notes.append(
                    "notebook.run timeout \(timeoutText) is an expression: AIDP rejects 0, make sure it is positive")
            }
        } else {
            timeoutText = String(environment.context.config.notebookRunTimeout)
            confidence = .review
            notes.append("notebook.run had no timeout: \(timeoutText) s added (AIDP requires one)")
        }
        var replacement = "oidlUtils.notebook.run(\(quote)\(target)\(quote), \(timeoutText)"
        if let arguments = bound["arguments"] { replacement += ", " + code.text(arguments.value) }
        replacement += ")"
        edits.add(TextEdit(site.range, replacement))
        log.add("N-02", confidence, notes.joined(separator: "; "))
        if isInsideJSONLoads(site, code) {
            log.review(
                "N-04",
                "the notebook.run result is parsed as JSON: on AIDP the child may return empty or non-JSON output")
        }
    }

    /// N-01: `dbutils.notebook.exit(v)` → `oidlUtils.notebook.exit(v)`.
    mutating func rewriteNotebookExit(_ site: CallSite, _ code: LexedCode, _ edits: inout SiteEdits) {
        guard site.call != nil else {
            unknownShape("N-01", site)
            return
        }
        edits.addNameOnly(TextEdit(site.nameRange, "oidlUtils.notebook.exit"))
        log.safe("N-01", "dbutils.notebook.exit → oidlUtils.notebook.exit")
    }

    /// N-05: `dbutils.jobs.taskValues.set(key=k, value=v)` → `oidlUtils.parameters.setTaskValue(k, str(v))`.
    mutating func rewriteTaskValueSet(_ site: CallSite, _ code: LexedCode, _ edits: inout SiteEdits) {
        guard let call = site.call, let bound = call.bind(["key", "value"]), let key = bound["key"],
            let value = bound["value"]
        else {
            unknownShape("N-05", site)
            return
        }
        let valueText = code.isStringLiterals(value.value) ? code.text(value.value) : "str(\(code.text(value.value)))"
        edits.add(TextEdit(site.range, "oidlUtils.parameters.setTaskValue(\(code.text(key.value)), \(valueText))"))
        log.review(
            "N-05",
            "taskValues.set → oidlUtils.parameters.setTaskValue: downstream tasks must read \(code.text(key.value)) through job/task parameters"
        )
    }

    /// N-06: `dbutils.jobs.taskValues.get(taskKey, key, default, debugValue)` →
    /// `oidlUtils.parameters.getParameter(key, default or debugValue)`.
    mutating func rewriteTaskValueGet(_ site: CallSite, _ code: LexedCode, _ edits: inout SiteEdits) {
        guard let call = site.call, let bound = call.bind(["taskKey", "key", "default", "debugValue"]),
            let key = bound["key"]
        else {
            unknownShape("N-06", site)
            return
        }
        let fallback = (bound["default"] ?? bound["debugValue"]).map { code.text($0.value) } ?? "\"\""
        edits.add(TextEdit(site.range, "oidlUtils.parameters.getParameter(\(code.text(key.value)), \(fallback))"))
        let task = bound["taskKey"].map { " (task key \(code.text($0.value)) dropped)" } ?? ""
        log.review(
            "N-06",
            "taskValues.get → oidlUtils.parameters.getParameter\(task): no native task-value getter is confirmed; wire the value as a job/task parameter"
        )
    }

    /// Whether the call is the direct argument of `json.loads(...)`.
    private func isInsideJSONLoads(_ site: CallSite, _ code: LexedCode) -> Bool {
        guard let open = code.previousCodeByte(before: site.nameRange.lowerBound),
            code.bytes[open] == ByteText.openParen,
            let name = code.identifier(endingBefore: open)
        else { return false }
        return code.text(name) == "loads"
    }
}
