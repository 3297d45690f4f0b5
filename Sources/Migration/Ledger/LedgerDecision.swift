/// The file at an item's output path, as found now.
public enum OutputState: Sendable, Hashable {
    case missing
    /// A readable, well-formed notebook with this SHA-256.
    case present(sha256: String)
    /// Readable, but empty, not JSON or not an nbformat 4 notebook.
    case damaged(sha256: String, reason: String)
    /// There, but it cannot be read (permissions, I/O error, a directory), so it cannot be hashed.
    case unreadable(reason: String)

    /// The hash of the bytes on disk, when they could be read.
    public var sha256: String? {
        switch self {
        case .present(let sha256), .damaged(let sha256, _): sha256
        case .missing, .unreadable: nil
        }
    }
}

/// An input that differs from what the ledger recorded for an item.
public enum LedgerChange: Sendable, Hashable, CustomStringConvertible {
    /// The canonical source hash changed.
    case source
    case dependenciesAdded([String])
    case dependenciesChanged([String])
    case dependenciesRemoved([String])
    case rules(from: String, to: String)
    case settings

    public var description: String {
        switch self {
        case .source: "source changed"
        case .dependenciesAdded(let paths): "dependency list now includes \(paths.joined(separator: ", "))"
        case .dependenciesChanged(let paths): "dependency \(paths.joined(separator: ", ")) changed"
        case .dependenciesRemoved(let paths):
            "dependency list no longer includes \(paths.joined(separator: ", "))"
        case .rules(let from, let to): "rules changed (\(from)→\(to))"
        case .settings: "settings changed"
        }
    }
}

/// What to do with one item on a run or resume: the decision table of the ledger design (§4),
/// as a pure function of the ledger entry, the current inputs and the file on disk.
public struct LedgerDecision: Sendable, Hashable {
    /// The row of the decision table that applied (ledger design §4; `tableRow` is its number).
    public enum Row: String, Sendable, Hashable, CaseIterable {
        /// 1: nothing recorded, no file.
        case new = "new"
        /// 2: nothing recorded, but a file is there (also L5: no ledger at all).
        case unknownProvenance = "unknown-provenance"
        /// 3: recorded done; inputs and file unchanged.
        case upToDate = "up-to-date"
        /// 4: recorded done; file missing.
        case outputMissing = "output-missing"
        /// 5: recorded done; file edited by a person; inputs unchanged.
        case handEdited = "hand-edited"
        /// 6: recorded done; file edited (or holding a fix) and inputs changed.
        case editedConflict = "edited-conflict"
        /// 7: recorded; file empty, not JSON, not a notebook or unreadable.
        case damaged = "damaged"
        /// 8: source content changed; file untouched.
        case sourceChanged = "source-changed"
        /// 9: only line endings or the byte-order mark of the source changed.
        case cosmeticSourceChange = "cosmetic-source-change"
        /// 10: a dependency was added, removed or changed; file untouched.
        case dependenciesChanged = "dependencies-changed"
        /// 11: the rule set (migrator) changed; file untouched.
        case rulesChanged = "rules-changed"
        /// 11, for the settings fingerprint: treated like a migrator change.
        case settingsChanged = "settings-changed"
        /// 12: the last attempt failed.
        case retryFailed = "retry-failed"
        /// 13: the migrator skipped it and nothing changed.
        case staySkipped = "stay-skipped"
        /// 14: the source is gone.
        case orphan = "orphan"
        /// A forced re-run of an up-to-date item (`force` / `skipMigrated: false`).
        case forced = "forced"

        /// The row's number in the ledger design's table.
        public var tableRow: Int {
            switch self {
            case .new: 1
            case .unknownProvenance: 2
            case .upToDate, .forced: 3
            case .outputMissing: 4
            case .handEdited: 5
            case .editedConflict: 6
            case .damaged: 7
            case .sourceChanged: 8
            case .cosmeticSourceChange: 9
            case .dependenciesChanged: 10
            case .rulesChanged, .settingsChanged: 11
            case .retryFailed: 12
            case .staySkipped: 13
            case .orphan: 14
            }
        }
    }

    /// What happens to the file. The raw values of the migrating actions are the host's plan
    /// effect kinds (`write`, `overwrite`, `overwrite-edited`, `overwrite-forced`).
    public enum Action: String, Sendable, Hashable {
        /// Nothing to do.
        case skip
        /// Leave the file exactly as it is, and report why.
        case keep
        /// Migrate in memory; if the result is byte-identical to the file there, record it as
        /// done (`commit` noted `adopted`), otherwise keep the file and report it.
        case adoptIfIdentical = "adopt-if-identical"
        /// Migrate into a path where no file is (publish with `link`, refusing one that appears).
        case write
        /// Migrate over bytes skillhost wrote and nobody changed (or a damaged file, moved to
        /// quarantine first).
        case overwrite
        /// Migrate over bytes a person wrote: needs confirmation (guard `hand-edits`); their
        /// copy goes to quarantine first.
        case overwriteEdited = "overwrite-edited"
        /// Migrate again over an up-to-date output: needs confirmation (guard `forced-rerun`).
        case overwriteForced = "overwrite-forced"

