#!/usr/bin/env python3
"""Reference MCP stdio server on the Python `mcp` 2.3.0 SDK (`MCPServer`), for bench/host.

It exposes the same `read-skill` tool as skillhost (same input schema: `name` required, optional
`path`, `offset`, `limit`; same structured result: name, path, uri, text, files, truncated), reading
the same skill files, so the bench compares the hosts and not the work.

usage: reference_server.py [--skills DIR]   (default: <repo>/skills)
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pydantic import BaseModel

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations

REPO = Path(__file__).resolve().parents[2]
DEFAULT_LIMIT = 40_000
MAX_FILES = 500


class ReadSkillResult(BaseModel):
    name: str
    path: str
    uri: str
    text: str
    files: list[str]
    truncated: bool


def build(skills_root: Path) -> MCPServer:
    root = skills_root.resolve()
    shared_refs = (root.parent / "references").resolve()
    skills = sorted(p.name for p in root.iterdir() if (p / "SKILL.md").is_file())

    def listing(skill_dir: Path) -> list[str]:
        files: list[str] = []
        for dirpath, dirnames, filenames in os.walk(skill_dir):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for f in filenames:
                if not f.startswith(".") and len(files) < MAX_FILES:
                    files.append(os.path.relpath(os.path.join(dirpath, f), skill_dir))
        text = (skill_dir / "SKILL.md").read_text(encoding="utf-8")
        for link in _reference_links(text):
            if link not in files and (shared_refs.parent / link).is_file():
                files.append(link)
        return ["SKILL.md"] + sorted(f for f in files if f != "SKILL.md")

    def resolve(skill_dir: Path, rel: str) -> Path:
        if not rel or rel.startswith("/") or ".." in rel.split("/"):
            raise ToolError(f"'{rel[:200]}' is not a path inside the skill")
        real = (skill_dir / rel).resolve()
        if real.is_file() and real.is_relative_to(skill_dir):
            return real
        shared = (shared_refs.parent / rel).resolve()
        if rel.startswith("references/") and shared.is_file() and shared.is_relative_to(shared_refs):
            return shared
        raise ToolError(f"'{rel[:200]}' does not exist in the skill")

    server = MCPServer(
        "skillhost-reference",
        version="0.0.0",
        instructions="Read a skill's SKILL.md with read-skill before calling its tool for the first time.",
    )

    @server.tool(
        name="read-skill",
        title="Read skill",
        description="Read a skill's instructions (SKILL.md) or another file of the skill, such as references/x.md. "
        "Read a skill's SKILL.md before calling its tool for the first time.",
        annotations=ToolAnnotations(read_only_hint=True, open_world_hint=False),
    )
    def read_skill(name: str, path: str = "SKILL.md", offset: int = 0, limit: int = DEFAULT_LIMIT) -> ReadSkillResult:
        if name not in skills:
            raise ToolError(f"no skill named '{name[:200]}'; use one of: {', '.join(skills)}")
        skill_dir = (root / name).resolve()
        text = resolve(skill_dir, path).read_text(encoding="utf-8")
        offset, limit = max(0, offset), max(1, limit)
        piece = text[offset:offset + limit]
        truncated = offset + len(piece) < len(text)
        return ReadSkillResult(name=name, path=path, uri=f"skill://{name}/{path}", text=piece,
                               files=listing(skill_dir), truncated=truncated)

    return server


def _reference_links(body: str) -> list[str]:
    out: list[str] = []
    marker = "](references/"
    start = body.find(marker)
    while start >= 0:
        end = body.find(")", start)
        if end < 0:
            break
        target = body[start + 2:end].split("#")[0].strip()
        if target and target not in out:
            out.append(target)
        start = body.find(marker, end)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skills", type=Path, default=REPO / "skills")
    opts = ap.parse_args()
    if not opts.skills.is_dir():
        sys.exit(f"reference_server: no skills folder at {opts.skills}")
    build(opts.skills).run("stdio")


if __name__ == "__main__":
    main()
