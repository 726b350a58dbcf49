"""The shared theme typology: keys, labels, groups, definitions, cue phrases and worked
examples.

Read from the warehouse's `typology` and `typology_examples` tables when they are filled
(the typology a board published with), otherwise from the CSV files shipped in data/.
The cue phrases and worked examples carry themes that no board has tagged yet (cold
start): the examples are fictional statements written for the typology, labelled as an
annotator would, so the model meets each theme in sentences as well as in keywords.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl.config import DATA_DIR
from etl.reference import EXAMPLES_CSV, read_examples
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


@dataclass(frozen=True)
class Example:
    """A worked example: a fictional statement and the theme keys it is about."""

    text: str
    themes: tuple[str, ...]


def read_examples_csv(path: Path = EXAMPLES_CSV) -> list[Example]:
    """The shipped worked examples, parsed as a publish stores them (etl.reference)."""
    frame = read_examples(path)
    return [Example(text, tuple(themes)) for text, themes in zip(frame["text"], frame["themes"])]


def read_examples_db(con: duckdb.DuckDBPyConnection) -> list[Example]:
    """The warehouse's worked examples, or [] when the table is missing or empty."""
    try:
        rows = con.execute("SELECT text, themes FROM typology_examples "
                           "ORDER BY example_no").fetchall()
    except duckdb.Error:
        return []
    return [Example(text, tuple(themes or ())) for text, themes in rows]


def load_examples(con: duckdb.DuckDBPyConnection | None = None) -> list[Example]:
    """Worked examples: warehouse first, shipped csv as fallback."""
    return (read_examples_db(con) if con is not None else []) or read_examples_csv()


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
