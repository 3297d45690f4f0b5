import Testing

@testable import Skills

@Suite struct BackgroundReleaseTests {
    @Test func theValueIsUsedOnceThenGone() {
        let held = BackgroundRelease([1, 2, 3])
        #expect(held.consume { $0.reduce(0, +) } == 6)
        #expect(held.consume { $0.count } == nil)
    }

    @Test func aThrowingUseStillGivesTheValueUp() {
        struct Failure: Error {}
        let held = BackgroundRelease("plan")
        #expect(throws: Failure.self) { try held.consume { _ in throw Failure() } }
        #expect(held.consume { $0 } == nil)
    }
}
