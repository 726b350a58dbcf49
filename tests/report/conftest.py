"""Fixtures for the report tests: the small hand-made warehouse (report_small.py) and
the folder where rendered PDF pages are left for a person to look at."""
from __future__ import annotations

from pathlib import Path

import pytest

from report_small import ARTIFACTS, build_small_warehouse


@pytest.fixture(scope="session")
def small_db(tmp_path_factory) -> Path:
    return build_small_warehouse(tmp_path_factory.mktemp("small") / "warehouse.duckdb")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


