"""The guards of `aidp-migrate-job` end to end: hand edits and forced re-runs.

A notebook a person edited is kept on a plain re-run; once its source changes too, regenerating it
needs a confirmation bound to the plan (MCP elicitation, `--confirm <digest>`, or the `confirm`
argument), and the edited copy is moved to `.skillhost/quarantine/`. `skipMigrated: false` on an
up-to-date migration trips the forced-rerun guard.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import CONFIRM_PHRASE, run_async, sdk_params
from migration_inputs.migratelib import (EXAMPLE_JOB_NAME, HEX64, LEDGER_DIR, TOOL, Inputs, copy_example,
                                         diff_trees, migrate_cli, migrate_ok, output_bytes, strict_notebook)

NOTEBOOK = "notebooks/Repos/data-eng/sales/transform/02_build_mart.ipynb"
SOURCE = "Repos/data-eng/sales/transform/02_build_mart.sql"
EDIT_LINE = "-- reviewed by ana: keep this line"


# ---------------------------------------------------------------------------------- helpers


def hand_edit(path: Path) -> bytes:
    """Edit a migrated notebook the way a person's editor would: parse, append a line to the last
    code cell's source, save with nbformat's layout. Returns the new bytes."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = [c for c in nb["cells"] if c["cell_type"] == "code"][-1]
    source = cell["source"] if isinstance(cell["source"], list) else cell["source"].splitlines(keepends=True)
    if source and not source[-1].endswith("\n"):
        source[-1] += "\n"
    cell["source"] = source + [EDIT_LINE]
    path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    strict_notebook(path)  # still a valid notebook: an edit, not damage
    return path.read_bytes()


def change_source(source_root: Path) -> None:
    path = source_root / SOURCE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n-- changed upstream after the first migration\n", encoding="utf-8")


def fresh_migration_bytes(ex: Inputs, base: Path) -> bytes:
    """What a clean migration of the current inputs writes for NOTEBOOK (into a separate base)."""
    result = migrate_ok(ex.args(base))
    return (Path(result["jobFolder"]) / NOTEBOOK).read_bytes()


def sdk_call(skillhost_bin: Path, arguments: dict, elicit: Any = None) -> tuple[Any, list]:
    """One tools/call through ClientSession. `elicit`: None = the client declares no elicitation;
    otherwise the ElicitResult the client answers with."""
    from mcp import ClientSession
    from mcp.client.stdio import stdio_client

    seen: list = []

    async def on_elicit(context, params):
        seen.append(params)
        return elicit

    async def scenario():
        kwargs = {"elicitation_callback": on_elicit} if elicit is not None else {}
        async with stdio_client(sdk_params([skillhost_bin, "serve"])) as (read, write):
            async with ClientSession(read, write, read_timeout_seconds=60, **kwargs) as session:
                await session.initialize()
                await session.list_tools()
                return await session.call_tool(TOOL, arguments)

    return run_async(scenario, timeout=60), seen


def elicit_result(action: str, content: Any = None):
    from mcp import types

    return types.ElicitResult(action=action, content=content)


def report_state(job_folder: Path, output: str) -> str:
    report = json.loads((job_folder / "report.json").read_text(encoding="utf-8"))
    return next(n["state"] for n in report["notebooks"] if n["output"] == output)


def assert_confirmation_required(sc: dict, target: Path, kind: str) -> str:
    assert sc.get("status") == "confirmation-required", sc
    digest = sc.get("digest")
    assert isinstance(digest, str) and HEX64.fullmatch(digest), sc
    assert str(target) in json.dumps(sc.get("atStake")), f"atStake does not name {target}: {sc.get('atStake')}"
    assert kind in {e["kind"] for e in sc.get("effects", sc.get("guarded", []))}, sc
    return digest


@pytest.fixture
def migrated(tmp_path) -> tuple[Inputs, dict, Path]:
    ex = copy_example(tmp_path)
    args = ex.args(tmp_path / "out")
    result = migrate_ok(args)
    return ex, args, Path(result["jobFolder"])


@pytest.fixture
def edited_then_source_changed(migrated, tmp_path):
    """The example migrated, NOTEBOOK edited by hand, a plain re-run (kept), then its source changed. Returns
    (inputs, args, job folder, edited bytes, bytes a fresh migration of the new source gives)."""
    ex, args, job_folder = migrated
    edited = hand_edit(job_folder / NOTEBOOK)
    kept = migrate_ok(args)  # a plain re-run in between keeps the edit (and records that)
    assert [k["path"] for k in kept["kept"]] == [NOTEBOOK], kept["kept"]
    change_source(ex.source)
    expected = fresh_migration_bytes(ex, tmp_path / "reference")
    assert expected != edited
    return ex, args, job_folder, edited, expected, tmp_path / "reference" / EXAMPLE_JOB_NAME


