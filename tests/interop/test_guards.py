"""The overwrite guard end to end, through every confirmation channel and every refusal.

`skillhost-testbed` adds `fixture-write {"path", "text"}`: it records what it wrote in
`<file>.skillhost-sha256`; a file changed by hand since is an `overwrite-edited` effect that needs
confirmation bound to the plan digest. Channels: legacy elicitation, the 2026-07-28 input-required
retry, the `confirm` argument with the exact phrase, `--confirm <digest>` and a terminal prompt.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import select
import subprocess
import termios
import time
from pathlib import Path
from typing import Any, Callable

import pytest

from conftest import (CONFIRM_PHRASE, FIXTURE_SKILLS, MODERN_VERSION, REPO, RawServer, child_env, modern_params,
                      run_async, run_cli, sdk_params, serve_testbed_argv)

HEX64 = re.compile(r"[0-9a-f]{64}")
ORIGINAL = "written by skillhost\n"
HAND_EDIT = "edited by hand: keep me\n"
NEW_TEXT = "new text from the tool\n"
ELICIT_CAPS = {"elicitation": {"form": {}}}


# ---------------------------------------------------------------------------------- helpers


def write_args(path: Path, text: str = NEW_TEXT, **extra: Any) -> dict:
    return {"path": str(path), "text": text, **extra}


def call(srv: RawServer, arguments: dict, *, modern: bool = False, caps: dict | None = None,
         on_request: Callable[[dict], Any] | None = None, extra_params: dict | None = None) -> dict:
    params: dict[str, Any] = {"name": "fixture-write", "arguments": arguments, **(extra_params or {})}
    if modern:
        params = modern_params(params, capabilities=caps or {})
    reply = srv.request("tools/call", params, on_request=on_request)
    assert "result" in reply, f"fixture-write answered with a JSON-RPC error: {reply}"
    return reply["result"]


def make_edited(testbed_bin: Path, path: Path) -> None:
    """Let the tool write `path` (a new file: no guard), then edit it by hand."""
    srv = RawServer(serve_testbed_argv(testbed_bin))
    try:
        srv.handshake()
        result = call(srv, write_args(path, ORIGINAL))
        assert result.get("isError") is False, f"first write of a new file was refused: {result}"
        assert path.read_text() == ORIGINAL
        assert srv.close() == 0
    finally:
        srv.cleanup()
    path.write_text(HAND_EDIT)


@pytest.fixture
def edited(testbed_bin, tmp_path) -> Path:
    path = tmp_path / "notes" / "todo.md"
    path.parent.mkdir()
    make_edited(testbed_bin, path)
    return path


def assert_confirmation_required(result: dict, path: Path) -> str:
    assert result.get("isError") is True, result
    sc = result.get("structuredContent") or {}
    assert sc.get("status") == "confirmation-required", sc
    digest = sc.get("digest")
    assert isinstance(digest, str) and HEX64.fullmatch(digest), f"digest is not 64 hex: {digest!r}"
    assert str(path) in json.dumps(sc.get("atStake")), f"atStake does not name {path}: {sc.get('atStake')}"
    assert result["content"][0]["type"] == "text" and result["content"][0]["text"].strip()
    return digest


def assert_refused(result: dict, path: Path, expected_text: str = HAND_EDIT) -> None:
    assert result.get("isError") is True or result.get("resultType") == "input_required", \
        f"not refused: {result}"
    assert path.read_text() == expected_text, "the guarded file was changed"


def assert_written(result: dict, path: Path, text: str = NEW_TEXT) -> None:
    assert result.get("isError") is False, result
    assert result.get("resultType", "complete") == "complete", result
    assert path.read_text() == text


def elicitation_answer(action: str, content: Any = None) -> Callable[[dict], Any]:
    def answer(request: dict) -> dict:
        assert request["method"] == "elicitation/create", request
        out: dict[str, Any] = {"action": action}
        if content is not None:
            out["content"] = content
        return out
    return answer


# ---------------------------------------------------------------------------------- basics


def test_testbed_lists_the_fixture_tools(testbed):
    testbed.handshake()
    names = [t["name"] for t in testbed.result("tools/list")["tools"]]
    assert "fixture-write" in names and "fixture-count" in names and "read-skill" in names, names
    again = [t["name"] for t in testbed.result("tools/list")["tools"]]
    assert again == names, "tools/list order is not deterministic"


def test_new_file_is_written_without_confirmation(testbed, tmp_path):
    testbed.handshake()
    path = tmp_path / "fresh.txt"
    assert_written(call(testbed, write_args(path)), path)
    assert (tmp_path / "fresh.txt.skillhost-sha256").is_file(), "no sidecar recorded"


def test_rewriting_an_unedited_file_needs_no_confirmation(testbed, tmp_path):
    testbed.handshake()
    path = tmp_path / "mine.txt"
    assert_written(call(testbed, write_args(path, "one\n")), path, "one\n")
    assert_written(call(testbed, write_args(path, "two\n")), path, "two\n")


def test_edited_file_without_confirmation_is_refused(testbed, edited):
    testbed.handshake()  # no elicitation capability
    result = call(testbed, write_args(edited))
    assert_confirmation_required(result, edited)
    assert edited.read_text() == HAND_EDIT
    assert testbed.server_requests == [], "elicitation/create sent to a client that did not declare it"


def test_refusal_digest_is_stable_for_the_same_plan(testbed, edited):
    testbed.handshake()
    d1 = assert_confirmation_required(call(testbed, write_args(edited)), edited)
    d2 = assert_confirmation_required(call(testbed, write_args(edited)), edited)
    assert d1 == d2


def test_dry_run_returns_the_plan_and_writes_nothing(testbed, edited, tmp_path):
    testbed.handshake()
    result = call(testbed, write_args(edited, dryRun=True))
    sc = result.get("structuredContent") or {}
    assert sc.get("status") == "dry-run", result
    assert HEX64.fullmatch(sc.get("digest") or ""), sc
    assert sc.get("effects"), f"dry-run without effects: {sc}"
    assert "overwrite-edited" in json.dumps(sc["effects"]), sc["effects"]
    assert edited.read_text() == HAND_EDIT
    fresh = tmp_path / "never.txt"
    result = call(testbed, write_args(fresh, dryRun=True))
    assert (result.get("structuredContent") or {}).get("status") == "dry-run", result
    assert not fresh.exists(), "dry-run created the file"


# ---------------------------------------------------------------------------------- confirm argument


def test_confirm_argument_with_digest_and_phrase_writes(testbed, edited):
    testbed.handshake()
    digest = assert_confirmation_required(call(testbed, write_args(edited)), edited)
    result = call(testbed, write_args(edited, confirm={"digest": digest, "phrase": CONFIRM_PHRASE}))
    assert_written(result, edited)


@pytest.mark.parametrize("phrase", ["yes", "Yes, overwrite my edits", "yes, overwrite my edits!", "", None])
def test_confirm_argument_with_wrong_phrase_is_refused(testbed, edited, phrase):
    testbed.handshake()
    digest = assert_confirmation_required(call(testbed, write_args(edited)), edited)
    confirm = {"digest": digest} if phrase is None else {"digest": digest, "phrase": phrase}
    assert_refused(call(testbed, write_args(edited, confirm=confirm)), edited)


@pytest.mark.parametrize("confirm", [True, "yes, overwrite my edits", {"phrase": CONFIRM_PHRASE},
                                     {"digest": "0" * 64, "phrase": CONFIRM_PHRASE}],
                         ids=["bool-true", "phrase-only-string", "no-digest", "made-up-digest"])
def test_confirm_argument_without_the_right_digest_is_refused(testbed, edited, confirm):
    testbed.handshake()
    assert_refused(call(testbed, write_args(edited, confirm=confirm)), edited)


def test_stale_digest_is_refused_after_another_hand_edit(testbed, edited):
    testbed.handshake()
    digest = assert_confirmation_required(call(testbed, write_args(edited)), edited)
    edited.write_text("edited again after the refusal\n")
    result = call(testbed, write_args(edited, confirm={"digest": digest, "phrase": CONFIRM_PHRASE}))
    assert_refused(result, edited, "edited again after the refusal\n")
    new_digest = assert_confirmation_required(result, edited)
    assert new_digest != digest


# ---------------------------------------------------------------------------------- legacy elicitation (raw)


def test_elicitation_accept_true_writes(testbed, edited):
    testbed.handshake(capabilities=ELICIT_CAPS)
    result = call(testbed, write_args(edited), on_request=elicitation_answer("accept", {"confirm": True}))
    assert_written(result, edited)
    assert len(testbed.server_requests) == 1, testbed.server_requests
    request = testbed.server_requests[0]
    assert request["method"] == "elicitation/create"
    params = request["params"]
    assert params.get("mode", "form") == "form", params
    assert isinstance(params.get("message"), str) and params["message"].strip()
    schema = params["requestedSchema"]
    assert schema.get("type") == "object", schema
    assert schema["properties"]["confirm"]["type"] == "boolean", schema
    for prop in schema["properties"].values():  # form mode: flat primitives only
        assert prop.get("type") in ("string", "number", "integer", "boolean"), schema


@pytest.mark.parametrize("action,content", [
    ("decline", None), ("cancel", None),
    ("accept", {"confirm": 1}), ("accept", {"confirm": "true"}), ("accept", {"confirm": False}),
    ("accept", {}), ("accept", None), ("accept", {"confirm": [True]}),
], ids=["decline", "cancel", "accept-number-1", "accept-string-true", "accept-false", "accept-empty",
        "accept-no-content", "accept-list"])
def test_elicitation_refusals(testbed, edited, action, content):
    testbed.handshake(capabilities=ELICIT_CAPS)
    result = call(testbed, write_args(edited), on_request=elicitation_answer(action, content))
    assert_refused(result, edited)
    assert len(testbed.server_requests) == 1


def test_elicitation_error_reply_is_a_refusal(testbed, edited):
    testbed.handshake(capabilities=ELICIT_CAPS)
    result = call(testbed, write_args(edited),
                  on_request=lambda r: {"error": {"code": -32603, "message": "client exploded"}})
    assert_refused(result, edited)


def test_server_keeps_serving_while_waiting_for_elicitation(testbed, edited):
    """The reader must not block while a handler waits for the client's answer."""
    testbed.handshake(capabilities=ELICIT_CAPS)
    testbed.send({"jsonrpc": "2.0", "id": "w", "method": "tools/call",
                  "params": {"name": "fixture-write", "arguments": write_args(edited)}})
    request = testbed.recv()
    assert request.get("method") == "elicitation/create", request
    pong = testbed.request("ping", id="ping-while-waiting", timeout=3)
    assert pong.get("result") == {}
    testbed.send({"jsonrpc": "2.0", "id": request["id"], "result": {"action": "accept", "content": {"confirm": True}}})
    assert_written(testbed.recv_response("w")["result"], edited)


