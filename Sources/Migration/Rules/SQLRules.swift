/// The rules that read SQL: in `%sql` cells, and in `spark.sql("…")` strings of Python and Scala
/// cells. C-01 and C-03 apply the catalog map, C-02 notes one- and two-part table names, K-01
/// comments out `SET spark.databricks.*`, K-02 notes Delta maintenance and time travel, X-01 flags
/// DLT, X-04 flags Databricks-only functions and, in cells, W-06 flags widget references.
struct SQLRules {
    let environment: RuleEnvironment
    /// A `%sql` cell (W-06 applies and K-01 can comment out) rather than SQL inside a string.
    let isCell: Bool

    private static let tableKeywords: Set<String> = ["from", "join", "into", "table", "update"]
    private static let fileFormats: Set<String> = [
        "delta", "parquet", "csv", "json", "orc", "text", "avro", "binaryfile",
    ]
    /// The words the token loop switches on, besides `tableKeywords` and the X-04 functions.
    private static let statementWords = [
        "select", "delete", "use", "set", "optimize", "vacuum", "restore", "zorder", "describe", "version",
        "timestamp", "create", "remove", "getargument",
    ]
    /// Every word the token loop can act on: it passes over any other word (most are names).
    private static let actionWords = ASCIIWords(
        statementWords + tableKeywords + PlatformRules.databricksSQLFunctions)

