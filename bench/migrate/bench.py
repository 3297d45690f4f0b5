#!/usr/bin/env python3
"""bench/migrate: a full `aidp-migrate-job` of N synthetic notebooks beside jupytext, in one run.

Generates a synthetic Databricks job of N notebooks (bench/migrate/generate.py) in a temp folder,
then measures, on the same files:
  (a) skillhost: one `skillhost call aidp-migrate-job` (release build, a new empty outputBase,
      durability included: atomic writes with fsync + the fsynced ledger), spawn to exit;
  (b) jupytext 1.19.6, in this process: `jupytext.read(path, fmt="py:light")` (`scala:light` for
      .scala; .sql through an open file, since jupytext has no SQL script format) then
      `jupytext.write(nb, out, fmt="ipynb")`, for every file, folders created as needed, no fsync.
      "light" is the format jupytext itself detects in these files, so this is what
      `jupytext --to ipynb` does to them, less the guessing, the command line and its checks;
  (c) skillhost resume no-op: the same call again on the same outputBase (nothing to do);
  (d) informative: (b) with `py:percent` / `scala:percent`. Databricks exports have no `# %%`
      marker, so each file becomes a single cell: jupytext's fastest path, but no conversion
      into cells. Bench runs before 2026-11-23 took it as the anchor;
each three times (median) when one round suggests the whole run stays under --budget seconds
(default 120), else once. `os.sync()` runs, untimed, before every measurement so no measurement
pays for another's dirty pages. On ext4 the temp folder is marked top-of-hierarchy (`chattr +T`)
so its folders are spread over the disk, away from /tmp's own block group (see
`spread_inode_allocation`). Prints a table with both columns and the ratio, and checks the target:
skillhost notebooks/s >= 10x jupytext's, durability included.

usage: bench.py [--bin PATH] [--quick] [--strict] [--n N] [--runs R] [--seed S] [--budget SECONDS]
                [--workdir DIR] [--no-spread] [--syscalls] [--keep] [--json PATH]
Exit status: 0, unless --strict and the target is missed (1), or the bench itself fails (2).
"""

from __future__ import annotations

import argparse
import errno
import fcntl
import json
import os
import platform
import resource
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

TARGET_RATIO = 10.0
CALL_TIMEOUT = 1800.0
# What jupytext's format detection picks for these files (`jupytext.read(path)` reports "light"
# for all three kinds), pinned so that guessing is not timed.
JUPYTEXT_FMT = {".py": "py:light", ".scala": "scala:light", ".sql": "py:light"}
# The percent format cuts cells at `# %%`, which Databricks exports lack: one cell per file.
JUPYTEXT_ONE_CELL_FMT = {".py": "py:percent", ".scala": "scala:percent", ".sql": "py:percent"}


# ------------------------------------------------------------------------------ measurements


def children_cpu() -> tuple[float, float]:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime, ru.ru_stime


