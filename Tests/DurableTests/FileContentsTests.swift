import Dispatch
import Durable
import Foundation
import Synchronization
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

    @Test func aLinkIsFollowedAndADanglingOneIsMissing() throws {
        try withTemporaryDirectory { directory throws in
            try AtomicFile.write("target", to: directory + "/target")
            try FileManager.default.createSymbolicLink(
                atPath: directory + "/link", withDestinationPath: directory + "/target")
            try FileManager.default.createSymbolicLink(
                atPath: directory + "/dangling", withDestinationPath: directory + "/gone")
            #expect(try FileContents.read(directory + "/link") == .bytes(Array("target".utf8)))
            #expect(try FileContents.read(directory + "/dangling") == .missing)
        }
    }

    /// A FIFO with no writer would block a plain open forever. The read runs on another thread
    /// with a deadline; past it, the test opens the FIFO for writing, which frees the read, and
    /// fails (a time limit would only report the hang: the test would still wait for the thread).
    @Test func aFIFOIsSpecialAndReadWithoutWaitingForAWriter() throws {
        final class Answer: Sendable {
            let found = Mutex<Result<FileContents.Found, SystemError>?>(nil)
        }
        try withTemporaryDirectory { directory throws in
            let path = directory + "/pipe.ipynb"
            #expect(mkfifo(path, 0o644) == 0)
            let answer = Answer()
            let answered = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                let found = Result { () throws(SystemError) in try FileContents.read(path) }
                answer.found.withLock { $0 = found }
                answered.signal()
            }
            guard answered.wait(timeout: .now() + 30) == .success else {
                let writer = open(path, O_WRONLY | O_NONBLOCK)
                if writer >= 0 { close(writer) }
                _ = answered.wait(timeout: .now() + 30)
                Issue.record("reading a FIFO waited for a writer")
                return
            }
            #expect(try answer.found.withLock { $0 }?.get() == .special)
        }
    }

    /// `open` refuses a socket outright; it is still something that is not a file.
    @Test func aSocketIsSpecial() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/socket.ipynb"
            let socketFD = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            #expect(socketFD >= 0)
            defer { close(socketFD) }
            var address = sockaddr_un()
            // The path and its terminating zero must fit in the address.
            try #require(path.utf8.count < MemoryLayout.size(ofValue: address.sun_path))
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (offset, byte) in path.utf8.enumerated() { raw[offset] = byte }
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            #expect(bound == 0)
            #expect(try FileContents.read(path) == .special)
        }
    }
}
