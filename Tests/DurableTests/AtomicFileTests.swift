import Durable
import Foundation
import Testing

@Suite struct AtomicFileTests {
    @Test func createsNewFileWithExactBytesAndPermissions() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/new.bin"
            let content = pseudoRandomBytes(count: 100_000, seed: 1)
            try AtomicFile.write(Data(content), to: path, permissions: 0o640)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(content))
            #expect(try permissions(of: path) == 0o640)
        }
    }

    @Test func permissionsAreExactEvenWhereTheUmaskWouldMaskThem() throws {
        try withTemporaryDirectory { directory throws in
            // The usual umask 022 would turn 0666 into 0644 if the mode were only passed to open.
            let path = directory + "/shared.txt"
            try AtomicFile.write("x", to: path, permissions: 0o666)
            #expect(try permissions(of: path) == 0o666)
        }
    }

    @Test func defaultPermissionsAre0644() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/plain.txt"
            try AtomicFile.write("x", to: path)
            #expect(try permissions(of: path) == 0o644)
        }
    }

    @Test func emptyDataMakesAnEmptyFile() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/empty"
            try AtomicFile.write(Data(), to: path)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)).isEmpty)
        }
    }

    @Test func stringIsWrittenAsItsUTF8Bytes() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/text.md"
            let text = "# Grüße\n世界 🌍\n"
            try AtomicFile.write(text, to: path)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(text.utf8))
        }
    }

    @Test func replacesAnExistingFileAndItsPermissions() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/report.json"
            try AtomicFile.write(
                String(repeating: "old content ", count: 1_000), to: path, permissions: 0o600)
            try AtomicFile.write("new", to: path, permissions: 0o644)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
            #expect(try permissions(of: path) == 0o644)
        }
    }

    @Test func leavesNoTemporaryFilesBehind() throws {
        try withTemporaryDirectory { directory throws in
            for round in 0..<5 {
                try AtomicFile.write("round \(round)", to: directory + "/a.txt")
                try AtomicFile.write(Data([UInt8(round)]), to: directory + "/b.bin")
            }
            #expect(try entries(of: directory) == ["a.txt", "b.bin"])
        }
    }

    @Test func writingIntoAMissingDirectoryThrowsNamingThePathAndCreatesNothing() throws {
        try withTemporaryDirectory { directory throws in
            let missing = directory + "/missing"
            let error = #expect(throws: SystemError.self) {
                try AtomicFile.write("x", to: missing + "/file.txt")
            }
            #expect(error?.errno == ENOENT)
            #expect(error?.path?.hasPrefix(missing + "/") == true)
            #expect(error?.description.contains(missing) == true)
            #expect(try entries(of: directory).isEmpty)
        }
    }

    @Test func failedReplacementOfADirectoryLeavesItAndNoTemporaryFile() throws {
        try withTemporaryDirectory { directory throws in
            // The temporary file is written and synced, then rename refuses to put it over a
            // directory: the failure comes after the point of no return for a naive writer.
            let target = directory + "/target"
            try FileManager.default.createDirectory(
                atPath: target, withIntermediateDirectories: false)
            try AtomicFile.write("kept", to: target + "/inside.txt")

            let error = #expect(throws: SystemError.self) {
                try AtomicFile.write("replacement", to: target)
            }
            #expect(error?.operation == "rename")
            #expect(error?.path == target)
            #expect(try entries(of: directory) == ["target"])
            #expect(try entries(of: target) == ["inside.txt"])
            #expect(try String(contentsOfFile: target + "/inside.txt", encoding: .utf8) == "kept")
        }
    }

    @Test func failedWriteBelowAFileLeavesThatFileIntact() throws {
        try withTemporaryDirectory { directory throws in
            let file = directory + "/notes.txt"
            try AtomicFile.write("previous", to: file)

            let error = #expect(throws: SystemError.self) {
                try AtomicFile.write("x", to: file + "/child.txt")
            }
            #expect(error?.errno == ENOTDIR)
            #expect(try String(contentsOfFile: file, encoding: .utf8) == "previous")
            #expect(try entries(of: directory) == ["notes.txt"])
        }
    }

    @Test func concurrentWritersLeaveOneCompleteVersion() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/contended.txt"
            let versions = (0..<8).map { String(repeating: "\($0)", count: 50_000) }
            DispatchQueue.concurrentPerform(iterations: versions.count) { index in
                try? AtomicFile.write(versions[index], to: path)
            }
            #expect(versions.contains(try String(contentsOfFile: path, encoding: .utf8)))
            #expect(try entries(of: directory) == ["contended.txt"])
        }
    }
}

@Suite struct AtomicFileMoveTests {
    @Test func moveLeavesTheFileOnlyAtItsNewPlace() throws {
        try withTemporaryDirectory { folder throws in
            try FileManager.default.createDirectory(atPath: folder + "/aside", withIntermediateDirectories: true)
            try AtomicFile.write("kept", to: folder + "/a.txt")
            try AtomicFile.move(folder + "/a.txt", to: folder + "/aside/a.txt")
            #expect(!FileManager.default.fileExists(atPath: folder + "/a.txt"))
            #expect(FileManager.default.contents(atPath: folder + "/aside/a.txt") == Data("kept".utf8))
        }
    }

    @Test func movingAMissingFileThrowsNamingIt() throws {
        try withTemporaryDirectory { folder throws in
            #expect(throws: SystemError.self) { try AtomicFile.move(folder + "/missing", to: folder + "/b") }
        }
    }
}
