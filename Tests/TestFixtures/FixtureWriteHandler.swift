import Durable
import Foundation
import JSON
import SkillHost

/// A miniature of what the migration handler does to one output file: it remembers the hash of
/// what it wrote (in a sidecar), so it can tell its own output from a person's edit.
public struct FixtureWriteHandler: SkillHandler {
    public init() {}

    public var id: String { "fixture-write" }
    public var title: String { "Fixture: write a file" }
    public var annotations: ToolAnnotations { ToolAnnotations(readOnly: false, destructive: true, idempotent: true) }

    public var inputSchema: JSONValue {
        [
            "type": "object",
            "properties": ["path": ["type": "string"], "text": ["type": "string"]],
            "required": ["path", "text"],
            "additionalProperties": false,
        ]
    }

    public var outputSchema: JSONValue {
        [
            "type": "object",
            "properties": ["path": ["type": "string"], "bytes": ["type": "integer"], "status": ["type": "string"]],
        ]
    }

    public static func sidecar(_ path: String) -> String { path + ".skillhost-sha256" }

    public func plan(_ arguments: JSONValue, context: HandlerContext) async throws -> Plan {
        let path = arguments["path"]?.stringValue ?? ""
        let text = arguments["text"]?.stringValue ?? ""
        let effects: [Effect]
        if let current = FileManager.default.contents(atPath: path) {
            let recorded = FileManager.default.contents(atPath: Self.sidecar(path)).map {
                String(decoding: $0, as: UTF8.self)
            }
            let currentHash = SHA256.hash(current).hex
            if recorded != currentHash {
                effects = [
                    Effect(.overwriteEdited, path, detail: "changed since skillhost wrote it", fingerprint: currentHash)
                ]
            } else if current == Data(text.utf8) {
                effects = []
            } else {
                effects = [Effect(.overwrite, path, fingerprint: currentHash)]
            }
        } else {
            effects = [Effect(.write, path)]
        }
        return Plan(summary: "write \(text.utf8.count) bytes to \(path)", effects: effects) { _ in
            try AtomicFile.write(text, to: path)
            try AtomicFile.write(SHA256.hash(text).hex, to: Self.sidecar(path))
            return ToolOutput(
                text: "wrote \(path)",
                structured: ["path": .string(path), "bytes": .int(Int64(text.utf8.count)), "status": "written"])
        }
    }
}
