import Foundation

/// `{{…}}` references in job and task parameter values (migration.md §9.1).
public enum DynamicReferences {
    /// The references AIDP resolves; `job.parameters.<name>` besides.
    public static let supported: Set<String> = [
        "job.id", "job.run_id", "job.name", "job.trigger.type", "task.name", "task.run_id", "job.repair_count",
    ]

    /// Every `{{…}}` in `text`, inner text trimmed, in order of appearance. An unclosed `{{`
    /// stays literal, as on Databricks.
    public static func references(in text: String) -> [String] {
        // Scanned as bytes: Foundation's `range(of:)` and trimming were most of a big job's
        // translation time.
        var text = text
        return text.withUTF8 { bytes in
            var found: [String] = []
            var index = 0
            while let open = pair(UInt8(ascii: "{"), in: bytes, from: index),
                let close = pair(UInt8(ascii: "}"), in: bytes, from: open + 2)
            {
                let inner = bytes[(open + 2)..<close]
                if inner.allSatisfy({ $0 < 0x80 }) {
                    let trimmed = inner.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }
                    found.append(String(decoding: trimmed.reversed(), as: UTF8.self))
                } else {
                    found.append(String(decoding: inner, as: UTF8.self).trimmingCharacters(in: .whitespaces))
                }
                index = close + 2
            }
            return found
        }
    }

    /// Offset of the first two consecutive `byte`s at or after `start`.
    private static func pair(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == byte, bytes[index + 1] == byte { return index }
            index += 1
        }
        return nil
    }

    public static func isSupported(_ reference: String) -> Bool {
        let parameterPrefix = "job.parameters."
        if reference.hasPrefix(parameterPrefix) { return reference.count > parameterPrefix.count }
        return supported.contains(reference)
    }

    /// The references AIDP does not resolve, written `{{name}}`, each once, in order.
    public static func unsupported(in text: String) -> [String] {
        references(in: text).filter { !isSupported($0) }.uniqued().map { "{{\($0)}}" }
    }
}
