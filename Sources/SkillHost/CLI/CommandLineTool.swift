import Foundation
import JSON

/// The `skillhost` program: parses the command line, builds the host, runs one command and
/// returns the exit code. The executables are a line each around it. The process must exit
/// after `run`: for a `call`, handlers leave their large values for the exit to reclaim
/// (`HandlerContext.processExitsAfterCall`).
public struct CommandLineTool: Sendable {
    public enum ExitCode {
        public static let ok: Int32 = 0
        public static let toolError: Int32 = 1
        public static let usage: Int32 = 2
        public static let confirmationNeeded: Int32 = 3
    }

    public let registry: HandlerRegistry
    public let environment: [String: String]
    public let version: String

    public init(
        registry: HandlerRegistry, version: String = SkillHostVersion.current,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.registry = registry
        self.environment = environment
        self.version = version
    }

    public func run(_ arguments: [String]) async -> Int32 {
        let command: Command
        let global: GlobalOptions
        do {
            (command, global) = try CommandParser.parse(arguments)
        } catch {
            if !error.message.isEmpty { Terminal.err("skillhost: \(error.message)") }
            Terminal.err("Run 'skillhost help\(error.command.map { " " + $0 } ?? "")' for usage.")
            return ExitCode.usage
        }
        switch command {
        case .help(let topic):
            if let topic {
                guard let text = HelpText.command(topic) else {
                    Terminal.err("skillhost: no help for '\(topic)'; commands: list, call, validate, serve")
                    return ExitCode.usage
                }
                Terminal.out(text)
            } else {
                Terminal.out(HelpText.overview(version: version))
            }
            return ExitCode.ok
        case .version:
            Terminal.out("skillhost \(version)")
            return ExitCode.ok
        case .list(let json):
            return list(json: json, dispatcher: makeDispatcher(global, allowConfirmArgument: true))
        case .validate(let directories, let json):
            return validate(directories, json: json, global: global)
        case .call(let call):
            return await self.call(
                call, dispatcher: makeDispatcher(global, allowConfirmArgument: confirmArgumentSetting))
        case .serve(let allow):
            let dispatcher = makeDispatcher(global, allowConfirmArgument: allow && confirmArgumentSetting)
            for diagnostic in dispatcher.catalog.diagnostics { Terminal.err("skillhost: \(diagnostic)") }
            if dispatcher.catalog.skills.isEmpty {
                Terminal.err("skillhost: \(dispatcher.catalog.nothingFound(severity: .warning))")
            }
            await MCPServer.serve(
                dispatcher: dispatcher, info: .init(version: version), log: { Terminal.err("skillhost: \($0)") })
            return ExitCode.ok
        }
    }

    private var confirmArgumentSetting: Bool {
        environment["SKILLHOST_CONFIRM_ARGUMENT"]?.lowercased() != "off"
    }

    func makeDispatcher(_ global: GlobalOptions, allowConfirmArgument: Bool) -> Dispatcher {
        let resolved = SkillRoots.resolve(
            explicit: global.skillsDirectories, environment: environment, executablePath: SkillRoots.currentExecutable,
            workingDirectory: FileManager.default.currentDirectoryPath)
        var catalog = Catalog.load(roots: resolved.roots)
        catalog.searched = resolved.searched
        catalog.diagnostics = resolved.diagnostics + catalog.diagnostics
        return Dispatcher(
            catalog: catalog, registry: registry,
            settings: HostSettings(version: version, allowConfirmArgument: allowConfirmArgument))
    }

    // MARK: - list

    func list(json: Bool, dispatcher: Dispatcher) -> Int32 {
        let catalog = dispatcher.catalog
        if json {
            let skills: [JSONValue] = catalog.skills.map { skill in
                var entry: JSONValue = [
                    "name": .string(skill.name), "description": .string(skill.description),
                    "location": .string(skill.location), "root": .string(skill.root.path),
                    "origin": .string(skill.root.origin.rawValue),
                    "handler": skill.handlerID.map { .string($0) } ?? .null,
                    "guards": .array(skill.guards.union(Guard.alwaysOn).map(\.rawValue).sorted().map { .string($0) }),
                ]
                switch dispatcher.availability(of: skill) {
                case .available: entry = entry.setting("available", to: true)
                case .unavailable(let reason):
                    entry = entry.setting("available", to: false).setting("reason", to: .string(reason))
                }
                return entry
            }
            Terminal.out(
                JSONCoding.encodePretty([
                    "skills": .array(skills),
                    "builtinTools": ["read-skill"],
                    "diagnostics": .array(catalog.diagnostics.map { .string($0.description) }),
                ]))
        } else {
            if catalog.skills.isEmpty {
                Terminal.out("No skills found.")
                Terminal.err(catalog.nothingFound(severity: .warning).description)
            }
            let width = (catalog.skills.map(\.name.count).max() ?? 0) + 2
            for skill in catalog.skills {
                let state: String
                switch dispatcher.availability(of: skill) {
                case .available: state = "available"
                case .unavailable(let reason): state = "unavailable: \(reason)"
                }
                Terminal.out(skill.name.padding(toLength: width, withPad: " ", startingAt: 0) + state)
            }
            for diagnostic in catalog.diagnostics { Terminal.err(diagnostic.description) }
        }
        return ExitCode.ok
    }
}

public enum SkillHostVersion {
    public static let current = "0.1.0"
}