def skillhost_call(binary: Path, args: dict, label: str) -> dict:
    """One `skillhost call aidp-migrate-job`, spawn to exit. CPU times come from the child's rusage
    (children are reaped one at a time, so the delta is this child's)."""
    argv = [str(binary), "call", "aidp-migrate-job", json.dumps(args, separators=(",", ":"))]
    u0, s0 = children_cpu()
    t0 = time.perf_counter()
    r = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       cwd=str(REPO), timeout=CALL_TIMEOUT)
    wall = time.perf_counter() - t0
    u1, s1 = children_cpu()
    if r.returncode != 0:
        raise RuntimeError(f"{label}: skillhost exited {r.returncode}: {r.stderr.decode(errors='replace')[-800:]}"
                           f"{r.stdout.decode(errors='replace')[:800]}")
    try:
        result = json.loads(r.stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(f"{label}: stdout is not JSON ({exc}): {r.stdout[:300]!r}") from exc
    return {"wall_s": wall, "user_s": u1 - u0, "sys_s": s1 - s0, "result": result}


def run_skillhost_cold(binary: Path, inp: dict, out_base: Path, n: int) -> dict:
    args = {"job": inp["job"], "source": inp["source"], "outputBase": str(out_base), "config": inp["config"]}
    m = skillhost_call(binary, args, "cold migration")
    nbs = m["result"].get("notebooks", {})
    if nbs.get("migrated") != n or nbs.get("failed", 0) != 0 or m["result"].get("errors"):
        raise RuntimeError(f"cold migration: expected {n} migrated, 0 failed; got {nbs}, "
                           f"errors {json.dumps(m['result'].get('errors'))[:500]}")
    m["job_folder"] = m["result"].get("jobFolder")
    m["status"] = m["result"].get("status")
    m["task_statuses"] = _count(t.get("status") for t in m["result"].get("tasks", []))
    del m["result"]
    return m


def run_skillhost_resume(binary: Path, inp: dict, out_base: Path, n: int) -> dict:
    args = {"job": inp["job"], "source": inp["source"], "outputBase": str(out_base), "config": inp["config"]}
    m = skillhost_call(binary, args, "resume")
    res = m["result"]
    nbs = res.get("notebooks", {})
    if nbs.get("migrated") != 0 or nbs.get("skipped") != n or res.get("written"):
        raise RuntimeError(f"resume: expected a no-op (0 migrated, {n} skipped, nothing written); got {nbs}, "
                           f"written {res.get('written', [])[:5]}")
    del m["result"]
    return m


def run_jupytext(files: list[Path], src_root: Path, out_root: Path, formats: dict[str, str]) -> dict:
    import jupytext

    made: set[Path] = set()
    cells = 0
    c0 = time.process_time()
    t0 = time.perf_counter()
    for path in files:
        rel = path.relative_to(src_root)
        out = out_root / rel.with_suffix(".ipynb")
        if out.parent not in made:
            out.parent.mkdir(parents=True, exist_ok=True)
            made.add(out.parent)
        if path.suffix == ".sql":  # jupytext validates the extension of a path; it has no SQL format
            with open(path, encoding="utf-8") as handle:
                nb = jupytext.read(handle, fmt=formats[".sql"])
        else:
            nb = jupytext.read(path, fmt=formats[path.suffix])
        cells += len(nb.cells)
        jupytext.write(nb, out, fmt="ipynb")
    wall = time.perf_counter() - t0
    return {"wall_s": wall, "cpu_s": time.process_time() - c0, "files": len(files), "cells": cells}


def sanity_check_outputs(job_folder: str | None, sample: int = 25) -> str:
    """Untimed: strict nbformat validation of a sample of skillhost's notebooks."""
    try:
        import nbformat
        from nbformat.validator import iter_validate
    except ImportError:
        return "nbformat not installed; skipped"
    if not job_folder:
        return "no jobFolder in the result; skipped"
    nbs = sorted(Path(job_folder, "notebooks").rglob("*.ipynb"))
    step = max(1, len(nbs) // sample)
    bad = []
    for p in nbs[::step][:sample]:
        nb = nbformat.read(str(p), as_version=nbformat.NO_CONVERT)
        errors = list(iter_validate(nb))
        if errors:
            bad.append(f"{p.name}: {errors[0].message[:120]}")
    if bad:
        return f"{len(bad)} of {min(sample, len(nbs[::step]))} sampled notebooks invalid: {bad[0]}"
    return f"{min(sample, len(nbs[::step]))} sampled notebooks valid (nbformat strict)"


def count_syscalls(binary: Path, inp: dict, out_base: Path, n: int) -> dict | str:
    """Untimed: one more cold migration under `strace -f -c`, for the fsync, rename and openat
    counts per notebook (strace slows the run down; its times are not reported)."""
    strace = shutil.which("strace")
    if strace is None:
        return "strace not found; skipped"
    summary = out_base.with_suffix(".strace")
    args = {"job": inp["job"], "source": inp["source"], "outputBase": str(out_base), "config": inp["config"]}
    argv = [strace, "-f", "-c", "-o", str(summary), "-e", "trace=fsync,fdatasync,sync_file_range,rename,renameat,"
            "renameat2,openat,write,mkdir,mkdirat", str(binary), "call", "aidp-migrate-job",
            json.dumps(args, separators=(",", ":"))]
    r = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       cwd=str(REPO), timeout=CALL_TIMEOUT)
    if r.returncode != 0 or not summary.is_file():
        return f"strace run exited {r.returncode}; skipped"
    counts: dict = {}
    for line in summary.read_text().splitlines():
        parts = line.split()
        if len(parts) >= 5 and parts[0][0].isdigit() and parts[-1].isidentifier() and parts[-1] != "total":
            counts[parts[-1]] = int(parts[3])
    return {"calls": counts, "per_notebook": {k: round(v / n, 2) for k, v in sorted(counts.items())}}


FS_IOC_GETFLAGS = 0x80086601
FS_IOC_SETFLAGS = 0x40086602
FS_TOPDIR_FL = 0x00020000


def spread_inode_allocation(folder: Path) -> tuple[bool, str]:
    """Mark `folder` top-of-hierarchy for ext4's Orlov allocator (what `chattr +T` does), so the
    folders made in it are spread over the disk as top-level folders are, instead of packed into
    the block group of /tmp, where test suites create and delete their files. Why: ext4 without a
    journal prefers not to reuse an inode freed less than 60 s ago (360 s while its inode-table
    block is still dirty), and steps over each such inode on every file it creates in that group
    (fs/ext4/ialloc.c, recently_deleted). After a test suite had deleted thousands of files under
    /tmp, 2,000 creates there cost 100-370 ms of kernel time instead of 37 ms: a charge for the
    machine's recent history that lands on whichever program creates files next. Only an
    optimisation of the measurement: any failure leaves the folder as it is. Returns whether the
    flag was set and what was done, for the report."""
    if not sys.platform.startswith("linux"):
        return False, "left as is (not Linux)"
    # The request numbers encode sizeof(long); the kernel copies an int either way.
    long_bytes = struct.calcsize("l")
    get_flags = FS_IOC_GETFLAGS if long_bytes == 8 else 0x80046601
    set_flags = FS_IOC_SETFLAGS if long_bytes == 8 else 0x40046602
    flags = bytearray(4)
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.ioctl(fd, get_flags, flags)
            value = int.from_bytes(flags, sys.byteorder) | FS_TOPDIR_FL
            fcntl.ioctl(fd, set_flags, bytearray(value.to_bytes(4, sys.byteorder)))
        finally:
            os.close(fd)
    except OSError as exc:
        name = errno.errorcode.get(exc.errno or 0, str(exc.errno))
        return False, f"left as is (top-of-hierarchy flag refused: {name}, {exc.strerror})"
    return True, ("marked top-of-hierarchy (chattr +T): its folders are spread over the disk, "
                  "away from /tmp's block group")


def warm_page_cache(files: list[Path]) -> None:
    for p in files:
        p.read_bytes()


def _count(values) -> dict:
    out: dict = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return dict(sorted(out.items()))


# ------------------------------------------------------------------------------ report


def med(samples: list[dict], key: str) -> float:
    return statistics.median(s[key] for s in samples)


def fmt_s(v: float | None) -> str:
    if v is None:
        return "—"
    if v < 1:
        return f"{v * 1000:,.0f} ms"
    return f"{v:,.2f} s"


def fmt_rate(v: float | None) -> str:
    return "—" if v is None else f"{v:,.0f} nb/s"


def main() -> int:
    ap = argparse.ArgumentParser(description="skillhost migration benchmark beside jupytext")
    ap.add_argument("--bin", type=Path, default=REPO / ".build" / "release" / "skillhost")
    ap.add_argument("--quick", action="store_true", help="smoke run: N=200")
    ap.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    ap.add_argument("--n", type=int, help="notebooks to generate (default 2000; 200 with --quick)")
    ap.add_argument("--runs", type=int, help="rounds (default: 3 if the projected total fits --budget, else 1)")
    ap.add_argument("--budget", type=float, default=120.0, help="seconds the whole run should stay under")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workdir", type=Path, help="where to make the temp folder (default $TMPDIR or /tmp); "
                                                    "its filesystem decides what an fsync costs")
    ap.add_argument("--no-spread", action="store_true",
                    help="do not mark the temp folder top-of-hierarchy (chattr +T): file creation then also "
                         "pays for inodes other programs freed nearby in the last 60 s (ext4 without a journal)")
    ap.add_argument("--syscalls", action="store_true",
                    help="after the timings, one more untimed cold run under `strace -f -c`: fsyncs etc. per notebook")
    ap.add_argument("--keep", action="store_true", help="keep the temp folder and print its path")
    ap.add_argument("--json", type=Path, default=HERE / "results" / "latest.json", help="where to save the figures")
    opts = ap.parse_args()

    n = opts.n or (200 if opts.quick else 2000)
    if not opts.bin.is_file():
        print(f"bench: {opts.bin} not found; build it with scripts/build-release",
              file=sys.stderr)
        return 2
    try:
        import jupytext
    except ImportError:
        print("bench: jupytext is not installed; run bench/migrate/run (it sets up .venv)", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="bench-migrate-", dir=opts.workdir))
    try:
        opts.spread, opts.allocation = (
            (False, "left as is (--no-spread)") if opts.no_spread else spread_inode_allocation(work))
        return bench(opts, n, work, jupytext)
    finally:
        if opts.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def bench(opts: argparse.Namespace, n: int, work: Path, jupytext) -> int:
    t_start = time.monotonic()
    print(f"bench/migrate: {opts.bin} vs jupytext {jupytext.__version__} (Python {platform.python_version()}); "
          f"N={n}, seed {opts.seed}, in {work}", flush=True)
    print(f"temp folder: {opts.allocation}", flush=True)
    try:
        # Names unique to this run: ext4 starts placing a top-level folder at a hash of its name,
        # so fixed names would land where the previous run's clean-up just freed inodes.
        tag = work.name.rsplit("-", 1)[-1]
        t0 = time.perf_counter()
        inp = generate.generate(work / f"input-{tag}", n, opts.seed)
        gen_s = time.perf_counter() - t0
        src_root = Path(inp["source"])
        files = [src_root / rel for rel in inp["files"]]
        print(f"generated {inp['notebooks']} notebooks ({inp['tasks']} tasks, {inp['helpers']} helpers, "
              f"{inp['cells']:,} cells, {inp['bytes'] / 1e6:.1f} MB, max %run fan-in {inp['maxFanIn']}, "
              f"languages {inp['languages']}) in {gen_s:.1f} s", flush=True)
        warm_page_cache(files)
        # jupytext's first call imports its format modules lazily: do it once, untimed.
        for formats in (JUPYTEXT_FMT, JUPYTEXT_ONE_CELL_FMT):
            jupytext.read(files[0], fmt=formats[files[0].suffix])

        cold: list[dict] = []
        resume: list[dict] = []
        jt: list[dict] = []
        jt_one: list[dict] = []
        rounds = opts.runs or 3
        r = 0
        while r < rounds:
            r += 1
            out_base = work / f"skillhost-{r}-{tag}"
            os.sync()
            cold.append(run_skillhost_cold(opts.bin, inp, out_base, n))
            os.sync()
            resume.append(run_skillhost_resume(opts.bin, inp, out_base, n))
            os.sync()
            jt.append(run_jupytext(files, src_root, work / f"jupytext-{r}-{tag}", JUPYTEXT_FMT))
            os.sync()
            jt_one.append(run_jupytext(files, src_root, work / f"jupytext-one-{r}-{tag}", JUPYTEXT_ONE_CELL_FMT))
            os.sync()
            print(f"round {r}: skillhost {cold[-1]['wall_s']:.2f} s, resume {resume[-1]['wall_s']:.3f} s, "
                  f"jupytext {jt[-1]['wall_s']:.2f} s, one cell per file {jt_one[-1]['wall_s']:.2f} s", flush=True)
            if r == 1:
                round_s = time.monotonic() - t_start - gen_s
                if opts.runs is None and time.monotonic() - t_start + 2 * round_s > opts.budget:
                    rounds = 1
                    print(f"(one round took {round_s:.0f} s; three would pass the {opts.budget:.0f} s budget: "
                          f"reporting single measurements)", flush=True)
            # Outputs stay until the end (a few MB per round): deleting thousands of files makes
            # ext4 skip the recently freed inodes on the next creates, which would bill one
            # measurement for the previous one's clean-up.
        check = sanity_check_outputs(cold[-1]["job_folder"])
        syscalls = (
            count_syscalls(opts.bin, inp, work / f"skillhost-strace-{tag}", n) if opts.syscalls else None)
    except (RuntimeError, OSError, subprocess.SubprocessError, ValueError) as exc:
        print(f"bench: failed: {exc}", file=sys.stderr)
        return 2

    sh_wall = med(cold, "wall_s")
    jt_wall = med(jt, "wall_s")
    rs_wall = med(resume, "wall_s")
    sh_rate = n / sh_wall
    jt_rate = n / jt_wall
    ratio = sh_rate / jt_rate
    sh_user, sh_sys = med(cold, "user_s"), med(cold, "sys_s")
    rs_user, rs_sys = med(resume, "user_s"), med(resume, "sys_s")
    jt_cpu = med(jt, "cpu_s")
    one_wall = med(jt_one, "wall_s")
    one_rate = n / one_wall
    label = f"median of {len(cold)}" if len(cold) > 1 else "1 run"

    w = 40
    print()
    print(f"{'metric (' + label + ')':<{w}} {'skillhost':>14} {'jupytext':>14} {'ratio':>8}")
    print("-" * (w + 40))
    rows = [
        ("full conversion, wall", fmt_s(sh_wall), fmt_s(jt_wall), f"{jt_wall / sh_wall:.2f}x"),
        ("notebooks per second", fmt_rate(sh_rate), fmt_rate(jt_rate), f"{ratio:.2f}x"),
        ("  CPU user + sys", f"{fmt_s(sh_user + sh_sys)}", fmt_s(jt_cpu), ""),
        ("  of which kernel (sys)", fmt_s(sh_sys), "—", ""),
        ("  off-CPU (wall - CPU: I/O, fsync)", fmt_s(max(0.0, sh_wall - sh_user - sh_sys)),
         fmt_s(max(0.0, jt_wall - jt_cpu)), ""),
        ("  per notebook, wall", f"{sh_wall / n * 1000:.2f} ms", f"{jt_wall / n * 1000:.2f} ms", ""),
        ("  cells in the notebooks written", f"{inp['cells']:,}", f"{jt[-1]['cells']:,}", ""),
        ("one cell per file (py:percent), wall", "—", fmt_s(one_wall), ""),
        ("  notebooks per second", fmt_rate(sh_rate), fmt_rate(one_rate), f"{sh_rate / one_rate:.2f}x"),
        ("resume no-op, wall", fmt_s(rs_wall), "—", ""),
        ("  resume CPU user + sys", fmt_s(rs_user + rs_sys), "—", ""),
        ("  resume, notebooks checked per second", fmt_rate(n / rs_wall), "—", ""),
    ]
    for name, a, b, c in rows:
        print(f"{name:<{w}} {a:>14} {b:>14} {c:>8}")
    print("(ratio = skillhost / jupytext throughput, i.e. how many times faster skillhost is; skillhost is a")
    print(" spawned release binary with fsync'd atomic writes + ledger; jupytext runs in-process, no fsync;")
    print(" jupytext reads the format it detects in these files, light; with py:percent each file becomes one")
    print(" cell, since Databricks exports have no '# %%' marker: informative, not the anchor)")
    if len(cold) > 1:
        print(f"spread: skillhost {min(c['wall_s'] for c in cold):.2f}-{max(c['wall_s'] for c in cold):.2f} s, "
              f"jupytext {min(j['wall_s'] for j in jt):.2f}-{max(j['wall_s'] for j in jt):.2f} s, "
              f"one cell per file {min(j['wall_s'] for j in jt_one):.2f}-{max(j['wall_s'] for j in jt_one):.2f} s, "
              f"resume {min(x['wall_s'] for x in resume):.3f}-{max(x['wall_s'] for x in resume):.3f} s")
    if isinstance(syscalls, dict):
        per = syscalls["per_notebook"]
        print("syscalls per notebook (strace, untimed extra run): "
              + ", ".join(f"{k} {v}" for k, v in per.items()))
    elif syscalls:
        print(f"syscalls: {syscalls}")
    print(f"skillhost result: status {cold[-1]['status']}, tasks {cold[-1]['task_statuses']}; output check: {check}")

    ok = ratio >= TARGET_RATIO
    print()
    print(f"{'PASS' if ok else 'MISS'}  skillhost >= {TARGET_RATIO:.0f}x jupytext notebooks/s, durability included  "
          f"({ratio:.2f}x: {sh_rate:,.0f} vs {jt_rate:,.0f} nb/s; needs >= {TARGET_RATIO * jt_rate:,.0f} nb/s)")
    total = time.monotonic() - t_start
    print(f"\nbench/migrate took {total:.1f} s")

    results = {
        "binary": str(opts.bin), "n": n, "seed": opts.seed, "machine": platform.platform(), "cpus": os.cpu_count(),
        "python": platform.python_version(), "jupytext": jupytext.__version__, "workdir": str(work),
        "spread": opts.spread, "allocation": opts.allocation,
        "input": {k: v for k, v in inp.items() if k not in ("files", "out", "job", "source", "config")},
        "generate_s": gen_s, "rounds": len(cold),
        "skillhost_cold": [{k: v for k, v in c.items() if k != "job_folder"} for c in cold],
        "skillhost_resume": resume, "jupytext": jt, "jupytext_one_cell": jt_one,
        "median": {"skillhost_wall_s": sh_wall, "jupytext_wall_s": jt_wall, "resume_wall_s": rs_wall,
                   "skillhost_nb_per_s": sh_rate, "jupytext_nb_per_s": jt_rate, "ratio": ratio,
                   "jupytext_one_cell_wall_s": one_wall, "ratio_to_one_cell": sh_rate / one_rate},
        "target": {"ratio_at_least": TARGET_RATIO, "pass": ok}, "output_check": check, "syscalls": syscalls, "total_s": total,
    }
    try:
        opts.json.parent.mkdir(parents=True, exist_ok=True)
        opts.json.write_text(json.dumps(results, indent=2) + "\n")
    except OSError as exc:
        print(f"bench: could not save {opts.json}: {exc}", file=sys.stderr)
    return 1 if (opts.strict and not ok) else 0


if __name__ == "__main__":
    sys.exit(main())
