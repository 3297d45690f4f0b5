import Foundation

/// Decides which folders are scanned for skills, in order of precedence.
public enum SkillRoots {
    /// `explicit` are `--skills-dir` values; `environment` supplies `SKILLHOST_SKILLS_PATH`
    /// (colon-separated) and `CLAUDE_PROJECT_DIR`. The bundled `skills/` is looked for beside
    /// the binary and its parent folders (covers `.build/<triple>/debug/skillhost` and an
    /// installed `bin/skillhost` next to `share/skillhost/skills`), then in the working tree.
    public static func resolve(
        explicit: [String], environment: [String: String], executablePath: String?,
        workingDirectory: String
    ) -> (roots: [SkillRoot], searched: [String], diagnostics: [Diagnostic]) {
        var candidates: [(String, SkillRoot.Origin, Bool)] = []  // path, origin, must exist
        for path in explicit { candidates.append((path, .flag, true)) }
        for path in (environment["SKILLHOST_SKILLS_PATH"] ?? "").split(separator: ":") {
            candidates.append((String(path), .environment, true))
        }
        let project = environment["CLAUDE_PROJECT_DIR"] ?? workingDirectory
        for folder in [".agents/skills", ".claude/skills"] {
            candidates.append((FileSystem.join(project, folder), .project, false))
        }
        if let bundled = bundledRoot(executablePath: executablePath) {
            candidates.append((bundled, .bundled, false))
        }
        candidates.append((FileSystem.join(workingDirectory, "skills"), .workingTree, false))

        var roots: [SkillRoot] = []
        var searched: [String] = []
        var seen = Set<String>()
        var diagnostics: [Diagnostic] = []
        for (path, origin, mustExist) in candidates {
            let absolute = FileSystem.absolute(path, relativeTo: workingDirectory)
            if !searched.contains(absolute) { searched.append(absolute) }
            guard let real = FileSystem.realPath(absolute), FileSystem.kind(real) == .directory else {
                if mustExist {
                    diagnostics.append(
                        Diagnostic(
                            file: path, line: nil,
                            message: "skills folder given by \(origin.rawValue) does not exist or is not a folder"))
                }
                continue
            }
            guard seen.insert(real).inserted else { continue }
            roots.append(SkillRoot(path: absolute, realPath: real, origin: origin))
        }
        return (roots, searched, diagnostics)
    }

    static func bundledRoot(executablePath: String?) -> String? {
        guard let executablePath, let real = FileSystem.realPath(executablePath) else { return nil }
        var folder = FileSystem.parent(real)
        for _ in 0..<5 {
            for candidate in ["skills", "share/skillhost/skills"] {
                let path = FileSystem.join(folder, candidate)
                if FileSystem.kind(path) == .directory { return path }
            }
            let up = FileSystem.parent(folder)
            if up == folder { break }
            folder = up
        }
        return nil
    }

    /// This process's executable, from `/proc/self/exe` where there is one.
    public static var currentExecutable: String? {
        if let real = FileSystem.realPath("/proc/self/exe") { return real }
        return CommandLine.arguments.first.flatMap { FileSystem.realPath($0) }
    }
}
