import Durable
import Foundation
import JSON
import Migration
import Testing

private let dependencies = LedgerDependencies([
    .init(path: "team/shared/setup.py", sha256: "d2"), .init(path: "team/lib/a.py", sha256: "d1"),
])

/// One record of every kind, with every optional member set and unset.
private let everyKind: [LedgerRecord.Body] = [
    .runStart(
        .init(
            settingsFingerprint: "s1", ruleSetVersion: "default@12", toolVersion: "0.4.0", pid: 4242, host: "ci-7",
            arguments: ["skillhost", "call", "ü"])),
    .runEnd(.init(status: "completed", counts: ["migrated": 3, "skipped": 1])),
    .runEnd(.init(status: "cancelled")),
    .begin(
        .init(
            key: ledgerItemKey, inputs: ledgerInputs(dependencies: dependencies), output: ledgerOutput("o1"),
            previousOutputSHA256: nil)
    ),
    .begin(.init(key: ledgerItemKey, inputs: ledgerInputs(), output: ledgerOutput("o2"), previousOutputSHA256: "o1")),
    .commit(
        .init(
            key: ledgerItemKey, inputs: ledgerInputs(dependencies: dependencies), output: ledgerOutput("o1"),
            durationMs: 41,
            note: "recovered")),
    .commit(.init(key: ledgerItemKey, inputs: ledgerInputs(), output: ledgerOutput("o1"))),
    .fail(
        .init(
            key: ledgerItemKey, inputs: ledgerInputs(),
            cause: .init(code: "ENOSPC", errno: 28, message: "write .x.ipynb: No space left on device"))),
    .fail(.init(key: ledgerItemKey, inputs: ledgerInputs(), cause: .init(message: "parse error on line 3"))),
    .skip(.init(key: ledgerItemKey, inputs: ledgerInputs(), reason: "excluded by rule R12")),
    .baseline(
        .init(
            kind: .accepted, key: ledgerItemKey, inputs: ledgerInputs(), output: ledgerOutput("mine"),
            note: "user accepted hand edit")),
    .baseline(.init(kind: .fixed, key: ledgerItemKey, inputs: ledgerInputs(), output: ledgerOutput("fix"))),
    .quarantine(
        .init(
            key: ledgerItemKey, from: ledgerItemKey, to: ".skillhost/quarantine/20260521T100000.000Z/" + ledgerItemKey,
            sha256: "9f",
            reason: "damaged")),
    .quarantine(.init(key: ledgerItemKey, from: ledgerItemKey, to: "q", sha256: nil, reason: "overwrite-edited")),
]

private func record(_ body: LedgerRecord.Body, seq: Int = 7) -> LedgerRecord {
    LedgerRecord(seq: seq, runID: "b2c3", at: "2026-05-21T10:00:00.123Z", body: body)
}

@Suite struct LedgerCodecTests {
    /// Begins and commits are written straight to bytes; they must be exactly the generic encoding.
    @Test func everyPayloadIsTheCompactEncodingOfItsJSON() {
        let awkward = LedgerInputs(
            source: LedgerSource(path: "a \"quoted\"\\path\n\u{1}é.py", sha256: "s", canonicalSHA256: "c", size: 0),
            dependencies: LedgerDependencies([.init(path: "z\tb", sha256: "1"), .init(path: "日本", sha256: "2")]),
            settingsFingerprint: "f\u{7f}", ruleSetVersion: "r")
        let extra: [LedgerRecord.Body] = [
            .begin(.init(key: "k\"", inputs: awkward, output: ledgerOutput("o"), previousOutputSHA256: "p\\")),
            .commit(.init(key: "k", inputs: awkward, output: ledgerOutput("o"), durationMs: -1, note: "n\r")),
            .begin(
                .init(
                    key: "k", inputs: ledgerInputs(dependencies: LedgerDependencies([])), output: ledgerOutput("o"),
                    previousOutputSHA256: nil)),
        ]
        for (index, body) in (everyKind + extra).enumerated() {
            let original = record(body, seq: index * 1000)
            #expect(original.payload == JSONWriter.compact(original.json), "\(index): \(original.kind)")
        }
    }

