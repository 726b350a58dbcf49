"""Paths and the CLI runner shared by tests in every folder (a plain module, so test files
can import it by name without depending on which conftest.py Python saw first)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
