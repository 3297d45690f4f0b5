import Durable

/// What the ledger says about one item (one output notebook), after folding its records.
public struct LedgerEntry: Sendable, Hashable {
    /// The outcome of the last terminal record (`commit`, `fail`, `skip`, `accept`, `fix`).
    public enum Status: String, Sendable, Hashable {
        case ok
        case failed
        case skipped
    }

    /// Where the baseline bytes came from.
    public enum BaselineKind: String, Sendable, Hashable {
        /// Written by skillhost (`commit`).
        case written
        /// A person's edit accepted with `acceptEdits` (`accept`).
        case accepted
        /// An edit made through `aidp-fixup-cell` (`fix`).
        case fixed
    }

    public var key: String
    /// Nil while the item has only a pending `begin` and nothing finished.
    public var status: Status?
    /// The inputs of the last terminal record.
    public var inputs: LedgerInputs?
    /// The baseline: the bytes skillhost last wrote or a person's accepted or fixed version. A
    /// `fail` or `skip` keeps the baseline before it. Only explicit records change it; a hash
    /// found on disk never does.
    public var output: LedgerOutput?
    public var baselineKind: BaselineKind?
    /// A `begin` with no terminal record after it: a write that may or may not have landed.
    public var pendingBegin: LedgerRecord.Begin?
    /// Why the last attempt failed, when `status` is `failed`.
    public var failure: LedgerFailureCause?
    /// Why the item was skipped, when `status` is `skipped`.
    public var skipReason: String?
    /// The `seq` of the last record about this item.
    public var lastSeq: Int

    public init(key: String, lastSeq: Int = 0) {
        self.key = key
        self.lastSeq = lastSeq
    }

    /// This entry as it would be had the pending `begin` been committed: for a write found to
    /// have landed after a crash.
    public func committingPendingBegin() -> LedgerEntry {
        guard let begin = pendingBegin else { return self }
        var entry = self
        entry.status = .ok
        entry.inputs = begin.inputs
        entry.output = begin.output
        entry.baselineKind = .written
        entry.failure = nil
        entry.skipReason = nil
        entry.pendingBegin = nil
        return entry
    }

    /// This entry without its pending `begin`: for a write found not to have landed.
    public func droppingPendingBegin() -> LedgerEntry {
        var entry = self
        entry.pendingBegin = nil
        return entry
    }
}

/// A run, from its `run` record and its `end` record if it has one.
public struct LedgerRun: Sendable, Hashable {
    public var runID: String
    public var start: LedgerRecord.RunStart?
    public var startedAt: String?
    public var end: LedgerRecord.RunEnd?

    public init(runID: String) {
        self.runID = runID
    }
}

/// The ledger folded into the current state per item: one last-wins pass by `seq`.
public struct LedgerState: Sendable, Hashable {
    /// Per item key (the output path relative to the job folder).
    public var entries: [String: LedgerEntry] = [:]
    /// In order of their first record.
    public var runs: [LedgerRun] = []
    public var quarantines: [LedgerRecord.Quarantine] = []
    /// The highest `seq` seen; the next record gets `lastSeq + 1`.
    public var lastSeq = 0

    public init() {}

    /// Folds `records` in `seq` order.
    public init(folding records: some Sequence<LedgerRecord>) {
        for record in records.sorted(by: { $0.seq < $1.seq }) { apply(record) }
    }

    /// The items with a write that may not have landed, by key.
    public var pendingBegins: [LedgerRecord.Begin] {
        entries.keys.sorted().compactMap { entries[$0]?.pendingBegin }
    }

    /// Folds one more record in; it must come after everything folded so far.
    public mutating func apply(_ record: LedgerRecord) {
        lastSeq = max(lastSeq, record.seq)
        switch record.body {
        case .runStart(let start):
            updateRun(record.runID) {
                $0.start = start
                $0.startedAt = record.at
            }
        case .runEnd(let end):
            updateRun(record.runID) { $0.end = end }
        case .begin(let begin):
            update(begin.key, seq: record.seq) { $0.pendingBegin = begin }
        case .commit(let commit):
            update(commit.key, seq: record.seq) {
                $0.status = .ok
                $0.inputs = commit.inputs
                $0.output = commit.output
                $0.baselineKind = .written
                $0.failure = nil
                $0.skipReason = nil
                $0.pendingBegin = nil
            }
        case .fail(let failure):
            update(failure.key, seq: record.seq) {
                $0.status = .failed
                $0.inputs = failure.inputs
                $0.failure = failure.cause
                $0.skipReason = nil
                $0.pendingBegin = nil
            }
        case .skip(let skip):
            update(skip.key, seq: record.seq) {
                $0.status = .skipped
                $0.inputs = skip.inputs
                $0.skipReason = skip.reason
                $0.failure = nil
                $0.pendingBegin = nil
            }
        case .baseline(let baseline):
            update(baseline.key, seq: record.seq) {
                $0.status = .ok
                $0.inputs = baseline.inputs
                $0.output = baseline.output
                $0.baselineKind = baseline.kind == .fixed ? .fixed : .accepted
                $0.failure = nil
                $0.skipReason = nil
                $0.pendingBegin = nil
            }
        case .quarantine(let quarantine):
            quarantines.append(quarantine)
            update(quarantine.key, seq: record.seq) { _ in }
        }
    }

    private mutating func update(_ key: String, seq: Int, _ change: (inout LedgerEntry) -> Void) {
        var entry = entries[key] ?? LedgerEntry(key: key)
        change(&entry)
        entry.lastSeq = seq
        entries[key] = entry
    }

    private mutating func updateRun(_ runID: String, _ change: (inout LedgerRun) -> Void) {
        if let index = runs.firstIndex(where: { $0.runID == runID }) {
            change(&runs[index])
        } else {
            var run = LedgerRun(runID: runID)
            change(&run)
            runs.append(run)
        }
    }
}
