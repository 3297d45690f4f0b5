import Foundation
import JSON

/// Ledger records as JSON objects (ledger design §2.3), and back.
///
/// Member names are the on-disk format; `JSONWriter.compact` sorts them, so a record always
/// encodes to the same bytes. Unknown members are ignored on decoding; unknown kinds are refused
/// (they may carry decisions this build does not understand).
extension LedgerRecord {
    /// The compact JSON object for the journal (without its `sum`): the bytes of
    /// `JSONWriter.compact(json)`. A migration appends a begin and a commit for every file it
    /// writes, so those two are written straight to bytes.
    public var payload: Data {
        switch body {
        case .begin(let begin): return Data(encodeDirectly(begin))
        case .commit(let commit): return Data(encodeDirectly(commit))
        default: return JSONWriter.compact(json)
        }
    }

    // Keys in code-point order, as `JSONWriter` sorts them.
    private func encodeDirectly(_ begin: Begin) -> [UInt8] {
        var writer = JSONStreamWriter(capacity: 768)
        writer.openObject()
        writer.key("at")
        writer.string(at)
        Self.writeDependencies(begin.inputs, to: &writer)
        writer.key("key")
        writer.string(begin.key)
        writer.key("kind")
        writer.string(kind)
        writer.key("out")
        Self.write(begin.output, to: &writer)
        writer.key("prevOut")
        if let previous = begin.previousOutputSHA256 { writer.string(previous) } else { writer.null() }
        writer.key("ruleSet")
        writer.string(begin.inputs.ruleSetVersion)
        writeRunAndSequence(to: &writer)
        Self.writeSettingsAndSource(begin.inputs, to: &writer)
        writer.closeObject()
        return writer.bytes
    }

    private func encodeDirectly(_ commit: Commit) -> [UInt8] {
        var writer = JSONStreamWriter(capacity: 768)
        writer.openObject()
        writer.key("at")
        writer.string(at)
        Self.writeDependencies(commit.inputs, to: &writer)
        if let duration = commit.durationMs {
            writer.key("durationMs")
            writer.int(duration)
        }
        writer.key("key")
        writer.string(commit.key)
        writer.key("kind")
        writer.string(kind)
        if let note = commit.note {
            writer.key("note")
            writer.string(note)
        }
        writer.key("out")
        Self.write(commit.output, to: &writer)
        writer.key("ruleSet")
        writer.string(commit.inputs.ruleSetVersion)
        writeRunAndSequence(to: &writer)
        Self.writeSettingsAndSource(commit.inputs, to: &writer)
        writer.key("status")
        writer.string("ok")
        writer.closeObject()
        return writer.bytes
    }

    private func writeRunAndSequence(to writer: inout JSONStreamWriter) {
        writer.key("runId")
        writer.string(runID)
        writer.key("seq")
        writer.int(Int64(seq))
    }

    private static func writeDependencies(_ inputs: LedgerInputs, to writer: inout JSONStreamWriter) {
        guard let dependencies = inputs.dependencies else { return }
        writer.key("deps")
        writer.openObject()
        writer.key("items")
        writer.openArray()
        for item in dependencies.items {
            writer.openObject()
            writer.key("path")
            writer.string(item.path)
            writer.key("sha256")
            writer.string(item.sha256)
            writer.closeObject()
        }
        writer.closeArray()
        writer.key("setSha256")
        writer.string(dependencies.setSHA256)
        writer.closeObject()
    }

    private static func writeSettingsAndSource(_ inputs: LedgerInputs, to writer: inout JSONStreamWriter) {
        writer.key("settings")
        writer.string(inputs.settingsFingerprint)
        writer.key("src")
        writer.openObject()
        writer.key("csha256")
        writer.string(inputs.source.canonicalSHA256)
        writer.key("path")
        writer.string(inputs.source.path)
        writer.key("sha256")
        writer.string(inputs.source.sha256)
        writer.key("size")
        writer.int(inputs.source.size)
        writer.closeObject()
    }

