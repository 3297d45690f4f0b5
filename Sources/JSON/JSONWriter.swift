import Foundation

/// Writes `JSONValue` as bytes, deterministically: keys sorted by code point, no escaped slashes,
/// non-ASCII kept as UTF-8.
///
/// `indented` produces exactly the layout of Python's
/// `json.dumps(value, indent=n, sort_keys=True, ensure_ascii=False)`, which is what nbformat writes,
/// so notebooks written here diff cleanly against notebooks saved by Jupyter tools.
public enum JSONWriter {
    public static func compact(_ value: JSONValue) -> Data {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(value, into: &output, indent: nil, depth: 0)
        return Data(output)
    }

    /// In a buffer of `capacity` reserved at once: a document of megabytes grown by doubling is
    /// copied into fresh pages at every step.
    public static func indented(_ value: JSONValue, indent: Int, capacity: Int = 1024) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(capacity)
        write(value, into: &output, indent: indent, depth: 0)
        return output
    }

    private static func write(_ value: JSONValue, into output: inout [UInt8], indent: Int?, depth: Int) {
        switch value {
        case .null: append("null", to: &output)
        case .bool(let flag): append(flag ? "true" : "false", to: &output)
        case .int(let number): writeInteger(number, into: &output)
        case .double(let number):
            // JSON has no NaN or infinity; null is what Python's encoder would refuse to guess.
            output.append(contentsOf: Array((number.isFinite ? "\(number)" : "null").utf8))
        case .string(let text): writeString(text, into: &output)
        case .array(let items):
            guard !items.isEmpty else {
                output.append(contentsOf: [UInt8(ascii: "["), UInt8(ascii: "]")])
                return
            }
            output.append(UInt8(ascii: "["))
            for (position, item) in items.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(into: &output, indent: indent, depth: depth + 1)
                write(item, into: &output, indent: indent, depth: depth + 1)
            }
            newline(into: &output, indent: indent, depth: depth)
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else {
                output.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")])
                return
            }
            output.append(UInt8(ascii: "{"))
            // The members' positions are sorted in scratch space on the stack: a report or a
            // ledger has tens of thousands of small objects, and a sorted copy of each was most of
            // the writing time.
            withUnsafeTemporaryAllocation(of: [String: JSONValue].Index.self, capacity: members.count) { scratch in
                var order = scratch
                var filled = 0
                var position = members.startIndex
                while position != members.endIndex {
                    (order.baseAddress! + filled).initialize(to: position)
                    filled += 1
                    members.formIndex(after: &position)
                }
                order.sort { precedesInUTF8(members[$0].key, members[$1].key) }
                for offset in 0..<filled {
                    let (key, value) = members[order[offset]]
                    if offset > 0 { output.append(UInt8(ascii: ",")) }
                    newline(into: &output, indent: indent, depth: depth + 1)
                    writeString(key, into: &output)
                    output.append(UInt8(ascii: ":"))
                    if indent != nil { output.append(UInt8(ascii: " ")) }
                    write(value, into: &output, indent: indent, depth: depth + 1)
                }
                order.baseAddress!.deinitialize(count: filled)
            }
            newline(into: &output, indent: indent, depth: depth)
            output.append(UInt8(ascii: "}"))
        }
    }

    static func newline(into output: inout [UInt8], indent: Int?, depth: Int) {
        guard let indent else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * depth))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// Code-point order is UTF-8 byte order; comparing the bytes directly avoids String's
    /// Unicode-aware comparison, which sorting every object's keys would pay for many times.
    private static func precedesInUTF8(_ left: String, _ right: String) -> Bool {
        var left = left
        var right = right
        return left.withUTF8 { a in
            right.withUTF8 { b in
                let common = min(a.count, b.count)
                let order = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
                return order != 0 ? order < 0 : a.count < b.count
            }
        }
    }

    /// Appends a literal's UTF-8 bytes, for writers that lay out JSON by hand.
    @inlinable
    public static func append(_ literal: StaticString, to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    static func writeInteger(_ number: Int64, into output: inout [UInt8]) {
        if number < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes, enough for 20 digits
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            output.append(contentsOf: buffer[(24 - count)...])
        }
    }

    /// Appends `text` as a JSON string: `"`, `\` and control characters escaped (the short forms
    /// where JSON has them, else `\u00xx`), everything else as its UTF-8 bytes.
    public static func writeString(_ text: String, into output: inout [UInt8]) {
        var text = text
        text.withUTF8 { writeString($0, into: &output) }
    }

    /// `writeString` for UTF-8 bytes already at hand. Runs that need no escape are copied whole,
    /// and found eight bytes at a time: escapes are rare, and notebooks, reports and the ledger
    /// are mostly long strings.
    public static func writeString(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        guard let base = bytes.baseAddress else {
            output.append(UInt8(ascii: "\""))
            return
        }
        let count = bytes.count
        var runStart = 0
        var index = 0
        while index < count {
            // Find the next byte to escape: eight at a time, jumping straight to the first one
            // in a word that has any; byte by byte in the last few.
            if index + 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let found = escapeMask(word)
                guard found != 0 else {
                    index += 8
                    continue
                }
                index += found.trailingZeroBitCount / 8
            } else {
                let byte = base[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                    index += 1
                    continue
                }
            }
            if runStart < index { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            let byte = base[index]
            index += 1
            runStart = index
            output.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
            case 0x0A: output.append(UInt8(ascii: "n"))
            case 0x0D: output.append(UInt8(ascii: "r"))
            case 0x09: output.append(UInt8(ascii: "t"))
            case 0x08: output.append(UInt8(ascii: "b"))
            case 0x0C: output.append(UInt8(ascii: "f"))
            default:
                output.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            }
        }
        if runStart < count {
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count]))
        }
        output.append(UInt8(ascii: "\""))
    }

    /// The high bit of every byte of `word` (first byte lowest) that is a control character, `"`
    /// or `\`, from the "Bit Twiddling Hacks" tests for a byte below n and for a zero byte. Other
    /// bits can be set above the first match, by a borrow, but never below it: the lowest set bit
    /// is exactly the first byte to escape.
    @inline(__always)
    private static func escapeMask(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- ones &* 0x20) & ~word & highs
        let quote = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslash = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let zeroInQuote = (quote &- ones) & ~quote & highs
        let zeroInBackslash = (backslash &- ones) & ~backslash & highs
        return control | zeroInQuote | zeroInBackslash
    }
}
