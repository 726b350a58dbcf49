"""The regional warehouse: boards' bundles collated for the regional group (issue 6, item 3).

`python -m etl bundle import FILE... --db REGIONAL.duckdb` checks each bundle's manifest
(format, schema version), the SHA-256 and row count of every table, and the columns,
then replaces that board's rows: a board has one current bundle, and a bundle older
than the one held is refused (its board key is the same, so it cannot duplicate).
All files of one command are imported together or not at all.

The warehouse is marked `meta.kind = 'regional'`, which is how the dashboard knows to
show the regional pages.
"""
from __future__ import annotations

import hashlib
import io
import json
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from etl.config import acting_user
from etl.problems import EnvironmentProblem, InputRejected, Problem
from etl.schema import SCHEMA_VERSION

HERE = Path(__file__).parent
BUNDLE_TABLES = ("reviews", "learning", "recommendations", "recommendation_actions",
                 "audit_grade_shares", "measure_status", "benchmarks")


def is_regional(con: duckdb.DuckDBPyConnection) -> bool:
    """True for a regional warehouse (meta kind = 'regional')."""
    try:
        row = con.cursor().execute("SELECT value FROM meta WHERE key = 'kind'").fetchone()
    except duckdb.Error:
        return False
    return bool(row) and row[0] == "regional"


def create_regional(con: duckdb.DuckDBPyConnection) -> None:
    con.execute((HERE / "regional.sql").read_text())
    con.execute("INSERT OR REPLACE INTO meta VALUES ('kind', 'regional')")


@dataclass
class Bundle:
    path: Path
    manifest: dict
    tables: dict[str, pl.DataFrame]
    sha256: str

    @property
    def board_key(self) -> str:
        return self.manifest["board_key"]

    @property
    def stamp(self) -> tuple[str, str]:
        return (self.manifest["as_of"], self.manifest["exported_at"])


def _problem(path: Path, message: str, value: object = None) -> Problem:
    return Problem(str(path), None, None, None, message, value)


def read_bundle(path: Path, expected_columns: dict[str, list[str]]) -> tuple[Bundle | None, list[Problem]]:
    """Open and check one bundle; every problem found is returned, located to the file."""
    from etl.bundle import BUNDLE_FORMAT

    if not path.is_file():
        raise EnvironmentProblem(f"no bundle file at {path}")
    raw = path.read_bytes()
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        manifest = json.loads(zf.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError) as exc:
        return None, [_problem(path, "not a regional bundle (a zip with manifest.json)", str(exc))]
    problems = []
    if manifest.get("format") != BUNDLE_FORMAT:
        problems.append(_problem(path, "manifest › format: not a regional bundle", manifest.get("format")))
    if manifest.get("schema_version") != SCHEMA_VERSION:
        problems.append(_problem(path, f"manifest › schema_version: this warehouse reads version "
                                       f"{SCHEMA_VERSION}", manifest.get("schema_version")))
    for field in ("board_key", "shown_as", "as_of", "exported_at", "tables"):
        if not manifest.get(field):
            problems.append(_problem(path, f"manifest › {field}: missing"))
    if problems:
        return None, problems
    entries = manifest["tables"]
    if set(entries) != set(BUNDLE_TABLES):
        problems.append(_problem(path, "manifest › tables: expected " + ", ".join(BUNDLE_TABLES),
                                 ", ".join(sorted(entries))))
        return None, problems
    tables = {}
    for name in BUNDLE_TABLES:
        entry = entries[name]
        try:
            data = zf.read(entry["file"])
        except KeyError:
            problems.append(_problem(path, f"{name}: file missing from the bundle", entry.get("file")))
            continue
        if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            problems.append(_problem(path, f"{name}: checksum does not match the manifest (file altered?)"))
            continue
        frame = pl.read_parquet(io.BytesIO(data))
        if frame.height != entry.get("rows"):
            problems.append(_problem(path, f"{name}: {frame.height} rows, manifest says {entry.get('rows')}"))
        if frame.columns != expected_columns[name]:
            problems.append(_problem(path, f"{name}: unexpected columns", ", ".join(frame.columns)))
        tables[name] = frame
    if problems:
        return None, problems
    return Bundle(path, manifest, tables, hashlib.sha256(raw).hexdigest()), []


