import Durable
import Testing

@Suite struct SecureRandomTests {
    @Test(arguments: [0, 1, 32, 256, 257, 10_000])
    func returnsExactlyTheRequestedCount(_ count: Int) {
        #expect(SecureRandom.bytes(count).count == count)
    }

    @Test func successiveCallsDiffer() {
        // 2^-256 chance of a false failure.
        #expect(SecureRandom.bytes(32) != SecureRandom.bytes(32))
    }

    @Test func largeRequestsAreFilledPastTheFirst256Bytes() {
        // getentropy serves at most 256 bytes a call, so the tail would stay zero if slicing broke.
        let tail = SecureRandom.bytes(4_096)[256...]
        #expect(tail.contains { $0 != 0 })
    }
}
