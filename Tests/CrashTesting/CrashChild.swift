import Foundation

/// A copy of the running test binary executing one test in a special mode, to be killed with
/// SIGKILL at a random instant; the crash tests of every module share it.
public struct CrashChild {
    #if os(Linux)
        public static let isSupported = true
    #else
        public static let isSupported = false
    #endif

    public let process = Process()

    /// Starts the test binary running only `test` (a Swift Testing `--filter` pattern) with
    /// `variable=value` in its environment.
    public init(test: String, variable: String, value: String) throws {
        process.executableURL = URL(
            fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = ["--testing-library", "swift-testing", "--filter", test]
        var environment = ProcessInfo.processInfo.environment
        environment[variable] = value
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    public func killNine() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// How many kills to run: `SKILLHOST_CRASH_ITERATIONS` (nightly runs set thousands) or the
    /// default.
    public static func iterations(default count: Int) -> Int {
        ProcessInfo.processInfo.environment["SKILLHOST_CRASH_ITERATIONS"].flatMap(Int.init) ?? count
    }

    /// The lines of the side file at `path` (none if it does not exist yet).
    public static func lines(in path: String) -> [Substring] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n")
    }

    /// Why waiting for the child failed.
    public struct WaitFailure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Waits until the side file at `path` has a line `line`; throws if `seconds` pass or the
    /// child exits first.
    public static func waitForLine(_ line: String, in path: String, child: CrashChild, seconds: Double = 120) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if lines(in: path).contains(Substring(line)) { return }
            if !child.process.isRunning {
                if lines(in: path).contains(Substring(line)) { return }
                throw WaitFailure(
                    description:
                        "the crash child exited with status \(child.process.terminationStatus) before \(line)")
            }
            Thread.sleep(forTimeInterval: 0.002)
        }
        throw WaitFailure(description: "the crash child did not report \(line) within \(Int(seconds)) s")
    }

    /// The child's side file: each line goes out in one `write(2)`, so it survives the child's
    /// `kill -9` (the page cache does) and is never half-written.
    public final class AckFile {
        private let handle: FileHandle

        public init(_ path: String) throws {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seekToEnd()
        }

        public func write(_ line: String) {
            handle.write(Data((line + "\n").utf8))
        }
    }
}
