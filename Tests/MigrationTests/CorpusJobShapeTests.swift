import Foundation
import JSON
import Migration
import Testing

/// The other job shapes the loader accepts (migration.md §8, §11 "job definitions"), run over the
/// corpus export: the notebooks they reach come out byte-identical to the corpus goldens, since a
/// notebook's migration depends on the export and the job folder name only.
@Suite struct CorpusJobShapeTests {
    private func migrate(job: String) throws -> (files: [String: Data], report: JSONValue) {
        try Folder.withTemporary { base in
            try Folder.write(job, to: base + "/job.json")
            let prepared = try MigrationPreparer.prepare(
                jobFile: base + "/job.json", sourceRoot: Folder.realPath(Corpus.source), outputBase: base + "/out",
                config: Corpus.config(), force: false)
            let outcome = try MigrationExecutor.apply(prepared, approved: [], toolVersion: "corpus-test")
            #expect(outcome.failed.isEmpty)
            let files = try Corpus.outputs(of: prepared.jobFolder)
            return (files, try JSONCoding.decode(try #require(files["report.json"])))
        }
    }

    private func expectGolden(_ files: [String: Data], _ notebooks: [String]) throws {
        #expect(Set(files.keys.filter { $0.hasPrefix("notebooks/") }) == Set(notebooks.map { "notebooks/" + $0 }))
        for notebook in notebooks {
            let golden = try Data(contentsOf: Corpus.expected.appendingPathComponent("notebooks/" + notebook))
            #expect(files["notebooks/" + notebook] == golden, "\(notebook) differs from the corpus golden")
        }
    }

    /// Bare `settings` (a `jobs create`/`reset` body) with `existing_cluster_id` and `run_if`.
    @Test func bareSettingsWithAnExistingCluster() throws {
        let job = """
            {"name": "corpus nightly", "max_concurrent_runs": 1, "tasks": [
              {"task_key": "transform", "run_if": "ALL_DONE", "existing_cluster_id": "0701-090909-corpus01",
               "notebook_task": {"notebook_path": "/Users/mei.tanaka@example.com/corpus/flows/controller", "source": "WORKSPACE"}}
            ]}
            """
        let (files, report) = try migrate(job: job)
        try expectGolden(
            files,
            [
                "Users/mei.tanaka@example.com/corpus/flows/controller.ipynb",
                "Users/mei.tanaka@example.com/corpus/flows/step_clean.ipynb",
                "Users/mei.tanaka@example.com/corpus/flows/step_publish.ipynb",
                "Users/mei.tanaka@example.com/corpus/common/config.ipynb",
            ])
        #expect(
            report["tasks"] == [
                [
                    "task": "transform", "status": "NEEDS_FIX",
                    "notebook": "notebooks/Users/mei.tanaka@example.com/corpus/flows/controller.ipynb",
                    "cells": ["cells": 10, "converted": 4, "review": 4, "flagged": 2],
                ]
            ])
        let spec = try JSONCoding.decode(try #require(files["aidp-job.json"]))
        #expect(
            spec["tasks"]?.arrayValue?.first?["cluster"] == [
                "clusterKey": "shared_cluster", "clusterName": "corpus-shared",
            ])
        #expect(spec["tasks"]?.arrayValue?.first?["runIf"] == "ALL_DONE")
    }

    /// A Jobs 2.0 single-task document: the payload at the top level, one task synthesised.
    @Test func jobs20SingleTask() throws {
        let job = """
            {"job_id": 17, "settings": {"name": "corpus nightly", "existing_cluster_id": "0701-090909-corpus01", "max_retries": 2,
              "notebook_task": {"notebook_path": "/Users/mei.tanaka@example.com/corpus/jupyter/exported", "base_parameters": {"region": "west"}}}}
            """
        let (files, report) = try migrate(job: job)
        try expectGolden(
            files,
            [
                "Users/mei.tanaka@example.com/corpus/jupyter/exported.ipynb",
                "Users/mei.tanaka@example.com/corpus/jupyter/exported_helper.ipynb",
            ])
        #expect(report["tasks"]?.arrayValue?.count == 1)
        #expect(report["tasks"]?.arrayValue?.first?["status"] == "CONVERTED")
        let spec = try JSONCoding.decode(try #require(files["aidp-job.json"]))
        #expect(spec["tasks"]?.arrayValue?.first?["maxRetries"] == 2)
        #expect(spec["tasks"]?.arrayValue?.first?["parameters"] == [["name": "region", "value": "west"]])
    }
}