        /// The plan effect kind, for actions that write a file.
        public var effectKind: String? {
            switch self {
            case .write, .overwrite, .overwriteEdited, .overwriteForced: rawValue
            case .skip, .keep, .adoptIfIdentical: nil
            }
        }

        /// Whether the host must have the user's confirmation first.
        public var needsConfirmation: Bool { self == .overwriteEdited || self == .overwriteForced }

        /// Whether the item is migrated (possibly only in memory, for adoption).
        public var migrates: Bool { self != .skip && self != .keep }
    }

    /// How a pending `begin` (a write a crash may have interrupted) was resolved (§3.5 step 7).
    public enum PendingResolution: String, Sendable, Hashable {
        /// The file holds the planned bytes: the write landed. Append a `commit` noted
        /// `recovered` before acting; the decision treats the item as committed.
        case landed
        /// The file is as it was before the write (or still absent): it did not land. The
        /// decision treats the `begin` as if it never happened.
        case notLanded = "not-landed"
        /// The file is neither: someone changed it. It is treated as hand-edited.
        case changed
    }

    public var row: Row
    public var action: Action
    /// The inputs that changed since the entry was recorded.
    public var changes: [LedgerChange]
    /// Whether `force` changed the outcome.
    public var forced: Bool
    /// Whether the file now at the output path must be moved to quarantine before writing.
    public var quarantineExisting: Bool
    /// Set when the entry had a pending `begin`.
    public var pending: PendingResolution?
    /// Row 9: the item is up to date, but a refreshed `commit` with the new raw hash may be
    /// appended so the cosmetic change is not re-detected every run.
    public var refreshRecord: Bool
    /// One line for people, without the file name (the caller puts it in front).
    public var note: String

    public init(
        row: Row, action: Action, changes: [LedgerChange] = [], forced: Bool = false,
        quarantineExisting: Bool = false, pending: PendingResolution? = nil, refreshRecord: Bool = false,
        note: String
    ) {
        self.row = row
        self.action = action
        self.changes = changes
        self.forced = forced
        self.quarantineExisting = quarantineExisting
        self.pending = pending
        self.refreshRecord = refreshRecord
        self.note = note
    }

    /// Decides what to do with one item.
    ///
    /// - Parameters:
    ///   - entry: the folded ledger entry for the item; nil when the ledger has none.
    ///   - sourceHash: the canonical SHA-256 of the source now (`LedgerSource.canonicalSHA256`).
    ///   - settingsFingerprint: `Ledger.settingsFingerprint(of:)` of the settings now.
    ///   - ruleSetVersion: the rule-set version (or migrator fingerprint) now.
    ///   - outputOnDisk: the file at the output path now (`OutputState.inspect(fileAt:)`).
    ///   - force: re-migrate even what is up to date.
    ///   - rawSourceHash: the raw SHA-256 of the source now, to tell a cosmetic change (row 9).
    ///   - dependencies: the dependencies now; nil to leave dependencies out of the decision.
    ///   - repairDamaged: row 7 quarantines and regenerates a damaged output; false keeps it.
    public static func decide(
        entry: LedgerEntry?, sourceHash: String, settingsFingerprint: String, ruleSetVersion: String,
        outputOnDisk: OutputState, force: Bool, rawSourceHash: String? = nil,
        dependencies: LedgerDependencies? = nil, repairDamaged: Bool = true
    ) -> LedgerDecision {
        // Row 15 first: a pending begin is resolved against the file, then the table applies.
        var entry = entry
        var pending: PendingResolution?
        if let current = entry, let begin = current.pendingBegin {
            if outputOnDisk.sha256 == begin.output.sha256 {
                pending = .landed
                entry = current.committingPendingBegin()
            } else if outputOnDisk == .missing
                ? begin.previousOutputSHA256 == nil
                : outputOnDisk.sha256 != nil && outputOnDisk.sha256 == begin.previousOutputSHA256
            {
                pending = .notLanded
                entry = current.droppingPendingBegin()
            } else {
                pending = .changed
                entry = current.droppingPendingBegin()
            }
        }
        var decision = decideSettled(
            entry: entry, sourceHash: sourceHash, settingsFingerprint: settingsFingerprint,
            ruleSetVersion: ruleSetVersion, outputOnDisk: outputOnDisk, force: force,
            rawSourceHash: rawSourceHash, dependencies: dependencies, repairDamaged: repairDamaged,
            pendingChanged: pending == .changed)
        decision.pending = pending
        return decision
    }

