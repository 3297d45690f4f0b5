/// Runs the §7 rules that apply to a `%scala` cell: G-04 (`sc`), G-08 (no `dbutils` in Scala on
/// AIDP), K-01, X-02, X-06 and the literal rules.
struct ScalaRewriter {
    let environment: RuleEnvironment
    private(set) var bytes: [UInt8]
    var log = FindingLog()

    init(_ body: String, environment: RuleEnvironment) {
        self.environment = environment
        bytes = Array(body.utf8)
    }

    var source: String { ByteText.string(bytes) }

    mutating func run() {
        if bytes.contains(where: { $0 >= 0xC2 }) {
            let edits = CharacterNormaliser.edits(ScalaLexer.lex(bytes), log: &log)
            if !edits.isEmpty { bytes = TextEdit.apply(edits, to: bytes) }
        }
        var code = ScalaLexer.lex(bytes)
        var edits = SiteEdits()
        for site in CallSite.find(in: code, roots: [Roots.dbutils, Roots.sc, Roots.spark])
        where !edits.isCovered(site.range) {
            let name = site.name
            if name == "dbutils" || name.hasPrefix("dbutils.") {
                log.flag("G-08", FlagCode.dbutilsOther, "\(name): dbutils is not available in %scala on AIDP")
            } else if name == "sc" || name.hasPrefix("sc.") || name.hasPrefix("spark.sparkContext") {
                if name == "sc", let next = code.nextNonBlank(from: site.nameRange.upperBound),
                    code.bytes[next] == ByteText.equals
                {
                    continue
                }
                log.flag("G-04", FlagCode.scalaSC, "\(name): %scala runs on Spark Connect, which has no SparkContext")
            } else if name == "spark.conf.set", let call = site.call, let key = call.arguments.first,
                let value = code.plainStringValue(key.value), value.hasPrefix("spark.databricks.")
            {
                if let lines = StatementCommenter.ownLines(code, site.range) {
                    edits.add(TextEdit(lines, StatementCommenter.commented(bytes, lines, prefix: "//")))
                    log.safe("K-01", "spark.conf.set(\"\(value)\", ...) commented out: a Databricks-only setting")
                } else {
                    log.review(
                        "K-01",
                        "spark.conf.set of a Databricks-only setting is not a statement of its own; remove it by hand")
                }
            }
        }
        if !edits.edits.isEmpty {
            bytes = TextEdit.apply(edits.edits, to: bytes)
            code = ScalaLexer.lex(bytes)
        }
        let literalEdits = LiteralRules.edits(code, environment: environment, log: &log)
        if !literalEdits.isEmpty { bytes = TextEdit.apply(literalEdits, to: bytes) }
    }
}

extension Substring {
    func trimmingTrailingBlanks() -> Substring {
        var end = endIndex
        while end > startIndex, let previous = self[..<end].last,
            previous == " " || previous == "\t" || previous == "\r"
        {
            end = index(before: end)
        }
        return self[..<end]
    }
}
