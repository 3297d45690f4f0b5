/// Everything the cell rules may consult: the caller's context (with its run-wide `RuleTables`)
/// plus what a pre-pass over the whole notebook learnt (the W-01 widget table, names the notebook
/// binds itself, temp views).
///
/// A class: every rewriter and rule family keeps it, and sharing one reference is cheaper than
/// copying (and reference-counting) each of its maps and sets into each of them.
final class RuleEnvironment {
    let context: RewriteContext
    let notebook: NotebookFacts
    var tables: RuleTables { context.tables }

    init(context: RewriteContext, notebook: NotebookFacts) {
        self.context = context
        self.notebook = notebook
    }
}
