/// A dotted name in active code (`dbutils.widgets.get`), found with the left boundary
/// `(?<![\w.])`, and its call when a `(` follows.
struct CallSite {
    var nameRange: Range<Int>
    /// The dotted name with whitespace-free segments: `dbutils.widgets.get`.
    var name: String
    var call: CallArguments?

    /// The whole site: the name and, for a call, its arguments and closing parenthesis.
    var range: Range<Int> { nameRange.lowerBound..<(call.map { $0.close + 1 } ?? nameRange.upperBound) }

    /// Finds every dotted name whose first segment is one of `roots`, in order.
    static func find(in code: LexedCode, roots: [[UInt8]]) -> [CallSite] {
        let bytes = code.bytes
        let count = bytes.count
        var sites: [CallSite] = []
        var index = 0
        while index < count {
            let byte = bytes[index]
            guard ByteText.isIdentifierStart(byte), code.regions[index] == .code else {
                index += 1
                continue
            }
            let start = index
            while index < count && ByteText.isIdentifierByte(bytes[index]) { index += 1 }
            if start > 0 {
                let previous = bytes[start - 1]
                if previous == ByteText.dot || ByteText.isIdentifierByte(previous) { continue }
            }
            let firstEnd = index
            guard roots.contains(where: { ByteText.equals(bytes, start..<firstEnd, $0) }) else { continue }
            var end = firstEnd
            while end + 1 < count, bytes[end] == ByteText.dot, ByteText.isIdentifierStart(bytes[end + 1]),
                code.regions[end + 1] == .code
            {
                var segmentEnd = end + 1
                while segmentEnd < count && ByteText.isIdentifierByte(bytes[segmentEnd]) { segmentEnd += 1 }
                end = segmentEnd
            }
            var call: CallArguments?
            var after = end
            while after < count && ByteText.isBlank(bytes[after]) { after += 1 }
            if after < count, bytes[after] == ByteText.openParen, code.regions[after] == .code {
                call = CallArguments(code, open: after)
            }
            sites.append(CallSite(nameRange: start..<end, name: ByteText.string(bytes, start..<end), call: call))
            index = end
        }
        return sites
    }
}

/// Edits that a pass over call sites collected, kept non-overlapping: a site inside a site that
/// was already rewritten is left for the next round.
struct SiteEdits {
    var edits: [TextEdit] = []
    private var coveredUntil = 0
    /// A site was skipped because an enclosing site was rewritten in this round.
    private(set) var skippedNested = false

    /// Whether `range` starts inside an earlier edit (so must wait for the next round).
    mutating func isCovered(_ range: Range<Int>) -> Bool {
        if range.lowerBound < coveredUntil {
            skippedNested = true
            return true
        }
        return false
    }

    mutating func add(_ edit: TextEdit) {
        edits.append(edit)
        coveredUntil = max(coveredUntil, edit.range.upperBound)
    }

    /// Adds an edit of the name only: the call's arguments stay open to other rules this round.
    mutating func addNameOnly(_ edit: TextEdit) {
        edits.append(edit)
    }
}
