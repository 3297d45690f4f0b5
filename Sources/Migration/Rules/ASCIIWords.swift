/// A fixed set of lower-case ASCII words, looked up ASCII case-insensitively straight from the
/// bytes, so a token scan can pass over the words it has no rule for without making a `String`
/// of each.
struct ASCIIWords {
    /// Words by length.
    private let byLength: [[[UInt8]]]

    init(_ words: some Sequence<String>) {
        var table: [[[UInt8]]] = []
        for word in words {
            let bytes = Array(word.utf8)
            while table.count <= bytes.count { table.append([]) }
            table[bytes.count].append(bytes)
        }
        byLength = table
    }

    /// Whether `bytes[range]` may lower-case to one of the words: true when it equals one, ASCII
    /// case aside, and for any text with a non-ASCII byte, since Unicode lower-casing can turn
    /// one into ASCII (the Kelvin sign becomes `k`).
    func mayContain(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        if bytes[range].contains(where: { $0 >= 0x80 }) { return true }
        guard range.count < byLength.count else { return false }
        let first = ByteText.lowercased(bytes[range.lowerBound])
        for word in byLength[range.count] where word[0] == first {
            if ByteText.equalsIgnoringCase(bytes, range, word) { return true }
        }
        return false
    }
}
