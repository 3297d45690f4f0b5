"""Nothing but frames on stdout: every line of a whole session parses as one JSON-RPC object."""

from __future__ import annotations

import json

from conftest import BUNDLED_SKILLS, RawServer, modern_meta, modern_params, run_cli


def assert_clean(srv: RawServer) -> None:
    assert srv.raw_lines, "no stdout at all"
    for line in srv.raw_lines:
        assert not line.endswith(b"\r"), f"CRLF frame: {line[:120]!r}"
        try:
            frame = json.loads(line)
        except ValueError:
            raise AssertionError(f"non-JSON stdout line: {line[:300]!r}") from None
        assert isinstance(frame, dict), f"stdout frame is not an object: {line[:200]!r}"
        assert frame.get("jsonrpc") == "2.0", frame
        kinds = [k for k in ("result", "error", "method") if k in frame]
        assert len(kinds) == 1 or (kinds == ["method"]), f"ambiguous frame {frame}"
        if "result" in frame or "error" in frame:
            assert "id" in frame, frame
    assert srv.eof, "stdout not closed after exit"


def test_whole_legacy_and_modern_session_on_skillhost(server):
    srv = server
    srv.request("ping")
    srv.request("server/discover", {"_meta": modern_meta()})
    srv.handshake()
    srv.request("tools/list")
    srv.request("tools/call", {"name": "read-skill", "arguments": {"name": "aidp-migrate-job"}})
    srv.request("tools/call", {"name": "read-skill", "arguments": {"name": "nope"}})
    srv.request("tools/call", {"name": "no-such-tool", "arguments": {}})
    listed = srv.result("resources/list")
    for resource in listed["resources"]:
        srv.request("resources/read", {"uri": resource["uri"]})
    srv.request("resources/read", {"uri": "skill://nope/SKILL.md"})
    srv.request("resources/templates/list")
    srv.request("prompts/list")
    srv.request("logging/setLevel", {"level": "debug"})
    srv.request("no/such/method")
    srv.send_bytes(b"garbage\n")
    srv.recv()
    srv.send_bytes(b'{"jsonrpc":"2.0","id":"crlf","method":"ping"}\r\n')
    srv.recv_response("crlf")
    srv.request("tools/call", {"name": "read-skill", "arguments": {"name": "aidp-migrate-job", "path": "x" * (1 << 20)}},
                timeout=20)
    srv.request("tools/list", modern_params())
    assert srv.close() == 0
    assert_clean(srv)


def test_whole_session_on_testbed_with_guards_and_progress(testbed, tmp_path):
    srv = testbed
    srv.handshake(capabilities={"elicitation": {"form": {}}})
    path = tmp_path / "hygiene.txt"
    args = {"path": str(path), "text": "first\n"}
    srv.request("tools/call", {"name": "fixture-write", "arguments": args})
    path.write_text("hand edit\n")
    srv.request("tools/call", {"name": "fixture-write", "arguments": {**args, "text": "second\n"}},
                on_request=lambda r: {"action": "decline"})
    srv.request("tools/call", {"name": "fixture-write", "arguments": {**args, "dryRun": True}})
    srv.request("tools/call", {"name": "fixture-count", "arguments": {"steps": 5, "delayMs": 5},
                               "_meta": {"progressToken": "p"}})
    srv.request("tools/call", modern_params({"name": "fixture-write", "arguments": {**args, "text": "third\n"}},
                                            capabilities={"elicitation": {"form": {}}}))
    # a cancelled call: nothing at all may be written for it
    srv.send({"jsonrpc": "2.0", "id": "to-cancel", "method": "tools/call",
              "params": {"name": "fixture-count", "arguments": {"steps": 20, "delayMs": 50},
                         "_meta": {"progressToken": "c"}}})
    srv.recv(timeout=5)
    srv.notify("notifications/cancelled", {"requestId": "to-cancel"})
    srv.expect_silence(0.5)
    srv.request("ping")
    assert srv.close() == 0
    assert_clean(srv)
    assert any(m.get("method") == "notifications/progress" for m in srv.messages)


def test_cli_json_outputs_are_single_json_documents(skillhost_bin):
    for argv in (["list", "--json"], ["call", "read-skill", '{"name":"aidp-pipelines"}'],
                 ["call", "read-skill", '{"name":"nope"}']):
        r = run_cli([skillhost_bin, *argv])
        assert r.returncode in (0, 1), r
        r.json()
        assert not r.stdout_bytes.startswith(b"\xef\xbb\xbf"), "BOM on stdout"
    for name in BUNDLED_SKILLS:
        assert name in run_cli([skillhost_bin, "list", "--json"]).stdout
