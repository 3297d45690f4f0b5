/// Just enough of a Quartz cron expression to tell how often it fires within a day: the seconds,
/// minutes and hours fields expanded, the day fields checked for Quartz's `?` rule.
///
/// `0 */5 * * * ?` fires every 5 minutes; `0 30 2 * * ?` once a day. The day fields are not
/// expanded: the minimum interval assumes two consecutive days can both fire, which is the
/// conservative answer for a frequency check.
public struct QuartzCron: Sendable, Hashable {
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Sorted, distinct values of each time field.
    public var seconds: [Int]
    public var minutes: [Int]
    public var hours: [Int]
    public var dayOfMonth: String
    public var month: String
    public var dayOfWeek: String
    public var year: String?

    public init(_ expression: String) throws(ParseError) {
        let fields = expression.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 6 || fields.count == 7 else {
            throw ParseError(message: "a Quartz expression has 6 or 7 fields (seconds first), found \(fields.count)")
        }
        seconds = try Self.expand(fields[0], name: "seconds", range: 0...59)
        minutes = try Self.expand(fields[1], name: "minutes", range: 0...59)
        hours = try Self.expand(fields[2], name: "hours", range: 0...23)
        dayOfMonth = fields[3]
        month = fields[4]
        dayOfWeek = fields[5]
        year = fields.count == 7 ? fields[6] : nil
        guard (dayOfMonth == "?") != (dayOfWeek == "?") else {
            throw ParseError(
                message: "exactly one of day-of-month ('\(dayOfMonth)') and day-of-week ('\(dayOfWeek)') must be '?'")
        }
    }

    /// Fire times within a day, in seconds after midnight.
    public var timesOfDay: [Int] {
        hours.flatMap { hour in minutes.flatMap { minute in seconds.map { hour * 3600 + minute * 60 + $0 } } }.sorted()
    }

    /// The shortest gap between two consecutive fire times, in seconds: within a day, and from a
    /// day's last time to the next day's first (86,400 when it fires once a day).
    public var minimumIntervalSeconds: Int {
        let times = timesOfDay
        var shortest = times[0] + 86_400 - times[times.count - 1]
        for (earlier, later) in zip(times, times.dropFirst()) { shortest = min(shortest, later - earlier) }
        return shortest
    }

    /// `300` → `5 min`, `90` → `1 min 30 s`, `5400` → `1 h 30 min`.
    public static func describe(seconds total: Int) -> String {
        let parts = [(total / 3600, "h"), (total % 3600 / 60, "min"), (total % 60, "s")].filter { $0.0 > 0 }
        return parts.isEmpty ? "0 s" : parts.map { "\($0.0) \($0.1)" }.joined(separator: " ")
    }

    /// `*`, `n`, `a-b` (wrapping when a > b), each with an optional `/step`; `n/step` runs to the
    /// end of the range; items separated by commas.
    private static func expand(_ field: String, name: String, range: ClosedRange<Int>) throws(ParseError) -> [Int] {
        var values: Set<Int> = []
        for item in field.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2 else {
                throw ParseError(message: "\(name) field '\(field)': more than one '/' in '\(item)'")
            }
            var step = 1
            if parts.count == 2 {
                guard let parsed = Int(parts[1]), parsed >= 1 else {
                    throw ParseError(message: "\(name) field '\(field)': step '\(parts[1])' is not a positive number")
                }
                step = parsed
            }
            let base = parts[0]
            var sequence: [Int]
            if base == "*" {
                sequence = Array(range)
            } else if let dash = base.firstIndex(of: "-") {
                let low = try number(base[..<dash], name: name, field: field, range: range)
                let high = try number(base[base.index(after: dash)...], name: name, field: field, range: range)
                sequence =
                    low <= high ? Array(low...high) : Array(low...range.upperBound) + Array(range.lowerBound...high)
            } else {
                let start = try number(base, name: name, field: field, range: range)
                sequence = parts.count == 2 ? Array(start...range.upperBound) : [start]
            }
            values.formUnion(sequence.enumerated().filter { $0.offset % step == 0 }.map(\.element))
        }
        return values.sorted()
    }

    private static func number(_ text: Substring, name: String, field: String, range: ClosedRange<Int>)
        throws(ParseError) -> Int
    {
        guard let value = Int(text), range.contains(value) else {
            throw ParseError(
                message:
                    "\(name) field '\(field)': '\(text)' is not a number from \(range.lowerBound) to \(range.upperBound)"
            )
        }
        return value
    }
}
