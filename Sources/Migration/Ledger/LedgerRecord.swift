import Durable
import Foundation

/// A source notebook as the ledger records it.
public struct LedgerSource: Sendable, Hashable {
    /// Relative to the source folder, `/`-separated.
    public var path: String
    /// SHA-256 of the raw bytes.
    public var sha256: String
    /// SHA-256 of the canonical form (UTF-8 byte-order mark removed, CRLF → LF): what decisions
    /// compare, so a change of line endings alone does not re-migrate.
    public var canonicalSHA256: String
    public var size: Int64

    public init(path: String, sha256: String, canonicalSHA256: String, size: Int64) {
        self.path = path
        self.sha256 = sha256
        self.canonicalSHA256 = canonicalSHA256
        self.size = size
    }

    /// The record of a source file with these bytes.
    public init(path: String, contents: some DataProtocol & ContiguousBytes) {
        let hashes = Self.hashes(of: contents)
        self.init(
            path: path, sha256: hashes.sha256, canonicalSHA256: hashes.canonicalSHA256, size: Int64(contents.count))
    }

    /// The raw and canonical SHA-256 of `contents`; the canonical form is hashed separately only
    /// when it differs (a leading byte-order mark, or a CR byte).
    static func hashes(of contents: some DataProtocol & ContiguousBytes) -> (sha256: String, canonicalSHA256: String) {
        let raw = SHA256.hash(contents).hex
        let needsCanonical = contents.withUnsafeBytes { buffer -> Bool in
            if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { return true }
            guard let base = buffer.baseAddress, buffer.count > 0 else { return false }
            return memchr(base, 0x0D, buffer.count) != nil
        }
        return (raw, needsCanonical ? canonicalSHA256(of: contents) : raw)
    }

    /// SHA-256 of `contents` without a leading UTF-8 byte-order mark and with CRLF turned into
    /// LF: exactly what the notebook reader ignores (`NotebookTextDecoder` drops the mark,
    /// `NotebookTextLines` the CR before LF), and nothing more, so a "cosmetic" change can never
    /// change the output.
    private static func canonicalSHA256(of contents: some DataProtocol) -> String {
        var bytes = Array(contents)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var canonical = [UInt8]()
        canonical.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { continue }
            canonical.append(byte)
        }
        return SHA256.hash(canonical).hex
    }
}

/// The `%run` and literal `notebook.run` targets of a notebook, with their content hashes.
public struct LedgerDependencies: Sendable, Hashable {
    public struct Item: Sendable, Hashable {
        /// Relative to the source folder.
        public var path: String
        /// The dependency's canonical source hash.
        public var sha256: String

        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }
    }

    /// Sorted by path, one per path.
    public let items: [Item]

    /// SHA-256 of the sorted `path \t sha256 \n` lines: changes when any item is added, removed
    /// or changed. Computed once: every ledger record and decision about the output reads it.
    public let setSHA256: String

    /// Sorts `items` by path; for a path given twice, the last one wins.
    public init(_ items: [Item]) {
        var byPath: [String: Item] = [:]
        for item in items { byPath[item.path] = item }
        self.items = byPath.values.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        var hasher = SHA256()
        for item in self.items { hasher.update(item.path + "\t" + item.sha256 + "\n") }
        setSHA256 = hasher.finalize().hex
    }
}

/// What an output was made from: everything the decision compares with the current state.
public struct LedgerInputs: Sendable, Hashable {
    public var source: LedgerSource
    /// Nil when the caller does not track dependencies.
    public var dependencies: LedgerDependencies?
    /// `Ledger.settingsFingerprint(of:)` of the settings that shape this output.
    public var settingsFingerprint: String
    /// The rule-set version or migrator fingerprint.
    public var ruleSetVersion: String

    public init(
        source: LedgerSource, dependencies: LedgerDependencies? = nil, settingsFingerprint: String,
        ruleSetVersion: String
    ) {
        self.source = source
        self.dependencies = dependencies
        self.settingsFingerprint = settingsFingerprint
        self.ruleSetVersion = ruleSetVersion
    }
}

/// An output file as the ledger records it: the exact bytes written.
public struct LedgerOutput: Sendable, Hashable {
    /// Relative to the job's output folder, `/`-separated.
    public var path: String
    public var sha256: String
    public var size: Int64

    public init(path: String, sha256: String, size: Int64) {
        self.path = path
        self.sha256 = sha256
        self.size = size
    }
}

/// Why an item failed.
public struct LedgerFailureCause: Sendable, Hashable {
    /// A short code such as `ENOSPC` or `PARSE`, when there is one.
    public var code: String?
    public var errno: Int32?
    public var message: String

    public init(code: String? = nil, errno: Int32? = nil, message: String) {
        self.code = code
        self.errno = errno
        self.message = message
    }
}

/// One ledger line after the header.
public struct LedgerRecord: Sendable, Hashable {
    /// Monotonic across runs; the fold orders by it, never by time.
    public var seq: Int
    public var runID: String
    /// When it was written, ISO-8601 UTC, for people only.
    public var at: String
    public var body: Body

    public init(seq: Int, runID: String, at: String, body: Body) {
        self.seq = seq
        self.runID = runID
        self.at = at
        self.body = body
    }

