import Durable
import Foundation

/// Every file a run writes lies in a folder under the job folder. A symbolic link among those
/// folders would carry notebooks, reports or the ledger out of `outputBase`, so a run refuses to
/// start, or to write, while one is there: nothing is written outside `outputBase`.
struct OutputFolderLinks {
    private let outputBase: String
    private var realFolders: Set<String> = []

    /// `outputBase` as the run resolved it: a link there is the person's own choice of folder.
    init(outputBase: String) {
        self.outputBase = outputBase
    }

    /// The folders every run uses: the job folder, its `.skillhost` with the quarantine, and
    /// `notebooks`.
    static func fixedFolders(jobFolder: String) -> [String] {
        [LedgerPaths(root: jobFolder).quarantine, jobFolder + "/" + WorkspacePaths.notebooksFolder]
    }

    /// The folders the outputs at these paths (relative to the job folder) go into, each once.
    static func folders(of relativePaths: some Sequence<String>, jobFolder: String) -> [String] {
        var folders: [String] = []
        var seen: Set<Substring> = []
        for path in relativePaths {
            let parent = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { path[..<$0] } ?? ""
            if seen.insert(parent).inserted { folders.append(parent.isEmpty ? jobFolder : jobFolder + "/" + parent) }
        }
        return folders
    }

    /// Throws when a component of one of `folders` (absolute, under `outputBase`) is a link.
    mutating func refuse(_ folders: some Sequence<String>) throws(MigrationInputError) {
        for folder in folders {
            let link: String?
            do {
                link = try Directories.firstLink(below: outputBase, in: folder, realFolders: &realFolders)
            } catch {
                throw MigrationInputError(
                    "cannot check the output folder \(folder): \(error)",
                    nextStep: "Make the folder readable, or choose another outputBase.")
            }
            guard let link else { continue }
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: link)).map { " to \($0)" } ?? ""
            throw MigrationInputError(
                "'\(link)' is a symbolic link\(target); writing through it would put files outside outputBase "
                    + "\(outputBase)",
                nextStep: "Remove the link (a real folder may take its place), or choose another outputBase.")
        }
    }
}
