import Durable
import Foundation

/// Carries out a prepared migration under the job's lock: per output, a durable `begin`, the old
/// copy moved to quarantine when the decision says so, an atomic write, a durable `commit`.
/// A crash at any instant leaves a state the next run resolves from the ledger.
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
        observer: MigrationPreparer.Observer = .init(), now: @escaping @Sendable () -> Date = { Date() }
    ) throws -> Outcome {
        let paths = LedgerPaths(root: prepared.jobFolder)
        try Directories.create(prepared.jobFolder)
        let lock = try Ledger.lock(paths)
        defer { try? lock.release() }
        _ = try Ledger.removeTemporaryFiles(paths, lock: lock)
        let ledger = try Ledger.open(paths, lock: lock, toolVersion: toolVersion, now: now)
        defer { try? ledger.close() }
        try ledger.startRun(
            settingsFingerprint: prepared.settingsFingerprint, ruleSetVersion: PreparedMigration.ruleSetVersion,
            toolVersion: toolVersion)

        var outcome = Outcome()
        let total = prepared.outputs.count
        for (index, output) in prepared.outputs.enumerated() {
            if observer.isCancelled() {
                outcome.cancelled = true
                break
            }
            try applyOne(output, prepared: prepared, ledger: ledger, approved: approved, outcome: &outcome, now: now)
            observer.progress(index + 1, total, output.path)
        }
        try ledger.endRun(
            status: outcome.cancelled ? "cancelled" : (outcome.failed.isEmpty ? "completed" : "failed"),
            counts: ["written": outcome.written.count, "skipped": outcome.skipped.count, "kept": outcome.kept.count, "failed": outcome.failed.count])
        return outcome
    }

    private static func applyOne(
        _ output: PreparedOutput, prepared: PreparedMigration, ledger: Ledger, approved: Set<String>, outcome: inout Outcome,
        now: @Sendable () -> Date
    ) throws {
        let target = prepared.jobFolder + "/" + output.path
        // Decide again under the lock: the plan was made without it, and a person may have
        // edited a file since. Anything that moved is left alone for the next run.
        let decision = MigrationPreparer.decide(
            output.item, path: output.path, contents: output.contents, inputs: output.inputs, jobFolder: prepared.jobFolder,
            snapshot: LedgerSnapshot(state: ledger.state, header: ledger.header, tornTail: nil),
            force: output.force
        ).decision
        if decision.pending == .landed {
            try ledger.commitRecovered(key: output.path)
        }
        guard decision.action == output.decision.action, decision.row == output.decision.row else {
            outcome.kept.append((output.path, "changed since the plan was made; run the migration again to see the new plan"))
            return
        }
        switch decision.action {
        case .skip:
            outcome.skipped.append(output.path)
            return
        case .keep:
            outcome.kept.append((output.path, decision.note))
            return
        case .adoptIfIdentical:
            // Preparation turned every non-identical adoption into overwrite-edited.
            try ledger.commit([LedgerRecord.Commit(key: output.path, inputs: output.inputs, output: LedgerOutput(path: output.path, contents: output.contents), note: "adopted")])
            outcome.skipped.append(output.path)
            return
        case .overwriteEdited, .overwriteForced:
            guard approved.contains(target) else {
                outcome.kept.append((output.path, "not confirmed; left as it is"))
                return
            }
        case .write, .overwrite:
            break
        }

        let record = LedgerOutput(path: output.path, contents: output.contents)
        let started = DispatchTime.now().uptimeNanoseconds
        try ledger.begin([
            LedgerRecord.Begin(key: output.path, inputs: output.inputs, output: record, previousOutputSHA256: output.onDisk.sha256)
        ])
        do {
            if decision.quarantineExisting, FileManager.default.fileExists(atPath: target) {
                let relative = ledger.paths.quarantineRelativePath(for: output.path, at: now())
                let destination = prepared.jobFolder + "/" + relative
                try Directories.create((destination as NSString).deletingLastPathComponent)
                try FileManager.default.moveItem(atPath: target, toPath: destination)
                try ledger.quarantine([
                    LedgerRecord.Quarantine(key: output.path, from: output.path, to: relative, sha256: output.onDisk.sha256, reason: decision.note)
                ])
                outcome.quarantined.append((output.path, relative))
            }
            try Directories.create((target as NSString).deletingLastPathComponent)
            try AtomicFile.write(output.contents, to: target)
        } catch {
            try ledger.fail([LedgerRecord.Failure(key: output.path, inputs: output.inputs, cause: LedgerFailureCause(message: "\(error)"))])
            outcome.failed.append((output.path, "\(error)"))
            return
        }
        let elapsed = Int64((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
        try ledger.commit([LedgerRecord.Commit(key: output.path, inputs: output.inputs, output: record, durationMs: elapsed)])
        outcome.written.append(output.path)
    }
}
