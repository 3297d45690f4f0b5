import Foundation

/// Every skill found under the skill roots, with the problems met on the way.
///
/// Loading is lenient (unknown keys kept, the usual YAML slips forgiven) and never lets one bad
/// skill hide the others; `skillhost validate` is where the strict rules live.
public struct Catalog: Sendable {
    public var roots: [SkillRoot]
    /// Every folder looked in, in precedence order, whether it exists or not: what a person needs
    /// to see when no skill turns up.
    public var searched: [String] = []
    /// Sorted by name; on a name clash the root earlier in precedence wins.
    public var skills: [SkillDescriptor]
    public var diagnostics: [Diagnostic]

    /// Bounds that keep a scan of a large or hostile tree short.
    public static let maxDepth = 4
    public static let maxDirectories = 2000
    public static let maxSkillFileBytes = 1 << 20

    public init(roots: [SkillRoot], skills: [SkillDescriptor], diagnostics: [Diagnostic]) {
        self.roots = roots
        self.skills = skills
        self.diagnostics = diagnostics
    }

    public static func load(roots: [SkillRoot]) -> Catalog {
        var byName: [String: SkillDescriptor] = [:]
        var diagnostics: [Diagnostic] = []
        for root in roots {
            let (folders, scanDiagnostics) = skillFolders(in: root)
            diagnostics += scanDiagnostics
            for folder in folders {
                switch loadDescriptor(folder: folder, root: root) {
                case .success(let (descriptor, warnings)):
                    diagnostics += warnings
                    if let existing = byName[descriptor.name] {
                        diagnostics.append(
                            Diagnostic(
                                file: descriptor.location, line: nil, severity: .warning,
                                message:
                                    "skill '\(descriptor.name)' is also in \(existing.directory), which takes precedence; this one is ignored"
                            ))
                    } else {
                        byName[descriptor.name] = descriptor
                    }
                case .failure(let diagnostic):
                    diagnostics.append(diagnostic)
                }
            }
        }
        let skills = byName.values.sorted { $0.name < $1.name }
        return Catalog(roots: roots, skills: skills, diagnostics: diagnostics)
    }

    /// Why there is nothing to serve, and the ways to point skillhost at the skills.
    public func nothingFound(severity: Diagnostic.Severity) -> Diagnostic {
        let places = searched.isEmpty ? roots.map(\.path) : searched
        let lookedIn = places.isEmpty ? "no folder" : places.joined(separator: ", ")
        return Diagnostic(
            file: places.last ?? "skills", line: nil, severity: severity,
            message: "no skills found; looked in \(lookedIn). Next step: run skillhost from the folder that holds "
                + "skills/, or name the folder with --skills-dir DIR or SKILLHOST_SKILLS_PATH")
    }

    public func skill(named name: String) -> SkillDescriptor? {
        skills.first { $0.name == name }
    }

    /// Folders holding a `SKILL.md`, breadth-first, bounded in depth and count, confined to the
    /// root's real path, skipping hidden folders and `node_modules`.
    static func skillFolders(in root: SkillRoot) -> ([String], [Diagnostic]) {
        var found: [String] = []
        var diagnostics: [Diagnostic] = []
        var queue: [(String, Int)] = [(root.realPath, 0)]
        var visited: Set<String> = [root.realPath]
        var scanned = 0
        while !queue.isEmpty {
            let (folder, depth) = queue.removeFirst()
            scanned += 1
            if scanned > maxDirectories {
                diagnostics.append(
                    Diagnostic(
                        file: root.path, line: nil, severity: .warning,
                        message:
                            "stopped scanning after \(maxDirectories) folders; point --skills-dir at a smaller folder"))
                break
            }
            if folder != root.realPath, skillFile(in: folder) != nil {
                found.append(folder)
                continue
            }
            guard depth < maxDepth else { continue }
            for name in FileSystem.entries(folder) where !name.hasPrefix(".") && name != "node_modules" {
                let child = FileSystem.join(folder, name)
                guard FileSystem.kind(child) == .directory, let real = FileSystem.realPath(child) else { continue }
                guard FileSystem.isWithin(real, root.realPath) else {
                    diagnostics.append(
                        Diagnostic(
                            file: child, line: nil, severity: .warning,
                            message: "skipped: a link to \(real), outside the skills folder \(root.path)"))
                    continue
                }
                if visited.insert(real).inserted { queue.append((real, depth + 1)) }
            }
        }
        return (found.sorted(), diagnostics)
    }

    /// `SKILL.md`, or the lowercase `skill.md` some authors use.
    static func skillFile(in folder: String) -> String? {
        for name in ["SKILL.md", "skill.md"] {
            let path = FileSystem.join(folder, name)
            if FileSystem.kind(path) == .file { return path }
        }
        return nil
    }

