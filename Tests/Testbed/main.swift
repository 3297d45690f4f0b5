import Foundation
import SkillHost
import TestFixtures

// The skillhost CLI and server with fixture handlers, for end-to-end guard and progress tests.
let code = await CommandLineTool(registry: FixtureRegistry.make()).run(Array(CommandLine.arguments.dropFirst()))
exit(code)
