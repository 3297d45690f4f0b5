import Durable
import Foundation
import Testing

/// The format every journal test uses: schema 2 is the newest, 1 still readable.
let testJournalFormat = JournalFormat(
    name: "test-journal", producer: "testtool", schema: 2, oldestReadableSchema: 1)

/// A fresh directory holding a held lock, for tests that open journals for writing.
@discardableResult
func withLockedDirectory<Result>(_ body: (String, ExclusiveLock) throws -> Result) throws
    -> Result
{
    try withTemporaryDirectory { directory throws in
        let lock = try ExclusiveLock.acquire(at: directory + "/lock")
        defer { try? lock.release() }
        return try body(directory, lock)
    }
}

/// `{"n":<n>}` plus padding, as the journal's payload.
func journalTestRecord(_ n: Int, padding: Int = 0) -> Data {
    Data("{\"n\":\(n),\"pad\":\"\(String(repeating: "x", count: padding))\"}".utf8)
}

/// The bytes of the file at `path`.
func journalFileBytes(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Replaces the file at `path` with `bytes`, non-atomically: tests use it to fake crash states.
func overwriteJournalFile(_ path: String, with bytes: [UInt8]) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// A journal at `path` holding `journalTestRecord(n)` for each of `records`, closed.
func writeJournal(at path: String, records: ClosedRange<Int>, lock: ExclusiveLock) throws {
    let writer = try Journal.open(at: path, format: testJournalFormat, lock: lock)
    try writer.append(contentsOf: records.map { journalTestRecord($0) })
    try writer.close()
}

/// The line a journal writes for `payload`, as bytes with its `\n`.
func journalTestLine(_ payload: String) throws -> [UInt8] {
    Array(try JournalLine.encode(Data(payload.utf8)))
}

@Suite struct JournalTests {
    @Test func lineIsThePayloadWithItsChecksumMemberAddedAtTheEnd() throws {
        let payload = #"{"kind":"commit","n":1}"#
        let sum = String(SHA256.hash(payload).hex.prefix(16))
        let line = try JournalLine.encode(Data(payload.utf8))
        #expect(String(decoding: line, as: UTF8.self) == #"{"kind":"commit","n":1,"sum":""# + sum + "\"}\n")
    }

    @Test func decodingALineGivesBackThePayload() throws {
        let payload = Data(#"{"a":"ü € 🌍","b":[1,2,{"c":null}]}"#.utf8)
        let line = try JournalLine.encode(payload)
        #expect(try JournalLine.decode(line.dropLast()) == payload)
    }

    @Test func everySingleBitFlipIsDetected() throws {
        let line = Array(
            try JournalLine.encode(Data(#"{"key":"a/b.ipynb","sha256":"00ff","size":12}"#.utf8)).dropLast())
        for index in line.indices {
            for bit in 0..<8 {
                var damaged = line
                damaged[index] ^= UInt8(1 << bit)
                #expect(throws: JournalLine.Defect.self, "byte \(index) bit \(bit)") {
                    try JournalLine.decode(Data(damaged))
                }
            }
        }
    }

    @Test func decodeNamesTheDefect() throws {
        let line = Array(try JournalLine.encode(Data(#"{"n":1}"#.utf8)).dropLast())
        var payloadFlip = line
        payloadFlip[5] = UInt8(ascii: "2")
        #expect(throws: JournalLine.Defect.checksumMismatch) { try JournalLine.decode(Data(payloadFlip)) }
        #expect(throws: JournalLine.Defect.missingChecksum) { try JournalLine.decode(Data(#"{"n":1}"#.utf8)) }
        #expect(throws: JournalLine.Defect.notAnObject) { try JournalLine.decode(Data([0, 0, 0])) }
        #expect(throws: JournalLine.Defect.notAnObject) { try JournalLine.decode(Data()) }
    }

    /// A record must be one JSON object with a member and no line break: anything else is refused
    /// before a byte is written, with the reason.
    @Test(arguments: [
        ("", "a journal record must be one JSON object"),
        ("[1]", "a journal record must be one JSON object"),
        ("\"x\"", "a journal record must be one JSON object"),
        ("{\"a\":1", "a journal record must be one JSON object"),
        ("{\"a\":1}\n", "a journal record must be one JSON object"),
        ("{\"a\":\n1}", "a journal record must not contain a line break"),
        ("{}", "a journal record needs at least one member"),
        ("{ \t\r }", "a journal record needs at least one member"),
    ])
    func payloadsThatCannotBeALineAreRefused(payload: String, reason: String) {
        #expect(throws: JournalError.invalidPayload(reason: reason)) { try JournalLine.encode(Data(payload.utf8)) }
    }

    /// Only the bytes between the braces decide whether there is a member: a blank string value is one.
    @Test func aMemberWhoseValueIsBlankIsAccepted() {
        #expect(throws: Never.self) { try JournalLine.encode(Data(#"{"a":" "}"#.utf8)) }
    }

    @Test func openCreatesTheFileWithOnlyAHeaderAndLeavesNoTemporaryFile() throws {
        try withLockedDirectory { directory, lock throws in
            let path = directory + "/journal.jsonl"
            let journal = try Journal.open(
                at: path, format: testJournalFormat, headerFields: ["tool": "testtool", "path": "a/b"],
                lock: lock)
            #expect(journal.created)
            #expect(journal.contents.records.isEmpty)
            #expect(journal.contents.tornTail == nil)
            #expect(journal.contents.header.schema == 2)
            #expect(journal.contents.header.fields == ["tool": "testtool", "path": "a/b"])
            try journal.close()

            let expectedHeader =
                #"{"format":"test-journal","kind":"header","lineSum":"sha256/16","path":"a/b","schema":2,"tool":"testtool"}"#
            #expect(try journalFileBytes(path) == journalTestLine(expectedHeader))
            #expect(try entries(of: directory) == ["journal.jsonl", "lock"])
            #expect(try permissions(of: path) == 0o644)
        }
    }

    @Test func appendedRecordsAreReadBackInOrderWithTheirLineNumbers() throws {
        try withLockedDirectory { directory, lock throws in
            let path = directory + "/journal.jsonl"
            let journal = try Journal.open(at: path, format: testJournalFormat, lock: lock)
            try journal.append(journalTestRecord(0))
            try journal.append(contentsOf: [journalTestRecord(1), journalTestRecord(2, padding: 5000)])
            #expect(journal.appendedCount == 3)
            try journal.close()

            let reopened = try Journal.open(at: path, format: testJournalFormat, lock: lock)
            #expect(!reopened.created)
            #expect(
                reopened.contents.records.map(\.payload) == [
                    journalTestRecord(0), journalTestRecord(1), journalTestRecord(2, padding: 5000),
                ])
            #expect(reopened.contents.records.map(\.line) == [2, 3, 4])
            #expect(try Journal.read(at: path, format: testJournalFormat) == reopened.contents)
        }
    }

    @Test func aGroupOfRecordsIsOneWriteAndOneFsync() throws {
        try withLockedDirectory { directory, lock throws in
            let journal = try Journal.open(at: directory + "/j", format: testJournalFormat, lock: lock)
            try journal.append(contentsOf: (0..<64).map { journalTestRecord($0) })
            #expect(journal.syncCount == 1)
            try journal.append(journalTestRecord(64))
            #expect(journal.syncCount == 2)
            try journal.append(contentsOf: [Data]())
            #expect(journal.syncCount == 2)
            #expect(journal.appendedCount == 65)
        }
    }

    @Test func unsyncedJournalNeverFsyncsButStillWrites() throws {
        try withLockedDirectory { directory, lock throws in
            let journal = try Journal.open(
                at: directory + "/j", format: testJournalFormat, durability: .unsynced, lock: lock)
            try journal.append(contentsOf: [journalTestRecord(0), journalTestRecord(1)])
            #expect(journal.syncCount == 0)
            #expect(try Journal.read(at: directory + "/j", format: testJournalFormat).records.count == 2)
        }
    }

    @Test func anInvalidRecordInAGroupWritesNothingAndKeepsTheJournalUsable() throws {
        try withLockedDirectory { directory, lock throws in
            let path = directory + "/j"
            let journal = try Journal.open(at: path, format: testJournalFormat, lock: lock)
            let before = try journalFileBytes(path)
            #expect(throws: JournalError.self) {
                try journal.append(contentsOf: [journalTestRecord(0), Data("{}".utf8)])
            }
            #expect(try journalFileBytes(path) == before)
            try journal.append(journalTestRecord(0))
            #expect(try Journal.read(at: path, format: testJournalFormat).records.count == 1)
        }
    }

    @Test func headerFieldsMayNotUseTheJournalsOwnNames() throws {
        try withLockedDirectory { directory, lock throws in
            #expect(throws: JournalError.invalidPayload(reason: "the header field \"schema\" is the journal's own")) {
                try Journal.open(
                    at: directory + "/j", format: testJournalFormat, headerFields: ["schema": "9"], lock: lock)
            }
            #expect(try entries(of: directory) == ["lock"])
        }
    }

    @Test func openingForWritingNeedsAHeldLock() throws {
        try withTemporaryDirectory { directory throws in
            let lock = try ExclusiveLock.acquire(at: directory + "/lock")
            try lock.release()
            #expect(throws: JournalError.lockNotHeld(path: directory + "/j")) {
                try Journal.open(at: directory + "/j", format: testJournalFormat, lock: lock)
            }
        }
    }

    @Test func aClosedJournalRefusesRecords() throws {
        try withLockedDirectory { directory, lock throws in
            let journal = try Journal.open(at: directory + "/j", format: testJournalFormat, lock: lock)
            try journal.close()
            try journal.close()
            #expect(throws: JournalError.closed(path: directory + "/j")) { try journal.append(journalTestRecord(0)) }
        }
    }

    /// What a `read` gave is reused by `open` exactly when the file still holds those bytes.
    @Test func openReusesKnownContentsOnlyWhileTheFileIsUnchanged() throws {
        try withLockedDirectory { directory, lock in
            let path = directory + "/j"
            try writeJournal(at: path, records: 1...3, lock: lock)
            let known = try Journal.read(at: path, format: testJournalFormat)

            let same = try Journal.open(at: path, format: testJournalFormat, lock: lock, knownContents: known)
            #expect(same.matchesKnownContents)
            #expect(same.contents == known)
            try same.append(journalTestRecord(4))
            try same.close()

            let moved = try Journal.open(at: path, format: testJournalFormat, lock: lock, knownContents: known)
            #expect(!moved.matchesKnownContents)
            #expect(moved.contents.records.map(\.payload) == (1...4).map { journalTestRecord($0) })
            try moved.close()

            // Same length, one byte changed inside a record with records after it: checked
            // again, and refused.
            let known4 = try Journal.read(at: path, format: testJournalFormat)
            let text = String(decoding: try journalFileBytes(path), as: UTF8.self)
            try overwriteJournalFile(
                path, with: Array(text.replacingOccurrences(of: #"{"n":2,"#, with: #"{"n":7,"#).utf8))
            #expect(throws: JournalError.self) {
                try Journal.open(at: path, format: testJournalFormat, lock: lock, knownContents: known4)
            }
        }
    }

    /// A read that found a torn tail is never reused: `open` still archives and cuts the tail,
    /// so the next append starts on a line boundary.
    @Test func knownContentsWithATornTailAreCheckedAgainAndTheTailCut() throws {
        try withLockedDirectory { directory, lock in
            let path = directory + "/j"
            try writeJournal(at: path, records: 1...2, lock: lock)
            let whole = try journalFileBytes(path)
            try overwriteJournalFile(path, with: whole + Array(#"{"n":3,"pa"#.utf8))
            let known = try Journal.read(at: path, format: testJournalFormat)
            #expect(known.tornTail != nil)

            let opened = try Journal.open(
                at: path, format: testJournalFormat, tornTailArchive: directory + "/torn", lock: lock,
                knownContents: known)
            #expect(!opened.matchesKnownContents)
            #expect(opened.contents.tornTail?.archivedTo != nil)
            #expect(try journalFileBytes(path) == whole)
            try opened.append(journalTestRecord(3))
            try opened.close()
            let reread = try Journal.read(at: path, format: testJournalFormat)
            #expect(reread.tornTail == nil)
            #expect(reread.records.map(\.payload) == (1...3).map { journalTestRecord($0) })
        }
    }

    @Test func readingAMissingJournalNamesTheFile() throws {
        try withLockedDirectory { directory, _ throws in
            #expect(throws: SystemError(operation: "open", path: directory + "/none", errno: ENOENT)) {
                try Journal.read(at: directory + "/none", format: testJournalFormat)
            }
        }
    }

    @Test func creatingInAMissingDirectoryFailsAndNamesIt() throws {
        try withLockedDirectory { directory, lock throws in
            #expect(throws: SystemError.self) {
                try Journal.open(at: directory + "/missing/j", format: testJournalFormat, lock: lock)
            }
        }
    }

    @Test func utcTimestampsAreMillisecondISO8601() {
        let date = Date(timeIntervalSince1970: 1_779_357_600.123)  // 2026-05-21T10:00:00.123Z
        #expect(UTCTimestamp.iso8601(date) == "2026-05-21T10:00:00.123Z")
        #expect(UTCTimestamp.compact(date) == "20260521T100000.123Z")
        #expect(UTCTimestamp.iso8601(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(UTCTimestamp.iso8601(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
        #expect(UTCTimestamp.iso8601(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59.000Z")
    }
}
