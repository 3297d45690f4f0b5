import CrashTesting
import Durable
import Foundation
import JSON
import Migration
import Testing

/// Real `kill -9` at random instants of a ledger-driven run (ledger design §5.3, blackbox loop).
///
/// The parent re-runs this test binary as a child, selecting only `migrateUntilKilled`, with a
/// work folder in `SKILLHOST_LEDGER_CRASH_CHILD`. The child does what a migration run does, minus
/// the migration: lock, remove temporary files, open the ledger (cutting a torn tail), commit
/// pending writes that landed, decide every item with `LedgerDecision`, then per batch of four:
/// `begin` (one fsync), atomic write of each output, `commit` (one fsync), and only then report
/// `done <key>` in a side file. The parent kills it at random instants (sometimes during startup
/// or recovery) until a run finishes, then checks against the known clean result:
/// - every output exists with exactly the expected bytes, and nothing else was left behind;
/// - the ledger loads; every item is `ok` with the expected hash; nothing is pending;
/// - no redone work: each item has exactly one `commit` in the whole ledger;
/// - everything reported `done` before a kill was on disk, byte-exact, right after it;
/// - every decision a child met was one a crash can lead to (never keep, adopt or overwrite-edited).
@Suite struct LedgerCrashTests {
    static let childVariable = "SKILLHOST_LEDGER_CRASH_CHILD"
    static let itemCount = 120

    static func key(_ index: Int) -> String { "notebooks/team/n\(index).ipynb" }

    /// The output of item `index`: a notebook of 0.5–60 KB, the same on every run.
    static func expectedOutput(_ index: Int) -> Data {
        ledgerNotebookBytes("item \(index) " + String(repeating: "x", count: (index * 7919) % 60_000 + 500))
    }

    static func itemInputs(_ index: Int) -> LedgerInputs {
        let source = LedgerSource(path: "team/n\(index).py", contents: Data("# source \(index)\n".utf8))
        return LedgerInputs(source: source, settingsFingerprint: "settings-1", ruleSetVersion: "rules@1")
    }

