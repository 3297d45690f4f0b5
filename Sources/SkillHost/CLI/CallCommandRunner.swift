import Foundation
import JSON

extension CommandLineTool {
    /// `skillhost call`: the same dispatcher as MCP; a terminal prompt stands in for elicitation.
    func call(_ command: CallCommand, dispatcher: Dispatcher) async -> Int32 {
        let tool: Tool
        do {
            tool = try dispatcher.tool(named: command.tool)
        } catch {
            switch error {
            case .unknownTool:
                Terminal.err("skillhost: \(error)")
                if dispatcher.catalog.skills.isEmpty {
                    Terminal.err("skillhost: \(dispatcher.catalog.nothingFound(severity: .error))")
                }
                return ExitCode.usage
            case .unavailable:
                Terminal.err("skillhost: \(error)")
                Terminal.out(JSONCoding.encodePretty(ToolOutput.error(error.description).structured))
                return ExitCode.toolError
            }
        }
        if command.showSchema {
            Terminal.out(
                "\(tool.name): \(tool.description)\n\nInput schema:\n\(JSONCoding.encodePretty(tool.inputSchema))")
            return ExitCode.ok
        }
        var arguments: JSONValue
        do {
            arguments = try Self.readArguments(command.arguments)
        } catch {
            Terminal.err("skillhost: \(error.message)")
            return ExitCode.usage
        }
        if command.dryRun {
            guard !tool.handler.annotations.readOnly else {
                Terminal.err("skillhost: \(tool.name) changes nothing, so --dry-run does not apply")
                return ExitCode.usage
            }
            arguments = arguments.setting("dryRun", to: true)
        }
        let interactive = !command.noInput && Terminal.stdinIsTerminal && Terminal.stderrIsTerminal
        let cancellation = Cancellation()
        let interrupt = InterruptHandler.install { cancellation.cancel() }
        defer { interrupt.remove() }
        let progress =
            Terminal.stderrIsTerminal
            ? TerminalProgress.reporter(redraw: true)
            : (command.progress ? TerminalProgress.reporter(redraw: false) : .silent)
        var context = HandlerContext(progress: progress, cancellation: cancellation, log: { Terminal.err($0) })
        context.processExitsAfterCall = true
        let options = CallOptions(
            channel: interactive
                ? TerminalConfirmationChannel()
                : NoConfirmationChannel(
                    reason: command.noInput ? "--no-input was given" : "there is no terminal to ask on"),
            preapprovedDigest: command.confirmDigest, context: context)
        let result: CallResult
        do {
            result = try await dispatcher.call(tool.name, arguments: arguments, options: options)
        } catch {
            Terminal.err("skillhost: \(error)")
            return ExitCode.usage
        }
        progress.finish()
        guard case .output(let output) = result else {
            Terminal.err("skillhost: the tool asked for input this terminal cannot give")
            return ExitCode.confirmationNeeded
        }
        Terminal.out(JSONCoding.encodePretty(output.structured))
        switch output.outcome {
        case .ok:
            return ExitCode.ok
        case .toolError:
            Terminal.err("skillhost: \(output.text)")
            return ExitCode.toolError
        case .confirmationNeeded:
            Terminal.err(output.text)
            if let digest = output.structured["digest"]?.stringValue {
                Terminal.err("To go ahead from this terminal, run the same command with --confirm \(digest)")
            }
            return ExitCode.confirmationNeeded
        }
    }

    struct ArgumentError: Error {
        var message: String
    }

    static func readArguments(_ source: CallCommand.ArgumentSource) throws(ArgumentError) -> JSONValue {
        let text: String
        let origin: String
        switch source {
        case .inline(let value):
            text = value
            origin = "the JSON argument"
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ArgumentError(message: "cannot read arguments file '\(path)'")
            }
            guard let decoded = String(validating: data, as: UTF8.self) else {
                throw ArgumentError(message: "arguments file '\(path)' is not UTF-8")
            }
            text = decoded
            origin = path
        case .standardInput:
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            origin = "standard input"
        }
        let value: JSONValue
        do {
            value = try JSONCoding.decode(text)
        } catch {
            throw ArgumentError(message: "\(origin) is not valid JSON: \(error)")
        }
        guard case .object = value else {
            throw ArgumentError(
                message:
                    "\(origin) must be a JSON object like '{\"name\": \"aidp-migrate-job\"}', got \(value.typeName)")
        }
        return value
    }
}
