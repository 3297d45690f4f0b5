"""`aidp-migrate-job` output checked with real nbformat, strictly, and for byte-reproducibility.

Every notebook the built binary writes is loaded with `nbformat.from_dict(json.loads(text))` (never
`nbformat.reads`, which silently repairs ids) and must pass `iter_validate`, `isvalid` and `validate`
with warnings as errors, carry unique ids of the allowed shape, `nbformat_minor == 5`,
`metadata.type` on every cell, one cell per source cell, and be byte-identical to nbformat's own
serialisation (reference/migration.md §6). Inputs: the bundled example and a job built from the
Swift fixture notebooks (`Tests/MigrationTests/Fixtures/notebooks/`), both copied to tmp.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path


from migration_inputs.migratelib import (EXAMPLE_JOB_NAME, EXAMPLE_TASKS, FIXTURE_NOTEBOOKS, LEDGER_DIR, STATUSES,
                                         Inputs, all_notebooks, check_report_against_notebooks, copy_example,
                                         diff_trees, migrate_ok, output_bytes, source_cell_count, strict_notebook,
                                         temp_leftovers, write_job)

# Fixture files that are not notebooks by design (reference/migration.md §3.2 R6), with the words the
# error must use.
NOT_NOTEBOOKS = {"Users/ana/lib/helpers.py": "not a notebook"}
# Notebooks that `%run` one of those: still written (the cell is flagged), but the task may be FAILED
# because a dependency failed.
NEEDS_A_NOT_NOTEBOOK = {"Users/ana/etl/run_forms.py": "Users/ana/lib/helpers.py"}
# `twin.py` and `twin.ipynb` are the same workspace notebook in two export formats; the corpus moves the
# .ipynb twin to its own folder so both get migrated (and checked).
TWIN_IPYNB = "Users/ana/jupyter/twin.ipynb"
TWIN_IPYNB_MOVED = "Users/ana/jupyter_export/twin.ipynb"


# ---------------------------------------------------------------------------------- helpers


def fixture_corpus(tmp: Path) -> tuple[Inputs, dict[str, str]]:
    """Copy the fixture notebooks to tmp and write a job with one task per notebook file.
    Returns the inputs and {task_key: relative source file}."""
    source = tmp / "corpus"
    shutil.copytree(FIXTURE_NOTEBOOKS, source, ignore=shutil.ignore_patterns("golden", "README.md"))
    (source / TWIN_IPYNB_MOVED).parent.mkdir(parents=True)
    shutil.move(source / TWIN_IPYNB, source / TWIN_IPYNB_MOVED)
    tasks: dict[str, str] = {}
    for path in sorted(source.rglob("*")):
        if path.is_file():
            rel = path.relative_to(source).as_posix()
            key = "t_" + "".join(c if c.isalnum() else "_" for c in rel)
            tasks[key] = rel
    assert len(tasks) >= 15, f"fixture corpus unexpectedly small: {sorted(tasks.values())}"
    job = write_job(tmp / "corpus-job.json", "fixture corpus",
                    [(key, "/" + rel.rsplit(".", 1)[0]) for key, rel in tasks.items()])
    return Inputs(job=job, source=source), tasks


def assert_every_written_notebook_is_checked(job_folder: Path, checked: dict[str, dict]) -> None:
    on_disk = {p.relative_to(job_folder).as_posix() for p in all_notebooks(job_folder)}
    assert on_disk == set(checked), (f"notebooks on disk but not in report.json: {sorted(on_disk - set(checked))}; "
                                     f"in report.json but not on disk: {sorted(set(checked) - on_disk)}")
    for rel in on_disk:  # belt and braces: every file, whatever the report says
        strict_notebook(job_folder / rel)


# ---------------------------------------------------------------------------------- the example


def test_example_notebooks_pass_strict_nbformat_validation(tmp_path):
    ex = copy_example(tmp_path)
    result = migrate_ok(ex.args(tmp_path / "out"))
    job_folder = tmp_path / "out" / EXAMPLE_JOB_NAME
    assert result["jobFolder"] == str(job_folder), result
    assert result["status"] in ("CONVERTED", "NEEDS_FIX"), result
    checked = check_report_against_notebooks(job_folder, ex.source)
    assert_every_written_notebook_is_checked(job_folder, checked)
    # 4 tasks + the 3 notebooks they reach through %run / notebook.run
    assert len(checked) == 7, sorted(checked)
    report = json.loads((job_folder / "report.json").read_text())
    assert [t["task"] for t in report["tasks"]] == list(EXAMPLE_TASKS)
    for row in report["tasks"]:
        assert row["status"] in STATUSES, row
        nb = checked[row["notebook"]]
        assert row["cells"]["cells"] == len(nb["cells"]), row
        assert row["cells"]["converted"] + row["cells"]["review"] + row["cells"]["flagged"] <= len(nb["cells"]), row
    assert temp_leftovers(job_folder) == []


# ---------------------------------------------------------------------------------- the fixture corpus


def test_fixture_corpus_notebooks_pass_strict_nbformat_validation(tmp_path):
    corpus, tasks = fixture_corpus(tmp_path)
    result = migrate_ok(corpus.args(tmp_path / "out"))
    job_folder = Path(result["jobFolder"])
    assert job_folder.parent == tmp_path / "out", result["jobFolder"]
    checked = check_report_against_notebooks(job_folder, corpus.source)
    assert_every_written_notebook_is_checked(job_folder, checked)

    rows = {row["task"]: row for row in result["tasks"]}
    assert set(rows) == set(tasks), sorted(set(rows) ^ set(tasks))
    for key, rel in tasks.items():
        row = rows[key]
        if rel in NOT_NOTEBOOKS:
            # rejected by design: FAILED, with an error that names the file and says why
            assert row["status"] == "FAILED", row
            errors = [e for e in result["errors"] if rel in e]
            assert errors and NOT_NOTEBOOKS[rel] in errors[0], (rel, result["errors"])
            assert not Path(row.get("notebook") or tmp_path / "none").exists(), row
            continue
        if rel in NEEDS_A_NOT_NOTEBOOK:
            assert row["status"] in ("NEEDS_FIX", "FAILED"), (rel, row)
            assert any(NEEDS_A_NOT_NOTEBOOK[rel] in e for e in result["errors"]), result["errors"]
        else:
            assert row["status"] in ("CONVERTED", "NEEDS_FIX"), (rel, row, result["errors"])
        out = Path(row["notebook"])
        assert out.is_file(), row
        nb_rel = out.relative_to(job_folder).as_posix()
        assert nb_rel in checked, nb_rel
        expected = source_cell_count(corpus.source / rel)
        assert len(checked[nb_rel]["cells"]) == expected == row["cells"]["cells"], (rel, expected, row)

    # the header-only notebook is migrated with zero cells; the twins give the same cells
    empty = checked["notebooks/Users/ana/etl/empty.ipynb"]
    assert empty["cells"] == []
    twin_src = [c["source"] for c in checked["notebooks/Users/ana/jupyter/twin.ipynb"]["cells"]]
    twin_nb = [c["source"] for c in checked["notebooks/Users/ana/jupyter_export/twin.ipynb"]["cells"]]
    assert len(twin_src) == len(twin_nb) == 6
    # spaces in workspace paths become _ in output paths
    assert "notebooks/Shared/Team_Folder/daily_report.ipynb" in checked, sorted(checked)
    assert temp_leftovers(job_folder) == []


# ---------------------------------------------------------------------------------- determinism


def test_two_fresh_output_bases_get_identical_bytes(tmp_path):
    ex = copy_example(tmp_path)
    first = migrate_ok(ex.args(tmp_path / "run-a"))
    second = migrate_ok(ex.args(tmp_path / "run-b"))
    a = output_bytes(Path(first["jobFolder"]))
    b = output_bytes(Path(second["jobFolder"]))
    assert len(a) >= 11, sorted(a)  # 7 notebooks + aidp-job.json, report.json, JOB_REPORT.md, manifest.json
    assert diff_trees(a, b) == []
    strip = lambda r: {k: v for k, v in r.items() if k not in ("jobFolder", "jobSpec", "report", "reportJSON",
                                                                 "manifest", "tasks")}
    assert strip(first) == strip(second)


def test_fixture_corpus_is_deterministic_too(tmp_path):
    corpus, _ = fixture_corpus(tmp_path)
    a = output_bytes(Path(migrate_ok(corpus.args(tmp_path / "run-a"))["jobFolder"]))
    b = output_bytes(Path(migrate_ok(corpus.args(tmp_path / "run-b"))["jobFolder"]))
    assert diff_trees(a, b) == []


def test_rerun_into_the_same_base_skips_everything_and_changes_no_byte(tmp_path):
    ex = copy_example(tmp_path)
    args = ex.args(tmp_path / "out")
    first = migrate_ok(args)
    job_folder = Path(first["jobFolder"])
    before = output_bytes(job_folder)
    mtimes = {p: p.stat().st_mtime_ns for p in job_folder.rglob("*") if p.is_file() and LEDGER_DIR not in p.parts}
    again = migrate_ok(args)
    counts = again["notebooks"]
    assert counts["skipped"] == counts["total"] == 7, counts
    assert counts["migrated"] == 0 and counts["failed"] == 0 and counts["kept"] == 0, counts
    assert not [w for w in again.get("written", []) if w.startswith("notebooks/")], again.get("written")
    assert diff_trees(before, output_bytes(job_folder)) == []
    rewritten = [str(p.relative_to(job_folder)) for p, m in mtimes.items() if p.stat().st_mtime_ns != m]
    assert rewritten == [], f"an up-to-date re-run rewrote files: {rewritten}"
    assert again["status"] == first["status"] and again["tasks"] == first["tasks"]
