import Durable
import Foundation
import JSON
import Migration
import Testing

/// A small job written into a temporary folder: `source/` (the export), `job.json`, and `out/`
/// (the output base). Tests edit the files between runs.
struct RunFixture {
    let base: String
    var source: String { base + "/source" }
    var jobFile: String { base + "/job.json" }
    var outputBase: String { base + "/out" }
    var jobFolder: String { outputBase + "/" + jobName }
    let jobName: String

    static let tasksJob = """
        {"name": "run tests", "tasks": [
          {"task_key": "load", "notebook_task": {"notebook_path": "/Users/u/etl/load"}},
          {"task_key": "report", "depends_on": [{"task_key": "load"}], "notebook_task": {"notebook_path": "/Users/u/etl/report"}},
          {"task_key": "sql", "depends_on": [{"task_key": "load"}], "notebook_task": {"notebook_path": "/Users/u/etl/tables"}}
        ]}
        """

    /// Three tasks, one shared `%run` dependency; `tables` reads a three-part name of catalog `main`.
    static let notebooks: [String: String] = [
        "Users/u/etl/load.py": """
        # Databricks notebook source
        # MAGIC %run ./lib/common

        # COMMAND ----------

        rows = spark.read.csv("/mnt/raw/in").count()
        dbutils.jobs.taskValues.set(key="rows", value=rows)
        """,
        "Users/u/etl/report.py": """
        # Databricks notebook source
        # MAGIC %md # Report

        # COMMAND ----------

        # MAGIC %run ./lib/common

        # COMMAND ----------

        print(COMMON)
        """,
        "Users/u/etl/tables.sql": """
        -- Databricks notebook source
        SELECT * FROM main.sales.orders
        """,
        "Users/u/etl/lib/common.py": """
        # Databricks notebook source
        COMMON = "ready"
        """,
    ]

    /// The notebook outputs, relative to the job folder.
    static let outputs = [
        "notebooks/Users/u/etl/lib/common.ipynb", "notebooks/Users/u/etl/load.ipynb",
        "notebooks/Users/u/etl/report.ipynb",
        "notebooks/Users/u/etl/tables.ipynb",
    ]

    init(
        base: String, job: String = Self.tasksJob, notebooks: [String: String] = Self.notebooks,
        jobName: String = "run_tests"
    ) throws {
        self.base = base
        self.jobName = jobName
        try Folder.write(job, to: jobFile)
        for (path, text) in notebooks { try Folder.write(text + "\n", to: source + "/" + path) }
        try FileManager.default.createDirectory(atPath: outputBase, withIntermediateDirectories: true)
    }

    static func with<T>(
        job: String = tasksJob, notebooks: [String: String] = notebooks, jobName: String = "run_tests",
        _ body: (RunFixture) throws -> T
    ) throws -> T {
        try Folder.withTemporary { base in
            try body(RunFixture(base: base, job: job, notebooks: notebooks, jobName: jobName))
        }
    }

    static let config = MigrationConfig(
        catalogMap: ["main": "default"], pathMap: ["/mnt/raw": "oci://raw@tenancy/landing"])

    func prepare(
        config: MigrationConfig = Self.config, force: Bool = false, observer: MigrationPreparer.Observer = .init()
    ) throws -> PreparedMigration {
        try MigrationPreparer.prepare(
            jobFile: jobFile, sourceRoot: source, outputBase: outputBase, config: config, force: force,
            observer: observer)
    }

    @discardableResult
    func apply(
        _ prepared: PreparedMigration, approved: Set<String> = [], observer: MigrationPreparer.Observer = .init(),
        batchSize: Int? = nil
    ) throws
        -> MigrationExecutor.Outcome
    {
        try MigrationExecutor.apply(
            prepared, approved: approved, toolVersion: "run-test", observer: observer, batchSize: batchSize)
    }