# ---------------------------------------------------------------------------------- legacy elicitation (SDK)


def sdk_call(testbed_bin: Path, arguments: dict, answer: Callable[[Any], Any] | None, mode: str = "legacy"):
    import mcp

    seen: list[Any] = []

    async def on_elicit(context, params):
        seen.append(params)
        return answer(params)

    async def scenario():
        kwargs = {"elicitation_callback": on_elicit} if answer is not None else {}
        async with mcp.Client(sdk_params(serve_testbed_argv(testbed_bin)), mode=mode, read_timeout_seconds=15,
                              **kwargs) as client:
            if mode != "legacy":
                assert client.protocol_version == MODERN_VERSION, client.protocol_version
            await client.list_tools()
            return await client.call_tool("fixture-write", arguments)

    return run_async(scenario), seen


def elicit_result(action: str, content: Any = None):
    from mcp import types

    return types.ElicitResult(action=action, content=content)


def sdk_schema(params: Any) -> dict:
    schema = getattr(params, "requested_schema", None)
    if hasattr(schema, "model_dump"):
        schema = schema.model_dump(by_alias=True, exclude_none=True)
    return schema or {}


def test_sdk_elicitation_accept_writes(testbed_bin, edited):
    result, seen = sdk_call(testbed_bin, write_args(edited), lambda p: elicit_result("accept", {"confirm": True}))
    assert result.is_error is False, result
    assert edited.read_text() == NEW_TEXT
    assert len(seen) == 1 and sdk_schema(seen[0])["properties"]["confirm"]["type"] == "boolean"


