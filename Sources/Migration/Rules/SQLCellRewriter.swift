/// Runs the §7 rules over the body of a `%sql` cell (or a default cell of a SQL notebook).
struct SQLCellRewriter {
    let environment: RuleEnvironment
    private(set) var bytes: [UInt8]
    var log = FindingLog()

    init(_ body: String, environment: RuleEnvironment) {
        self.environment = environment
        bytes = Array(body.utf8)
    }

    var source: String { ByteText.string(bytes) }

    mutating func run() {
        removeRepeatedTokens()
        if bytes.contains(where: { $0 >= 0xC2 }) {
            let code = SQLLexer.lex(bytes)
            let edits = CharacterNormaliser.edits(code, log: &log)
            if !edits.isEmpty { bytes = TextEdit.apply(edits, to: bytes) }
        }
        let code = SQLLexer.lex(bytes)
        var edits = SQLRules(environment: environment, isCell: true).apply(code, log: &log)
        for literal in code.literals {
            PathRules.rewrite(
                bytes, content: literal.content, interpolated: false, environment: environment, log: &log, edits: &edits
            )
        }
        if !edits.isEmpty { bytes = TextEdit.apply(edits, to: bytes) }
    }

    /// A `%sql` line repeated inside the body is not SQL: it is dropped (M-02).
    private mutating func removeRepeatedTokens() {
        guard ByteText.contains(bytes, Array("%sql".utf8)) else { return }
        let lines = ByteText.lines(source)
        let kept = lines.filter { $0.drop { $0 == " " || $0 == "\t" }.trimmingTrailingBlanks() != "%sql" }
        guard kept.count != lines.count else { return }
        bytes = Array(kept.joined(separator: "\n").utf8)
        log.safe("M-02", "a repeated %sql line inside the cell was removed")
    }
}
