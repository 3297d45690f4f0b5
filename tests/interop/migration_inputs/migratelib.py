"""Helpers shared by the `aidp-migrate-job` interop tests.

- copies of the bundled example and of the Swift fixture notebooks into a test's tmp folder;
- a generator for a synthetic job of N small SOURCE notebooks that `%run` a shared helper;
- the strict nbformat oracle of reference/migration.md §6;
- a cell counter for Databricks SOURCE / JUPYTER exports (reference/migration.md §3);
- byte snapshots of an output folder (the ledger folder `.skillhost/` left out) and of a tmp tree.

Nothing here writes outside the folder a caller passes in.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from conftest import REPO, SKILLHOST_BIN, CLIResult, run_cli

TOOL = "aidp-migrate-job"
EXAMPLE = REPO / "examples" / "nightly_sales"
EXAMPLE_JOB_NAME = "nightly_sales_pipeline"
EXAMPLE_TASKS = ("ingest_raw", "build_mart", "quality_checks", "publish_kpis")
FIXTURE_NOTEBOOKS = REPO / "Tests" / "MigrationTests" / "Fixtures" / "notebooks"
LEDGER_DIR = ".skillhost"
TEMP_MARKER = ".durable-tmp"
HEX64 = re.compile(r"[0-9a-f]{64}")
CELL_ID = re.compile(r"^[a-zA-Z0-9-_]+$")
STATUSES = {"CONVERTED", "NEEDS_FIX", "FAILED"}
# Rule ids of reference/migration.md §7 (the S, M, W, N, F, G, P, C, K, X families).
RULE_ID = re.compile(r"^[SMWNFGPCKX]-[0-9]{2}$")
NOTEBOOK_EXTENSIONS = (".py", ".sql", ".scala", ".r", ".R", ".ipynb")
COMMENT_PREFIX = {".py": "#", ".r": "#", ".R": "#", ".scala": "//", ".sql": "--"}


# ---------------------------------------------------------------------------------- inputs


@dataclass
class Inputs:
    """A job file, a source folder and (optionally) a config, all inside a test's tmp folder."""

    job: Path
    source: Path
    config: Path | dict | None = None

    def args(self, output_base: Path, **extra: Any) -> dict:
        out: dict[str, Any] = {"job": str(self.job), "source": str(self.source), "outputBase": str(output_base)}
        if self.config is not None:
            out["config"] = self.config if isinstance(self.config, dict) else str(self.config)
        out.update(extra)
        return out


def copy_example(dest: Path) -> Inputs:
    """A private copy of examples/nightly_sales (tests may mutate it)."""
    target = dest / "nightly_sales"
    shutil.copytree(EXAMPLE, target)
    return Inputs(job=target / "job.json", source=target / "workspace", config=target / "config.json")


def write_job(path: Path, name: str, notebook_paths: Iterable[tuple[str, str]]) -> Path:
    """A Jobs 2.1 `settings` document with one notebook task per (task_key, workspace path)."""
    tasks = [{"task_key": key, "notebook_task": {"notebook_path": nb, "source": "WORKSPACE"}}
             for key, nb in notebook_paths]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"name": name, "tasks": tasks}, indent=1) + "\n", encoding="utf-8")
    return path


def source_notebook(*cells: str, prefix: str = "#") -> str:
    """A Databricks SOURCE export with the given cells (exporter layout, final newline)."""
    sep = f"\n\n{prefix} COMMAND ----------\n\n"
    return f"{prefix} Databricks notebook source\n" + sep.join(cells) + "\n"


BULK_HELPER = source_notebook(
    "# MAGIC %md\n# MAGIC # Shared helpers for the bulk job",
    'def qualified(table):\n    return "main.bulk." + table',
    'CHECKPOINTS = "dbfs:/checkpoints/bulk"',
)


def bulk_task_notebook(i: int) -> str:
    return source_notebook(
        "# MAGIC %run ../common/helpers",
        f'dbutils.widgets.text("day", "2024-01-01")\nday = dbutils.widgets.get("day")',
        f'df = spark.read.parquet("/mnt/raw/table_{i}")\ndf.write.mode("overwrite").saveAsTable(qualified("t_{i}"))',
        f"# MAGIC %sql\n# MAGIC SELECT COUNT(*) AS n FROM main.bulk.t_{i}",
    )


def write_bulk_job(root: Path, n: int = 300, name: str = "bulk job") -> Inputs:
    """A synthetic job of `n` task notebooks (4 cells each, one `%run ../common/helpers`) spread over
    folders of 50, plus the shared helper they all `%run`: n + 1 notebooks to migrate."""
    source = root / "workspace"
    (source / "Shared" / "bulk" / "common").mkdir(parents=True)
    (source / "Shared" / "bulk" / "common" / "helpers.py").write_text(BULK_HELPER, encoding="utf-8")
    tasks = []
    for i in range(n):
        folder = source / "Shared" / "bulk" / f"part{i // 50:02d}"
        folder.mkdir(exist_ok=True)
        (folder / f"task_{i:03d}.py").write_text(bulk_task_notebook(i), encoding="utf-8")
        tasks.append((f"t{i:03d}", f"/Shared/bulk/part{i // 50:02d}/task_{i:03d}"))
    job = write_job(root / "job.json", name, tasks)
    config = {"pathMap": {"/mnt/raw": "oci://raw@bulktenancy/landing"}, "catalogMap": {"main": "default"}}
    return Inputs(job=job, source=source, config=config)


