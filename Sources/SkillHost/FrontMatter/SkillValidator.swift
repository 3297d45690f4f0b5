import Foundation
import JSON

/// The strict checks `skillhost validate` runs on one skill folder: the rules of the Agent Skills
/// reference validator (PyPI `skills-ref`, `validator.py`), the host binding in `metadata`, and
/// a few warnings about the body.
///
/// Loading is lenient (the catalog keeps unknown keys and forgives an unquoted `: `); this is not.
/// A folder with no error diagnostics here passes `agentskills validate` too.
public struct SkillValidator: Sendable {
    /// Top-level keys the Agent Skills format allows, in the order messages list them.
    public static let allowedKeys = ["name", "description", "license", "compatibility", "allowed-tools", "metadata"]
    public static let maxNameLength = 64
    public static let maxDescriptionLength = 1024
    public static let maxCompatibilityLength = 500
    /// A body longer than this draws a warning: detail belongs in `references/` files.
    public static let maxBodyLines = 500

    /// Handler ids this binary knows (built in or declared).
    public var knownHandlers: Set<String>

    public init(knownHandlers: Set<String>) {
        self.knownHandlers = knownHandlers
    }

    /// Errors and warnings for the skill folder at `skillDirectory`, ordered by line. No error
    /// means the folder is a valid skill for this host.
    public func validate(skillDirectory: String) -> [Diagnostic] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: skillDirectory, isDirectory: &isDirectory) else {
            return [Diagnostic(file: skillDirectory, line: nil, message: "the skill folder does not exist")]
        }
        guard isDirectory.boolValue else {
            return [
                Diagnostic(
                    file: skillDirectory, line: nil, message: "not a folder: a skill is a folder holding SKILL.md")
            ]
        }
        guard let file = Self.skillFile(in: skillDirectory) else {
            return [
                Diagnostic(
                    file: Self.join(skillDirectory, "SKILL.md"), line: nil,
                    message: "missing SKILL.md: a skill folder needs one, with YAML front-matter and instructions")
            ]
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            return [Diagnostic(file: file, line: nil, message: "cannot read SKILL.md")]
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            return [
                Diagnostic(
                    file: file, line: Self.firstInvalidUTF8Line(data),
                    message: "SKILL.md is not valid UTF-8: save it as UTF-8")
            ]
        }
        let frontMatter: FrontMatter
        do {
            frontMatter = try FrontMatterParser.parse(text, strict: true)
        } catch {
            return [error.diagnostic(file: file)]
        }
        let folder = URL(fileURLWithPath: skillDirectory).standardizedFileURL
        var diagnostics = check(frontMatter, file: file, folderName: folder.lastPathComponent)
        diagnostics += checkBody(frontMatter, file: file, folder: folder)
        return Self.ordered(diagnostics)
    }

    // MARK: Front-matter

    func check(_ frontMatter: FrontMatter, file: String, folderName: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func error(_ line: Int?, _ message: String) {
            diagnostics.append(Diagnostic(file: file, line: line, severity: .error, message: message))
        }
        func warning(_ line: Int?, _ message: String) {
            diagnostics.append(Diagnostic(file: file, line: line, severity: .warning, message: message))
        }

        let allowed = Set(Self.allowedKeys)
        for entry in frontMatter.entries where !allowed.contains(entry.key) {
            error(
                entry.line,
                "unknown top-level key '\(entry.key)': only \(Self.allowedKeys.joined(separator: ", ")) are allowed "
                    + "(put host settings under `metadata`)")
        }

        // name
        if let entry = frontMatter["name"] {
            if let raw = entry.value.scalarValue {
                for message in Self.nameProblems(raw, folderName: folderName) { error(entry.line, message) }
            } else {
                error(entry.line, "'name' must be a string, not \(entry.value.kindDescription)")
            }
        } else {
            error(1, "missing required key 'name' (the skill's folder name: lowercase letters, digits and `-`)")
        }

        // description
        if let entry = frontMatter["description"] {
            if let text = entry.value.scalarValue {
                let length = text.unicodeScalars.count
                if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    error(entry.line, "'description' must not be empty: say what the skill does and when to use it")
                } else if length > Self.maxDescriptionLength {
                    error(
                        entry.line,
                        "'description' is \(length) characters; the limit is \(Self.maxDescriptionLength) "
                            + "(move detail into the body)")
                }
            } else {
                error(entry.line, "'description' must be a string, not \(entry.value.kindDescription)")
            }
        } else {
            error(1, "missing required key 'description' (what the skill does and when to use it)")
        }

        // compatibility, license
        if let entry = frontMatter["compatibility"] {
            if let text = entry.value.scalarValue {
                let length = text.unicodeScalars.count
                if length > Self.maxCompatibilityLength {
                    error(
                        entry.line,
                        "'compatibility' is \(length) characters; the limit is \(Self.maxCompatibilityLength)")
                }
            } else {
                error(entry.line, "'compatibility' must be a string, not \(entry.value.kindDescription)")
            }
        }
        if let entry = frontMatter["license"], entry.value.scalarValue == nil {
            error(entry.line, "'license' must be a string, not \(entry.value.kindDescription)")
        }

        // allowed-tools
        if let entry = frontMatter["allowed-tools"] {
            switch entry.value {
            case .scalar:
                break
            case .list(let items):
                if items.contains(where: { $0.scalarValue == nil }) {
                    error(entry.line, "'allowed-tools' list items must all be strings")
                }
            case .map:
                error(entry.line, "'allowed-tools' must be a space-separated string or a list of strings, not a map")
            }
        }

        // metadata and the host binding
        var metadata: [YAMLEntry] = []
        if let entry = frontMatter["metadata"] {
            switch entry.value {
            case .map(let members):
                metadata = members
                for member in members where member.value.scalarValue == nil {
                    error(
                        member.line,
                        "metadata '\(member.key)' must be a string, not \(member.value.kindDescription): "
                            + "metadata is a flat map of strings")
                }
            case .scalar("", quoted: false):
                break  // `metadata:` with nothing under it
            default:
                error(
                    entry.line,
                    "'metadata' must be a map of indented `key: value` lines (string to string), not \(entry.value.kindDescription)"
                )
            }
        }
        let handler = metadata.entry(SkillBinding.handlerKey)
        if let handler, let id = handler.value.scalarValue {
            let trimmed = id.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                error(
                    handler.line,
                    "metadata.\(SkillBinding.handlerKey) is empty: name a handler, or remove the key for an instruction-only skill"
                )
            } else if !knownHandlers.contains(trimmed) {
                let known = knownHandlers.isEmpty ? "(none)" : knownHandlers.sorted().joined(separator: ", ")
                error(handler.line, "unknown handler '\(trimmed)'; known: \(known)")
            }
        }
        if let guards = metadata.entry(SkillBinding.guardsKey), let text = guards.value.scalarValue {
            let known = SkillBinding.guardNames.sorted().joined(separator: ", ")
            for name in Guard.parse(text).unknown {
                error(guards.line, "unknown guard '\(name)'; known: \(known)")
            }
            if handler == nil {
                warning(
                    guards.line,
                    "metadata.\(SkillBinding.guardsKey) has no effect without metadata.\(SkillBinding.handlerKey)")
            }
        }
        return diagnostics
    }

    /// What is wrong with `raw` as a skill name, mirroring `skills-ref`: NFKC, at most 64
    /// characters, lowercase, letters/digits/`-` only, no edge or double `-`, equal to the
    /// (NFKC) folder name.
    static func nameProblems(_ raw: String, folderName: String) -> [String] {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return ["'name' must not be empty"] }
        let name = trimmed.precomposedStringWithCompatibilityMapping
        var problems: [String] = []
        let length = name.unicodeScalars.count
        if length > maxNameLength {
            problems.append("name '\(name)' is \(length) characters; the limit is \(maxNameLength)")
        }
        if name != name.lowercased() {
            problems.append("name '\(name)' must be lowercase")
        }
        if name.hasPrefix("-") || name.hasSuffix("-") {
            problems.append("name '\(name)' must not start or end with `-`")
        }
        if name.contains("--") {
            problems.append("name '\(name)' must not contain `--`")
        }
        let invalid = name.unicodeScalars.filter { !isLetterOrDigit($0) && $0 != "-" }
        if !invalid.isEmpty {
            var seen = Set<Unicode.Scalar>()
            let shown = invalid.filter { seen.insert($0).inserted }.map { "'\($0)'" }.joined(separator: ", ")
            problems.append("name '\(name)' may contain only letters, digits and `-` (found \(shown))")
        }
        let folder = folderName.precomposedStringWithCompatibilityMapping
        if folder != name {
            problems.append("name '\(name)' must equal the skill's folder name '\(folderName)': rename one of them")
        }
        return problems
    }

    /// Python's `str.isalnum()` for one code point: a letter (L*) or anything with a numeric value.
    static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return scalar.properties.numericType != nil
        }
    }

    // MARK: Body

    func checkBody(_ frontMatter: FrontMatter, file: String, folder: URL) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var lines = frontMatter.body.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        if lines.count > Self.maxBodyLines {
            diagnostics.append(
                Diagnostic(
                    file: file, line: frontMatter.bodyStartLine + Self.maxBodyLines, severity: .warning,
                    message:
                        "the body is \(lines.count) lines; keep SKILL.md under \(Self.maxBodyLines) lines "
                        + "and move detail into references/ files"))
        }
        let sharedReferences = folder.deletingLastPathComponent().resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("references")
        for (offset, target) in Self.relativeLinks(in: lines) {
            if Self.linkExists(target, folder: folder, sharedReferences: sharedReferences) { continue }
            let shared = target.hasPrefix("references/") ? " or in the shared references/ folder beside the skills" : ""
            diagnostics.append(
                Diagnostic(
                    file: file, line: frontMatter.bodyStartLine + offset, severity: .warning,
                    message: "link target '\(target)' does not exist in the skill folder\(shared)"))
        }
        return diagnostics
    }

    static func linkExists(_ target: String, folder: URL, sharedReferences: URL) -> Bool {
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent(target).path) { return true }
        guard target.hasPrefix("references/") else { return false }
        let rest = String(target.dropFirst("references/".count))
        return !rest.isEmpty
            && FileManager.default.fileExists(atPath: sharedReferences.appendingPathComponent(rest).path)
    }

    /// Relative targets of markdown links and images (`](target)`) outside code, each with the
    /// 0-based line it is on. Fragments and queries are dropped; URLs, absolute paths and
    /// in-page anchors are skipped.
    static func relativeLinks(in lines: [Substring]) -> [(Int, String)] {
        var links: [(Int, String)] = []
        var fence: String?
        for (offset, line) in lines.enumerated() {
            let trimmed = line.drop(while: { $0 == " " })
            if line.count - trimmed.count <= 3 {
                if let open = fence {
                    if trimmed.hasPrefix(open) && trimmed.drop(while: { $0 == open.first }).allSatisfy(\.isWhitespace) {
                        fence = nil
                    }
                    continue
                }
                if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                    fence = String(trimmed.prefix(while: { $0 == trimmed.first }))
                    continue
                }
            } else if fence != nil {
                continue
            }
            for raw in linkTargets(in: withoutCodeSpans(line)) {
                if let target = relativeTarget(raw) { links.append((offset, target)) }
            }
        }
        return links
    }

    static func withoutCodeSpans(_ line: Substring) -> String {
        var result = ""
        var rest = line[...]
        while let open = rest.firstIndex(of: "`") {
            result += rest[..<open]
            let ticks = rest[open...].prefix(while: { $0 == "`" })
            let after = rest[ticks.endIndex...]
            guard let close = after.range(of: String(ticks)) else {
                result += rest[open...]
                return result
            }
            rest = after[close.upperBound...]
        }
        return result + rest
    }

    static func linkTargets(in line: String) -> [String] {
        var targets: [String] = []
        var rest = line[...]
        while let range = rest.range(of: "](") {
            var cursor = range.upperBound
            var target = ""
            if cursor < rest.endIndex && rest[cursor] == "<" {
                cursor = rest.index(after: cursor)
                while cursor < rest.endIndex && rest[cursor] != ">" {
                    target.append(rest[cursor])
                    cursor = rest.index(after: cursor)
                }
            } else {
                var depth = 0
                while cursor < rest.endIndex {
                    let character = rest[cursor]
                    if character == " " || character == "\t" { break }
                    if character == "(" { depth += 1 }
                    if character == ")" {
                        if depth == 0 { break }
                        depth -= 1
                    }
                    target.append(character)
                    cursor = rest.index(after: cursor)
                }
            }
            targets.append(target)
            rest = rest[cursor...]
        }
        return targets
    }

    /// The file path a link target names, or `nil` when it is not a relative file link.
    static func relativeTarget(_ raw: String) -> String? {
        var target = raw
        if let cut = target.firstIndex(where: { $0 == "#" || $0 == "?" }) { target = String(target[..<cut]) }
        if target.isEmpty || target.hasPrefix("/") || target.hasPrefix("~") { return nil }
        if let colon = target.firstIndex(of: ":") {
            let scheme = target[..<colon]
            if let first = scheme.first, first.isLetter,
                scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "." || $0 == "-" })
            {
                return nil  // http:, https:, mailto:, file:, …
            }
        }
        target = target.removingPercentEncoding ?? target
        while target.hasPrefix("./") { target.removeFirst(2) }
        return target.isEmpty ? nil : target
    }

    // MARK: Files

    /// `SKILL.md`, or the lowercase `skill.md` that `skills-ref` also accepts.
    static func skillFile(in folder: String) -> String? {
        for name in ["SKILL.md", "skill.md"] {
            let path = join(folder, name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return path
            }
        }
        return nil
    }

    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// The 1-based line holding the first byte that is not valid UTF-8.
    static func firstInvalidUTF8Line(_ data: Data) -> Int? {
        let bytes = Array(data)
        return JSONSyntaxLocator.firstInvalidUTF8(in: bytes).map {
            JSONSyntaxLocator.position(ofOffset: $0, in: bytes).line
        }
    }

    /// Diagnostics by line (file-wide ones first), keeping the order found within a line.
    static func ordered(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated()
            .sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }
            .map(\.element)
    }
}