def assert_overwritten_with_quarantine(job_folder: Path, result_sc: dict, edited: bytes, expected: bytes) -> None:
    target = job_folder / NOTEBOOK
    assert target.read_bytes() == expected, "the confirmed run did not write the fresh migration"
    strict_notebook(target)
    quarantined = result_sc.get("quarantined") or []
    assert [q["path"] for q in quarantined] == [NOTEBOOK], quarantined
    moved = job_folder / quarantined[0]["to"]
    assert (job_folder / LEDGER_DIR / "quarantine") in moved.parents, moved
    assert moved.read_bytes() == edited, "the quarantined copy is not the person's edited file"
    copies = [p for p in (job_folder / LEDGER_DIR / "quarantine").rglob("*.ipynb")]
    assert copies == [moved], copies


# ---------------------------------------------------------------------------------- hand edits


def test_hand_edited_notebook_is_kept_on_rerun_over_mcp(skillhost_bin, migrated):
    ex, args, job_folder = migrated
    before = output_bytes(job_folder)
    edited = hand_edit(job_folder / NOTEBOOK)
    result, seen = sdk_call(skillhost_bin, args)
    assert result.is_error is False, result
    sc = result.structured_content
    assert [k["path"] for k in sc["kept"]] == [NOTEBOOK], sc["kept"]
    assert sc["notebooks"]["kept"] == 1 and sc["notebooks"]["migrated"] == 0, sc["notebooks"]
    assert (job_folder / NOTEBOOK).read_bytes() == edited, "the hand edit was not preserved"
    assert seen == []
    after = output_bytes(job_folder)
    for rel in before:
        if rel.startswith("notebooks/") and rel != NOTEBOOK:
            assert after[rel] == before[rel], f"{rel} changed on a plain re-run"
    assert "hand-edited" in report_state(job_folder, NOTEBOOK)


def test_edit_plus_source_change_elicitation_decline_is_refused(skillhost_bin, edited_then_source_changed):
    ex, args, job_folder, edited, _, _ = edited_then_source_changed
    ledger = (job_folder / LEDGER_DIR / "ledger.jsonl").read_bytes()
    result, seen = sdk_call(skillhost_bin, args, elicit=elicit_result("decline"))
    assert result.is_error is True, result
    assert_confirmation_required(result.structured_content, job_folder / NOTEBOOK, "overwrite-edited")
    assert len(seen) == 1, "the host did not ask through elicitation"
    assert (job_folder / NOTEBOOK).read_bytes() == edited, "a declined plan changed the edited notebook"
    assert not (job_folder / LEDGER_DIR / "quarantine").exists() or \
        not any((job_folder / LEDGER_DIR / "quarantine").rglob("*.ipynb")), "declined, yet something was quarantined"
    assert (job_folder / LEDGER_DIR / "ledger.jsonl").read_bytes() == ledger, "a refusal wrote to the ledger"


def test_edit_plus_source_change_elicitation_accept_overwrites_and_quarantines(skillhost_bin,
                                                                              edited_then_source_changed):
    ex, args, job_folder, edited, expected, reference = edited_then_source_changed
    result, seen = sdk_call(skillhost_bin, args, elicit=elicit_result("accept", {"confirm": True}))
    assert result.is_error is False, result
    assert len(seen) == 1
    sc = result.structured_content
    assert NOTEBOOK in sc.get("written", []), sc.get("written")
    assert_overwritten_with_quarantine(job_folder, sc, edited, expected)


