import SkillHost

/// The handlers this build of skillhost ships. Skills whose handler is still being written are
/// declared, so `list` shows them as unavailable with the reason instead of as unknown.
public enum SkillsRegistry {
    public static func make() -> HandlerRegistry {
        var registry = HandlerRegistry()
        registry.register(MigrateJobHandler())
        registry.declare(
            "aidp-resume-migration", unavailableBecause: "handler not built yet (planned after the migration handler)")
        registry.declare("aidp-pipelines", unavailableBecause: "handler not built yet (planned: AIDP jobs backends)")
        registry.declare(
            "aidp-fixup-cell", unavailableBecause: "handler not built yet (planned after the migration handler)")
        return registry
    }
}
