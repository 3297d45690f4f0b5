import Foundation
import JSON
import Migration
import Testing

/// The end-to-end fixture corpus (`Fixtures/corpus/`, original files written for skillhost): a
/// Databricks job, its exported notebooks and a config, migrated with `MigrationPreparer.prepare`
/// + `MigrationExecutor.apply` into a temporary folder and compared with the golden outputs under
/// `Fixtures/corpus/expected/`, first cell by cell (readable failures), then byte for byte.
///
/// `SKILLHOST_REGENERATE_CORPUS=1 swift test --filter Corpus` rewrites `expected/` from the
/// current rules. Review the diff against migration.md §7 before committing it: a golden that
/// encodes a bug is worse than none (see `Fixtures/corpus/README.md`).
enum Corpus {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures/corpus")
    static var jobFile: String { root.appendingPathComponent("job.json").path }
    static var source: String { root.appendingPathComponent("source").path }
    static var expected: URL { root.appendingPathComponent("expected") }
    /// `WorkspacePaths.safeJobName("corpus nightly")`.
    static let jobFolderName = "corpus_nightly"

    static func config() throws -> MigrationConfig {
        let data = try Data(contentsOf: root.appendingPathComponent("config.json"))
        return try MigrationConfig(json: JSONCoding.decode(data))
    }

    /// The files of a migrated job folder, by path relative to it, without the ledger folder and
    /// without `manifest.json` (it records where the inputs were, which differs per machine).
    static func outputs(of jobFolder: String) throws -> [String: Data] {
        try Folder.files(under: jobFolder).filter { path, _ in
            !path.hasPrefix(LedgerPaths.folderName + "/") && path != "manifest.json"
        }
    }

    /// The corpus migrated once into a fresh folder; shared by the corpus tests.
    static let run: Result<CorpusRun, any Error> = Result {
        try Folder.withTemporary { base in
            let prepared = try MigrationPreparer.prepare(
                jobFile: jobFile, sourceRoot: Folder.realPath(source), outputBase: base, config: config(), force: false)
            let outcome = try MigrationExecutor.apply(prepared, approved: [], toolVersion: "corpus-test")
            let first = try outputs(of: prepared.jobFolder)
            // A second run on the same inputs: nothing to do, nothing written.
            let again = try MigrationPreparer.prepare(
                jobFile: jobFile, sourceRoot: Folder.realPath(source), outputBase: base, config: config(), force: false)
            let second = try MigrationExecutor.apply(again, approved: [], toolVersion: "corpus-test")
            return CorpusRun(
                files: first, written: outcome.written, failed: outcome.failed.map(\.path),
                secondRunWritten: second.written, secondRunFiles: try outputs(of: again.jobFolder),
                decisions: Dictionary(
                    again.outputs.map { ($0.path, $0.decision.row.rawValue) }, uniquingKeysWith: { $1 }))
        }
    }

    static func result() throws -> CorpusRun {
        try run.get()
    }
}

struct CorpusRun: Sendable {
    var files: [String: Data]
    var written: [String]
    var failed: [String]
    var secondRunWritten: [String]
    var secondRunFiles: [String: Data]
    var decisions: [String: String]

    var notebooks: [String: Data] { files.filter { $0.key.hasPrefix("notebooks/") } }

    func json(_ path: String) throws -> JSONValue {
        try JSONCoding.decode(try #require(files[path], "\(path) was not written"))
    }
}

/// Temporary folders and file trees for the migration tests.
enum Folder {
    /// Runs `body` with a fresh, real (symlink-free) temporary folder, removed afterwards.
    static func withTemporary<T>(_ body: (String) throws -> T) throws -> T {
        let base = realPath(NSTemporaryDirectory()) + "/skillhost-corpus-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        return try body(base)
    }

    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Every regular file under `folder`, by path relative to it.
    static func files(under folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return files }
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = folder + "/" + relative
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            files[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
        }
        return files
    }