@pytest.mark.parametrize("action,content", [("decline", None), ("cancel", None), ("accept", {"confirm": 1})],
                         ids=["decline", "cancel", "accept-number-1"])
def test_sdk_elicitation_refusals(testbed_bin, edited, action, content):
    result, seen = sdk_call(testbed_bin, write_args(edited), lambda p: elicit_result(action, content))
    assert result.is_error is True, result
    assert edited.read_text() == HAND_EDIT
    assert len(seen) == 1


def test_sdk_client_without_elicitation_is_refused(testbed_bin, edited):
    result, seen = sdk_call(testbed_bin, write_args(edited), None)
    assert result.is_error is True
    assert (result.structured_content or {}).get("status") == "confirmation-required", result
    assert edited.read_text() == HAND_EDIT


# ---------------------------------------------------------------------------------- modern input-required


def first_modern_round(srv: RawServer, path: Path, arguments: dict | None = None) -> tuple[str, str, dict]:
    result = call(srv, arguments or write_args(path), modern=True, caps=ELICIT_CAPS)
    assert result.get("resultType") == "input_required", result
    requests = result.get("inputRequests")
    assert isinstance(requests, dict) and requests, result
    key, request = next(iter(requests.items()))
    assert request["method"] == "elicitation/create", request
    assert request["params"]["requestedSchema"]["properties"]["confirm"]["type"] == "boolean", request
    state = result.get("requestState")
    assert isinstance(state, str) and state, result
    assert path.read_text() == HAND_EDIT
    return key, state, result


