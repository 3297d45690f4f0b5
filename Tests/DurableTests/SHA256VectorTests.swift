import Durable
import Testing

/// FIPS 180-2 appendix B and CAVP short-message vectors.
@Suite struct SHA256VectorTests {
    @Test func digestOfEmptyInputMatchesNIST() {
        #expect(
            SHA256.hash("").hex
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func digestOfAbcMatchesNIST() {
        #expect(
            SHA256.hash("abc").hex
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func digestOf448BitMessageMatchesNIST() {
        let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(
            SHA256.hash(message).hex
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func digestOf896BitMessageMatchesNIST() {
        let message =
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        #expect(
            SHA256.hash(message).hex
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    @Test func digestOfOneMillionAsMatchesNIST() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(
            SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)).hex == expected)

        // The same million fed one byte at a time exercises the partial-block path throughout.
        var hasher = SHA256()
        for _ in 0..<1_000_000 { hasher.update("a") }
        #expect(hasher.finalize().hex == expected)
    }

    @Test func stringIsHashedAsItsUTF8Bytes() {
        let text = "Grüße, 世界 🌍"
        #expect(SHA256.hash(text) == SHA256.hash(Array(text.utf8)))
    }

    @Test func finalizeLeavesTheHasherReadyToContinue() {
        var hasher = SHA256()
        hasher.update("ab")
        let partial = hasher.finalize()
        hasher.update("c")
        #expect(partial == SHA256.hash("ab"))
        #expect(hasher.finalize() == SHA256.hash("abc"))
    }

    @Test func digestDescriptionIsLowercaseHexOf32Bytes() {
        let digest = SHA256.hash("abc")
        #expect(digest.bytes.count == 32)
        #expect(digest.description == digest.hex)
        #expect(digest.hex.count == 64)
        #expect(digest.hex == digest.hex.lowercased())
    }

    @Test func digestHexPrefixIsTheStartOfItsHex() {
        let digest = SHA256.hash("abc")
        for digits in [0, 1, 15, 16, 17, 63, 64] {
            #expect(digest.hex(digits: digits) == String(digest.hex.prefix(digits)))
        }
    }

    @Test func digestParsesBackFromItsHexInEitherCase() {
        let digest = SHA256.hash("abc")
        #expect(SHA256Digest(hex: digest.hex) == digest)
        #expect(SHA256Digest(hex: digest.hex.uppercased()) == digest)
    }

    @Test(arguments: [
        "", "abc", String(repeating: "0", count: 63), String(repeating: "g", count: 64),
    ])
    func digestRefusesTextThatIsNot64HexDigits(_ text: String) {
        #expect(SHA256Digest(hex: text) == nil)
    }
}
