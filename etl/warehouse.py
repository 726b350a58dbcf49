"""Read-only access to the published warehouse, for the dashboard, reports, notebooks
and CLI, and small helpers shared by every module that talks to DuckDB.

Writers never touch the published file (see etl.publish: they build a copy and rename
it over), so a read-only connection never meets a lock and never sees a half-written
version: it keeps reading the version it opened until it is closed.

DuckDB caches one database instance per path inside a process: while any connection to
an earlier version is still open, connecting again returns that earlier version. To pick
up a new version (see `published_version`), close every connection to the old one first.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import duckdb

from etl.problems import EnvironmentProblem

__all__ = ["connect_readonly", "published_version", "one"]


def published_version(db: Path) -> tuple[int, int, int] | None:
    """Identity of the published file: changes with every publish (new inode via rename).

    The dashboard compares it to decide when to reopen; None when nothing is published.
    """
    try:
        st = os.stat(db)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def connect_readonly(db: Path) -> duckdb.DuckDBPyConnection:
    """Open the published warehouse READ_ONLY. Use `.cursor()` per query across threads."""
    db = Path(db)
    if not db.is_file():
        raise EnvironmentProblem(f"no warehouse at {db}: load some inputs first "
                                 f"(python -m etl load INPUT --db {db})")
    try:
        return duckdb.connect(str(db), read_only=True)
    except duckdb.Error as exc:
        raise EnvironmentProblem(f"cannot open the warehouse {db}: {exc}") from exc


def one(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence | None = None) -> tuple | None:
    """The first row of a query, with the result fully consumed.

    DuckDB 2.0 refuses some later calls (e.g. register) while an execute() result is only
    partly fetched, so never leave a fetchone() dangling.
    """
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None