    private static func write(_ output: LedgerOutput, to writer: inout JSONStreamWriter) {
        writer.openObject()
        writer.key("path")
        writer.string(output.path)
        writer.key("sha256")
        writer.string(output.sha256)
        writer.key("size")
        writer.int(output.size)
        writer.closeObject()
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "kind": .string(kind), "seq": .int(Int64(seq)), "runId": .string(runID), "at": .string(at),
        ]
        switch body {
        case .runStart(let run):
            object["settings"] = .string(run.settingsFingerprint)
            object["ruleSet"] = .string(run.ruleSetVersion)
            object["toolVersion"] = .string(run.toolVersion)
            object["pid"] = .int(run.pid)
            object["host"] = .string(run.host)
            object["argv"] = .array(run.arguments.map(JSONValue.string))
        case .runEnd(let end):
            object["status"] = .string(end.status)
            object["counts"] = .object(end.counts.mapValues { .int(Int64($0)) })
        case .begin(let begin):
            object["key"] = .string(begin.key)
            Self.encode(begin.inputs, into: &object)
            object["out"] = Self.encode(begin.output)
            object["prevOut"] = begin.previousOutputSHA256.map(JSONValue.string) ?? .null
        case .commit(let commit):
            object["key"] = .string(commit.key)
            Self.encode(commit.inputs, into: &object)
            object["out"] = Self.encode(commit.output)
            object["status"] = "ok"
            if let duration = commit.durationMs { object["durationMs"] = .int(duration) }
            if let note = commit.note { object["note"] = .string(note) }
        case .fail(let failure):
            object["key"] = .string(failure.key)
            Self.encode(failure.inputs, into: &object)
            object["out"] = .null
            object["status"] = "failed"
            var error: [String: JSONValue] = ["message": .string(failure.cause.message)]
            if let code = failure.cause.code { error["code"] = .string(code) }
            if let number = failure.cause.errno { error["errno"] = .int(Int64(number)) }
            object["error"] = .object(error)
        case .skip(let skip):
            object["key"] = .string(skip.key)
            Self.encode(skip.inputs, into: &object)
            object["status"] = "skipped"
            object["reason"] = .string(skip.reason)
        case .baseline(let baseline):
            object["key"] = .string(baseline.key)
            Self.encode(baseline.inputs, into: &object)
            object["out"] = Self.encode(baseline.output)
            if let note = baseline.note { object["note"] = .string(note) }
        case .quarantine(let quarantine):
            object["key"] = .string(quarantine.key)
            object["from"] = .string(quarantine.from)
            object["to"] = .string(quarantine.to)
            object["sha256"] = quarantine.sha256.map(JSONValue.string) ?? .null
            object["reason"] = .string(quarantine.reason)
        }
        return .object(object)
    }

    private static func encode(_ inputs: LedgerInputs, into object: inout [String: JSONValue]) {
        object["src"] = [
            "path": .string(inputs.source.path), "sha256": .string(inputs.source.sha256),
            "csha256": .string(inputs.source.canonicalSHA256), "size": .int(inputs.source.size),
        ]
        if let dependencies = inputs.dependencies {
            object["deps"] = [
                "setSha256": .string(dependencies.setSHA256),
                "items": .array(
                    dependencies.items.map { ["path": .string($0.path), "sha256": .string($0.sha256)] }),
            ]
        }
        object["settings"] = .string(inputs.settingsFingerprint)
        object["ruleSet"] = .string(inputs.ruleSetVersion)
    }

    private static func encode(_ output: LedgerOutput) -> JSONValue {
        ["path": .string(output.path), "sha256": .string(output.sha256), "size": .int(output.size)]
    }

    /// Decodes one verified journal payload; `line` and `path` are for the error message.
    public static func decode(_ payload: Data, line: Int, path: String) throws(LedgerError) -> LedgerRecord {
        let value: JSONValue
        do {
            value = try JSONCoding.decode(payload)
        } catch {
            throw .malformedRecord(path: path, line: line, detail: "not JSON")
        }
        let reader = try FieldReader(value: value, path: path, line: line, prefix: "")
        let kind = try reader.string("kind")
        let body: Body
        switch kind {
        case "run":
            body = .runStart(
                RunStart(
                    settingsFingerprint: try reader.string("settings"),
                    ruleSetVersion: try reader.string("ruleSet"),
                    toolVersion: try reader.string("toolVersion"), pid: try reader.int("pid"),
                    host: try reader.string("host"), arguments: try reader.strings("argv")))
        case "end":
            body = .runEnd(RunEnd(status: try reader.string("status"), counts: try reader.counts("counts")))
        case "begin":
            body = .begin(
                Begin(
                    key: try reader.string("key"), inputs: try reader.inputs(),
                    output: try reader.output("out"), previousOutputSHA256: try reader.optionalString("prevOut")))
        case "commit":
            body = .commit(
                Commit(
                    key: try reader.string("key"), inputs: try reader.inputs(), output: try reader.output("out"),
                    durationMs: try reader.optionalInt("durationMs"), note: try reader.optionalString("note")))
        case "fail":
            let error = try reader.nested("error")
            body = .fail(
                Failure(
                    key: try reader.string("key"), inputs: try reader.inputs(),
                    cause: LedgerFailureCause(
                        code: try error.optionalString("code"),
                        errno: try error.optionalInt("errno").map { Int32(truncatingIfNeeded: $0) },
                        message: try error.string("message"))))
        case "skip":
            body = .skip(
                Skip(key: try reader.string("key"), inputs: try reader.inputs(), reason: try reader.string("reason")))
        case "accept", "fix":
            body = .baseline(
                Baseline(
                    kind: kind == "fix" ? .fixed : .accepted, key: try reader.string("key"),
                    inputs: try reader.inputs(), output: try reader.output("out"),
                    note: try reader.optionalString("note")))
        case "quarantine":
            body = .quarantine(
                Quarantine(
                    key: try reader.string("key"), from: try reader.string("from"), to: try reader.string("to"),
                    sha256: try reader.optionalString("sha256"), reason: try reader.string("reason")))
        default:
            throw .unknownKind(path: path, line: line, kind: kind)
        }
        let seq = try reader.int("seq")
        guard seq > 0, seq <= Int64(Int.max) else {
            throw .malformedRecord(path: path, line: line, detail: "seq must be a positive integer")
        }
        return LedgerRecord(
            seq: Int(seq), runID: try reader.string("runId"), at: try reader.optionalString("at") ?? "", body: body)
    }
}

