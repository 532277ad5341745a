"""A real learning record store for the LRS tests: Ralph (`ralph-malph`) on 127.0.0.1 on a
free port, its filesystem backend in a temporary folder, HTTP basic auth made by
`ralph auth`. Started and stopped around each test by `running_ralph`; nothing leaves
this computer."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

USER, PASSWORD = "trainer", "s3cret-pass"
START_TIMEOUT_S = 60.0
SERVER = Path(__file__).with_name("ralph_server.py")


def ralph_command() -> str | None:
    script = Path(sys.executable).with_name("ralph")
    return str(script) if script.exists() else shutil.which("ralph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Ralph:
    """A running Ralph LRS; `url` is its xAPI endpoint."""

    folder: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def env(self) -> dict[str, str]:
        return {**os.environ, "RALPH_APP_DIR": str(self.folder / "app"),
                "RALPH_AUTH_FILE": str(self.folder / "auth.json"),
                "RALPH_RUNSERVER_BACKEND": "fs",
                "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.folder / "data")}

    def start(self) -> None:
        (self.folder / "data").mkdir(exist_ok=True)
        with (self.folder / "server.log").open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(SERVER), str(self.port)], env=self.env(), stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self.alive():
            assert self.process.poll() is None, (self.folder / "server.log").read_text()
            assert time.monotonic() < deadline, "Ralph did not start"
            time.sleep(0.1)  # polling a condition (the heartbeat), not a fixed wait

    def alive(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=1):
                return True
        except (urllib.error.URLError, OSError):
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def statements(self, query: str = "") -> list[dict[str, Any]]:
        """Every statement Ralph returns for `query` (following `more` links)."""
        import base64

        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        url: str | None = f"{self.url}statements?limit=500{query}"
        out: list[dict[str, Any]] = []
        while url:
            request = urllib.request.Request(url, headers={
                "Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"})
            with urllib.request.urlopen(request, timeout=10) as response:
                page = json.loads(response.read())
            out.extend(page["statements"])
            more = page.get("more")
            url = urllib.parse.urljoin(url, more) if more else None
        return out


@contextmanager
def started_ralph(folder: Path) -> Iterator[Ralph]:
    """Ralph with USER/PASSWORD accounts, its files in `folder`, stopped afterwards (also
    used by benches/lrs.py; needs ralph-malph)."""
    server = Ralph(folder, free_port())
    server.folder.mkdir(parents=True)
    subprocess.run([ralph_command() or "ralph", "auth", "-u", USER, "-p", PASSWORD, "-s", "all",
                    "-A", USER, "https://school.example", "-w"],
                   env=server.env(), check=True, capture_output=True)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def running_ralph(tmp_path: Path) -> Iterator[Ralph]:
    """A started Ralph, stopped afterwards (for a test module's fixture to `yield from`)."""
    import pytest  # here: benches/lrs.py uses this module without pytest

    if ralph_command() is None:
        pytest.skip("ralph-malph is not installed (it is in the test extra)")
    with started_ralph(tmp_path / "ralph") as server:
        yield server
