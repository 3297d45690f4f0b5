import Foundation

/// One checksummed journal line: a JSON object with a `sum` member added at its end.
///
/// For a payload `B` (a JSON object, serialised without `sum`), the line is `B` without its final
/// `}`, then `,"sum":"<first 16 hex digits of SHA-256(B)>"}` and `\n`. Every line stays valid
/// JSON, and checking it never depends on how any JSON encoder lays out `B`: strip the fixed-size
/// suffix, put the `}` back, hash.
public enum JournalLine {
    /// What is wrong with a line that does not verify.
    public enum Defect: Error, Sendable, Hashable, CustomStringConvertible {
        /// The line does not end in `,"sum":"<16 lowercase hex digits>"}`.
        case missingChecksum
        /// The checksum is there but does not match the bytes before it.
        case checksumMismatch
        /// What precedes the checksum cannot be a JSON object.
        case notAnObject

        public var description: String {
            switch self {
            case .missingChecksum: "no checksum"
            case .checksumMismatch: "checksum mismatch"
            case .notAnObject: "not a JSON object"
            }
        }
    }

    /// `,"sum":"` + 16 hex digits + `"}`.
    static let suffixLength = 26
    private static let suffixStart = Array(#","sum":""#.utf8)
    private static let suffixEnd = Array(#""}"#.utf8)
    private static let openBrace = UInt8(ascii: "{")
    private static let closeBrace = UInt8(ascii: "}")
    static let newline = UInt8(ascii: "\n")

    /// The line for `payload`, including its final `\n`.
    ///
    /// The payload must be one JSON object with at least one member, without a line break
    /// anywhere (compact JSON escapes them inside strings) and without a `sum` member of its own.
    public static func encode(_ payload: Data) throws(JournalError) -> Data {
        Data(try encode(Array(payload)))
    }

    /// The payload `B` of a line (given without its `\n`), or the reason it does not verify.
    public static func decode(_ line: Data) throws(Defect) -> Data {
        Data(try decode(Array(line)[...]))
    }

    static func encode(_ payload: [UInt8]) throws(JournalError) -> [UInt8] {
        try validate(payload)
        var line = [UInt8]()
        line.reserveCapacity(payload.count + suffixLength + 1)
        line.append(contentsOf: payload.dropLast())
        line.append(contentsOf: suffixStart)
        line.append(contentsOf: checksum(of: payload[...]))
        line.append(contentsOf: suffixEnd)
        line.append(newline)
        return line
    }

    static func decode(_ line: ArraySlice<UInt8>) throws(Defect) -> [UInt8] {
        guard line.count >= suffixLength + 2 else {
            throw line.first == openBrace ? .missingChecksum : .notAnObject
        }
        let suffix = line.suffix(suffixLength)
        let digits = suffix.dropFirst(suffixStart.count).prefix(16)
        guard suffix.starts(with: suffixStart), suffix.suffix(2).elementsEqual(suffixEnd),
            digits.allSatisfy(isLowercaseHexDigit)
        else {
            throw line.first == openBrace ? .missingChecksum : .notAnObject
        }
        var payload = Array(line.dropLast(suffixLength))
        payload.append(closeBrace)
        guard payload.first == openBrace else { throw .notAnObject }
        guard checksum(of: payload[...]).elementsEqual(digits) else { throw .checksumMismatch }
        return payload
    }

    /// The first 16 lowercase hex digits of SHA-256(`payload`), as ASCII bytes.
    static func checksum(of payload: ArraySlice<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        payload.withUnsafeBytes { hasher.update($0) }
        return Array(hasher.finalize().hex(digits: 16).utf8)
    }

    private static func validate(_ payload: [UInt8]) throws(JournalError) {
        guard payload.first == openBrace, payload.last == closeBrace, payload.count >= 2 else {
            throw .invalidPayload(reason: "a journal record must be one JSON object")
        }
        // Every record of a big run passes here: byte tests rather than a set built per record keep
        // it allocation-free, and the line break is looked for a word at a time.
        guard !payload.withUnsafeBytes({ Posix.contains(newline, in: $0) }) else {
            throw .invalidPayload(reason: "a journal record must not contain a line break")
        }
        guard !payload.dropFirst().dropLast().allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) else {
            throw .invalidPayload(reason: "a journal record needs at least one member")
        }
    }

    private static func isLowercaseHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
