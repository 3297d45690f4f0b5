/// How sure a rewrite is (migration.md conventions).
public enum Confidence: String, Sendable, Hashable, Comparable {
    /// Automatic; no reviewer needed.
    case safe = "SAFE"
    /// Automatic, with a marker and a report line.
    case review = "REVIEW"
    /// Not converted; the cell keeps its code and goes to the fix step.
    case flag = "FLAG"

    private var rank: Int {
        switch self {
        case .safe: return 0
        case .review: return 1
        case .flag: return 2
        }
    }

    public static func < (lhs: Confidence, rhs: Confidence) -> Bool { lhs.rank < rhs.rank }
}

/// One rule firing on one cell.
public struct Finding: Sendable, Hashable {
    public var ruleID: String
    public var confidence: Confidence
    /// The flag code for FLAG findings (`RUN-UNRESOLVED`, ...).
    public var flagCode: String?
    public var note: String
    /// False for a rewrite a flagged cell did not get: the cell keeps its original code, so the
    /// finding only says what the fix step should also do.
    public var applied: Bool

    public init(ruleID: String, confidence: Confidence, flagCode: String? = nil, note: String, applied: Bool = true) {
        self.ruleID = ruleID
        self.confidence = confidence
        self.flagCode = flagCode
        self.note = note
        self.applied = applied
    }
}

/// A notebook another notebook needs, found by `%run` or a literal `dbutils.notebook.run`.
public struct NotebookDependency: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case run = "%run"
        case notebookRun = "notebook.run"
    }

    public var kind: Kind
    /// Absolute, normalised workspace path (no extension): `/Users/a/etl/lib/setup`.
    public var workspacePath: String
    /// 0-based index of the cell that needs it.
    public var cellIndex: Int

    public init(kind: Kind, workspacePath: String, cellIndex: Int) {
        self.kind = kind
        self.workspacePath = workspacePath
        self.cellIndex = cellIndex
    }
}
