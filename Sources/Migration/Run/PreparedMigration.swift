import Durable
import Foundation
import JSON
import Synchronization

/// A migration worked out in memory: every output's content, and what the ledger says to do with
/// each. Nothing is written until `MigrationExecutor` applies it; preparing again gives the same
/// result for the same inputs, which is what makes a confirmation's digest meaningful.
public struct PreparedMigration: Sendable {
    public var plan: MigrationPlan
    public var config: MigrationConfig
    /// `<outputBase>/<job>`, absolute.
    public var jobFolder: String
    public var outputs: [PreparedOutput]
    public var report: MigrationReport
    public var settingsFingerprint: String
    /// Problems with the ledger itself (a torn tail, for instance), for the result; the report
    /// files leave them out.
    public var warnings: [String]
    /// The ledger the outputs were decided against; the executor reuses it when the file has not
    /// changed since.
    var ledgerSnapshot: LedgerSnapshot?

    /// The version of the rewrite rules: a change re-migrates untouched outputs (ledger row 11).
    public static let ruleSetVersion = "rules@1"
}

/// One file in the job folder and what will happen to it.
public struct PreparedOutput: Sendable {
    public enum Item: Sendable {
        case notebook(key: String)
        case jobSpec, reportJSON, reportMarkdown, manifest

        /// A migrated notebook, not one of the files derived from the whole job.
        public var isNotebook: Bool { if case .notebook = self { true } else { false } }
    }

    public var item: Item
    /// Relative to the job folder; also the ledger key.
    public var path: String
    /// What goes into the file. A migrated notebook is kept as such and rendered only when it is
    /// written: a run that skips it (a resume, a kept hand edit) never renders it, and no decision
    /// needs its bytes except adopting a file nobody recorded, which renders it at once.
    let content: Content
    public var inputs: LedgerInputs
    public var onDisk: OutputState
    public var decision: LedgerDecision
    /// Whether the caller asked to re-migrate even what is up to date.
    public var force: Bool

    enum Content: Sendable {
        case rendered(RenderedOutput)
        case notebook(MigratedNotebook)

        /// The file's bytes, rendered now if they were not yet. Rendering again gives the same
        /// bytes.
        func rendered() -> RenderedOutput {
            switch self {
            case .rendered(let rendered): rendered
            case .notebook(let notebook): RenderedOutput(NotebookWriter.write(notebook))
            }
        }
    }
}

/// An output's bytes and their hash.
struct RenderedOutput: Sendable {
    let contents: [UInt8]
    /// SHA-256 of `contents`, computed once: here, or by a caller that already has it (a derived
    /// file's `LedgerSource`).
    let sha256: String

    init(_ contents: [UInt8], sha256: String? = nil) {
        self.contents = contents
        self.sha256 = sha256 ?? SHA256.hash(contents).hex
    }

    /// The ledger's record of these bytes at `path`.
    func ledgerOutput(at path: String) -> LedgerOutput {
        LedgerOutput(path: path, sha256: sha256, size: Int64(contents.count))
    }
}

private enum DependencyHashes {
    static let present = SHA256.hash("present").hex
    static let missing = SHA256.hash("missing").hex
}

public enum MigrationPreparer {
    public struct Observer: Sendable {
        public var progress: @Sendable (_ done: Int, _ total: Int, _ message: String) -> Void
        public var isCancelled: @Sendable () -> Bool

        public init(
            progress: @escaping @Sendable (Int, Int, String) -> Void = { _, _, _ in },
            isCancelled: @escaping @Sendable () -> Bool = { false }
        ) {
            self.progress = progress
            self.isCancelled = isCancelled
        }
    }

    public struct Cancelled: Error {}

