import Durable
import Foundation

/// Carries out a prepared migration under the job's lock, in group commits: a durable `begin`
/// for a batch of outputs, old copies moved to quarantine where the decision says so, the files
/// written atomically together, a durable `commit`. A crash at any instant leaves a state the
/// next run resolves from the ledger.
public enum MigrationExecutor {
    public struct Outcome: Sendable {
        public var written: [String] = []
        public var skipped: [String] = []
        /// Kept as they are (hand-edited, or changed since the plan was made).
        public var kept: [(path: String, why: String)] = []
        public var quarantined: [(path: String, to: String)] = []
        public var failed: [(path: String, why: String)] = []
        public var cancelled = false
        public var notes: [String] = []
    }

    /// Applies `prepared`. `approved` are the output paths whose guarded effects (overwriting a
    /// hand edit, a forced re-run) the host has confirmed; any other guarded output is kept.
    public static func apply(
        _ prepared: PreparedMigration, approved: Set<String>, toolVersion: String,
        observer: MigrationPreparer.Observer = .init(), batchSize: Int? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws -> Outcome {
        let paths = LedgerPaths(root: prepared.jobFolder)
        // Looked at again now: a link may have appeared while the plan waited for confirmation.
        var folderLinks = OutputFolderLinks(outputBase: (prepared.jobFolder as NSString).deletingLastPathComponent)
        try folderLinks.refuse(OutputFolderLinks.fixedFolders(jobFolder: prepared.jobFolder))
        try folderLinks.refuse(
            OutputFolderLinks.folders(of: prepared.outputs.lazy.map(\.path), jobFolder: prepared.jobFolder))
        try Directories.create(prepared.jobFolder)
        let lock = try Ledger.lock(paths)
        defer { try? lock.release() }
        _ = try Ledger.removeTemporaryFiles(paths, lock: lock)
        let ledger = try Ledger.open(
            paths, lock: lock, toolVersion: toolVersion, now: now, reusing: prepared.ledgerSnapshot)
        defer { try? ledger.close() }
        try ledger.startRun(
            settingsFingerprint: prepared.settingsFingerprint, ruleSetVersion: PreparedMigration.ruleSetVersion,
            toolVersion: toolVersion)

        var outcome = Outcome()
        var done = 0
        let batchSize = max(1, batchSize ?? Self.batchSize(outputs: prepared.outputs.count))
        for batchStart in stride(from: 0, to: prepared.outputs.count, by: batchSize) {
            if observer.isCancelled() {
                outcome.cancelled = true
                break
            }
            // Outputs are reached by index, never copied: each holds a dozen references, and a big
            // job has thousands.
            let batchIndices = batchStart..<min(batchStart + batchSize, prepared.outputs.count)
            // The plan was made without the lock, and a person may have edited a file since:
            // each output that would change anything (every output, if the ledger changed since the
            // plan) is decided again, reading and hashing what is on disk, side by side. Settling one
            // output changes only its own path's ledger entry, and the plan gives each path once, so
            // the batch is decided from one snapshot. The snapshot dies before anything is settled:
            // alive, it would share the ledger's entries and make the first record copy them all.
            let decisions = {
                let snapshot = ledger.snapshot
                let unchangedLedger = ledger.matchesSnapshot
                return batchIndices.concurrentMap(minimumCount: 16) { index in
                    // A decision that still holds writes nothing, so it replaces no file.
                    stillHolds(prepared.outputs[index].decision, unchangedLedger: unchangedLedger)
                        ? (prepared.outputs[index].decision, nil)
                        : decideAgain(prepared.outputs[index], prepared: prepared, snapshot: snapshot)
                }
            }()
            var writes: [Write] = []
            for (index, (decision, previousSHA256)) in zip(batchIndices, decisions) {
                if try settle(
                    prepared.outputs[index], decision: decision, prepared: prepared, ledger: ledger,
                    approved: approved, outcome: &outcome)
                {
                    writes.append(Write(index: index, decision: decision, previousSHA256: previousSHA256))
                }
            }
            try write(writes, prepared: prepared, ledger: ledger, outcome: &outcome, now: now)
            done += batchIndices.count
            observer.progress(done, prepared.outputs.count, batchIndices.last.map { prepared.outputs[$0].path } ?? "")
        }
        try ledger.endRun(
            status: outcome.cancelled ? "cancelled" : (outcome.failed.isEmpty ? "completed" : "failed"),
            counts: [
                "written": outcome.written.count, "skipped": outcome.skipped.count, "kept": outcome.kept.count,
                "failed": outcome.failed.count,
            ])
        return outcome
    }

    /// Outputs per group commit: one `begin` append, two filesystem flushes, one `commit` append.
    /// A quarter of the job, so a cancellation stops within about a quarter of the writing, but at
    /// least 16 and at most 512. Each flush costs the kernel a fixed amount of work besides the
    /// data: for 2,000 notebooks, batches of 256 took about 30 ms more than batches of 500. One
    /// batch for everything keeps every rendered file alive at once, which cost about 45 ms more;
    /// 512 bounds a batch to a few megabytes.
    public static func batchSize(outputs: Int) -> Int {
        min(512, max(16, outputs / 4))
    }

    /// Whether the plan's decision can stand without looking at the disk again: it changes
    /// nothing (skip or keep, with no pending record to settle), and the ledger holds the bytes
    /// the plan read. A file changed or deleted since is then reported and left as a run just
    /// before the change would have left it (skipped as up to date, say); the next run sees it.
    private static func stillHolds(_ decision: LedgerDecision, unchangedLedger: Bool) -> Bool {
        unchangedLedger && decision.pending == nil && !decision.action.migrates
    }

    /// The decision under the lock, with the hash of the file as read then: a `begin` names that
    /// file, not the one the plan saw, as the previous output, and so does a quarantine record.
    private static func decideAgain(
        _ output: PreparedOutput, prepared: PreparedMigration, snapshot: LedgerSnapshot
    ) -> (decision: LedgerDecision, previousSHA256: String?) {
        let fresh = MigrationPreparer.decide(
            output.item, path: output.path, content: output.content, inputs: output.inputs,
            jobFolder: prepared.jobFolder, snapshot: snapshot, force: output.force)
        return (fresh.decision, fresh.onDisk.sha256)
    }

    /// An output a group commit writes, with the hash of the file it replaces as decided under
    /// the lock (nil when there is none).
    private struct Write {
        var index: Int
        var decision: LedgerDecision
        var previousSHA256: String?
    }

    /// Settles everything but a write for `output`, given its `decision` under the lock (made
    /// again, or the plan's where `stillHolds`); returns whether the output must be written.
    private static func settle(
        _ output: PreparedOutput, decision: LedgerDecision, prepared: PreparedMigration, ledger: Ledger,
        approved: Set<String>, outcome: inout Outcome
    ) throws -> Bool {
        // Neither a recovered nor an adopted commit needs its own fsync: lost in a crash, the
        // next run finds the same file and commits it again. The next group commit or `endRun`
        // syncs them.
        if decision.pending == .landed {
            try ledger.commitRecovered(key: output.path, deferSync: true)
        }
        // Anything that moved since the plan was made is left alone for the next run.
        guard decision.action == output.decision.action, decision.row == output.decision.row else {
            outcome.kept.append(
                (output.path, "changed since the plan was made; run the migration again to see the new plan"))
            return false
        }
        switch decision.action {
        case .skip:
            outcome.skipped.append(output.path)
            return false
        case .keep:
            outcome.kept.append((output.path, decision.note))
            return false
        case .adoptIfIdentical:
            // Preparation turned every non-identical adoption into overwrite-edited, and rendered
            // the output to compare it: `rendered()` costs nothing here.
            try ledger.commit(
                [
                    LedgerRecord.Commit(
                        key: output.path, inputs: output.inputs,
                        output: output.content.rendered().ledgerOutput(at: output.path), note: "adopted")
                ],
                deferSync: true)
            outcome.skipped.append(output.path)
            return false
        case .overwriteEdited, .overwriteForced:
            guard approved.contains(prepared.jobFolder + "/" + output.path) else {
                outcome.kept.append((output.path, "not confirmed; left as it is"))
                return false
            }
            return true
        case .write, .overwrite:
            return true
        }
    }

    /// One group commit: `begin` for all, old copies moved to quarantine where the decision says
    /// so, the files written together, `commit` for all. A crash anywhere in between leaves
    /// pending begins the next run resolves by comparing hashes.
    private static func write(
        _ writes: [Write], prepared: PreparedMigration, ledger: Ledger,
        outcome: inout Outcome, now: @Sendable () -> Date
    ) throws {
        guard !writes.isEmpty else { return }
        let started = DispatchTime.now().uptimeNanoseconds
        let outputs = prepared.outputs
        let paths = writes.map { outputs[$0.index].path }
        let inputs = writes.map { outputs[$0.index].inputs }
        // Rendered only now, batch by batch, side by side: a batch's bytes are freed once written.
        let rendered = writes.concurrentMap(minimumCount: 2) { outputs[$0.index].content.rendered() }
        let records = zip(paths, rendered).map { $1.ledgerOutput(at: $0) }
        let targets = paths.map { prepared.jobFolder + "/" + $0 }
        // The begins are flushed with the files' data, before any rename (`flushing: ledger.journal`);
        // a quarantine move syncs on its own, so they must be durable before one.
        try ledger.begin(
            writes.indices.map { position in
                LedgerRecord.Begin(
                    key: paths[position], inputs: inputs[position], output: records[position],
                    previousOutputSHA256: writes[position].previousSHA256)
            }, deferSync: true)
        var landed = Array(writes.indices)
        var durable = true
        var failure: (any Error)?
        do {
            for (position, write) in writes.enumerated() {
                let target = targets[position]
                guard write.decision.quarantineExisting, FileManager.default.fileExists(atPath: target) else {
                    continue
                }
                try ledger.journal.sync()
                let relative = ledger.paths.quarantineRelativePath(for: paths[position], at: now())
                let destination = prepared.jobFolder + "/" + relative
                try Directories.create((destination as NSString).deletingLastPathComponent)
                try AtomicFile.move(target, to: destination)
                try ledger.quarantine([
                    LedgerRecord.Quarantine(
                        key: paths[position], from: paths[position], to: relative,
                        sha256: write.previousSHA256,
                        reason: write.decision.note)
                ])
                outcome.quarantined.append((paths[position], relative))
            }
            try AtomicFile.writeAll(
                zip(rendered, targets).map { ($0.contents, $1) },
                creatingDirectories: true, flushing: ledger.journal)
        } catch let error as AtomicFile.BatchError {
            let published = Set(error.published)
            landed = writes.indices.filter { published.contains(targets[$0]) }
            durable = error.publishedDurably
            failure = error.cause
        } catch {
            landed = []
            failure = error
        }
        let elapsed = Int64((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
        if let failure {
            // What did not land failed. What landed without a durable rename is left pending: the
            // next run hashes it and commits it or plans it again; a `fail` would make it look edited.
            let landedPositions = Set(landed)
            let notLanded = writes.indices.filter { !landedPositions.contains($0) }
            try ledger.fail(
                notLanded.map {
                    LedgerRecord.Failure(
                        key: paths[$0], inputs: inputs[$0],
                        cause: LedgerFailureCause(message: "\(failure)"))
                })
            outcome.failed += notLanded.map { (paths[$0], "\(failure)") }
            if !durable {
                outcome.failed += landed.map {
                    (
                        paths[$0],
                        "written, but its durability is unknown (\(failure)); the next run checks it"
                    )
                }
                return
            }
        }
        // The renames are durable now. The commits reach the disk with the next batch's flush or
        // the run's last record; lost in a crash, they are recovered from the files' hashes.
        try ledger.commit(
            landed.map { index in
                LedgerRecord.Commit(
                    key: paths[index], inputs: inputs[index], output: records[index],
                    durationMs: elapsed)
            }, deferSync: true)
        outcome.written += landed.map { paths[$0] }
    }
}
