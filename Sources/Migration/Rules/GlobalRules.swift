/// G-01..G-07: Databricks notebook globals. `display` (G-01) and `spark` (G-03) are native on
/// AIDP and deliberately left alone without a finding, so a cell that only uses them stays
/// untouched.
enum GlobalRules {
    static let displayImport = "from IPython.display import HTML, display as _ipy_display"
    static let udfImport = "from pyspark.sql.functions import udf"
}

extension PythonRewriter {
    /// G-05: `sqlContext.sql(...)` / `.table(...)` → `spark.sql(...)` / `spark.table(...)`; other
    /// members are flagged.
    mutating func rewriteSQLContext(_ site: CallSite, _ code: LexedCode, _ edits: inout SiteEdits) {
        switch site.name {
        case "sqlContext.sql", "sqlContext.table":
            let member = site.name.dropFirst("sqlContext.".count)
            edits.addNameOnly(TextEdit(site.nameRange, "spark.\(member)"))
            log.safe("G-05", "sqlContext.\(member) → spark.\(member)")
        default:
            log.flag(
                "G-05", FlagCode.dbutilsOther,
                "\(site.name) has no AIDP counterpart (only sqlContext.sql/.table are rewritten)")
        }
    }

    /// G-02: `displayHTML(h)` → `_ipy_display(HTML(h))`, with the import added once per notebook.
    mutating func rewriteDisplayHTML(_ site: CallSite, _ code: LexedCode, _ edits: inout SiteEdits) {
        guard let call = site.call else { return }
        let inner = code.text((call.open + 1)..<call.close)
        edits.add(TextEdit(site.range, "_ipy_display(HTML(\(inner)))"))
        needsDisplayImport = true
        log.review("G-02", "displayHTML → IPython _ipy_display(HTML(...)): check the rendering")
    }

    /// G-06: bare global `sql("…")` / `table("…")` → `spark.sql` / `spark.table`.
    mutating func rewriteBareSparkGlobal(_ site: CallSite, _ code: LexedCode, _ edits: inout SiteEdits) {
        guard site.call != nil, !isDefinition(site, code) else { return }
        edits.addNameOnly(TextEdit(site.nameRange, "spark.\(site.name)"))
        log.safe("G-06", "global \(site.name)(...) → spark.\(site.name)(...)")
    }

    /// G-04, G-07, X-01, X-03, K-02: checks on names that stay as they are.
    mutating func checkGlobalsAndPlatform() {
        let bound = environment.notebook.boundNames
        let code = self.code()
        let triggers = code.triggers
        var roots: [[UInt8]] = []
        if triggers.contains(.sc) && !bound.contains("sc") { roots.append(Roots.sc) }
        if triggers.contains(.sparkContext) { roots.append(Roots.spark) }
        if triggers.contains(.udf) && !bound.contains("udf") { roots.append(Roots.udf) }
        if triggers.contains(.dlt) { roots.append(Roots.dlt) }
        if triggers.contains(.databricks) { roots.append(Roots.databricks) }
        if !roots.isEmpty {
            for site in code.callSites(rooted: roots) {
                let name = site.name
                if name == "sc" || name.hasPrefix("sc.") {
                    if isAssignmentTarget(site, code) { continue }
                    log.review(
                        "G-04", "sc (SparkContext) is used: AIDP runs Spark Connect, where it may be unavailable")
                } else if name.hasPrefix("spark.sparkContext") {
                    log.review(
                        "G-04", "spark.sparkContext is used: AIDP runs Spark Connect, where it may be unavailable")
                } else if name == "udf" {
                    if isDefinition(site, code) || isAssignmentTarget(site, code) { continue }
                    needsUDFImport = true
                    log.safe("G-07", "bare udf is not imported: from pyspark.sql.functions import udf added")
                } else if name == "dlt" || name.hasPrefix("dlt.") {
                    if name == "dlt" && !isImported(site, code) { continue }
                    log.flag("X-01", FlagCode.dlt, "Delta Live Tables (dlt) has no AIDP counterpart")
                } else if name.hasPrefix("databricks") {
                    checkDatabricksImport(site, code)
                }
            }
        }
        if triggers.contains(.deltaMaintenance) {
            for method in PlatformRules.deltaMaintenanceMethods {
                if codeContains(code, Array(method.utf8)) {
                    log.review(
                        "K-02",
                        "Delta maintenance (\(method.dropFirst().dropLast())) is kept: Delta 3.2 on AIDP supports it; check the result"
                    )
                }
            }
        }
    }

    private mutating func checkDatabricksImport(_ site: CallSite, _ code: LexedCode) {
        let parts = site.name.split(separator: ".")
        if parts.count >= 2, PlatformRules.databricksPackages.contains(String(parts[1])) {
            log.flag("X-03", FlagCode.databricksSDK, "databricks.\(parts[1]) has no AIDP counterpart")
            return
        }
        // from databricks import feature_store, sdk
        guard site.name == "databricks", isImported(site, code) else { return }
        let lineEnd = ByteText.lineEnd(code.bytes, site.nameRange.upperBound)
        let rest = code.text(site.nameRange.upperBound..<lineEnd)
        for package in PlatformRules.databricksPackages.sorted()
        where rest.split(whereSeparator: { !$0.isLetter && $0 != "_" }).contains(Substring(package)) {
            log.flag("X-03", FlagCode.databricksSDK, "databricks.\(package) has no AIDP counterpart")
        }
    }

    /// The name follows `import` or `from`.
    private func isImported(_ site: CallSite, _ code: LexedCode) -> Bool {
        guard let word = code.identifier(endingBefore: site.nameRange.lowerBound) else { return false }
        let text = code.text(word)
        return text == "import" || text == "from"
    }

    /// `def name`, `class name`.
    func isDefinition(_ site: CallSite, _ code: LexedCode) -> Bool {
        guard let word = code.identifier(endingBefore: site.nameRange.lowerBound) else { return false }
        let text = code.text(word)
        return text == "def" || text == "class" || text == "import" || text == "as"
    }

    /// `name = ...` (not `==`) or a keyword argument `name=`.
    private func isAssignmentTarget(_ site: CallSite, _ code: LexedCode) -> Bool {
        guard site.call == nil, let next = code.nextNonBlank(from: site.nameRange.upperBound) else { return false }
        return code.bytes[next] == ByteText.equals
            && (next + 1 >= code.bytes.count || code.bytes[next + 1] != ByteText.equals)
    }

    private func codeContains(_ code: LexedCode, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= code.bytes.count else { return false }
        var index = 0
        while index + needle.count <= code.bytes.count {
            if code.bytes[index] == first && code.regions[index] == .code
                && ByteText.hasPrefix(code.bytes, at: index, needle)
            {
                return true
            }
            index += 1
        }
        return false
    }
}
