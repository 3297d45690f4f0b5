import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The first Ctrl-C asks the running call to stop between units of work; a second one ends the
/// process at once, as people expect.
struct InterruptHandler {
    private let source: DispatchSourceSignal

    static func install(_ onInterrupt: @escaping @Sendable () -> Void) -> InterruptHandler {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            Terminal.err("\nskillhost: stopping after the current step (Ctrl-C again to quit now)")
            signal(SIGINT, SIG_DFL)
            onInterrupt()
        }
        source.resume()
        return InterruptHandler(source: source)
    }

    func remove() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
