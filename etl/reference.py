"""Reference data the board may edit: the theme typology (data/typology.csv) with its
worked examples (data/typology_examples.csv) and the agency names with their aliases
(data/agencies.csv).

`AgencyIndex` normalises the many ways a return spells an agency ("CSC", "Children's
Services") to one canonical name so that figures by agency add up; an unknown name is a
warning, not an error, so it is kept as typed. The CSV files are the truth; each publish
upserts them into the `typology` and `agencies` tables so any DuckDB client sees them.
Rows are upserted, never deleted: a key dropped from the CSV may still be used by loaded
statements. Worked examples have no key of their own, so the CSV replaces them whole.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from etl.config import DATA_DIR

TYPOLOGY_CSV = DATA_DIR / "typology.csv"
EXAMPLES_CSV = DATA_DIR / "typology_examples.csv"
AGENCIES_CSV = DATA_DIR / "agencies.csv"
BOARD = "Board"  # recommendations.addressed_to may always name the board itself


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split(";") if p.strip()]


def agency_key(name: str) -> str:
    """Matching key: case, apostrophes, '&'/'and' and spacing do not distinguish agencies."""
    text = str(name).casefold().replace("’", "'").replace("'", "")
    text = re.sub(r"\s*&\s*", " and ", text)
    return re.sub(r"[\s\-_./,]+", " ", text).strip()


@dataclass
class AgencyIndex:
    """Canonical agency names and every alias that maps to one."""

    canonical: dict[str, str] = field(default_factory=dict)  # agency_key → canonical name

    @classmethod
    def from_rows(cls, rows: list[tuple[str, list[str]]]) -> AgencyIndex:
        index = cls()
        for name, _aliases in rows:  # names first: a name always wins over an alias
            index.canonical[agency_key(name)] = name
        for name, aliases in rows:
            for alias in aliases:
                index.canonical.setdefault(agency_key(alias), name)
        index.canonical.setdefault(agency_key(BOARD), BOARD)
        return index

    @classmethod
    def from_csv(cls, path: Path = AGENCIES_CSV) -> AgencyIndex:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            return cls.from_rows([(r["name"].strip(), _split(r.get("aliases")))
                                  for r in csv.DictReader(fh) if (r.get("name") or "").strip()])

    @classmethod
    def from_db(cls, con: duckdb.DuckDBPyConnection) -> AgencyIndex:
        rows = con.execute("SELECT name, aliases FROM agencies").fetchall()
        return cls.from_rows([(name, list(aliases or [])) for name, aliases in rows])

    def normalise(self, name: str) -> tuple[str, bool]:
        """(canonical name, known?). Unknown names come back trimmed, as typed."""
        found = self.canonical.get(agency_key(name))
        return (found, True) if found else (str(name).strip(), False)

    @property
    def names(self) -> set[str]:
        return set(self.canonical.values())


def read_typology(path: Path = TYPOLOGY_CSV) -> pl.DataFrame:
    """typology.csv → the `typology` table's shape (cue_phrases as a list)."""
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rows = [r for r in csv.DictReader(fh) if (r.get("key") or "").strip()]
    return pl.DataFrame({
        "key": [r["key"].strip() for r in rows],
        "label": [(r.get("label") or "").strip() for r in rows],
        "theme_group": [(r.get("group") or "").strip() for r in rows],
        "definition": [(r.get("definition") or "").strip() for r in rows],
        "cue_phrases": [_split(r.get("cue_phrases")) for r in rows],
    }, schema={"key": pl.Utf8, "label": pl.Utf8, "theme_group": pl.Utf8, "definition": pl.Utf8,
               "cue_phrases": pl.List(pl.Utf8)})


def read_examples(path: Path = EXAMPLES_CSV) -> pl.DataFrame:
    """typology_examples.csv (kind,text,labels) → the `typology_examples` table's shape;
    an absent file gives no examples (the model then learns from definitions alone)."""
    rows = []
    if path.is_file():
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = [r for r in csv.DictReader(fh) if (r.get("text") or "").strip()]
    return pl.DataFrame({
        "example_no": list(range(1, len(rows) + 1)),
        "kind": [(r.get("kind") or "").strip() or None for r in rows],
        "text": [r["text"].strip() for r in rows],
        "themes": [_split(r.get("labels")) for r in rows],
    }, schema={"example_no": pl.Int32, "kind": pl.Utf8, "text": pl.Utf8,
               "themes": pl.List(pl.Utf8)})


def read_agencies(path: Path = AGENCIES_CSV) -> pl.DataFrame:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rows = [r for r in csv.DictReader(fh) if (r.get("name") or "").strip()]
    return pl.DataFrame({
        "name": [r["name"].strip() for r in rows],
        "agency_type": [(r.get("agency_type") or "").strip() or None for r in rows],
        "aliases": [_split(r.get("aliases")) for r in rows],
    }, schema={"name": pl.Utf8, "agency_type": pl.Utf8, "aliases": pl.List(pl.Utf8)})


def theme_keys(con: duckdb.DuckDBPyConnection | None = None, path: Path = TYPOLOGY_CSV) -> set[str]:
    """Valid theme keys: the editable CSV plus any key the warehouse already holds."""
    keys = set(read_typology(path)["key"].to_list())
    if con is not None:
        try:
            keys |= {k for (k,) in con.execute("SELECT key FROM typology").fetchall()}
        except duckdb.Error:  # a warehouse from before the typology table
            pass
    return keys


def _upsert(con: duckdb.DuckDBPyConnection, table: str, key: str | None,
            frame: pl.DataFrame) -> None:
    """Replace the CSV's rows, keep rows the CSV no longer lists (delete-then-insert: DuckDB
    cannot ON CONFLICT-update list columns everywhere); with no key, replace every row."""
    con.register("_ref_frame", frame)
    try:
        where = f" WHERE {key} IN (SELECT {key} FROM _ref_frame)" if key else ""
        con.execute(f"DELETE FROM {table}{where}")
        cols = ", ".join(frame.columns)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _ref_frame")
    finally:
        con.unregister("_ref_frame")


def load_reference(con: duckdb.DuckDBPyConnection, typology: Path = TYPOLOGY_CSV,
                   agencies: Path = AGENCIES_CSV, examples: Path = EXAMPLES_CSV) -> None:
    """Bring the typology, its examples and agencies tables in line with the CSV files."""
    _upsert(con, "typology", "key", read_typology(typology))
    _upsert(con, "typology_examples", None, read_examples(examples))
    _upsert(con, "agencies", "name", read_agencies(agencies))
