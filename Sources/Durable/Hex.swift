/// Lowercase hexadecimal text for bytes, built without per-character String appends.
enum Hex {
    private static let alphabet = Array("0123456789abcdef".utf8)

    /// Two lowercase hex digits per byte, most significant nibble first.
    static func encode(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { text in
            for (index, byte) in bytes.enumerated() {
                text[2 * index] = alphabet[Int(byte >> 4)]
                text[2 * index + 1] = alphabet[Int(byte & 0x0f)]
            }
            return bytes.count * 2
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
