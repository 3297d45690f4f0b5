import Foundation
import JSON
import Migration
import Testing

/// The corpus exercises every rule of migration.md §7: a rule that stops firing fails here.
@Suite struct CorpusCoverageTests {
    /// Every rule id of migration.md §7, in table order.
    static let section7: [String] = [
        "S-01", "S-02",
        "M-01", "M-02", "M-03", "M-04", "M-05", "M-06", "M-07", "M-08", "M-09", "M-10", "M-11", "M-12", "M-13", "M-14",
        "W-01", "W-02", "W-03", "W-04", "W-05", "W-06", "W-07",
        "N-01", "N-02", "N-03", "N-04", "N-05", "N-06", "N-07",
        "F-01", "F-02", "F-03", "F-04", "F-05", "F-06", "F-07", "F-08",
        "G-01", "G-02", "G-03", "G-04", "G-05", "G-06", "G-07", "G-08",
        "P-01", "P-02", "P-03", "P-04", "P-05", "P-06",
        "C-01", "C-02", "C-03",
        "K-01", "K-02",
        "X-01", "X-02", "X-03", "X-04", "X-05", "X-06",
    ]

    /// G-01 (`display`) and G-03 (`spark`) are "unchanged" rules: the engine records no finding for
    /// them, so a cell that only uses them stays untouched. The corpus checks them through such a
    /// cell (`nativeGlobalsLeaveTheirCellUntouched`) rather than through a rule id.
    static let unchangedRules: Set<String> = ["G-01", "G-03"]

    /// Every §7 flag code.
    static let flagCodes: [String] = [
        "PARSE-MIXED", "LANG-R", "RUN-UNRESOLVED", "FS-MAGIC", "MAGIC-UNSUPPORTED", "WIDGETS-GETALL", "SQL-WIDGET-REF",
        "RUN-DYNAMIC-PATH", "NB-CONTEXT", "FS-API", "FS-MOUNT", "SECRETS-LIST", "LIB-RUNTIME", "DBUTILS-OTHER",
        "SCALA-SC",
        "PATH-UNMAPPED", "PATH-DBX-DATASETS", "DLT", "AUTOLOADER", "DBX-SDK", "DBX-SQL-FUNC",
    ]

    /// `(rule ids, flag codes, confidences by rule)` found in the report's findings (REVIEW and
    /// FLAG) and in every output cell's `metadata.aidp_migration` (SAFE ones too).
    private func found() throws -> (rules: Set<String>, flags: Set<String>, reportRules: Set<String>) {
        let run = try Corpus.result()
        var rules: Set<String> = []
        var flags: Set<String> = []
        var reportRules: Set<String> = []
        let report = try run.json("report.json")
        for notebook in report["notebooks"]?.arrayValue ?? [] {
            for finding in notebook["findings"]?.arrayValue ?? [] {
                if let rule = finding["rule"]?.stringValue { reportRules.insert(rule) }
                if let code = finding["code"]?.stringValue { flags.insert(code) }
            }
        }
        for (_, data) in run.notebooks {
            for cell in try JSONCoding.decode(data)["cells"]?.arrayValue ?? [] {
                let migration = cell["metadata"]?["aidp_migration"]
                for rule in migration?["rules"]?.arrayValue ?? [] { if let id = rule.stringValue { rules.insert(id) } }
                for flag in migration?["flags"]?.arrayValue ?? [] {
                    if let code = flag.stringValue { flags.insert(code) }
                }
            }
        }
        return (rules.union(reportRules), flags, reportRules)
    }