    @Test(.enabled(if: CrashChild.isSupported, "re-runs the test binary; Linux only"))
    func killNineAtRandomInstantsNeitherLosesNorRedoesWork() throws {
        let kills = CrashChild.iterations(default: 16)
        var random = SystemRandomNumberGenerator()
        let root = NSTemporaryDirectory() + "ledger-crash-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let paths = LedgerPaths(root: root + "/job")
        let acks = root + "/acks"
        var allAcks: [Substring] = []

        var finished = false
        var killCount = 0
        while killCount < kills && !finished {
            try? FileManager.default.removeItem(atPath: acks)
            let child = try CrashChild(
                test: "LedgerCrashTests/migrateUntilKilled", variable: Self.childVariable, value: root)
            if Int.random(in: 0..<10, using: &random) < 3 {
                Thread.sleep(forTimeInterval: Double.random(in: 0...0.05, using: &random))
            } else {
                try CrashChild.waitForLine("ready", in: acks, child: child)
                Thread.sleep(forTimeInterval: Double.random(in: 0...0.25, using: &random))
            }
            child.killNine()
            killCount += 1
            let lines = CrashChild.lines(in: acks)
            allAcks += lines
            finished = lines.contains("finished")
            // The ALICE invariant: whatever was reported done is on disk now, byte-exact.
            for line in lines where line.hasPrefix("done ") {
                let index = Int(line.dropFirst(5))!
                let bytes = try? Data(contentsOf: URL(fileURLWithPath: paths.root + "/" + Self.key(index)))
                #expect(bytes == Self.expectedOutput(index), "kill \(killCount): \(line)")
            }
            if FileManager.default.fileExists(atPath: paths.ledger) {
                #expect(throws: Never.self, "kill \(killCount): the ledger must load") { try Ledger.read(paths) }
            }
        }

        // Finish without interference.
        try? FileManager.default.removeItem(atPath: acks)
        let last = try CrashChild(
            test: "LedgerCrashTests/migrateUntilKilled", variable: Self.childVariable, value: root)
        try CrashChild.waitForLine("finished", in: acks, child: last)
        last.process.waitUntilExit()
        allAcks += CrashChild.lines(in: acks)

        #expect(allAcks.filter { $0.hasPrefix("BAD") }.isEmpty, "\(allAcks.filter { $0.hasPrefix("BAD") })")
        let snapshot = try #require(try Ledger.read(paths))
        #expect(snapshot.tornTail == nil)
        #expect(snapshot.state.pendingBegins.isEmpty)
        for index in 0..<Self.itemCount {
            let entry = snapshot.state.entries[Self.key(index)]
            #expect(entry?.status == .ok, "item \(index)")
            #expect(entry?.output?.sha256 == SHA256.hash(Self.expectedOutput(index)).hex, "item \(index)")
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: paths.root + "/" + Self.key(index)))
                    == Self.expectedOutput(index))
        }
        // No redone work: one commit per item across every run.
        let contents = try Journal.read(at: paths.ledger, format: Ledger.format)
        let records = try contents.records.map {
            try LedgerRecord.decode($0.payload, line: $0.line, path: paths.ledger)
        }
        var commits: [String: Int] = [:]
        for record in records { if case .commit(let commit) = record.body { commits[commit.key, default: 0] += 1 } }
        #expect(commits.count == Self.itemCount)
        #expect(commits.values.allSatisfy { $0 == 1 }, "\(commits.filter { $0.value != 1 })")
        // Nothing left behind but the outputs and the ledger folder.
        let files = try FileManager.default.subpathsOfDirectory(atPath: paths.root)
            .filter { !$0.hasPrefix(LedgerPaths.folderName) && $0.hasSuffix(".ipynb") == false }
            .filter { $0 != "notebooks" && $0 != "notebooks/team" }
        #expect(files.isEmpty, "left behind: \(files)")
        let recovered = records.filter { if case .commit(let c) = $0.body { c.note == "recovered" } else { false } }
            .count
        print("ledger kill -9: \(killCount) kills, \(records.count) records, \(recovered) recovered commits")
    }

    /// The child side; does nothing unless the parent set `SKILLHOST_LEDGER_CRASH_CHILD`.
    @Test func migrateUntilKilled() throws {
        guard let root = ProcessInfo.processInfo.environment[Self.childVariable] else { return }
        let acks = try CrashChild.AckFile(root + "/acks")
        let paths = LedgerPaths(root: root + "/job")
        let lock = try Ledger.lock(paths)
        try Ledger.removeTemporaryFiles(paths, lock: lock)
        let ledger = try Ledger.open(paths, lock: lock, toolVersion: "1")
        acks.write("ready")

        var batch: [(index: Int, begin: LedgerRecord.Begin)] = []
        func flush() throws {
            guard !batch.isEmpty else { return }
            try ledger.begin(batch.map(\.begin))
            for item in batch {
                try Directories.create((paths.root + "/" + item.begin.key as NSString).deletingLastPathComponent)
                try AtomicFile.write(Self.expectedOutput(item.index), to: paths.root + "/" + item.begin.key)
            }
            try ledger.commit(
                batch.map { LedgerRecord.Commit(key: $0.begin.key, inputs: $0.begin.inputs, output: $0.begin.output) })
            for item in batch { acks.write("done \(item.index)") }
            batch = []
        }

        for index in 0..<Self.itemCount {
            let key = Self.key(index)
            let inputs = Self.itemInputs(index)
            let disk = OutputState.inspect(fileAt: paths.root + "/" + key)
            let decision = LedgerDecision.decide(
                entry: ledger.state.entries[key], sourceHash: inputs.source.canonicalSHA256,
                settingsFingerprint: inputs.settingsFingerprint, ruleSetVersion: inputs.ruleSetVersion,
                outputOnDisk: disk, force: false, rawSourceHash: inputs.source.sha256)
            if decision.pending == .landed {
                try ledger.commitRecovered(key: key)
                acks.write("done \(index)")
            }
            switch decision.action {
            case .skip:
                continue
            case .write, .overwrite:
                let output = LedgerOutput(path: key, contents: Self.expectedOutput(index))
                batch.append(
                    (
                        index,
                        LedgerRecord.Begin(key: key, inputs: inputs, output: output, previousOutputSHA256: disk.sha256)
                    ))
                if batch.count == 4 { try flush() }
            default:
                acks.write(
                    "BAD \(index) \(decision.row.rawValue) \(decision.action.rawValue) \(String(describing: decision.pending))"
                )
            }
        }
        try flush()
        try ledger.endRun(status: "completed")
        try ledger.close()
        try lock.release()
        acks.write("finished")
    }
}

extension LedgerOutput {
    /// The record of output `contents` to be written at `path`.
    fileprivate init(path: String, contents: Data) {
        self.init(path: path, sha256: SHA256.hash(contents).hex, size: Int64(contents.count))
    }
}
