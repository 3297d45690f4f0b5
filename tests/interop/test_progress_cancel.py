"""Progress notifications and cancellation end to end, with the testbed's `fixture-count`.

`fixture-count {"steps": N, "delayMs": D}` counts to N, sleeping D ms per step, sends
`notifications/progress` (1..N, total N) when the request carries `_meta.progressToken`, and returns
`{"counted": n, "cancelled": bool}`. A `notifications/cancelled` stops it and no response is sent.
"""

from __future__ import annotations

import time

import pytest

from conftest import modern_params, run_async, sdk_params, serve_testbed_argv


def count_params(steps: int, delay_ms: int, token: object = None) -> dict:
    params: dict = {"name": "fixture-count", "arguments": {"steps": steps, "delayMs": delay_ms}}
    if token is not None:
        params["_meta"] = {"progressToken": token}
    return params


def progress_for(frames: list[dict], token: object) -> list[dict]:
    return [f["params"] for f in frames
            if f.get("method") == "notifications/progress" and f.get("params", {}).get("progressToken") == token]


@pytest.mark.parametrize("token", ["tok-1", 77], ids=["string-token", "int-token"])
def test_progress_notifications_then_result(testbed, token):
    testbed.handshake()
    steps = 5
    # 60 ms per step: slower than any sane progress rate limit, so every step is reported
    reply = testbed.request("tools/call", count_params(steps, 60, token), id="count")
    result = reply["result"]
    assert result.get("isError") is False, result
    assert result["structuredContent"] == {"counted": steps, "cancelled": False}, result
    progress = progress_for(testbed.notifications, token)
    assert [p["progress"] for p in progress] == list(range(1, steps + 1)), progress
    assert all(p.get("total") == steps for p in progress), progress
    # all progress came before the response
    response_index = next(i for i, m in enumerate(testbed.messages) if m.get("id") == "count" and "method" not in m)
    last_progress = max(i for i, m in enumerate(testbed.messages) if m.get("method") == "notifications/progress")
    assert last_progress < response_index, "progress notification sent after the response"
    assert testbed.expect_silence(0.2) == [], "something arrived after the response"


def test_fast_progress_is_monotonic_and_ends_at_the_total(testbed):
    """Rate limiting may drop intermediate steps of fast work, but never the order or the last one."""
    testbed.handshake()
    steps = 200
    result = testbed.result("tools/call", count_params(steps, 0, "fast"))
    assert result["structuredContent"] == {"counted": steps, "cancelled": False}
    values = [p["progress"] for p in progress_for(testbed.notifications, "fast")]
    assert values and values[-1] == steps, values
    assert all(a < b for a, b in zip(values, values[1:])), values


def test_no_progress_without_a_token(testbed):
    testbed.handshake()
    result = testbed.result("tools/call", count_params(3, 10))
    assert result["structuredContent"] == {"counted": 3, "cancelled": False}
    assert [n for n in testbed.notifications if n.get("method") == "notifications/progress"] == []


def test_modern_progress(testbed):
    params = modern_params(count_params(3, 60), capabilities={})
    params["_meta"]["progressToken"] = "modern-tok"
    result = testbed.result("tools/call", params)
    assert result.get("resultType") == "complete", result
    assert result["structuredContent"] == {"counted": 3, "cancelled": False}
    assert [p["progress"] for p in progress_for(testbed.notifications, "modern-tok")] == [1, 2, 3]


def test_sdk_progress_callback(testbed_bin):
    import mcp

    seen: list[tuple] = []

    async def on_progress(progress, total, message):
        seen.append((progress, total))

    async def scenario():
        async with mcp.Client(sdk_params(serve_testbed_argv(testbed_bin)), mode="legacy",
                              read_timeout_seconds=15) as client:
            await client.list_tools()
            return await client.call_tool("fixture-count", {"steps": 4, "delayMs": 60}, progress_callback=on_progress)

    result = run_async(scenario)
    assert result.is_error is False
    assert result.structured_content == {"counted": 4, "cancelled": False}
    assert [p for p, _ in seen] == [1, 2, 3, 4], seen
    assert all(t == 4 for _, t in seen), seen


