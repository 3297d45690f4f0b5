/// Lowercase hexadecimal text for bytes, built without per-character String appends.
enum Hex {
    private static let alphabet = Array("0123456789abcdef".utf8)

    /// Two lowercase hex digits per byte, most significant nibble first.
    static func encode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { encode($0, digits: 2 * $0.count) }
    }

    /// The first `digits` hex digits of `bytes` (at most two per byte), as `encode` writes them.
    static func encode(_ bytes: UnsafeRawBufferPointer, digits: Int) -> String {
        String(unsafeUninitializedCapacity: digits) { text in
            for index in 0..<digits {
                let byte = bytes[index / 2]
                text[index] = alphabet[Int(index % 2 == 0 ? byte >> 4 : byte & 0x0f)]
            }
            return digits
        }
    }

    /// The value of one ASCII hex digit (either case), or nil if it is not one.
    static func value(ofDigit digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