    /// Reads the inputs, rewrites every notebook in memory, renders the job spec, reports and
    /// manifest, and decides each output against the ledger (read without the lock: the executor
    /// checks again under it).
    public static func prepare(
        jobFile: String, sourceRoot: String, outputBase: String, config: MigrationConfig, force: Bool,
        lockWhilePreparing: Bool = true, observer: Observer = Observer()
    ) throws -> PreparedMigration {
        let job = try MigrationPlanner.loadJob(jobFile)
        let jobFolder = outputBase + "/" + MigrationPlanner.jobFolderName(job)
        // Before the lock, whose file is the first thing a run writes.
        var folderLinks = OutputFolderLinks(outputBase: outputBase)
        try folderLinks.refuse(OutputFolderLinks.fixedFolders(jobFolder: jobFolder))
        // Another run holds the job: say so now, not after reading every notebook. The job is
        // locked while preparing too, so two calls started together cannot both prepare; the
        // executor takes the lock again for writing. A dry run only probes: it leaves no trace.
        let ledgerPaths = LedgerPaths(root: jobFolder)
        if !lockWhilePreparing {
            let probe = ExclusiveLock.probe(at: ledgerPaths.lock)
            if probe.held { throw LedgerError.locked(root: jobFolder, holder: probe.holder) }
        }
        let preparingLock = lockWhilePreparing ? try Ledger.lock(ledgerPaths) : nil
        defer { try? preparingLock?.release() }
        let (plan, parsed) = MigrationPlanner.plan(job: job, sourceRoot: sourceRoot, config: config)
        // Each parsed notebook goes to the worker that rewrites it and dies there: kept to the
        // end, every parsed source of a big job would stay alive beside all of the rewrites. The
        // list is moved in, so taking one changes it in place.
        let handOffs = Mutex(consume parsed)
        let snapshot = try Ledger.read(ledgerPaths)
        let jobSettings = config.fingerprintJSON.setting("job", to: .string(plan.paths.job))
        let settingsFingerprint = Ledger.settingsFingerprint(of: jobSettings)
        let available = Set(plan.units.compactMap { $0.file == nil ? nil : $0.key })
        let context = RewriteContext(
            config: config, paths: plan.paths,
            notebookExists: { path in NotebookUnit.key(path).map(available.contains) ?? false })

        // Each notebook is converted on its own, so the work is spread over every core; results
        // keep the units' order, so the bytes never depend on scheduling.
        let total = plan.units.count
        let finished = Mutex(0)
        // Before the first run there is no notebooks folder: one look spares a failed open per
        // notebook. Under the lock, the executor decides again every output that would change
        // anything, looking at the file itself.
        let noNotebookWritten = Directories.isKnownAbsent(jobFolder + "/" + WorkspacePaths.notebooksFolder)
        if !noNotebookWritten {
            try folderLinks.refuse(
                OutputFolderLinks.folders(of: plan.units.lazy.map(\.outputRelativePath), jobFolder: jobFolder))
        }
        let prepared = plan.units.indices.concurrentMap { index -> (ReportBuilder.NotebookSummary, PreparedOutput)? in
            let unit = plan.units[index]
            guard !observer.isCancelled(), let file = unit.file else { return nil }
            // The parsed notebook is only a temporary here: it is freed as soon as the rewrite returns.
            guard
                let rewrite = handOffs.withLock({ $0[index].take() }).map({
                    NotebookRewriter.rewrite($0, context: context)
                })
            else {
                preconditionFailure("the planner hands over a parsed notebook for every unit with a file")
            }
            let dependencies = LedgerDependencies(
                unit.dependencies.map { dependency in
                    let present = NotebookUnit.key(dependency.workspacePath).map(available.contains) ?? false
                    return .init(
                        path: dependency.workspacePath,
                        sha256: present ? DependencyHashes.present : DependencyHashes.missing)
                })
            let inputs = LedgerInputs(
                source: LedgerSource(
                    path: file.relativePath, sha256: file.sha256, canonicalSHA256: file.canonicalSHA256,
                    size: Int64(file.byteCount)),
                dependencies: dependencies, settingsFingerprint: settingsFingerprint,
                ruleSetVersion: PreparedMigration.ruleSetVersion)
            let output = decide(
                .notebook(key: unit.key), path: unit.outputRelativePath, content: .notebook(rewrite.notebook),
                inputs: inputs, jobFolder: jobFolder, snapshot: snapshot, force: force,
                onDisk: noNotebookWritten ? .missing : nil)
            let done = finished.withLock { count -> Int in
                count += 1
                return count
            }
            observer.progress(done, total, "prepared \(unit.outputRelativePath)")
            return (ReportBuilder.summarise(rewrite), output)
        }
        if observer.isCancelled() { throw Cancelled() }
        // The four derived files are large for a big job (megabytes of JSON and Markdown), each
        // rendered into one buffer reserved up front and hashed. The job spec and the manifest
        // need only the plan: they are rendered beside the mostly serial fold that builds the
        // report, which would otherwise leave the other cores idle.
        @Sendable func derived(_ item: PreparedOutput.Item, _ path: String, _ contents: [UInt8]) -> PreparedOutput {
            // A derived file's "source" is its own content: it changes exactly when it must be rewritten.
            let source = LedgerSource(path: path, contents: contents)
            let inputs = LedgerInputs(
                source: source, settingsFingerprint: settingsFingerprint,
                ruleSetVersion: PreparedMigration.ruleSetVersion)
            return decide(
                item, path: path, content: .rendered(RenderedOutput(contents, sha256: source.sha256)), inputs: inputs,
                jobFolder: jobFolder, snapshot: snapshot, force: false)
        }
        let fromPlan = Background {
            (
                jobSpec: derived(
                    .jobSpec, "aidp-job.json", Self.document(plan.translation.spec, entries: plan.job.tasks.count)),
                manifest: derived(
                    .manifest, "manifest.json",
                    Self.document(
                        ManifestBuilder.build(
                            plan: plan, jobFile: jobFile, sourceRoot: sourceRoot, jobFolder: jobFolder, config: config),
                        entries: plan.units.count))
            )
        }
        var outputs: [PreparedOutput] = []
        outputs.reserveCapacity(prepared.count + 4)
        var summaries: [String: ReportBuilder.NotebookSummary] = [:]
        summaries.reserveCapacity(prepared.count)
        for (unit, slot) in zip(plan.units, prepared) {
            guard let (summary, output) = slot else { continue }
            summaries[unit.key] = summary
            outputs.append(output)
        }

        let report = ReportBuilder.build(
            plan: plan, summaries: summaries, outputs: outputs, settingsFingerprint: settingsFingerprint,
            config: config)
        // For this call's result only: the report files describe the job, and must come out the
        // same after a crash as after a clean run.
        var warnings: [String] = []
        if let torn = snapshot?.tornTail {
            warnings.append(
                "the ledger ends in a torn line (\(torn.byteCount) bytes at line \(torn.line)), left by a crash; it will be archived and cut off"
            )
        }
        // report.json renders beside the Markdown: each is megabytes for a big job. The Markdown
        // takes longer, so it starts here at once; report.json may wait for a worker that is still
        // on the job spec and manifest.
        let reportJSON = Background {
            var bytes = report.jsonBytes()
            bytes.append(UInt8(ascii: "\n"))
            return derived(.reportJSON, "report.json", bytes)
        }
        let markdown = derived(.reportMarkdown, "JOB_REPORT.md", JobReportMarkdown.renderBytes(report))
        // One fixed order (job spec, report, Markdown, manifest), so the ledger's records have one too.
        let planOutputs = fromPlan.value()
        outputs += [planOutputs.jobSpec, reportJSON.value(), markdown, planOutputs.manifest]
        assert(Set(outputs.map(\.path)).count == outputs.count, "the planner refuses outputs that share a path")
        return PreparedMigration(
            plan: plan, config: config, jobFolder: jobFolder, outputs: outputs, report: report,
            settingsFingerprint: settingsFingerprint, warnings: warnings, ledgerSnapshot: snapshot)
    }

