"""Every folder under `skills/` passes the Agent Skills reference validator (PyPI `skills-ref`)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BUNDLED_SKILLS, REPO, run_cli

SKILLS = REPO / "skills"


def agentskills() -> str:
    exe = Path(sys.executable).parent / "agentskills"
    found = str(exe) if exe.is_file() else shutil.which("agentskills")
    if not found:
        pytest.fail("the `agentskills` console script (PyPI skills-ref) is not installed; "
                    "pip install -r tests/requirements.txt", pytrace=False)
    return found


def skill_folders() -> list[str]:
    present = {p.name for p in SKILLS.iterdir() if p.is_dir()} if SKILLS.is_dir() else set()
    return sorted(present | set(BUNDLED_SKILLS))


@pytest.mark.parametrize("name", skill_folders())
def test_agentskills_validate_passes(name):
    folder = SKILLS / name
    assert (folder / "SKILL.md").is_file(), f"{folder}/SKILL.md is missing"
    r = subprocess.run([agentskills(), "validate", str(folder)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, f"agentskills validate {folder} failed:\n{r.stdout}\n{r.stderr}"


@pytest.mark.parametrize("name", skill_folders())
def test_agentskills_reads_the_same_name_and_description_as_skillhost(skillhost_bin, name):
    import json

    r = subprocess.run([agentskills(), "read-properties", str(SKILLS / name)], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    props = json.loads(r.stdout)
    listed = {s["name"]: s for s in run_cli([skillhost_bin, "list", "--json"]).json()["skills"]}
    assert name in listed, sorted(listed)
    assert props["name"] == name
    assert listed[name]["description"].strip() == props["description"].strip(), \
        "skillhost's front-matter parser disagrees with the reference parser on the description"


def test_skillhost_validate_accepts_every_folder(skillhost_bin):
    r = run_cli([skillhost_bin, "validate", *[SKILLS / n for n in skill_folders()]])
    assert r.returncode == 0, r
