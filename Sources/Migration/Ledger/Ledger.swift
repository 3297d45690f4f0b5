import Durable
import Foundation
import JSON

/// The migration ledger of one job: an append-only, checksummed journal of what skillhost wrote,
/// the authority on which outputs are done (ledger design §2-§3).
///
/// Open it once per run under the job's lock (`Ledger.lock`), resolve pending writes and plan
/// with `LedgerDecision`, and record each batch in two phases: `begin` (group-committed, with the
/// planned output hashes), publish the outputs atomically, then `commit`. Every append is on disk
/// when it returns (with `.synced` durability); report an item as done only after that.
public final class Ledger {
    /// The journal format: bump `schema` when a record's meaning or shape changes (adding a member
    /// needs no bump), and read older schemas through a migration in `records(of:path:)`.
    public static let format = JournalFormat(name: "skillhost-ledger", producer: "skillhost", schema: 1)

    public let paths: LedgerPaths
    /// This run's id, on every record it appends.
    public let runID: String
    /// The folded ledger, including everything appended so far.
    public private(set) var state: LedgerState
    /// The ledger's header as found (or as just written).
    public let header: JournalHeader
    /// Set when the ledger ended in a torn write: the bytes were archived under `paths.torn`
    /// and cut off. Worth a warning.
    public let tornTail: JournalTornTail?
    /// Whether `open` created the ledger.
    public let created: Bool
    /// Whether the ledger held exactly the bytes of the snapshot given to `open`, so the
    /// snapshot's state is the ledger's: every run appends records, so no run has finished or
    /// started between the two.
    public let matchesSnapshot: Bool

    /// Internal so a batch of files can be flushed together with the records announcing them.
    let journal: Journal
    private let now: @Sendable () -> Date

    private init(
        paths: LedgerPaths, runID: String, state: LedgerState, journal: Journal, now: @escaping @Sendable () -> Date
    ) {
        self.paths = paths
        self.runID = runID
        self.state = state
        self.header = journal.contents.header
        self.tornTail = journal.contents.tornTail
        self.created = journal.created
        self.matchesSnapshot = journal.matchesKnownContents
        self.journal = journal
        self.now = now
    }

    /// The ledger as it stands now, for deciding outputs against it.
    var snapshot: LedgerSnapshot { LedgerSnapshot(state: state, header: header, tornTail: nil, contents: nil) }

    /// Takes the job's exclusive lock, creating the ledger folder if needed; throws
    /// `LedgerError.locked` naming the holder when another run has it (exit code 75).
    public static func lock(_ paths: LedgerPaths, arguments: [String] = CommandLine.arguments) throws -> ExclusiveLock {
        try Directories.create(paths.folder)
        do {
            return try ExclusiveLock.acquire(at: paths.lock, holder: .current(arguments: arguments))
        } catch let error as LockHeldError {
            throw LedgerError.locked(root: paths.root, holder: error.holder)
        }
    }

    /// Opens the job's ledger for this run, creating it (atomically) when there is none.
    ///
    /// A torn tail is archived under `paths.torn` and cut off before anything is appended; a
    /// damaged line in the middle, a newer schema or an unknown record kind is refused with the
    /// file and line. `lock` must be the job's lock, held.
    ///
    /// `snapshot`, from an earlier `read`: when the file has not changed since, its state is
    /// taken as it is instead of decoding the ledger again (`matchesSnapshot`).
    public static func open(
        _ paths: LedgerPaths, lock: ExclusiveLock, toolVersion: String, durability: Journal.Durability = .synced,
        now: @escaping @Sendable () -> Date = { Date() }, reusing snapshot: LedgerSnapshot? = nil
    ) throws -> Ledger {
        try Directories.create(paths.folder)
        let fields = [
            "tool": "skillhost", "toolVersion": toolVersion, "ledgerId": UUID().uuidString.lowercased(),
            "createdAt": UTCTimestamp.iso8601(now()), "hashAlg": "sha256", "pathForm": "relative-posix-nfc",
        ]
        let journal = try Journal.open(
            at: paths.ledger, format: format, headerFields: fields, durability: durability,
            tornTailArchive: paths.torn, lock: lock, knownContents: snapshot?.contents)
        do {
            let state =
                if journal.matchesKnownContents, let snapshot {
                    snapshot.state
                } else {
                    try Self.state(of: journal.contents, path: paths.ledger)
                }
            return Ledger(paths: paths, runID: UUID().uuidString.lowercased(), state: state, journal: journal, now: now)
        } catch {
            try? journal.close()
            throw error
        }
    }