    static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    static func write(_ data: Data, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path))
    }
}

/// The parts of an output cell the golden comparison names when they differ.
struct GoldenCell: Equatable {
    var cellType: String?
    var source: String
    var type: String?
    var status: String?
    var rules: [String]
    var flags: [String]
    var notes: [String]
    var title: String?

    init(_ cell: JSONValue) {
        cellType = cell["cell_type"]?.stringValue
        source = (cell["source"]?.arrayValue ?? []).compactMap(\.stringValue).joined()
        type = cell["metadata"]?["type"]?.stringValue
        let migration = cell["metadata"]?["aidp_migration"]
        status = migration?["status"]?.stringValue
        rules = (migration?["rules"]?.arrayValue ?? []).compactMap(\.stringValue)
        flags = (migration?["flags"]?.arrayValue ?? []).compactMap(\.stringValue)
        notes = (migration?["notes"]?.arrayValue ?? []).compactMap(\.stringValue)
        title = migration?["title"]?.stringValue
    }

    /// `(field, expected, actual)` for every field that differs.
    func differences(from actual: GoldenCell) -> [(String, String, String)] {
        var differences: [(String, String, String)] = []
        func check(_ field: String, _ expected: String, _ got: String) {
            if expected != got { differences.append((field, expected, got)) }
        }
        check("cell_type", cellType ?? "nil", actual.cellType ?? "nil")
        check("source", source, actual.source)
        check("metadata.type", type ?? "nil", actual.type ?? "nil")
        check("metadata.aidp_migration.status", status ?? "nil", actual.status ?? "nil")
        check("metadata.aidp_migration.rules", rules.joined(separator: ", "), actual.rules.joined(separator: ", "))
        check("metadata.aidp_migration.flags", flags.joined(separator: ", "), actual.flags.joined(separator: ", "))
        check("metadata.aidp_migration.notes", notes.joined(separator: "\n"), actual.notes.joined(separator: "\n"))
        check("metadata.aidp_migration.title", title ?? "nil", actual.title ?? "nil")
        return differences
    }
}

@Suite(.serialized) struct CorpusGoldenTests {
    /// The files of `expected/`, by path relative to it.
    private func golden() throws -> [String: Data] {
        try Folder.files(under: Corpus.expected.path)
    }

    /// Writes the current outputs over `expected/` when `SKILLHOST_REGENERATE_CORPUS=1`.
    private func regenerateIfAsked(_ run: CorpusRun) throws {
        guard ProcessInfo.processInfo.environment["SKILLHOST_REGENERATE_CORPUS"] == "1" else { return }
        let folder = Corpus.expected.path
        try? FileManager.default.removeItem(atPath: folder + "/notebooks")
        for (path, data) in run.files {
            try Folder.write(data, to: folder + "/" + path)
        }
    }

