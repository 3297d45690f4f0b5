/// One replacement in a byte buffer.
struct TextEdit {
    var range: Range<Int>
    var replacement: [UInt8]

    init(_ range: Range<Int>, _ replacement: [UInt8]) {
        self.range = range
        self.replacement = replacement
    }

    init(_ range: Range<Int>, _ replacement: String) {
        self.init(range, Array(replacement.utf8))
    }

    /// Applies edits in one linear pass. Edits are sorted by start; an edit overlapping an
    /// earlier one is dropped (the caller guarantees this does not happen for edits it needs).
    static func apply(_ edits: [TextEdit], to bytes: [UInt8]) -> [UInt8] {
        guard !edits.isEmpty else { return bytes }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64)
        // The passes make their edits in text order; only an out-of-order list needs the sort
        // (stable, so edits at one start keep their order).
        let ordered =
            zip(edits, edits.dropFirst()).allSatisfy({ $0.range.lowerBound <= $1.range.lowerBound })
            ? edits
            : edits.enumerated().sorted {
                $0.element.range.lowerBound != $1.element.range.lowerBound
                    ? $0.element.range.lowerBound < $1.element.range.lowerBound : $0.offset < $1.offset
            }.map(\.element)
        var cursor = 0
        for edit in ordered where edit.range.lowerBound >= cursor {
            output.append(contentsOf: bytes[cursor..<edit.range.lowerBound])
            output.append(contentsOf: edit.replacement)
            cursor = edit.range.upperBound
        }
        output.append(contentsOf: bytes[cursor...])
        return output
    }
}
