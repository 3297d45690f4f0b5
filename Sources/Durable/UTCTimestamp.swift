import Foundation

/// UTC timestamps with millisecond precision, computed arithmetically so no locale, calendar or
/// time-zone setting can change them.
public enum UTCTimestamp {
    /// `2026-05-21T10:00:00.123Z`.
    public static func iso8601(_ date: Date) -> String {
        let parts = Parts(date)
        return "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))T"
            + "\(pad(parts.hour, 2)):\(pad(parts.minute, 2)):\(pad(parts.second, 2))."
            + "\(pad(parts.millisecond, 3))Z"
    }

    /// `20260521T100000.123Z`: the same instant, fit for a file name.
    public static func compact(_ date: Date) -> String {
        let parts = Parts(date)
        return "\(pad(parts.year, 4))\(pad(parts.month, 2))\(pad(parts.day, 2))T"
            + "\(pad(parts.hour, 2))\(pad(parts.minute, 2))\(pad(parts.second, 2))."
            + "\(pad(parts.millisecond, 3))Z"
    }

    private struct Parts {
        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millisecond = 0

        init(_ date: Date) {
            let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
            var days = milliseconds / 86_400_000
            var rest = milliseconds % 86_400_000
            if rest < 0 {
                rest += 86_400_000
                days -= 1
            }
            millisecond = Int(rest % 1000)
            second = Int(rest / 1000 % 60)
            minute = Int(rest / 60_000 % 60)
            hour = Int(rest / 3_600_000)
            // Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's civil_from_days).
            let z = days + 719_468
            let era = (z >= 0 ? z : z - 146_096) / 146_097
            let dayOfEra = z - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let monthIndex = (5 * dayOfYear + 2) / 153
            day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
            month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
            year = Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0))
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