# ---------------------------------------------------------------------------------- running


def migrate_cli(args: dict, *extra: Any, timeout: float = 60, cwd: Path | None = None,
                env: dict[str, str] | None = None) -> CLIResult:
    return run_cli([SKILLHOST_BIN, "call", TOOL, json.dumps(args), *extra], timeout=timeout, cwd=cwd, env=env)


def migrate_ok(args: dict, *extra: Any, timeout: float = 60, cwd: Path | None = None) -> dict:
    r = migrate_cli(args, *extra, timeout=timeout, cwd=cwd)
    assert r.returncode == 0, r
    return r.json()


# ---------------------------------------------------------------------------------- snapshots


def output_bytes(job_folder: Path) -> dict[str, bytes]:
    """Every file under a job's output folder except the ledger folder, keyed by relative path."""
    out: dict[str, bytes] = {}
    for path in sorted(job_folder.rglob("*")):
        rel = path.relative_to(job_folder)
        if rel.parts[0] == LEDGER_DIR or not path.is_file():
            continue
        out[rel.as_posix()] = path.read_bytes()
    return out


def diff_trees(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    """Human-readable differences between two `output_bytes` snapshots (empty when identical)."""
    problems = [f"only in first: {k}" for k in sorted(a.keys() - b.keys())]
    problems += [f"only in second: {k}" for k in sorted(b.keys() - a.keys())]
    for key in sorted(a.keys() & b.keys()):
        if a[key] != b[key]:
            x, y = a[key], b[key]
            at = next((i for i in range(min(len(x), len(y))) if x[i] != y[i]), min(len(x), len(y)))
            problems.append(f"differs: {key} (sizes {len(x)} vs {len(y)}; first difference at byte {at}: "
                            f"{x[max(0, at - 40):at + 40]!r} vs {y[max(0, at - 40):at + 40]!r})")
    return problems


def tree_state(root: Path, skip: Iterable[Path] = ()) -> dict[str, tuple]:
    """(kind, size, sha256) of every entry under `root`, leaving out the subtrees in `skip`."""
    skip = [Path(s) for s in skip]
    state: dict[str, tuple] = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if here / d not in skip]
        for name in dirnames + filenames:
            path = here / name
            if path in skip:
                continue
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                state[rel] = ("link", os.readlink(path))
            elif path.is_dir():
                state[rel] = ("dir",)
            else:
                data = path.read_bytes()
                state[rel] = ("file", len(data), hashlib.sha256(data).hexdigest())
    return state


def temp_leftovers(root: Path) -> list[str]:
    """Files whose names carry the atomic-write temp marker, outside the ledger folder."""
    found = []
    for path in root.rglob(f"*{TEMP_MARKER}*"):
        rel = path.relative_to(root)
        if LEDGER_DIR not in rel.parts:
            found.append(rel.as_posix())
    return sorted(found)


# ---------------------------------------------------------------------------------- source cells


def source_cell_count(path: Path) -> int | None:
    """Cells the migrator must produce for a source notebook: SOURCE chunks between separators that are
    not blank (reference/migration.md §3: empty chunks are skipped), or the non-blank cells of a Jupyter
    export (also an R5 `.py` that is really one). None for a file that is not a notebook (R6)."""
    text = path.read_bytes().decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n")
    if path.suffix == ".ipynb" or text.lstrip().startswith("{"):
        cells = json.loads(text)["cells"]
        return sum(1 for c in cells
                   if ("".join(c["source"]) if isinstance(c["source"], list) else c["source"]).strip())
    cp = COMMENT_PREFIX[path.suffix]
    lines = text.split("\n")
    if lines[0].rstrip() != f"{cp} Databricks notebook source":
        return None
    chunks: list[list[str]] = [[]]
    for line in lines[1:]:
        if line.rstrip() == f"{cp} COMMAND ----------":
            chunks.append([])
        else:
            chunks[-1].append(line)
    return sum(1 for chunk in chunks if any(line.strip() for line in chunk))


def find_source(source: Path, workspace_path: str) -> Path | None:
    for ext in NOTEBOOK_EXTENSIONS:
        candidate = source / (workspace_path.lstrip("/") + ext)
        if candidate.is_file():
            return candidate
    return None


# ---------------------------------------------------------------------------------- strict nbformat


