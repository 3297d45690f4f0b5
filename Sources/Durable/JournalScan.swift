import Foundation

/// The recovery scan of a journal's bytes (ledger design §3.5 step 4).
///
/// Line 1 must be a complete header that verifies. After it, `validLength` is the offset just
/// past the last line that verifies; everything after that is the torn tail. A complete line that
/// does not verify but is followed by one that does is corruption, not a crash artefact, and is
/// refused with its line number.
struct JournalScan {
    let header: JournalHeader
    let records: [JournalRecord]
    /// Bytes of the valid prefix: header plus verified records.
    let validLength: Int
    /// The line number just after the valid prefix.
    let nextLine: Int

    enum Mode {
        /// Tolerate a torn tail, refuse corruption before a valid line.
        case recover
        /// Keep the prefix before the first line that does not verify, whatever follows it.
        case salvage
    }

    init(_ bytes: [UInt8], path: String, format: JournalFormat, mode: Mode = .recover)
        throws(JournalError)
    {
        guard !bytes.isEmpty else { throw .headerDamaged(path: path, reason: "empty file") }
        guard let headerEnd = bytes.firstIndex(of: JournalLine.newline) else {
            throw .headerDamaged(path: path, reason: "incomplete line")
        }
        let headerPayload: [UInt8]
        do {
            headerPayload = try JournalLine.decode(bytes[..<headerEnd])
        } catch {
            throw .headerDamaged(path: path, reason: error.description)
        }
        header = try Self.parseHeader(headerPayload, path: path, format: format)

        var records: [JournalRecord] = []
        var offset = headerEnd + 1
        var line = 2
        var validLength = offset
        var nextLine = line
        var firstDefect: (line: Int, defect: JournalLine.Defect)?
        scanning: while offset < bytes.count,
            let end = bytes[offset...].firstIndex(of: JournalLine.newline)
        {
            switch Self.decode(bytes[offset..<end]) {
            case .success(let payload):
                if let defect = firstDefect {
                    if mode == .salvage { break scanning }
                    throw .corruptLine(
                        path: path, line: defect.line, reason: defect.defect.description)
                }
                records.append(JournalRecord(line: line, payload: Data(payload)))
                validLength = end + 1
                nextLine = line + 1
            case .failure(let defect):
                if firstDefect == nil { firstDefect = (line, defect) }
                if mode == .salvage { break scanning }
            }
            offset = end + 1
            line += 1
        }
        self.records = records
        self.validLength = validLength
        self.nextLine = nextLine
    }

    private static func decode(_ line: ArraySlice<UInt8>) -> Result<[UInt8], JournalLine.Defect> {
        Result { () throws(JournalLine.Defect) in try JournalLine.decode(line) }
    }

    /// Reads the header's members and checks the format name and the schema range.
    private static func parseHeader(_ payload: [UInt8], path: String, format: JournalFormat)
        throws(JournalError) -> JournalHeader
    {
        let members: [String: HeaderValue]
        do {
            members = try JSONDecoder().decode([String: HeaderValue].self, from: Data(payload))
        } catch {
            throw .headerDamaged(path: path, reason: "not a JSON object")
        }
        guard case .string("header") = members["kind"] else {
            throw .headerDamaged(path: path, reason: "its kind is not \"header\"")
        }
        guard case .string(let name) = members["format"] else {
            throw .headerDamaged(path: path, reason: "no format name")
        }
        guard name == format.name else {
            throw .wrongFormat(path: path, found: name, expected: format.name)
        }
        guard case .int(let schema) = members["schema"] else {
            throw .headerDamaged(path: path, reason: "schema is not an integer")
        }
        if schema > format.schema {
            throw .newerSchema(
                path: path, schema: schema, newestSupported: format.schema,
                producer: format.producer)
        }
        if schema < format.oldestReadableSchema {
            throw .olderSchema(
                path: path, schema: schema, oldestSupported: format.oldestReadableSchema,
                producer: format.producer)
        }
        var fields: [String: String] = [:]
        for (key, value) in members where !JournalHeader.reservedKeys.contains(key) {
            if case .string(let text) = value { fields[key] = text }
        }
        return JournalHeader(format: name, schema: schema, fields: fields, payload: Data(payload))
    }

    /// The header line for a new journal: its own members plus the caller's string fields, keys
    /// sorted, compact.
    static func headerPayload(format: JournalFormat, fields: [String: String]) throws(JournalError)
        -> [UInt8]
    {
        if let key = fields.keys.sorted().first(where: JournalHeader.reservedKeys.contains) {
            throw .invalidPayload(reason: "the header field \"\(key)\" is the journal's own")
        }
        var members = fields.mapValues(HeaderValue.string)
        members["kind"] = .string("header")
        members["format"] = .string(format.name)
        members["schema"] = .int(format.schema)
        members["lineSum"] = .string("sha256/16")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(members))
        } catch {
            throw .invalidPayload(reason: "the header cannot be encoded: \(error)")
        }
    }
}

/// A header member: the journal reads strings and integers, and skips anything else.
private enum HeaderValue: Codable {
    case string(String)
    case int(Int)
    case other

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .int(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else {
            self = .other
        }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .int(let number): try container.encode(number)
        case .other: try container.encodeNil()
        }
    }
}