def expected_columns() -> dict[str, list[str]]:
    """Bundle columns = the regional table columns minus board_key/shown_as (one definition)."""
    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        create_regional(con)
        return {t: [r[0] for r in con.execute(f"DESCRIBE regional_{t}").fetchall()][2:]
                for t in BUNDLE_TABLES}
    finally:
        con.close()


def _held(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    rows = con.execute("SELECT board_key, strftime(as_of, '%Y-%m-%d'), "
                       "strftime(exported_at, '%Y-%m-%dT%H:%M:%S') FROM regional_bundles").fetchall()
    return {k: (a, e) for k, a, e in rows}


def _replace(con: duckdb.DuckDBPyConnection, bundle: Bundle, user: str) -> None:
    m = bundle.manifest
    for name in BUNDLE_TABLES:
        con.execute(f"DELETE FROM regional_{name} WHERE board_key = ?", [bundle.board_key])
        frame = bundle.tables[name].with_columns(pl.lit(bundle.board_key).alias("board_key"),
                                                 pl.lit(m["shown_as"]).alias("shown_as"))
        con.register("_incoming", frame)
        con.execute(f"INSERT INTO regional_{name} BY NAME SELECT * FROM _incoming")
        con.unregister("_incoming")
    con.execute("DELETE FROM regional_bundles WHERE board_key = ?", [bundle.board_key])
    con.execute("INSERT INTO regional_bundles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [bundle.board_key, m["shown_as"], m.get("shared_as", "name"), m["as_of"], m["exported_at"],
                 (m.get("period") or {}).get("from"), (m.get("period") or {}).get("to"),
                 m["schema_version"], bundle.sha256, datetime.now().replace(microsecond=0), user])


def import_bundles(paths: list[Path], db: Path, user: str | None = None) -> list[str]:
    """Check every bundle, then publish them together; returns one line per bundle."""
    from etl.publish import publishing

    cols = expected_columns()
    bundles, problems = [], []
    for path in paths:
        bundle, found = read_bundle(Path(path), cols)
        problems += found
        if bundle:
            bundles.append(bundle)
    if problems:
        raise InputRejected(problems)
    newest: dict[str, Bundle] = {}
    for b in sorted(bundles, key=lambda b: b.stamp):
        newest[b.board_key] = b  # two bundles of one board in one command: the newer wins
    lines = []
    with publishing(db) as con:
        if _is_board_warehouse(con):
            raise EnvironmentProblem(f"{db} is a board warehouse; import bundles into a separate regional file")
        create_regional(con)
        held = _held(con)
        for key, b in newest.items():
            if key in held and held[key] > b.stamp:
                lines.append(f"Skipped {b.path}: {b.manifest['shown_as']} already has a newer bundle "
                             f"(as of {held[key][0]})")
                continue
            _replace(con, b, user or acting_user())
            verb = "Replaced" if key in held else "Imported"
            lines.append(f"{verb} {b.manifest['shown_as']} from {b.path} (as of {b.manifest['as_of']}): "
                         + ", ".join(f"{t} {b.tables[t].height}" for t in BUNDLE_TABLES))
            lines += [f"  warning: {f} — ask {b.manifest['shown_as']} to check it" for f in rescan(b)]
        for b in bundles:
            if newest[b.board_key] is not b:
                lines.append(f"Skipped {b.path}: a newer bundle of {b.manifest['shown_as']} is in this import")
    return lines


def rescan(bundle: Bundle) -> list:
    """The personal-data scan again on arrival: a board may have marked a finding a false
    alarm, so this warns (the regional group asks the board) rather than refusing."""
    from etl.bundle import SCANNED
    from etl.privacy.findings import scan_rows

    found = []
    for table, (key, cols) in SCANNED.items():
        found += scan_rows(table, bundle.tables[table].to_dicts(), [key], cols, board_column=None)
    return found


def _is_board_warehouse(con: duckdb.DuckDBPyConnection) -> bool:
    """A file holding loaded board data must never be turned into a regional one."""
    if is_regional(con):
        return False
    return con.execute("SELECT (SELECT count(*) FROM reviews) + (SELECT count(*) FROM audits) "
                       "+ (SELECT count(*) FROM measures)").fetchone()[0] > 0


def cli_import(args) -> int:
    from etl.config import db_path

    db = db_path(args.db)
    try:
        lines = import_bundles([Path(f) for f in args.files], db)
    except InputRejected as exc:
        print(f"Import refused: {len(exc.problems)} problem(s); nothing was imported.", file=sys.stderr)
        for p in exc.problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    return 0
