/// NBSP, curly quotes and zero-width characters in active code become their ASCII forms
/// (or nothing); comments, string literals and markdown keep them.
enum CharacterNormaliser {
    static func edits(_ code: LexedCode, log: inout FindingLog) -> [TextEdit] {
        let bytes = code.bytes
        var edits: [TextEdit] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte >= 0xC2, code.regions[index] == .code else {
                index += 1
                continue
            }
            var length = 0
            var replacement: [UInt8] = []
            if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 {
                length = 2
                replacement = [ByteText.space]
            } else if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80 {
                switch bytes[index + 2] {
                case 0x98, 0x99:
                    length = 3
                    replacement = [ByteText.singleQuote]
                case 0x9C, 0x9D:
                    length = 3
                    replacement = [ByteText.doubleQuote]
                case 0x8B, 0x8C, 0x8D: length = 3
                case 0xAF:
                    length = 3
                    replacement = [ByteText.space]
                default: break
                }
            } else if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x81, bytes[index + 2] == 0xA0 {
                length = 3
            } else if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBB, bytes[index + 2] == 0xBF {
                length = 3
            }
            if length > 0 {
                edits.append(TextEdit(index..<(index + length), replacement))
                index += length
            } else {
                index += 1
            }
        }
        if !edits.isEmpty {
            log.review(
                "X-06", "\(edits.count) non-ASCII space, curly quote or zero-width character(s) in code normalised")
        }
        return edits
    }
}