/// Typed access to a record's members, with errors that name the line and the member.
private struct FieldReader {
    let object: [String: JSONValue]
    let path: String
    let line: Int
    /// `src.` for members of a nested object, so messages name the full member.
    let prefix: String

    init(value: JSONValue, path: String, line: Int, prefix: String) throws(LedgerError) {
        guard let object = value.objectValue else {
            throw .malformedRecord(
                path: path, line: line,
                detail: "\(prefix.isEmpty ? "the record" : String(prefix.dropLast())) is not an object")
        }
        self.object = object
        self.path = path
        self.line = line
        self.prefix = prefix
    }

    func missing(_ key: String, _ expected: String) -> LedgerError {
        .malformedRecord(path: path, line: line, detail: "\(prefix)\(key) is missing or not \(expected)")
    }

    func string(_ key: String) throws(LedgerError) -> String {
        guard let value = object[key]?.stringValue else { throw missing(key, "a string") }
        return value
    }

    func optionalString(_ key: String) throws(LedgerError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw missing(key, "a string") }
        return text
    }

    func int(_ key: String) throws(LedgerError) -> Int64 {
        guard case .int(let value) = object[key] else { throw missing(key, "an integer") }
        return value
    }

    func optionalInt(_ key: String) throws(LedgerError) -> Int64? {
        guard let value = object[key], !value.isNull else { return nil }
        guard case .int(let number) = value else { throw missing(key, "an integer") }
        return number
    }

    func strings(_ key: String) throws(LedgerError) -> [String] {
        guard let items = object[key]?.arrayValue else { throw missing(key, "a list of strings") }
        var strings: [String] = []
        for item in items {
            guard let text = item.stringValue else { throw missing(key, "a list of strings") }
            strings.append(text)
        }
        return strings
    }

    func counts(_ key: String) throws(LedgerError) -> [String: Int] {
        guard let members = object[key]?.objectValue else { throw missing(key, "an object") }
        var counts: [String: Int] = [:]
        for (name, value) in members {
            guard case .int(let number) = value, let count = Int(exactly: number) else {
                throw missing("\(key).\(name)", "an integer")
            }
            counts[name] = count
        }
        return counts
    }

    func nested(_ key: String) throws(LedgerError) -> FieldReader {
        guard let value = object[key], value.objectValue != nil else { throw missing(key, "an object") }
        return try FieldReader(value: value, path: path, line: line, prefix: prefix + key + ".")
    }

    func output(_ key: String) throws(LedgerError) -> LedgerOutput {
        let out = try nested(key)
        return LedgerOutput(path: try out.string("path"), sha256: try out.string("sha256"), size: try out.int("size"))
    }

    func inputs() throws(LedgerError) -> LedgerInputs {
        let source = try nested("src")
        var dependencies: LedgerDependencies?
        if let value = object["deps"], !value.isNull {
            let deps = try nested("deps")
            guard let items = deps.object["items"]?.arrayValue else { throw deps.missing("items", "a list") }
            var parsed: [LedgerDependencies.Item] = []
            for item in items {
                let reader = try FieldReader(value: item, path: path, line: line, prefix: prefix + "deps.items.")
                parsed.append(
                    LedgerDependencies.Item(path: try reader.string("path"), sha256: try reader.string("sha256")))
            }
            dependencies = LedgerDependencies(parsed)
        }
        return LedgerInputs(
            source: LedgerSource(
                path: try source.string("path"), sha256: try source.string("sha256"),
                canonicalSHA256: try source.string("csha256"), size: try source.int("size")),
            dependencies: dependencies, settingsFingerprint: try string("settings"),
            ruleSetVersion: try string("ruleSet"))
    }
}
