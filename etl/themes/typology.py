"""The shared theme typology: keys, labels, groups, definitions and cue phrases.

Read from the warehouse's `typology` table when it is filled (the typology a board
published with), otherwise from data/typology.csv shipped with the project. The cue
phrases carry themes that no board has tagged yet (cold start).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl.config import DATA_DIR
from etl.contract import THEME_KEYS

TYPOLOGY_CSV = DATA_DIR / "typology.csv"


@dataclass(frozen=True)
class Theme:
    key: str
    label: str
    group: str
    definition: str
    cue_phrases: tuple[str, ...]

    @property
    def document(self) -> str:
        """The theme described in words: label, definition and every cue phrase."""
        return ". ".join((self.label, self.definition, *self.cue_phrases))


def read_csv(path: Path = TYPOLOGY_CSV) -> list[Theme]:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [Theme(r["key"], r["label"], r["group"], r["definition"],
                  tuple(p.strip() for p in r["cue_phrases"].split(";") if p.strip()))
            for r in rows]


def read_db(con: duckdb.DuckDBPyConnection) -> list[Theme]:
    """The warehouse's typology, or [] when the table is missing or empty."""
    try:
        rows = con.execute("SELECT key, label, theme_group, definition, cue_phrases "
                           "FROM typology ORDER BY key").fetchall()
    except duckdb.Error:
        return []
    return [Theme(k, l, g, d, tuple(c or ())) for k, l, g, d, c in rows]


def load_typology(con: duckdb.DuckDBPyConnection | None = None) -> list[Theme]:
    """Themes in contract order (THEME_KEYS): warehouse first, shipped csv as fallback."""
    themes = (read_db(con) if con is not None else []) or read_csv()
    by_key = {t.key: t for t in themes}
    ordered = [by_key[k] for k in THEME_KEYS if k in by_key]
    return ordered + [t for t in themes if t.key not in THEME_KEYS]


def labels(themes: list[Theme]) -> dict[str, str]:
    return {t.key: t.label for t in themes}
