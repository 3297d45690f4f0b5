/// A 32-byte SHA-256 (or HMAC-SHA256) result, shown as lowercase hex.
public struct SHA256Digest: Sendable, Hashable, CustomStringConvertible {
    /// The 32 digest bytes, most significant first.
    public let bytes: [UInt8]

    init(bytes: [UInt8]) {
        precondition(bytes.count == 32, "a SHA-256 digest is 32 bytes")
        self.bytes = bytes
    }

    /// Parses 64 hex digits (either case); nil for anything else.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(32)
        var index = 0
        while index < 64 {
            guard let high = Hex.value(ofDigit: digits[index]),
                let low = Hex.value(ofDigit: digits[index + 1])
            else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        self.bytes = bytes
    }

    /// The digest as 64 lowercase hex digits.
    public var hex: String { Hex.encode(bytes) }

    public var description: String { hex }
}
