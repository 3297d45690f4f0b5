import Durable
import Foundation

extension Ledger {
    /// Removes the temporary files a killed run left under `paths.root` (recovery §3.5 step 6):
    /// only names `AtomicFile` makes, `.<name>.durable-tmp.<pid>.<16 hex digits>`, which nothing
    /// but an unfinished atomic write can have left behind. Safe only under the job's lock, which
    /// `lock` must be. Returns the removed paths, relative to the root, sorted.
    @discardableResult
    public static func removeTemporaryFiles(_ paths: LedgerPaths, lock: ExclusiveLock) throws -> [String] {
        guard lock.isHeld else { throw JournalError.lockNotHeld(path: paths.lock) }
        // Every run walks the whole job folder, thousands of names: listed as bytes, and only a
        // name holding the marker is looked at closely. Links are not followed.
        let marker = Array(AtomicFile.temporaryFileMarker.utf8)
        var removed: [String] = []
        var folders = [""]
        while let folder = folders.popLast() {
            guard let entries = DirectoryEntries.list(folder.isEmpty ? paths.root : paths.root + "/" + folder) else {
                continue
            }
            // Names that are not UTF-8 were never made by skillhost, whose paths are strings.
            for (bytes, kind) in entries {
                let candidate = bytes.first == UInt8(ascii: ".") && ByteText.contains(bytes, marker)
                guard candidate || kind == .directory, let name = String(validating: bytes, as: UTF8.self) else {
                    continue
                }
                let relative = folder.isEmpty ? name : folder + "/" + name
                if candidate, isTemporaryFileName(name) {
                    try FileManager.default.removeItem(atPath: paths.root + "/" + relative)
                    removed.append(relative)
                } else if kind == .directory {
                    folders.append(relative)
                }
            }
        }
        return removed.sorted()
    }

    /// Whether `name` is `.<something>` + marker + `.<digits>.<16 lowercase hex digits>`.
    static func isTemporaryFileName(_ name: String) -> Bool {
        guard name.hasPrefix("."),
            let range = name.range(of: AtomicFile.temporaryFileMarker + ".", options: .backwards),
            range.lowerBound > name.index(after: name.startIndex)
        else { return false }
        let parts = name[range.upperBound...].split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy(\.isASCII), parts[0].allSatisfy(\.isNumber),
            parts[1].count == 16, parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase })
        else { return false }
        return true
    }
}