def retry(srv: RawServer, arguments: dict, key: str, state: str, answer: dict) -> dict:
    return call(srv, arguments, modern=True, caps=ELICIT_CAPS,
                extra_params={"inputResponses": {key: answer}, "requestState": state})


def test_modern_input_required_then_accept_writes(testbed, edited):
    key, state, _ = first_modern_round(testbed, edited)
    result = retry(testbed, write_args(edited), key, state, {"action": "accept", "content": {"confirm": True}})
    assert_written(result, edited)
    assert testbed.server_requests == [], "a modern connection got a server->client request"


def flip(state: str) -> str:
    i = len(state) // 2
    return state[:i] + ("A" if state[i] != "A" else "B") + state[i + 1:]


@pytest.mark.parametrize("tamper", ["flip-middle", "truncate", "append", "empty", "garbage"])
def test_modern_tampered_request_state_is_refused(testbed, edited, tamper):
    key, state, _ = first_modern_round(testbed, edited)
    bad = {"flip-middle": flip(state), "truncate": state[:-4], "append": state + "AAAA", "empty": "",
           "garbage": "not-a-state"}[tamper]
    result = retry(testbed, write_args(edited), key, bad, {"action": "accept", "content": {"confirm": True}})
    assert_refused(result, edited)


def test_modern_request_state_is_bound_to_the_call(testbed, edited):
    key, state, _ = first_modern_round(testbed, edited)
    other = write_args(edited, "different text than the one confirmed\n")
    result = retry(testbed, other, key, state, {"action": "accept", "content": {"confirm": True}})
    assert_refused(result, edited)


