#!/usr/bin/env python3
"""bench/host: skillhost's host overhead beside a Python `mcp` SDK reference server, in one run.

Measures
  (a) cold start of `skillhost list --json` (spawn to exit; median and p90, ms);
  (b) spawn -> `initialize` reply for both servers (median, ms);
  (c) MCP round trips over raw pipes after a legacy handshake: `tools/list` and
      `tools/call read-skill`, N sequential requests each (p50 / p99, µs), for skillhost and for
      bench/host/reference_server.py (`mcp` 2.3.0 MCPServer exposing the same tool);
then prints a table with both columns and the ratios, and checks the targets:
  list --json median < 20 ms; tools/list p50 < 200 µs and >= 5x faster than the reference.

usage: bench.py [--bin PATH] [--quick] [--strict] [--requests N] [--cold-runs N] [--json PATH]
Exit status: 0, unless --strict and a target is missed (1), or the bench itself fails (2).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import select
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
READ_SKILL_ARGS = {"name": "aidp-migrate-job"}
TIMEOUT = 30.0


# ------------------------------------------------------------------------------ raw pipe client


class PipeClient:
    """A minimal newline-delimited JSON-RPC client. The clock stops when the reply line is complete;
    parsing happens outside the timed region."""

    def __init__(self, argv: list[str]):
        self.argv = argv
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, cwd=str(REPO), bufsize=0)
        self.wfd = self.proc.stdin.fileno()
        self.rfd = self.proc.stdout.fileno()
        self.buf = bytearray()
        self.next_id = 0

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            n = os.write(self.wfd, view)
            view = view[n:]

    def read_line(self, deadline: float) -> bytes:
        while True:
            nl = self.buf.find(b"\n")
            if nl >= 0:
                line = bytes(self.buf[:nl])
                del self.buf[:nl + 1]
                return line
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"{self.argv[0]}: no reply in time")
            ready, _, _ = select.select([self.rfd], [], [], remaining)
            if ready:
                chunk = os.read(self.rfd, 1 << 20)
                if not chunk:
                    raise EOFError(f"{self.argv[0]} closed stdout (rc={self.proc.poll()})")
                self.buf += chunk

    def frame(self, method: str, params: dict | None = None) -> tuple[int, bytes]:
        self.next_id += 1
        msg: dict = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            msg["params"] = params
        return self.next_id, json.dumps(msg, separators=(",", ":")).encode() + b"\n"

    def roundtrip(self, data: bytes, rid: int) -> tuple[int, bytes]:
        """Send one pre-encoded request; return (elapsed ns, reply line). Skips notifications."""
        deadline = time.monotonic() + TIMEOUT
        t0 = time.perf_counter_ns()
        self.write(data)
        while True:
            line = self.read_line(deadline)
            # cheap id check without parsing: the reply to `rid` (server notifications are rare here)
            if b'"method"' not in line[:200] or b'"id":%d' % rid in line:
                return time.perf_counter_ns() - t0, line

    def request(self, method: str, params: dict | None = None) -> dict:
        rid, data = self.frame(method, params)
        _, line = self.roundtrip(data, rid)
        reply = json.loads(line)
        if reply.get("id") != rid:
            raise RuntimeError(f"unexpected reply {line[:200]!r}")
        return reply

    def handshake(self) -> dict:
        reply = self.request("initialize", {"protocolVersion": "2025-11-25", "capabilities": {},
                                            "clientInfo": {"name": "bench-host", "version": "0"}})
        if "result" not in reply:
            raise RuntimeError(f"initialize failed: {reply}")
        self.write(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
        return reply["result"]

    def close(self) -> int:
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            return self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait(timeout=10)
        finally:
            self.proc.stdout.close()


# ------------------------------------------------------------------------------ measurements


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, math.ceil(p / 100 * len(s)) - 1))
    return s[k]


def cold_start(binary: Path, runs: int) -> dict:
    times = []
    for _ in range(runs + 1):  # one unrecorded warm-up run (page cache)
        t0 = time.perf_counter_ns()
        r = subprocess.run([str(binary), "list", "--json"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, cwd=str(REPO), timeout=TIMEOUT)
        elapsed = (time.perf_counter_ns() - t0) / 1e6
        if r.returncode != 0:
            raise RuntimeError(f"`{binary} list --json` exited {r.returncode}")
        json.loads(r.stdout)
        times.append(elapsed)
    times = times[1:]
    return {"runs": runs, "median_ms": statistics.median(times), "p90_ms": pct(times, 90), "min_ms": min(times)}


def spawn_to_initialize(argv: list[str], runs: int) -> dict:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter_ns()
        client = PipeClient(argv)
        try:
            client.handshake()
            times.append((time.perf_counter_ns() - t0) / 1e6)
        finally:
            client.close()
    return {"runs": runs, "median_ms": statistics.median(times), "min_ms": min(times)}


def round_trips(argv: list[str], requests: int, warmup: int) -> dict:
    client = PipeClient(argv)
    out: dict = {}
    try:
        client.handshake()
        cases = {
            "tools/list": ("tools/list", {}),
            "tools/call read-skill": ("tools/call", {"name": "read-skill", "arguments": READ_SKILL_ARGS}),
        }
        for label, (method, params) in cases.items():
            first = client.request(method, params)
            check_reply(label, first)
            out[label + " sample"] = first["result"]
            for _ in range(warmup):
                rid, data = client.frame(method, params)
                client.roundtrip(data, rid)
            samples = []
            for _ in range(requests):
                rid, data = client.frame(method, params)
                ns, line = client.roundtrip(data, rid)
                samples.append(ns / 1000)
            last = json.loads(line)
            check_reply(label, last)
            out[label] = {"n": requests, "p50_us": pct(samples, 50), "p99_us": pct(samples, 99),
                          "mean_us": statistics.fmean(samples)}
    finally:
        rc = client.close()
    out["exit_code"] = rc
    return out


def pipe_floor(requests: int) -> dict:
    """Round trips through `cat`, which echoes each request line: the client and pipe overhead that
    every server figure above includes."""
    client = PipeClient(["cat"])
    try:
        rid, data = client.frame("tools/list", {})
        samples = []
        for _ in range(requests):
            rid, data = client.frame("tools/list", {})
            ns, _ = client.roundtrip(data, rid)
            samples.append(ns / 1000)
    finally:
        client.close()
    return {"n": requests, "p50_us": pct(samples, 50), "p99_us": pct(samples, 99)}


def check_reply(label: str, reply: dict) -> None:
    if "result" not in reply:
        raise RuntimeError(f"{label}: error reply {json.dumps(reply)[:300]}")
    if label.startswith("tools/call") and reply["result"].get("isError"):
        raise RuntimeError(f"{label}: isError result {json.dumps(reply)[:300]}")


# ------------------------------------------------------------------------------ report


def fmt(v: float | None, unit: str) -> str:
    if v is None:
        return "—"
    return f"{v:,.0f} {unit}" if v >= 100 else f"{v:,.1f} {unit}"


def main() -> int:
    ap = argparse.ArgumentParser(description="skillhost host benchmark beside a Python mcp reference server")
    ap.add_argument("--bin", type=Path, default=REPO / ".build" / "release" / "skillhost")
    ap.add_argument("--quick", action="store_true", help="smoke run: 200 requests, 10 cold starts")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--requests", type=int, help="sequential requests per round-trip case (default 2000)")
    ap.add_argument("--cold-runs", type=int, help="cold starts of `list --json` (default 30)")
    ap.add_argument("--json", type=Path, default=HERE / "results" / "latest.json", help="where to save the figures")
    opts = ap.parse_args()

    requests = opts.requests or (200 if opts.quick else 2000)
    cold_runs = opts.cold_runs or (10 if opts.quick else 30)
    init_runs = 3 if opts.quick else 10
    warmup = 20 if opts.quick else 100
    if not opts.bin.is_file():
        print(f"bench: {opts.bin} not found; build it with scripts/build-release", file=sys.stderr)
        return 2
    skillhost = [str(opts.bin), "serve"]
    reference = [sys.executable, str(HERE / "reference_server.py"), "--skills", str(REPO / "skills")]

    print(f"bench/host: {opts.bin} vs {Path(reference[1]).name} (mcp "
          f"{_version('mcp')}, Python {platform.python_version()}); {requests} requests, {cold_runs} cold starts",
          flush=True)
    t_start = time.monotonic()
    try:
        cold = cold_start(opts.bin, cold_runs)
        init_sh = spawn_to_initialize(skillhost, init_runs)
        init_ref = spawn_to_initialize(reference, init_runs)
        rt_sh = round_trips(skillhost, requests, warmup)
        rt_ref = round_trips(reference, requests, warmup)
        floor = pipe_floor(requests)
    except (RuntimeError, TimeoutError, EOFError, OSError, subprocess.SubprocessError) as exc:
        print(f"bench: failed: {exc}", file=sys.stderr)
        return 2

    same_text = (rt_sh["tools/call read-skill sample"].get("structuredContent", {}).get("text")
                 == rt_ref["tools/call read-skill sample"].get("structuredContent", {}).get("text"))

    rows = [
        ("list --json cold start, median", cold["median_ms"], None, "ms"),
        ("list --json cold start, p90", cold["p90_ms"], None, "ms"),
        ("spawn -> initialize reply, median", init_sh["median_ms"], init_ref["median_ms"], "ms"),
    ]
    for label in ("tools/list", "tools/call read-skill"):
        rows.append((f"{label} p50", rt_sh[label]["p50_us"], rt_ref[label]["p50_us"], "µs"))
        rows.append((f"{label} p99", rt_sh[label]["p99_us"], rt_ref[label]["p99_us"], "µs"))

    w = 36
    print()
    print(f"{'metric':<{w}} {'skillhost':>12} {'reference':>12} {'ratio':>8}")
    print("-" * (w + 36))
    for name, ours, theirs, unit in rows:
        ratio = f"{theirs / ours:.1f}x" if theirs and ours else "—"
        print(f"{name:<{w}} {fmt(ours, unit):>12} {fmt(theirs, unit):>12} {ratio:>8}")
    print(f"{'pipe + client floor (cat echo) p50':<{w}} {fmt(floor['p50_us'], 'µs'):>12}")
    print("(ratio = reference / skillhost: how many times faster skillhost is; every round trip includes the floor)")
    if not same_text:
        print("note: the two servers returned different read-skill text; the comparison is not like for like")

    tl_sh, tl_ref = rt_sh["tools/list"]["p50_us"], rt_ref["tools/list"]["p50_us"]
    targets = [
        ("list --json median < 20 ms", cold["median_ms"] < 20, f"{cold['median_ms']:.1f} ms"),
        ("tools/list p50 < 200 µs", tl_sh < 200, f"{tl_sh:.0f} µs"),
        ("tools/list p50 >= 5x faster than reference", tl_ref / tl_sh >= 5, f"{tl_ref / tl_sh:.1f}x"),
    ]
    print()
    for name, ok, value in targets:
        print(f"{'PASS' if ok else 'MISS'}  {name}  ({value})")
    print(f"\nbench/host took {time.monotonic() - t_start:.1f} s")

    results = {
        "binary": str(opts.bin), "requests": requests, "machine": platform.platform(), "cpus": os.cpu_count(),
        "python": platform.python_version(), "mcp": _version("mcp"),
        "cold_start_list_json": cold, "spawn_to_initialize": {"skillhost": init_sh, "reference": init_ref},
        "round_trips": {"skillhost": {k: v for k, v in rt_sh.items() if not k.endswith("sample")},
                        "reference": {k: v for k, v in rt_ref.items() if not k.endswith("sample")}},
        "pipe_floor": floor, "targets": {name: ok for name, ok, _ in targets}, "same_read_skill_text": same_text,
    }
    try:
        opts.json.parent.mkdir(parents=True, exist_ok=True)
        opts.json.write_text(json.dumps(results, indent=2) + "\n")
    except OSError as exc:
        print(f"bench: could not save {opts.json}: {exc}", file=sys.stderr)
    missed = [name for name, ok, _ in targets if not ok]
    return 1 if (opts.strict and missed) else 0


def _version(dist: str) -> str:
    try:
        from importlib.metadata import version
        return version(dist)
    except Exception:  # noqa: BLE001 - informational only
        return "?"


if __name__ == "__main__":
    sys.exit(main())