    /// Reads the job's ledger without a lock and without changing it, for planning and status; nil
    /// when there is no ledger. A torn tail is left in place and reported.
    public static func read(_ paths: LedgerPaths) throws -> LedgerSnapshot? {
        guard FileManager.default.fileExists(atPath: paths.ledger) else { return nil }
        let contents = try Journal.read(at: paths.ledger, format: format)
        return LedgerSnapshot(
            state: try state(of: contents, path: paths.ledger), header: contents.header, tornTail: contents.tornTail,
            contents: contents)
    }

    static func state(of contents: JournalContents, path: String) throws(LedgerError) -> LedgerState {
        LedgerState(folding: try records(of: contents, path: path))
    }

    /// The records of a loaded journal, decoded and checked for repeated sequence numbers.
    static func records(of contents: JournalContents, path: String) throws(LedgerError) -> [LedgerRecord] {
        // Schema 1 is the only one so far. Records of an older schema would be rewritten to the
        // current shape here, in memory, before folding.
        // Each line decodes on its own (a big job's ledger has thousands), so they are spread over
        // the cores; the first bad line in file order is the one reported.
        let decoded = contents.records.concurrentMap(minimumCount: 64) { line in
            Result { () throws(LedgerError) in try LedgerRecord.decode(line.payload, line: line.line, path: path) }
        }
        var records: [LedgerRecord] = []
        records.reserveCapacity(contents.records.count)
        var seen = Set<Int>()
        for (line, result) in zip(contents.records, decoded) {
            let record = try result.get()
            guard seen.insert(record.seq).inserted else {
                throw .duplicateSequence(path: path, line: line.line, seq: record.seq)
            }
            records.append(record)
        }
        return records
    }

    /// The SHA-256 of the canonical JSON (sorted keys, compact) of the settings that shape an
    /// output: job name, `workspaceRoot`, `catalogMap`, `pathMap`, `secretMap`,
    /// `notebookRunTimeout`, the resolved AIDP paths of its dependencies. The caller builds the
    /// JSON; anything that cannot change the notebook's bytes should stay out of it.
    public static func settingsFingerprint(of settings: JSONValue) -> String {
        var hasher = SHA256()
        hasher.update("skillhost-settings/1\n")
        hasher.update(JSONWriter.compact(settings))
        return hasher.finalize().hex
    }

    /// Appends `bodies` as one group: one write, one fsync. Each gets the next `seq`, this run's
    /// id and the current time. When it returns they are on disk and folded into `state`; when
    /// it throws, the ledger takes no more records and the run must stop (recovery on the next
    /// open sorts it out).
    /// With `deferSync`, the records reach the disk at the next flush instead (see
    /// `Journal.append(contentsOf:deferSync:)`).
    @discardableResult
    public func append(_ bodies: [LedgerRecord.Body], deferSync: Bool = false) throws -> [LedgerRecord] {
        let at = UTCTimestamp.iso8601(now())
        let records = bodies.enumerated().map { offset, body in
            LedgerRecord(seq: state.lastSeq + 1 + offset, runID: runID, at: at, body: body)
        }
        try journal.append(contentsOf: records.concurrentMap(minimumCount: 32) { $0.payload }, deferSync: deferSync)
        for record in records { state.apply(record) }
        return records
    }

