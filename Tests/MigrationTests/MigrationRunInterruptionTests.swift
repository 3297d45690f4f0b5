import Durable
import Foundation
import JSON
import Migration
import Testing

/// A value shared with the `@Sendable` observer callbacks.
final class Shared<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func get() -> Value {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    func update<T>(_ change: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return change(&value)
    }
}

/// Cancellation between notebooks and a second runner on the same job folder.
@Suite struct MigrationRunInterruptionTests {
    /// An observer whose `isCancelled` turns true once `progress` was called `after` times.
    static func cancelling(after calls: Int) -> (MigrationPreparer.Observer, Shared<Int>) {
        let count = Shared(0)
        let observer = MigrationPreparer.Observer(
            progress: { _, _, _ in count.update { $0 += 1 } }, isCancelled: { count.get() >= calls })
        return (observer, count)
    }

    private func uninterrupted() throws -> [String: Data] {
        try RunFixture.with { fixture in
            try fixture.migrate()
            return try fixture.outputs()
        }
    }

    /// For every k: cancel the executor after k outputs; the folder holds only whole files the
    /// ledger knows, and the next run finishes the rest (and only the rest) to the bytes of an
    /// uninterrupted run.
    @Test func cancellingBetweenOutputsLeavesAStateTheNextRunCompletes() throws {
        let reference = try uninterrupted()
        let total = reference.count
        for k in 0...total {
            try RunFixture.with { fixture in
                let prepared = try fixture.prepare()
                #expect(prepared.outputs.count == total)
                let (observer, calls) = Self.cancelling(after: k)
                // Batches of one, so every instant between two outputs is tried.
                let first = try fixture.apply(prepared, observer: observer, batchSize: 1)
                #expect(first.cancelled == (k < total), "k=\(k)")
                #expect(calls.get() == k, "k=\(k): one progress call per output applied")
                #expect(first.written.count == k, "k=\(k)")
                // Only whole files, each exactly the reference's bytes.
                let partial = try fixture.outputs()
                #expect(Set(partial.keys) == Set(first.written), "k=\(k)")
                for (path, data) in partial { #expect(data == reference[path], "k=\(k): \(path)") }
                #expect(try Ledger.read(LedgerPaths(root: fixture.jobFolder)) != nil, "k=\(k): the ledger loads")
                #expect(
                    try Folder.files(under: fixture.jobFolder).keys.allSatisfy { !$0.contains("durable-tmp") },
                    "k=\(k): no temp files")

                let second = try fixture.apply(try fixture.prepare())
                #expect(!second.cancelled && second.failed.isEmpty, "k=\(k)")
                #expect(Set(second.written).isDisjoint(with: first.written), "k=\(k): nothing done twice")
                #expect(Set(second.written).union(first.written) == Set(reference.keys), "k=\(k)")
                #expect(try fixture.outputs() == reference, "k=\(k)")
            }
        }
    }

    /// Cancelled while preparing: nothing is written at all, and the next run is a first run.
    @Test func cancellingWhilePreparingWritesNothing() throws {
        let reference = try uninterrupted()
        try RunFixture.with { fixture in
            let (observer, _) = Self.cancelling(after: 2)
            #expect(throws: MigrationPreparer.Cancelled.self) { try fixture.prepare(observer: observer) }
            // Preparing holds the job's lock (in `.skillhost/`), and writes no output.
            #expect(try fixture.outputs().isEmpty)
            #expect(!FileManager.default.fileExists(atPath: fixture.jobFolder + "/notebooks"))
            try fixture.migrate()
            #expect(try fixture.outputs() == reference)
        }
    }