def test_report_is_current_after_a_confirmed_overwrite(skillhost_bin, migrated, tmp_path):
    """report.json must describe the run that just happened: after the kept edit was overwritten on
    confirmation, the notebook is no longer "hand-edited (kept)"."""
    ex, args, job_folder = migrated
    edited = hand_edit(job_folder / NOTEBOOK)
    result, _ = sdk_call(skillhost_bin, args)  # plain re-run: the edit is kept and reported as such
    assert result.is_error is False and "hand-edited" in report_state(job_folder, NOTEBOOK), result
    change_source(ex.source)
    expected = fresh_migration_bytes(ex, tmp_path / "reference")
    result, _ = sdk_call(skillhost_bin, args, elicit=elicit_result("accept", {"confirm": True}))
    assert result.is_error is False, result
    assert (job_folder / NOTEBOOK).read_bytes() == expected
    state = report_state(job_folder, NOTEBOOK)
    assert state == "migrated", \
        f"report.json still says {state!r} for a notebook the confirmed run just re-migrated"
    assert "hand-edited" not in (job_folder / "JOB_REPORT.md").read_text(), "JOB_REPORT.md is stale"
    clean = json.loads((tmp_path / "reference" / EXAMPLE_JOB_NAME / "report.json").read_text())
    now = json.loads((job_folder / "report.json").read_text())
    assert now["notebooks"] == clean["notebooks"] and now["tasks"] == clean["tasks"], \
        "report.json's notebooks/tasks differ from a clean migration of the same inputs"


def test_edit_plus_source_change_over_cli_exit_3_then_confirm_digest(edited_then_source_changed):
    ex, args, job_folder, edited, expected, reference = edited_then_source_changed
    refused = migrate_cli(args)
    assert refused.returncode == 3, refused
    doc = refused.json()
    digest = assert_confirmation_required(doc, job_folder / NOTEBOOK, "overwrite-edited")
    assert digest in refused.stderr, "the terminal text does not show the digest"
    assert (job_folder / NOTEBOOK).read_bytes() == edited
    wrong = migrate_cli(args, "--confirm", "f" * 64)
    assert wrong.returncode == 3, wrong
    assert (job_folder / NOTEBOOK).read_bytes() == edited
    confirmed = migrate_cli(args, "--confirm", digest)
    assert confirmed.returncode == 0, confirmed
    assert_overwritten_with_quarantine(job_folder, confirmed.json(), edited, expected)


def test_cli_digest_goes_stale_when_the_file_changes_again(edited_then_source_changed):
    ex, args, job_folder, edited, _, _ = edited_then_source_changed
    digest = migrate_cli(args).json()["digest"]
    again = hand_edit(job_folder / NOTEBOOK)  # a second edit after the refusal
    r = migrate_cli(args, "--confirm", digest)
    assert r.returncode == 3, r
    assert r.json()["digest"] != digest
    assert (job_folder / NOTEBOOK).read_bytes() == again


# ---------------------------------------------------------------------------------- forced re-run


def test_forced_rerun_is_refused_over_mcp_until_confirmed(skillhost_bin, migrated):
    ex, args, job_folder = migrated
    before = output_bytes(job_folder)
    mtimes = {p: p.stat().st_mtime_ns for p in (job_folder / "notebooks").rglob("*.ipynb")}
    forced = dict(args, skipMigrated=False)
    result, _ = sdk_call(skillhost_bin, forced)  # no elicitation: the client cannot ask
    assert result.is_error is True, result
    sc = result.structured_content
    digest = assert_confirmation_required(sc, job_folder / NOTEBOOK, "overwrite-forced")
    assert len(sc["atStake"]) == 7, sc["atStake"]
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes, "a refused forced re-run touched notebooks"

    result, _ = sdk_call(skillhost_bin, dict(forced, confirm={"digest": digest, "phrase": CONFIRM_PHRASE}))
    assert result.is_error is False, result
    counts = result.structured_content["notebooks"]
    assert counts["migrated"] == 7 and counts["skipped"] == 0, counts
    assert diff_trees(before, output_bytes(job_folder)) == [], "a forced re-run on unchanged inputs changed bytes"


def test_forced_rerun_over_cli_exit_3_then_confirm(migrated):
    ex, args, job_folder = migrated
    forced = dict(args, skipMigrated=False)
    r = migrate_cli(forced)
    assert r.returncode == 3, r
    digest = assert_confirmation_required(r.json(), job_folder / NOTEBOOK, "overwrite-forced")
    r = migrate_cli(forced, "--confirm", digest)
    assert r.returncode == 0, r
    assert r.json()["notebooks"]["migrated"] == 7, r.json()["notebooks"]


def test_forced_rerun_elicitation_accept(skillhost_bin, migrated):
    ex, args, job_folder = migrated
    result, seen = sdk_call(skillhost_bin, dict(args, skipMigrated=False),
                            elicit=elicit_result("accept", {"confirm": True}))
    assert result.is_error is False, result
    assert len(seen) == 1
    assert result.structured_content["notebooks"]["migrated"] == 7
