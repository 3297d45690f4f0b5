import Testing

@testable import Migration

@Suite struct RulesByteHelpersTests {
    /// Inserts each value and tells, for each, whether it was added.
    private func insert<Element>(_ values: [Element], into unique: inout UniqueElements<Element>) -> [Bool] {
        values.map { unique.insert($0) }
    }

    @Test func uniqueElementsKeepsFirstSeenOrderWithoutRepeats() {
        var unique = UniqueElements<String>()
        let added = insert(["b", "a", "b"], into: &unique)
        #expect(added == [true, true, false])
        #expect(unique.elements == ["b", "a"])
    }

    @Test func uniqueElementsStillFindsRepeatsPastTheLinearLimit() {
        var unique = UniqueElements<String>()
        let notes = (0..<(UniqueElements<String>.linearLimit * 3)).map { "note → \($0)" }
        let first = insert(notes, into: &unique)
        let again = insert(notes, into: &unique)
        #expect(first.allSatisfy { $0 })
        #expect(!again.contains(true))
        #expect(unique.elements == notes)
    }

    @Test func uniqueElementsComparesStringsByCanonicalEquivalenceLikeASet() {
        var unique = UniqueElements<String>()
        let added = insert(["caf\u{E9}", "cafe\u{301}"], into: &unique)
        #expect(added == [true, false])
        #expect(unique.elements == ["caf\u{E9}"])
    }

    @Test func uniqueElementsUpdateEachKeepsTheLookupInStep() {
        for count in [3, UniqueElements<Int>.linearLimit + 4] {
            var unique = UniqueElements<Int>()
            _ = insert(Array(0..<count), into: &unique)
            unique.updateEach { $0 += 1000 }
            let added = insert([1000, 0], into: &unique)
            #expect(added == [false, true])
            #expect(unique.elements.count == count + 1)
        }
    }

    @Test func byteSearchesWorkOnSlicesThatDoNotStartAtZero() {
        let bytes = Array("xx %md yy".utf8)
        #expect(ByteText.contains(bytes[2..<6], Array("%md".utf8)))
        #expect(!ByteText.contains(bytes[4..<9], Array("%md".utf8)))
        #expect(ByteText.hasPrefix(bytes[3...], at: 3, Array("%md".utf8)))
        #expect(!ByteText.hasPrefix(bytes[3..<5], at: 3, Array("%md".utf8)))
        #expect(!ByteText.hasPrefix(bytes[3...], at: 2, Array(" %".utf8)))
    }
}
