/// The one table `--help` is generated from, so the help and the parser describe the same
/// commands.
enum HelpText {
    struct Entry {
        var name: String
        var synopsis: String
        var summary: String
        var options: [(String, String)]
        var examples: [String]
    }

    static let commands: [Entry] = [
        Entry(
            name: "list", synopsis: "skillhost list [--json]",
            summary: "List the skills found and whether each can be called.",
            options: [("--json", "print {\"skills\": [...]} for machines")],
            examples: ["skillhost list", "skillhost list --json"]),
        Entry(
            name: "call", synopsis: "skillhost call <skill> [<json> | @file | -] [options]",
            summary:
                "Run a skill's tool once, as an assistant would over MCP. Prints the structured result as JSON on stdout.",
            options: [
                ("--dry-run", "show the plan (effects and digest) and change nothing"),
                ("--confirm DIGEST", "go ahead with the plan whose digest a refusal printed"),
                ("--no-input", "never prompt, even on a terminal"),
                ("--progress", "print progress lines on stderr even when it is not a terminal"),
                ("--help", "show the skill's input schema"),
            ],
            examples: [
                "skillhost call read-skill '{\"name\": \"aidp-migrate-job\"}'",
                "skillhost call read-skill @args.json",
                "echo '{\"name\": \"aidp-pipelines\"}' | skillhost call read-skill -",
            ]),
        Entry(
            name: "validate", synopsis: "skillhost validate [DIR...] [--json]",
            summary:
                "Check skill folders strictly (Agent Skills rules plus the skillhost binding). DIR is a skill folder or a folder of skills; default: every skill skillhost finds.",
            options: [("--json", "print the findings as JSON")],
            examples: ["skillhost validate", "skillhost validate skills/aidp-migrate-job"]),
        Entry(
            name: "serve", synopsis: "skillhost serve [--no-confirm-argument]",
            summary: "Serve the skills as MCP tools on stdin/stdout (for an AI coding assistant). Logs go to stderr.",
            options: [
                (
                    "--no-confirm-argument",
                    "ignore the 'confirm' tool argument; only elicitation or a terminal can confirm"
                )
            ],
            examples: ["skillhost serve"]),
    ]

    static func overview(version: String) -> String {
        var lines = [
            "skillhost \(version): agent skills for moving Databricks jobs to Oracle AI Data Platform",
            "",
            "Usage: skillhost [--skills-dir DIR]... <command> [options]",
            "",
            "Commands:",
        ]
        for entry in commands {
            lines.append("  " + entry.name.padding(toLength: 10, withPad: " ", startingAt: 0) + entry.summary)
        }
        lines += [
            "  " + "help".padding(toLength: 10, withPad: " ", startingAt: 0)
                + "Show help for a command: skillhost help call",
            "",
            "Global options:",
            "  --skills-dir DIR   also load skills from DIR (repeatable; before SKILLHOST_SKILLS_PATH and the bundled skills/)",
            "  -h, --help         show this help",
            "  -V, --version      print the version",
            "",
            "Environment:",
            "  SKILLHOST_SKILLS_PATH       colon-separated skill folders",
            "  SKILLHOST_CONFIRM_ARGUMENT  'off' to ignore the 'confirm' tool argument",
            "",
            "Exit codes: 0 ok, 1 tool error, 2 usage error, 3 confirmation needed.",
        ]
        return lines.joined(separator: "\n")
    }

    static func command(_ name: String) -> String? {
        guard let entry = commands.first(where: { $0.name == name }) else { return nil }
        var lines = ["Usage: \(entry.synopsis)", "", entry.summary]
        if !entry.options.isEmpty {
            lines += ["", "Options:"]
            for (flag, text) in entry.options {
                lines.append("  " + flag.padding(toLength: 24, withPad: " ", startingAt: 0) + text)
            }
        }
        lines += ["", "Examples:"] + entry.examples.map { "  " + $0 }
        return lines.joined(separator: "\n")
    }
}
