import SkillHost

public enum FixtureRegistry {
    public static func make() -> HandlerRegistry {
        var registry = HandlerRegistry()
        registry.register(FixtureWriteHandler())
        registry.register(FixtureCountHandler())
        return registry
    }
}