@pytest.mark.parametrize("request_id", ["count-me", 4242], ids=["string-id", "int-id"])
def test_cancel_stops_the_work_and_no_response_is_ever_sent(testbed, request_id):
    testbed.handshake()
    steps, delay_ms = 30, 50  # 1.5 s if not cancelled
    t0 = time.monotonic()
    testbed.send({"jsonrpc": "2.0", "id": request_id, "method": "tools/call",
                  "params": count_params(steps, delay_ms, "cancel-tok")})
    first = testbed.recv(timeout=5)
    assert first.get("method") == "notifications/progress", f"expected progress first, got {first}"
    testbed.notify("notifications/cancelled", {"requestId": request_id, "reason": "test cancels"})
    cancelled_at = len(testbed.messages)
    # the server still serves: the next reply must be the ping's (progress may trickle in the race)
    testbed.send({"jsonrpc": "2.0", "id": "ping-after-cancel", "method": "ping"})
    while True:
        frame = testbed.recv(timeout=5)
        if frame.get("method") == "notifications/progress":
            continue
        assert frame.get("id") == "ping-after-cancel", f"expected only the ping reply, got {frame}"
        assert frame.get("result") == {}
        break
    # wait past the time the count would have finished; nothing may arrive for the cancelled id
    rest = max(0.0, steps * delay_ms / 1000 + 0.7 - (time.monotonic() - t0))
    late = testbed.expect_silence(rest)
    responses = [m for m in testbed.messages if m.get("id") == request_id and "method" not in m]
    assert responses == [], f"a response was sent for the cancelled request: {responses}"
    late_progress = [m for m in testbed.messages[cancelled_at:] if m.get("method") == "notifications/progress"]
    assert len(late_progress) <= 2, f"work went on after cancellation: {len(late_progress)} progress notifications"
    assert all(m.get("method") == "notifications/progress" for m in late), late
    # and the connection is healthy afterwards
    assert testbed.result("tools/call", count_params(2, 1))["structuredContent"] == {"counted": 2,
                                                                                     "cancelled": False}
    assert testbed.close() == 0


def test_cancel_of_unknown_or_finished_request_is_ignored(testbed):
    testbed.handshake()
    testbed.result("tools/call", count_params(1, 1), id="done-already")
    testbed.notify("notifications/cancelled", {"requestId": "done-already"})
    testbed.notify("notifications/cancelled", {"requestId": "never-sent"})
    testbed.notify("notifications/cancelled", {})
    assert testbed.request("ping", id="after")["result"] == {}
    assert testbed.expect_silence(0.2) == []


def test_ping_is_answered_while_a_long_call_runs(testbed):
    testbed.handshake()
    testbed.send({"jsonrpc": "2.0", "id": "long", "method": "tools/call", "params": count_params(10, 100)})
    time.sleep(0.1)
    t0 = time.monotonic()
    assert testbed.request("ping", id="quick", timeout=3)["result"] == {}
    assert time.monotonic() - t0 < 0.5, "ping waited for the running tool call"
    result = testbed.recv_response("long", timeout=5)["result"]
    assert result["structuredContent"] == {"counted": 10, "cancelled": False}


def test_stdin_eof_during_long_work_exits_promptly(testbed):
    testbed.handshake()
    testbed.send({"jsonrpc": "2.0", "id": "forever", "method": "tools/call", "params": count_params(600, 100)})
    time.sleep(0.2)
    t0 = time.monotonic()
    rc = testbed.close(timeout=5)
    assert rc == 0
    assert time.monotonic() - t0 < 2.0, "server lingered after stdin EOF with work in flight"


def test_modern_cancel(testbed):
    params = modern_params(count_params(30, 50, "m-tok"), capabilities={})
    testbed.send({"jsonrpc": "2.0", "id": "modern-count", "method": "tools/call", "params": params})
    first = testbed.recv(timeout=5)
    assert first.get("method") == "notifications/progress", first
    testbed.notify("notifications/cancelled", {"requestId": "modern-count"})
    reply = testbed.request("tools/list", modern_params(), id="after-modern-cancel")
    assert "result" in reply
    testbed.expect_silence(1.8)
    assert [m for m in testbed.messages if m.get("id") == "modern-count" and "method" not in m] == []