    /// `value` as a JSON file: two-space indented, with a final newline. Its buffer is reserved for
    /// a generous 1 KiB per entry (task or notebook; they take about 700 bytes), as
    /// `MigrationReport.estimatedByteCount` reserves the reports'.
    private static func document(_ value: JSONValue, entries: Int) -> [UInt8] {
        var bytes = JSONWriter.indented(value, indent: 2, capacity: 65_536 + 1024 * entries)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    static func decide(
        _ item: PreparedOutput.Item, path: String, content: PreparedOutput.Content, inputs: LedgerInputs,
        jobFolder: String, snapshot: LedgerSnapshot?, force: Bool, onDisk knownState: OutputState? = nil
    ) -> PreparedOutput {
        let entry = snapshot?.state.entries[path]
        let onDisk =
            knownState
            ?? OutputState.inspect(
                fileAt: jobFolder + "/" + path, isNotebook: item.isNotebook, recordedSHA256: entry?.output?.sha256)
        var decision = LedgerDecision.decide(
            entry: entry, sourceHash: inputs.source.canonicalSHA256,
            settingsFingerprint: inputs.settingsFingerprint, ruleSetVersion: inputs.ruleSetVersion,
            outputOnDisk: onDisk,
            force: force, rawSourceHash: inputs.source.sha256, dependencies: inputs.dependencies)
        var content = content
        // A file nobody recorded is adopted only when it already holds exactly these bytes;
        // otherwise it is a person's, and replacing it needs their confirmation.
        if decision.action == .adoptIfIdentical {
            let rendered = content.rendered()
            content = .rendered(rendered)
            if onDisk.sha256 != rendered.sha256 {
                decision = LedgerDecision(
                    row: decision.row, action: .overwriteEdited, changes: decision.changes, forced: false,
                    quarantineExisting: true,
                    note:
                        "\(path) exists but was not written by skillhost; replacing it needs confirmation (the old copy is kept in .skillhost/quarantine)"
                )
            }
        }
        return PreparedOutput(
            item: item, path: path, content: content, inputs: inputs, onDisk: onDisk, decision: decision,
            force: force)
    }
}
