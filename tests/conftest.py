"""Shared fixtures. Each area keeps its own fixtures beside its tests; only what several
areas need lives here."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PYTHON = sys.executable


def run_etl(*args: str, env: dict | None = None, check: bool = False) -> subprocess.CompletedProcess:
    """Run `python -m etl …` as a user would, in a real process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([PYTHON, "-m", "etl", *map(str, args)], cwd=ROOT, env=full_env,
                          capture_output=True, text=True, check=check)


@pytest.fixture(scope="session")
def demo_inputs(tmp_path_factory) -> Path:
    """A small fictional demo region (2 boards × 3 years), generated once per session."""
    out = tmp_path_factory.mktemp("demo")
    run_etl("demo", "--out", out, "--boards", "2", "--years", "3", "--seed", "7",
            "--today", "2026-11-23", check=True)
    return out


@pytest.fixture(scope="session")
def demo_db(demo_inputs, tmp_path_factory) -> Path:
    """A published warehouse loaded from the demo inputs. Read-only for tests: copy it to write."""
    db = tmp_path_factory.mktemp("wh") / "warehouse.duckdb"
    res = run_etl("load", demo_inputs, "--db", db, "--today", "2026-11-23")
    assert res.returncode == 0, res.stdout + res.stderr
    return db
