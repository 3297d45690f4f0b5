import Foundation

/// The files of a skill a client may read: everything inside the skill folder (bounded), plus the
/// shared `references/` pages its `SKILL.md` links to. Reads are confined by real path.
public struct SkillFiles: Sendable {
    public let skill: SkillDescriptor

    public static let maxFiles = 500
    public static let maxFileBytes = 8 << 20

    public init(_ skill: SkillDescriptor) {
        self.skill = skill
    }

    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Relative paths, `SKILL.md` first, then the rest sorted.
    public func list() -> [String] {
        var files: [String] = []
        var queue: [(String, String, Int)] = [(skill.directory, "", 0)]
        while !queue.isEmpty, files.count < Self.maxFiles {
            let (folder, prefix, depth) = queue.removeFirst()
            for name in FileSystem.entries(folder) where !name.hasPrefix(".") {
                let path = FileSystem.join(folder, name)
                let relative = prefix.isEmpty ? name : prefix + "/" + name
                guard let real = FileSystem.realPath(path), FileSystem.isWithin(real, skill.directory) else { continue }
                switch FileSystem.kind(real) {
                case .file: files.append(relative)
                case .directory where depth < Catalog.maxDepth: queue.append((real, relative, depth + 1))
                default: break
                }
            }
        }
        for link in skill.references where !files.contains(link) {
            if (try? resolve(link)) != nil { files.append(link) }
        }
        let skillFile = FileSystem.lastComponent(skill.location)
        return [skillFile] + files.filter { $0 != skillFile }.sorted()
    }

    /// The real path of `relative`, or an error that says why it cannot be read.
    public func resolve(_ relative: String) throws -> String {
        if relative.isEmpty || relative.hasPrefix("/") || relative.split(separator: "/").contains("..") {
            throw ReadError(
                description:
                    "'\(relative.prefix(200))' is not a path inside the skill; use a relative path such as SKILL.md or references/x.md"
            )
        }
        let inside = FileSystem.join(skill.directory, relative)
        if let real = FileSystem.realPath(inside) {
            guard FileSystem.isWithin(real, skill.directory) else {
                throw ReadError(description: "'\(relative)' links outside the skill folder")
            }
            guard FileSystem.kind(real) == .file else {
                throw ReadError(description: "'\(relative)' is not a file")
            }
            return real
        }
        if relative.hasPrefix("references/"), skill.references.contains(relative),
            let shared = skill.referencesDirectory
        {
            let candidate = FileSystem.join(FileSystem.parent(shared), relative)
            if let real = FileSystem.realPath(candidate), FileSystem.isWithin(real, shared),
                FileSystem.kind(real) == .file
            {
                return real
            }
        }
        throw ReadError(description: "'\(relative)' does not exist in skill '\(skill.name)'")
    }

    /// The text of `relative`, which must be UTF-8 and at most `maxFileBytes`.
    public func read(_ relative: String) throws -> String {
        let path = try resolve(relative)
        if let size = FileSystem.size(path), size > Self.maxFileBytes {
            throw ReadError(description: "'\(relative)' is larger than \(Self.maxFileBytes >> 20) MiB")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadError(description: "cannot read '\(relative)'")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ReadError(description: "'\(relative)' is not UTF-8 text")
        }
        return text
    }

    public static func mimeType(_ relative: String) -> String {
        switch (relative as NSString).pathExtension.lowercased() {
        case "md": return "text/markdown"
        case "json": return "application/json"
        case "py": return "text/x-python"
        case "sh": return "text/x-shellscript"
        case "yaml", "yml": return "application/yaml"
        default: return "text/plain"
        }
    }

    public func uri(_ relative: String) -> String { "skill://\(skill.name)/\(relative)" }
}
