import Dispatch
import Durable
import Foundation
import Synchronization
import Testing

/// `Background`: a value worked out beside the caller, handed over once, never outliving its
/// holder.
@Suite struct BackgroundTests {
    @Test func theValueIsTheWorksResult() {
        let sum = Background { (1...1000).reduce(0, +) }
        #expect(sum.value() == 500_500)
    }

    /// The work answers a signal before anyone asks for its value. Work run on the calling thread
    /// would wait in `init` for a signal sent only after it, give up at its deadline and hand
    /// over false; work run only once asked would not answer in time. Both fail, neither hangs.
    @Test func theWorkRunsWhileTheCallerGoesOn() {
        let go = DispatchSemaphore(value: 0)
        let answered = DispatchSemaphore(value: 0)
        let work = Background {
            let sawGo = go.wait(timeout: .now() + 30) == .success
            answered.signal()
            return sawGo
        }
        go.signal()
        #expect(answered.wait(timeout: .now() + 60) == .success)
        #expect(work.value())
    }

    /// A holder dropped without asking for the value (an early throw) waits for the work, so
    /// nothing it started is still running when the caller returns. The work dawdles after its
    /// signal, so a holder that did not wait would be gone long before the flag is raised.
    @Test func aHolderDroppedUnaskedWaitsForTheWork() {
        final class Flag: Sendable {
            let raised = Mutex(false)
        }
        let finished = Flag()
        let go = DispatchSemaphore(value: 0)
        do {
            let work = Background {
                // Bounded, so work run inline by a regression cannot hang the test.
                _ = go.wait(timeout: .now() + 30)
                Thread.sleep(forTimeInterval: 0.05)
                finished.raised.withLock { $0 = true }
            }
            withExtendedLifetime(work) { _ = go.signal() }
        }
        #expect(finished.raised.withLock { $0 })
    }
}
