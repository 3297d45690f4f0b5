"""`skillhost serve` in the stateless 2026-07-28 era: `server/discover` and per-request `_meta`.

The official `mcp` 2.3.0 `Client` speaks this era (`mode="auto"` probes `server/discover`,
`mode="2026-07-28"` adopts it directly); raw cases cover the error paths it hides.
"""

from __future__ import annotations

import pytest

from conftest import (BUNDLED_SKILLS, EXPECTED_TOOLS, AVAILABLE_SKILLS, UNAVAILABLE_SKILLS, CAPS_KEY, INFO_KEY, MODERN_VERSION, PV_KEY, REPO, SERVER_INFO_KEY,
                      modern_meta, modern_params, run_async, sdk_params)

SKILLS = REPO / "skills"


def assert_list_cache_fields(result: dict) -> None:
    assert isinstance(result.get("ttlMs"), int) and result["ttlMs"] >= 0, result.keys()
    assert result.get("cacheScope") in ("public", "private"), result.get("cacheScope")


def assert_complete(result: dict) -> None:
    assert result.get("resultType") == "complete", result.get("resultType")


# ====================================================================== official SDK client


@pytest.mark.parametrize("mode", ["auto", MODERN_VERSION])
def test_sdk_client_modern_era(skillhost_bin, mode):
    import mcp

    async def scenario():
        async with mcp.Client(sdk_params([skillhost_bin, "serve"]), mode=mode, read_timeout_seconds=15) as client:
            assert client.protocol_version == MODERN_VERSION, \
                f"mode={mode}: the client fell back to {client.protocol_version}"
            if mode == "auto":  # identity comes from the discover result's _meta
                assert client.server_info is not None and client.server_info.name == "skillhost"
                assert client.server_capabilities.tools is not None
                assert client.server_capabilities.resources is not None
            tools = await client.list_tools()
            assert [t.name for t in tools.tools] == EXPECTED_TOOLS
            assert next(t for t in tools.tools if t.name == "read-skill").annotations.read_only_hint is True
            result = await client.call_tool("read-skill", {"name": "aidp-migrate-job"})
            assert result.is_error is False, result
            assert result.content[0].type == "text"
            sc = result.structured_content
            assert sc["name"] == "aidp-migrate-job" and sc["path"] == "SKILL.md"
            assert sc["uri"] == "skill://aidp-migrate-job/SKILL.md" and sc["truncated"] is False
            assert sc["text"] == (SKILLS / "aidp-migrate-job" / "SKILL.md").read_text(encoding="utf-8")
            resources = await client.list_resources()
            uris = {str(r.uri) for r in resources.resources}
            assert {f"skill://{n}/SKILL.md" for n in BUNDLED_SKILLS} <= uris, uris
            read = await client.read_resource("skill://aidp-pipelines/SKILL.md")
            assert read.contents[0].text == (SKILLS / "aidp-pipelines" / "SKILL.md").read_text(encoding="utf-8")

    run_async(scenario)


def test_sdk_session_discover(skillhost_bin):
    from mcp import ClientSession
    from mcp.client.stdio import stdio_client

    async def scenario():
        async with stdio_client(sdk_params([skillhost_bin, "serve"])) as (read, write):
            async with ClientSession(read, write, read_timeout_seconds=15) as session:
                result = await session.discover()
                assert MODERN_VERSION in result.supported_versions
                assert session.protocol_version == MODERN_VERSION
                assert session.server_info is not None and session.server_info.name == "skillhost"
                assert (result.instructions or "").strip()

    run_async(scenario)


def test_sdk_modern_errors(skillhost_bin):
    import mcp
    from mcp.shared.exceptions import MCPError

    async def scenario():
        async with mcp.Client(sdk_params([skillhost_bin, "serve"]), mode=MODERN_VERSION,
                              read_timeout_seconds=15) as client:
            await client.list_tools()
            with pytest.raises(MCPError) as unknown_tool:
                await client.call_tool("no-such-tool", {})
            assert unknown_tool.value.code == -32602
            with pytest.raises(MCPError) as unknown_uri:
                await client.read_resource("skill://no-such-skill/SKILL.md")
            assert unknown_uri.value.code == -32602  # resource-not-found moved to -32602 in 2026-07-28
            bad = await client.call_tool("read-skill", {"name": 5})
            assert bad.is_error is True

    run_async(scenario)


# ====================================================================== raw: server/discover


def test_discover_result(server):
    reply = server.request("server/discover", {"_meta": modern_meta()}, id="discover-1")
    assert reply["id"] == "discover-1"
    result = reply.get("result")
    assert isinstance(result, dict), reply
    assert_complete(result)
    assert MODERN_VERSION in result["supportedVersions"], result
    assert isinstance(result.get("capabilities"), dict), result
    assert "tools" in result["capabilities"] and "resources" in result["capabilities"], result["capabilities"]
    info = result.get("_meta", {}).get(SERVER_INFO_KEY)
    assert isinstance(info, dict) and info.get("name") == "skillhost", result.get("_meta")
    assert_list_cache_fields(result)
    instructions = result.get("instructions", "")
    assert "read-skill" in instructions or "skill://" in instructions, result


