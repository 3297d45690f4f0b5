import Durable
import Foundation
import Testing

/// A python3 child process, with its stdout readable line by line.
private final class PythonChild {
    let process = Process()
    private let output = Pipe()
    private var buffered = Data()

    init(_ script: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// The next line the child printed, without its newline; nil at end of output.
    func readLine() -> String? {
        while true {
            if let newline = buffered.firstIndex(of: 0x0A) {
                let line = String(decoding: buffered[..<newline], as: UTF8.self)
                buffered = Data(buffered[(newline + 1)...])
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }
            buffered.append(chunk)
        }
    }

    func exitStatus() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    func killNine() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// Tries `flock(LOCK_EX|LOCK_NB)` on argv[1] and prints `locked` or `refused`.
private let tryLockScript = """
    import fcntl, sys
    f = open(sys.argv[1], "a+")
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        print("locked", flush=True)
    except BlockingIOError:
        print("refused", flush=True)
    """

/// Takes the flock on argv[1], writes holder details like ExclusiveLock does when argv[2] is
/// "details", prints `locked`, then sleeps until killed.
private let holdLockScript = """
    import fcntl, json, os, sys, time
    f = open(sys.argv[1], "r+" if os.path.exists(sys.argv[1]) else "w+")
    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    if sys.argv[2] == "details":
        f.seek(0); f.truncate()
        f.write(json.dumps({"pid": os.getpid(), "host": "python-host", "startedAt": "2026-05-21T10:02:11.000Z", "argv": ["python3", "holder"]}) + "\\n")
        f.flush()
    print("locked", flush=True)
    time.sleep(60)
    """

@Suite struct ExclusiveLockTests {
    @Test func aSecondHolderInTheSameProcessIsRefusedAndToldWhoHoldsIt() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/lock"
            let holder = LockHolder(
                pid: getpid(), host: "ci-7", startedAt: "2026-05-21T10:02:11.000Z",
                arguments: ["skillhost", "call", "aidp-migrate-job"])
            let first = try ExclusiveLock.acquire(at: path, holder: holder)
            #expect(first.isHeld)
            // A second acquire opens a second open file description, which flock treats as a rival.
            let error = try #require(throws: LockHeldError.self) { try ExclusiveLock.acquire(at: path) }
            #expect(error.holder == holder)
            #expect(error.path == path)
            #expect(
                error.description
                    == "\(path) is locked by another process (pid \(getpid()) on ci-7, started 2026-05-21T10:02:11.000Z (skillhost call aidp-migrate-job)); wait for it to finish or stop it"
            )
            try first.release()
        }
    }

    @Test func releaseLetsTheNextHolderInAndClearsTheDetails() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/lock"
            let first = try ExclusiveLock.acquire(at: path)
            #expect(ExclusiveLock.recordedHolder(at: path) == first.holder)
            try first.release()
            #expect(!first.isHeld)
            try first.release()  // a second release does nothing
            #expect(try journalFileBytes(path).isEmpty)
            #expect(ExclusiveLock.recordedHolder(at: path) == nil)
            let second = try ExclusiveLock.acquire(at: path)
            #expect(second.isHeld)
            try second.release()
        }
    }

    @Test func droppingTheLastReferenceReleasesTheLock() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/lock"
            do {
                let lock = try ExclusiveLock.acquire(at: path)
                #expect(lock.isHeld)
            }
            let again = try ExclusiveLock.acquire(at: path)
            try again.release()
        }
    }

    @Test func holderDetailsAreThisProcess() throws {
        try withTemporaryDirectory { directory throws in
            let lock = try ExclusiveLock.acquire(
                at: directory + "/lock", holder: .current(arguments: ["skillhost", "serve"]))
            #expect(lock.holder.pid == getpid())
            #expect(!lock.holder.host.isEmpty)
            #expect(lock.holder.arguments == ["skillhost", "serve"])
            #expect(lock.holder.startedAt.hasSuffix("Z"))
            let text = String(decoding: try journalFileBytes(directory + "/lock"), as: UTF8.self)
            #expect(text.hasPrefix("{\"argv\":[\"skillhost\",\"serve\"],\"host\":"))
            #expect(text.hasSuffix("}\n"))
            try lock.release()
        }
    }

    @Test func anotherProcessCannotTakeTheLockWhileItIsHeld() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/lock"
            let lock = try ExclusiveLock.acquire(at: path)
            let child = try PythonChild(tryLockScript, [path])
            #expect(child.readLine() == "refused")
            #expect(child.exitStatus() == 0)
            try lock.release()
            let after = try PythonChild(tryLockScript, [path])
            #expect(after.readLine() == "locked")
            #expect(after.exitStatus() == 0)
        }
    }

    @Test func aLockHeldByAnotherProcessNamesItAndKill9ReleasesItAtOnce() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/lock"
            let child = try PythonChild(holdLockScript, [path, "details"])
            #expect(child.readLine() == "locked")

            let error = try #require(throws: LockHeldError.self) { try ExclusiveLock.acquire(at: path) }
            #expect(error.holder?.pid == child.process.processIdentifier)
            #expect(error.holder?.host == "python-host")
            #expect(
                error.description.contains(
                    "pid \(child.process.processIdentifier) on python-host, started 2026-05-21T10:02:11.000Z (python3 holder)"
                ))

            // The kernel drops a dead holder's flock: no stale lock, nothing to clear by hand.
            child.killNine()
            let lock = try ExclusiveLock.acquire(at: path)
            #expect(ExclusiveLock.recordedHolder(at: path)?.pid == getpid())
            try lock.release()
        }
    }

    @Test func aHolderThatWroteNoDetailsIsReportedAsUnknown() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/lock"
            let child = try PythonChild(holdLockScript, [path, "silent"])
            #expect(child.readLine() == "locked")
            let error = try #require(throws: LockHeldError.self) { try ExclusiveLock.acquire(at: path) }
            #expect(error.holder == nil)
            #expect(
                error.description
                    == "\(path) is locked by another process (details unknown); wait for it to finish or stop it")
            child.killNine()
        }
    }

    @Test func detailsLeftByADeadHolderDoNotBlockAndAreReplaced() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/lock"
            let stale =
                #"{"argv":["skillhost","call"],"host":"gone","pid":999999,"startedAt":"2020-01-01T00:00:00.000Z","padding":"a long tail that the new holder must cut off"}"#
            try overwriteJournalFile(path, with: Array(stale.utf8) + [0x0A])
            #expect(ExclusiveLock.recordedHolder(at: path)?.pid == 999_999)
            let lock = try ExclusiveLock.acquire(at: path)
            #expect(ExclusiveLock.recordedHolder(at: path) == lock.holder)
            let text = String(decoding: try journalFileBytes(path), as: UTF8.self)
            #expect(!text.contains("padding"))
            try lock.release()
        }
    }

    @Test func openingAndClosingTheLockFileElsewhereInTheProcessKeepsTheLock() throws {
        // Guards against a switch to POSIX fcntl locks, which any close of the file would drop.
        try withTemporaryDirectory { directory throws in
            let path = directory + "/lock"
            let lock = try ExclusiveLock.acquire(at: path)
            let handle = try #require(FileHandle(forReadingAtPath: path))
            _ = handle.readDataToEndOfFile()
            try handle.close()
            _ = ExclusiveLock.recordedHolder(at: path)
            let child = try PythonChild(tryLockScript, [path])
            #expect(child.readLine() == "refused")
            _ = child.exitStatus()
            try lock.release()
        }
    }

    @Test func locksOnDifferentFilesAreIndependent() throws {
        try withTemporaryDirectory { directory throws in
            let a = try ExclusiveLock.acquire(at: directory + "/a.lock")
            let b = try ExclusiveLock.acquire(at: directory + "/b.lock")
            #expect(a.isHeld && b.isHeld)
            try a.release()
            try b.release()
        }
    }
}