    @Test func everyRecordKindRoundTrips() throws {
        for (index, body) in everyKind.enumerated() {
            let original = record(body, seq: index + 1)
            let line = try JournalLine.encode(original.payload)
            let payload = try JournalLine.decode(line.dropLast())
            #expect(try LedgerRecord.decode(payload, line: index + 2, path: "l") == original, "\(original.kind)")
        }
    }

    @Test func kindsAreTheDocumentedNames() {
        #expect(
            everyKind.map { record($0).kind } == [
                "run", "end", "end", "begin", "begin", "commit", "commit", "fail", "fail", "skip", "accept", "fix",
                "quarantine", "quarantine",
            ])
    }

    @Test func aCommitLineHasThisExactShape() throws {
        let commit = record(
            .commit(.init(key: ledgerItemKey, inputs: ledgerInputs(), output: ledgerOutput("o1"), durationMs: 41)),
            seq: 3)
        let text = String(decoding: try JournalLine.encode(commit.payload), as: UTF8.self)
        let body =
            #"{"at":"2026-05-21T10:00:00.123Z","durationMs":41,"key":"notebooks/Users/a/etl/x.ipynb","kind":"commit","#
            + #""out":{"path":"notebooks/Users/a/etl/x.ipynb","sha256":"o1","size":200},"ruleSet":"rules@1","runId":"b2c3","seq":3,"#
            + #""settings":"settings-1","src":{"csha256":"csrc-1","path":"Users/a/etl/x.py","sha256":"raw-1","size":100},"status":"ok"}"#
        let sum = String(SHA256.hash(body).hex.prefix(16))
        #expect(text == String(body.dropLast()) + #","sum":""# + sum + "\"}\n")
    }

    @Test func dependenciesAreRecordedSortedWithTheirSetHash() throws {
        let begin = record(
            .begin(
                .init(
                    key: ledgerItemKey, inputs: ledgerInputs(dependencies: dependencies), output: ledgerOutput("o"),
                    previousOutputSHA256: nil)))
        let deps = try #require(begin.json["deps"])
        #expect(
            deps["items"] == [
                ["path": "team/lib/a.py", "sha256": "d1"], ["path": "team/shared/setup.py", "sha256": "d2"],
            ])
        #expect(deps["setSha256"] == .string(SHA256.hash("team/lib/a.py\td1\nteam/shared/setup.py\td2\n").hex))
        #expect(begin.json["prevOut"] == .null)
    }

    @Test func aSingleBitFlipAnywhereInALedgerLineIsCaught() throws {
        let line = Array(try JournalLine.encode(record(everyKind[5]).payload).dropLast())
        for index in line.indices {
            for bit in 0..<8 {
                var damaged = line
                damaged[index] ^= UInt8(1 << bit)
                #expect(throws: JournalLine.Defect.self) { try JournalLine.decode(Data(damaged)) }
            }
        }
    }

    @Test func unknownMembersAreIgnored() throws {
        var object = try #require(record(everyKind[6]).json.objectValue)
        object["futureField"] = ["nested": [1, 2]]
        object["src"] = object["src"]?.setting("encoding", to: "utf-8")
        let decoded = try LedgerRecord.decode(JSONWriter.compact(.object(object)), line: 4, path: "l")
        #expect(decoded == record(everyKind[6]))
    }

    @Test func aRecordMissingAMemberIsRefusedNamingLineAndMember() throws {
        let object = try #require(record(everyKind[6]).json.objectValue)
        let cases: [(JSONValue, String)] = [
            (
                .object(object).setting("src", to: object["src"]?.setting("csha256", to: nil)),
                "src.csha256 is missing or not a string"
            ),
            (.object(object).setting("seq", to: "7"), "seq is missing or not an integer"),
            (.object(object).setting("out", to: .null), "out is missing or not an object"),
            (.object(object).setting("out", to: [1]), "out is missing or not an object"),
            (.object(object).setting("key", to: nil), "key is missing or not a string"),
            (.object(object).setting("seq", to: 0), "seq must be a positive integer"),
            ([1, 2], "the record is not an object"),
        ]
        for (value, detail) in cases {
            #expect(throws: LedgerError.malformedRecord(path: "l", line: 9, detail: detail)) {
                try LedgerRecord.decode(JSONWriter.compact(value), line: 9, path: "l")
            }
        }
        #expect(
            LedgerError.malformedRecord(
                path: "/o/.skillhost/ledger.jsonl", line: 9, detail: "key is missing or not a string"
            ).description
                == "/o/.skillhost/ledger.jsonl: line 9 is not a valid ledger record (key is missing or not a string); refusing to guess"
        )
    }

    @Test func foldingIsLastWinsBySeqNotByFileOrder() {
        let records = [
            LedgerRecord(seq: 3, runID: "r", at: "", body: ledgerCommitBody("o3")),
            LedgerRecord(seq: 1, runID: "r", at: "", body: ledgerCommitBody("o1")),
            LedgerRecord(seq: 2, runID: "r", at: "", body: ledgerCommitBody("o2")),
        ]
        let state = LedgerState(folding: records)
        #expect(state.entries[ledgerItemKey]?.output?.sha256 == "o3")
        #expect(state.entries[ledgerItemKey]?.lastSeq == 3)
        #expect(state.lastSeq == 3)
    }

    @Test func aBeginWithoutATerminalRecordIsPending() {
        let pending = ledgerFoldedEntry([ledgerCommitBody("o1"), ledgerBeginBody("o2", previous: "o1")])
        #expect(pending?.pendingBegin?.output.sha256 == "o2")
        #expect(pending?.status == .ok)
        #expect(pending?.output?.sha256 == "o1", "the baseline stays until the commit")

        let finished = ledgerFoldedEntry([
            ledgerCommitBody("o1"), ledgerBeginBody("o2", previous: "o1"), ledgerCommitBody("o2"),
        ])
        #expect(finished?.pendingBegin == nil)
        #expect(finished?.output?.sha256 == "o2")

        let first = ledgerFoldedEntry([ledgerBeginBody("o1", previous: nil)])
        #expect(first?.status == nil)
        #expect(first?.pendingBegin != nil)
    }

    @Test func failAndSkipKeepTheLastBaseline() {
        let failed = ledgerFoldedEntry([
            ledgerCommitBody("o1"),
            .fail(.init(key: ledgerItemKey, inputs: ledgerInputs(source: "csrc-2"), cause: .init(message: "boom"))),
        ])
        #expect(failed?.status == .failed)
        #expect(failed?.output?.sha256 == "o1")
        #expect(failed?.inputs?.source.canonicalSHA256 == "csrc-2")
        #expect(failed?.failure?.message == "boom")

        let skipped = ledgerFoldedEntry([
            ledgerCommitBody("o1"), .skip(.init(key: ledgerItemKey, inputs: ledgerInputs(), reason: "R12")),
        ])
        #expect(skipped?.status == .skipped)
        #expect(skipped?.output?.sha256 == "o1")
        #expect(skipped?.skipReason == "R12")
    }

    @Test func onlyAnExplicitAcceptOrFixMovesTheBaseline() {
        let accepted = ledgerFoldedEntry([
            ledgerCommitBody("o1"),
            .baseline(.init(kind: .accepted, key: ledgerItemKey, inputs: ledgerInputs(), output: ledgerOutput("mine"))),
        ])
        #expect(accepted?.output?.sha256 == "mine")
        #expect(accepted?.baselineKind == .accepted)
        let recommitted = ledgerFoldedEntry([
            ledgerCommitBody("o1"),
            .baseline(.init(kind: .fixed, key: ledgerItemKey, inputs: ledgerInputs(), output: ledgerOutput("fix"))),
            ledgerCommitBody("o2"),
        ])
        #expect(recommitted?.baselineKind == .written)
        #expect(recommitted?.output?.sha256 == "o2")
    }

    @Test func runsAndQuarantinesAreCollected() {
        let records = [
            LedgerRecord(seq: 1, runID: "r1", at: "t1", body: everyKind[0]),
            LedgerRecord(seq: 2, runID: "r1", at: "t2", body: everyKind[12]),
            LedgerRecord(seq: 3, runID: "r1", at: "t3", body: everyKind[1]),
            LedgerRecord(seq: 4, runID: "r2", at: "t4", body: everyKind[0]),
        ]
        let state = LedgerState(folding: records)
        #expect(state.runs.map(\.runID) == ["r1", "r2"])
        #expect(state.runs[0].startedAt == "t1")
        #expect(state.runs[0].end?.counts == ["migrated": 3, "skipped": 1])
        #expect(state.runs[1].end == nil)
        #expect(state.quarantines.map(\.reason) == ["damaged"])
        #expect(state.entries[ledgerItemKey]?.status == nil)
    }
}
