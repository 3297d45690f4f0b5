import Durable
import Testing

@Suite struct ConstantTimeEqualsTests {
    @Test func equalBytesCompareEqual() {
        #expect(constantTimeEquals([], []))
        #expect(constantTimeEquals([1, 2, 3], [1, 2, 3]))
    }

    @Test func aDifferenceAnywhereMakesThemUnequal() {
        #expect(!constantTimeEquals([9, 2, 3], [1, 2, 3]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2, 9]))
    }

    @Test func differentLengthsAreUnequalEvenWithACommonPrefix() {
        #expect(!constantTimeEquals([1, 2], [1, 2, 3]))
        #expect(!constantTimeEquals([1, 2, 3], []))
    }
}
