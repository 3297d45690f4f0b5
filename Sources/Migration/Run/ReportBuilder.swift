import Durable

/// Builds the report from the plan, each notebook's summary and the ledger's decisions.
enum ReportBuilder {
    /// What the report says of one rewritten notebook; made while the notebooks are converted in
    /// parallel, so the report itself is a quick serial fold.
    struct NotebookSummary: Sendable {
        var counts: MigrationReport.CellCounts
        var flags: [MigrationReport.FlagRow]
    }

    static func build(
        plan: MigrationPlan, summaries: [String: NotebookSummary], outputs: [PreparedOutput],
        settingsFingerprint: String,
        config: MigrationConfig
    ) -> MigrationReport {
        // The report describes the state after the plan is applied, and a plan is applied only
        // once every guarded effect is confirmed: only a kept file stays hand-edited.
        var keptHandEdited: Set<String> = []
        for output in outputs where output.decision.action == .keep && output.decision.row == .handEdited {
            keptHandEdited.insert(output.path)
        }
        var notebooks: [MigrationReport.NotebookRow] = []
        notebooks.reserveCapacity(plan.units.count)
        var rowIndex: [String: Int] = [:]
        rowIndex.reserveCapacity(plan.units.count)
        for unit in plan.units {
            var row = MigrationReport.NotebookRow(
                workspacePath: unit.key, role: unit.role, taskKeys: unit.taskKeys, referencedBy: unit.referencedBy,
                output: unit.outputRelativePath, aidpPath: plan.paths.aidpPath(forWorkspacePath: unit.key),
                state: .migrated,
                counts: .init(), flags: [])
            if case .unavailable(let why) = unit.source {
                row.state = .failed(why)
            } else if let summary = summaries[unit.key] {
                (row.counts, row.flags) = (summary.counts, summary.flags)
                if keptHandEdited.contains(unit.outputRelativePath) { row.state = .handEdited }
            }
            rowIndex[unit.key] = notebooks.count
            notebooks.append(row)
        }

        var callees: [String: [String]] = [:]
        for unit in plan.units {
            for caller in unit.referencedBy { callees[caller, default: []].append(unit.key) }
        }
        let notebookTasks = Dictionary(
            plan.translation.notebookTasks.map { ($0.taskKey, $0.workspacePath) },
            uniquingKeysWith: { first, _ in first })
        // Each task's row walks its own dependency closure: independent, so spread over the cores.
        let tasks = plan.job.tasks.concurrentMap(minimumCount: 64) {
            [notebooks, rowIndex, callees] task -> MigrationReport.TaskRow in
            guard let path = notebookTasks[task.key] else {
                return .init(taskKey: task.key, status: .notANotebook, notebook: nil, counts: nil)
            }
            // A notebook task whose path was refused (it climbs out of the workspace) has no row.
            guard let key = NotebookUnit.key(path), let position = rowIndex[key] else {
                return .init(taskKey: task.key, status: .failed, notebook: nil, counts: nil)
            }
            let row = notebooks[position]
            // A task fails if its notebook, or any notebook it pulls in, could not be read.
            let closure = dependencyClosure(of: key, callees: callees)
            let failed = closure.contains { member in rowIndex[member].map { notebooks[$0].state.isFailed } ?? false }
            let flagged = closure.contains { member in
                rowIndex[member].map { notebooks[$0].counts.flagged > 0 } ?? false
            }
            let status: MigrationReport.TaskRow.Status = failed ? .failed : (flagged ? .needsFix : .converted)
            return .init(taskKey: task.key, status: status, notebook: row.output, counts: row.counts)
        }

        var errors: [String] = []
        var warnings: [String] = []
        for problem in plan.problems {
            switch problem.severity {
            case .error: errors.append(problem.description)
            case .warning: warnings.append(problem.description)
            }
        }
        return MigrationReport(
            jobName: plan.job.name, jobFolder: plan.paths.job, tasks: tasks, notebooks: notebooks,
            jobItems: plan.translation.items, errors: errors, warnings: warnings,
            runtime: .init(
                tool: "skillhost", ruleSetVersion: PreparedMigration.ruleSetVersion,
                settingsFingerprint: settingsFingerprint,
                workspaceRoot: config.workspaceRoot))
    }

    static func summarise(_ rewrite: NotebookRewrite) -> NotebookSummary {
        var counts = MigrationReport.CellCounts()
        var flags: [MigrationReport.FlagRow] = []
        let ids = NotebookCellID.Notebook(outputRelativePath: rewrite.notebook.outputRelativePath)
        for (index, cell) in rewrite.notebook.cells.enumerated() {
            counts.cells += 1
            switch cell.migration?.status {
            case .flagged?: counts.flagged += 1
            case .review?: counts.review += 1
            default: counts.converted += 1
            }
            let findings = index < rewrite.findings.count ? rewrite.findings[index] : []
            // A hash per cell, made only for a cell that has something to report.
            guard findings.contains(where: { $0.confidence != .safe }) else { continue }
            let id = ids.id(index: index)
            for finding in findings where finding.confidence != .safe {
                flags.append(
                    .init(
                        cellIndex: index,
                        cellID: id,
                        ruleID: finding.ruleID, confidence: finding.confidence, code: finding.flagCode,
                        note: finding.note))
            }
        }
        return NotebookSummary(counts: counts, flags: flags)
    }

    /// `key` and every notebook it reaches through `%run` / `notebook.run`.
    static func dependencyClosure(of key: String, callees: [String: [String]]) -> Set<String> {
        var seen: Set<String> = [key]
        var stack = [key]
        while let current = stack.popLast() {
            for callee in callees[current] ?? [] where seen.insert(callee).inserted {
                stack.append(callee)
            }
        }
        return seen
    }
}