    /// Records the start of this run, with the settings fingerprint and rule-set version it uses.
    public func startRun(
        settingsFingerprint: String, ruleSetVersion: String, toolVersion: String,
        arguments: [String] = CommandLine.arguments
    ) throws {
        let holder = LockHolder.current(arguments: arguments)
        try append([
            .runStart(
                LedgerRecord.RunStart(
                    settingsFingerprint: settingsFingerprint, ruleSetVersion: ruleSetVersion,
                    toolVersion: toolVersion, pid: Int64(holder.pid), host: holder.host, arguments: arguments))
        ])
    }

    /// Records the end of this run: `completed`, `cancelled` or `failed`, with counts per outcome.
    public func endRun(status: String, counts: [String: Int] = [:]) throws {
        try append([.runEnd(LedgerRecord.RunEnd(status: status, counts: counts))])
    }

    /// Phase 1 of a batch: the planned output hashes, before anything is published. With
    /// `deferSync` the caller must make them durable before publishing (`AtomicFile.writeAll`
    /// flushing this ledger's journal does).
    public func begin(_ begins: [LedgerRecord.Begin], deferSync: Bool = false) throws {
        try append(begins.map(LedgerRecord.Body.begin), deferSync: deferSync)
    }

    /// Phase 2 of a batch: the outputs are durably in place. A deferred commit lost in a crash
    /// costs nothing: recovery finds the begin pending, hashes the file and commits it then.
    public func commit(_ commits: [LedgerRecord.Commit], deferSync: Bool = false) throws {
        try append(commits.map(LedgerRecord.Body.commit), deferSync: deferSync)
    }

    /// Commits the pending write of `key`, found to have landed (decision `pending == .landed`),
    /// noted `recovered`. With `deferSync` (see `append`), a commit lost in a crash is simply
    /// recovered again by the next run.
    public func commitRecovered(key: String, deferSync: Bool = false) throws {
        guard let begin = state.entries[key]?.pendingBegin else { throw LedgerError.nothingPending(key: key) }
        try commit(
            [LedgerRecord.Commit(key: key, inputs: begin.inputs, output: begin.output, note: "recovered")],
            deferSync: deferSync)
    }

    public func fail(_ failures: [LedgerRecord.Failure]) throws {
        try append(failures.map(LedgerRecord.Body.fail))
    }

    public func skip(_ skips: [LedgerRecord.Skip]) throws {
        try append(skips.map(LedgerRecord.Body.skip))
    }

    /// Makes a person's current version of `key`'s output the baseline (`acceptEdits`): it is no
    /// longer reported as hand-edited, and a later input change regenerates it like any
    /// untouched output. Never done automatically.
    public func acceptEdit(key: String, output: LedgerOutput, note: String? = nil) throws {
        try appendBaseline(.accepted, key: key, output: output, note: note ?? "user accepted hand edit")
    }

    /// Records an edit made through `aidp-fixup-cell` as the baseline: a later input change needs
    /// confirmation before regenerating the output.
    public func recordFix(key: String, output: LedgerOutput, note: String? = nil) throws {
        try appendBaseline(.fixed, key: key, output: output, note: note)
    }

    public func quarantine(_ quarantines: [LedgerRecord.Quarantine]) throws {
        try append(quarantines.map(LedgerRecord.Body.quarantine))
    }

    /// Closes the ledger file; a close error can be a delayed write error.
    public func close() throws {
        try journal.close()
    }

    private func appendBaseline(
        _ kind: LedgerRecord.Baseline.Kind, key: String, output: LedgerOutput, note: String?
    ) throws {
        guard let inputs = state.entries[key]?.inputs else { throw LedgerError.nothingRecorded(key: key) }
        try append([.baseline(LedgerRecord.Baseline(kind: kind, key: key, inputs: inputs, output: output, note: note))])
    }
}

/// The ledger's state at one moment: read from the file without a lock (`Ledger.read`), or taken
/// from the open ledger under it (`snapshot`).
public struct LedgerSnapshot: Sendable {
    public let state: LedgerState
    public let header: JournalHeader
    /// A torn tail that is still on disk (the next `Ledger.open` cuts it off).
    public let tornTail: JournalTornTail?
    /// What the state was folded from, when it was read from the file, for `Ledger.open` to
    /// reuse.
    let contents: JournalContents?
}
