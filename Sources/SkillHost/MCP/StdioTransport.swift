import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Moves newline-delimited frames between a session and stdin/stdout.
///
/// One reader thread that blocks in read(2) (never the one that waits for a tool), and writes
/// under one lock, each frame written whole before the next, so concurrent responses can never
/// interleave. stdout is left blocking: setting O_NONBLOCK on a shared descriptor breaks writers.
public final class StdioTransport: Sendable {
    /// A sanity bound, far above any real frame; larger lines are answered with an error.
    public static let maxFrameBytes = 64 << 20

    private let input: Int32
    private let output: Int32
    private let writeLock = Mutex<Bool>(true)  // whether stdout still accepts writes

    public init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) {
        self.input = input
        self.output = output
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes a whole frame; after EPIPE (the client went away) further frames are dropped.
    public func write(_ frame: Data) {
        writeLock.withLock { open in
            guard open else { return }
            frame.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = systemWrite(output, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        open = false
                        return
                    }
                    offset += written
                }
            }
        }
    }

    /// Reads frames until EOF, handing each line (without its `\n`) to `onLine` on the reader
    /// thread; then calls `onEOF`.
    public func startReading(
        onLine: @escaping @Sendable (Data) -> Void, onOversized: @escaping @Sendable () -> Void,
        onEOF: @escaping @Sendable () -> Void
    ) {
        let input = self.input
        let thread = Thread {
            var pending = Data()
            var discarding = false
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = chunk.withUnsafeMutableBytes { systemRead(input, $0.baseAddress!, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                var start = 0
                for index in 0..<count where chunk[index] == UInt8(ascii: "\n") {
                    if discarding {
                        discarding = false
                    } else {
                        pending.append(contentsOf: chunk[start..<index])
                        onLine(pending)
                    }
                    pending.removeAll(keepingCapacity: true)
                    start = index + 1
                }
                if !discarding { pending.append(contentsOf: chunk[start..<count]) }
                if pending.count > StdioTransport.maxFrameBytes {
                    pending = Data()
                    discarding = true
                    onOversized()
                }
            }
            if !pending.isEmpty && !discarding { onLine(pending) }
            onEOF()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
}

// The methods above shadow the C functions' names.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, buffer, count) }
