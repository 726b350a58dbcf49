"""Publishing a new version of the warehouse.

DuckDB allows one writing process and, while it writes, no reader in any other process.
So nothing ever writes the published file: a write takes a file lock (two writers
queue), copies the published file to a temporary file beside it, writes the copy,
checkpoints, fsyncs and `os.replace`s it over the published path — an atomic rename.
Readers holding the old file keep reading the old, complete version; new readers open
the new one. A write killed at any moment leaves the published file as it was and a
stale temporary file that the next publish removes (under the lock, so it can never be
another writer's live copy).
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import shutil
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb
from filelock import FileLock, Timeout

from etl import calendar, reference, schema
from etl.problems import EnvironmentProblem
from etl.warehouse import one, published_version  # noqa: F401  (re-exported for the dashboard)

WRITE_MEMORY_LIMIT = "1500MB"
LOCK_WAIT_SECONDS = 30 * 60  # a national load takes about a minute; wait well beyond it


def lock_path(db: Path) -> Path:
    return Path(f"{db}.lock")


def _temp_prefix(db: Path) -> str:
    return f".{db.name}.tmp-"


def _check_writable(db: Path) -> None:
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EnvironmentProblem(f"cannot create the warehouse folder {db.parent}: {exc.strerror}") from exc
    if db.is_dir():
        raise EnvironmentProblem(f"the warehouse path {db} is a folder, not a DuckDB file")
    if not os.access(db.parent, os.W_OK | os.X_OK):
        raise EnvironmentProblem(f"the warehouse folder {db.parent} is not writable")
    if db.exists() and not os.access(db, os.R_OK):
        raise EnvironmentProblem(f"the warehouse {db} is not readable")


def _acquire(lock: FileLock, db: Path) -> None:
    try:
        lock.acquire(timeout=0)
    except Timeout:
        print(f"Another write to {db} is in progress; waiting for it to finish …", file=sys.stderr)
        try:
            lock.acquire(timeout=LOCK_WAIT_SECONDS)
        except Timeout as exc:
            raise EnvironmentProblem(f"gave up waiting for the lock on {db} after "
                                     f"{LOCK_WAIT_SECONDS // 60} minutes") from exc
    except OSError as exc:
        raise EnvironmentProblem(f"cannot lock the warehouse {db}: {exc.strerror or exc}") from exc


def _remove_stale_temps(db: Path) -> None:
    """Leftovers of killed writes. Only called while holding the lock."""
    for stale in db.parent.glob(_temp_prefix(db) + "*"):
        _remove(stale)


def _remove(path: Path) -> None:
    """A temporary file, its WAL, or DuckDB's spill folder beside it."""
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _open_copy(db: Path, tmp: Path) -> duckdb.DuckDBPyConnection:
    if db.exists():
        shutil.copyfile(db, tmp)
    try:
        con = duckdb.connect(str(tmp))
        # Bounded, so a national load stays well inside its memory budget (DuckDB spills
        # to a folder beside the working copy, removed with it).
        con.execute(f"SET memory_limit = '{WRITE_MEMORY_LIMIT}'")
        return con
    except duckdb.Error as exc:
        tmp.unlink(missing_ok=True)
        raise EnvironmentProblem(f"{db} is not a usable DuckDB warehouse: {exc}") from exc


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def refresh_theme_suggestions(con: duckdb.DuckDBPyConnection) -> bool:
    """Recompute model suggestions when the themes package is part of this build and
    anything they depend on changed; returns True when it ran.

    Fitting the model is the slowest step of a publish, and a reload of unchanged files,
    a withdrawal or a restore changes nothing it learns from or scores, so the inputs of
    the fit (statements, decisions, withdrawals, typology, model code) are fingerprinted
    in `meta` and the refresh is skipped when the fingerprint is unchanged.
    """
    if importlib.util.find_spec("etl.themes") is None or importlib.util.find_spec("etl.themes.store") is None:
        return False
    basis = _suggestions_basis(con)
    stored = one(con, "SELECT value FROM meta WHERE key = 'suggestions_basis'")
    if stored and stored[0] == basis:
        return False  # checked before importing: the model's imports alone take seconds
    importlib.import_module("etl.themes.store").refresh_suggestions(con)
    con.execute("INSERT OR REPLACE INTO meta VALUES ('suggestions_basis', ?)", [basis])
    return True


def _suggestions_basis(con: duckdb.DuckDBPyConnection) -> str:
    """Changes whenever a statement, decision, withdrawal, typology row or example, or model
    file does: every write stamps the rows it changes with its load id (`_last_load`)."""
    row = one(con, """SELECT
        (SELECT count(*) || ':' || coalesce(max(_last_load), 0) FROM learning),
        (SELECT count(*) || ':' || coalesce(max(_last_load), 0) FROM recommendations),
        (SELECT count(*) || ':' || coalesce(max(decision_id), 0) || ':' || count(superseded_by_load)
           FROM theme_decisions),
        (SELECT count(*) || ':' || coalesce(max(withdrawal_id), 0) || ':' || count(restored_at)
           FROM withdrawals),
        (SELECT coalesce(string_agg(md5(concat_ws('|', key, label, theme_group, definition,
                 array_to_string(cue_phrases, ';'))), ',' ORDER BY key), '') FROM typology),
        (SELECT coalesce(string_agg(md5(text || '|' || array_to_string(themes, ';')), ','
                 ORDER BY example_no), '') FROM typology_examples)""")
    digest = hashlib.sha256(repr(row).encode())
    for path in sorted((Path(__file__).parent / "themes").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    """Schema, reference tables and calendar: what every version must hold before writing."""
    schema.create_all(con)
    reference.load_reference(con)
    calendar.ensure_calendar(con)


def finish(con: duckdb.DuckDBPyConnection) -> None:
    """Last steps of a successful write, before the swap."""
    refresh_theme_suggestions(con)
    con.execute("INSERT OR REPLACE INTO meta VALUES ('published_at', ?)",
                [datetime.now().isoformat(timespec="seconds")])
    con.execute("CHECKPOINT")


@contextmanager
def publishing(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """`with publishing(db) as con:` — write a new version; it is published only if the
    block finishes without an exception. Raises EnvironmentProblem when the warehouse
    cannot be written."""
    db = Path(db).absolute()
    _check_writable(db)
    lock = FileLock(str(lock_path(db)))
    _acquire(lock, db)
    tmp = db.parent / f"{_temp_prefix(db)}{os.getpid()}-{uuid.uuid4().hex[:8]}"
    con = None
    try:
        _remove_stale_temps(db)
        con = _open_copy(db, tmp)
        prepare(con)
        yield con
        finish(con)
        con.close()
        con = None
        _fsync(tmp)
        os.replace(tmp, db)
        _fsync(db.parent)
    finally:
        if con is not None:
            con.close()
        for leftover in (tmp, Path(f"{tmp}.wal"), Path(f"{tmp}.tmp")):
            _remove(leftover)
        lock.release()
