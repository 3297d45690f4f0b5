import Durable
import Foundation
import Testing

@Suite struct DirectoriesTests {
    @Test func makesNestedFolders() throws {
        try withTemporaryDirectory { directory throws in
            let nested = directory + "/a/b/c"
            try Directories.create(nested)
            #expect(isDirectory(nested))
        }
    }

    @Test func isIdempotentAndKeepsWhatIsInside() throws {
        try withTemporaryDirectory { directory throws in
            let nested = directory + "/a/b"
            try Directories.create(nested)
            try AtomicFile.write("keep", to: nested + "/file.txt")
            try Directories.create(nested)
            try Directories.create(directory + "/a")
            #expect(try entries(of: nested) == ["file.txt"])
        }
    }

    @Test func toleratesDoubledAndTrailingSlashes() throws {
        try withTemporaryDirectory { directory throws in
            try Directories.create(directory + "//x///y/")
            #expect(isDirectory(directory + "/x/y"))
        }
    }

    /// The file is named whether it is the new folder's parent or several levels above it.
    @Test(arguments: ["/file/sub", "/file/a/b/c"])
    func refusesWhenAFileIsInTheWay(below: String) throws {
        try withTemporaryDirectory { directory throws in
            try AtomicFile.write("x", to: directory + "/file")
            let error = #expect(throws: SystemError.self) {
                try Directories.create(directory + below)
            }
            #expect(error?.errno == ENOTDIR)
            #expect(error?.path == directory + "/file")
        }
    }

    @Test func aFolderIsKnownAbsentOnlyWhenNoneCanBeThere() throws {
        try withTemporaryDirectory { directory throws in
            try Directories.create(directory + "/folder")
            try AtomicFile.write("x", to: directory + "/file")
            try FileManager.default.createSymbolicLink(
                atPath: directory + "/link", withDestinationPath: directory + "/folder")
            try FileManager.default.createSymbolicLink(
                atPath: directory + "/loop", withDestinationPath: directory + "/loop")
            #expect(!Directories.isKnownAbsent(directory + "/folder"))
            #expect(!Directories.isKnownAbsent(directory + "/link"))
            #expect(Directories.isKnownAbsent(directory + "/file"))
            #expect(Directories.isKnownAbsent(directory + "/absent"))
            #expect(Directories.isKnownAbsent(directory + "/file/below"))
            // A lookup that fails for another reason says nothing about the folder.
            #expect(!Directories.isKnownAbsent(directory + "/loop/below"))
        }
    }

    @Test func theFirstLinkBelowTheBaseIsFoundAndTheBaseItselfIsTakenAsGiven() throws {
        try withTemporaryDirectory { directory throws in
            try Directories.create(directory + "/real/a/b")
            try Directories.create(directory + "/elsewhere/x")
            try FileManager.default.createSymbolicLink(
                atPath: directory + "/real/a/link", withDestinationPath: directory + "/elsewhere")
            try FileManager.default.createSymbolicLink(
                atPath: directory + "/base", withDestinationPath: directory + "/real")
            var realFolders: Set<String> = []
            let base = directory + "/real"
            #expect(try Directories.firstLink(below: base, in: base + "/a/b", realFolders: &realFolders) == nil)
            #expect(realFolders == [base + "/a", base + "/a/b"])
            #expect(
                try Directories.firstLink(below: base, in: base + "/a/link/x/y", realFolders: &realFolders)
                    == base + "/a/link")
            // What does not exist yet has no link below it: the walk stops there.
            #expect(try Directories.firstLink(below: base, in: base + "/new/link", realFolders: &realFolders) == nil)
            #expect(try Directories.firstLink(below: base, in: base, realFolders: &realFolders) == nil)
            var fresh: Set<String> = []
            #expect(
                try Directories.firstLink(below: directory + "/base", in: directory + "/base/a/b", realFolders: &fresh)
                    == nil)
        }
    }

    @Test func emptyPathIsRefused() {
        let error = #expect(throws: SystemError.self) { try Directories.create("") }
        #expect(error?.errno == ENOENT)
    }

    @Test func concurrentCallersForTheSamePathAllSucceed() throws {
        try withTemporaryDirectory { directory throws in
            let nested = directory + "/p/q/r/s"
            let failures = Failures()
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                do { try Directories.create(nested) } catch { failures.record(error) }
            }
            #expect(failures.all.isEmpty)
            #expect(isDirectory(nested))
        }
    }

    private func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }
}

/// Errors gathered from concurrent work, for one assertion afterwards.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [any Error] = []

    func record(_ error: any Error) { lock.withLock { errors.append(error) } }
    var all: [any Error] { lock.withLock { errors } }
}
