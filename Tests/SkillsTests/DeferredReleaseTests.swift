import Dispatch
import Foundation
import Synchronization
import Testing

@testable import Skills

@Suite struct DeferredReleaseTests {
    @Test(arguments: [DeferredRelease<[Int]>.Release.onABackgroundThread, .atProcessExit])
    func theValueIsUsedOnceThenGone(release: DeferredRelease<[Int]>.Release) {
        let held = DeferredRelease([1, 2, 3], release: release)
        #expect(held.consume { $0.reduce(0, +) } == 6)
        #expect(held.consume { $0.count } == nil)
    }

    @Test(arguments: [DeferredRelease<String>.Release.onABackgroundThread, .atProcessExit])
    func aThrowingUseStillGivesTheValueUp(release: DeferredRelease<String>.Release) {
        struct Failure: Error {}
        let held = DeferredRelease("plan", release: release)
        #expect(throws: Failure.self) { try held.consume { _ in throw Failure() } }
        #expect(held.consume { $0 } == nil)
    }
}

extension DeferredReleaseTests {
    /// Records the thread its deinit ran on.
    final class Tracked: Sendable {
        let freed: @Sendable (pthread_t) -> Void
        init(freed: @escaping @Sendable (pthread_t) -> Void) { self.freed = freed }
        deinit { freed(pthread_self()) }
    }

    /// Makes a holder of a `Tracked` value, lets `drop` end its use, and tells whether the value
    /// was freed on a thread other than the caller's. A race for the last release is lost only
    /// sometimes: callers try it many times.
    private func freedOffTheCaller(_ drop: (inout DeferredRelease<Tracked>?) -> Void) -> Bool {
        let freedOn = Mutex<pthread_t?>(nil)
        let done = DispatchSemaphore(value: 0)
        var held: DeferredRelease<Tracked>? = DeferredRelease(
            Tracked { thread in
                freedOn.withLock { $0 = thread }
                done.signal()
            }, release: .onABackgroundThread)
        let caller = pthread_self()
        drop(&held)
        #expect(done.wait(timeout: .now() + 10) == .success)
        let thread = freedOn.withLock { $0 }
        return thread.map { pthread_equal($0, caller) == 0 } == true
    }

    @Test func theValueIsFreedOffTheCallingThread() {
        for _ in 0..<200 {
            var used: Int?
            let freedOff = freedOffTheCaller { held in used = held?.consume { _ in 1 } }
            #expect(used == 1)
            #expect(freedOff)
        }
    }

    @Test func aValueNeverUsedIsFreedOffTheThreadThatDropsIt() {
        for _ in 0..<200 {
            #expect(freedOffTheCaller { held in held = nil })
        }
    }

    /// Kept until the exit, used or not: nothing frees it, on any thread.
    @Test(arguments: [true, false])
    func aValueForTheExitIsNeverFreed(used: Bool) {
        let freed = Mutex(false)
        weak var watched: Tracked?
        do {
            let value = Tracked { _ in freed.withLock { $0 = true } }
            watched = value
            var held: DeferredRelease<Tracked>? = DeferredRelease(value, release: .atProcessExit)
            if used { #expect(held?.consume { _ in 1 } == 1) }
            held = nil
        }
        // A background release would have run by now.
        Thread.sleep(forTimeInterval: 0.2)
        let wasFreed = freed.withLock { $0 }
        #expect(!wasFreed)
        #expect(watched != nil)
    }
}
