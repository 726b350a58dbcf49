"""Shared fixtures. Each area keeps its own fixtures beside its tests; only what several
areas need lives here."""
from __future__ import annotations

from pathlib import Path

import pytest

from project import CHROMIUM, CHROMIUM_ARGS, ROOT, SHARED, run_etl  # noqa: F401  (re-exported)


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


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium per test process, shared by every browser test: Playwright's
    sync API allows one running instance per thread."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/system-packages.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()
