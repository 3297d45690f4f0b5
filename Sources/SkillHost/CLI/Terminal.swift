import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Standard streams as the CLI uses them: JSON on stdout, people's text on stderr.
public enum Terminal {
    public static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    public static func err(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    public static func errRaw(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    public static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
    public static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// A line typed at the terminal, read off the cooperative thread pool; `nil` on EOF.
    static func readLine() async -> String? {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Swift.readLine(strippingNewline: true))
            }
        }
    }
}

/// `skillhost call` on a terminal: show what is at stake and ask.
struct TerminalConfirmationChannel: ConfirmationChannel {
    func confirm(_ request: ConfirmationRequest, cancellation: Cancellation) async -> ConfirmationAnswer {
        Terminal.err("")
        Terminal.err(request.message)
        Terminal.errRaw("Go ahead? Type 'yes' to confirm: ")
        guard let answer = await Terminal.readLine() else { return .cancelled }
        switch answer.trimmingCharacters(in: .whitespaces).lowercased() {
        case "yes", "y": return .accepted
        default: return .declined
        }
    }
}

/// Progress on stderr: one line redrawn in place on a terminal, plain lines otherwise.
enum TerminalProgress {
    static func reporter(redraw: Bool) -> ProgressReporter {
        ProgressReporter(
            sink: { progress, total, message in
                let position =
                    total.map { String(format: "%3d%%", Int(100 * progress / max($0, 1))) } ?? "\(Int(progress))"
                let line = "[\(position)] \(message ?? "")"
                if redraw {
                    Terminal.errRaw("\r\u{1B}[2K" + line + (total.map { progress >= $0 } == true ? "\n" : ""))
                } else {
                    Terminal.err(line)
                }
            }, minimumIntervalMilliseconds: redraw ? 100 : 1000)
    }
}
