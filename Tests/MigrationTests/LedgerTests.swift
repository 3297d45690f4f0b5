import Durable
import Foundation
import JSON
import Migration
import Testing

// Fixtures shared by the ledger tests.

/// A fresh job output folder for one test, removed afterwards.
@discardableResult
func withLedgerJobFolder<Result>(_ body: (LedgerPaths) throws -> Result) throws -> Result {
    let root = NSTemporaryDirectory() + "ledger-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(atPath: root) }
    return try body(LedgerPaths(root: root))
}

/// A fixed clock, so records carry a known time.
let ledgerTestClock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_779_357_600.123) }

/// Inputs with short fake hashes; `source` is the canonical hash, `raw` the raw one.
func ledgerInputs(
    source: String = "csrc-1", raw: String = "raw-1", path: String = "Users/a/etl/x.py",
    settings: String = "settings-1", rules: String = "rules@1", dependencies: LedgerDependencies? = nil
) -> LedgerInputs {
    LedgerInputs(
        source: LedgerSource(path: path, sha256: raw, canonicalSHA256: source, size: 100),
        dependencies: dependencies, settingsFingerprint: settings, ruleSetVersion: rules)
}

func ledgerOutput(_ sha256: String, path: String = "notebooks/Users/a/etl/x.ipynb") -> LedgerOutput {
    LedgerOutput(path: path, sha256: sha256, size: 200)
}

let ledgerItemKey = "notebooks/Users/a/etl/x.ipynb"

/// The entry for `ledgerItemKey` after folding `bodies` (seq 1, 2, ... in order).
func ledgerFoldedEntry(_ bodies: [LedgerRecord.Body]) -> LedgerEntry? {
    let records = bodies.enumerated().map { LedgerRecord(seq: $0 + 1, runID: "run-1", at: "", body: $1) }
    return LedgerState(folding: records).entries[ledgerItemKey]
}

func ledgerCommitBody(_ out: String, _ inputs: LedgerInputs = ledgerInputs()) -> LedgerRecord.Body {
    .commit(LedgerRecord.Commit(key: ledgerItemKey, inputs: inputs, output: ledgerOutput(out)))
}

func ledgerBeginBody(_ out: String, previous: String?, _ inputs: LedgerInputs = ledgerInputs()) -> LedgerRecord.Body {
    .begin(
        LedgerRecord.Begin(
            key: ledgerItemKey, inputs: inputs, output: ledgerOutput(out), previousOutputSHA256: previous))
}

func ledgerFileBytes(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: path)))
}