def test_modern_state_is_stale_after_another_hand_edit(testbed, edited):
    key, state, _ = first_modern_round(testbed, edited)
    edited.write_text("edited once more\n")
    result = retry(testbed, write_args(edited), key, state, {"action": "accept", "content": {"confirm": True}})
    assert_refused(result, edited, "edited once more\n")


@pytest.mark.parametrize("answer", [{"action": "decline"}, {"action": "cancel"},
                                    {"action": "accept", "content": {"confirm": 1}},
                                    {"action": "accept", "content": {"confirm": False}}],
                         ids=["decline", "cancel", "accept-number-1", "accept-false"])
def test_modern_refusals(testbed, edited, answer):
    key, state, _ = first_modern_round(testbed, edited)
    assert_refused(retry(testbed, write_args(edited), key, state, answer), edited)


def test_modern_missing_input_responses_is_refused(testbed, edited):
    _, state, _ = first_modern_round(testbed, edited)
    result = call(testbed, write_args(edited), modern=True, caps=ELICIT_CAPS, extra_params={"requestState": state})
    assert_refused(result, edited)


def test_modern_client_without_elicitation_gets_confirmation_required(testbed, edited):
    result = call(testbed, write_args(edited), modern=True, caps={})
    assert result.get("resultType") == "complete", result
    assert_confirmation_required(result, edited)
    assert edited.read_text() == HAND_EDIT


def test_modern_confirm_argument_still_works(testbed, edited):
    result = call(testbed, write_args(edited), modern=True, caps={})
    digest = assert_confirmation_required(result, edited)
    result = call(testbed, write_args(edited, confirm={"digest": digest, "phrase": CONFIRM_PHRASE}), modern=True,
                  caps={})
    assert_written(result, edited)


def test_sdk_modern_elicitation_accept_writes(testbed_bin, edited):
    result, seen = sdk_call(testbed_bin, write_args(edited), lambda p: elicit_result("accept", {"confirm": True}),
                            mode="auto")
    assert result.is_error is False, result
    assert edited.read_text() == NEW_TEXT
    assert len(seen) == 1


@pytest.mark.parametrize("action,content", [("decline", None), ("accept", {"confirm": 1})],
                         ids=["decline", "accept-number-1"])
def test_sdk_modern_elicitation_refusals(testbed_bin, edited, action, content):
    result, seen = sdk_call(testbed_bin, write_args(edited), lambda p: elicit_result(action, content),
                            mode=MODERN_VERSION)
    assert result.is_error is True, result
    assert edited.read_text() == HAND_EDIT


# ---------------------------------------------------------------------------------- CLI channels


def cli_write(testbed_bin: Path, arguments: dict, *extra: str):
    return run_cli([testbed_bin, "--skills-dir", FIXTURE_SKILLS, "call", "fixture-write", json.dumps(arguments),
                    *extra])


def test_cli_without_tty_exits_3_with_digest_then_confirm_writes(testbed_bin, edited):
    r = cli_write(testbed_bin, write_args(edited))
    assert r.returncode == 3, r
    doc = r.json()
    digest = doc.get("digest")
    assert isinstance(digest, str) and HEX64.fullmatch(digest), doc
    assert edited.read_text() == HAND_EDIT
    r = cli_write(testbed_bin, write_args(edited), "--confirm", digest)
    assert r.returncode == 0, r
    assert edited.read_text() == NEW_TEXT


def test_cli_confirm_with_wrong_digest_is_refused(testbed_bin, edited):
    r = cli_write(testbed_bin, write_args(edited), "--confirm", "f" * 64)
    assert r.returncode == 3, r
    assert edited.read_text() == HAND_EDIT


