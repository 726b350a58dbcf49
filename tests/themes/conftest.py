"""Fixtures for theme tests: real DuckDB warehouses built from the shared eval set
(read at test time from ../shared/eval, never copied into the project)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from theme_helpers import build_warehouse, read_eval  # noqa: E402

# Reviews held out of the training board: their statements are the "new" ones.
HELD_OUT_GROUPS = {"G25", "G05", "G12", "G09"}


@pytest.fixture(scope="session")
def eval_rows() -> list[dict[str, str]]:
    return read_eval()


@pytest.fixture(scope="session")
def split(eval_rows):
    train = [r for r in eval_rows if r["group"] not in HELD_OUT_GROUPS]
    test = [r for r in eval_rows if r["group"] in HELD_OUT_GROUPS]
    return train, test


@pytest.fixture(scope="session")
def board_db(split, tmp_path_factory) -> Path:
    """A warehouse: one board's tagged statements + another board's untagged ones."""
    train, test = split
    db = tmp_path_factory.mktemp("themes") / "warehouse.duckdb"
    build_warehouse(db, train, board="Westshire", prefix="WS", tagged=True)
    build_warehouse(db, test, board="Eastshire", prefix="ES", tagged=False)
    return db
