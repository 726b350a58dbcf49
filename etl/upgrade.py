"""`python -m etl upgrade`: bring a warehouse built by an earlier version of the tool up
to this one — new tables created, every view and macro redefined, reference data and
theme suggestions refreshed — through the same lock → copy → swap as a load.

WHY a command of its own: the dashboard opens the warehouse read-only, so after the tool
is updated its pages may ask for a view or macro the file does not hold yet. Any load
also upgrades; this does it without new input. Stored rows are never touched.
"""
from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from etl import regional, schema
from etl.config import db_path
from etl.problems import EnvironmentProblem
from etl.warehouse import one


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether this warehouse was last published by this version's SQL."""
    try:
        row = one(con, "SELECT value FROM meta WHERE key = 'layer_digest'")
    except duckdb.Error:
        return False
    return bool(row) and row[0] == schema.layer_digest()


def upgrade(db: Path) -> None:
    from etl.publish import publishing

    if not db.is_file():
        raise EnvironmentProblem(f"no warehouse at {db}: nothing has been loaded there")
    with publishing(db) as con:  # prepare() creates and redefines; finish() refreshes themes
        if regional.is_regional(con):
            regional.create_regional(con)


def cli_upgrade(args) -> int:
    db = db_path(args.db)
    try:
        upgrade(db)
    except EnvironmentProblem as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Upgraded {db} to this version's tables, views and macros; no stored row changed.")
    return 0
