import Durable
import Foundation

/// A notebook as the planner needs it: where it is, its parsed source, and the notebooks it
/// `%run`s or starts.
struct LoadedNotebook: Sendable {
    var key: String
    var location: SourceLocator.Location
    var source: NotebookUnit.Source
    var notebook: SourceNotebook?
    /// The notebooks it `%run`s or starts, in the order they appear: found once here, for the
    /// closure and for the ledger.
    private(set) var dependencies: [NotebookDependency]
    /// Keys of the notebooks it depends on, in the order they appear: read by both the loader's
    /// waves and the planner, so normalised once for the two.
    private(set) var dependencyKeys: [String] = []

    init(key: String, location: SourceLocator.Location) {
        self.key = key
        self.location = location
        self.dependencies = []
        switch location {
        case .escapes(let why):
            source = .unavailable(why)
        case .missing(let tried):
            source = .unavailable(
                "not found in the source folder (looked for \(tried.prefix(6).joined(separator: ", ")))")
        case .found(let path, let relativePath):
            guard let data = FileManager.default.contents(atPath: path) else {
                source = .unavailable("cannot read \(relativePath)")
                return
            }
            do {
                let notebook = try NotebookReader.read(data: data, relativePath: relativePath)
                let hashes = LedgerSource.hashes(of: data)
                let file = SourceFile(
                    relativePath: relativePath, sha256: hashes.sha256, canonicalSHA256: hashes.canonicalSHA256,
                    byteCount: data.count)
                source = .loaded(file)
                self.notebook = notebook
                dependencies = NotebookRewriter.dependencies(of: notebook)
                dependencyKeys = dependencies.compactMap { NotebookUnit.key($0.workspacePath) }
            } catch {
                source = .unavailable("\(error)")
            }
        }
    }
}

/// Reads every notebook reachable from the tasks, in waves: all notebooks known so far are read
/// and parsed in parallel, then the ones they name that are not read yet, until none is new.
/// Which notebooks are read does not depend on scheduling, so neither does the plan.
enum NotebookClosureLoader {
    static func load(startingFrom roots: [String], locator: SourceLocator) -> [String: LoadedNotebook] {
        var loaded: [String: LoadedNotebook] = [:]
        var wave = roots.uniqued()
        while !wave.isEmpty {
            let notebooks = wave.concurrentMap(minimumCount: 2) { key in
                LoadedNotebook(key: key, location: locator.locate(workspacePath: key))
            }
            var next: [String] = []
            for notebook in notebooks {
                loaded[notebook.key] = notebook
                next += notebook.dependencyKeys
            }
            wave = next.filter { loaded[$0] == nil }.uniqued()
        }
        return loaded
    }
}