    /// Prepares and applies; `approve` approves every guarded output of the plan.
    @discardableResult
    func migrate(config: MigrationConfig = Self.config, force: Bool = false, approveAll: Bool = false) throws
        -> MigrationExecutor.Outcome
    {
        let prepared = try prepare(config: config, force: force)
        let approved =
            approveAll
            ? Set(prepared.outputs.filter(\.decision.action.needsConfirmation).map { jobFolder + "/" + $0.path }) : []
        return try apply(prepared, approved: approved)
    }

    /// The job folder's files, without the ledger folder.
    func outputs() throws -> [String: Data] {
        try Folder.files(under: jobFolder).filter { !$0.key.hasPrefix(LedgerPaths.folderName + "/") }
    }

    /// The files moved to quarantine, by path relative to `.skillhost/quarantine/<time>/`.
    func quarantined() throws -> [String: Data] {
        let folder = jobFolder + "/" + LedgerPaths.folderName + "/quarantine"
        var files: [String: Data] = [:]
        for (path, data) in try Folder.files(under: folder) {
            // <UTC time>/<relative path>
            guard let slash = path.firstIndex(of: "/") else { continue }
            files[String(path[path.index(after: slash)...])] = data
        }
        return files
    }

    func read(_ output: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: jobFolder + "/" + output))
    }

    func write(_ text: String, toOutput output: String) throws {
        try Folder.write(text, to: jobFolder + "/" + output)
    }

    func writeSource(_ path: String, _ text: String) throws {
        try Folder.write(text + "\n", to: source + "/" + path)
    }

    func report() throws -> JSONValue {
        try JSONCoding.decode(read("report.json"))
    }

    /// The report's `errors`.
    func reportErrors() throws -> [String] {
        (try report()["errors"]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    func taskStatuses() throws -> [String: String] {
        var statuses: [String: String] = [:]
        for task in try report()["tasks"]?.arrayValue ?? [] {
            if let key = task["task"]?.stringValue { statuses[key] = task["status"]?.stringValue }
        }
        return statuses
    }

    /// The ledger's records about `key`, oldest first, as the JSON on disk.
    func ledgerRecords(key: String) throws -> [JSONValue] {
        let ledger = try String(contentsOfFile: LedgerPaths(root: jobFolder).ledger, encoding: .utf8)
        return try ledger.split(separator: "\n").map { try JSONCoding.decode(Data($0.utf8)) }
            .filter { $0["key"]?.stringValue == key }
    }

    /// Ledger row 6's setup after a run: `load`'s output edited by hand and its source changed.
    /// Returns the path of the output and the edited text.
    func editLoadAndChangeItsSource() throws -> (path: String, edited: String) {
        let path = "notebooks/Users/u/etl/load.ipynb"
        let edited = handEdited(try read(path))
        try write(edited, toOutput: path)
        try writeSource("Users/u/etl/load.py", Self.notebooks["Users/u/etl/load.py"]! + "\nprint(\"v2\")")
        return (path, edited)
    }

    func decision(_ prepared: PreparedMigration, _ path: String) -> LedgerDecision? {
        prepared.outputs.first { $0.path == path }?.decision
    }
}

/// A notebook's hand edit: a valid notebook with an extra markdown cell's worth of text.
func handEdited(_ data: Data) -> String {
    String(decoding: data, as: UTF8.self).replacingOccurrences(
        of: "\"cells\": [",
        with:
            "\"cells\": [\n  {\"cell_type\": \"markdown\", \"id\": \"mine\", \"metadata\": {}, \"source\": [\"my note\"]},"
    )
}

/// Runs, re-runs and edits between runs: the ledger decisions of ledger.md §4 end to end.
@Suite struct MigrationRunTests {
    @Test func aFirstRunWritesEveryOutputAndTheLedger() throws {
        try RunFixture.with { fixture in
            let outcome = try fixture.migrate()
            #expect(outcome.failed.isEmpty && outcome.kept.isEmpty && !outcome.cancelled)
            #expect(
                Set(outcome.written)
                    == Set(RunFixture.outputs + ["aidp-job.json", "report.json", "JOB_REPORT.md", "manifest.json"]))
            #expect(FileManager.default.fileExists(atPath: fixture.jobFolder + "/.skillhost/ledger.jsonl"))
            #expect(try fixture.taskStatuses() == ["load": "CONVERTED", "report": "CONVERTED", "sql": "CONVERTED"])
        }
    }

    /// Outputs come in one order whatever thread rendered them: the notebooks in plan order, then
    /// the job spec, the two reports and the manifest. The ledger records them, and the files
    /// are written, in this order.
    @Test func theOutputsComeInPlanOrderThenTheDerivedFiles() throws {
        try RunFixture.with { fixture in
            let prepared = try fixture.prepare()
            #expect(
                prepared.outputs.map(\.path)
                    == prepared.plan.units.map(\.outputRelativePath)
                    + ["aidp-job.json", "report.json", "JOB_REPORT.md", "manifest.json"])
        }
    }

    /// The ledger records the notebooks each one `%run`s, as the closure followed them: a
    /// dependency added later is then a reason to migrate again (ledger row 10).
    @Test func theLedgerInputsNameTheDependenciesTheClosureFollowed() throws {
        try RunFixture.with { fixture in
            let prepared = try fixture.prepare()
            let recorded = Dictionary(
                uniqueKeysWithValues: prepared.outputs.map { ($0.path, $0.inputs.dependencies?.items.map(\.path)) })
            #expect(recorded["notebooks/Users/u/etl/load.ipynb"] == ["/Users/u/etl/lib/common"])
            #expect(recorded["notebooks/Users/u/etl/report.ipynb"] == ["/Users/u/etl/lib/common"])
            #expect(recorded["notebooks/Users/u/etl/lib/common.ipynb"] == [])
            let units = Dictionary(uniqueKeysWithValues: prepared.plan.units.map { ($0.key, $0) })
            #expect(units["/Users/u/etl/load"]?.dependencies.map(\.workspacePath) == ["/Users/u/etl/lib/common"])
        }
    }

    @Test func aRerunOnUnchangedInputsIsByteIdenticalAndWritesNothing() throws {
        try RunFixture.with { fixture in
            try fixture.migrate()
            let first = try fixture.outputs()
            let ledger = try Data(contentsOf: URL(fileURLWithPath: fixture.jobFolder + "/.skillhost/ledger.jsonl"))
            let prepared = try fixture.prepare()
            #expect(prepared.outputs.allSatisfy { $0.decision.row == .upToDate && $0.decision.action == .skip })
            let outcome = try fixture.apply(prepared)
            #expect(outcome.written.isEmpty, "\(outcome.written)")
            #expect(outcome.quarantined.isEmpty && outcome.kept.isEmpty && outcome.failed.isEmpty)
            #expect(Set(outcome.skipped) == Set(first.keys))
            #expect(try fixture.outputs() == first)
            // The ledger only gained the run's start and end records.
            let after = try Data(contentsOf: URL(fileURLWithPath: fixture.jobFolder + "/.skillhost/ledger.jsonl"))
            #expect(after.starts(with: ledger))
            let added = String(decoding: after.dropFirst(ledger.count), as: UTF8.self).split(separator: "\n")
            #expect(added.count == 2, "\(added)")
        }
    }

    @Test func twoFreshRunsInDifferentFoldersGiveTheSameBytes() throws {
        let first = try RunFixture.with { fixture in
            try fixture.migrate()
            return try fixture.outputs()
        }
        let second = try RunFixture.with { fixture in
            try fixture.migrate()
            return try fixture.outputs()
        }
        #expect(first.filter { $0.key != "manifest.json" } == second.filter { $0.key != "manifest.json" })
    }

    @Test func aSourceChangeRewritesOnlyThatNotebook() throws {
        try RunFixture.with { fixture in
            try fixture.migrate()
            let before = try fixture.outputs()
            try fixture.writeSource(
                "Users/u/etl/report.py", RunFixture.notebooks["Users/u/etl/report.py"]! + "\nprint(\"changed\")")
            let prepared = try fixture.prepare()
            #expect(fixture.decision(prepared, "notebooks/Users/u/etl/report.ipynb")?.row == .sourceChanged)
            let outcome = try fixture.apply(prepared)
            #expect(outcome.written.filter { $0.hasPrefix("notebooks/") } == ["notebooks/Users/u/etl/report.ipynb"])
            let after = try fixture.outputs()
            for path in RunFixture.outputs where path != "notebooks/Users/u/etl/report.ipynb" {
                #expect(after[path] == before[path], "\(path) is unchanged")
            }
            #expect(after["notebooks/Users/u/etl/report.ipynb"] != before["notebooks/Users/u/etl/report.ipynb"])
            #expect(String(decoding: after["notebooks/Users/u/etl/report.ipynb"]!, as: UTF8.self).contains("changed"))
        }
    }

    @Test func aCosmeticSourceChangeRewritesNothing() throws {
        try RunFixture.with { fixture in
            try fixture.migrate()
            let before = try fixture.outputs()
            let crlf = RunFixture.notebooks["Users/u/etl/load.py"]!.replacingOccurrences(of: "\n", with: "\r\n")
            try Folder.write("\u{FEFF}" + crlf + "\r\n", to: fixture.source + "/Users/u/etl/load.py")
            let prepared = try fixture.prepare()
            #expect(fixture.decision(prepared, "notebooks/Users/u/etl/load.ipynb")?.row == .cosmeticSourceChange)
            let outcome = try fixture.apply(prepared)
            #expect(outcome.written.isEmpty, "\(outcome.written)")
            #expect(try fixture.outputs() == before)
        }
    }

    /// A settings change re-migrates every notebook whose output is untouched (ledger row 11), and
    /// the new bytes follow the new setting.
    @Test func aCatalogMapChangeRewritesTheAffectedNotebooks() throws {
        try RunFixture.with { fixture in
            try fixture.migrate()
            let before = try fixture.outputs()
            #expect(
                String(decoding: before["notebooks/Users/u/etl/tables.ipynb"]!, as: UTF8.self).contains(
                    "default.sales.orders"))
            let changed = MigrationConfig(catalogMap: ["main": "lakehouse"], pathMap: RunFixture.config.pathMap)
            let prepared = try fixture.prepare(config: changed)
            for path in RunFixture.outputs {
                #expect(fixture.decision(prepared, path)?.row == .settingsChanged, "\(path)")
            }
            let outcome = try fixture.apply(prepared)
            #expect(Set(outcome.written.filter { $0.hasPrefix("notebooks/") }) == Set(RunFixture.outputs))
            let after = try fixture.outputs()
            let tables = String(decoding: after["notebooks/Users/u/etl/tables.ipynb"]!, as: UTF8.self)
            #expect(tables.contains("lakehouse.sales.orders") && !tables.contains("default.sales.orders"))
            for path in RunFixture.outputs where path != "notebooks/Users/u/etl/tables.ipynb" {
                #expect(after[path] == before[path], "\(path) has no catalog reference: same bytes")
            }
            // And back: the original bytes again.
            try fixture.migrate()
            #expect(
                try fixture.outputs().filter { $0.key != "manifest.json" }
                    == before.filter { $0.key != "manifest.json" })
        }
    }

    /// Ledger row 5: a hand edit with nothing else changed is kept, and reported.
    @Test func aHandEditIsKept() throws {
        try RunFixture.with { fixture in
            try fixture.migrate()
            let path = "notebooks/Users/u/etl/load.ipynb"
            let edited = handEdited(try fixture.read(path))
            try fixture.write(edited, toOutput: path)
            let prepared = try fixture.prepare()
            let decision = try #require(fixture.decision(prepared, path))
            #expect(decision.row == .handEdited && decision.action == .keep)
            let outcome = try fixture.apply(prepared)
            #expect(outcome.kept.map(\.path) == [path])
            #expect(outcome.kept.first?.why.contains("edited by hand") == true)
            #expect(!outcome.written.contains(path))
            #expect(String(decoding: try fixture.read(path), as: UTF8.self) == edited)
            #expect(try fixture.quarantined().isEmpty)
            let row = try fixture.report()["notebooks"]?.arrayValue?.first { $0["output"]?.stringValue == path }
            #expect(row?["state"] == "hand-edited (kept)")
            // Forcing the re-run does not change that without approval.
            let forced = try fixture.prepare(force: true)
            #expect(fixture.decision(forced, path)?.action == .overwriteEdited)
            try fixture.apply(forced)
            #expect(String(decoding: try fixture.read(path), as: UTF8.self) == edited)
        }
    }

    /// A hand edit edited again after the plan: the approved overwrite still happens (the plan's
    /// decision stands), and the ledger names the file it replaced, the one quarantine holds, not
    /// the version the plan saw.
    @Test func anApprovedOverwriteRecordsTheFileItReplacedNotTheOneThePlanSaw() throws {
        try RunFixture.with { fixture in
            try fixture.migrate()
            let (path, first) = try fixture.editLoadAndChangeItsSource()
            let prepared = try fixture.prepare()
            #expect(fixture.decision(prepared, path)?.action == .overwriteEdited)
            let second = first.replacingOccurrences(of: "my note", with: "my second note")
            try fixture.write(second, toOutput: path)

            let outcome = try fixture.apply(prepared, approved: [fixture.jobFolder + "/" + path])
            #expect(outcome.written.contains(path))
            #expect(try fixture.quarantined()[path] == Data(second.utf8))
            let replaced = SHA256.hash(second).hex
            let records = try fixture.ledgerRecords(key: path)
            #expect(records.last { $0["kind"]?.stringValue == "begin" }?["prevOut"]?.stringValue == replaced)
            #expect(records.last { $0["kind"]?.stringValue == "quarantine" }?["sha256"]?.stringValue == replaced)
        }
    }

    /// Ledger row 6: a hand edit and a source change conflict. Without approval the edit stays;
    /// approved, the old copy goes to quarantine and the fresh migration is written.
    @Test func aHandEditWhoseSourceChangedIsOverwrittenOnlyWhenApproved() throws {
        try RunFixture.with { fixture in
            try fixture.migrate()
            let (path, edited) = try fixture.editLoadAndChangeItsSource()

            let first = try fixture.prepare()
            let decision = try #require(fixture.decision(first, path))
            #expect(
                decision.row == .editedConflict && decision.action == .overwriteEdited && decision.quarantineExisting)
            #expect(decision.changes == [.source])
            let refused = try fixture.apply(first)
            #expect(refused.kept.map(\.path) == [path] && !refused.written.contains(path))
            #expect(String(decoding: try fixture.read(path), as: UTF8.self) == edited)

            let second = try fixture.prepare()
            let approved = try fixture.apply(second, approved: [fixture.jobFolder + "/" + path])
            #expect(approved.written.contains(path))
            #expect(approved.quarantined.map(\.path) == [path])
            let quarantined = try fixture.quarantined()
            #expect(quarantined[path].map { String(decoding: $0, as: UTF8.self) } == edited)
            let fresh = String(decoding: try fixture.read(path), as: UTF8.self)
            #expect(fresh.contains("v2") && !fresh.contains("my note"))
            // The ledger now records the fresh bytes: the next run is up to date.
            let third = try fixture.prepare()
            #expect(fixture.decision(third, path)?.row == .upToDate)
        }
    }

    /// A forced re-run: an untouched output needs approval (`overwrite-forced`, nothing to
    /// quarantine); a hand-edited one needs approval and quarantines the edit.
    @Test func aForcedRerunNeedsApprovalAndQuarantinesOnlyEdits() throws {
        try RunFixture.with { fixture in
            try fixture.migrate()
            let before = try fixture.outputs()
            let edited = "notebooks/Users/u/etl/report.ipynb"
            let editedText = handEdited(try fixture.read(edited))
            try fixture.write(editedText, toOutput: edited)

            let forced = try fixture.prepare(force: true)
            #expect(fixture.decision(forced, "notebooks/Users/u/etl/load.ipynb")?.action == .overwriteForced)
            #expect(fixture.decision(forced, "notebooks/Users/u/etl/load.ipynb")?.quarantineExisting == false)
            #expect(fixture.decision(forced, edited)?.action == .overwriteEdited)
            let unapproved = try fixture.apply(forced)
            #expect(unapproved.written.filter { $0.hasPrefix("notebooks/") }.isEmpty)

            let again = try fixture.prepare(force: true)
            let outcome = try fixture.apply(
                again,
                approved: Set(
                    again.outputs.filter(\.decision.action.needsConfirmation).map { fixture.jobFolder + "/" + $0.path })
            )
            #expect(Set(outcome.written.filter { $0.hasPrefix("notebooks/") }) == Set(RunFixture.outputs))
            #expect(outcome.quarantined.map(\.path) == [edited])
            #expect(try fixture.quarantined()[edited].map { String(decoding: $0, as: UTF8.self) } == editedText)
            #expect(
                try fixture.outputs().filter { $0.key.hasPrefix("notebooks/") }
                    == before.filter { $0.key.hasPrefix("notebooks/") })
        }
    }

    /// Ledger row 4.
    @Test func aMissingOutputIsRegenerated() throws {
        try RunFixture.with { fixture in
            try fixture.migrate()
            let before = try fixture.outputs()
            let path = "notebooks/Users/u/etl/report.ipynb"
            try FileManager.default.removeItem(atPath: fixture.jobFolder + "/" + path)
            let prepared = try fixture.prepare()
            #expect(fixture.decision(prepared, path)?.row == .outputMissing)
            let outcome = try fixture.apply(prepared)
            #expect(outcome.written == [path])
            #expect(try fixture.outputs() == before)
        }
    }

    /// A folder of outputs deleted whole: its notebooks are found missing, those beside it are
    /// still up to date, and the next run brings the folder back.
    @Test func aDeletedFolderOfOutputsIsRegenerated() throws {
        try RunFixture.with { fixture in
            try fixture.migrate()
            let before = try fixture.outputs()
            try FileManager.default.removeItem(atPath: fixture.jobFolder + "/notebooks/Users/u/etl/lib")
            let prepared = try fixture.prepare()
            #expect(fixture.decision(prepared, "notebooks/Users/u/etl/lib/common.ipynb")?.row == .outputMissing)
            #expect(fixture.decision(prepared, "notebooks/Users/u/etl/load.ipynb")?.row == .upToDate)
            let outcome = try fixture.apply(prepared)
            #expect(outcome.written == ["notebooks/Users/u/etl/lib/common.ipynb"])
            #expect(try fixture.outputs() == before)
        }
    }

    /// The whole `notebooks/` folder deleted while the ledger remains: the plan, which skips
    /// looking for each notebook when that folder is absent, finds every notebook missing rather
    /// than new, and the next run writes them all back as they were; the derived files stand.
    @Test func aDeletedNotebooksFolderIsRegeneratedInFull() throws {
        try RunFixture.with { fixture in
            try fixture.migrate()
            let before = try fixture.outputs()
            try FileManager.default.removeItem(atPath: fixture.jobFolder + "/notebooks")
            let prepared = try fixture.prepare()
            let notebooks = prepared.outputs.map(\.path).filter { $0.hasPrefix("notebooks/") }
            #expect(notebooks.count == RunFixture.notebooks.count)
            for path in notebooks {
                #expect(fixture.decision(prepared, path)?.row == .outputMissing, "\(path)")
            }
            let outcome = try fixture.apply(prepared)
            #expect(outcome.written.sorted() == notebooks.sorted())
            #expect(outcome.kept.isEmpty && outcome.failed.isEmpty)
            #expect(try fixture.outputs() == before)
        }
    }

    /// A link among the output folders would carry writes out of the output base: the plan is
    /// refused naming the link, and the folder it leads to stays empty.
    @Test(arguments: ["notebooks/Users", "notebooks", ""])
    func aLinkedOutputFolderIsRefusedAndNothingLandsWhereItLeads(linked: String) throws {
        try RunFixture.with { fixture in
            try fixture.migrate()
            let elsewhere = fixture.base + "/elsewhere"
            try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
            let link = linked.isEmpty ? fixture.jobFolder : fixture.jobFolder + "/" + linked
            try FileManager.default.moveItem(atPath: link, toPath: elsewhere + "/moved")
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: elsewhere)
            var refusal: MigrationInputError?
            do {
                _ = try fixture.prepare()
            } catch let error as MigrationInputError {
                refusal = error
            }
            #expect(refusal?.message.hasPrefix("'\(link)' is a symbolic link to \(elsewhere)") == true)
            #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere) == ["moved"])
        }
    }

    /// A link made while a plan waited for confirmation is refused when the plan is applied.
    @Test func aLinkMadeAfterThePlanIsRefusedBeforeAnyWrite() throws {
        try RunFixture.with { fixture in
            let prepared = try fixture.prepare()
            let elsewhere = fixture.base + "/elsewhere"
            try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
            // The plan left only its lock behind; the job folder gives way to a link.
            try FileManager.default.removeItem(atPath: fixture.jobFolder)
            try FileManager.default.createSymbolicLink(atPath: fixture.jobFolder, withDestinationPath: elsewhere)
            #expect(throws: MigrationInputError.self) { try fixture.apply(prepared) }
            #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
        }
    }

    /// A torn ledger tail left by a crash is a warning for this call only: the report files come
    /// out as a clean run's, so a crash leaves no trace in the outputs.
    @Test func aTornLedgerTailIsWarnedAboutButLeavesTheReportsAsAfterACleanRun() throws {
        try RunFixture.with { fixture in
            try fixture.migrate()
            let before = try fixture.outputs()
            let ledger = LedgerPaths(root: fixture.jobFolder).ledger
            try ledgerWriteFile(ledger, ledgerFileBytes(ledger) + Array(#"{"kind":"begin","ke"#.utf8))
            let prepared = try fixture.prepare()
            #expect(
                prepared.warnings.contains { $0.hasPrefix("the ledger ends in a torn line") }, "\(prepared.warnings)")
            #expect(prepared.report.warnings.isEmpty)
            try fixture.apply(prepared)
            #expect(try fixture.outputs() == before)
        }
    }

    /// A file edited by hand after the plan decided to overwrite it is left alone: a write is
    /// decided again under the lock, from what is on disk then.
    @Test func aFileEditedAfterThePlanDecidedToOverwriteItIsKept() throws {
        try RunFixture.with { fixture in
            try fixture.migrate()
            let path = "notebooks/Users/u/etl/report.ipynb"
            try fixture.writeSource(
                "Users/u/etl/report.py", RunFixture.notebooks["Users/u/etl/report.py"]! + "\nprint(\"changed\")")
            let prepared = try fixture.prepare()
            #expect(fixture.decision(prepared, path)?.action == .overwrite)
            let edited = handEdited(try fixture.read(path))
            try fixture.write(edited, toOutput: path)
            let outcome = try fixture.apply(prepared)
            #expect(!outcome.written.contains(path))
            #expect(outcome.kept.first { $0.path == path }?.why.contains("changed since the plan was made") == true)
            #expect(String(decoding: try fixture.read(path), as: UTF8.self) == edited)
        }
    }

    /// A plan that changes nothing stands as it is when no run recorded anything since it read the
    /// ledger: a file deleted after the plan is not looked at again, and the next run regenerates
    /// it. A run in between (another ledger) makes the executor decide every output again.
    @Test func aPlanThatChangesNothingIsNotDecidedAgainUnlessTheLedgerMoved() throws {
        try RunFixture.with { fixture in
            try fixture.migrate()
            let before = try fixture.outputs()
            let path = "notebooks/Users/u/etl/report.ipynb"
            let prepared = try fixture.prepare()
            #expect(prepared.outputs.allSatisfy { $0.decision.action == .skip })
            try FileManager.default.removeItem(atPath: fixture.jobFolder + "/" + path)
            let quiet = try fixture.apply(prepared)
            #expect(quiet.written.isEmpty)
            #expect(quiet.skipped.contains(path))
            #expect(try fixture.migrate().written == [path])
            #expect(try fixture.outputs() == before)

            let stale = try fixture.prepare()
            try fixture.migrate()  // another run: the ledger grows
            try FileManager.default.removeItem(atPath: fixture.jobFolder + "/" + path)
            let checked = try fixture.apply(stale)
            #expect(!checked.skipped.contains(path))
            #expect(checked.kept.first { $0.path == path }?.why.contains("changed since the plan was made") == true)
        }
    }

    /// Ledger row 7: an emptied output goes to quarantine and is regenerated; so does one that is
    /// not JSON.
    @Test(arguments: ["", "{\"cells\": [", "{\"nbformat\": 3, \"cells\": []}"])
    func aDamagedOutputIsQuarantinedAndRegenerated(_ damage: String) throws {
        try RunFixture.with { fixture in
            try fixture.migrate()
            let before = try fixture.outputs()
            let path = "notebooks/Users/u/etl/lib/common.ipynb"
            try fixture.write(damage, toOutput: path)
            let prepared = try fixture.prepare()
            let decision = try #require(fixture.decision(prepared, path))
            #expect(decision.row == .damaged && decision.action == .overwrite && decision.quarantineExisting)
            let outcome = try fixture.apply(prepared)
            #expect(outcome.written == [path])
            #expect(outcome.quarantined.map(\.path) == [path])
            #expect(try fixture.quarantined()[path] == Data(damage.utf8))
            #expect(try fixture.outputs() == before)
        }
    }

    /// Ledger row 2 (and L5): a file at an output path before any migration. Different bytes need
    /// confirmation (the old copy goes to quarantine); the same bytes are adopted.
    @Test func aFileThatWasThereBeforeAnyMigration() throws {
        let expected = try RunFixture.with { fixture in
            try fixture.migrate()
            return try fixture.outputs()
        }
        try RunFixture.with { fixture in
            let different = "notebooks/Users/u/etl/load.ipynb"
            let identical = "notebooks/Users/u/etl/report.ipynb"
            try fixture.write(
                "{\"cells\": [], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}\n", toOutput: different)
            try Folder.write(expected[identical]!, to: fixture.jobFolder + "/" + identical)

            let prepared = try fixture.prepare()
            let foreign = try #require(fixture.decision(prepared, different))
            #expect(
                foreign.row == .unknownProvenance && foreign.action == .overwriteEdited && foreign.quarantineExisting)
            #expect(foreign.note.contains("not written by skillhost"))
            #expect(fixture.decision(prepared, identical)?.action == .adoptIfIdentical)
            let outcome = try fixture.apply(prepared)
            #expect(outcome.kept.map(\.path) == [different])
            #expect(outcome.skipped.contains(identical) && !outcome.written.contains(identical))
            #expect(try fixture.read(identical) == expected[identical])

            // Adopted means recorded: the next run finds it up to date.
            let next = try fixture.prepare()
            #expect(fixture.decision(next, identical)?.row == .upToDate)
            let approved = try fixture.apply(next, approved: [fixture.jobFolder + "/" + different])
            #expect(approved.written == [different])
            #expect(try fixture.quarantined()[different] != nil)
            #expect(
                try fixture.outputs().filter { $0.key != "manifest.json" }
                    == expected.filter { $0.key != "manifest.json" })
        }
    }
}