    @Test func theCorpusFiresEveryRuleOfSection7() throws {
        let (rules, _, _) = try found()
        let expected = Set(Self.section7).subtracting(Self.unchangedRules)
        #expect(
            expected.subtracting(rules).isEmpty,
            "rules that no longer fire on the corpus: \(expected.subtracting(rules).sorted())")
        #expect(
            rules.subtracting(Self.section7).isEmpty,
            "rule ids that are not in §7: \(rules.subtracting(Self.section7).sorted())")
        #expect(rules.intersection(Self.unchangedRules).isEmpty, "G-01/G-03 now record findings: update unchangedRules")
    }

    @Test func theCorpusRaisesEveryFlagCode() throws {
        let (_, flags, _) = try found()
        #expect(
            Set(Self.flagCodes).subtracting(flags).isEmpty,
            "flag codes never raised: \(Set(Self.flagCodes).subtracting(flags).sorted())")
        #expect(
            flags.subtracting(Self.flagCodes).isEmpty,
            "flag codes not in §7: \(flags.subtracting(Self.flagCodes).sorted())")
    }

    /// Every REVIEW or FLAG finding of a cell is also a line of the report (§7 "Marking").
    @Test func everyReviewOrFlagInACellIsInTheReport() throws {
        let run = try Corpus.result()
        let report = try run.json("report.json")
        for notebook in report["notebooks"]?.arrayValue ?? [] {
            guard let output = notebook["output"]?.stringValue, let data = run.files[output] else { continue }
            let reported = Set(
                (notebook["findings"]?.arrayValue ?? []).compactMap { finding -> String? in
                    guard let index = finding["cellIndex"]?.intValue, let rule = finding["rule"]?.stringValue else {
                        return nil
                    }
                    return "\(index) \(rule)"
                })
            for (index, cell) in (try JSONCoding.decode(data)["cells"]?.arrayValue ?? []).enumerated() {
                let migration = cell["metadata"]?["aidp_migration"]
                guard let status = migration?["status"]?.stringValue, status != "converted" else { continue }
                let cellRules = Set(reported.filter { $0.hasPrefix("\(index) ") })
                #expect(!cellRules.isEmpty, "\(output) cell \(index) is \(status) but has no line in report.json")
            }
        }
    }

    /// G-01 / G-03: `display(...)` and `spark` are native on AIDP; a cell using only them is left
    /// exactly as written, with no migration metadata.
    @Test func nativeGlobalsLeaveTheirCellUntouched() throws {
        let run = try Corpus.result()
        let data = try #require(run.files["notebooks/Users/mei.tanaka@example.com/corpus/platform/globals.ipynb"])
        let cells = try JSONCoding.decode(data)["cells"]?.arrayValue ?? []
        let native = try #require(cells.first { GoldenCell($0).source == "frame = spark.range(5)\ndisplay(frame)" })
        #expect(native["metadata"]?["aidp_migration"] == nil)
        #expect(native["metadata"]?["type"] == "python")
    }

    /// M-06 / issue #3: a `%run` target missing from the export is FLAG `RUN-UNRESOLVED` on the
    /// calling cell and a warning; the migration continues and the task needs a fix, not FAILED.
    @Test func anUnresolvedRunTargetIsAWarningAndItsTaskNeedsAFix() throws {
        let report = try Corpus.result().json("report.json")
        let ingest = report["tasks"]?.arrayValue?.first { $0["task"] == "ingest" }
        #expect(ingest?["status"] == "NEEDS_FIX")
        #expect(report["status"] == "NEEDS_FIX")
        #expect(report["errors"] == [])
        let warnings = (report["warnings"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(
            warnings.contains { $0.hasPrefix("/Repos/data-eng/corpus/ingest/not_exported: not in the export") },
            "\(warnings)")
        let rows = (report["notebooks"]?.arrayValue ?? []).compactMap { $0["workspacePath"]?.stringValue }
        #expect(
            !rows.contains("/Repos/data-eng/corpus/ingest/not_exported"),
            "no output row for a notebook that is not there")
    }

    /// Pass 1's dependency closure is exact: every `%run` and literal `notebook.run` target,
    /// nested chains included, once each, before the tasks (migration.md §10, §11).
    @Test func theDependencyClosureIsExact() throws {
        let run = try Corpus.result()
        let report = try run.json("report.json")
        let rows = report["notebooks"]?.arrayValue ?? []
        let dependencies = rows.filter { $0["role"] == "dependency" }.compactMap { $0["workspacePath"]?.stringValue }
        #expect(
            Set(dependencies) == [
                "/Repos/data-eng/corpus/lib/setup", "/Repos/data-eng/corpus/lib/base",
                "/Users/mei.tanaka@example.com/corpus/common/config", "/Repos/data-eng/corpus/ingest/helpers/paths",
                "/Repos/data-eng/corpus/ingest/My Helpers/quoted helper", "/Repos/data-eng/corpus/ingest/params_lib",
                "/Repos/data-eng/corpus/lib/next_line_target",
                "/Users/mei.tanaka@example.com/corpus/flows/step_clean",
                "/Users/mei.tanaka@example.com/corpus/flows/step_publish",
                "/Shared/Team Space/stage_setup", "/Users/mei.tanaka@example.com/corpus/jupyter/exported_helper",
            ])
        #expect(dependencies.count == Set(dependencies).count, "each dependency once")
        let roles = rows.compactMap { $0["role"]?.stringValue }
        #expect(roles == roles.filter { $0 == "dependency" } + roles.filter { $0 == "task" }, "Pass 1 before Pass 2")
        // Callees before callers: base before setup, step_publish before step_clean.
        let order = rows.compactMap { $0["workspacePath"]?.stringValue }
        func position(_ path: String) -> Int { order.firstIndex(of: path) ?? -1 }
        #expect(position("/Repos/data-eng/corpus/lib/base") < position("/Repos/data-eng/corpus/lib/setup"))
        #expect(
            position("/Users/mei.tanaka@example.com/corpus/common/config") < position("/Repos/data-eng/corpus/lib/base")
        )
        #expect(
            position("/Users/mei.tanaka@example.com/corpus/flows/step_publish")
                < position("/Users/mei.tanaka@example.com/corpus/flows/step_clean"))
    }
}