def test_cli_confirm_with_stale_digest_is_refused(testbed_bin, edited):
    r = cli_write(testbed_bin, write_args(edited))
    assert r.returncode == 3, r
    digest = r.json()["digest"]
    edited.write_text("edited yet again\n")
    r = cli_write(testbed_bin, write_args(edited), "--confirm", digest)
    assert r.returncode == 3, r
    assert edited.read_text() == "edited yet again\n"
    assert r.json()["digest"] != digest


def test_cli_dry_run(testbed_bin, edited):
    r = cli_write(testbed_bin, write_args(edited, dryRun=True))
    assert r.returncode == 0, r
    assert r.json().get("status") == "dry-run", r
    assert edited.read_text() == HAND_EDIT


def test_cli_new_file_is_written(testbed_bin, tmp_path):
    path = tmp_path / "cli-new.txt"
    r = cli_write(testbed_bin, write_args(path))
    assert r.returncode == 0, r
    assert path.read_text() == NEW_TEXT


def _controlling_tty() -> None:
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def run_with_tty(argv: list[Any], answer: str, timeout: float = 20) -> tuple[int, bytes, str]:
    """Run argv with a pseudo-terminal on stdin and stderr (stdout stays a pipe). Once the program
    has printed a prompt and gone quiet, type `answer`. Returns (exit code, stdout, terminal text)."""
    master, slave = os.openpty()
    proc = subprocess.Popen([str(a) for a in argv], stdin=slave, stdout=subprocess.PIPE, stderr=slave,
                            cwd=str(REPO), env=child_env({"TERM": "dumb"}), preexec_fn=_controlling_tty,
                            close_fds=True)
    os.close(slave)
    tty_out, stdout = bytearray(), bytearray()
    typed = False
    last_output = time.monotonic()
    deadline = time.monotonic() + timeout
    open_fds = {master, proc.stdout.fileno()}
    try:
        while open_fds and time.monotonic() < deadline:
            ready, _, _ = select.select(list(open_fds), [], [], 0.05)
            for fd in ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:  # EIO on the master once the child side is closed
                    chunk = b""
                if not chunk:
                    open_fds.discard(fd)
                    continue
                if fd == master:
                    tty_out += chunk
                    last_output = time.monotonic()
                else:
                    stdout += chunk
            if not typed and tty_out and time.monotonic() - last_output > 0.3:
                os.write(master, answer.encode() + b"\n")
                typed = True
            if proc.poll() is not None and proc.stdout.fileno() not in open_fds:
                break
        if time.monotonic() >= deadline:
            raise AssertionError(f"TTY run timed out; terminal said: {tty_out.decode(errors='replace')!r}")
        rc = proc.wait(timeout=5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=5)
        os.close(master)
        proc.stdout.close()
    assert typed, f"the CLI never prompted on the terminal; it printed: {tty_out.decode(errors='replace')!r}"
    return rc, bytes(stdout), tty_out.decode(errors="replace")


def test_cli_tty_prompt_yes_writes(testbed_bin, edited):
    rc, stdout, terminal = run_with_tty([testbed_bin, "--skills-dir", FIXTURE_SKILLS, "call", "fixture-write",
                                         json.dumps(write_args(edited))], "yes")
    assert rc == 0, (rc, stdout, terminal)
    assert edited.read_text() == NEW_TEXT
    assert str(edited) in terminal or edited.name in terminal, f"prompt does not name the file: {terminal!r}"
    json.loads(stdout)  # the result is still JSON on stdout


def test_cli_tty_prompt_no_exits_3(testbed_bin, edited):
    rc, stdout, terminal = run_with_tty([testbed_bin, "--skills-dir", FIXTURE_SKILLS, "call", "fixture-write",
                                         json.dumps(write_args(edited))], "no")
    assert rc == 3, (rc, stdout, terminal)
    assert edited.read_text() == HAND_EDIT