    static func loadDescriptor(folder: String, root: SkillRoot) -> Result<(SkillDescriptor, [Diagnostic]), Diagnostic> {
        guard let file = skillFile(in: folder), let location = FileSystem.realPath(file),
            FileSystem.isWithin(location, folder)
        else {
            return .failure(
                Diagnostic(file: folder, line: nil, message: "SKILL.md is missing or links outside the skill folder"))
        }
        if let size = FileSystem.size(location), size > maxSkillFileBytes {
            return .failure(Diagnostic(file: location, line: nil, message: "SKILL.md is larger than 1 MiB; skipped"))
        }
        guard let data = FileManager.default.contents(atPath: location) else {
            return .failure(Diagnostic(file: location, line: nil, message: "cannot read SKILL.md"))
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            return .failure(Diagnostic(file: location, line: nil, message: "SKILL.md is not valid UTF-8"))
        }
        let frontMatter: FrontMatter
        do {
            frontMatter = try FrontMatterParser.parse(text, strict: false)
        } catch {
            return .failure(Diagnostic(file: location, line: error.line, message: error.message + "; skill skipped"))
        }
        var warnings: [Diagnostic] = []
        let folderName = FileSystem.lastComponent(folder)
        let name: String
        if let entry = frontMatter["name"], case .scalar(let value, _) = entry.value, !value.isEmpty {
            name = value
            if value != folderName {
                warnings.append(
                    Diagnostic(
                        file: location, line: entry.line, severity: .warning,
                        message: "name '\(value)' differs from its folder '\(folderName)'"))
            }
        } else {
            name = folderName
            warnings.append(
                Diagnostic(
                    file: location, line: 1, severity: .warning,
                    message: "no name; using the folder name '\(folderName)'"))
        }
        guard let entry = frontMatter["description"], case .scalar(let description, _) = entry.value,
            !description.isEmpty
        else {
            return .failure(
                Diagnostic(
                    file: location, line: 1,
                    message: "no description; a skill without one cannot be offered, so it is skipped"))
        }
        var metadata: [String: String] = [:]
        var metadataLines: [String: Int] = [:]
        if let entry = frontMatter["metadata"], case .map(let members) = entry.value {
            for member in members {
                if case .scalar(let value, _) = member.value {
                    metadata[member.key] = value
                    metadataLines[member.key] = member.line
                }
            }
        }
        let (guards, unknownGuards) = Guard.parse(metadata[SkillBinding.guardsKey] ?? "")
        if !unknownGuards.isEmpty {
            return .failure(
                Diagnostic(
                    file: location, line: metadataLines[SkillBinding.guardsKey],
                    message:
                        "unknown guard \(unknownGuards.map { "'\($0)'" }.joined(separator: ", ")); known: \(Guard.allCases.map(\.rawValue).joined(separator: ", ")); skill skipped"
                ))
        }
        let standardKeys: Set<String> = [
            "name", "description", "license", "compatibility", "metadata", "allowed-tools",
        ]
        let referencesDirectory = FileSystem.join(FileSystem.parent(root.realPath), "references")
        let descriptor = SkillDescriptor(
            name: name, description: description.trimmingCharacters(in: .whitespacesAndNewlines), directory: folder,
            location: location, root: root,
            metadata: metadata, handlerID: metadata[SkillBinding.handlerKey], guards: guards,
            extraKeys: frontMatter.entries.map(\.key).filter { !standardKeys.contains($0) },
            references: referenceLinks(in: frontMatter.body),
            referencesDirectory: FileSystem.kind(referencesDirectory) == .directory ? referencesDirectory : nil,
            handlerLine: metadataLines[SkillBinding.handlerKey])
        return .success((descriptor, warnings))
    }

    /// `references/...` targets of markdown links in `body`, in order of first appearance; a
    /// target ends at `)`, `#`, a space or a line break.
    ///
    /// Scanned as bytes (every delimiter is ASCII, so each target is whole UTF-8): every start
    /// loads every skill, and Foundation's `range(of:)` took milliseconds for four bodies.
    static func referenceLinks(in body: String) -> [String] {
        let marker = Array("](references/".utf8)
        var body = body
        return body.withUTF8 { bytes in
            var links: [String] = []
            var index = 0
            while index + marker.count <= bytes.count {
                guard bytes[index] == marker[0], bytes[index..<(index + marker.count)].elementsEqual(marker) else {
                    index += 1
                    continue
                }
                let start = index + 2
                var end = start
                while end < bytes.count, !Self.endsLink(bytes[end]) { end += 1 }
                let link = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                if !links.contains(link) { links.append(link) }
                index = end
            }
            return links
        }
    }

    private static func endsLink(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ")"), UInt8(ascii: "#"), UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"): true
        default: false
        }
    }
}
