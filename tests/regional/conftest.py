"""Fixtures of the regional tests: small real warehouses built through the CLI."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from regional_inputs import build_warehouse


@pytest.fixture(scope="session")
def clean_db(tmp_path_factory) -> Path:
    """Two boards, no personal data in anything a bundle carries. Copy before writing."""
    return build_warehouse(tmp_path_factory.mktemp("regional-clean"))


@pytest.fixture
def db_copy(clean_db, tmp_path) -> Path:
    dst = tmp_path / "wh.duckdb"
    shutil.copyfile(clean_db, dst)
    return dst
