"""Confirmed tags the model strongly disagrees with — a prompt for a second look,
never an automatic change (confirmed tags are a person's decision).

Scores are out-of-fold (each statement scored by a model that did not see it, folds
grouped by review/audit), otherwise the model would simply echo the tags it learned.
"""
from __future__ import annotations

import duckdb
import numpy as np
import polars as pl
from sklearn.model_selection import GroupKFold

from etl.themes.model import ModelConfig, ThemeModel
from etl.themes.training import board_weights, read_statements
from etl.themes.typology import load_examples, load_typology

COLUMNS = {"statement_table": pl.Utf8, "statement_id": pl.Utf8, "board": pl.Utf8,
           "theme": pl.Utf8, "score": pl.Float64, "issue": pl.Utf8}


def out_of_fold_scores(model_factory, texts, labels, groups, weights, folds: int = 5) -> np.ndarray:
    folds = max(2, min(folds, len(set(groups))))
    out = None
    for train, test in GroupKFold(n_splits=folds).split(texts, groups=groups):
        m = model_factory().fit([texts[i] for i in train], [labels[i] for i in train],
                                weights[train])
        s = m.predict_proba([texts[i] for i in test])
        out = np.zeros((len(texts), s.shape[1])) if out is None else out
        out[test] = s
    return out


def disagreements(con: duckdb.DuckDBPyConnection, low: float = 0.08, high: float = 0.85,
                  config: ModelConfig | None = None) -> pl.DataFrame:
    """Confirmed tags scoring below `low` ('confirmed, model disagrees') and untagged
    themes of confirmed statements scoring at or above `high` ('model expects this theme')."""
    tagged, _ = read_statements(con)
    groups = [s or i for i, s in zip(tagged.id, tagged.source_id)]
    if len(set(groups)) < 2:
        return pl.DataFrame(schema=COLUMNS)
    themes, examples = load_typology(con), load_examples(con)
    keys = [t.key for t in themes]
    scores = out_of_fold_scores(lambda: ThemeModel(themes, config or ModelConfig(), examples),
                                tagged.text, tagged.themes, groups, board_weights(tagged.board))
    rows = []
    for i, confirmed in enumerate(tagged.themes):
        for j, key in enumerate(keys):
            s = float(scores[i, j])
            if key in confirmed and s < low:
                rows.append((tagged.table[i], tagged.id[i], tagged.board[i], key, s,
                             "confirmed, model disagrees"))
            elif key not in confirmed and s >= high:
                rows.append((tagged.table[i], tagged.id[i], tagged.board[i], key, s,
                             "model expects this theme"))
    return pl.DataFrame(rows, schema=COLUMNS, orient="row").sort("score")