    /// A second executor on the same job folder while the first holds the lock: refused with
    /// `LedgerError.locked` naming the holder, with no side effect; the first finishes normally.
    @Test func aSecondConcurrentExecutorIsRefusedNamingTheHolder() throws {
        try RunFixture.with { fixture in
            let prepared = try fixture.prepare()
            let ledgerPath = fixture.jobFolder + "/.skillhost/ledger.jsonl"
            let seen = Shared<(error: (any Error)?, before: Data?, after: Data?, written: Bool)>((nil, nil, nil, false))
            let observer = MigrationPreparer.Observer(progress: { done, _, _ in
                guard done == 1 else { return }
                let before = FileManager.default.contents(atPath: ledgerPath)
                var caught: (any Error)?
                var wrote = false
                do {
                    let outcome = try MigrationExecutor.apply(prepared, approved: [], toolVersion: "second")
                    wrote = !outcome.written.isEmpty
                } catch {
                    caught = error
                }
                let after = FileManager.default.contents(atPath: ledgerPath)
                seen.update { $0 = (caught, before, after, wrote) }
            })
            let outcome = try fixture.apply(prepared, observer: observer, batchSize: 1)
            #expect(!outcome.cancelled && outcome.failed.isEmpty)
            #expect(outcome.written.count == prepared.outputs.count)

            let result = seen.get()
            #expect(!result.written)
            let error = try #require(
                result.error as? LedgerError, "the second executor must fail, got \(String(describing: result.error))")
            guard case .locked(let root, let holder) = error else {
                Issue.record("expected LedgerError.locked, got \(error)")
                return
            }
            #expect(root == fixture.jobFolder)
            #expect(holder?.pid == getpid())
            #expect(error.description.contains("pid \(getpid())"), "\(error)")
            #expect(error.description.contains(fixture.jobFolder))
            #expect(
                result.before != nil && result.before == result.after,
                "the refused executor appended nothing to the ledger")

            // Once the first is done the lock is free again.
            let next = try fixture.apply(try fixture.prepare())
            #expect(next.written.isEmpty)
        }
    }

    /// The lock taken by another holder (as the CLI takes it) refuses the executor before it
    /// writes anything.
    @Test func anExecutorRefusesAJobFolderLockedByAnotherRun() throws {
        try RunFixture.with { fixture in
            let prepared = try fixture.prepare()
            let lock = try Ledger.lock(
                LedgerPaths(root: fixture.jobFolder), arguments: ["skillhost", "call", "aidp-migrate-job"])
            defer { try? lock.release() }
            let error = try #require(throws: LedgerError.self) { try fixture.apply(prepared) }
            #expect(error.description.contains("skillhost call aidp-migrate-job"), "\(error)")
            #expect(try fixture.outputs().isEmpty)
            try lock.release()
            #expect(try fixture.apply(prepared).written.count == prepared.outputs.count)
        }
    }
}

extension MigrationRunInterruptionTests {
    /// Group commits change how often the executor can stop, never what it writes: a run in
    /// batches gives the bytes of a run output by output.
    @Test func batchedAndOneByOneRunsWriteTheSameBytes() throws {
        let batched = try uninterruptedOutputs(batchSize: 64)
        let single = try uninterruptedOutputs(batchSize: 1)
        #expect(batched == single)
        #expect(!batched.isEmpty)
    }

    /// A batch is a quarter of the job, at least 16 and at most 512 outputs however big the job: a
    /// cancellation waits for at most one batch, and one batch's rendered bytes are alive at once.
    @Test func aBatchIsAQuarterOfTheJobBetween16And512Outputs() {
        #expect(MigrationExecutor.batchSize(outputs: 0) == 16)
        #expect(MigrationExecutor.batchSize(outputs: 40) == 16)
        #expect(MigrationExecutor.batchSize(outputs: 2_004) == 501)
        #expect(MigrationExecutor.batchSize(outputs: 2_048) == 512)
        #expect(MigrationExecutor.batchSize(outputs: 100_000) == 512)
    }

    private func uninterruptedOutputs(batchSize: Int) throws -> [String: Data] {
        try RunFixture.with { fixture in
            try fixture.apply(try fixture.prepare(), batchSize: batchSize)
            return try fixture.outputs()
        }
    }
}
