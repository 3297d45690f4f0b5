import JSON

/// The languages a Databricks notebook or cell can be in.
public enum NotebookLanguage: String, Sendable, Hashable, CaseIterable {
    case python, sql, scala, r
}

/// A Databricks notebook as read from the export, before any rewrite: the parser's output and
/// the rules' input.
public struct SourceNotebook: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable {
        /// `# Databricks notebook source` text export (.py/.sql/.scala/.r).
        case source
        /// Databricks JUPYTER export (.ipynb, or a .py that is really one).
        case jupyter
    }

    /// Path relative to the `source` folder, with its extension: `Users/a/etl/x.py`.
    public var relativePath: String
    /// The notebook's workspace path: `/Users/a/etl/x` (no extension, leading slash).
    public var workspacePath: String
    public var format: Format
    public var defaultLanguage: NotebookLanguage
    public var cells: [SourceCell]
    /// Chunks between separators that held nothing (S-01 reports how many were dropped).
    public var emptyChunksDropped: Int
    /// `metadata["application/vnd.databricks.v1+notebook"]` of a Jupyter export.
    public var databricksMetadata: JSONValue?

    public init(
        relativePath: String, workspacePath: String, format: Format, defaultLanguage: NotebookLanguage,
        cells: [SourceCell], emptyChunksDropped: Int = 0, databricksMetadata: JSONValue? = nil
    ) {
        self.relativePath = relativePath
        self.workspacePath = workspacePath
        self.format = format
        self.defaultLanguage = defaultLanguage
        self.cells = cells
        self.emptyChunksDropped = emptyChunksDropped
        self.databricksMetadata = databricksMetadata
    }
}

/// One source cell (migration.md §13's IR): what the rules see.
public struct SourceCell: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case code
        case markdown
    }

    /// How the parser had to bend the grammar to read the cell (migration.md §3.2).
    public enum Relaxation: String, Sendable, Hashable {
        /// R2: a magic line without the `CP MAGIC` prefix.
        case bareMagic = "R2"
        /// R3: comment lines in the default language mixed with MAGIC lines.
        case mixed = "R3"
        /// R3 that could not be read as a magic cell: non-comment code beside MAGIC lines.
        case mixedUnparseable = "R3-unparseable"
    }

    /// 0-based position among the notebook's (non-empty) cells.
    public var index: Int
    public var kind: Kind
    /// The language the cell's code is in; `nil` for markdown.
    public var language: NotebookLanguage?
    /// The magic token without its leading `%` (`sql`, `run`, `md`, `md-sandbox`, `pip`, `sh`,
    /// `fs`, `%writefile` for an IPython cell magic, ...); `nil` for a plain cell in the notebook's
    /// default language.
    public var magic: String?
    /// The cell's content with `CP MAGIC ` prefixes and the magic token removed (§3.1 rule 3):
    /// for `%sql select 1` the body is `select 1`; for a plain code cell, the code verbatim.
    public var body: String
    /// The cell exactly as exported (prefixes included, title line excluded), kept for flagged
    /// cells and for reports.
    public var original: String
    public var title: String?
    /// The opaque digit of `DBTITLE <n>,` (kept as `show_title`).
    public var titleFlag: String?
    /// 1-based line of the source file where the cell's first line is.
    public var originLine: Int
    public var relaxation: Relaxation?
    /// Comment lines of an R3 mixed cell, without their comment prefix, to be re-emitted in the
    /// target language's comment syntax.
    public var leadingComments: [String]
    /// `metadata["application/vnd.databricks.v1+cell"]` of a Jupyter export.
    public var databricksMetadata: JSONValue?

    public init(
        index: Int, kind: Kind, language: NotebookLanguage?, magic: String?, body: String, original: String,
        title: String? = nil, titleFlag: String? = nil, originLine: Int, relaxation: Relaxation? = nil,
        leadingComments: [String] = [], databricksMetadata: JSONValue? = nil
    ) {
        self.index = index
        self.kind = kind
        self.language = language
        self.magic = magic
        self.body = body
        self.original = original
        self.title = title
        self.titleFlag = titleFlag
        self.originLine = originLine
        self.relaxation = relaxation
        self.leadingComments = leadingComments
        self.databricksMetadata = databricksMetadata
    }
}
