import Foundation
import JSON
import Synchronization

@testable import SkillHost

/// A handler whose effects a test sets, and which counts how often it was applied.
final class StubHandler: SkillHandler {
    let id: String
    let annotations: ToolAnnotations
    private let effects: Mutex<[Effect]>
    private let applied = Mutex(0)

    init(id: String = "stub", effects: [Effect], readOnly: Bool = false) {
        self.id = id
        self.effects = Mutex(effects)
        self.annotations = ToolAnnotations(readOnly: readOnly, destructive: true)
    }

    var title: String { "Stub" }
    var inputSchema: JSONValue {
        [
            "type": "object",
            "properties": ["name": ["type": "string"], "count": ["type": "integer"]],
            "additionalProperties": false,
        ]
    }
    var outputSchema: JSONValue { ["type": "object"] }
    var applyCount: Int { applied.withLock { $0 } }

    /// What the next plan will contain, as if files changed on disk.
    func setEffects(_ new: [Effect]) { effects.withLock { $0 = new } }

    func plan(_ arguments: JSONValue, context: HandlerContext) async throws -> Plan {
        Plan(summary: "stub plan", effects: effects.withLock { $0 }) { [self] _ in
            self.applied.withLock { $0 += 1 }
            return ToolOutput(text: "applied", structured: ["status": "applied"])
        }
    }
}

/// A channel that answers as the test says, and records what it was asked.
final class ScriptedChannel: ConfirmationChannel {
    let answer: ConfirmationAnswer
    let onAsk: (@Sendable () -> Void)?
    private let asked = Mutex<[ConfirmationRequest]>([])

    init(_ answer: ConfirmationAnswer, onAsk: (@Sendable () -> Void)? = nil) {
        self.answer = answer
        self.onAsk = onAsk
    }

    var requests: [ConfirmationRequest] { asked.withLock { $0 } }

    func confirm(_ request: ConfirmationRequest, cancellation: Cancellation) async -> ConfirmationAnswer {
        asked.withLock { $0.append(request) }
        onAsk?()
        return answer
    }
}

let testRoot = SkillRoot(path: "/nonexistent", realPath: "/nonexistent", origin: .flag)

func makeDispatcher(_ handlers: [any SkillHandler], guards: Set<Guard> = [], allowConfirmArgument: Bool = true)
    -> Dispatcher
{
    var registry = HandlerRegistry()
    for handler in handlers { registry.register(handler) }
    let skills = handlers.map {
        SkillDescriptor(
            name: $0.id, description: "test skill \($0.id)", directory: "/nonexistent/\($0.id)",
            location: "/nonexistent/\($0.id)/SKILL.md", root: testRoot, handlerID: $0.id, guards: guards)
    }
    return Dispatcher(
        catalog: Catalog(roots: [], skills: skills, diagnostics: []), registry: registry,
        settings: HostSettings(version: "test", allowConfirmArgument: allowConfirmArgument))
}

extension CallResult {
    var output: ToolOutput? {
        if case .output(let output) = self { return output }
        return nil
    }
}

/// A fresh empty folder under the system temp directory, removed when the test process exits.
func temporaryDirectory(_ label: String = #function) -> String {
    let safe = label.filter { $0.isLetter || $0.isNumber }
    let path = NSTemporaryDirectory() + "skillhost-tests-\(safe)-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    TemporaryFolders.removeAtExit(path)
    return path
}

/// Folders the tests made, removed at exit: several tests hand their folder to a catalog or a
/// server that outlives the test's own scope.
private enum TemporaryFolders {
    static let made = Mutex<[String]>([])
    static let registered: Void = {
        atexit {
            for path in TemporaryFolders.made.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: path) }
        }
    }()

    static func removeAtExit(_ path: String) {
        _ = registered
        made.withLock { $0.append(path) }
    }
}

func writeFile(_ path: String, _ text: String) {
    try! FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try! text.write(toFile: path, atomically: true, encoding: .utf8)
}
