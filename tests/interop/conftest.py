"""Shared helpers for the interop tests: binary locations and a raw stdio JSON-RPC client.

The raw client talks newline-delimited JSON-RPC to a child process over pipes. Every read has a
deadline, every stdout line is recorded (so stdout hygiene can be checked afterwards), and every
child is reaped: closing stdin first (the spec's graceful shutdown), then SIGTERM, then SIGKILL.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterable

import anyio
import pytest

REPO = Path(__file__).resolve().parents[2]
SKILLHOST_BIN = Path(os.environ.get("SKILLHOST_BIN", REPO / ".build" / "debug" / "skillhost"))
TESTBED_BIN = Path(os.environ.get("SKILLHOST_TESTBED_BIN", REPO / ".build" / "debug" / "skillhost-testbed"))
FIXTURE_SKILLS = REPO / "Tests" / "Fixtures" / "skills"
BUNDLED_SKILLS = ("aidp-fixup-cell", "aidp-migrate-job", "aidp-pipelines", "aidp-resume-migration")
# Skills whose handler this build ships; the others are listed as unavailable, with a reason.
AVAILABLE_SKILLS = ("aidp-migrate-job",)
UNAVAILABLE_SKILLS = tuple(name for name in BUNDLED_SKILLS if name not in AVAILABLE_SKILLS)
# What tools/list must offer, in its (sorted) order.
EXPECTED_TOOLS = sorted(("read-skill",) + AVAILABLE_SKILLS)

LEGACY_VERSIONS = ("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25")
MODERN_VERSION = "2026-07-28"
PV_KEY = "io.modelcontextprotocol/protocolVersion"
CAPS_KEY = "io.modelcontextprotocol/clientCapabilities"
INFO_KEY = "io.modelcontextprotocol/clientInfo"
SERVER_INFO_KEY = "io.modelcontextprotocol/serverInfo"

CONFIRM_PHRASE = "yes, overwrite my edits"

# Default deadline for one read; generous for a debug build on a loaded 2-core machine.
READ_TIMEOUT = float(os.environ.get("SKILLHOST_TEST_READ_TIMEOUT", "10"))


def skill_file(name: str, rel: str) -> Path:
    """The file on disk behind `rel` of bundled skill `name`: inside the skill folder, or a page of the
    shared `references/` folder beside `skills/` that the SKILL.md links as `references/<file>`."""
    inside = REPO / "skills" / name / rel
    if inside.is_file() or not rel.startswith("references/"):
        return inside
    return REPO / rel


def require_binary(path: Path, env_var: str) -> Path:
    """Fail (never skip) with a clear message when a binary under test is missing."""
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.fail(
            f"binary under test not found or not executable: {path}\n"
            f"build it with `swift build` in {REPO}, or point {env_var} at it",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def skillhost_bin() -> Path:
    return require_binary(SKILLHOST_BIN, "SKILLHOST_BIN")


@pytest.fixture(scope="session")
def testbed_bin() -> Path:
    require_binary(TESTBED_BIN, "SKILLHOST_TESTBED_BIN")
    if not FIXTURE_SKILLS.is_dir():
        pytest.fail(f"testbed fixture skills folder missing: {FIXTURE_SKILLS}", pytrace=False)
    return TESTBED_BIN


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("CI", "true")
    env.pop("SKILLHOST_SKILLS_PATH", None)  # only the bundled / explicitly passed skills
    if extra:
        env.update(extra)
    return env


# --------------------------------------------------------------------------------------------
# CLI runner


class CLIResult:
    def __init__(self, argv: list[str], returncode: int, stdout: bytes, stderr: bytes):
        self.argv, self.returncode, self.stdout_bytes, self.stderr_bytes = argv, returncode, stdout, stderr

    @property
    def stdout(self) -> str:
        return self.stdout_bytes.decode("utf-8", "replace")

    @property
    def stderr(self) -> str:
        return self.stderr_bytes.decode("utf-8", "replace")

    def json(self) -> Any:
        try:
            return json.loads(self.stdout_bytes)
        except ValueError as exc:
            raise AssertionError(f"stdout of {self.argv} is not JSON ({exc}):\n{self.stdout[:2000]}") from None

    def __repr__(self) -> str:  # shown by pytest on assertion failures
        return (f"CLIResult(argv={self.argv!r}, rc={self.returncode},\n  stdout={self.stdout[:1500]!r},"
                f"\n  stderr={self.stderr[:1500]!r})")


def run_cli(argv: Iterable[Any], *, input: bytes | None = None, timeout: float = 20,
            cwd: Path | None = None, env: dict[str, str] | None = None) -> CLIResult:
    """Run a CLI command with no TTY. stdin is /dev/null unless `input` is given."""
    argv = [str(a) for a in argv]
    proc = subprocess.run(argv, input=input, stdin=None if input is not None else subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                          cwd=str(cwd or REPO), env=child_env(env))
    return CLIResult(argv, proc.returncode, proc.stdout, proc.stderr)


# --------------------------------------------------------------------------------------------
# Raw stdio JSON-RPC client


class ServerClosed(AssertionError):
    pass


class RawServer:
    """A server child process driven over raw pipes with a deadline on every read."""

    def __init__(self, argv: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None):
        self.argv = [str(a) for a in argv]
        self._stderr_file = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self._stderr_file, cwd=str(cwd or REPO), env=child_env(env),
                                     start_new_session=True)
        self._fd = self.proc.stdout.fileno()
        self._buf = bytearray()
        self.raw_lines: list[bytes] = []  # every stdout line, exactly as received (without b"\n")
        self.messages: list[dict] = []  # every parsed stdout frame, in order
        self.notifications: list[dict] = []  # frames with a method and no id
        self.server_requests: list[dict] = []  # frames with a method and an id
        self._pending: list[dict] = []  # frames read but not yet consumed by request()/recv()
        self._next_id = 0
        self.eof = False

    # -- writing
    def send_bytes(self, data: bytes) -> None:
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except BrokenPipeError:
            raise ServerClosed(f"server closed its stdin; stderr:\n{self.stderr_text()[-3000:]}") from None

    def send(self, message: Any, *, line_end: bytes = b"\n") -> None:
        self.send_bytes(json.dumps(message, separators=(",", ":")).encode() + line_end)

    def new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    # -- reading
    def _read_line(self, deadline: float) -> bytes | None:
        """The next stdout line, or None on EOF. Raises TimeoutError past the deadline."""
        while True:
            nl = self._buf.find(b"\n")
            if nl >= 0:
                line = bytes(self._buf[:nl])
                del self._buf[:nl + 1]
                return line
            if self.eof:
                if self._buf:
                    line = bytes(self._buf)
                    self._buf.clear()
                    self.raw_lines.append(line)  # a final unterminated line still counts
                    raise AssertionError(f"stdout ended with an unterminated line: {line[:200]!r}")
                return None
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no complete line from {self.argv[0]} in time; "
                                   f"partial={bytes(self._buf[:200])!r}; stderr tail:\n{self.stderr_text()[-2000:]}")
            ready, _, _ = select.select([self._fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self._fd, 1 << 20)
            if not chunk:
                self.eof = True
            else:
                self._buf += chunk

    def _read_frame(self, deadline: float) -> dict | None:
        line = self._read_line(deadline)
        if line is None:
            return None
        self.raw_lines.append(line)
        try:
            frame = json.loads(line)
        except ValueError:
            raise AssertionError(f"server wrote a non-JSON line on stdout: {line[:300]!r}") from None
        assert isinstance(frame, dict), f"stdout frame is not a JSON object: {line[:300]!r}"
        self.messages.append(frame)
        if "method" in frame:
            (self.server_requests if "id" in frame else self.notifications).append(frame)
        return frame

    def recv(self, timeout: float = READ_TIMEOUT) -> dict:
        """The next frame (any kind). Fails on timeout or EOF."""
        if self._pending:
            return self._pending.pop(0)
        frame = self._read_frame(time.monotonic() + timeout)
        if frame is None:
            raise ServerClosed(f"server closed stdout (rc={self.proc.poll()}); stderr:\n{self.stderr_text()[-3000:]}")
        return frame

    def recv_response(self, request_id: Any, timeout: float = READ_TIMEOUT,
                      on_request: Callable[[dict], Any] | None = None) -> dict:
        """Read until the response to `request_id`. Server requests are answered by `on_request`
        (return a result dict, or a dict with an "error" key to send an error)."""
        deadline = time.monotonic() + timeout
        for i, frame in enumerate(self._pending):
            if "method" not in frame and frame.get("id") == request_id:
                return self._pending.pop(i)
        while True:
            frame = self._read_frame(deadline)
            if frame is None:
                raise ServerClosed(f"server closed stdout before answering id {request_id!r} "
                                   f"(rc={self.proc.poll()}); stderr:\n{self.stderr_text()[-3000:]}")
            if "method" in frame and "id" in frame:
                if on_request is None:
                    self.send({"jsonrpc": "2.0", "id": frame["id"],
                               "error": {"code": -32601, "message": "test client: no handler"}})
                else:
                    answer = on_request(frame)
                    if isinstance(answer, dict) and "error" in answer and len(answer) == 1:
                        self.send({"jsonrpc": "2.0", "id": frame["id"], "error": answer["error"]})
                    else:
                        self.send({"jsonrpc": "2.0", "id": frame["id"], "result": answer})
                continue
            if "method" in frame:
                continue  # notification, already recorded
            if frame.get("id") == request_id:
                return frame
            self._pending.append(frame)

    def request(self, method: str, params: Any = None, *, id: Any = None, timeout: float = READ_TIMEOUT,
                on_request: Callable[[dict], Any] | None = None, line_end: bytes = b"\n") -> dict:
        """Send a request and return its whole response frame (with "result" or "error")."""
        rid = self.new_id() if id is None else id
        message: dict[str, Any] = {"jsonrpc": "2.0", "id": rid, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message, line_end=line_end)
        return self.recv_response(rid, timeout=timeout, on_request=on_request)

    def result(self, method: str, params: Any = None, **kw: Any) -> dict:
        """Send a request and return its result, failing if it came back as an error."""
        reply = self.request(method, params, **kw)
        assert "error" not in reply, f"{method} failed: {reply}"
        assert isinstance(reply.get("result"), dict), f"{method}: result is not an object: {reply}"
        return reply["result"]

    def notify(self, method: str, params: Any = None) -> None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)

    def handshake(self, version: str = "2025-11-25", capabilities: dict | None = None) -> dict:
        result = self.result("initialize", {"protocolVersion": version, "capabilities": capabilities or {},
                                            "clientInfo": {"name": "skillhost-interop", "version": "0"}})
        self.notify("notifications/initialized")
        return result

    def expect_silence(self, seconds: float) -> list[dict]:
        """Read for `seconds` and return whatever arrived (callers assert it is empty or harmless)."""
        got = list(self._pending)
        self._pending.clear()
        deadline = time.monotonic() + seconds
        while True:
            try:
                frame = self._read_frame(deadline)
            except TimeoutError:
                return got
            if frame is None:
                return got
            got.append(frame)

    # -- shutdown
    def close(self, timeout: float = 5.0) -> int:
        """Close stdin (EOF) and wait for the server to exit by itself; returns the exit code."""
        if self.proc.stdin and not self.proc.stdin.closed:
            try:
                self.proc.stdin.close()
            except BrokenPipeError:
                pass
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None:
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"server did not exit within {timeout}s of stdin EOF")
            # keep draining stdout so a blocked writer cannot keep it alive
            try:
                self._drain(min(0.05, max(0.0, deadline - time.monotonic())))
            except AssertionError:
                pass
        self._drain_to_eof(deadline=time.monotonic() + 2)
        return self.proc.returncode

    def _drain(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.eof:
            try:
                if self._read_frame(deadline) is None:
                    return
            except TimeoutError:
                return

    def _drain_to_eof(self, deadline: float) -> None:
        while not self.eof and time.monotonic() < deadline:
            try:
                if self._read_frame(deadline) is None:
                    return
            except (TimeoutError, AssertionError):
                return

    def kill(self) -> None:
        if self.proc.poll() is None:
            for sig, wait in ((signal.SIGTERM, 2), (signal.SIGKILL, 5)):
                try:
                    os.killpg(self.proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.proc.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                if stream and not stream.closed:
                    stream.close()
            except OSError:
                pass

    def stderr_text(self) -> str:
        self._stderr_file.flush()
        pos = self._stderr_file.tell()
        self._stderr_file.seek(0)
        data = self._stderr_file.read()
        self._stderr_file.seek(pos)
        return data.decode("utf-8", "replace")

    def cleanup(self) -> None:
        try:
            if self.proc.poll() is None:
                try:
                    self.close(timeout=3)
                except AssertionError:
                    pass
        finally:
            self.kill()
            self._stderr_file.close()


@pytest.fixture
def spawn():
    """Factory: spawn(argv) -> RawServer; every server is reaped at teardown."""
    servers: list[RawServer] = []

    def _spawn(argv: list[Any], **kw: Any) -> RawServer:
        server = RawServer([str(a) for a in argv], **kw)
        servers.append(server)
        return server

    yield _spawn
    for server in servers:
        server.cleanup()


@pytest.fixture
def server(spawn, skillhost_bin) -> RawServer:
    """`skillhost serve` over raw pipes, not yet initialised."""
    return spawn([skillhost_bin, "serve"])


def serve_testbed_argv(testbed_bin: Path) -> list[str]:
    return [str(testbed_bin), "serve", "--skills-dir", str(FIXTURE_SKILLS)]


@pytest.fixture
def testbed(spawn, testbed_bin) -> RawServer:
    """`skillhost-testbed serve --skills-dir Tests/Fixtures/skills` over raw pipes, not initialised."""
    return spawn(serve_testbed_argv(testbed_bin))


def modern_meta(capabilities: dict | None = None, version: str = MODERN_VERSION, **extra: Any) -> dict:
    meta = {PV_KEY: version, CAPS_KEY: capabilities if capabilities is not None else {},
            INFO_KEY: {"name": "skillhost-interop", "version": "0"}}
    meta.update(extra)
    return meta


def modern_params(params: dict | None = None, capabilities: dict | None = None, **meta_extra: Any) -> dict:
    out = dict(params or {})
    out["_meta"] = {**modern_meta(capabilities), **meta_extra, **out.get("_meta", {})}
    return out


# --------------------------------------------------------------------------------------------
# Async helper for the official SDK


def run_async(fn: Callable[[], Any], timeout: float = 30) -> Any:
    """Run an async function under anyio with an overall deadline."""

    async def main() -> Any:
        with anyio.fail_after(timeout):
            return await fn()

    return anyio.run(main)


def sdk_params(argv: list[Any]):
    from mcp import StdioServerParameters

    argv = [str(a) for a in argv]
    return StdioServerParameters(command=argv[0], args=argv[1:], env=child_env(), cwd=str(REPO))


def field(obj: Any, snake: str, camel: str) -> Any:
    return getattr(obj, snake) if hasattr(obj, snake) else getattr(obj, camel, None)
