import Durable
import Testing

/// RFC 4231 section 4 test cases (case 5 is omitted because it checks a truncated output).
@Suite struct HMACSHA256Tests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let key: [UInt8]
        let message: [UInt8]
        let expected: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "1: 20-byte key",
            key: [UInt8](repeating: 0x0b, count: 20),
            message: Array("Hi There".utf8),
            expected: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Case(
            name: "2: key shorter than the output",
            key: Array("Jefe".utf8),
            message: Array("what do ya want for nothing?".utf8),
            expected: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Case(
            name: "3: 50 bytes of 0xdd",
            key: [UInt8](repeating: 0xaa, count: 20),
            message: [UInt8](repeating: 0xdd, count: 50),
            expected: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Case(
            name: "4: 25-byte counting key",
            key: bytes(fromHex: "0102030405060708090a0b0c0d0e0f10111213141516171819"),
            message: [UInt8](repeating: 0xcd, count: 50),
            expected: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Case(
            name: "6: key longer than the block size",
            key: [UInt8](repeating: 0xaa, count: 131),
            message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            expected: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Case(
            name: "7: key and message longer than the block size",
            key: [UInt8](repeating: 0xaa, count: 131),
            message: Array(
                ("This is a test using a larger than block-size key and a larger than block-size data. "
                    + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
            expected: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: cases)
    func codeMatchesRFC4231(_ testCase: Case) {
        #expect(HMACSHA256.code(for: testCase.message, key: testCase.key).hex == testCase.expected)
    }

    @Test func keyOfExactlyOneBlockIsUsedWithoutHashing() {
        // A 64-byte key is padded with nothing; hashing it first would give a different code.
        let key = [UInt8](repeating: 0x61, count: 64)
        let hashedKey = SHA256.hash(key).bytes
        #expect(
            HMACSHA256.code(for: [1, 2, 3], key: key)
                != HMACSHA256.code(for: [1, 2, 3], key: hashedKey))
    }
}
