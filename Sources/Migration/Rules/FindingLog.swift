/// The findings of one cell, in the order the rules fired, without exact repeats (a rule that
/// fires on two identical call sites reports once).
struct FindingLog {
    private(set) var findings: [Finding] = []
    /// The same findings as a set: a big cell can fire thousands of times, and a linear
    /// duplicate check made that quadratic.
    private var seen: Set<Finding> = []

    mutating func add(_ ruleID: String, _ confidence: Confidence, _ note: String, flag: String? = nil) {
        let finding = Finding(ruleID: ruleID, confidence: confidence, flagCode: flag, note: note)
        if seen.insert(finding).inserted { findings.append(finding) }
    }

    mutating func safe(_ ruleID: String, _ note: String) { add(ruleID, .safe, note) }
    mutating func review(_ ruleID: String, _ note: String) { add(ruleID, .review, note) }
    mutating func flag(_ ruleID: String, _ code: String, _ note: String) { add(ruleID, .flag, note, flag: code) }

    mutating func append(contentsOf other: FindingLog) {
        for finding in other.findings where seen.insert(finding).inserted { findings.append(finding) }
    }

    var isFlagged: Bool { findings.contains { $0.confidence == .flag } }

    /// A flagged cell keeps its original code, so its other rewrites did not happen: they stay
    /// on record, marked not applied, except the ones the kept form still carries (`keptRules`).
    mutating func markUnapplied(except keptRules: Set<String>) {
        for index in findings.indices
        where findings[index].confidence != .flag && !keptRules.contains(findings[index].ruleID) {
            findings[index].applied = false
            findings[index].note =
                "not applied, the cell is flagged and keeps its original code: " + findings[index].note
        }
        seen = Set(findings)
    }
    var isEmpty: Bool { findings.isEmpty }
    func has(_ ruleID: String) -> Bool { findings.contains { $0.ruleID == ruleID } }
}