def strict_notebook(path: Path) -> dict:
    """Validate a written notebook the way reference/migration.md §6 says, without letting nbformat
    repair anything, and return its parsed JSON. Raises AssertionError naming the file."""
    import nbformat
    from nbformat.validator import isvalid, iter_validate

    text = path.read_text(encoding="utf-8")
    where = str(path)
    raw = json.loads(text)
    assert raw.get("nbformat") == 4 and raw.get("nbformat_minor") == 5, \
        f"{where}: nbformat {raw.get('nbformat')}.{raw.get('nbformat_minor')}, expected 4.5"
    # from_dict, not reads(): reads() runs validate(), which silently adds or rewrites cell ids
    nb = nbformat.from_dict(json.loads(text))
    errors = [e.message for e in iter_validate(nb)]
    assert not errors, f"{where}: schema errors: {errors[:5]}"
    assert isvalid(nb), f"{where}: isvalid() is False (duplicate cell ids?)"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # MissingIDFieldWarning / DuplicateCellId become errors
        nbformat.validate(nbformat.from_dict(json.loads(text)))
    ids = [cell.get("id") for cell in raw["cells"]]
    for cid in ids:
        assert isinstance(cid, str) and CELL_ID.match(cid) and 1 <= len(cid) <= 64, f"{where}: bad cell id {cid!r}"
    assert len(set(ids)) == len(ids), f"{where}: duplicate cell ids {ids}"
    ks = raw["metadata"].get("kernelspec") or {}
    assert ks.get("name") and ks.get("display_name"), f"{where}: kernelspec without name/display_name: {ks}"
    for index, cell in enumerate(raw["cells"]):
        kind = cell["metadata"].get("type")
        assert isinstance(kind, str) and kind, f"{where}: cell {index} ({cell['id']}) has no metadata.type"
        if cell["cell_type"] == "markdown":
            assert kind == "markdown", f"{where}: markdown cell {index} has metadata.type {kind!r}"
        mark = cell["metadata"].get("aidp_migration")
        if mark is not None:
            assert mark.get("status") in ("converted", "review", "flagged"), f"{where}: cell {index}: {mark}"
            rules = mark.get("rules")
            assert isinstance(rules, list) and rules, f"{where}: cell {index}: aidp_migration without rules"
            bad = [r for r in rules if not RULE_ID.match(r)]
            assert not bad, f"{where}: cell {index}: rule ids not in reference/migration.md §7: {bad}"
            assert isinstance(mark.get("notes", []), list), f"{where}: cell {index}: notes is not a list"
            if mark["status"] == "flagged":
                src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                assert "aidp-migrate FLAG" in src or cell["cell_type"] != "code", \
                    f"{where}: flagged code cell {index} has no marker comment line"
    canonical = nbformat.writes(nbformat.reads(text, as_version=4)) + "\n"
    assert canonical == text, f"{where}: not byte-identical to nbformat's canonical serialisation"
    return raw


def check_report_against_notebooks(job_folder: Path, source: Path) -> dict[str, dict]:
    """For every notebook report.json says was migrated: strict validation, the cell count equals both
    report.json's count and the source's, and every finding points at an existing cell (id and index)
    that carries the rule. Returns {output relpath: notebook json}."""
    report = json.loads((job_folder / "report.json").read_text(encoding="utf-8"))
    checked: dict[str, dict] = {}
    for entry in report["notebooks"]:
        if entry.get("state") not in ("migrated", "skipped", "up-to-date"):
            continue
        out = job_folder / entry["output"]
        assert out.is_file(), f"report.json lists {entry['output']} as {entry['state']} but it does not exist"
        nb = strict_notebook(out)
        cells = nb["cells"]
        assert len(cells) == entry["cells"]["cells"], \
            f"{entry['output']}: {len(cells)} cells, report.json says {entry['cells']['cells']}"
        src = find_source(source, entry["workspacePath"])
        if src is not None:
            expected = source_cell_count(src)
            assert expected == len(cells), f"{entry['output']}: {len(cells)} cells; source {src} has {expected}"
        for f in entry.get("findings", []):
            idx = f["cellIndex"]
            assert 0 <= idx < len(cells), f"{entry['output']}: finding at cell {idx} of {len(cells)}: {f}"
            cell = cells[idx]
            assert cell["id"] == f["cellId"], f"{entry['output']}: finding cellId {f['cellId']} vs cell {cell['id']}"
            mark = cell["metadata"].get("aidp_migration") or {}
            # a rule not applied because the cell is flagged (its code kept) is only noted on the cell
            assert f["rule"] in mark.get("rules", []) or (
                mark.get("status") == "flagged" and f["note"] in mark.get("notes", [])), \
                f"{entry['output']}: cell {idx} carries neither rule {f['rule']} nor its note: {mark}"
            if f.get("confidence") == "FLAG":
                assert mark.get("status") == "flagged", f"{entry['output']}: FLAG finding on a {mark} cell"
        checked[entry["output"]] = nb
    return checked


def all_notebooks(job_folder: Path) -> list[Path]:
    return sorted(p for p in (job_folder / "notebooks").rglob("*.ipynb"))
