// swift-tools-version:6.0
// skillhost has no third-party dependencies by design: Foundation, Dispatch, Glibc and the
// toolchain's test libraries only.
import PackageDescription

// SHAExtensions alone is compiled for the x86 SHA instructions; Durable calls it only on a CPU
// that has them. Elsewhere the module is empty and the portable block function does the work.
#if arch(x86_64)
    let shaExtensionFlags: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-msha", "-Xcc", "-mssse3"])]
#else
    let shaExtensionFlags: [SwiftSetting] = []
#endif

let package = Package(
    name: "skillhost",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "skillhost", targets: ["skillhost"])
    ],
    targets: [
        .executableTarget(name: "skillhost", dependencies: ["SkillHost", "Skills", "JSON"]),
        .target(name: "SkillHost", dependencies: ["JSON", "Durable"]),
        .target(name: "JSON"),
        .target(name: "Migration", dependencies: ["JSON", "Durable"]),
        .target(name: "Durable", dependencies: ["SHAExtensions"]),
        .target(name: "SHAExtensions", swiftSettings: shaExtensionFlags),
        .target(name: "Skills", dependencies: ["SkillHost", "Migration", "JSON", "Durable"]),
        // Handlers that exist only to exercise the host end to end (guards, progress), and a
        // binary that serves them; never part of the shipped skillhost.
        .target(name: "TestFixtures", dependencies: ["SkillHost", "JSON", "Durable"], path: "Tests/TestFixtures"),
        .executableTarget(
            name: "skillhost-testbed", dependencies: ["SkillHost", "TestFixtures"], path: "Tests/Testbed"),
        // The kill -9 harness shared by the crash tests of Durable and Migration.
        .target(name: "CrashTesting", path: "Tests/CrashTesting"),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(
            name: "MigrationTests", dependencies: ["Migration", "JSON", "Durable", "CrashTesting"],
            exclude: ["Fixtures"]),
        .testTarget(name: "DurableTests", dependencies: ["Durable", "CrashTesting"]),
        .testTarget(name: "SkillHostTests", dependencies: ["SkillHost", "JSON", "Durable", "TestFixtures"]),
        .testTarget(name: "SkillsTests", dependencies: ["Skills", "SkillHost", "JSON"]),
    ],
    swiftLanguageModes: [.v6]
)
