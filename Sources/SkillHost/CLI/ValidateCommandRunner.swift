import JSON

extension CommandLineTool {
    /// `skillhost validate`: the strict rules, for every skill folder named or found.
    func validate(_ directories: [String], json: Bool, global: GlobalOptions) -> Int32 {
        var folders: [String] = []
        var diagnostics: [Diagnostic] = []
        if directories.isEmpty {
            let dispatcher = makeDispatcher(global, allowConfirmArgument: true)
            folders = dispatcher.catalog.skills.map(\.directory)
            diagnostics += dispatcher.catalog.diagnostics.filter { $0.severity == .error }
            // Nothing to check is a wrong folder or setting, not a pass.
            if folders.isEmpty { diagnostics.append(dispatcher.catalog.nothingFound(severity: .error)) }
        } else {
            for directory in directories {
                let absolute = FileSystem.absolute(directory, relativeTo: FileSystem.currentDirectory)
                guard let real = FileSystem.realPath(absolute), FileSystem.kind(real) == .directory else {
                    diagnostics.append(Diagnostic(file: directory, line: nil, message: "not a folder"))
                    continue
                }
                if Catalog.skillFile(in: real) != nil {
                    folders.append(real)
                    continue
                }
                let root = SkillRoot(path: absolute, realPath: real, origin: .flag)
                let (found, scanDiagnostics) = Catalog.skillFolders(in: root)
                diagnostics += scanDiagnostics
                if found.isEmpty {
                    diagnostics.append(
                        Diagnostic(file: directory, line: nil, message: "no SKILL.md in this folder or below it"))
                }
                folders += found
            }
        }
        let validator = SkillValidator(knownHandlers: registry.knownIDs)
        var results: [JSONValue] = []
        for folder in folders {
            let found = validator.validate(skillDirectory: folder)
            diagnostics += found
            results.append([
                "path": .string(folder),
                "valid": .bool(!found.contains { $0.severity == .error }),
                "diagnostics": .array(found.map { .string($0.description) }),
            ])
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        if json {
            Terminal.out(
                JSONCoding.encodePretty([
                    "valid": .bool(errors == 0), "skills": .array(results),
                    "diagnostics": .array(diagnostics.map { .string($0.description) }),
                ]))
        } else {
            for diagnostic in diagnostics { Terminal.out(diagnostic.description) }
            Terminal.out("\(folders.count) skill(s) checked: \(errors) error(s), \(warnings) warning(s)")
        }
        return errors == 0 ? ExitCode.ok : ExitCode.toolError
    }
}
