import JSON

/// A notebook after the rules ran: the writer's input.
public struct MigratedNotebook: Sendable, Hashable {
    /// Output path relative to `<outputBase>/<job>/notebooks/`: `Users/a/etl/x.ipynb`.
    public var outputRelativePath: String
    /// Where the notebook will live on AIDP: `<workspaceRoot>/<job>/notebooks/Users/a/etl/x.ipynb`.
    public var aidpPath: String
    public var cells: [MigratedCell]

    public init(outputRelativePath: String, aidpPath: String, cells: [MigratedCell]) {
        self.outputRelativePath = outputRelativePath
        self.aidpPath = aidpPath
        self.cells = cells
    }
}

/// One output cell. Exactly one per source cell, in the same order: a cell is never dropped.
public struct MigratedCell: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case code, markdown, raw
    }

    /// `metadata.type` on AIDP: `python`, `sql`, `scala`, `r` or `markdown`.
    public enum CellType: String, Sendable, Hashable {
        case python, sql, scala, r, markdown, raw
    }

    public var kind: Kind
    public var type: CellType
    public var source: String
    /// What the rules did to the cell; `nil` when no rule touched it.
    public var migration: CellMigration?
    /// Source-side metadata to carry along (Databricks cell metadata, titles).
    public var extraMetadata: [String: JSONValue]

    public init(
        kind: Kind, type: CellType, source: String, migration: CellMigration? = nil,
        extraMetadata: [String: JSONValue] = [:]
    ) {
        self.kind = kind
        self.type = type
        self.source = source
        self.migration = migration
        self.extraMetadata = extraMetadata
    }
}

/// `metadata.aidp_migration` of a cell a rule touched.
public struct CellMigration: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, Comparable {
        case converted, review, flagged

        private var rank: Int {
            switch self {
            case .converted: return 0
            case .review: return 1
            case .flagged: return 2
            }
        }

        public static func < (lhs: Status, rhs: Status) -> Bool { lhs.rank < rhs.rank }
    }

    public var status: Status
    /// Rule ids from migration.md §7, in the order they applied, without repeats.
    public var rules: [String]
    public var notes: [String]
    /// Flag codes (`RUN-UNRESOLVED`, `FS-API`, ...) for flagged cells.
    public var flags: [String]
    public var title: String?
    public var showTitle: String?

    public init(
        status: Status, rules: [String], notes: [String] = [], flags: [String] = [], title: String? = nil,
        showTitle: String? = nil
    ) {
        self.status = status
        self.rules = rules
        self.notes = notes
        self.flags = flags
        self.title = title
        self.showTitle = showTitle
    }
}
