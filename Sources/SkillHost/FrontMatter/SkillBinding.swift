/// How a `SKILL.md` binds itself to this host: keys under its front-matter `metadata` (the only
/// place the Agent Skills format leaves open for them).
public enum SkillBinding {
    /// `metadata.skillhost-handler`: the id of the Swift handler that runs the skill. Without it
    /// the skill is instruction-only.
    public static let handlerKey = "skillhost-handler"
    /// `metadata.skillhost-guards`: space-separated guard names the host enforces on the
    /// handler's plans.
    public static let guardsKey = "skillhost-guards"
    /// Every guard name a descriptor may use: `hand-edits`, `forced-rerun`, `remote-destructive`.
    public static let guardNames: Set<String> = Set(Guard.allCases.map(\.rawValue))
}
