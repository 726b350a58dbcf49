"""The model as the warehouse sees it: fit on confirmed tags, store suggestions.

`refresh_suggestions(con)` is called by etl.publish on the read-write connection of
every new version, so suggestions always describe the published data and are stored
apart from confirmed tags (RULES.md, "Themes"). `load_model(db)` gives pages and
notebooks the fitted model of a published version without refitting on every rerun.
"""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from etl.themes.model import ModelConfig, ThemeModel
from etl.themes.training import Statements, board_weights, read_statements
from etl.themes.typology import load_examples, load_typology

MODEL_NAME = "tfidf-lr+cues-1"


def fit_model(con: duckdb.DuckDBPyConnection, config: ModelConfig | None = None
              ) -> tuple[ThemeModel, Statements, Statements]:
    """A model fitted on the warehouse's confirmed tags and typology; also returns
    (confirmed, untagged) statements so callers need not read them twice."""
    tagged, untagged = read_statements(con)
    model = ThemeModel(load_typology(con), config or ModelConfig(), load_examples(con))
    model.fit(tagged.text, tagged.themes, board_weights(tagged.board))
    return model, tagged, untagged


def model_version(model: ThemeModel, tagged: Statements) -> str:
    """Model name + digest of what it learned from, so a page can tell versions apart."""
    h = hashlib.sha256(MODEL_NAME.encode())
    for theme in model.themes:
        h.update(theme.document.encode())
    for example in model.examples:
        h.update(f"{example.text}:{','.join(example.themes)};".encode())
    for sid, themes in zip(tagged.id, tagged.themes):
        h.update(f"{sid}:{','.join(themes)};".encode())
    return f"{MODEL_NAME}:{h.hexdigest()[:12]}"


def refresh_suggestions(con: duckdb.DuckDBPyConnection) -> int:
    """Replace `theme_suggestions` with scores for every untagged statement.

    Stores every theme with a score ≥ 0.05 (so the review queue can lower its bar),
    `suggested` marking those the model would suggest. Returns the rows written.
    """
    model, tagged, untagged = fit_model(con)
    version = model_version(model, tagged)
    con.execute("DELETE FROM theme_suggestions")
    if not len(untagged):
        return 0
    scores = model.predict_proba(untagged.text)
    chosen = model.decide(scores)
    keep = (scores >= 0.05) | chosen
    r, c = np.nonzero(keep)
    frame = pl.DataFrame({
        "statement_table": np.asarray(untagged.table, dtype=object)[r].tolist(),
        "statement_id": np.asarray(untagged.id, dtype=object)[r].tolist(),
        "theme": np.asarray(model.keys, dtype=object)[c].tolist(),
        "score": np.round(scores[r, c], 4),
        "suggested": chosen[r, c],
        "model_version": [version] * len(r),
    }, schema={"statement_table": pl.Utf8, "statement_id": pl.Utf8, "theme": pl.Utf8,
               "score": pl.Float64, "suggested": pl.Boolean, "model_version": pl.Utf8})
    con.register("_new_theme_suggestions", frame)
    try:
        con.execute("INSERT INTO theme_suggestions SELECT * FROM _new_theme_suggestions")
    finally:
        con.unregister("_new_theme_suggestions")
    return len(frame)


def _file_identity(path: Path) -> tuple:
    st = os.stat(path)
    return (str(path.resolve()), st.st_ino, st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=4)
def _model_for(identity: tuple) -> ThemeModel:
    con = connect_readonly(Path(identity[0]))
    try:
        return fit_model(con)[0]
    finally:
        con.close()


def connect_readonly(db: Path) -> duckdb.DuckDBPyConnection:
    """The load helper's read-only opener when present, else a plain read-only connect."""
    try:
        from etl.warehouse import connect_readonly as opener
    except ImportError:
        return duckdb.connect(str(db), read_only=True)
    return opener(db)


def load_model(con_or_db: duckdb.DuckDBPyConnection | str | os.PathLike) -> ThemeModel:
    """The fitted model of a published warehouse version, cached by the file's identity
    (path, inode, size, mtime): a new publish (atomic replace) means a new model, a page
    rerun means none. A connection is resolved to its database file."""
    if isinstance(con_or_db, duckdb.DuckDBPyConnection):
        path = database_file(con_or_db)
        if path is None:  # in-memory: nothing to key on
            return fit_model(con_or_db)[0]
        con_or_db = path
    return _model_for(_file_identity(Path(con_or_db)))


def database_file(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The file behind a connection's current database (None for in-memory)."""
    row = con.execute("SELECT path FROM duckdb_databases() "
                      "WHERE database_name = current_database()").fetchall()
    row = row[0] if row else None
    return Path(row[0]) if row and row[0] else None
