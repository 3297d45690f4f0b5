"""Cancellation, `kill -9` and concurrent runs of `aidp-migrate-job` on a 300-notebook job.

The job is generated in a pytest tmp folder (`migratelib.write_bulk_job`: 300 task notebooks that
`%run` one shared helper). One clean, uninterrupted run is the reference; every interrupted, resumed
or contended run must end byte-identical to it (the ledger folder `.skillhost/` left out). All output
bases sit at the same depth so the relative input paths in manifest.json are comparable.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import REPO, SKILLHOST_BIN, child_env, require_binary
from migration_inputs.migratelib import (TOOL, Inputs, check_report_against_notebooks, diff_trees, migrate_cli,
                                         migrate_ok, output_bytes, temp_leftovers, write_bulk_job)

BULK_NOTEBOOKS = 300
CRASH_SEED = 20261122
CRASH_ITERATIONS = 8
# A refused second run must not do the first run's work before noticing the lock: it must answer
# within a quarter of a clean run's time (at least 0.5 s, for process start-up on a loaded machine).
def fast_refusal_seconds(bulk: "Bulk") -> float:
    return max(0.5, 0.25 * bulk.clean_seconds)


@dataclass
class Bulk:
    inputs: Inputs = field(repr=False)
    root: Path
    job_name: str
    reference: dict[str, bytes] = field(repr=False)
    clean_seconds: float
    total: int

    def args(self, name: str) -> dict:
        return self.inputs.args(self.root / name)

    def job_folder(self, name: str) -> Path:
        return self.root / name / self.job_name


@pytest.fixture(scope="session")
def bulk(tmp_path_factory) -> Bulk:
    require_binary(SKILLHOST_BIN, "SKILLHOST_BIN")
    root = tmp_path_factory.mktemp("bulk")
    inputs = write_bulk_job(root / "inputs", n=BULK_NOTEBOOKS)
    t0 = time.monotonic()
    result = migrate_ok(inputs.args(root / "clean"), timeout=120)
    elapsed = time.monotonic() - t0
    assert result["status"] in ("CONVERTED", "NEEDS_FIX"), result["status"]
    counts = result["notebooks"]
    assert counts["migrated"] == counts["total"] == BULK_NOTEBOOKS + 1 and counts["failed"] == 0, counts
    job_folder = Path(result["jobFolder"])
    reference = output_bytes(job_folder)
    assert sum(k.endswith(".ipynb") for k in reference) == BULK_NOTEBOOKS + 1
    # every notebook of the reference passes the strict nbformat oracle (the other runs are compared
    # byte for byte with it), with the right cell counts
    checked = check_report_against_notebooks(job_folder, inputs.source)
    assert len(checked) == BULK_NOTEBOOKS + 1
    return Bulk(inputs, root, job_folder.name, reference, elapsed, counts["total"])


def popen_migrate(args: dict, stderr_path: Path) -> subprocess.Popen:
    with open(stderr_path, "wb") as err:
        return subprocess.Popen([str(SKILLHOST_BIN), "call", TOOL, json.dumps(args)], stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err, cwd=str(REPO), env=child_env(),
                                start_new_session=True)


def sigkill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=10)


def progress_of(frames: list[dict], token: str) -> list[dict]:
    return [f["params"] for f in frames
            if f.get("method") == "notifications/progress" and f.get("params", {}).get("progressToken") == token]


def notebooks_on_disk(job_folder: Path) -> int:
    return sum(1 for _ in (job_folder / "notebooks").rglob("*.ipynb")) if (job_folder / "notebooks").is_dir() else 0


# ---------------------------------------------------------------------------------- cancellation


def cancel_then_resume(bulk: Bulk, srv, name: str, cancel_when) -> tuple[int, dict]:
    """Start the migration with a progress token, send notifications/cancelled at the first progress
    notification `cancel_when(params)` accepts, check the call stops and is never answered while the
    server keeps serving, then call again. Returns (notebooks on disk after the stop, resumed result)."""
    job_folder = bulk.job_folder(name)
    rid = f"migrate-{name}"
    srv.handshake()
    srv.send({"jsonrpc": "2.0", "id": rid, "method": "tools/call",
              "params": {"name": TOOL, "arguments": bulk.args(name), "_meta": {"progressToken": "mig-1"}}})
    while True:
        frame = srv.recv(timeout=60)
        assert frame.get("method") == "notifications/progress", f"expected progress before any answer, got {frame}"
        assert frame["params"]["progressToken"] == "mig-1", frame
        if cancel_when(frame["params"]):
            break
    # The server is frozen while the cancel is on its way: the rest of this job takes it tens of
    # milliseconds, less than this client may take to react on a loaded 2-core machine. Resumed, its
    # reader sees the cancel at once, while the migration stops only at its next batch boundary.
    os.kill(srv.proc.pid, signal.SIGSTOP)
    try:
        srv.notify("notifications/cancelled", {"requestId": rid, "reason": "the user changed their mind"})
    finally:
        os.kill(srv.proc.pid, signal.SIGCONT)
    cancelled_at = len(srv.messages)

    # the server still answers (progress may still trickle in before the work notices the cancel)
    assert srv.request("ping", id=f"ping-{name}", timeout=5).get("result") == {}
    srv.expect_silence(1.0)
    settled = notebooks_on_disk(job_folder)
    srv.expect_silence(0.5)
    assert notebooks_on_disk(job_folder) == settled, "notebooks kept appearing after the cancellation"
    assert settled < bulk.total, f"all {bulk.total} notebooks were written although the call was cancelled"
    late = progress_of(srv.messages[cancelled_at:], "mig-1")
    assert len(late) <= 3, f"work went on after the cancellation: {len(late)} progress notifications"
    assert [m for m in srv.messages if m.get("id") == rid and "method" not in m] == [], \
        "a response was sent for the cancelled request"

    resumed = srv.result("tools/call", {"name": TOOL, "arguments": bulk.args(name),
                                        "_meta": {"progressToken": "mig-2"}}, id=f"resume-{name}", timeout=120)
    assert resumed.get("isError") is False, resumed
    sc = resumed["structuredContent"]
    counts = sc["notebooks"]
    assert sc.get("cancelled") is False, sc
    assert counts["total"] == bulk.total and counts["failed"] == 0, counts
    assert counts["migrated"] + counts["skipped"] == bulk.total, counts
    values = [p["progress"] for p in progress_of(srv.messages, "mig-2")]
    assert values and all(a < b for a, b in zip(values, values[1:])), values
    assert values[-1] == progress_of(srv.messages, "mig-2")[-1].get("total"), "resumed progress does not end at total"

    srv.expect_silence(0.3)
    assert [m for m in srv.messages if m.get("id") == rid and "method" not in m] == [], \
        "a response for the cancelled request arrived late"
    assert diff_trees(bulk.reference, output_bytes(job_folder)) == []
    assert temp_leftovers(job_folder) == []
    assert srv.close() == 0
    return settled, counts


def test_cancel_after_the_first_progress_then_the_next_call_completes(bulk, spawn, skillhost_bin):
    cancel_then_resume(bulk, spawn([skillhost_bin, "serve"]), "cancel-early", lambda params: True)


def test_cancel_while_writing_keeps_what_was_written_and_resume_skips_it(bulk, spawn, skillhost_bin):
    """Cancel at the first report of the write phase (the second half of this two-phase job; reports
    come at most every 50 ms, so a later threshold could arrive only when the writing is done): every
    notebook on disk at the stop is recorded, so the resumed call skips exactly those."""
    settled, counts = cancel_then_resume(
        bulk, spawn([skillhost_bin, "serve"]), "cancel-midway",
        lambda params: params.get("total") and params["progress"] > 0.5 * params["total"])
    assert settled >= 1, "nothing had been written when the cancel arrived; pick a later instant"
    assert counts["skipped"] == settled, \
        f"{settled} notebooks were on disk after the cancel, but the resumed call skipped {counts['skipped']}"


# ---------------------------------------------------------------------------------- kill -9


def run_and_maybe_kill(args: dict, delay: float, stderr_path: Path) -> tuple[bool, int | None]:
    """Start `skillhost call`; SIGKILL it after `delay` seconds unless it finished first.
    Returns (killed, exit code if it finished)."""
    proc = popen_migrate(args, stderr_path)
    try:
        return False, proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        sigkill(proc)
        return True, None


def test_kill_9_at_random_instants_then_resume_matches_a_clean_run(bulk):
    """Up to CRASH_ITERATIONS crash scenarios, each in a fresh output base: SIGKILL `skillhost call`
    at a uniform random instant in [0, clean-run time] (seeded), in about half of them SIGKILL the
    recovery run too, then run to completion. Each completed result must equal the clean run byte for
    byte (ledger folder left out), keep nothing, fail nothing, and leave no temp files. Scenarios stop
    starting once the time budget is spent (a loaded machine makes every run slower)."""
    rng = random.Random(CRASH_SEED)
    log: list[str] = []
    t_start = time.monotonic()
    budget = 30.0
    mid_write_kills = 0
    i = 0
    for i in range(CRASH_ITERATIONS):
        if i >= 3 and time.monotonic() - t_start > budget:
            log.append(f"time budget spent after {i} scenarios")
            break
        name = f"crashed-{i}"
        args = bulk.args(name)
        job_folder = bulk.job_folder(name)
        runs = ["first"] + (["recovery"] if rng.random() < 0.5 else [])
        for which in runs:
            delay = rng.uniform(0, bulk.clean_seconds)
            before = notebooks_on_disk(job_folder)
            err = bulk.root / f"{name}-{which}-stderr.txt"
            killed, rc = run_and_maybe_kill(args, delay, err)
            after = notebooks_on_disk(job_folder)
            if killed:
                mid_write_kills += before < after < bulk.total
                log.append(f"{name}: {which} run SIGKILLed at {delay:.2f}s, notebooks on disk {before} -> {after}")
            else:
                log.append(f"{name}: {which} run finished before {delay:.2f}s (rc={rc})")
                assert rc == 0, (err.read_text(errors="replace")[-2000:], log)
        final = migrate_cli(args, timeout=120)
        assert final.returncode == 0, (final, log)
        sc = final.json()
        counts = sc["notebooks"]
        assert counts["failed"] == 0 and counts["total"] == bulk.total, (counts, log)
        assert counts["migrated"] + counts["skipped"] == bulk.total and sc["kept"] == [], (counts, sc["kept"], log)
        problems = diff_trees(bulk.reference, output_bytes(job_folder))
        assert problems == [], (problems[:10], log)
        assert temp_leftovers(job_folder) == [], log
    print("\n".join(log + [f"mid-write kills: {mid_write_kills}", f"took {time.monotonic() - t_start:.1f}s"]))

    # the ledger of the last scenario loads and says everything is done
    again = migrate_cli(bulk.args(f"crashed-{i}"), timeout=120)
    assert again.returncode == 0, again
    counts = again.json()["notebooks"]
    assert counts["skipped"] == bulk.total and counts["migrated"] == 0, counts
    assert any("SIGKILL" in line for line in log), log


# ---------------------------------------------------------------------------------- concurrency


def test_second_concurrent_call_fails_fast_naming_the_holder(bulk, spawn, skillhost_bin):
    name = "contended"
    job_folder = bulk.job_folder(name)
    srv = spawn([skillhost_bin, "serve"])  # ready before the first run starts: no start-up in the race
    srv.handshake()
    first = popen_migrate(bulk.args(name), bulk.root / f"{name}-first-stderr.txt")
    try:
        deadline = time.monotonic() + 30
        while notebooks_on_disk(job_folder) == 0:  # the first run holds the lock once it writes
            assert first.poll() is None, f"the first run ended early (rc={first.returncode})"
            assert time.monotonic() < deadline, "the first run wrote nothing in 30 s"
            time.sleep(0.01)
        t0 = time.monotonic()
        result = srv.result("tools/call", {"name": TOOL, "arguments": bulk.args(name)}, timeout=60)
        took = time.monotonic() - t0
        still_running = first.poll() is None
        assert result.get("isError") is True, result
        text = result["content"][0]["text"] + json.dumps(result.get("structuredContent"))
        assert str(first.pid) in text, f"the refusal does not name the holder's pid {first.pid}: {text}"
        assert socket.gethostname() in text, f"the refusal does not name the host {socket.gethostname()}: {text}"
        assert still_running, "the second call only returned after the first had finished"
        assert took < fast_refusal_seconds(bulk), (
            f"the second call took {took:.2f}s to refuse (a clean run takes {bulk.clean_seconds:.2f}s); "
            f"it should fail fast, before preparing the whole migration")
    finally:
        try:
            rc = first.wait(timeout=120)
        except subprocess.TimeoutExpired:
            sigkill(first)
            raise
    assert rc == 0, (bulk.root / f"{name}-first-stderr.txt").read_text(errors="replace")[-2000:]
    assert diff_trees(bulk.reference, output_bytes(job_folder)) == []



def test_second_call_started_while_the_first_is_still_preparing_is_refused_fast(bulk):
    """The same, but the second call starts 0.1 s after the first, while the first is still planning
    (nothing written yet). The later call must be the one refused, quickly, naming the earlier one."""
    name = "contended-early"
    job_folder = bulk.job_folder(name)
    first = popen_migrate(bulk.args(name), bulk.root / f"{name}-first-stderr.txt")
    try:
        time.sleep(0.1)
        assert notebooks_on_disk(job_folder) == 0, "the first run was already writing; the race is not tested"
        t0 = time.monotonic()
        second = migrate_cli(bulk.args(name), timeout=120)
        took = time.monotonic() - t0
        first_rc = first.wait(timeout=120)
    finally:
        if first.poll() is None:
            sigkill(first)
    first_err = (bulk.root / f"{name}-first-stderr.txt").read_text(errors="replace")
    outcome = f"first (pid {first.pid}) rc={first_rc} [{first_err[-300:]}]; second rc={second.returncode} after {took:.2f}s"
    assert first_rc == 0, f"the call started first was refused: {outcome}"
    assert second.returncode == 1, outcome
    assert str(first.pid) in second.json().get("error", ""), outcome
    assert took < fast_refusal_seconds(bulk), (
        f"the second call was refused only after {took:.2f}s (a clean run takes {bulk.clean_seconds:.2f}s), "
        f"after preparing the whole migration: {outcome}")
    assert diff_trees(bulk.reference, output_bytes(job_folder)) == []
