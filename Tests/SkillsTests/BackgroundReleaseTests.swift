import Dispatch
import Foundation
import Synchronization
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

extension BackgroundReleaseTests {
    /// Records the thread its deinit ran on.
    final class Tracked: Sendable {
        let freed: @Sendable (pthread_t) -> Void
        init(freed: @escaping @Sendable (pthread_t) -> Void) { self.freed = freed }
        deinit { freed(pthread_self()) }
    }

    @Test func theValueIsFreedOffTheCallingThread() {
        // A race for the last release is lost only sometimes: try it many times.
        for _ in 0..<200 {
            let freedOn = Mutex<pthread_t?>(nil)
            let done = DispatchSemaphore(value: 0)
            let held = BackgroundRelease(
                Tracked { thread in
                    freedOn.withLock { $0 = thread }
                    done.signal()
                })
            let caller = pthread_self()
            #expect(held.consume { _ in 1 } == 1)
            #expect(done.wait(timeout: .now() + 10) == .success)
            let thread = freedOn.withLock { $0 }
            #expect(thread.map { pthread_equal($0, caller) == 0 } == true)
        }
    }

    @Test func aValueNeverUsedIsFreedOffTheThreadThatDropsIt() {
        for _ in 0..<200 {
            let freedOn = Mutex<pthread_t?>(nil)
            let done = DispatchSemaphore(value: 0)
            var held: BackgroundRelease<Tracked>? = BackgroundRelease(
                Tracked { thread in
                    freedOn.withLock { $0 = thread }
                    done.signal()
                })
            let caller = pthread_self()
            withExtendedLifetime(held) {}
            held = nil
            #expect(done.wait(timeout: .now() + 10) == .success)
            let thread = freedOn.withLock { $0 }
            #expect(thread.map { pthread_equal($0, caller) == 0 } == true)
        }
    }
}
