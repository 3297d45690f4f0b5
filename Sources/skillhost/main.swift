import Foundation
import SkillHost
import Skills

// Thin on purpose: everything testable lives in SkillHost and Skills.
let code = await CommandLineTool(registry: SkillsRegistry.make()).run(Array(CommandLine.arguments.dropFirst()))
exit(code)
