import Migration
import Testing

/// Decides with the current inputs equal to `ledgerInputs()` unless overridden.
private func decide(
    _ entry: LedgerEntry?, source: String = "csrc-1", raw: String? = nil, settings: String = "settings-1",
    rules: String = "rules@1", disk: OutputState, force: Bool = false, dependencies: LedgerDependencies? = nil,
    repair: Bool = true
) -> LedgerDecision {
    LedgerDecision.decide(
        entry: entry, sourceHash: source, settingsFingerprint: settings, ruleSetVersion: rules, outputOnDisk: disk,
        force: force, rawSourceHash: raw, dependencies: dependencies, repairDamaged: repair)
}

private let done = ledgerFoldedEntry([ledgerCommitBody("o1")])
private let untouched = OutputState.present(sha256: "o1")
private let edited = OutputState.present(sha256: "e1")

/// One test per row of the ledger design's decision table (§4), plus forced runs and pending
/// writes. Each checks the row, the action (the plan effect) and the exact note.
@Suite struct LedgerDecisionTests {
    @Test func row1NothingRecordedAndNoFileIsMigrated() {
        let decision = decide(nil, disk: .missing)
        #expect(decision == LedgerDecision(row: .new, action: .write, note: "not migrated yet"))
        #expect(decision.row.tableRow == 1)
        #expect(decision.action.effectKind == "write")
        #expect(!decision.action.needsConfirmation)
        #expect(decide(nil, disk: .missing, force: true).action == .write)
    }

