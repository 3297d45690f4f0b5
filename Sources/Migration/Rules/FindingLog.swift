/// The findings of one cell, in the order the rules fired, without exact repeats (a rule that
/// fires on two identical call sites reports once).
struct FindingLog {
    private var unique = UniqueElements<Finding>()

    var findings: [Finding] { unique.elements }

    mutating func add(_ ruleID: String, _ confidence: Confidence, _ note: String, flag: String? = nil) {
        unique.insert(Finding(ruleID: ruleID, confidence: confidence, flagCode: flag, note: note))
    }

    mutating func safe(_ ruleID: String, _ note: String) { add(ruleID, .safe, note) }
    mutating func review(_ ruleID: String, _ note: String) { add(ruleID, .review, note) }
    mutating func flag(_ ruleID: String, _ code: String, _ note: String) { add(ruleID, .flag, note, flag: code) }

    mutating func append(contentsOf other: FindingLog) {
        for finding in other.findings { unique.insert(finding) }
    }

    var isFlagged: Bool { findings.contains { $0.confidence == .flag } }

    /// A flagged cell keeps its original code, so its other rewrites did not happen: they stay
    /// on record, marked not applied, except the ones the kept form still carries (`keptRules`).
    mutating func markUnapplied(except keptRules: Set<String>) {
        unique.updateEach { finding in
            guard finding.confidence != .flag && !keptRules.contains(finding.ruleID) else { return }
            finding.applied = false
            finding.note = "not applied, the cell is flagged and keeps its original code: " + finding.note
        }
    }
}
