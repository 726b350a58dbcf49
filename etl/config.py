"""Where the warehouse lives and who is acting: read once, used by CLI and dashboard."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DB = DATA_DIR / "warehouse.duckdb"


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """`--db` wins, then env LEARNING_DB, then data/warehouse.duckdb."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("LEARNING_DB")
    return Path(env) if env else DEFAULT_DB


def acting_user() -> str:
    """Who a write is recorded against: a role account, never a child's or family's name.

    Set LEARNING_USER (e.g. 'business-unit') or, when signed in, the dashboard passes
    the signed-in identity instead.
    """
    return os.environ.get("LEARNING_USER", "local business unit user")
