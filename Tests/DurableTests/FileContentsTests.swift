import Durable
import Foundation
import Testing

@Suite struct FileContentsTests {
    @Test func readsEveryByteOfAFileLargerThanOneChunk() throws {
        try withTemporaryDirectory { directory throws in
            let bytes = pseudoRandomBytes(count: 200_003, seed: 7)
            try AtomicFile.write(Data(bytes), to: directory + "/big.bin")
            #expect(try FileContents.read(directory + "/big.bin") == .bytes(bytes))
            try AtomicFile.write(Data(), to: directory + "/empty")
            #expect(try FileContents.read(directory + "/empty") == .bytes([]))
        }
    }

    @Test func nothingThereIsMissingAlsoUnderAFile() throws {
        try withTemporaryDirectory { directory throws in
            #expect(try FileContents.read(directory + "/absent.ipynb") == .missing)
            #expect(try FileContents.read(directory + "/no/such/folder/x.ipynb") == .missing)
            try AtomicFile.write("x", to: directory + "/file")
            #expect(try FileContents.read(directory + "/file/x.ipynb") == .missing)
        }
    }

    @Test func aFolderIsReportedAsOne() throws {
        try withTemporaryDirectory { directory throws in
            try Directories.create(directory + "/folder.ipynb")
            #expect(try FileContents.read(directory + "/folder.ipynb") == .directory)
        }
    }

    /// A FIFO with no writer would block a plain open forever.
    @Test func aFIFOIsSpecialAndReadWithoutWaitingForAWriter() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/pipe.ipynb"
            #expect(mkfifo(path, 0o644) == 0)
            #expect(try FileContents.read(path) == .special)
        }
    }
}
