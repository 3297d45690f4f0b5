import Foundation

/// What a journal holds and which versions of it this build reads.
public struct JournalFormat: Sendable, Hashable {
    /// The `format` member of the header, such as `skillhost-ledger`; another name is refused.
    public var name: String
    /// The program that writes the journal, named in messages ("upgrade skillhost").
    public var producer: String
    /// The newest schema this build reads, and the one it writes into a new journal.
    public var schema: Int
    /// The oldest schema this build still reads (its caller migrates older records in memory).
    public var oldestReadableSchema: Int

    public init(name: String, producer: String, schema: Int, oldestReadableSchema: Int = 1) {
        precondition(oldestReadableSchema <= schema, "the oldest readable schema is above the newest")
        self.name = name
        self.producer = producer
        self.schema = schema
        self.oldestReadableSchema = oldestReadableSchema
    }

    /// Whether this build reads a journal with `header`: this format, in a schema from the oldest
    /// readable to the newest. `JournalScan` refuses any other with an error saying which rule failed.
    func reads(_ header: JournalHeader) -> Bool {
        header.format == name && (oldestReadableSchema...schema).contains(header.schema)
    }
}

/// Line 1 of a journal.
public struct JournalHeader: Sendable, Hashable {
    /// Members the journal itself owns; a caller's header fields may not use these names.
    public static let reservedKeys: Set<String> = ["kind", "format", "schema", "lineSum", "sum"]

    public let format: String
    /// The schema the records were written in, between the format's oldest and newest.
    public let schema: Int
    /// The header's other string members (tool, version, creation time, ...).
    public let fields: [String: String]
    /// The header as it is on disk, without its `sum`.
    public let payload: Data
}

/// One verified line after the header.
public struct JournalRecord: Sendable, Hashable {
    /// The 1-based line number in the file (the header is line 1).
    public let line: Int
    /// The record without its `sum`: one JSON object, as handed to `append`.
    public let payload: Data
}

/// Bytes after the last valid line: what an interrupted write (or a power loss) leaves at the end
/// of an append-only file.
public struct JournalTornTail: Sendable, Hashable, CustomStringConvertible {
    public let path: String
    /// The line number the discarded bytes started on.
    public let line: Int
    /// The byte offset they started at, which is the length of the valid prefix.
    public let offset: Int
    public let byteCount: Int
    /// Where a copy of the bytes was kept before they were cut off; nil when the journal was only
    /// read, or no archive folder was given.
    public let archivedTo: String?

    public var description: String {
        let bytes = byteCount == 1 ? "1 byte" : "\(byteCount) bytes"
        let kept = archivedTo.map { " (copy kept in \($0))" } ?? ""
        return "\(path): discarded \(bytes) of an interrupted write at line \(line)\(kept)"
    }
}

/// A journal as loaded: header, verified records in file order, and any torn tail.
public struct JournalContents: Sendable, Hashable {
    public let header: JournalHeader
    public let records: [JournalRecord]
    /// Set when the file ended in bytes that are not a valid line. `Journal.read` leaves them on
    /// disk; `Journal.open` archives and truncates them before anything is appended.
    public let tornTail: JournalTornTail?
    /// The file's bytes, kept by `Journal.read` only: `Journal.open(knownContents:)` compares
    /// them with the file's bytes then. Not part of equality: they are what the rest came from.
    let bytes: [UInt8]?

    public static func == (lhs: JournalContents, rhs: JournalContents) -> Bool {
        lhs.header == rhs.header && lhs.records == rhs.records && lhs.tornTail == rhs.tornTail
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(header)
        hasher.combine(records)
        hasher.combine(tornTail)
    }
}
