"""Bad input to `aidp-migrate-job`, through the CLI as a user would run it.

Each case must end in a clear error or flag that names the offending file (or key), and must write
nothing outside `outputBase`: the whole tmp folder (inputs included) is hashed before and after, with
the output base left out, and the CLI runs with the tmp folder as its working directory.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path

import pytest

from conftest import CLIResult
from migration_inputs.migratelib import (EXAMPLE_JOB_NAME, EXAMPLE_TASKS, all_notebooks, copy_example, migrate_cli,
                                         source_notebook, strict_notebook, tree_state, write_job)

HUGE_CELL_BYTES = 5_000_000
HUGE_CELL_SECONDS = 10.0  # "a few seconds", with room for a debug build on a loaded 2-core machine
OUTSIDE_MARKER = "OUTSIDE-THE-SOURCE-FOLDER"


# ---------------------------------------------------------------------------------- helpers


def run_confined(tmp_path: Path, args: dict, out: Path, timeout: float = 60) -> CLIResult:
    """Run the migration with cwd = tmp_path; fail if anything outside `out` changed."""
    assert tmp_path in out.parents
    before = tree_state(tmp_path, skip=[out])
    r = migrate_cli(args, cwd=tmp_path, timeout=timeout)
    after = tree_state(tmp_path, skip=[out])
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert changed == [], f"written outside outputBase: {changed}\n{r}"
    return r


def tool_error(r: CLIResult) -> str:
    assert r.returncode == 1, r
    doc = r.json()
    assert doc.get("status") == "error", doc
    assert doc.get("error") and doc.get("nextStep"), doc
    assert doc["error"] in r.stderr, "the terminal does not show the error"
    return doc["error"]


def small_workspace(tmp_path: Path, notebooks: dict[str, str | bytes]) -> Path:
    """A source folder with the given files (relative path → text or bytes)."""
    source = tmp_path / "workspace"
    for rel, content in notebooks.items():
        path = source / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return source


def job_for(tmp_path: Path, tasks: dict[str, str], name: str = "bad input job") -> Path:
    return write_job(tmp_path / "job.json", name, list(tasks.items()))


def migrate_small(tmp_path: Path, notebooks: dict[str, str | bytes], tasks: dict[str, str], timeout: float = 60,
                  name: str = "bad input job") -> tuple[dict, Path, Path]:
    """Migrate a small generated job; returns (result, job folder, source)."""
    source = small_workspace(tmp_path, notebooks)
    job = job_for(tmp_path, tasks, name)
    out = tmp_path / "out"
    r = run_confined(tmp_path, {"job": str(job), "source": str(source), "outputBase": str(out)}, out, timeout)
    assert r.returncode == 0, r
    result = r.json()
    job_folder = Path(result["jobFolder"])
    assert out in job_folder.parents, f"job folder {job_folder} is not inside outputBase {out}"
    for notebook in all_notebooks(job_folder):  # whatever else happened, what was written is valid
        strict_notebook(notebook)
    return result, job_folder, source


def rows(result: dict) -> dict[str, dict]:
    return {row["task"]: row for row in result["tasks"]}


def report_entry(job_folder: Path, workspace_path: str) -> dict:
    report = json.loads((job_folder / "report.json").read_text(encoding="utf-8"))
    return next(n for n in report["notebooks"] if n["workspacePath"] == workspace_path)


def no_output_mentions(job_folder: Path, marker: str) -> None:
    hits = [str(p) for p in job_folder.rglob("*") if p.is_file() and marker.encode() in p.read_bytes()]
    assert hits == [], f"content from outside the source folder was migrated into {hits}"


@pytest.mark.parametrize("which", ["job", "config"])
@pytest.mark.parametrize("syntax_error_first", [False, True])
def test_a_json_input_that_is_not_utf8_is_named_with_the_place_of_the_bad_byte(tmp_path, which, syntax_error_first):
    ex = copy_example(tmp_path)
    bad = tmp_path / f"latin1-{which}.json"
    lines = (ex.job if which == "job" else ex.config).read_bytes().split(b"\n")
    # A Latin-1 "é" outside any string; with syntax_error_first, a stray "@" on the line before,
    # where a JSON parser stops first: the encoding is still what gets named.
    if syntax_error_first:
        lines[1] = b"@" + lines[1]
    lines[2] = b"\xe9" + lines[2]
    bad.write_bytes(b"\n".join(lines))
    out = tmp_path / "out"
    args = ex.args(out, config=str(bad)) if which == "config" else {**ex.args(out), "job": str(bad)}
    error = tool_error(run_confined(tmp_path, args, out))
    assert re.search(re.escape(bad.name) + r":3:1\b", error), error
    assert "not UTF-8" in error, error
    assert not out.exists()


PLAIN = source_notebook('print("fine")')


# ---------------------------------------------------------------------------------- job file


def test_missing_job_file(tmp_path):
    source = small_workspace(tmp_path, {"U/a.py": PLAIN})
    missing = tmp_path / "jobs" / "nightly.json"
    out = tmp_path / "out"
    error = tool_error(run_confined(tmp_path, {"job": str(missing), "source": str(source), "outputBase": str(out)},
                                   out))
    assert str(missing) in error or "jobs/nightly.json" in error, error
    assert not out.exists(), "an input error still created the output folder"


def test_malformed_job_json_names_file_line_and_column(tmp_path):
    source = small_workspace(tmp_path, {"U/a.py": PLAIN})
    text = '{\n  "name": "broken",\n  "tasks": [\n    {"task_key": "a",}\n  ]\n}\n'
    job = tmp_path / "broken-job.json"
    job.write_text(text)
    with pytest.raises(json.JSONDecodeError) as python_says:
        json.loads(text)
    out = tmp_path / "out"
    error = tool_error(run_confined(tmp_path, {"job": str(job), "source": str(source), "outputBase": str(out)}, out))
    m = re.search(re.escape(job.name) + r":(\d+):(\d+)", error)
    assert m, f"the error does not give file:line:column: {error}"
    line, column = int(m.group(1)), int(m.group(2))
    assert line == python_says.value.lineno, (error, python_says.value)
    assert abs(column - python_says.value.colno) <= 1, (error, python_says.value)
    assert not out.exists()


def test_job_with_a_task_notebook_missing_from_source(tmp_path):
    ex = copy_example(tmp_path)
    doc = json.loads(ex.job.read_text())
    doc["settings"]["tasks"].append({"task_key": "ghost", "notebook_task": {
        "notebook_path": "/Repos/data-eng/sales/ghost/never_exported", "source": "WORKSPACE"}})
    ex.job.write_text(json.dumps(doc, indent=1))
    out = tmp_path / "out"
    r = run_confined(tmp_path, ex.args(out), out)
    assert r.returncode == 0, r
    result = r.json()
    by_task = rows(result)
    assert by_task["ghost"]["status"] == "FAILED", by_task["ghost"]
    errors = [e for e in result["errors"] if "ghost/never_exported" in e]
    assert errors, result["errors"]
    assert "not found" in errors[0] or "missing" in errors[0], errors
    for task in EXAMPLE_TASKS:  # the others are still migrated
        assert by_task[task]["status"] in ("CONVERTED", "NEEDS_FIX"), by_task[task]
        strict_notebook(Path(by_task[task]["notebook"]))
    assert result["status"] == "FAILED", result["status"]
    report = json.loads((out / EXAMPLE_JOB_NAME / "report.json").read_text())
    assert {t["task"]: t["status"] for t in report["tasks"]}["ghost"] == "FAILED"
    assert "never_exported" in (out / EXAMPLE_JOB_NAME / "JOB_REPORT.md").read_text()


# ---------------------------------------------------------------------------------- %run problems


def test_unresolved_run_target_is_flagged_and_migration_continues(tmp_path):
    caller = source_notebook("# MAGIC %run ./not_exported", 'print("after the run")')
    result, job_folder, _ = migrate_small(tmp_path, {"U/caller.py": caller, "U/other.py": PLAIN},
                                         {"caller": "/U/caller", "other": "/U/other"})
    by_task = rows(result)
    assert by_task["other"]["status"] == "CONVERTED", by_task
    assert by_task["caller"]["status"] == "NEEDS_FIX", (by_task["caller"], result["errors"])
    entry = report_entry(job_folder, "/U/caller")
    flags = [f for f in entry["findings"] if f.get("code") == "RUN-UNRESOLVED"]
    assert flags and flags[0]["cellIndex"] == 0 and flags[0]["confidence"] == "FLAG", entry["findings"]
    assert "/U/not_exported" in flags[0]["note"], flags
    nb = strict_notebook(Path(by_task["caller"]["notebook"]))
    assert len(nb["cells"]) == 2
    assert nb["cells"][0]["metadata"]["aidp_migration"]["status"] == "flagged"
    assert any("/U/not_exported" in w for w in result["warnings"] + result["errors"]), result


def test_run_cycle_completes_and_is_reported(tmp_path):
    a = source_notebook("# MAGIC %run ./b", "x = 1")
    b = source_notebook("# MAGIC %run ./a", "y = 2")
    selfish = source_notebook("# MAGIC %run ./selfish", "z = 3")
    t0 = time.monotonic()
    result, job_folder, _ = migrate_small(tmp_path, {"U/a.py": a, "U/b.py": b, "U/selfish.py": selfish},
                                         {"a": "/U/a", "selfish": "/U/selfish"}, timeout=30)
    assert time.monotonic() - t0 < 20
    notes = " ".join(result["warnings"] + result["errors"])
    assert "cycle" in notes and "/U/a" in notes and "/U/b" in notes, result["warnings"]
    assert "/U/selfish" in notes, f"the self-%run is not reported: {result['warnings']}"
    report = json.loads((job_folder / "report.json").read_text())
    assert any("cycle" in w and "/U/a" in w for w in report["warnings"]), report["warnings"]
    assert "cycle" in (job_folder / "JOB_REPORT.md").read_text(), "JOB_REPORT.md does not report the cycle"
    for rel in ("notebooks/U/a.ipynb", "notebooks/U/b.ipynb", "notebooks/U/selfish.ipynb"):
        strict_notebook(job_folder / rel)
    assert result["notebooks"]["total"] == 3, result["notebooks"]
    run_a = json.loads((job_folder / "notebooks/U/a.ipynb").read_text())["cells"][0]["source"]
    assert "".join(run_a).startswith("%run /Workspace/"), run_a


# ---------------------------------------------------------------------------------- escaping the source folder


def outside_notebook(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "secret.py"
    path.parent.mkdir(parents=True)
    path.write_text(source_notebook(f'print("{OUTSIDE_MARKER}")'))
    return path


def test_task_path_climbing_out_of_the_source_is_an_error(tmp_path):
    outside_notebook(tmp_path)
    result, job_folder, _ = migrate_small(tmp_path, {"U/a.py": PLAIN},
                                         {"ok": "/U/a", "climber": "/U/../../outside/secret"})
    by_task = rows(result)
    assert by_task["ok"]["status"] == "CONVERTED"
    assert by_task["climber"]["status"] == "FAILED", by_task["climber"]
    errors = [e for e in result["errors"] if "outside/secret" in e]
    assert errors, result["errors"]
    no_output_mentions(job_folder, OUTSIDE_MARKER)


def test_run_target_climbing_out_of_the_source_is_not_followed(tmp_path):
    outside_notebook(tmp_path)
    climber = source_notebook("# MAGIC %run ../../outside/secret", "# MAGIC %run ../../../../../outside/secret",
                              'r = dbutils.notebook.run("../../outside/secret", 60)')
    result, job_folder, _ = migrate_small(tmp_path, {"U/climber.py": climber}, {"climber": "/U/climber"})
    no_output_mentions(job_folder, OUTSIDE_MARKER)
    assert result["notebooks"]["total"] == 1, "a dependency outside the source folder was planned"
    entry = report_entry(job_folder, "/U/climber")
    assert len([f for f in entry["findings"] if f["confidence"] == "FLAG"]) >= 3, entry["findings"]


@pytest.mark.parametrize("kind", ["file-link", "folder-link"])
def test_symlink_out_of_the_source_is_an_error_and_not_followed(tmp_path, kind):
    secret = outside_notebook(tmp_path)
    source = small_workspace(tmp_path, {"U/a.py": PLAIN})
    if kind == "file-link":
        (source / "U" / "linked.py").symlink_to(secret)
        task_path, named = "/U/linked", "U/linked.py"
    else:
        (source / "U" / "linked_dir").symlink_to(secret.parent, target_is_directory=True)
        task_path, named = "/U/linked_dir/secret", "U/linked_dir"
    job = job_for(tmp_path, {"ok": "/U/a", "linked": task_path})
    out = tmp_path / "out"
    r = run_confined(tmp_path, {"job": str(job), "source": str(source), "outputBase": str(out)}, out)
    assert r.returncode == 0, r
    result = r.json()
    assert rows(result)["ok"]["status"] == "CONVERTED"
    assert rows(result)["linked"]["status"] == "FAILED", rows(result)["linked"]
    errors = [e for e in result["errors"] if named in e]
    assert errors and ("link" in errors[0] or "outside" in errors[0]), result["errors"]
    no_output_mentions(Path(result["jobFolder"]), OUTSIDE_MARKER)


def test_job_name_cannot_escape_the_output_base(tmp_path):
    result, job_folder, _ = migrate_small(tmp_path, {"U/a.py": PLAIN}, {"a": "/U/a"}, name="../../escaped/job")
    assert job_folder.parent == tmp_path / "out", job_folder
    assert not (tmp_path / "escaped").exists()


def test_output_base_inside_the_source_is_refused(tmp_path):
    ex = copy_example(tmp_path)
    out = ex.source / "migrated"
    before = tree_state(tmp_path)
    error = tool_error(migrate_cli(ex.args(out), cwd=tmp_path))
    assert "inside the source" in error and "migrated" in error, error
    assert tree_state(tmp_path) == before, "a refused call wrote something"


# ---------------------------------------------------------------------------------- unreadable notebooks


@pytest.mark.parametrize("case", ["latin-1", "nul-bytes", "zero-bytes", "blank"])
def test_unreadable_notebook_is_an_error_naming_the_file(tmp_path, case):
    content = {"latin-1": "# Databricks notebook source\nprint('café')\n".encode("latin-1"),
               "nul-bytes": b"# Databricks notebook source\nprint(1)\x00\x01\x02\xff\n",
               "zero-bytes": b"", "blank": b"\n  \n\t\n"}[case]
    words = {"latin-1": "UTF-8", "nul-bytes": "binary", "zero-bytes": "empty file (0 bytes)",
             "blank": "blank file"}[case]
    result, job_folder, _ = migrate_small(tmp_path, {"U/bad.py": content, "U/a.py": PLAIN},
                                         {"bad": "/U/bad", "ok": "/U/a"})
    by_task = rows(result)
    assert by_task["ok"]["status"] == "CONVERTED"
    assert by_task["bad"]["status"] == "FAILED", by_task["bad"]
    errors = [e for e in result["errors"] if "U/bad.py" in e]
    assert errors and words in errors[0], result["errors"]
    assert not (job_folder / "notebooks/U/bad.ipynb").exists()


def test_header_only_notebook_is_migrated_with_zero_cells(tmp_path):
    result, job_folder, _ = migrate_small(tmp_path, {"U/empty.py": "# Databricks notebook source\n", "U/a.py": PLAIN},
                                         {"empty": "/U/empty", "ok": "/U/a"})
    row = rows(result)["empty"]
    assert row["status"] == "CONVERTED" and row["cells"]["cells"] == 0, row
    nb = strict_notebook(Path(row["notebook"]))
    assert nb["cells"] == []
    assert report_entry(job_folder, "/U/empty")["cells"]["cells"] == 0
    named = [w for w in result["warnings"] if "U/empty.py has no cells" in w]
    assert named, result["warnings"]
    assert named[0] in (job_folder / "JOB_REPORT.md").read_text(encoding="utf-8")
    assert not [w for w in result["warnings"] if "U/a.py" in w], result["warnings"]


@pytest.mark.parametrize("linked", ["notebooks/U", "job folder"])
def test_a_linked_folder_inside_the_output_base_is_refused_and_not_followed(tmp_path, linked):
    source = small_workspace(tmp_path, {"U/a.py": PLAIN})
    job = job_for(tmp_path, {"a": "/U/a"})
    out = tmp_path / "out"
    args = {"job": str(job), "source": str(source), "outputBase": str(out)}
    assert migrate_cli(args, cwd=tmp_path).returncode == 0
    job_folder = out / "bad_input_job"
    link = job_folder if linked == "job folder" else job_folder / linked
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link.rename(tmp_path / "moved-aside")
    link.symlink_to(elsewhere, target_is_directory=True)
    error = tool_error(run_confined(tmp_path, args, out))
    assert f"'{link}' is a symbolic link" in error, error
    assert list(elsewhere.iterdir()) == [], "written through the link"


# ---------------------------------------------------------------------------------- huge cells


def huge_cell(kind: str) -> str:
    if kind == "one-string-literal":
        return 'blob = "' + "a" * HUGE_CELL_BYTES + '"'
    lines, size, i = [], 0, 0
    while size < HUGE_CELL_BYTES:  # generated code: a mount path to rewrite on every 10th line
        line = (f'df_{i} = spark.read.load("/mnt/raw/part_{i}")' if i % 10 == 0
                else f"x_{i} = {i} + 1  # plain code")
        lines.append(line)
        size += len(line) + 1
        i += 1
    return "\n".join(lines)


@pytest.mark.parametrize("kind", ["one-string-literal", "code-with-paths"])
def test_a_5mb_cell_migrates_within_seconds(tmp_path, kind):
    notebook = source_notebook(huge_cell(kind), 'print("next cell")')
    source = small_workspace(tmp_path, {"U/huge.py": notebook})
    job = job_for(tmp_path, {"huge": "/U/huge"})
    out = tmp_path / "out"
    t0 = time.monotonic()
    try:
        r = migrate_cli({"job": str(job), "source": str(source), "outputBase": str(out),
                         "config": {"pathMap": {"/mnt/raw": "oci://raw@t/landing"}}},
                        cwd=tmp_path, timeout=HUGE_CELL_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"a {len(notebook) / 1e6:.1f} MB cell ({kind}) was not migrated within {HUGE_CELL_SECONDS:.0f} s")
    took = time.monotonic() - t0
    assert r.returncode == 0, r
    result = r.json()
    assert rows(result)["huge"]["status"] in ("CONVERTED", "NEEDS_FIX"), result["tasks"]
    nb = strict_notebook(Path(rows(result)["huge"]["notebook"]))
    assert len(nb["cells"]) == 2
    assert len("".join(nb["cells"][0]["source"])) >= HUGE_CELL_BYTES
    assert took < HUGE_CELL_SECONDS, f"{took:.1f} s"


# ---------------------------------------------------------------------------------- config


def test_config_object_with_an_unknown_key_names_the_key(tmp_path):
    ex = copy_example(tmp_path)
    out = tmp_path / "out"
    error = tool_error(run_confined(tmp_path, ex.args(out, config={"catalogMap": {}, "clusterMapp": {}}), out))
    assert "clusterMapp" in error, error
    assert not out.exists()


def test_config_file_with_an_unknown_key_names_the_file_and_the_key(tmp_path):
    ex = copy_example(tmp_path)
    cfg = json.loads(ex.config.read_text())
    cfg["secretsMap"] = {}
    bad = tmp_path / "my-config.json"
    bad.write_text(json.dumps(cfg, indent=1))
    out = tmp_path / "out"
    error = tool_error(run_confined(tmp_path, ex.args(out, config=str(bad)), out))
    assert "secretsMap" in error and "my-config.json" in error, error
    assert not out.exists()


def test_malformed_config_file_names_file_and_line(tmp_path):
    ex = copy_example(tmp_path)
    bad = tmp_path / "broken-config.json"
    bad.write_text('{\n  "workspaceRoot": "/Workspace/x"\n  "catalogMap": {}\n}\n')
    out = tmp_path / "out"
    error = tool_error(run_confined(tmp_path, ex.args(out, config=str(bad)), out))
    assert re.search(r"broken-config\.json:3:\d+", error), error
    assert not out.exists()