    @Test func row2AFileNobodyRecordedIsNotOverwritten() {
        let decision = decide(nil, disk: .present(sha256: "f"))
        #expect(decision.row == .unknownProvenance)
        #expect(decision.row.tableRow == 2)
        #expect(decision.action == .adoptIfIdentical)
        #expect(decision.action.effectKind == nil)
        #expect(
            decision.note
                == "exists but was not written by skillhost; not overwriting (it is recorded only if a fresh migration is byte-identical)"
        )
        // Damaged or not, bytes nobody recorded are someone's.
        #expect(decide(nil, disk: .damaged(sha256: "z", reason: "empty")).action == .adoptIfIdentical)
    }

    @Test func row2ForcedReplacesTheUnknownFileOnlyWithConfirmation() {
        let decision = decide(nil, disk: .present(sha256: "f"), force: true)
        #expect(decision.row == .unknownProvenance)
        #expect(decision.action == .overwriteEdited)
        #expect(decision.action.needsConfirmation)
        #expect(decision.forced)
        #expect(decision.quarantineExisting)
        #expect(
            decision.note
                == "exists but was not written by skillhost; replacing it needs confirmation (the old copy goes to quarantine)"
        )
    }

    @Test func row3DoneAndUnchangedIsSkipped() {
        let decision = decide(done, raw: "raw-1", disk: untouched)
        #expect(decision == LedgerDecision(row: .upToDate, action: .skip, note: "up to date"))
        #expect(decision.row.tableRow == 3)
        // A damaged-looking file that is exactly what skillhost wrote is still what it wrote.
        #expect(decide(done, disk: .damaged(sha256: "o1", reason: "not JSON")).row == .upToDate)
    }

    @Test func row3ForcedIsOverwriteForced() {
        let decision = decide(done, disk: untouched, force: true)
        #expect(
            decision
                == LedgerDecision(
                    row: .forced, action: .overwriteForced, forced: true,
                    note: "up to date; migrating again because forced"))
        #expect(decision.action.effectKind == "overwrite-forced")
        #expect(decision.action.needsConfirmation)
    }

    @Test func row4RecordedDoneButMissingIsWrittenAgainWithANote() {
        let decision = decide(done, disk: .missing)
        #expect(
            decision
                == LedgerDecision(
                    row: .outputMissing, action: .write,
                    note: "recorded as migrated but the output is missing; regenerating it"))
        #expect(decision.row.tableRow == 4)
        #expect(decide(done, source: "csrc-2", disk: .missing).changes == [.source])
        #expect(decide(done, disk: .missing, force: true).action == .write)
    }

    @Test func row5AHandEditIsKeptAndNotRebaselined() {
        let decision = decide(done, disk: edited)
        #expect(
            decision
                == LedgerDecision(
                    row: .handEdited, action: .keep,
                    note: "was edited by hand since skillhost wrote it; kept (accept the edit to stop reporting it)"))
        #expect(decision.row.tableRow == 5)
        // Deciding changes nothing: the next decision still sees the edit.
        #expect(decide(done, disk: edited) == decision)
    }

    @Test func row5ForcedOverAHandEditIsOverwriteEditedAndForced() {
        let decision = decide(done, disk: edited, force: true)
        #expect(decision.row == .handEdited)
        #expect(decision.action == .overwriteEdited)
        #expect(decision.forced)
        #expect(decision.quarantineExisting)
        #expect(
            decision.note
                == "was edited by hand since skillhost wrote it; migrating again because forced would replace the edit and needs confirmation (your copy goes to quarantine)"
        )
    }

    @Test func row6AnEditPlusAnInputChangeNeedsConfirmation() {
        let decision = decide(done, source: "csrc-2", disk: edited)
        #expect(decision.row == .editedConflict)
        #expect(decision.row.tableRow == 6)
        #expect(decision.action == .overwriteEdited)
        #expect(decision.action.effectKind == "overwrite-edited")
        #expect(decision.action.needsConfirmation)
        #expect(decision.quarantineExisting)
        #expect(!decision.forced)
        #expect(decision.changes == [.source])
        #expect(
            decision.note
                == "was edited by hand since skillhost wrote it, and source changed; regenerating it would replace the edit and needs confirmation (your copy goes to quarantine)"
        )
        #expect(decide(done, settings: "settings-2", disk: edited).row == .editedConflict)
        #expect(decide(done, rules: "rules@2", disk: edited).changes == [.rules(from: "rules@1", to: "rules@2")])
    }

    @Test func row7ADamagedOutputIsQuarantinedAndRegenerated() {
        let decision = decide(done, disk: .damaged(sha256: "z", reason: "empty"))
        #expect(
            decision
                == LedgerDecision(
                    row: .damaged, action: .overwrite, quarantineExisting: true,
                    note: "the output is damaged (empty); moving it to quarantine and regenerating it"))
        #expect(decision.row.tableRow == 7)
        #expect(decision.action.effectKind == "overwrite")
        #expect(!decision.action.needsConfirmation)
        let unreadable = decide(done, disk: .unreadable(reason: "Permission denied"))
        #expect(unreadable.row == .damaged)
        #expect(unreadable.action == .overwrite)
        #expect(
            unreadable.note == "the output is damaged (Permission denied); moving it to quarantine and regenerating it")
    }

    @Test func row7WithoutRepairKeepsTheDamagedFile() {
        let decision = decide(done, disk: .damaged(sha256: "z", reason: "not JSON"), repair: false)
        #expect(
            decision
                == LedgerDecision(
                    row: .damaged, action: .keep, note: "the output is damaged (not JSON); kept because repair is off"))
    }

    @Test func row8ASourceChangeOverAnUntouchedOutputIsMigratedAgain() {
        let decision = decide(done, source: "csrc-2", disk: untouched)
        #expect(
            decision
                == LedgerDecision(row: .sourceChanged, action: .overwrite, changes: [.source], note: "source changed"))
        #expect(decision.row.tableRow == 8)
    }

    @Test func row9ACosmeticSourceChangeIsSkipped() {
        let decision = decide(done, raw: "raw-2", disk: untouched)
        #expect(
            decision
                == LedgerDecision(
                    row: .cosmeticSourceChange, action: .skip, refreshRecord: true,
                    note: "cosmetic source change (line endings or byte-order mark); up to date"))
        #expect(decision.row.tableRow == 9)
    }

    @Test func row10DependencyChangesOverAnUntouchedOutputAreMigratedAgain() {
        let before = LedgerDependencies([.init(path: "lib/a.py", sha256: "a1"), .init(path: "lib/b.py", sha256: "b1")])
        let entry = ledgerFoldedEntry([ledgerCommitBody("o1", ledgerInputs(dependencies: before))])
        let added = decide(
            entry, disk: untouched,
            dependencies: LedgerDependencies(before.items + [.init(path: "team/shared/setup.py", sha256: "s1")]))
        #expect(
            added
                == LedgerDecision(
                    row: .dependenciesChanged, action: .overwrite,
                    changes: [.dependenciesAdded(["team/shared/setup.py"])],
                    note: "dependency list now includes team/shared/setup.py"))
        #expect(added.row.tableRow == 10)
        let changed = decide(
            entry, disk: untouched,
            dependencies: LedgerDependencies([
                .init(path: "lib/a.py", sha256: "a2"), .init(path: "lib/b.py", sha256: "b1"),
            ]))
        #expect(changed.changes == [.dependenciesChanged(["lib/a.py"])])
        #expect(changed.note == "dependency lib/a.py changed")
        let removed = decide(
            entry, disk: untouched, dependencies: LedgerDependencies([.init(path: "lib/a.py", sha256: "a1")]))
        #expect(removed.changes == [.dependenciesRemoved(["lib/b.py"])])
        #expect(decide(entry, disk: untouched, dependencies: before).row == .upToDate)
        #expect(decide(entry, disk: untouched, dependencies: nil).row == .upToDate, "nil leaves dependencies out")
        // A ledger written without dependencies sees every current one as added.
        #expect(
            decide(done, disk: untouched, dependencies: before).changes == [
                .dependenciesAdded(["lib/a.py", "lib/b.py"])
            ])
    }

    @Test func row11RuleOrSettingsChangesOverAnUntouchedOutputAreMigratedAgain() {
        let rules = decide(done, rules: "rules@2", disk: untouched)
        #expect(
            rules
                == LedgerDecision(
                    row: .rulesChanged, action: .overwrite, changes: [.rules(from: "rules@1", to: "rules@2")],
                    note: "rules changed (rules@1→rules@2)"))
        #expect(rules.row.tableRow == 11)
        let settings = decide(done, settings: "settings-2", disk: untouched)
        #expect(
            settings
                == LedgerDecision(
                    row: .settingsChanged, action: .overwrite, changes: [.settings], note: "settings changed"))
        #expect(settings.row.tableRow == 11)
        let both = decide(done, source: "csrc-2", settings: "settings-2", rules: "rules@2", disk: untouched)
        #expect(both.row == .sourceChanged)
        #expect(both.note == "source changed; rules changed (rules@1→rules@2); settings changed")
    }

    @Test func row12AFailedItemIsRetried() {
        let failedFirst = ledgerFoldedEntry([
            .fail(.init(key: ledgerItemKey, inputs: ledgerInputs(), cause: .init(message: "boom")))
        ])
        #expect(
            decide(failedFirst, disk: .missing)
                == LedgerDecision(row: .retryFailed, action: .write, note: "failed last time (boom); retrying"))
        #expect(decide(failedFirst, disk: .missing).row.tableRow == 12)
        // Something appeared where the failed item never wrote: unknown provenance.
        #expect(decide(failedFirst, disk: .present(sha256: "f")).row == .unknownProvenance)

        let failedAfterDone = ledgerFoldedEntry([
            ledgerCommitBody("o1"),
            .fail(.init(key: ledgerItemKey, inputs: ledgerInputs(source: "csrc-2"), cause: .init(message: "boom"))),
        ])
        let retry = decide(failedAfterDone, source: "csrc-2", disk: untouched)
        #expect(retry.row == .retryFailed)
        #expect(retry.action == .overwrite)
        let overEdit = decide(failedAfterDone, source: "csrc-2", disk: edited)
        #expect(overEdit.row == .editedConflict)
        #expect(overEdit.action == .overwriteEdited)
        #expect(
            overEdit.note
                == "was edited by hand since skillhost wrote it, and it failed last time; regenerating it would replace the edit and needs confirmation (your copy goes to quarantine)"
        )
        #expect(decide(failedAfterDone, source: "csrc-2", disk: .damaged(sha256: "z", reason: "empty")).row == .damaged)
    }

    @Test func row13ASkippedItemStaysSkippedUntilSomethingChanges() {
        let skipped = ledgerFoldedEntry([
            .skip(.init(key: ledgerItemKey, inputs: ledgerInputs(), reason: "excluded by rule R12"))
        ])
        #expect(
            decide(skipped, disk: .missing)
                == LedgerDecision(row: .staySkipped, action: .skip, note: "skipped (excluded by rule R12)"))
        #expect(decide(skipped, disk: .missing).row.tableRow == 13)
        let changed = decide(skipped, source: "csrc-2", disk: .missing)
        #expect(changed.row == .sourceChanged)
        #expect(changed.action == .write)
        let forced = decide(skipped, disk: .missing, force: true)
        #expect(
            forced
                == LedgerDecision(
                    row: .forced, action: .write, forced: true, note: "skipped last time; migrating because forced"))
    }

    @Test func row14AnOrphanIsLeftAlone() {
        let decision = LedgerDecision.orphan()
        #expect(
            decision
                == LedgerDecision(
                    row: .orphan, action: .keep, note: "its source no longer exists; output left untouched"))
        #expect(decision.row.tableRow == 14)
    }

    @Test func row15APendingWriteThatLandedCountsAsCommitted() {
        let entry = ledgerFoldedEntry([ledgerBeginBody("o1", previous: nil)])
        let decision = decide(entry, disk: .present(sha256: "o1"))
        #expect(decision.pending == .landed)
        #expect(decision.row == .upToDate)
        #expect(decision.action == .skip)
        // It landed, but the inputs moved on since: migrate again over skillhost's own bytes.
        let moved = decide(entry, source: "csrc-2", disk: .present(sha256: "o1"))
        #expect(moved.pending == .landed)
        #expect(moved.action == .overwrite)
    }

    @Test func row15APendingWriteThatDidNotLandIsRedone() {
        let first = ledgerFoldedEntry([ledgerBeginBody("o1", previous: nil)])
        let decision = decide(first, disk: .missing)
        #expect(decision.pending == .notLanded)
        #expect(decision.row == .new)
        #expect(decision.action == .write)

        let replacing = ledgerFoldedEntry([
            ledgerCommitBody("o1"), ledgerBeginBody("o2", previous: "o1", ledgerInputs(source: "csrc-2")),
        ])
        let redo = decide(replacing, source: "csrc-2", disk: .present(sha256: "o1"))
        #expect(redo.pending == .notLanded)
        #expect(redo.row == .sourceChanged)
        #expect(redo.action == .overwrite)
    }

    @Test func row15APendingWriteOverwrittenBySomeoneElseIsTreatedAsHandEdited() {
        let first = ledgerFoldedEntry([ledgerBeginBody("o1", previous: nil)])
        let decision = decide(first, disk: .present(sha256: "x"))
        #expect(decision.pending == .changed)
        #expect(decision.row == .handEdited)
        #expect(decision.action == .keep)
        #expect(decide(first, disk: .present(sha256: "x"), force: true).action == .overwriteEdited)

        let replacing = ledgerFoldedEntry([ledgerCommitBody("o1"), ledgerBeginBody("o2", previous: "o1")])
        let changed = decide(replacing, disk: .present(sha256: "x"))
        #expect(changed.pending == .changed)
        #expect(changed.action == .keep)
        // The file vanished mid-write: nothing to protect, so it is written again.
        let vanished = decide(replacing, disk: .missing)
        #expect(vanished.action == .write)
    }

    @Test func anAcceptedEditIsUpToDateUntilAnInputChanges() {
        let accepted = ledgerFoldedEntry([
            ledgerCommitBody("o1"),
            .baseline(.init(kind: .accepted, key: ledgerItemKey, inputs: ledgerInputs(), output: ledgerOutput("mine"))),
        ])
        #expect(decide(accepted, disk: .present(sha256: "mine")).row == .upToDate)
        #expect(decide(accepted, disk: .present(sha256: "o1")).row == .handEdited)
        let drift = decide(accepted, source: "csrc-2", disk: .present(sha256: "mine"))
        #expect(drift.row == .sourceChanged)
        #expect(drift.action == .overwrite)
    }

    @Test func aFixIsProtectedByTheHandEditsGuardWhenInputsChangeOrOnForce() {
        let fixed = ledgerFoldedEntry([
            ledgerCommitBody("o1"),
            .baseline(.init(kind: .fixed, key: ledgerItemKey, inputs: ledgerInputs(), output: ledgerOutput("fix"))),
        ])
        #expect(decide(fixed, disk: .present(sha256: "fix")).row == .upToDate)
        let drift = decide(fixed, source: "csrc-2", disk: .present(sha256: "fix"))
        #expect(drift.row == .editedConflict)
        #expect(drift.action == .overwriteEdited)
        #expect(
            drift.note
                == "holds a fix made with aidp-fixup-cell, and source changed; regenerating it would lose the fix and needs confirmation (your copy goes to quarantine)"
        )
        let forced = decide(fixed, disk: .present(sha256: "fix"), force: true)
        #expect(forced.row == .forced)
        #expect(forced.action == .overwriteEdited)
        #expect(forced.forced)
        #expect(forced.quarantineExisting)
    }

    @Test func actionsMapToThePlanEffectKinds() {
        #expect(LedgerDecision.Action.write.effectKind == "write")
        #expect(LedgerDecision.Action.overwrite.effectKind == "overwrite")
        #expect(LedgerDecision.Action.overwriteEdited.effectKind == "overwrite-edited")
        #expect(LedgerDecision.Action.overwriteForced.effectKind == "overwrite-forced")
        for action in [LedgerDecision.Action.skip, .keep, .adoptIfIdentical] {
            #expect(action.effectKind == nil)
            #expect(!action.needsConfirmation)
        }
        #expect(!LedgerDecision.Action.keep.migrates)
        #expect(LedgerDecision.Action.adoptIfIdentical.migrates)
        #expect(LedgerDecision.Row.allCases.count == 16)
    }
}
