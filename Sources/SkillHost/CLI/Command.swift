/// A parsed command line. Parsing is complete before anything runs, so a typo never leaves a
/// command half done.
public enum Command: Sendable, Equatable {
    case help(topic: String?)
    case version
    case list(json: Bool)
    case validate(directories: [String], json: Bool)
    case call(CallCommand)
    case serve(allowConfirmArgument: Bool)
}

public struct CallCommand: Sendable, Equatable {
    public enum ArgumentSource: Sendable, Equatable {
        case inline(String)
        case file(String)
        case standardInput
    }

    public var tool: String
    public var arguments: ArgumentSource
    public var dryRun = false
    public var confirmDigest: String?
    /// Never prompt, even on a terminal.
    public var noInput = false
    /// Print progress lines even when stderr is not a terminal.
    public var progress = false
    /// Print the tool's input schema instead of calling it.
    public var showSchema = false
}

/// What the CLI was told besides the command.
public struct GlobalOptions: Sendable, Equatable {
    public var skillsDirectories: [String] = []
}

public struct UsageError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public var command: String?

    public var description: String { message }
}

public enum CommandParser {
    public static func parse(_ arguments: [String]) throws(UsageError) -> (Command, GlobalOptions) {
        var global = GlobalOptions()
        var words: [String] = []
        var index = 0
        // Global options may stand anywhere; take them out first.
        while index < arguments.count {
            let word = arguments[index]
            if word == "--skills-dir" {
                guard index + 1 < arguments.count else {
                    throw UsageError(message: "--skills-dir needs a folder", command: nil)
                }
                global.skillsDirectories.append(arguments[index + 1])
                index += 2
            } else if word.hasPrefix("--skills-dir=") {
                global.skillsDirectories.append(String(word.dropFirst("--skills-dir=".count)))
                index += 1
            } else {
                words.append(word)
                index += 1
            }
        }
        guard let name = words.first else { return (.help(topic: nil), global) }
        let rest = Array(words.dropFirst())
        switch name {
        case "-h", "--help", "help":
            return (.help(topic: rest.first), global)
        case "-V", "--version", "version":
            return (.version, global)
        case "list":
            var json = false
            for word in rest {
                switch word {
                case "--json": json = true
                case "-h", "--help": return (.help(topic: "list"), global)
                default: throw unexpected(word, in: "list")
                }
            }
            return (.list(json: json), global)
        case "validate":
            var json = false
            var directories: [String] = []
            for word in rest {
                switch word {
                case "--json": json = true
                case "-h", "--help": return (.help(topic: "validate"), global)
                default:
                    if word.hasPrefix("-") { throw unexpected(word, in: "validate") }
                    directories.append(word)
                }
            }
            return (.validate(directories: directories, json: json), global)
        case "serve":
            var allow = true
            for word in rest {
                switch word {
                case "--no-confirm-argument": allow = false
                case "-h", "--help": return (.help(topic: "serve"), global)
                default: throw unexpected(word, in: "serve")
                }
            }
            return (.serve(allowConfirmArgument: allow), global)
        case "call":
            return (.call(try parseCall(rest)), global)
        default:
            throw UsageError(message: "unknown command '\(name)'", command: nil)
        }
    }

    private static func parseCall(_ words: [String]) throws(UsageError) -> CallCommand {
        var positional: [String] = []
        var call = CallCommand(tool: "", arguments: .inline("{}"))
        var index = 0
        while index < words.count {
            let word = words[index]
            switch word {
            case "--dry-run": call.dryRun = true
            case "--no-input": call.noInput = true
            case "--progress": call.progress = true
            case "-h", "--help": call.showSchema = true
            case "--confirm":
                guard index + 1 < words.count else {
                    throw UsageError(message: "--confirm needs the plan digest", command: "call")
                }
                call.confirmDigest = words[index + 1]
                index += 1
            default:
                if word.hasPrefix("--confirm=") {
                    call.confirmDigest = String(word.dropFirst("--confirm=".count))
                } else if word.hasPrefix("--") || (word.hasPrefix("-") && word != "-") {
                    throw unexpected(word, in: "call")
                } else {
                    positional.append(word)
                }
            }
            index += 1
        }
        guard let tool = positional.first else {
            if call.showSchema { throw UsageError(message: "", command: "call") }
            throw UsageError(message: "call needs a skill name", command: "call")
        }
        guard positional.count <= 2 else {
            throw UsageError(
                message: "call takes one JSON argument; quote it: skillhost call \(tool) '{\"key\": \"value\"}'",
                command: "call")
        }
        call.tool = tool
        if let argument = positional.dropFirst().first {
            if argument == "-" {
                call.arguments = .standardInput
            } else if argument.hasPrefix("@") {
                call.arguments = .file(String(argument.dropFirst()))
            } else {
                call.arguments = .inline(argument)
            }
        }
        if let digest = call.confirmDigest, !(digest.count == 64 && digest.allSatisfy(\.isHexDigit)) {
            throw UsageError(
                message: "--confirm needs the 64-character plan digest from the refusal, got '\(digest)'",
                command: "call")
        }
        return call
    }

    private static func unexpected(_ word: String, in command: String) -> UsageError {
        UsageError(message: "unknown option or argument '\(word)' for \(command)", command: command)
    }
}