func ledgerWriteFile(_ path: String, _ bytes: [UInt8]) throws {
    try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// A small valid notebook whose content depends on `tag`.
func ledgerNotebookBytes(_ tag: String) -> Data {
    Data(
        JSONWriter.indented(
            [
                "nbformat": 4, "nbformat_minor": 5, "metadata": [:],
                "cells": [["cell_type": "markdown", "source": .string(tag)]],
            ],
            indent: 1))
}

@Suite struct LedgerTests {
    @Test func openCreatesTheLedgerWithItsHeaderInsideTheJobFolder() throws {
        try withLedgerJobFolder { paths throws in
            let lock = try Ledger.lock(paths)
            let ledger = try Ledger.open(paths, lock: lock, toolVersion: "0.4.0", now: ledgerTestClock)
            #expect(ledger.created)
            #expect(ledger.state == LedgerState())
            #expect(paths.ledger == paths.root + "/.skillhost/ledger.jsonl")
            let header = ledger.header
            #expect(header.format == "skillhost-ledger")
            #expect(header.schema == 1)
            #expect(header.fields["tool"] == "skillhost")
            #expect(header.fields["toolVersion"] == "0.4.0")
            #expect(header.fields["createdAt"] == "2026-05-21T10:00:00.123Z")
            #expect(header.fields["hashAlg"] == "sha256")
            #expect(header.fields["pathForm"] == "relative-posix-nfc")
            #expect(header.fields["ledgerId"]?.count == 36)
            try ledger.close()
            let again = try Ledger.open(paths, lock: lock, toolVersion: "0.5.0")
            #expect(!again.created)
            #expect(again.header.fields["toolVersion"] == "0.4.0", "the header is written once")
            try lock.release()
        }
    }

    /// A snapshot read before the run is reused by `open` while no run has appended since, and
    /// gives the same state a fresh decode gives.
    @Test func openReusesASnapshotOnlyWhileTheLedgerIsUnchanged() throws {
        try withLedgerJobFolder { paths throws in
            let lock = try Ledger.lock(paths)
            let first = try Ledger.open(paths, lock: lock, toolVersion: "1", now: ledgerTestClock)
            try first.commit([
                LedgerRecord.Commit(key: ledgerItemKey, inputs: ledgerInputs(), output: ledgerOutput("o1"))
            ])
            try first.close()
            let snapshot = try #require(try Ledger.read(paths))

            let fresh = try Ledger.open(paths, lock: lock, toolVersion: "1")
            #expect(!fresh.matchesSnapshot)
            try fresh.close()
            let reused = try Ledger.open(paths, lock: lock, toolVersion: "1", reusing: snapshot)
            #expect(reused.matchesSnapshot)
            #expect(reused.state == fresh.state)
            try reused.commit([
                LedgerRecord.Commit(key: ledgerItemKey, inputs: ledgerInputs(), output: ledgerOutput("o2"))
            ])
            try reused.close()

            let moved = try Ledger.open(paths, lock: lock, toolVersion: "1", reusing: snapshot)
            #expect(!moved.matchesSnapshot)
            #expect(moved.state.entries[ledgerItemKey]?.output?.sha256 == "o2")
            #expect(moved.state == (try Ledger.read(paths))?.state)
            try moved.close()
            try lock.release()
        }
    }

    @Test func recordsAreDurableFoldedAndNumberedAcrossRuns() throws {
        try withLedgerJobFolder { paths throws in
            let lock = try Ledger.lock(paths)
            let first = try Ledger.open(paths, lock: lock, toolVersion: "1", now: ledgerTestClock)
            try first.startRun(
                settingsFingerprint: "s", ruleSetVersion: "rules@1", toolVersion: "1", arguments: ["skillhost", "call"])
            try first.begin([
                LedgerRecord.Begin(
                    key: ledgerItemKey, inputs: ledgerInputs(), output: ledgerOutput("o1"), previousOutputSHA256: nil)
            ])
            #expect(first.state.pendingBegins.map(\.key) == [ledgerItemKey])
            try first.commit([
                LedgerRecord.Commit(
                    key: ledgerItemKey, inputs: ledgerInputs(), output: ledgerOutput("o1"), durationMs: 41)
            ]
            )
            try first.endRun(status: "completed", counts: ["migrated": 1])
            #expect(first.state.lastSeq == 4)
            try first.close()

            let second = try Ledger.open(paths, lock: lock, toolVersion: "1", now: ledgerTestClock)
            #expect(second.runID != first.runID)
            #expect(second.state == first.state)
            #expect(second.state.entries[ledgerItemKey]?.status == .ok)
            #expect(second.state.entries[ledgerItemKey]?.output?.sha256 == "o1")
            #expect(second.state.pendingBegins.isEmpty)
            #expect(second.state.runs.count == 1)
            #expect(second.state.runs.first?.start?.ruleSetVersion == "rules@1")
            #expect(second.state.runs.first?.start?.arguments == ["skillhost", "call"])
            #expect(second.state.runs.first?.end == LedgerRecord.RunEnd(status: "completed", counts: ["migrated": 1]))
            try second.startRun(settingsFingerprint: "s", ruleSetVersion: "rules@1", toolVersion: "1")
            #expect(second.state.lastSeq == 5, "seq continues across runs")
            try second.close()

            let snapshot = try #require(try Ledger.read(paths))
            #expect(snapshot.state == second.state)
            try lock.release()
        }
    }

    @Test func aSecondRunOnTheSameJobIsRefusedNamingTheHolder() throws {
        try withLedgerJobFolder { paths throws in
            let lock = try Ledger.lock(paths, arguments: ["skillhost", "call", "aidp-migrate-job"])
            let error = try #require(throws: LedgerError.self) { try Ledger.lock(paths) }
            guard case .locked(let root, let holder) = error else {
                Issue.record("expected locked, got \(error)")
                return
            }
            #expect(root == paths.root)
            #expect(holder?.pid == getpid())
            #expect(error.description.hasPrefix("another skillhost (pid \(getpid()) on "))
            #expect(
                error.description.hasSuffix(
                    "(skillhost call aidp-migrate-job)) is migrating into \(paths.root). Wait for it to finish or stop it."
                ))
            try lock.release()
            try Ledger.lock(paths).release()
        }
    }

    @Test func aTornTailIsArchivedCutAndTheRunContinues() throws {
        try withLedgerJobFolder { paths throws in
            let lock = try Ledger.lock(paths)
            let ledger = try Ledger.open(paths, lock: lock, toolVersion: "1")
            try ledger.commit([
                LedgerRecord.Commit(key: ledgerItemKey, inputs: ledgerInputs(), output: ledgerOutput("o1"))
            ])
            try ledger.close()
            let good = try ledgerFileBytes(paths.ledger)
            try ledgerWriteFile(paths.ledger, good + Array(#"{"at":"2026-05-21T10:0"#.utf8))

            let snapshot = try #require(try Ledger.read(paths))
            #expect(snapshot.tornTail?.byteCount == 22)

            let reopened = try Ledger.open(paths, lock: lock, toolVersion: "1")
            let torn = try #require(reopened.tornTail)
            #expect(torn.byteCount == 22)
            #expect(torn.line == 3)
            #expect(torn.archivedTo?.hasPrefix(paths.torn + "/") == true)
            #expect(try ledgerFileBytes(paths.ledger) == good)
            #expect(reopened.state.entries[ledgerItemKey]?.output?.sha256 == "o1")
            try reopened.commit([
                LedgerRecord.Commit(key: ledgerItemKey, inputs: ledgerInputs(), output: ledgerOutput("o2"))
            ])
            try reopened.close()
            #expect(try Ledger.read(paths)?.state.entries[ledgerItemKey]?.output?.sha256 == "o2")
            try lock.release()
        }
    }

    @Test func aCorruptLineInTheMiddleIsRefusedWithItsNumber() throws {
        try withLedgerJobFolder { paths throws in
            let lock = try Ledger.lock(paths)
            let ledger = try Ledger.open(paths, lock: lock, toolVersion: "1")
            try ledger.commit([
                LedgerRecord.Commit(key: ledgerItemKey, inputs: ledgerInputs(), output: ledgerOutput("o1"))
            ])
            try ledger.commit([
                LedgerRecord.Commit(key: ledgerItemKey, inputs: ledgerInputs(), output: ledgerOutput("o2"))
            ])
            try ledger.close()
            var bytes = try ledgerFileBytes(paths.ledger)
            let lineTwo = bytes.firstIndex(of: 0x0A)! + 1
            let digit = bytes[lineTwo...].firstIndex(of: UInt8(ascii: "o"))! + 1  // `"o1"` → `"o9"`
            bytes[digit] = UInt8(ascii: "9")
            try ledgerWriteFile(paths.ledger, bytes)
            #expect(throws: JournalError.corruptLine(path: paths.ledger, line: 2, reason: "checksum mismatch")) {
                try Ledger.open(paths, lock: lock, toolVersion: "1")
            }
            #expect(throws: JournalError.corruptLine(path: paths.ledger, line: 2, reason: "checksum mismatch")) {
                try Ledger.read(paths)
            }
            #expect(try ledgerFileBytes(paths.ledger) == bytes)
            try lock.release()
        }
    }

    @Test func aLedgerFromANewerSkillhostIsRefused() throws {
        try withLedgerJobFolder { paths throws in
            let lock = try Ledger.lock(paths)
            let header =
                #"{"format":"skillhost-ledger","kind":"header","lineSum":"sha256/16","schema":2,"tool":"skillhost"}"#
            try ledgerWriteFile(paths.ledger, Array(try JournalLine.encode(Data(header.utf8))))
            let error = try #require(throws: JournalError.self) { try Ledger.open(paths, lock: lock, toolVersion: "1") }
            #expect(
                error.description
                    == "\(paths.ledger): written by a newer skillhost (schema 2 > 1): upgrade skillhost to use it")
            try lock.release()
        }
    }

    @Test func anUnknownRecordKindIsRefusedNotSkipped() throws {
        try withLedgerJobFolder { paths throws in
            let lock = try Ledger.lock(paths)
            try Ledger.open(paths, lock: lock, toolVersion: "1").close()
            let line = try JournalLine.encode(Data(#"{"kind":"prune","key":"a","runId":"r","seq":1}"#.utf8))
            try ledgerWriteFile(paths.ledger, try ledgerFileBytes(paths.ledger) + Array(line))
            #expect(throws: LedgerError.unknownKind(path: paths.ledger, line: 2, kind: "prune")) {
                try Ledger.open(paths, lock: lock, toolVersion: "1")
            }
            try lock.release()
        }
    }

    @Test func aRepeatedSequenceNumberIsRefused() throws {
        try withLedgerJobFolder { paths throws in
            let lock = try Ledger.lock(paths)
            let ledger = try Ledger.open(paths, lock: lock, toolVersion: "1")
            try ledger.endRun(status: "completed")
            try ledger.close()
            let bytes = try ledgerFileBytes(paths.ledger)
            let lastLine = Array(bytes[(bytes.firstIndex(of: 0x0A)! + 1)...])
            try ledgerWriteFile(paths.ledger, bytes + lastLine)
            #expect(throws: LedgerError.duplicateSequence(path: paths.ledger, line: 3, seq: 1)) {
                try Ledger.read(paths)
            }
            try lock.release()
        }
    }

    @Test func noLedgerMeansNothingIsReadAndExistingOutputsAreNotOverwritten() throws {
        // L5: a missing ledger with outputs present falls to row 2 for every file.
        try withLedgerJobFolder { paths throws in
            #expect(try Ledger.read(paths) == nil)
            let decision = LedgerDecision.decide(
                entry: nil, sourceHash: "c", settingsFingerprint: "s", ruleSetVersion: "r",
                outputOnDisk: .present(sha256: "f"), force: false)
            #expect(decision.row == .unknownProvenance)
            #expect(decision.action == .adoptIfIdentical)
            #expect(decision.action.effectKind == nil, "nothing is written without a byte-identical match")
        }
    }

    @Test func acceptingAnEditNeedsARecordedItemAndKeepsItsInputs() throws {
        try withLedgerJobFolder { paths throws in
            let lock = try Ledger.lock(paths)
            let ledger = try Ledger.open(paths, lock: lock, toolVersion: "1")
            #expect(throws: LedgerError.nothingRecorded(key: ledgerItemKey)) {
                try ledger.acceptEdit(key: ledgerItemKey, output: ledgerOutput("mine"))
            }
            try ledger.commit([
                LedgerRecord.Commit(key: ledgerItemKey, inputs: ledgerInputs(), output: ledgerOutput("o1"))
            ])
            try ledger.acceptEdit(key: ledgerItemKey, output: ledgerOutput("mine"))
            let entry = try #require(ledger.state.entries[ledgerItemKey])
            #expect(entry.output?.sha256 == "mine")
            #expect(entry.baselineKind == .accepted)
            #expect(entry.inputs == ledgerInputs())
            try ledger.recordFix(key: ledgerItemKey, output: ledgerOutput("fixed"), note: "cell 3: fixed import")
            #expect(ledger.state.entries[ledgerItemKey]?.baselineKind == .fixed)
            try ledger.close()
            #expect(try Ledger.read(paths)?.state.entries[ledgerItemKey]?.baselineKind == .fixed)
            try lock.release()
        }
    }

    @Test func aLandedPendingWriteIsCommittedAsRecovered() throws {
        try withLedgerJobFolder { paths throws in
            let lock = try Ledger.lock(paths)
            let ledger = try Ledger.open(paths, lock: lock, toolVersion: "1")
            #expect(throws: LedgerError.nothingPending(key: ledgerItemKey)) {
                try ledger.commitRecovered(key: ledgerItemKey)
            }
            try ledger.begin([
                LedgerRecord.Begin(
                    key: ledgerItemKey, inputs: ledgerInputs(), output: ledgerOutput("o1"), previousOutputSHA256: nil)
            ])
            try ledger.close()

            let resumed = try Ledger.open(paths, lock: lock, toolVersion: "1")
            let entry = resumed.state.entries[ledgerItemKey]
            let decision = LedgerDecision.decide(
                entry: entry, sourceHash: "csrc-1", settingsFingerprint: "settings-1", ruleSetVersion: "rules@1",
                outputOnDisk: .present(sha256: "o1"), force: false)
            #expect(decision.pending == .landed)
            #expect(decision.action == .skip)
            try resumed.commitRecovered(key: ledgerItemKey)
            let recovered = try #require(resumed.state.entries[ledgerItemKey])
            #expect(recovered.status == .ok)
            #expect(recovered.pendingBegin == nil)
            try resumed.close()
            let lines = String(decoding: try ledgerFileBytes(paths.ledger), as: UTF8.self).split(separator: "\n")
            #expect(lines.last?.contains(#""note":"recovered""#) == true)
            try lock.release()
        }
    }

    @Test func settingsFingerprintIsCanonical() {
        let a: JSONValue = [
            "catalogMap": ["main": "default", "hive": "default"], "workspaceRoot": "/Workspace/migrated",
            "notebookRunTimeout": 3600,
        ]
        let b: JSONValue = [
            "notebookRunTimeout": 3600, "workspaceRoot": "/Workspace/migrated",
            "catalogMap": ["hive": "default", "main": "default"],
        ]
        #expect(Ledger.settingsFingerprint(of: a) == Ledger.settingsFingerprint(of: b))
        #expect(Ledger.settingsFingerprint(of: a).count == 64)
        #expect(
            Ledger.settingsFingerprint(of: a) != Ledger.settingsFingerprint(of: a.setting("notebookRunTimeout", to: 60))
        )
        #expect(Ledger.settingsFingerprint(of: ["t": 1]) != Ledger.settingsFingerprint(of: ["t": "1"]))
        // Pinned: a change here silently re-migrates every notebook of every job.
        #expect(
            Ledger.settingsFingerprint(of: ["job": "nightly"])
                == SHA256.hash("skillhost-settings/1\n{\"job\":\"nightly\"}").hex)
    }

    @Test func sourceHashesIgnoreOnlyTheByteOrderMarkAndCarriageReturnsBeforeLineFeeds() {
        let plain = LedgerSource(path: "a.py", contents: Data("# x\nprint(1)\n".utf8))
        let windows = LedgerSource(path: "a.py", contents: Data("\u{FEFF}# x\r\nprint(1)\r\n".utf8))
        let lone = LedgerSource(path: "a.py", contents: Data("# x\rprint(1)\n".utf8))
        #expect(plain.canonicalSHA256 == windows.canonicalSHA256)
        #expect(plain.sha256 != windows.sha256)
        #expect(lone.canonicalSHA256 != plain.canonicalSHA256)
        #expect(plain.sha256 == SHA256.hash(Data("# x\nprint(1)\n".utf8)).hex)
        #expect(plain.size == 13)
    }

    @Test func outputsAreClassifiedByReadingAndHashingThem() throws {
        try withLedgerJobFolder { paths throws in
            let path = paths.root + "/x.ipynb"
            #expect(OutputState.inspect(fileAt: path) == .missing)
            let notebook = ledgerNotebookBytes("hello")
            try ledgerWriteFile(path, Array(notebook))
            #expect(OutputState.inspect(fileAt: path) == .present(sha256: SHA256.hash(notebook).hex))
            try ledgerWriteFile(path, [])
            #expect(OutputState.inspect(fileAt: path) == .damaged(sha256: SHA256.hash(Data()).hex, reason: "empty"))
            try ledgerWriteFile(path, Array("{\"cells\": [".utf8))
            #expect(OutputState.inspect(fileAt: path).sha256 != nil)
            if case .damaged(_, let reason) = OutputState.inspect(fileAt: path) {
                #expect(reason == "not JSON")
            } else {
                Issue.record("not damaged")
            }
            try ledgerWriteFile(path, Array(#"{"nbformat": 3, "cells": []}"#.utf8))
            if case .damaged(_, let reason) = OutputState.inspect(fileAt: path) {
                #expect(reason == "not an nbformat 4 notebook")
            } else {
                Issue.record("not damaged")
            }
            try FileManager.default.removeItem(atPath: path)
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            #expect(OutputState.inspect(fileAt: path) == .unreadable(reason: "a folder is in its place"))
            try FileManager.default.removeItem(atPath: path)
            #expect(mkfifo(path, 0o644) == 0)
            #expect(
                OutputState.inspect(fileAt: path)
                    == .unreadable(reason: "something that is not a file (a FIFO, a device) is in its place"))
        }
    }

    @Test func temporaryFilesOfKilledWritesAreRemovedAndNothingElse() throws {
        try withLedgerJobFolder { paths throws in
            let lock = try Ledger.lock(paths)
            let keep = [
                "notebooks/a.ipynb", "notebooks/.hidden", "notebooks/.a.ipynb.durable-tmp.12.notreallyhex",
                "x.durable-tmp.1.0123456789abcdef",
            ]
            let remove = [
                "notebooks/.a.ipynb.durable-tmp.4242.0123456789abcdef",
                ".skillhost/.ledger.jsonl.durable-tmp.7.fedcba9876543210",
            ]
            for path in keep + remove { try ledgerWriteFile(paths.root + "/" + path, [1]) }
            #expect(try Ledger.removeTemporaryFiles(paths, lock: lock) == remove.sorted())
            for path in keep { #expect(FileManager.default.fileExists(atPath: paths.root + "/" + path), "\(path)") }
            for path in remove { #expect(!FileManager.default.fileExists(atPath: paths.root + "/" + path), "\(path)") }
            try lock.release()
            #expect(throws: JournalError.self) { try Ledger.removeTemporaryFiles(paths, lock: lock) }
        }
    }

    @Test func theTemporaryFileSweepFollowsNoLinkAndTakesATemporaryNamedFolderWhole() throws {
        try withLedgerJobFolder { paths throws in
            let outside = paths.root + "-outside"
            defer { try? FileManager.default.removeItem(atPath: outside) }
            let stray = outside + "/.a.ipynb.durable-tmp.1.0123456789abcdef"
            try ledgerWriteFile(stray, [1])
            try ledgerWriteFile(paths.root + "/notebooks/keep.ipynb", [1])
            try FileManager.default.createSymbolicLink(
                atPath: paths.root + "/notebooks/linked", withDestinationPath: outside)
            let folder = "notebooks/deep/.b.ipynb.durable-tmp.2.fedcba9876543210"
            try ledgerWriteFile(paths.root + "/" + folder + "/inside", [1])
            let lock = try Ledger.lock(paths)
            defer { try? lock.release() }
            #expect(try Ledger.removeTemporaryFiles(paths, lock: lock) == [folder])
            #expect(FileManager.default.fileExists(atPath: stray), "a file reached through a link is not the job's")
            #expect(!FileManager.default.fileExists(atPath: paths.root + "/" + folder))
            #expect(FileManager.default.fileExists(atPath: paths.root + "/notebooks/keep.ipynb"))
        }
    }

    @Test func quarantinePathsAreRelativeAndTimestamped() {
        let paths = LedgerPaths(root: "/out/job/")
        #expect(paths.root == "/out/job")
        #expect(
            paths.quarantineRelativePath(for: "notebooks/a.ipynb", at: Date(timeIntervalSince1970: 1_779_357_600.123))
                == ".skillhost/quarantine/20260521T100000.123Z/notebooks/a.ipynb")
        #expect(paths.lock == "/out/job/.skillhost/lock")
        #expect(paths.torn == "/out/job/.skillhost/torn")
    }
}
