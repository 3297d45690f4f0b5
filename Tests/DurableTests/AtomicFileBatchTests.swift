import Durable
import Foundation
import Testing

@Suite struct AtomicFileBatchTests {
    @Test func aBatchReplacesEveryFileWithItsBytesAndLeavesNoTemporaryFile() throws {
        try withTemporaryDirectory { directory throws in
            try FileManager.default.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: true)
            try AtomicFile.write("old", to: directory + "/f2")
            let files = (0..<40).map { n in
                (data: Data("file \(n)".utf8), path: directory + (n % 2 == 0 ? "/f\(n)" : "/sub/f\(n)"))
            }
            try AtomicFile.writeAll(files, permissions: 0o640)
            for (data, path) in files {
                #expect(FileManager.default.contents(atPath: path) == data)
                #expect(try permissions(of: path) == 0o640)
            }
            #expect(try entries(of: directory).count == 21)
            #expect(try entries(of: directory + "/sub").count == 20)
        }
    }

    /// Byte arrays are written as they are, with no `Data` in between (how the migration hands
    /// over rendered notebooks), non-ASCII and empty files included.
    @Test func aBatchOfByteArraysWritesExactlyThoseBytes() throws {
        try withTemporaryDirectory { directory throws in
            let files: [(data: [UInt8], path: String)] = [
                (Array("é\u{0}\r\n".utf8), directory + "/a"), ([], directory + "/b"), ([0xFF, 0xFE], directory + "/c"),
            ]
            try AtomicFile.writeAll(files)
            for (bytes, path) in files {
                #expect(FileManager.default.contents(atPath: path).map(Array.init) == bytes)
            }
        }
    }

    @Test func oneBadTargetFailsTheWholeBatchBeforeAnyRename() throws {
        try withTemporaryDirectory { directory throws in
            try AtomicFile.write("kept", to: directory + "/a")
            let files = [
                (data: Data("new".utf8), path: directory + "/a"),
                (data: Data("x".utf8), path: directory + "/missing/b"),
                (data: Data("y".utf8), path: directory + "/c"),
            ]
            let error = #expect(throws: SystemError.self) { try AtomicFile.writeAll(files) }
            #expect(error?.errno == ENOENT)
            #expect(error?.path?.hasPrefix(directory + "/missing") == true)
            #expect(FileManager.default.contents(atPath: directory + "/a") == Data("kept".utf8))
            #expect(try entries(of: directory) == ["a"])
        }
    }

    @Test func missingFoldersAreCreatedWhenAsked() throws {
        try withTemporaryDirectory { directory throws in
            let files = [
                (data: Data("a".utf8), path: directory + "/x/y/a"), (data: Data("b".utf8), path: directory + "/x/b"),
            ]
            #expect(throws: SystemError.self) { try AtomicFile.writeAll(files) }
            try AtomicFile.writeAll(files, creatingDirectories: true)
            #expect(FileManager.default.contents(atPath: directory + "/x/y/a") == Data("a".utf8))
            #expect(try entries(of: directory + "/x") == ["b", "y"])
        }
    }

    @Test func deferredJournalAppendsAreFlushedWithTheBatch() throws {
        try withLockedDirectory { directory, lock throws in
            let journal = try Journal.open(at: directory + "/j", format: testJournalFormat, lock: lock)
            try journal.append(contentsOf: [journalTestRecord(0), journalTestRecord(1)], deferSync: true)
            #expect(journal.hasUnsyncedAppends)
            #expect(journal.syncCount == 0)
            try AtomicFile.writeAll([(Data("x".utf8), directory + "/out")], flushing: journal)
            // Synced once, before the rename, and nothing is left to sync.
            #expect(!journal.hasUnsyncedAppends)
            #expect(journal.syncCount == 1)
            try journal.sync()
            #expect(journal.syncCount == 1)
            #expect(try Journal.read(at: directory + "/j", format: testJournalFormat).records.count == 2)
        }
    }

    @Test func aFailedRenameNamesWhatWasPublished() throws {
        try withTemporaryDirectory { directory throws in
            // A folder where a file should go cannot be renamed over: that target fails, the
            // others are published, and the error says which.
            try FileManager.default.createDirectory(atPath: directory + "/b", withIntermediateDirectories: true)
            try AtomicFile.write("inside", to: directory + "/b/keep")
            let files = ["a", "b", "c"].map { (data: Data("new \($0)".utf8), path: directory + "/" + $0) }
            let error = #expect(throws: AtomicFile.BatchError.self) { try AtomicFile.writeAll(files) }
            #expect(error?.published.sorted() == [directory + "/a", directory + "/c"])
            #expect(error?.publishedDurably == true)
            #expect(FileManager.default.contents(atPath: directory + "/c") == Data("new c".utf8))
            #expect(FileManager.default.contents(atPath: directory + "/b/keep") == Data("inside".utf8))
            #expect(try entries(of: directory) == ["a", "b", "c"])
        }
    }

    @Test func aSyncedAppendAfterDeferredOnesFlushesThemAll() throws {
        try withLockedDirectory { directory, lock throws in
            let journal = try Journal.open(at: directory + "/j", format: testJournalFormat, lock: lock)
            try journal.append(journalTestRecord(0), deferSync: true)
            try journal.append(journalTestRecord(1))
            #expect(journal.syncCount == 1)
            #expect(!journal.hasUnsyncedAppends)
            try journal.sync()
            #expect(journal.syncCount == 1)
        }
    }
}