    /// Row 14: the item's source is gone. The output is left untouched and reported.
    public static func orphan() -> LedgerDecision {
        LedgerDecision(row: .orphan, action: .keep, note: "its source no longer exists; output left untouched")
    }

    /// How the file relates to the entry's baseline.
    private enum FileState {
        case missing
        /// The baseline bytes exactly.
        case untouched
        case damaged(String)
        /// Bytes, and no baseline to compare them with.
        case foreign
        /// Bytes other than the baseline.
        case edited
    }

    private static func decideSettled(
        entry: LedgerEntry?, sourceHash: String, settingsFingerprint: String, ruleSetVersion: String,
        outputOnDisk: OutputState, force: Bool, rawSourceHash: String?, dependencies: LedgerDependencies?,
        repairDamaged: Bool, pendingChanged: Bool
    ) -> LedgerDecision {
        guard let entry, let status = entry.status, let recorded = entry.inputs else {
            // Rows 1 and 2: nothing finished is recorded.
            if outputOnDisk == .missing {
                return LedgerDecision(row: .new, action: .write, note: "not migrated yet")
            }
            if pendingChanged {
                return edited(changes: [], force: force, fixed: false)
            }
            return unknownProvenance(changes: [], force: force)
        }

        let changes = changesSince(
            recorded, sourceHash: sourceHash, settingsFingerprint: settingsFingerprint,
            ruleSetVersion: ruleSetVersion, dependencies: dependencies)
        let fixed = entry.baselineKind == .fixed
        let file: FileState
        switch outputOnDisk {
        case .missing: file = .missing
        case .present(let sha256) where sha256 == entry.output?.sha256: file = .untouched
        case .damaged(let sha256, _) where sha256 == entry.output?.sha256: file = .untouched
        case .damaged(_, let reason), .unreadable(let reason): file = .damaged(reason)
        case .present: file = entry.output == nil ? .foreign : .edited
        }

        switch status {
        case .ok:
            switch file {
            case .missing:
                return LedgerDecision(
                    row: .outputMissing, action: .write, changes: changes,
                    note: "recorded as migrated but the output is missing; regenerating it")
            case .damaged(let reason):
                return damaged(reason, changes: changes, repair: repairDamaged)
            case .foreign, .edited:
                return edited(changes: changes, force: force, fixed: false)
            case .untouched:
                if !changes.isEmpty {
                    if fixed { return edited(changes: changes, force: force, fixed: true) }
                    return changed(changes, action: .overwrite)
                }
                if force {
                    if fixed {
                        return LedgerDecision(
                            row: .forced, action: .overwriteEdited, forced: true, quarantineExisting: true,
                            note:
                                "up to date, and holds a fix made with aidp-fixup-cell; migrating again because forced would lose the fix (your copy goes to quarantine)"
                        )
                    }
                    return LedgerDecision(
                        row: .forced, action: .overwriteForced, forced: true,
                        note: "up to date; migrating again because forced")
                }
                if let rawSourceHash, rawSourceHash != recorded.source.sha256 {
                    return LedgerDecision(
                        row: .cosmeticSourceChange, action: .skip, refreshRecord: true,
                        note: "cosmetic source change (line endings or byte-order mark); up to date")
                }
                return LedgerDecision(row: .upToDate, action: .skip, note: "up to date")
            }

        case .failed:
            let message =
                entry.failure.map { "failed last time (\($0.message)); retrying" } ?? "failed last time; retrying"
            switch file {
            case .missing:
                return LedgerDecision(row: .retryFailed, action: .write, changes: changes, note: message)
            case .untouched:
                return LedgerDecision(row: .retryFailed, action: .overwrite, changes: changes, note: message)
            case .damaged(let reason):
                return damaged(reason, changes: changes, repair: repairDamaged)
            case .foreign:
                return unknownProvenance(changes: changes, force: force)
            case .edited:
                return edited(changes: changes, force: force, fixed: fixed, retrying: true)
            }

        case .skipped:
            if changes.isEmpty && !force {
                let reason = entry.skipReason.map { "skipped (\($0))" } ?? "skipped"
                return LedgerDecision(row: .staySkipped, action: .skip, note: reason)
            }
            switch file {
            case .missing:
                return changes.isEmpty
                    ? LedgerDecision(
                        row: .forced, action: .write, forced: true, note: "skipped last time; migrating because forced")
                    : changed(changes, action: .write)
            case .untouched:
                if changes.isEmpty {
                    return LedgerDecision(
                        row: .forced, action: .overwriteForced, forced: true,
                        note: "skipped last time; migrating again because forced")
                }
                if fixed { return edited(changes: changes, force: force, fixed: true) }
                return changed(changes, action: .overwrite)
            case .damaged(let reason):
                return damaged(reason, changes: changes, repair: repairDamaged)
            case .foreign:
                return unknownProvenance(changes: changes, force: force)
            case .edited:
                return edited(changes: changes, force: force, fixed: fixed)
            }
        }
    }