    func apply(_ code: LexedCode, log: inout FindingLog) -> [TextEdit] {
        let bytes = code.bytes
        let tokens = SQLToken.tokens(code)
        guard !tokens.isEmpty else { return [] }
        var edits: [TextEdit] = []
        var localNames = environment.notebook.localTables
        for name in Self.commonTableExpressions(tokens, bytes) { localNames.insert(name) }
        var shortNames: [String] = []
        var deltaFeatures: [String] = []
        var widgetReferences: [String] = []
        var dlt = false
        var functions: [String] = []
        var selectSeen: [Bool] = [false]

        func word(_ index: Int) -> String? {
            index >= 0 && index < tokens.count && tokens[index].kind == .word
                ? ByteText.string(bytes, tokens[index].range).lowercased() : nil
        }
        func mapToken(_ index: Int, _ ruleID: String) {
            let token = tokens[index]
            let name = sqlName(token, bytes)
            guard let mapped = environment.tables.mappedCatalog(name), mapped.lowercased() != name else { return }
            let replacement = token.kind == .quotedIdentifier ? "`\(mapped)`" : mapped
            edits.append(TextEdit(token.range, replacement))
            log.safe(ruleID, "catalog \(ByteText.string(bytes, token.range)) → \(mapped) (catalog map)")
        }

        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            if token.kind == .punctuation {
                switch bytes[token.range.lowerBound] {
                case ByteText.openParen: selectSeen.append(false)
                case ByteText.closeParen: if selectSeen.count > 1 { selectSeen.removeLast() }
                case ByteText.semicolon: selectSeen = [false]
                case ByteText.dollar where isCell:
                    if index + 1 < tokens.count, tokens[index + 1].range.lowerBound == token.range.upperBound,
                        tokens[index + 1].kind == .word
                            || tokens.isPunctuation(index + 1, ByteText.openBrace, in: bytes)
                    {
                        var last = index + 1
                        if tokens[last].kind == .punctuation {
                            while last + 1 < tokens.count && !tokens.isPunctuation(last, ByteText.closeBrace, in: bytes)
                            { last += 1 }
                        }
                        widgetReferences.append(
                            ByteText.string(bytes, token.range.lowerBound..<tokens[last].range.upperBound))
                    }
                case ByteText.colon where isCell:
                    if let reference = parameterMarker(tokens, index, bytes) { widgetReferences.append(reference) }
                case ByteText.at:
                    if let next = word(index + 1), next.hasPrefix("v"), next.count > 1,
                        next.dropFirst().allSatisfy(\.isNumber),
                        tokens[index + 1].range.lowerBound == token.range.upperBound
                    {
                        deltaFeatures.append("table@\(next)")
                    }
                default: break
                }
                index += 1
                continue
            }
            // C-01: three-part names whose catalog is mapped.
            if token.isName && !tokens.isPunctuation(index - 1, ByteText.dot, in: bytes) {
                let chain = tokens.nameChain(at: index, in: bytes)
                if chain.count >= 3 { mapToken(index, "C-01") }
                if chain.count >= 2, sqlName(token, bytes) == "live" { dlt = true }
            }
            if token.kind == .word && !Self.actionWords.mayContain(bytes, token.range) {
                index += 1
                continue
            }
            guard let lower = word(index) else {
                if token.kind == .string, isCell {
                    Self.stringWidgetReferences(bytes, token.range, into: &widgetReferences)
                }
                index += 1
                continue
            }
            let startsStatement = tokens.startsStatement(index, in: bytes)
            switch lower {
            case "select", "delete":
                selectSeen[selectSeen.count - 1] = true
            case "use" where startsStatement:
                if let next = word(index + 1), next == "catalog" {
                    let chain = tokens.nameChain(at: index + 2, in: bytes)
                    if chain.count == 1 { mapToken(chain[0], "C-03") }
                } else {
                    let offset = ["schema", "database", "namespace"].contains(word(index + 1) ?? "") ? 2 : 1
                    let chain = tokens.nameChain(at: index + offset, in: bytes)
                    if chain.count == 2 { mapToken(chain[0], "C-03") }
                }
            case "set" where startsStatement:
                if word(index + 1) == "catalog" {
                    let chain = tokens.nameChain(at: index + 2, in: bytes)
                    if chain.count == 1 { mapToken(chain[0], "C-03") }
                } else {
                    let chain = tokens.nameChain(at: index + 1, in: bytes)
                    if chain.count >= 2, sqlName(tokens[chain[0]], bytes) == "spark",
                        sqlName(tokens[chain[1]], bytes) == "databricks"
                    {
                        commentOutSet(code, tokens, index, &edits, &log)
                    }
                }
            case "optimize", "vacuum", "restore":
                if startsStatement { deltaFeatures.append(lower.uppercased()) }
                if startsStatement, lower != "restore" {
                    noteTable(tokens, index + 1, bytes, localNames, &shortNames, keyword: lower)
                }
            case "zorder":
                if word(index + 1) == "by" { deltaFeatures.append("ZORDER BY") }
            case "describe":
                if word(index + 1) == "history" { deltaFeatures.append("DESCRIBE HISTORY") }
            case "version", "timestamp":
                if word(index + 1) == "as" && word(index + 2) == "of" {
                    deltaFeatures.append("\(lower.uppercased()) AS OF")
                }
            case "create":
                var next = index + 1
                if word(next) == "or" && word(next + 1) == "refresh" { dlt = true }
                if word(next) == "or" && word(next + 1) == "replace" { next += 2 }
                if word(next) == "temporary" || word(next) == "temp" { next += 1 }
                if word(next) == "streaming" || word(next) == "live" { dlt = true }
                if isCell, word(next) == "widget" { widgetReferences.append("CREATE WIDGET") }
            case "remove":
                if isCell, word(index + 1) == "widget" { widgetReferences.append("REMOVE WIDGET") }
            case "getargument":
                if isCell, tokens.isPunctuation(index + 1, ByteText.openParen, in: bytes) {
                    widgetReferences.append("getArgument(...)")
                }
            default:
                if Self.tableKeywords.contains(lower) {
                    let counts = lower != "from" || selectSeen[selectSeen.count - 1]
                    if counts, lower != "update" || startsStatement {
                        noteTable(tokens, index + 1, bytes, localNames, &shortNames, keyword: lower)
                    }
                }
                if PlatformRules.databricksSQLFunctions.contains(lower),
                    tokens.isPunctuation(index + 1, ByteText.openParen, in: bytes),
                    !tokens.isPunctuation(index - 1, ByteText.dot, in: bytes)
                {
                    functions.append(ByteText.string(bytes, token.range))
                }
            }
            index += 1
        }
        if !shortNames.isEmpty {
            log.review(
                "C-02",
                "one- or two-part table names resolve against AIDP's default catalog/schema: "
                    + shortNames.uniqued().joined(separator: ", "))
        }
        if !deltaFeatures.isEmpty {
            log.review(
                "K-02", "Delta features kept (Delta 3.2 on AIDP): " + deltaFeatures.uniqued().joined(separator: ", ")
            )
        }
        if dlt {
            log.flag(
                "X-01", FlagCode.dlt, "Delta Live Tables SQL (STREAMING/LIVE tables, LIVE.x) has no AIDP counterpart")
        }
        if !functions.isEmpty {
            log.flag(
                "X-04", FlagCode.databricksSQLFunction,
                "Databricks-only SQL function(s): " + functions.uniqued().joined(separator: ", "))
        }
        if !widgetReferences.isEmpty {
            log.flag(
                "W-06", FlagCode.sqlWidgetRef,
                "SQL widget reference(s) " + widgetReferences.uniqued().joined(separator: ", ")
                    + ": AIDP SQL-cell substitution is unknown; rewrite as spark.sql(f\"…\") with getParameter")
        }
        return edits
    }

    /// C-01/C-02 for a literal that is a table name (`spark.table("main.sales.orders")`): the
    /// literal's content `bytes[content]` read as dot-separated, possibly back-quoted, parts.
    func tableName(_ bytes: [UInt8], content: Range<Int>, log: inout FindingLog) -> [TextEdit] {
        var parts: [(range: Range<Int>, quoted: Bool)] = []
        var index = content.lowerBound
        while index < content.upperBound {
            let start = index
            if bytes[index] == ByteText.backtick {
                index += 1
                while index < content.upperBound && bytes[index] != ByteText.backtick { index += 1 }
                guard index < content.upperBound else { return [] }
                index += 1
                parts.append((start..<index, true))
            } else {
                guard ByteText.isIdentifierStart(bytes[index]) else { return [] }
                while index < content.upperBound && ByteText.isIdentifierByte(bytes[index]) { index += 1 }
                parts.append((start..<index, false))
            }
            if index < content.upperBound {
                guard bytes[index] == ByteText.dot, index + 1 < content.upperBound else { return [] }
                index += 1
            }
        }
        func name(_ part: (range: Range<Int>, quoted: Bool)) -> String {
            let range = part.quoted ? (part.range.lowerBound + 1)..<(part.range.upperBound - 1) : part.range
            return ByteText.string(bytes, range).lowercased()
        }
        switch parts.count {
        case 0:
            return []
        case 1, 2:
            if parts.count == 1 && environment.notebook.localTables.contains(name(parts[0])) { return [] }
            if parts.count == 2 && name(parts[0]) == "global_temp" { return [] }
            let text = ByteText.string(bytes, content)
            log.review("C-02", "one- or two-part table names resolve against AIDP's default catalog/schema: " + text)
            return []
        default:
            let first = parts[0]
            let catalog = name(first)
            guard let mapped = environment.tables.mappedCatalog(catalog), mapped.lowercased() != catalog else {
                return []
            }
            log.safe("C-01", "catalog \(ByteText.string(bytes, first.range)) → \(mapped) (catalog map)")
            return [TextEdit(first.range, first.quoted ? "`\(mapped)`" : mapped)]
        }
    }

    /// Records the table name at `index` when it has one or two parts and is not a CTE, temp view,
    /// `global_temp` view or a path table (`` delta.`/x` ``).
    private func noteTable(
        _ tokens: [SQLToken], _ start: Int, _ bytes: [UInt8], _ localNames: Set<String>, _ names: inout [String],
        keyword: String
    ) {
        var index = start
        if tokens.isWord(index, Array("if".utf8), in: bytes) {
            index += tokens.isWord(index + 1, Array("not".utf8), in: bytes) ? 3 : 2
        }
        let chain = tokens.nameChain(at: index, in: bytes)
        guard chain.count == 1 || chain.count == 2 else { return }
        let after = chain[chain.count - 1] + 1
        if (keyword == "from" || keyword == "join") && tokens.isPunctuation(after, ByteText.openParen, in: bytes) {
            return
        }
        let first = tokens[chain[0]]
        if first.kind == .word, ["select", "values", "lateral", "unnest", "stream"].contains(sqlName(first, bytes)) {
            return
        }
        if chain.count == 1 {
            if localNames.contains(sqlName(first, bytes)) { return }
        } else {
            let last = tokens[chain[1]]
            let qualifier = sqlName(first, bytes)
            if qualifier == "global_temp" || qualifier == "live" { return }
            if last.kind == .quotedIdentifier {
                let path = sqlName(last, bytes)
                if path.hasPrefix("/") || ByteText.contains(path, ":/") || Self.fileFormats.contains(qualifier) {
                    return
                }
            }
        }
        let range = first.range.lowerBound..<tokens[chain[chain.count - 1]].range.upperBound
        names.append(ByteText.string(bytes, range))
    }

    /// `:name` is a parameter marker when the colon does not touch a preceding name (`col:field`
    /// is a JSON path) and is not part of `::`.
    private func parameterMarker(_ tokens: [SQLToken], _ index: Int, _ bytes: [UInt8]) -> String? {
        guard index + 1 < tokens.count, tokens[index + 1].kind == .word,
            tokens[index + 1].range.lowerBound == tokens[index].range.upperBound,
            !tokens.isPunctuation(index - 1, ByteText.colon, in: bytes),
            !tokens.isPunctuation(index + 1, ByteText.colon, in: bytes)
        else { return nil }
        if index > 0 {
            let previous = tokens[index - 1]
            if previous.range.upperBound == tokens[index].range.lowerBound {
                if previous.isName || previous.kind == .string || previous.kind == .number { return nil }
                let byte = bytes[previous.range.lowerBound]
                if byte == ByteText.closeParen || byte == UInt8(ascii: "]") || byte == ByteText.colon { return nil }
            }
        }
        return ":" + ByteText.string(bytes, tokens[index + 1].range)
    }

    /// K-01 in a SQL cell: `SET spark.databricks.… = …;` is commented out.
    private func commentOutSet(
        _ code: LexedCode, _ tokens: [SQLToken], _ index: Int, _ edits: inout [TextEdit], _ log: inout FindingLog
    ) {
        var end = index
        while end + 1 < tokens.count && !tokens.isPunctuation(end + 1, ByteText.semicolon, in: code.bytes) { end += 1 }
        let statement = tokens[index].range.lowerBound..<tokens[end].range.upperBound
        let text = ByteText.string(code.bytes, statement)
        guard isCell, let lines = StatementCommenter.ownLines(code, statement) else {
            log.review("K-01", "\(text): a Databricks-only setting; remove it by hand")
            return
        }
        edits.append(TextEdit(lines, StatementCommenter.commented(code.bytes, lines, prefix: "--")))
        log.safe("K-01", "\(text) commented out: a Databricks-only setting")
    }

    /// `$name` and `${name}` inside a string literal: Databricks substitutes them textually.
    private static func stringWidgetReferences(_ bytes: [UInt8], _ range: Range<Int>, into references: inout [String]) {
        var index = range.lowerBound
        while index + 1 < range.upperBound {
            guard bytes[index] == ByteText.dollar else {
                index += 1
                continue
            }
            var end = index + 1
            if bytes[end] == ByteText.openBrace {
                while end < range.upperBound && bytes[end] != ByteText.closeBrace { end += 1 }
                guard end < range.upperBound else { return }
                end += 1
            } else if ByteText.isIdentifierStart(bytes[end]) && bytes[end] < 0x80 {
                while end < range.upperBound && ByteText.isIdentifierByte(bytes[end]) && bytes[end] < 0x80 { end += 1 }
            } else {
                index += 1
                continue
            }
            references.append(ByteText.string(bytes, index..<end))
            index = end
        }
    }

    /// Names of `WITH name AS (` and `, name AS (`.
    static func commonTableExpressions(_ tokens: [SQLToken], _ bytes: [UInt8]) -> [String] {
        var names: [String] = []
        var index = 0
        let asWord = Array("as".utf8)
        while index + 2 < tokens.count {
            if tokens[index].isName, tokens.isWord(index + 1, asWord, in: bytes),
                tokens.isPunctuation(index + 2, ByteText.openParen, in: bytes),
                tokens.isWord(index - 1, Array("with".utf8), in: bytes)
                    || tokens.isPunctuation(index - 1, ByteText.comma, in: bytes)
                    || tokens.isWord(index - 1, Array("recursive".utf8), in: bytes)
            {
                names.append(sqlName(tokens[index], bytes))
            }
            index += 1
        }
        return names
    }

    /// Temp views a SQL text creates: `CREATE [OR REPLACE] [GLOBAL] TEMP|TEMPORARY VIEW name`.
    static func temporaryViews(_ tokens: [SQLToken], _ bytes: [UInt8]) -> [String] {
        var names: [String] = []
        for index in tokens.indices where tokens.isWord(index, Array("view".utf8), in: bytes) {
            guard
                tokens.isWord(index - 1, Array("temp".utf8), in: bytes)
                    || tokens.isWord(index - 1, Array("temporary".utf8), in: bytes)
            else { continue }
            var next = index + 1
            if tokens.isWord(next, Array("if".utf8), in: bytes) {
                next += tokens.isWord(next + 1, Array("not".utf8), in: bytes) ? 3 : 2
            }
            let chain = tokens.nameChain(at: next, in: bytes)
            if let last = chain.last { names.append(sqlName(tokens[last], bytes)) }
        }
        return names
    }
}