def test_discover_is_stateless_and_repeatable(server):
    a = server.result("server/discover", {"_meta": modern_meta()})
    b = server.result("server/discover", {"_meta": modern_meta({"elicitation": {"form": {}}})})
    assert a["supportedVersions"] == b["supportedVersions"]
    reply = server.request("tools/list", modern_params())
    assert "result" in reply, reply


@pytest.mark.parametrize("version", ["2099-01-01", "1900-01-01", "2026-01-01"])
def test_unsupported_modern_version_is_32022(server, version):
    meta = modern_meta(version=version)
    reply = server.request("server/discover", {"_meta": meta})
    error = reply.get("error")
    assert error and error["code"] == -32022, reply
    assert MODERN_VERSION in error["data"]["supported"], error
    assert error["data"]["requested"] == version, error
    # and on an ordinary method too
    reply = server.request("tools/list", {"_meta": meta})
    assert reply.get("error", {}).get("code") == -32022, reply


def test_missing_client_capabilities_is_32602(server):
    meta = {PV_KEY: MODERN_VERSION, INFO_KEY: {"name": "x", "version": "0"}}
    for method, params in [("server/discover", {}), ("tools/list", {}),
                           ("tools/call", {"name": "read-skill", "arguments": {"name": "aidp-migrate-job"}})]:
        reply = server.request(method, {**params, "_meta": meta})
        assert reply.get("error", {}).get("code") == -32602, (method, reply)


def test_client_capabilities_not_an_object_is_32602(server):
    meta = {PV_KEY: MODERN_VERSION, CAPS_KEY: "nope"}
    reply = server.request("tools/list", {"_meta": meta})
    assert reply.get("error", {}).get("code") == -32602, reply


# ====================================================================== raw: stateless requests


def test_modern_tools_list(server):
    result = server.result("tools/list", modern_params())
    assert_complete(result)
    assert_list_cache_fields(result)
    assert [t["name"] for t in result["tools"]] == EXPECTED_TOOLS, result["tools"]
    tool = next(t for t in result["tools"] if t["name"] == "read-skill")
    assert tool["inputSchema"]["type"] == "object" and isinstance(tool["outputSchema"], dict)
    assert tool["annotations"]["readOnlyHint"] is True
    again = server.result("tools/list", modern_params())
    assert again["tools"] == result["tools"], "tools/list is not deterministic"


def test_modern_tools_call_read_skill(server):
    result = server.result("tools/call", modern_params({"name": "read-skill",
                                                        "arguments": {"name": "aidp-resume-migration"}}))
    assert_complete(result)
    assert result["isError"] is False, result
    assert result["content"][0]["type"] == "text"
    sc = result["structuredContent"]
    assert sc["uri"] == "skill://aidp-resume-migration/SKILL.md"
    assert sc["text"] == (SKILLS / "aidp-resume-migration" / "SKILL.md").read_text(encoding="utf-8")


def test_modern_tools_call_bad_arguments_is_iserror(server):
    result = server.result("tools/call", modern_params({"name": "read-skill", "arguments": {}}))
    assert_complete(result)
    assert result["isError"] is True, result


def test_modern_tools_call_unknown_tool_is_32602(server):
    reply = server.request("tools/call", modern_params({"name": "no-such-tool", "arguments": {}}))
    assert reply.get("error", {}).get("code") == -32602, reply


def test_modern_resources_list_and_read(server):
    listed = server.result("resources/list", modern_params())
    assert_complete(listed)
    assert_list_cache_fields(listed)
    uris = {r["uri"] for r in listed["resources"]}
    for name in BUNDLED_SKILLS:
        assert f"skill://{name}/SKILL.md" in uris
    read = server.result("resources/read", modern_params({"uri": "skill://aidp-fixup-cell/SKILL.md"}))
    assert_complete(read)
    assert_list_cache_fields(read)
    assert read["contents"][0]["text"] == (SKILLS / "aidp-fixup-cell" / "SKILL.md").read_text(encoding="utf-8")


def test_modern_resources_read_unknown_uri_is_32602(server):
    reply = server.request("resources/read", modern_params({"uri": "skill://no-such-skill/SKILL.md"}))
    assert reply.get("error", {}).get("code") == -32602, reply


def test_modern_unknown_method_is_32601(server):
    reply = server.request("no/such/method", modern_params())
    assert reply.get("error", {}).get("code") == -32601, reply


def test_modern_malformed_line_then_more_requests(server):
    server.send_bytes(b"{not json}\n")
    frame = server.recv()
    assert frame["error"]["code"] == -32700 and frame["id"] is None, frame
    assert "result" in server.request("tools/list", modern_params())


def test_modern_crlf_and_eof(server):
    reply = server.request("server/discover", {"_meta": modern_meta()}, line_end=b"\r\n")
    assert "result" in reply, reply
    reply = server.request("tools/list", modern_params(), line_end=b"\r\n")
    assert "result" in reply, reply
    assert server.close() == 0


def test_modern_one_megabyte_argument(server):
    params = modern_params({"name": "read-skill", "arguments": {"name": "aidp-migrate-job", "path": "b" * (1 << 20)}})
    reply = server.request("tools/call", params, timeout=20)
    assert "result" in reply, str(reply)[:500]
    assert reply["result"]["isError"] is True
