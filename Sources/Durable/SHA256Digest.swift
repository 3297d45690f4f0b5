/// A 32-byte SHA-256 (or HMAC-SHA256) result, shown as lowercase hex.
public struct SHA256Digest: Sendable, Hashable, CustomStringConvertible {
    /// The 32 bytes inline, most significant first, so a digest allocates nothing: a migration
    /// makes one per cell id. A vector rather than a tuple, so equality and hashing come derived.
    private var storage = SIMD4<UInt64>()

    /// The 32 digest bytes, most significant first.
    public var bytes: [UInt8] { withUnsafeBytes(of: storage) { Array($0) } }

    /// `fill` writes the 32 digest bytes, most significant first.
    init(filling fill: (UnsafeMutableRawBufferPointer) -> Void) {
        withUnsafeMutableBytes(of: &storage, fill)
    }

    /// Parses 64 hex digits (either case); nil for anything else.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var valid = true
        self.init { bytes in
            for index in 0..<32 {
                guard let high = Hex.value(ofDigit: digits[2 * index]),
                    let low = Hex.value(ofDigit: digits[2 * index + 1])
                else {
                    valid = false
                    return
                }
                bytes[index] = high << 4 | low
            }
        }
        guard valid else { return nil }
    }

    /// The digest as 64 lowercase hex digits.
    public var hex: String { hex(digits: 64) }

    /// The first `digits` (at most 64) lowercase hex digits of the digest.
    public func hex(digits: Int) -> String {
        precondition((0...64).contains(digits), "a SHA-256 digest has 64 hex digits")
        return withUnsafeBytes(of: storage) { Hex.encode($0, digits: digits) }
    }

    public var description: String { hex }
}
