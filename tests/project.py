"""Paths and the CLI runner shared by tests in every folder (a plain module, so test files
can import it by name without depending on which conftest.py Python saw first)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PYTHON = sys.executable
CHROMIUM = "/usr/bin/chromium"
# Flags the closed network here needs: no background calls home, no sandbox as root.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def run_etl(*args: str, env: dict | None = None, check: bool = False) -> subprocess.CompletedProcess:
    """Run `python -m etl …` as a user would, in a real process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([PYTHON, "-m", "etl", *map(str, args)], cwd=ROOT, env=full_env,
                          capture_output=True, text=True, check=check)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_app(env: dict, log: Path, *, cwd: Path = ROOT, host: str = "127.0.0.1",
                  port: int | None = None) -> Iterator[str]:
    """The real `streamlit run dashboard/app.py` on a loopback port, as a user starts it;
    yields its base URL once healthy and stops it afterwards. `cwd` holds `.streamlit/`
    (secrets for sign-in tests); `env` adds to the environment (LEARNING_DB, …)."""
    port = port or free_port()
    full_env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **env}
    if "LEARNING_ROLES" not in env:
        full_env.pop("LEARNING_ROLES", None)
    url = f"http://{host}:{port}"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [PYTHON, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
             "--server.headless", "true", "--server.address", host, "--server.port", str(port),
             "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
            cwd=cwd, env=full_env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(proc, url, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def _wait_healthy(proc: subprocess.Popen, url: str, log: Path, timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            raise RuntimeError(f"streamlit did not start:\n{log.read_text()}")
        time.sleep(0.5)