    public enum Body: Sendable, Hashable {
        /// A run started (`run`).
        case runStart(RunStart)
        /// A run ended (`end`).
        case runEnd(RunEnd)
        /// An output is about to be published with this hash (`begin`), before the rename.
        case begin(Begin)
        /// The output is durably in place (`commit`, status `ok`).
        case commit(Commit)
        /// The item failed (`fail`); nothing was published.
        case fail(Failure)
        /// The migrator chose not to produce this item (`skip`).
        case skip(Skip)
        /// A person's version of the output became the baseline (`accept` or `fix`).
        case baseline(Baseline)
        /// A file was moved aside (`quarantine`).
        case quarantine(Quarantine)
    }

    /// The `kind` member on disk.
    public var kind: String {
        switch body {
        case .runStart: "run"
        case .runEnd: "end"
        case .begin: "begin"
        case .commit: "commit"
        case .fail: "fail"
        case .skip: "skip"
        case .baseline(let baseline): baseline.kind.rawValue
        case .quarantine: "quarantine"
        }
    }

    /// The item the record is about; nil for run records.
    public var key: String? {
        switch body {
        case .runStart, .runEnd: nil
        case .begin(let record): record.key
        case .commit(let record): record.key
        case .fail(let record): record.key
        case .skip(let record): record.key
        case .baseline(let record): record.key
        case .quarantine(let record): record.key
        }
    }

    public struct RunStart: Sendable, Hashable {
        public var settingsFingerprint: String
        public var ruleSetVersion: String
        public var toolVersion: String
        public var pid: Int64
        public var host: String
        public var arguments: [String]

        public init(
            settingsFingerprint: String, ruleSetVersion: String, toolVersion: String, pid: Int64,
            host: String, arguments: [String]
        ) {
            self.settingsFingerprint = settingsFingerprint
            self.ruleSetVersion = ruleSetVersion
            self.toolVersion = toolVersion
            self.pid = pid
            self.host = host
            self.arguments = arguments
        }
    }

    public struct RunEnd: Sendable, Hashable {
        /// `completed`, `cancelled` or `failed`.
        public var status: String
        /// Items per outcome (`migrated`, `skipped`, `failed`, ...).
        public var counts: [String: Int]

        public init(status: String, counts: [String: Int] = [:]) {
            self.status = status
            self.counts = counts
        }
    }

    public struct Begin: Sendable, Hashable {
        /// The item: its output path relative to the job folder.
        public var key: String
        public var inputs: LedgerInputs
        /// The bytes about to be published.
        public var output: LedgerOutput
        /// The hash of the file at the output path before this write; nil when there was none.
        public var previousOutputSHA256: String?

        public init(key: String, inputs: LedgerInputs, output: LedgerOutput, previousOutputSHA256: String?) {
            self.key = key
            self.inputs = inputs
            self.output = output
            self.previousOutputSHA256 = previousOutputSHA256
        }
    }

    public struct Commit: Sendable, Hashable {
        public var key: String
        public var inputs: LedgerInputs
        public var output: LedgerOutput
        /// How long the item took, from a monotonic clock.
        public var durationMs: Int64?
        /// `recovered` for a write found complete after a crash, `adopted` for an existing
        /// byte-identical file.
        public var note: String?

        public init(
            key: String, inputs: LedgerInputs, output: LedgerOutput, durationMs: Int64? = nil, note: String? = nil
        ) {
            self.key = key
            self.inputs = inputs
            self.output = output
            self.durationMs = durationMs
            self.note = note
        }
    }

    public struct Failure: Sendable, Hashable {
        public var key: String
        public var inputs: LedgerInputs
        public var cause: LedgerFailureCause

        public init(key: String, inputs: LedgerInputs, cause: LedgerFailureCause) {
            self.key = key
            self.inputs = inputs
            self.cause = cause
        }
    }

    public struct Skip: Sendable, Hashable {
        public var key: String
        public var inputs: LedgerInputs
        public var reason: String

        public init(key: String, inputs: LedgerInputs, reason: String) {
            self.key = key
            self.inputs = inputs
            self.reason = reason
        }
    }

    /// A person's bytes taken as the new baseline. It repeats the inputs of the record it
    /// follows, so the fold stays a single last-wins pass.
    public struct Baseline: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable {
            /// `acceptEdits`: the edit is the baseline; later input changes regenerate the output
            /// like any untouched one.
            case accepted = "accept"
            /// An edit made through `aidp-fixup-cell`: later input changes need confirmation,
            /// because regenerating would lose the fix.
            case fixed = "fix"
        }

        public var kind: Kind
        public var key: String
        public var inputs: LedgerInputs
        public var output: LedgerOutput
        public var note: String?

        public init(kind: Kind, key: String, inputs: LedgerInputs, output: LedgerOutput, note: String? = nil) {
            self.kind = kind
            self.key = key
            self.inputs = inputs
            self.output = output
            self.note = note
        }
    }

    public struct Quarantine: Sendable, Hashable {
        public var key: String
        /// Relative to the job folder.
        public var from: String
        /// Relative to the job folder.
        public var to: String
        /// The moved file's hash; nil when it could not be read.
        public var sha256: String?
        /// `damaged`, `overwrite-edited` or `orphan-prune`.
        public var reason: String

        public init(key: String, from: String, to: String, sha256: String?, reason: String) {
            self.key = key
            self.from = from
            self.to = to
            self.sha256 = sha256
            self.reason = reason
        }
    }
}
