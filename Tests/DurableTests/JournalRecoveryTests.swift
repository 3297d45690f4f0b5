import Durable
import Foundation
import Testing

/// A journal file with a header and `count` records (record k padded by 7k bytes), its bytes,
/// and the offset where each line ends (index 0: the header).
private func makeJournal(at path: String, count: Int, lock: ExclusiveLock) throws -> (bytes: [UInt8], lineEnds: [Int]) {
    let journal = try Journal.open(at: path, format: testJournalFormat, headerFields: ["tool": "testtool"], lock: lock)
    var lineEnds = [try journalFileBytes(path).count]
    for n in 0..<count {
        try journal.append(journalTestRecord(n, padding: 7 * n))
        lineEnds.append(try journalFileBytes(path).count)
    }
    try journal.close()
    return (try journalFileBytes(path), lineEnds)
}

private func header(schema: String, format: String = "test-journal", kind: String = "header") throws -> [UInt8] {
    try journalTestLine(
        #"{"format":""# + format + #"","kind":""# + kind + #"","lineSum":"sha256/16","schema":"# + schema + "}")
}

@Suite struct JournalRecoveryTests {
    @Test func aTornTailAtEveryByteOffsetIsCutAndTheNextAppendLoads() throws {
        try withLockedDirectory { directory, lock throws in
            let path = directory + "/journal.jsonl"
            let (full, lineEnds) = try makeJournal(at: path, count: 4, lock: lock)
            for length in lineEnds[0]...full.count {
                try overwriteJournalFile(path, with: Array(full[..<length]))
                let complete = lineEnds.lastIndex { $0 <= length }!  // records fully inside the prefix
                let validEnd = lineEnds[complete]

                let journal = try Journal.open(at: path, format: testJournalFormat, durability: .unsynced, lock: lock)
                #expect(
                    journal.contents.records.map(\.payload)
                        == (0..<complete).map { journalTestRecord($0, padding: 7 * $0) })
                if length == validEnd {
                    #expect(journal.contents.tornTail == nil)
                } else {
                    #expect(journal.contents.tornTail?.offset == validEnd)
                    #expect(journal.contents.tornTail?.byteCount == length - validEnd)
                    #expect(journal.contents.tornTail?.line == complete + 2)
                }
                #expect(try journalFileBytes(path).count == validEnd, "cut at \(length)")

                // The gmat-sweep regression: an append after a torn tail must not glue onto it.
                try journal.append(journalTestRecord(99))
                try journal.close()
                let reread = try Journal.read(at: path, format: testJournalFormat)
                #expect(reread.tornTail == nil)
                #expect(reread.records.last?.payload == journalTestRecord(99))
                #expect(reread.records.count == complete + 1, "cut at \(length)")
            }
        }
    }

    @Test(arguments: [
        ("zeros", [UInt8](repeating: 0, count: 4096)),
        ("garbage", pseudoRandomBytes(count: 777, seed: 7).filter { $0 != 0x0A }),
        ("garbage line", Array("{\"n\":3,\"pad\":\"\",\"sum\":\"0000000000000000\"}\n".utf8)),
        ("several bad lines", Array("xx\n\0\0\0\n{\"n\":1}\n".utf8)),
        ("valid line without its newline", Array(try! JournalLine.encode(journalTestRecord(3)).dropLast())),
    ])
    func tailsOfAnyShapeAfterTheLastValidLineAreTorn(name: String, tail: [UInt8]) throws {
        try withLockedDirectory { directory, lock throws in
            let path = directory + "/journal.jsonl"
            let (full, _) = try makeJournal(at: path, count: 3, lock: lock)
            try overwriteJournalFile(path, with: full + tail)
            let journal = try Journal.open(
                at: path, format: testJournalFormat, tornTailArchive: directory + "/torn", lock: lock)
            #expect(journal.contents.records.count == 3)
            let torn = try #require(journal.contents.tornTail)
            #expect(torn.byteCount == tail.count)
            #expect(torn.line == 5)
            #expect(try journalFileBytes(path) == full)
            // The cut bytes are kept for forensics, exactly.
            let archived = try #require(torn.archivedTo)
            #expect(archived.hasPrefix(directory + "/torn/"))
            #expect(try journalFileBytes(archived) == tail)
            #expect(torn.description.contains("discarded \(tail.count) bytes of an interrupted write at line 5"))
        }
    }

    @Test func readReportsATornTailButChangesNothing() throws {
        try withLockedDirectory { directory, lock throws in
            let path = directory + "/journal.jsonl"
            let (full, _) = try makeJournal(at: path, count: 2, lock: lock)
            try overwriteJournalFile(path, with: full + Array("{\"n\":2,\"pa".utf8))
            let contents = try Journal.read(at: path, format: testJournalFormat)
            #expect(contents.records.count == 2)
            #expect(contents.tornTail?.byteCount == 10)
            #expect(contents.tornTail?.archivedTo == nil)
            #expect(try journalFileBytes(path) == full + Array("{\"n\":2,\"pa".utf8))
        }
    }

    @Test func aGarbageLineFollowedByAValidLineIsRefusedNamingTheLine() throws {
        try withLockedDirectory { directory, lock throws in
            let path = directory + "/journal.jsonl"
            let (full, lineEnds) = try makeJournal(at: path, count: 4, lock: lock)
            // Line 3 (record 1) becomes garbage of another length; lines 4 and 5 stay valid.
            let damaged =
                Array(full[..<lineEnds[1]]) + Array("not a record at all\n".utf8) + Array(full[lineEnds[2]...])
            try overwriteJournalFile(path, with: damaged)
            let expected = JournalError.corruptLine(path: path, line: 3, reason: "not a JSON object")
            #expect(throws: expected) { try Journal.open(at: path, format: testJournalFormat, lock: lock) }
            #expect(throws: expected) { try Journal.read(at: path, format: testJournalFormat) }
            #expect(try journalFileBytes(path) == damaged, "a refused journal is left as it was")
            #expect(
                expected.description
                    == "\(path): corrupt at line 3 (not a JSON object) with valid records after it; refusing to guess. Salvage keeps lines 1–2 after backing up the file"
            )
        }
    }

    @Test func aChecksumMismatchInTheMiddleIsRefused() throws {
        try withLockedDirectory { directory, lock throws in
            let path = directory + "/journal.jsonl"
            var (bytes, lineEnds) = try makeJournal(at: path, count: 3, lock: lock)
            // `{"n":0,...` on line 2 becomes `{"n":5,...`: still JSON, same length, wrong sum.
            let digit = lineEnds[0] + 5
            #expect(bytes[digit] == UInt8(ascii: "0"))
            bytes[digit] = UInt8(ascii: "5")
            try overwriteJournalFile(path, with: bytes)
            #expect(throws: JournalError.corruptLine(path: path, line: 2, reason: "checksum mismatch")) {
                try Journal.open(at: path, format: testJournalFormat, lock: lock)
            }
        }
    }

    @Test func aLineWithoutChecksumInTheMiddleIsRefused() throws {
        try withLockedDirectory { directory, lock throws in
            let path = directory + "/journal.jsonl"
            let (full, lineEnds) = try makeJournal(at: path, count: 2, lock: lock)
            let damaged = Array(full[..<lineEnds[0]]) + Array("{\"n\":0}\n".utf8) + Array(full[lineEnds[1]...])
            try overwriteJournalFile(path, with: damaged)
            #expect(throws: JournalError.corruptLine(path: path, line: 2, reason: "no checksum")) {
                try Journal.read(at: path, format: testJournalFormat)
            }
        }
    }

    @Test func aDamagedHeaderIsRefused() throws {
        try withLockedDirectory { directory, lock throws in
            let path = directory + "/journal.jsonl"
            let good = try header(schema: "1")
            var flipped = good
            flipped[3] ^= 1
            let cases: [([UInt8], String)] = [
                ([], "empty file"),
                (Array(good.dropLast()), "incomplete line"),
                (flipped, "checksum mismatch"),
                (Array("garbage\n".utf8), "not a JSON object"),
                (try header(schema: "1", kind: "commit"), "its kind is not \"header\""),
                (try header(schema: "\"2\""), "schema is not an integer"),
                (try header(schema: "1.5"), "schema is not an integer"),
                (try header(schema: "true"), "schema is not an integer"),
                (try journalTestLine(#"{"kind":"header","schema":1}"#), "no format name"),
            ]
            for (bytes, reason) in cases {
                // A valid record follows the header, except where the header is all there is.
                let rest = bytes.isEmpty || bytes.last != 0x0A ? [] : try journalTestLine(#"{"n":0}"#)
                try overwriteJournalFile(path, with: bytes + rest)
                #expect(throws: JournalError.headerDamaged(path: path, reason: reason)) {
                    try Journal.open(at: path, format: testJournalFormat, lock: lock)
                }
            }
            #expect(
                JournalError.headerDamaged(path: "/x/j", reason: "checksum mismatch").description
                    == "/x/j: journal header damaged (line 1: checksum mismatch); refusing to use it")
        }
    }

    @Test func aJournalFromANewerSchemaIsRefusedWithAClearMessage() throws {
        try withLockedDirectory { directory, lock throws in
            let path = directory + "/journal.jsonl"
            let original = try header(schema: "3") + journalTestLine(#"{"n":0}"#)
            try overwriteJournalFile(path, with: original)
            let expected = JournalError.newerSchema(path: path, schema: 3, newestSupported: 2, producer: "testtool")
            #expect(throws: expected) { try Journal.open(at: path, format: testJournalFormat, lock: lock) }
            #expect(
                expected.description
                    == "\(path): written by a newer testtool (schema 3 > 2): upgrade testtool to use it")
            #expect(try journalFileBytes(path) == original)
        }
    }

    @Test func olderSchemasLoadWithinTheReadableRangeAndAreRefusedBelowIt() throws {
        try withLockedDirectory { directory, lock throws in
            let path = directory + "/journal.jsonl"
            try overwriteJournalFile(path, with: try header(schema: "1") + journalTestLine(#"{"n":0}"#))
            let journal = try Journal.open(at: path, format: testJournalFormat, lock: lock)
            #expect(journal.contents.header.schema == 1)
            #expect(journal.contents.records.count == 1)
            try journal.close()

            try overwriteJournalFile(path, with: try header(schema: "0"))
            #expect(throws: JournalError.olderSchema(path: path, schema: 0, oldestSupported: 1, producer: "testtool")) {
                try Journal.read(at: path, format: testJournalFormat)
            }
        }
    }

    @Test func aJournalOfAnotherFormatIsRefused() throws {
        try withLockedDirectory { directory, lock throws in
            let path = directory + "/journal.jsonl"
            try overwriteJournalFile(path, with: try header(schema: "1", format: "other-thing"))
            #expect(throws: JournalError.wrongFormat(path: path, found: "other-thing", expected: "test-journal")) {
                try Journal.read(at: path, format: testJournalFormat)
            }
        }
    }

    @Test func unknownHeaderMembersAreIgnoredAndStringOnesReported() throws {
        try withLockedDirectory { directory, lock throws in
            let path = directory + "/journal.jsonl"
            let line = try journalTestLine(
                #"{"createdAt":"2026-05-21T10:00:00.000Z","extra":{"a":[1]},"format":"test-journal","kind":"header","lineSum":"sha256/16","schema":2,"size":5}"#
            )
            try overwriteJournalFile(path, with: line)
            let contents = try Journal.read(at: path, format: testJournalFormat)
            #expect(contents.header.fields == ["createdAt": "2026-05-21T10:00:00.000Z"])
        }
    }

    @Test func salvageBacksUpTheFileAndKeepsTheValidPrefix() throws {
        try withLockedDirectory { directory, lock throws in
            let path = directory + "/journal.jsonl"
            let (full, lineEnds) = try makeJournal(at: path, count: 4, lock: lock)
            let damaged = Array(full[..<lineEnds[2]]) + Array("garbage\n".utf8) + Array(full[lineEnds[3]...])
            try overwriteJournalFile(path, with: damaged)

            let salvage = try Journal.salvage(at: path, format: testJournalFormat, lock: lock)
            #expect(salvage.keptLines == 3)
            #expect(salvage.discardedBytes == damaged.count - lineEnds[2])
            let backup = try #require(salvage.backupPath)
            #expect(try journalFileBytes(backup) == damaged)
            #expect(try journalFileBytes(path) == Array(full[..<lineEnds[2]]))
            #expect(try Journal.read(at: path, format: testJournalFormat).records.count == 2)

            let again = try Journal.salvage(at: path, format: testJournalFormat, lock: lock)
            #expect(again.backupPath == nil)
            #expect(again.keptLines == 3)
        }
    }
}
