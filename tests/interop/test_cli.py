"""The `skillhost` command line, driven as a person or a script would (no TTY, CI=true)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import AVAILABLE_SKILLS, BUNDLED_SKILLS, REPO, UNAVAILABLE_SKILLS, run_cli, skill_file

SEMVER = r"\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?"
DIAG = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+): error: (?P<msg>\S.*)$", re.M)


# ------------------------------------------------------------------ help, version, usage errors


def test_help_exits_0_with_usage_on_stdout(skillhost_bin):
    r = run_cli([skillhost_bin, "--help"])
    assert r.returncode == 0, r
    assert "usage" in r.stdout.lower(), r
    for command in ("list", "call", "validate", "serve"):
        assert command in r.stdout, f"--help does not mention `{command}`: {r}"


def test_version_prints_name_and_semver(skillhost_bin):
    r = run_cli([skillhost_bin, "--version"])
    assert r.returncode == 0, r
    assert re.fullmatch(rf"skillhost {SEMVER}\n?", r.stdout), r


@pytest.mark.parametrize("argv", [
    ["no-such-command"],
    ["--no-such-flag"],
    ["list", "--no-such-flag"],
    ["call"],
    ["call", "read-skill", "{}", "--no-such-flag"],
], ids=["unknown-command", "unknown-global-flag", "unknown-list-flag", "call-without-tool", "call-bad-flag"])
def test_usage_errors_exit_2_with_message_on_stderr(skillhost_bin, argv):
    r = run_cli([skillhost_bin, *argv])
    assert r.returncode == 2, r
    assert r.stderr.strip(), f"usage error without a message on stderr: {r}"


# ------------------------------------------------------------------ list


def test_list_json_shows_the_four_bundled_skills_and_which_can_run(skillhost_bin):
    r = run_cli([skillhost_bin, "list", "--json"])
    assert r.returncode == 0, r
    doc = r.json()
    assert isinstance(doc, dict) and isinstance(doc.get("skills"), list), doc
    skills = doc["skills"]
    names = [s["name"] for s in skills]
    assert names == sorted(names), f"skills not sorted by name: {names}"
    for s in skills:
        for key in ("name", "description", "available", "handler", "guards"):
            assert key in s, f"skill entry lacks {key!r}: {s}"
        assert isinstance(s["available"], bool), s
        assert isinstance(s["description"], str) and s["description"], s
    by_name = {s["name"]: s for s in skills}
    for name in BUNDLED_SKILLS:
        assert name in by_name, f"{name} missing from list --json: {names}"
        entry = by_name[name]
        if name in AVAILABLE_SKILLS:
            assert entry["available"] is True, entry
        else:
            assert entry["available"] is False, entry
            assert isinstance(entry.get("reason"), str) and entry["reason"].strip(), entry


def test_list_human_mentions_every_skill(skillhost_bin):
    r = run_cli([skillhost_bin, "list"])
    assert r.returncode == 0, r
    for name in BUNDLED_SKILLS:
        assert name in r.stdout, r


def test_list_json_is_deterministic(skillhost_bin):
    a = run_cli([skillhost_bin, "list", "--json"])
    b = run_cli([skillhost_bin, "list", "--json"])
    assert a.returncode == b.returncode == 0
    assert a.stdout == b.stdout


@pytest.fixture
def lone_binary(skillhost_bin, tmp_path) -> Path:
    """The binary alone in an empty folder, away from the bundled skills/ its build finds."""
    lone = tmp_path / "bin" / "skillhost"
    lone.parent.mkdir()
    try:
        lone.hardlink_to(skillhost_bin)
    except OSError:  # another file system
        shutil.copy2(skillhost_bin, lone)
    (tmp_path / "work").mkdir()
    return lone


def test_no_skills_found_names_every_folder_looked_in_and_the_fix(lone_binary):
    work = lone_binary.parent.parent / "work"
    looked_in = [str(work / ".agents" / "skills"), str(work / ".claude" / "skills"), str(work / "skills")]

    listed = run_cli([lone_binary, "list"], cwd=work)
    assert listed.returncode == 0, listed
    assert "No skills found." in listed.stdout, listed
    for folder in looked_in:
        assert folder in listed.stderr, listed
    assert "--skills-dir" in listed.stderr and "SKILLHOST_SKILLS_PATH" in listed.stderr, listed

    checked = run_cli([lone_binary, "validate"], cwd=work)
    assert checked.returncode == 1, f"validate with nothing to check must not pass: {checked}"
    assert "error: no skills found" in checked.stdout, checked

    called = run_cli([lone_binary, "call", "aidp-migrate-job", "{}"], cwd=work)
    assert called.returncode == 2, called
    assert "unknown tool 'aidp-migrate-job'" in called.stderr, called
    assert str(work / "skills") in called.stderr and "--skills-dir" in called.stderr, called

    found = run_cli([lone_binary, "--skills-dir", REPO / "skills", "list"], cwd=work)
    assert found.returncode == 0 and "aidp-migrate-job" in found.stdout, found
    assert "no skills found" not in found.stderr, found


# ------------------------------------------------------------------ validate


def test_validate_without_args_checks_the_bundled_skills(skillhost_bin):
    r = run_cli([skillhost_bin, "validate"])
    assert r.returncode == 0, r


@pytest.mark.parametrize("name", BUNDLED_SKILLS)
def test_validate_dir_accepts_a_copy_of_a_bundled_skill(skillhost_bin, tmp_path, name):
    src = REPO / "skills" / name
    assert src.is_dir(), f"bundled skill folder missing: {src}"
    dst = tmp_path / name
    shutil.copytree(src, dst)
    r = run_cli([skillhost_bin, "validate", dst])
    assert r.returncode == 0, r


BROKEN_SKILLS = {
    # folder name -> SKILL.md text
    "name-mismatch": "---\nname: some-other-name\ndescription: A skill whose name is not its folder.\n---\n# body\n",
    "missing-description": "---\nname: missing-description\n---\n# body\n",
    "unknown-top-level-key": ("---\nname: unknown-top-level-key\ndescription: Has a key the spec does not allow.\n"
                              "handler: something\n---\n# body\n"),
    "bad-yaml": "---\nname: bad-yaml\ndescription: [unterminated\n  metadata: : :\n---\n# body\n",
    "no-front-matter": "# Just a heading\n\nNo front-matter at all.\n",
    "Upper-Case-Name": "---\nname: Upper-Case-Name\ndescription: Upper case is not allowed in names.\n---\n",
}


@pytest.mark.parametrize("folder", sorted(BROKEN_SKILLS))
def test_validate_dir_rejects_a_broken_skill_with_file_line_diagnostics(skillhost_bin, tmp_path, folder):
    skill = tmp_path / folder
    skill.mkdir()
    (skill / "SKILL.md").write_text(BROKEN_SKILLS[folder])
    r = run_cli([skillhost_bin, "validate", skill])
    assert r.returncode == 1, r
    diags = DIAG.findall(r.stdout + "\n" + r.stderr)
    assert diags, f"no `file:line: error: message` line: {r}"
    assert any("SKILL.md" in f for f, _, _ in diags), f"diagnostics do not name SKILL.md: {diags}"


@pytest.mark.parametrize("folder", sorted(BROKEN_SKILLS))
def test_validate_agrees_with_agentskills_on_broken_skills(skillhost_bin, tmp_path, folder):
    """The reference validator rejects the same folders (so the fixtures above are really broken)."""
    agentskills = Path(__import__("sys").executable).parent / "agentskills"
    skill = tmp_path / folder
    skill.mkdir()
    (skill / "SKILL.md").write_text(BROKEN_SKILLS[folder])
    ref = subprocess.run([str(agentskills), "validate", str(skill)], capture_output=True, timeout=30)
    assert ref.returncode != 0, f"agentskills accepted {folder}: {ref.stdout!r}"
    assert run_cli([skillhost_bin, "validate", skill]).returncode == 1


def test_validate_reports_every_bad_skill_and_keeps_going(skillhost_bin, tmp_path):
    """One bad skill never hides the others: two broken folders give diagnostics for both."""
    paths = []
    for folder in ("missing-description", "name-mismatch"):
        skill = tmp_path / folder
        skill.mkdir()
        (skill / "SKILL.md").write_text(BROKEN_SKILLS[folder])
        paths.append(skill)
    r = run_cli([skillhost_bin, "validate", *paths])
    assert r.returncode == 1, r
    files = {f for f, _, _ in DIAG.findall(r.stdout + "\n" + r.stderr)}
    for folder in ("missing-description", "name-mismatch"):
        assert any(folder in f for f in files), f"no diagnostic for {folder}: {r}"


# ------------------------------------------------------------------ call read-skill

SKILL_MD = REPO / "skills" / "aidp-migrate-job" / "SKILL.md"


def assert_read_skill_result(doc: dict, name: str = "aidp-migrate-job") -> None:
    assert doc.get("name") == name, doc
    assert doc.get("path") == "SKILL.md", doc
    assert doc.get("uri") == f"skill://{name}/SKILL.md", doc
    assert doc.get("text") == (REPO / "skills" / name / "SKILL.md").read_text(encoding="utf-8"), \
        "text differs from SKILL.md on disk"
    assert isinstance(doc.get("files"), list) and doc["files"], doc.get("files")
    assert doc.get("truncated") is False, doc


def test_call_read_skill_with_json_text(skillhost_bin):
    r = run_cli([skillhost_bin, "call", "read-skill", '{"name":"aidp-migrate-job"}'])
    assert r.returncode == 0, r
    assert_read_skill_result(r.json())


def test_call_read_skill_with_at_file(skillhost_bin, tmp_path):
    args = tmp_path / "args.json"
    args.write_text('{"name": "aidp-migrate-job"}')
    r = run_cli([skillhost_bin, "call", "read-skill", f"@{args}"])
    assert r.returncode == 0, r
    assert_read_skill_result(r.json())


def test_call_read_skill_with_stdin(skillhost_bin):
    r = run_cli([skillhost_bin, "call", "read-skill", "-"], input=b'{"name": "aidp-migrate-job"}\n')
    assert r.returncode == 0, r
    assert_read_skill_result(r.json())


@pytest.mark.parametrize("name", BUNDLED_SKILLS)
def test_call_read_skill_every_bundled_skill(skillhost_bin, name):
    r = run_cli([skillhost_bin, "call", "read-skill", json.dumps({"name": name})])
    assert r.returncode == 0, r
    assert_read_skill_result(r.json(), name)


def test_call_read_skill_listed_files_read_back_equal_to_disk(skillhost_bin):
    r = run_cli([skillhost_bin, "call", "read-skill", '{"name":"aidp-migrate-job"}'])
    assert r.returncode == 0, r
    files = r.json()["files"]
    paths = [f if isinstance(f, str) else f.get("path") for f in files]
    assert "SKILL.md" in paths, files
    for rel in paths:
        r2 = run_cli([skillhost_bin, "call", "read-skill", json.dumps({"name": "aidp-migrate-job", "path": rel})])
        assert r2.returncode == 0, r2
        doc = r2.json()
        assert doc["path"] == rel, doc
        on_disk = skill_file("aidp-migrate-job", rel).read_text(encoding="utf-8")
        if not doc.get("truncated"):
            assert doc["text"] == on_disk, f"{rel} differs from disk"


@pytest.mark.parametrize("args", ['{"name": ', "not json", "[1,2", "{'name': 'x'}"],
                         ids=["truncated", "bare-word", "open-array", "single-quotes"])
def test_call_with_bad_json_exits_2(skillhost_bin, args):
    r = run_cli([skillhost_bin, "call", "read-skill", args])
    assert r.returncode == 2, r
    assert r.stderr.strip(), r


def test_call_with_missing_at_file_exits_2(skillhost_bin, tmp_path):
    r = run_cli([skillhost_bin, "call", "read-skill", f"@{tmp_path / 'missing.json'}"])
    assert r.returncode == 2, r


def assert_tool_error(r) -> dict:
    assert r.returncode == 1, r
    doc = r.json()
    assert isinstance(doc, dict), doc
    assert doc.get("status") == "error", doc
    assert isinstance(doc.get("error"), str) and doc["error"].strip(), doc
    return doc


def test_call_read_skill_unknown_skill_is_a_tool_error(skillhost_bin):
    assert_tool_error(run_cli([skillhost_bin, "call", "read-skill", '{"name":"no-such-skill"}']))


@pytest.mark.parametrize("path", ["../../Package.swift", "../aidp-pipelines/SKILL.md", "/etc/passwd",
                                  "references/../../../Package.swift", "does-not-exist.md"])
def test_call_read_skill_path_outside_the_skill_is_a_tool_error(skillhost_bin, path):
    r = run_cli([skillhost_bin, "call", "read-skill", json.dumps({"name": "aidp-migrate-job", "path": path})])
    doc = assert_tool_error(r)
    assert "swift-tools-version" not in r.stdout and "root:" not in r.stdout, doc


def test_call_read_skill_symlink_escaping_the_skill_is_refused(skillhost_bin, tmp_path):
    """Real-path confinement: a symlink inside a skill pointing outside it is not served."""
    root = tmp_path / "skills"
    skill = root / "leaky-skill"
    skill.mkdir(parents=True)
    (skill / "SKILL.md").write_text("---\nname: leaky-skill\ndescription: Has a symlink to a secret.\n---\n# x\n")
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT\n")
    (skill / "link.md").symlink_to(secret)
    r = run_cli([skillhost_bin, "--skills-dir", root, "call", "read-skill",
                 '{"name":"leaky-skill","path":"link.md"}'])
    assert "TOP-SECRET-CONTENT" not in r.stdout, r
    assert r.returncode == 1, r


def test_call_read_skill_missing_name_is_a_tool_error(skillhost_bin):
    assert_tool_error(run_cli([skillhost_bin, "call", "read-skill", "{}"]))


def test_call_unknown_tool_fails(skillhost_bin):
    r = run_cli([skillhost_bin, "call", "no-such-tool", "{}"])
    assert r.returncode in (1, 2), r


def test_call_unavailable_skill_fails_with_its_reason(skillhost_bin):
    r = run_cli([skillhost_bin, "call", UNAVAILABLE_SKILLS[0], "{}"])
    assert r.returncode in (1, 2), r
    assert r.stdout.strip() or r.stderr.strip(), r


def test_skills_dir_flag_adds_a_skill(skillhost_bin, tmp_path):
    root = tmp_path / "extra"
    skill = root / "extra-skill"
    skill.mkdir(parents=True)
    text = "---\nname: extra-skill\ndescription: An extra skill from --skills-dir.\n---\n# Extra\n"
    (skill / "SKILL.md").write_text(text)
    r = run_cli([skillhost_bin, "--skills-dir", root, "list", "--json"])
    assert r.returncode == 0, r
    names = [s["name"] for s in r.json()["skills"]]
    assert "extra-skill" in names and set(BUNDLED_SKILLS) <= set(names), names
    r = run_cli([skillhost_bin, "--skills-dir", root, "call", "read-skill", '{"name":"extra-skill"}'])
    assert r.returncode == 0, r
    assert r.json()["text"] == text
