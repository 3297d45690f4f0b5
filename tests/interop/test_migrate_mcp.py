"""`aidp-migrate-job` through the official MCP Python SDK, the way an assistant calls it.

`ClientSession` + `stdio_client` (handshake era) list the tool and migrate a copy of the bundled
example with a progress callback; `mcp.Client(mode="2026-07-28")` does the same once in the
stateless era.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXPECTED_TOOLS, MODERN_VERSION, field, run_async, sdk_params
from migration_inputs.migratelib import (EXAMPLE_JOB_NAME, EXAMPLE_TASKS, STATUSES, TOOL, copy_example,
                                         strict_notebook)


def assert_migration_result(sc: dict, out: Path) -> None:
    job_folder = out / EXAMPLE_JOB_NAME
    assert sc["status"] in ("CONVERTED", "NEEDS_FIX"), sc
    assert sc["job"] == EXAMPLE_JOB_NAME, sc
    assert Path(sc["jobFolder"]) == job_folder, sc
    for key in ("report", "jobSpec"):
        assert Path(sc[key]).is_file(), (key, sc[key])
        assert Path(sc[key]).parent == job_folder, (key, sc[key])
    assert Path(sc["report"]).name == "JOB_REPORT.md" and Path(sc["jobSpec"]).name == "aidp-job.json", sc
    json.loads(Path(sc["jobSpec"]).read_text())  # the job spec is JSON
    rows = sc["tasks"]
    assert [row["task"] for row in rows] == list(EXAMPLE_TASKS), rows
    for row in rows:
        assert row["status"] in STATUSES and row["status"] != "FAILED", row
        notebook = Path(row["notebook"])
        assert notebook.is_file() and job_folder in notebook.parents, row
        nb = strict_notebook(notebook)
        cells = row["cells"]
        assert cells["cells"] == len(nb["cells"]) > 0, row
        assert cells["converted"] + cells["review"] + cells["flagged"] <= cells["cells"], row
    counts = sc["notebooks"]
    assert counts["migrated"] == counts["total"] == 7 and counts["failed"] == 0 and counts["skipped"] == 0, counts
    assert sc.get("cancelled") is False, sc


def assert_progress(seen: list[tuple], total_notebooks: int = 7) -> None:
    assert seen, "no progress notification arrived for a call with a progress token"
    values = [p for p, _ in seen]
    totals = {t for _, t in seen}
    assert all(a < b for a, b in zip(values, values[1:])), f"progress is not increasing: {values}"
    assert len(totals) == 1 and None not in totals, f"progress total missing or changing: {seen}"
    total = totals.pop()
    assert values[-1] == total, f"progress ends at {values[-1]}, not at the total {total}: {seen}"
    assert total >= total_notebooks, f"total {total} is less than the {total_notebooks} notebooks migrated"


def test_sdk_session_lists_the_tool_and_migrates_the_example_with_progress(skillhost_bin, tmp_path):
    from mcp import ClientSession
    from mcp.client.stdio import stdio_client

    ex = copy_example(tmp_path)
    out = tmp_path / "out"
    seen: list[tuple] = []

    async def on_progress(progress, total, message):
        seen.append((progress, total))

    async def scenario():
        async with stdio_client(sdk_params([skillhost_bin, "serve"])) as (read, write):
            async with ClientSession(read, write, read_timeout_seconds=60) as session:
                init = await session.initialize()
                assert field(init, "protocol_version", "protocolVersion") == "2025-11-25"
                tools = (await session.list_tools()).tools
                assert [t.name for t in tools] == EXPECTED_TOOLS
                tool = next(t for t in tools if t.name == TOOL)
                schema = tool.input_schema
                assert schema.get("type") == "object", schema
                assert {"job", "source", "outputBase"} <= set(schema.get("required", [])), schema
                for name in ("job", "source", "outputBase", "config", "dryRun", "skipMigrated"):
                    assert name in schema.get("properties", {}), (name, schema)
                assert tool.output_schema, "aidp-migrate-job has no outputSchema"
                assert tool.annotations is not None and tool.annotations.read_only_hint is not True
                return await session.call_tool(TOOL, ex.args(out), progress_callback=on_progress)

    result = run_async(scenario, timeout=60)
    assert result.is_error is False, result
    assert result.content and result.content[0].type == "text" and result.content[0].text.strip()
    assert_migration_result(result.structured_content, out)
    assert_progress(seen)


def test_sdk_modern_client_migrates_the_example(skillhost_bin, tmp_path):
    import mcp

    ex = copy_example(tmp_path)
    out = tmp_path / "out"
    seen: list[tuple] = []

    async def on_progress(progress, total, message):
        seen.append((progress, total))

    async def scenario():
        async with mcp.Client(sdk_params([skillhost_bin, "serve"]), mode=MODERN_VERSION,
                              read_timeout_seconds=60) as client:
            assert client.protocol_version == MODERN_VERSION
            tools = await client.list_tools()
            assert TOOL in [t.name for t in tools.tools]
            return await client.call_tool(TOOL, ex.args(out), progress_callback=on_progress)

    result = run_async(scenario, timeout=60)
    assert result.is_error is False, result
    assert_migration_result(result.structured_content, out)
    assert_progress(seen)


def test_sdk_dry_run_result_is_accepted_by_the_sdk(skillhost_bin, tmp_path):
    """The SDK checks a non-error result against the tool's outputSchema; a dry run must pass that check."""
    from mcp import ClientSession
    from mcp.client.stdio import stdio_client

    ex = copy_example(tmp_path)
    out = tmp_path / "out"

    async def scenario():
        async with stdio_client(sdk_params([skillhost_bin, "serve"])) as (read, write):
            async with ClientSession(read, write, read_timeout_seconds=60) as session:
                await session.initialize()
                return await session.call_tool(TOOL, ex.args(out, dryRun=True))

    result = run_async(scenario, timeout=60)
    assert result.is_error is False, result
    sc = result.structured_content
    assert sc.get("status") == "dry-run", sc
    effects = json.dumps(sc.get("effects"))
    assert "01_ingest_raw.ipynb" in effects and '"write"' in effects, sc.get("effects")
    assert not out.exists(), f"a dry run created {sorted(p.name for p in out.rglob('*'))}"


def test_raw_dry_run_returns_the_plan_and_writes_nothing(server, tmp_path):
    ex = copy_example(tmp_path)
    out = tmp_path / "out"
    server.handshake()
    result = server.result("tools/call", {"name": TOOL, "arguments": ex.args(out, dryRun=True)}, timeout=60)
    assert result.get("isError") is False, result
    sc = result["structuredContent"]
    assert sc.get("status") == "dry-run", sc
    assert isinstance(sc.get("digest"), str) and len(sc["digest"]) == 64, sc
    kinds = {e["kind"] for e in sc["effects"]}
    assert kinds == {"write"}, sc["effects"]
    assert sum(e["target"].endswith(".ipynb") for e in sc["effects"]) == 7, sc["effects"]
    assert not out.exists(), f"a dry run created {sorted(str(p) for p in out.rglob('*'))}"