    /// Rows 8, 10, 11: an input changed and the file is untouched.
    private static func changed(_ changes: [LedgerChange], action: Action) -> LedgerDecision {
        let row: Row
        switch changes[0] {
        case .source: row = .sourceChanged
        case .dependenciesAdded, .dependenciesChanged, .dependenciesRemoved: row = .dependenciesChanged
        case .rules: row = .rulesChanged
        case .settings: row = .settingsChanged
        }
        return LedgerDecision(
            row: row, action: action, changes: changes, note: changes.map(\.description).joined(separator: "; "))
    }

    /// Rows 5 and 6: the file is not what skillhost last wrote (or holds a fix).
    private static func edited(changes: [LedgerChange], force: Bool, fixed: Bool, retrying: Bool = false)
        -> LedgerDecision
    {
        let what =
            fixed
            ? "holds a fix made with aidp-fixup-cell"
            : "was edited by hand since skillhost wrote it"
        let loss = fixed ? "lose the fix" : "replace the edit"
        if !changes.isEmpty || retrying {
            var reasons = changes.map(\.description)
            if retrying { reasons.insert("it failed last time", at: 0) }
            return LedgerDecision(
                row: .editedConflict, action: .overwriteEdited, changes: changes, quarantineExisting: true,
                note:
                    "\(what), and \(reasons.joined(separator: "; ")); regenerating it would \(loss) and needs confirmation (your copy goes to quarantine)"
            )
        }
        if force {
            return LedgerDecision(
                row: .handEdited, action: .overwriteEdited, forced: true, quarantineExisting: true,
                note:
                    "\(what); migrating again because forced would \(loss) and needs confirmation (your copy goes to quarantine)"
            )
        }
        return LedgerDecision(
            row: .handEdited, action: .keep,
            note: "\(what); kept (accept the edit to stop reporting it)")
    }

    /// Row 7.
    private static func damaged(_ reason: String, changes: [LedgerChange], repair: Bool) -> LedgerDecision {
        guard repair else {
            return LedgerDecision(
                row: .damaged, action: .keep, changes: changes,
                note: "the output is damaged (\(reason)); kept because repair is off")
        }
        return LedgerDecision(
            row: .damaged, action: .overwrite, changes: changes, quarantineExisting: true,
            note: "the output is damaged (\(reason)); moving it to quarantine and regenerating it")
    }

    /// Row 2 for an item that failed or was skipped before ever being written.
    private static func unknownProvenance(changes: [LedgerChange], force: Bool) -> LedgerDecision {
        if force {
            return LedgerDecision(
                row: .unknownProvenance, action: .overwriteEdited, changes: changes, forced: true,
                quarantineExisting: true,
                note:
                    "exists but was not written by skillhost; replacing it needs confirmation (the old copy goes to quarantine)"
            )
        }
        return LedgerDecision(
            row: .unknownProvenance, action: .adoptIfIdentical, changes: changes,
            note:
                "exists but was not written by skillhost; not overwriting (it is recorded only if a fresh migration is byte-identical)"
        )
    }

    /// The inputs that differ from `recorded`, most significant first: source, dependencies,
    /// rules, settings.
    static func changesSince(
        _ recorded: LedgerInputs, sourceHash: String, settingsFingerprint: String, ruleSetVersion: String,
        dependencies: LedgerDependencies?
    ) -> [LedgerChange] {
        var changes: [LedgerChange] = []
        if sourceHash != recorded.source.canonicalSHA256 { changes.append(.source) }
        if let dependencies {
            let before = Dictionary(
                (recorded.dependencies?.items ?? []).map { ($0.path, $0.sha256) }, uniquingKeysWith: { $1 })
            let now = Dictionary(dependencies.items.map { ($0.path, $0.sha256) }, uniquingKeysWith: { $1 })
            let added = dependencies.items.map(\.path).filter { before[$0] == nil }
            let modified = dependencies.items.filter { item in
                before[item.path].map { $0 != item.sha256 } ?? false
            }.map(\.path)
            let removed = (recorded.dependencies?.items ?? []).map(\.path).filter { now[$0] == nil }
            if !added.isEmpty { changes.append(.dependenciesAdded(added)) }
            if !modified.isEmpty { changes.append(.dependenciesChanged(modified)) }
            if !removed.isEmpty { changes.append(.dependenciesRemoved(removed)) }
        }
        if ruleSetVersion != recorded.ruleSetVersion {
            changes.append(.rules(from: recorded.ruleSetVersion, to: ruleSetVersion))
        }
        if settingsFingerprint != recorded.settingsFingerprint { changes.append(.settings) }
        return changes
    }
}
