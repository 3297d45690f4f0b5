/// What a language lexer found in a cell: per byte whether it is active code, inside a string
/// literal or inside a comment, and the string literals themselves. Rules consult it so that they
/// touch active code only, and literal rules (paths, catalogs in `spark.sql` strings, notebook
/// paths) touch literal contents only.
struct LexedCode {
    enum Region: UInt8 {
        case code, string, comment
    }

    /// A string literal (or a SQL back-quoted identifier).
    struct Literal {
        /// First byte of the literal, prefix (`f`, `rb`, `s`, ...) included.
        var start: Int
        /// First byte after the opening quote(s).
        var contentStart: Int
        /// First byte of the closing quote(s), or the end of the line/text when unterminated.
        var contentEnd: Int
        /// First byte after the literal.
        var end: Int
        var quote: UInt8
        var isTriple: Bool
        var isRaw: Bool
        /// Python f-strings, Scala `s`/`f` interpolators: replacement fields hold code.
        var isInterpolated: Bool
        var isBytes: Bool
        var isBacktick: Bool

        var content: Range<Int> { contentStart..<contentEnd }
        var range: Range<Int> { start..<end }
    }

    /// Identifiers of interest seen in active code (Python only), so a rule family whose names
    /// are absent skips its scan.
    struct Triggers: OptionSet {
        let rawValue: UInt32

        static let dbutils = Triggers(rawValue: 1 << 0)
        static let sqlContext = Triggers(rawValue: 1 << 1)
        static let displayHTML = Triggers(rawValue: 1 << 2)
        static let getArgument = Triggers(rawValue: 1 << 3)
        static let sql = Triggers(rawValue: 1 << 4)
        static let table = Triggers(rawValue: 1 << 5)
        static let sc = Triggers(rawValue: 1 << 6)
        static let sparkContext = Triggers(rawValue: 1 << 7)
        static let udf = Triggers(rawValue: 1 << 8)
        static let dlt = Triggers(rawValue: 1 << 9)
        static let databricks = Triggers(rawValue: 1 << 10)
        static let conf = Triggers(rawValue: 1 << 11)
        static let deltaMaintenance = Triggers(rawValue: 1 << 12)

        /// Triggers that matter after a `.` (`spark.conf`, `spark.sparkContext`, `t.optimize()`).
        static let attributes: Triggers = [.sparkContext, .conf, .deltaMaintenance]

        private static let words: [(String, Triggers)] = [
            ("dbutils", .dbutils), ("sqlContext", .sqlContext), ("displayHTML", .displayHTML),
            ("getArgument", .getArgument),
            ("sql", .sql), ("table", .table), ("sc", .sc), ("sparkContext", .sparkContext), ("udf", .udf),
            ("dlt", .dlt),
            ("databricks", .databricks), ("conf", .conf), ("optimize", .deltaMaintenance),
            ("vacuum", .deltaMaintenance),
            ("executeZOrderBy", .deltaMaintenance), ("executeCompaction", .deltaMaintenance),
            ("restoreToVersion", .deltaMaintenance), ("restoreToTimestamp", .deltaMaintenance),
        ]
        /// Trigger words by length, as bytes.
        private static let byLength: [[([UInt8], Triggers)]] = {
            var table = [[([UInt8], Triggers)]](repeating: [], count: 19)
            for (word, trigger) in words { table[word.utf8.count].append((Array(word.utf8), trigger)) }
            return table
        }()

        /// The trigger `bytes[range]` is, if any.
        static func of(_ bytes: [UInt8], _ range: Range<Int>) -> Triggers {
            guard range.count < byLength.count else { return [] }
            for (word, trigger) in byLength[range.count] where word[0] == bytes[range.lowerBound] {
                if ByteText.hasPrefix(bytes, at: range.lowerBound, word) { return trigger }
            }
            return []
        }
    }

    let bytes: [UInt8]
    let regions: [Region]
    let literals: [Literal]
    var triggers: Triggers = []
    /// Shared by every copy of this value: see `callSites(rooted:)`.
    let callSiteMemo = CallSiteMemo()

    func isCode(_ index: Int) -> Bool { index >= 0 && index < regions.count && regions[index] == .code }

    /// The literal starting exactly at `start`, by binary search.
    func literal(startingAt start: Int) -> Literal? {
        var low = 0
        var high = literals.count
        while low < high {
            let mid = (low + high) / 2
            if literals[mid].start < start { low = mid + 1 } else { high = mid }
        }
        return low < literals.count && literals[low].start == start ? literals[low] : nil
    }

    /// The literal whose range holds `index`.
    func literal(containing index: Int) -> Literal? {
        var low = 0
        var high = literals.count
        while low < high {
            let mid = (low + high) / 2
            if literals[mid].end <= index { low = mid + 1 } else { high = mid }
        }
        return low < literals.count && literals[low].start <= index ? literals[low] : nil
    }

    /// Index of the previous non-whitespace code byte before `index`, skipping comments.
    func previousCodeByte(before index: Int) -> Int? {
        var position = index - 1
        while position >= 0 {
            if regions[position] == .code && !ByteText.isWhitespace(bytes[position]) { return position }
            if regions[position] == .string { return position }
            position -= 1
        }
        return nil
    }

    /// Index of the next non-blank byte at or after `index` on the same logical stretch of code
    /// (newlines are skipped only when `crossLines`).
    func nextNonBlank(from index: Int, crossLines: Bool = false) -> Int? {
        var position = index
        while position < bytes.count {
            let byte = bytes[position]
            if ByteText.isBlank(byte) || (crossLines && byte == ByteText.newline) {
                position += 1
                continue
            }
            return position
        }
        return nil
    }

    /// The identifier that ends right before `index` (after skipping blanks), with its range.
    func identifier(endingBefore index: Int) -> Range<Int>? {
        var end = index
        while end > 0 && ByteText.isBlank(bytes[end - 1]) { end -= 1 }
        var start = end
        while start > 0 && ByteText.isIdentifierByte(bytes[start - 1]) && regions[start - 1] == .code { start -= 1 }
        guard start < end, ByteText.isIdentifierStart(bytes[start]) else { return nil }
        return start..<end
    }
}
