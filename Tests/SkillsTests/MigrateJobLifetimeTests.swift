import Foundation
import JSON
import Migration
import SkillHost
import Testing

@testable import Skills

/// The migration's prepared state is left for the exit only when the process ends after the call.
@Suite struct MigrateJobLifetimeTests {
    @Test func aOneShotCallLeavesThePreparedMigrationForTheExitAndAServerDoesNotKeepIt() async throws {
        let example = BundledSkillsTests.repository + "/examples/nightly_sales"
        let base = NSTemporaryDirectory() + "skillhost-lifetime-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: base) }
        let kept = { KeptUntilExit.values.withLock { $0.count { $0 is DeferredRelease<PreparedMigration>.Slot } } }
        // One after the other: nothing else in the test run migrates through the handler.
        for oneShot in [false, true] {
            var context = HandlerContext()
            context.processExitsAfterCall = oneShot
            let before = kept()
            let arguments: JSONValue = [
                "job": .string(example + "/job.json"), "source": .string(example + "/workspace"),
                "config": .string(example + "/config.json"), "outputBase": .string(base + "/\(oneShot)"),
            ]
            let plan = try await MigrateJobHandler().plan(arguments, context: context)
            let output = try await plan.apply(context)
            #expect(!output.isError, "\(output.text)")
            #expect(kept() == before + (oneShot ? 1 : 0))
        }
    }
}
