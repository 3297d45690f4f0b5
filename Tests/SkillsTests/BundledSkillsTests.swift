import Foundation
import SkillHost
import Skills
import Testing

/// The bundled skill folders and this build's handlers must agree, or a skill silently becomes
/// "unknown handler" for users.
@Suite struct BundledSkillsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let bundled = ["aidp-fixup-cell", "aidp-migrate-job", "aidp-pipelines", "aidp-resume-migration"]

    @Test(arguments: bundled)
    func bundledSkillPassesStrictValidationAgainstThisBuild(_ name: String) {
        let diagnostics = SkillValidator(knownHandlers: SkillsRegistry.make().knownIDs)
            .validate(skillDirectory: "\(Self.repository)/skills/\(name)")
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
    }

    @Test func everyBundledSkillIsListedWithAReasonOrAHandler() {
        let root = SkillRoot(path: "\(Self.repository)/skills", realPath: "\(Self.repository)/skills", origin: .bundled)
        let dispatcher = Dispatcher(
            catalog: Catalog.load(roots: [root]), registry: SkillsRegistry.make(), settings: HostSettings(version: "t"))
        #expect(dispatcher.catalog.skills.map(\.name) == Self.bundled)
        #expect(dispatcher.catalog.diagnostics.isEmpty, "\(dispatcher.catalog.diagnostics)")
        for skill in dispatcher.catalog.skills {
            switch dispatcher.availability(of: skill) {
            case .available: #expect(dispatcher.tools.contains { $0.name == skill.name })
            case .unavailable(let reason):
                #expect(!reason.contains("unknown handler"), "\(skill.name): \(reason)")
                #expect(!dispatcher.tools.contains { $0.name == skill.name })
            }
        }
    }
}
