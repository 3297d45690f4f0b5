/// A skill as loaded from its `SKILL.md`: the words the model reads and the host binding.
public struct SkillDescriptor: Sendable {
    public var name: String
    public var description: String
    /// Real path of the skill folder; every file read for this skill is confined to it (and to
    /// `referencesDirectory` for `references/` links).
    public var directory: String
    /// Real path of the `SKILL.md`.
    public var location: String
    /// The skill root the skill was found under.
    public var root: SkillRoot
    public var metadata: [String: String]
    /// `metadata.skillhost-handler`; `nil` for an instruction-only skill.
    public var handlerID: String?
    public var guards: Set<Guard>
    /// Top-level front-matter keys outside the Agent Skills set, kept for other clients.
    public var extraKeys: [String]
    /// `references/<file>` paths the body links to.
    public var references: [String]
    /// The shared `references/` folder beside the skill root, when there is one.
    public var referencesDirectory: String?
    /// Line of `skillhost-handler` in the file, for diagnostics.
    public var handlerLine: Int?

    public init(
        name: String, description: String, directory: String, location: String, root: SkillRoot,
        metadata: [String: String] = [:], handlerID: String?, guards: Set<Guard> = [], extraKeys: [String] = [],
        references: [String] = [], referencesDirectory: String? = nil, handlerLine: Int? = nil
    ) {
        self.name = name
        self.description = description
        self.directory = directory
        self.location = location
        self.root = root
        self.metadata = metadata
        self.handlerID = handlerID
        self.guards = guards
        self.extraKeys = extraKeys
        self.references = references
        self.referencesDirectory = referencesDirectory
        self.handlerLine = handlerLine
    }
}

/// Where skills are looked for, and why there: precedence on a name clash follows this order.
public struct SkillRoot: Sendable, Hashable {
    public enum Origin: String, Sendable, Hashable {
        case flag = "--skills-dir"
        case environment = "SKILLHOST_SKILLS_PATH"
        case project
        case bundled
        case workingTree = "working tree"
    }

    public var path: String
    public var realPath: String
    public var origin: Origin

    public init(path: String, realPath: String, origin: Origin) {
        self.path = path
        self.realPath = realPath
        self.origin = origin
    }
}