    @Test func theCorpusMigratesWithoutFailedWrites() throws {
        let run = try Corpus.result()
        try regenerateIfAsked(run)
        #expect(run.failed.isEmpty, "\(run.failed)")
        #expect(
            Set(run.written) == Set(run.files.keys).union(["manifest.json"]), "every output is written on the first run"
        )
    }

    @Test func everyMigratedNotebookMatchesItsGoldenCellByCell() throws {
        let run = try Corpus.result()
        try regenerateIfAsked(run)
        let expected = try golden().filter { $0.key.hasPrefix("notebooks/") }
        #expect(expected.count >= 20, "the corpus has a golden notebook per migrated notebook")
        #expect(
            Set(run.notebooks.keys) == Set(expected.keys),
            "notebooks written but not expected: \(Set(run.notebooks.keys).subtracting(expected.keys).sorted()); expected but not written: \(Set(expected.keys).subtracting(run.notebooks.keys).sorted())"
        )
        for (path, goldenData) in expected.sorted(by: { $0.key < $1.key }) {
            guard let actualData = run.files[path] else { continue }
            let goldenCells = try JSONCoding.decode(goldenData)["cells"]?.arrayValue ?? []
            let actualCells = try JSONCoding.decode(actualData)["cells"]?.arrayValue ?? []
            #expect(
                actualCells.count == goldenCells.count,
                "\(path): \(actualCells.count) cells, expected \(goldenCells.count)")
            for (index, (want, got)) in zip(goldenCells, actualCells).enumerated() {
                for (field, wanted, found) in GoldenCell(want).differences(from: GoldenCell(got)) {
                    Issue.record(
                        "\(path) cell \(index) \(field):\n  expected: \(wanted.debugDescription)\n  actual:   \(found.debugDescription)"
                    )
                }
            }
            #expect(actualData == goldenData, "\(path) differs from its golden file byte for byte")
        }
    }

    @Test(arguments: ["aidp-job.json", "report.json", "JOB_REPORT.md"])
    func derivedFileMatchesItsGolden(_ name: String) throws {
        let run = try Corpus.result()
        try regenerateIfAsked(run)
        let actual = try #require(run.files[name], "\(name) was not written")
        let golden = try Data(contentsOf: Corpus.expected.appendingPathComponent(name))
        if actual != golden {
            // Name the first differing line, then fail on the bytes.
            let want = String(decoding: golden, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let got = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            if let line = zip(want, got).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
                Issue.record(
                    "\(name) line \(line.offset + 1):\n  expected: \(line.element.0)\n  actual:   \(line.element.1)")
            } else {
                Issue.record("\(name): \(got.count) lines, expected \(want.count)")
            }
        }
        #expect(actual == golden, "\(name) differs from expected/\(name)")
    }

    @Test func aSecondRunOnTheSameInputsWritesNothingAndChangesNoByte() throws {
        let run = try Corpus.result()
        #expect(run.secondRunWritten.isEmpty, "\(run.secondRunWritten)")
        #expect(run.secondRunFiles == run.files)
        let notUpToDate = run.decisions.filter { $0.value != LedgerDecision.Row.upToDate.rawValue }
        #expect(notUpToDate.isEmpty, "\(notUpToDate)")
    }

    /// Migration never drops a cell (migration.md §5.7, §7 S-01): each output has the number of
    /// non-empty chunks of its source.
    @Test func cellCountsArePreserved() throws {
        let run = try Corpus.result()
        let report = try run.json("report.json")
        for notebook in report["notebooks"]?.arrayValue ?? [] {
            guard let output = notebook["output"]?.stringValue, let data = run.files[output] else { continue }
            let cells = try JSONCoding.decode(data)["cells"]?.arrayValue ?? []
            #expect(Int64(cells.count) == notebook["cells"]?["cells"]?.intValue, "\(output)")
        }
        let magics = try JSONCoding.decode(
            try #require(run.files["notebooks/Users/mei.tanaka@example.com/corpus/platform/magics.ipynb"]))
        // 31 chunks between separators, one of them empty.
        #expect(magics["cells"]?.arrayValue?.count == 30)
    }

    /// Every written notebook is nbformat 4.5 with unique, deterministic cell ids.
    @Test func notebooksAreNbformat45WithUniqueIDs() throws {
        let run = try Corpus.result()
        for (path, data) in run.notebooks {
            let document = try JSONCoding.decode(data)
            #expect(document["nbformat"] == 4 && document["nbformat_minor"] == 5, "\(path)")
            let cells = document["cells"]?.arrayValue ?? []
            let ids = cells.compactMap { $0["id"]?.stringValue }
            #expect(ids.count == cells.count && Set(ids).count == ids.count, "\(path)")
            let relative = String(path.dropFirst("notebooks/".count))
            #expect(
                ids.enumerated().allSatisfy {
                    $0.element == NotebookCellID.make(outputRelativePath: relative, index: $0.offset)
                }, "\(path)")
            #expect(
                cells.allSatisfy { $0["metadata"]?["type"]?.stringValue != nil },
                "\(path): every cell has metadata.type")
        }
    }
}
