/// What a handler may use while planning and applying: progress, cancellation and a log line
/// for stderr. It never sees the transport.
public struct HandlerContext: Sendable {
    public var progress: ProgressReporter
    public var cancellation: Cancellation
    public var log: @Sendable (String) -> Void
    /// The call only wants the plan: planning must leave no trace (no lock files, no folders).
    public var isDryRun = false
    /// The process exits right after this call (`skillhost call`): large values can be left for
    /// the exit to reclaim at once instead of being freed allocation by allocation.
    public var processExitsAfterCall = false

    public init(
        progress: ProgressReporter = .silent, cancellation: Cancellation = Cancellation(),
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.progress = progress
        self.cancellation = cancellation
        self.log = log
    }
}
