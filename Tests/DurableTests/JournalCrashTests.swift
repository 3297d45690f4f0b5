import CrashTesting
import Durable
import Foundation
import Testing

/// Real `kill -9` at random instants (ledger design §5.3, blackbox loop), at the journal level.
///
/// The parent test re-runs this test binary as a child, selecting only `appendUntilKilled` with
/// `--filter` and handing it a directory in `SKILLHOST_JOURNAL_CRASH_CHILD`. The child opens the
/// journal there (recovering whatever the previous kill left), checks it, then appends groups of
/// records of varied sizes with fsync, and after each group returns appends `ack <n>` to a side
/// file. The parent kills it with SIGKILL after a random delay (sometimes during startup and
/// recovery, a compound failure), then checks: the journal loads; its records are exactly
/// 0, 1, 2, … with nothing missing, repeated or reordered; and every acknowledged record is there.
@Suite struct JournalCrashTests {
    static let childVariable = "SKILLHOST_JOURNAL_CRASH_CHILD"
    static let format = JournalFormat(name: "crash-journal", producer: "crashtest", schema: 1)

    @Test(.enabled(if: CrashChild.isSupported, "re-runs the test binary; Linux only"))
    func killNineAtRandomInstantsLosesNoAcknowledgedRecord() throws {
        // Epochs of 8 kills on one journal each: every kill after the first recovers what the
        // previous one left, and the journal stays small enough to re-verify after every kill.
        let kills = CrashChild.iterations(default: 24)
        var random = SystemRandomNumberGenerator()
        var records = 0
        var tornTails = 0
        try withTemporaryDirectory { directory throws in
            for epoch in 0..<(kills + 7) / 8 {
                let folder = directory + "/epoch-\(epoch)"
                try Directories.create(folder)
                let result = try Self.killRepeatedly(in: folder, times: min(8, kills - 8 * epoch), using: &random)
                records += result.records
                tornTails += result.tornTails
            }
        }
        print("journal kill -9: \(kills) kills, \(records) records, \(tornTails) torn tails seen")
    }

    /// Starts and kills the child `times` times on the journal in `directory`, checking it after
    /// each kill, then recovers it in-process and appends once more.
    private static func killRepeatedly(
        in directory: String, times: Int, using random: inout SystemRandomNumberGenerator
    ) throws -> (records: Int, tornTails: Int) {
        let acks = directory + "/acks"
        let journalPath = directory + "/journal.jsonl"
        var tornTails = 0
        var lastCount = 0
        for kill in 0..<times {
            try? FileManager.default.removeItem(atPath: acks)
            let child = try CrashChild(
                test: "JournalCrashTests/appendUntilKilled", variable: childVariable, value: directory)
            if Int.random(in: 0..<10, using: &random) < 3 {
                // Kill it while it starts up or recovers.
                Thread.sleep(forTimeInterval: Double.random(in: 0...0.05, using: &random))
            } else {
                try CrashChild.waitForLine("ready", in: acks, child: child)
                Thread.sleep(forTimeInterval: Double.random(in: 0...0.15, using: &random))
            }
            child.killNine()

            let acknowledged = CrashChild.lastAcknowledged(in: acks)
            guard FileManager.default.fileExists(atPath: journalPath) else {
                // Killed before it created the journal (creation is atomic: all or nothing).
                #expect(acknowledged == nil && lastCount == 0, "kill \(kill): the journal vanished")
                continue
            }
            let contents = try Journal.read(at: journalPath, format: format)
            if contents.tornTail != nil { tornTails += 1 }
            let numbers = try contents.records.map { try number(in: $0.payload) }
            #expect(numbers == Array(0..<numbers.count), "kill \(kill)")
            #expect(numbers.count > (acknowledged ?? -1), "kill \(kill): acknowledged \(acknowledged ?? -1)")
            #expect(numbers.count >= lastCount, "kill \(kill): records went missing")
            lastCount = numbers.count
        }
        // Finally recover in-process and go on appending.
        let lock = try ExclusiveLock.acquire(at: directory + "/lock")
        let journal = try Journal.open(
            at: journalPath, format: format, tornTailArchive: directory + "/torn", lock: lock)
        try journal.append(record(journal.contents.records.count, size: 10))
        try journal.close()
        let final = try Journal.read(at: journalPath, format: format)
        #expect(final.tornTail == nil)
        #expect(try final.records.map { try number(in: $0.payload) } == Array(0..<final.records.count))
        try lock.release()
        return (final.records.count, tornTails)
    }

    /// The child side; does nothing unless the parent set `SKILLHOST_JOURNAL_CRASH_CHILD`.
    @Test func appendUntilKilled() throws {
        guard let directory = ProcessInfo.processInfo.environment[Self.childVariable] else { return }
        let acks = try CrashChild.AckFile(directory + "/acks")
        let lock = try ExclusiveLock.acquire(at: directory + "/lock")
        let journal = try Journal.open(
            at: directory + "/journal.jsonl", format: Self.format, tornTailArchive: directory + "/torn", lock: lock)
        var next = 0
        for record in journal.contents.records {
            guard try Self.number(in: record.payload) == next else { fatalError("journal out of order") }
            next += 1
        }
        acks.write("ready")
        var random = SystemRandomNumberGenerator()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let group = Int.random(in: 1...4, using: &random)
            let records = (next..<next + group).map {
                Self.record($0, size: Int.random(in: 0...8_000, using: &random))
            }
            try journal.append(contentsOf: records)
            next += group
            acks.write("ack \(next - 1)")
        }
    }

    static func record(_ n: Int, size: Int) -> Data {
        Data("{\"n\":\(n),\"pad\":\"\(String(repeating: "p", count: size))\"}".utf8)
    }

    static func number(in payload: Data) throws -> Int {
        let object = try JSONSerialization.jsonObject(with: payload) as? [String: Any]
        return try #require(object?["n"] as? Int)
    }
}

extension CrashChild {
    /// The highest `n` of the `ack <n>` lines in the side file, if any.
    static func lastAcknowledged(in path: String) -> Int? {
        lines(in: path).compactMap { line in line.hasPrefix("ack ") ? Int(line.dropFirst(4)) : nil }.max()
    }
}
