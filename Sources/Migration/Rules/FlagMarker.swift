/// The marker line a flagged cell gets: `# [aidp-migrate FLAG <CODE>] <reason>` in the cell's
/// comment syntax.
enum FlagMarker {
    static let tag = "[aidp-migrate FLAG "

    static func line(prefix: String, codes: [String], reasons: [String]) -> String {
        let joined = reasons.joined(separator: "; ")
        // Foundation's replacing took about 0.7% of a run's CPU when every flagged cell called
        // it; only the rare reason that spans lines needs it.
        let reason = joined.utf8.contains(ByteText.newline) ? joined.replacingOccurrences(of: "\n", with: " ") : joined
        return prefix + " " + tag + codes.joined(separator: ",") + "] " + reason
    }

    /// Removes a marker line at the top of a body (after blank lines), if there is one.
    static func strip(_ body: String) -> String {
        guard ByteText.contains(body, tag) else { return body }
        var lines = ByteText.lines(body)
        guard let index = lines.firstIndex(where: { !ByteText.isBlankLine($0, countingCR: false) }) else { return body }
        let line = lines[index].drop { $0 == " " || $0 == "\t" }
        for prefix in ["# ", "-- ", "// "] where line.hasPrefix(prefix + tag) {
            lines.remove(at: index)
            return lines[index...].joined(separator: "\n")
        }
        return body
    }
}
