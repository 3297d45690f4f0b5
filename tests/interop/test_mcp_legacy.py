"""`skillhost serve` in the handshake era (2024-11-05 … 2025-11-25).

First through the official Python `mcp` client (ClientSession + stdio_client), then over raw pipes
for everything the SDK hides: version negotiation, bad frames, batches, CRLF, 1 MB arguments, EOF.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from conftest import AVAILABLE_SKILLS, BUNDLED_SKILLS, EXPECTED_TOOLS, UNAVAILABLE_SKILLS, LEGACY_VERSIONS, REPO, field, run_async, sdk_params, skill_file

SKILLS = REPO / "skills"


def skill_file_for_uri(uri: str) -> Path:
    m = re.fullmatch(r"skill://([a-z0-9-]+)/(.+)", uri)
    assert m, f"not a skill:// uri: {uri}"
    return skill_file(m.group(1), m.group(2))


def linked_files(skill: str) -> list[Path]:
    """Local files a SKILL.md links to with markdown links (the references it points to)."""
    md = SKILLS / skill / "SKILL.md"
    out = []
    for target in re.findall(r"\]\(([^)\s#]+)(?:#[^)]*)?\)", md.read_text(encoding="utf-8")):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):
            continue  # http:, skill:, mailto: ...
        path = (md.parent / target).resolve()
        if not path.is_file() and target.startswith("references/"):
            path = REPO / target  # the shared references/ folder beside skills/
        if path.is_file():
            out.append(path)
    return out


def assert_read_skill_structured(sc: dict, name: str = "aidp-migrate-job") -> None:
    assert sc["name"] == name, sc
    assert sc["path"] == "SKILL.md", sc
    assert sc["uri"] == f"skill://{name}/SKILL.md", sc
    assert sc["text"] == (SKILLS / name / "SKILL.md").read_text(encoding="utf-8")
    assert isinstance(sc["files"], list) and sc["files"], sc["files"]
    assert sc["truncated"] is False, sc


# ====================================================================== official SDK client


def test_sdk_session_handshake_tools_resources_ping(skillhost_bin):
    from mcp import ClientSession
    from mcp.client.stdio import stdio_client

    async def scenario():
        async with stdio_client(sdk_params([skillhost_bin, "serve"])) as (read, write):
            async with ClientSession(read, write, read_timeout_seconds=15) as session:
                init = await session.initialize()
                assert field(init, "protocol_version", "protocolVersion") == "2025-11-25"
                assert init.server_info.name == "skillhost"
                caps = init.capabilities
                assert caps.tools is not None and caps.resources is not None, caps
                instructions = init.instructions or ""
                assert instructions.strip(), "initialize has no instructions"
                assert "read-skill" in instructions or "skill://" in instructions, instructions

                await session.send_ping()

                tools = (await session.list_tools()).tools
                assert [t.name for t in tools] == EXPECTED_TOOLS, [t.name for t in tools]
                tool = next(t for t in tools if t.name == "read-skill")
                assert tool.input_schema.get("type") == "object", tool.input_schema
                assert "name" in tool.input_schema.get("properties", {}), tool.input_schema
                assert tool.output_schema, "read-skill has no outputSchema"
                assert tool.annotations is not None and tool.annotations.read_only_hint is True, tool.annotations

                result = await session.call_tool("read-skill", {"name": "aidp-migrate-job"})
                assert result.is_error is False, result
                assert result.content[0].type == "text", result.content
                assert_read_skill_structured(result.structured_content)

                resources = (await session.list_resources()).resources
                uris = {str(r.uri): r for r in resources}
                for name in BUNDLED_SKILLS:
                    uri = f"skill://{name}/SKILL.md"
                    assert uri in uris, f"{uri} not in resources/list: {sorted(uris)}"
                    assert uris[uri].mime_type == "text/markdown", uris[uri]
                read = await session.read_resource("skill://aidp-migrate-job/SKILL.md")
                assert read.contents[0].text == (SKILLS / "aidp-migrate-job" / "SKILL.md").read_text(encoding="utf-8")
                await session.send_ping()

    run_async(scenario)


def test_sdk_session_errors_are_mcp_errors(skillhost_bin):
    from mcp import ClientSession
    from mcp.client.stdio import stdio_client
    from mcp.shared.exceptions import MCPError

    async def scenario():
        async with stdio_client(sdk_params([skillhost_bin, "serve"])) as (read, write):
            async with ClientSession(read, write, read_timeout_seconds=15) as session:
                await session.initialize()
                await session.list_tools()
                with pytest.raises(MCPError) as unknown_tool:
                    await session.call_tool("no-such-tool", {})
                assert unknown_tool.value.code == -32602
                with pytest.raises(MCPError) as unknown_uri:
                    await session.read_resource("skill://no-such-skill/SKILL.md")
                assert unknown_uri.value.code == -32002
                bad = await session.call_tool("read-skill", {"name": "aidp-migrate-job", "path": "../../Package.swift"})
                assert bad.is_error is True, bad
                # still serving after the errors
                ok = await session.call_tool("read-skill", {"name": "aidp-pipelines"})
                assert ok.is_error is False

    run_async(scenario)


def test_sdk_high_level_client_legacy_mode(skillhost_bin):
    import mcp

    async def scenario():
        async with mcp.Client(sdk_params([skillhost_bin, "serve"]), mode="legacy", read_timeout_seconds=15) as client:
            assert client.protocol_version == "2025-11-25"
            assert client.server_info is not None and client.server_info.name == "skillhost"
            tools = await client.list_tools()
            assert [t.name for t in tools.tools] == EXPECTED_TOOLS
            result = await client.call_tool("read-skill", {"name": "aidp-fixup-cell"})
            assert result.is_error is False
            assert_read_skill_structured(result.structured_content, "aidp-fixup-cell")
            await client.send_ping()

    run_async(scenario)


# ====================================================================== raw pipes: lifecycle


@pytest.mark.parametrize("version", LEGACY_VERSIONS)
def test_initialize_echoes_a_supported_version(server, version):
    result = server.handshake(version)
    assert result["protocolVersion"] == version, result
    assert server.close() == 0


@pytest.mark.parametrize("version", ["1999-01-01", "2026-07-28", "1.0.0", "2025-12-01"])
def test_initialize_counter_offers_2025_11_25_for_unknown_versions(server, version):
    result = server.handshake(version)
    assert result["protocolVersion"] == "2025-11-25", result
    assert server.close() == 0


def test_initialize_result_shape(server):
    result = server.handshake()
    assert result["serverInfo"]["name"] == "skillhost", result
    assert isinstance(result["serverInfo"].get("version"), str), result
    assert isinstance(result["capabilities"].get("tools"), dict), result
    assert isinstance(result["capabilities"].get("resources"), dict), result
    assert "read-skill" in result["instructions"] or "skill://" in result["instructions"], result


def test_ping_before_initialize(server):
    reply = server.request("ping")
    assert reply.get("result") == {}, reply
    server.handshake()
    assert server.request("ping").get("result") == {}
    assert server.close() == 0


def test_ping_with_string_id_and_large_int_id_are_echoed_exactly(server):
    server.handshake()
    assert server.request("ping", id="abc-1")["id"] == "abc-1"
    big = 9007199254740993  # 2**53 + 1: a Double-backed id would come back as ...992
    server.send({"jsonrpc": "2.0", "id": big, "method": "ping"})
    frame = server.recv()
    assert frame.get("id") == big and frame.get("result") == {}, frame


# ====================================================================== raw pipes: tools


def test_tools_list_is_deterministic_and_complete(server):
    server.handshake()
    first = server.result("tools/list")
    second = server.result("tools/list", {})
    assert first == second
    tools = first["tools"]
    assert [t["name"] for t in tools] == EXPECTED_TOOLS, tools
    for tool in tools:
        assert re.fullmatch(r"[a-z0-9_-]{1,48}", tool["name"]), tool["name"]
        assert isinstance(tool.get("description"), str) and tool["description"], tool
        assert isinstance(tool.get("inputSchema"), dict) and tool["inputSchema"].get("type") == "object", tool
        assert isinstance(tool.get("outputSchema"), dict) and tool["outputSchema"].get("type") == "object", tool
        assert isinstance(tool.get("annotations"), dict), tool
    read_skill = next(t for t in tools if t["name"] == "read-skill")
    assert read_skill["annotations"].get("readOnlyHint") is True, read_skill
    assert "name" in read_skill["inputSchema"].get("required", []), read_skill["inputSchema"]


def test_unavailable_skills_are_not_offered_as_tools(server):
    server.handshake()
    names = {t["name"] for t in server.result("tools/list")["tools"]}
    assert not names & set(UNAVAILABLE_SKILLS), names
    assert set(AVAILABLE_SKILLS) <= names, names


def test_tools_call_read_skill(server):
    server.handshake()
    result = server.result("tools/call", {"name": "read-skill", "arguments": {"name": "aidp-migrate-job"}})
    assert result.get("isError") is False, result
    assert result["content"][0]["type"] == "text", result
    assert_read_skill_structured(result["structuredContent"])
    # The text block mirrors the structured result (or at least carries the file text).
    text = result["content"][0]["text"]
    assert text.strip()


def test_tools_call_read_skill_reference_file(server):
    server.handshake()
    first = server.result("tools/call", {"name": "read-skill", "arguments": {"name": "aidp-migrate-job"}})
    files = first["structuredContent"]["files"]
    paths = [f if isinstance(f, str) else f.get("path") for f in files]
    others = [p for p in paths if p != "SKILL.md"]
    for rel in others:
        sc = server.result("tools/call", {"name": "read-skill",
                                          "arguments": {"name": "aidp-migrate-job", "path": rel}})["structuredContent"]
        assert sc["path"] == rel
        if not sc.get("truncated"):
            assert sc["text"] == skill_file("aidp-migrate-job", rel).read_text(encoding="utf-8")


def test_tools_call_unknown_tool_is_invalid_params(server):
    server.handshake()
    reply = server.request("tools/call", {"name": "no-such-tool", "arguments": {}})
    assert reply.get("error", {}).get("code") == -32602, reply


@pytest.mark.parametrize("arguments", [{}, {"name": 42}, {"name": None}, {"name": ["aidp-migrate-job"]},
                                       {"name": "no-such-skill"}, {"name": "aidp-migrate-job", "path": 7},
                                       {"name": "aidp-migrate-job", "path": "../../Package.swift"}],
                         ids=["missing-name", "int-name", "null-name", "list-name", "unknown-skill", "int-path",
                              "escaping-path"])
def test_tools_call_bad_arguments_are_iserror_results(server, arguments):
    server.handshake()
    reply = server.request("tools/call", {"name": "read-skill", "arguments": arguments})
    assert "result" in reply, f"expected an isError result, got {reply}"
    assert reply["result"].get("isError") is True, reply
    assert reply["result"]["content"][0]["type"] == "text"
    assert "swift-tools-version" not in json.dumps(reply)


def test_tools_call_without_arguments_object_is_an_error(server):
    server.handshake()
    reply = server.request("tools/call", {"name": "read-skill"})
    if "result" in reply:
        assert reply["result"].get("isError") is True, reply
    else:
        assert reply["error"]["code"] == -32602, reply


# ====================================================================== raw pipes: resources


def test_resources_list_has_every_skill_md_and_the_linked_references(server):
    server.handshake()
    resources = server.result("resources/list")["resources"]
    by_uri = {r["uri"]: r for r in resources}
    for name in BUNDLED_SKILLS:
        uri = f"skill://{name}/SKILL.md"
        assert uri in by_uri, f"{uri} missing: {sorted(by_uri)}"
        assert by_uri[uri].get("mimeType") == "text/markdown", by_uri[uri]
        assert by_uri[uri].get("name"), by_uri[uri]
    # every linked reference is served: match by content
    texts = {}
    for uri in by_uri:
        reply = server.request("resources/read", {"uri": uri})
        assert "result" in reply, reply
        contents = reply["result"]["contents"]
        assert contents and contents[0]["uri"] == uri, contents
        texts[uri] = contents[0].get("text")
    for name in BUNDLED_SKILLS:
        for path in linked_files(name):
            expected = path.read_text(encoding="utf-8")
            assert expected in texts.values(), f"{name} links {path} but no resource serves it"


def test_resources_read_equals_the_file_on_disk(server):
    server.handshake()
    for name in BUNDLED_SKILLS:
        uri = f"skill://{name}/SKILL.md"
        result = server.result("resources/read", {"uri": uri})
        content = result["contents"][0]
        assert content["uri"] == uri
        assert content.get("mimeType") == "text/markdown", content
        assert content["text"] == skill_file_for_uri(uri).read_text(encoding="utf-8")


@pytest.mark.parametrize("uri", ["skill://no-such-skill/SKILL.md", "skill://aidp-migrate-job/nope.md",
                                 "skill://aidp-migrate-job/../../Package.swift", "file:///etc/passwd"])
def test_resources_read_unknown_uri_is_32002(server, uri):
    server.handshake()
    reply = server.request("resources/read", {"uri": uri})
    assert reply.get("error", {}).get("code") == -32002, reply


# ====================================================================== raw pipes: bad frames


def test_unknown_method_is_32601(server):
    server.handshake()
    reply = server.request("no/such/method", {})
    assert reply.get("error", {}).get("code") == -32601, reply


def test_server_discover_on_a_legacy_connection_does_not_break_it(server):
    server.handshake()
    reply = server.request("server/discover", {})
    assert "error" in reply or "result" in reply
    assert server.request("ping")["result"] == {}


@pytest.mark.parametrize("garbage", [b"this is not json", b"{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\":",
                                     b"\xff\xfe\x00garbage", b"{]"])
def test_malformed_line_gets_parse_error_and_server_keeps_serving(server, garbage):
    server.handshake()
    server.send_bytes(garbage + b"\n")
    frame = server.recv()
    assert "error" in frame and frame["error"]["code"] == -32700, frame
    assert "id" in frame and frame["id"] is None, frame
    assert server.request("ping")["result"] == {}
    assert server.result("tools/list")["tools"]
    assert server.close() == 0


@pytest.mark.parametrize("frame", [{"jsonrpc": "2.0", "method": 5, "id": 6},
                                   {"id": 7, "method": "ping", "jsonrpc": "1.0"}, 42, "ping"],
                         ids=["int-method", "wrong-jsonrpc", "number", "string"])
def test_invalid_request_objects_get_an_error_and_server_keeps_serving(server, frame):
    server.handshake()
    server.send(frame)
    reply = server.recv()
    assert "error" in reply and reply["error"]["code"] in (-32600, -32602, -32601), reply
    assert server.request("ping")["result"] == {}


@pytest.mark.parametrize("version", ["2025-11-25", "2025-06-18", "2024-11-05"])
def test_batch_array_is_rejected_unless_2025_03_26(server, version):
    server.handshake(version)
    server.send([{"jsonrpc": "2.0", "id": 100, "method": "ping"}, {"jsonrpc": "2.0", "id": 101, "method": "ping"}])
    reply = server.recv()
    assert isinstance(reply, dict) and reply.get("error", {}).get("code") == -32600, reply
    assert server.request("ping")["result"] == {}


def test_batch_array_is_processed_when_2025_03_26_was_negotiated(server):
    """2025-03-26 says implementations MUST accept batches (reference/mcp.md §1, §16.4)."""
    server.handshake("2025-03-26")
    server.send_bytes(json.dumps([{"jsonrpc": "2.0", "id": 100, "method": "ping"},
                                  {"jsonrpc": "2.0", "id": 101, "method": "tools/list"}]).encode() + b"\n")
    line = server._read_line(time.monotonic() + 10)
    assert line is not None
    server.raw_lines.append(line)
    reply = json.loads(line)
    assert isinstance(reply, list) and {r.get("id") for r in reply} == {100, 101}, reply


def test_one_megabyte_argument_gets_an_answer(server):
    server.handshake()
    big = "a/" * (512 * 1024)  # 1 MiB path
    t0 = time.monotonic()
    reply = server.request("tools/call", {"name": "read-skill", "arguments": {"name": "aidp-migrate-job", "path": big}},
                           timeout=20)
    elapsed = time.monotonic() - t0
    assert "result" in reply, reply if len(json.dumps(reply)) < 2000 else json.dumps(reply)[:2000]
    assert reply["result"].get("isError") is True
    assert elapsed < 10, f"1 MB argument took {elapsed:.1f}s"
    assert server.request("ping")["result"] == {}


def test_one_megabyte_unknown_field_gets_an_answer(server):
    server.handshake()
    reply = server.request("ping", {"padding": "x" * (1 << 20)}, timeout=20)
    assert reply.get("result") == {}, str(reply)[:500]
    reply = server.request("tools/list", {"_meta": {"junk": "é" * (1 << 19)}}, timeout=20)
    assert "result" in reply or "error" in reply


def test_crlf_terminated_lines_work(server):
    server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                 "params": {"protocolVersion": "2025-11-25", "capabilities": {},
                            "clientInfo": {"name": "crlf", "version": "0"}}}, line_end=b"\r\n")
    init = server.recv_response(1)
    assert init["result"]["protocolVersion"] == "2025-11-25", init
    server.send({"jsonrpc": "2.0", "method": "notifications/initialized"}, line_end=b"\r\n")
    reply = server.request("tools/list", line_end=b"\r\n")
    assert [t["name"] for t in reply["result"]["tools"]] == EXPECTED_TOOLS, reply
    reply = server.request("tools/call", {"name": "read-skill", "arguments": {"name": "aidp-pipelines"}},
                           line_end=b"\r\n")
    assert reply["result"]["isError"] is False
    assert all(not line.endswith(b"\r") for line in server.raw_lines), "server wrote CRLF"
    assert server.close() == 0


def test_blank_lines_are_ignored_or_answered_without_breaking(server):
    server.handshake()
    server.send_bytes(b"\n\r\n   \n")
    assert server.request("ping")["result"] == {}


def test_notifications_get_no_response(server):
    server.handshake()
    for method, params in [("notifications/initialized", None), ("notifications/roots/list_changed", None),
                           ("notifications/no-such-notification", {"x": 1}),
                           ("notifications/cancelled", {"requestId": 999, "reason": "never existed"}),
                           ("notifications/progress", {"progressToken": "t", "progress": 1})]:
        server.notify(method, params)
    server.send({"jsonrpc": "2.0", "id": "after-notes", "method": "ping"})
    frame = server.recv()
    assert frame.get("id") == "after-notes" and frame.get("result") == {}, \
        f"a notification got a response (or something else came first): {frame}"
    assert server.expect_silence(0.3) == []


def test_unsolicited_response_from_client_is_ignored(server):
    server.handshake()
    server.send({"jsonrpc": "2.0", "id": "s-999", "result": {}})
    server.send({"jsonrpc": "2.0", "id": "s-998", "error": {"code": -1, "message": "x"}})
    assert server.request("ping")["result"] == {}
    assert server.expect_silence(0.2) == []


def test_stdin_eof_exits_0_promptly(server):
    server.handshake()
    server.result("tools/list")
    t0 = time.monotonic()
    rc = server.close(timeout=5)
    elapsed = time.monotonic() - t0
    assert rc == 0
    assert elapsed < 2.0, f"exit after EOF took {elapsed:.2f}s"


def test_stdin_eof_before_anything_exits_0(server):
    t0 = time.monotonic()
    assert server.close(timeout=5) == 0
    assert time.monotonic() - t0 < 2.0


def test_requests_before_initialize_are_answered_not_dropped(server):
    """Whatever the policy before `initialize` (serve or refuse), the request gets an answer."""
    reply = server.request("tools/list")
    assert "result" in reply or "error" in reply
    server.handshake()
    assert server.result("tools/list")["tools"]
