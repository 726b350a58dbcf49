"""Recurring learning (issue 4, point 5): for each review, earlier reviews whose
learning was similar — sharing confirmed themes or close in wording — and the state of
the actions those earlier reviews produced. "Learned before, and its actions were
closed" (`actions_all_closed`) is the headline a board needs to see.
"""
from __future__ import annotations

from datetime import date

import duckdb
import polars as pl
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from etl.themes.text import word_ngrams

MIN_TEXT_SIMILARITY = 0.25   # cosine of the reviews' pooled learning text
MIN_SHARED_THEMES = 2        # or at least this many confirmed themes in common…
MIN_THEME_OVERLAP = 0.4      # …making up this share (Jaccard) of their themes

SCHEMA = {"review_id": pl.Utf8, "board": pl.Utf8, "title": pl.Utf8, "review_date": pl.Date,
          "earlier_id": pl.Utf8, "earlier_board": pl.Utf8, "earlier_title": pl.Utf8,
          "earlier_date": pl.Date, "text_similarity": pl.Float64,
          "shared_themes": pl.List(pl.Utf8), "actions": pl.Int64, "actions_open": pl.Int64,
          "actions_completed": pl.Int64, "actions_cancelled": pl.Int64,
          "actions_all_closed": pl.Boolean}


def _reviews(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return con.sql("""
        WITH txt AS (
            SELECT source_id, string_agg(text, ' ' ORDER BY learning_id) AS text
            FROM stg_learning GROUP BY source_id
        ), th AS (
            SELECT source_id, list(DISTINCT theme ORDER BY theme) AS themes
            FROM statement_themes GROUP BY source_id
        )
        SELECT s.source_id AS review_id, s.board, s.title, s.source_date AS review_date,
               txt.text, th.themes
        FROM stg_sources s JOIN txt USING (source_id) LEFT JOIN th USING (source_id)
        WHERE s.source_type = 'review' AND s.source_date IS NOT NULL
        ORDER BY review_date, review_id""").pl()


def _action_state(con: duckdb.DuckDBPyConnection, as_of: date) -> pl.DataFrame:
    return con.sql("""
        SELECT source_id AS earlier_id, count(*) AS actions,
               count(*) FILTER (WHERE is_open) AS actions_open,
               count(*) FILTER (WHERE is_completed) AS actions_completed,
               count(*) FILTER (WHERE is_cancelled AND NOT is_completed) AS actions_cancelled
        FROM action_status(?) GROUP BY source_id""", params=[as_of]).pl()


def similar_earlier_reviews(con: duckdb.DuckDBPyConnection, as_of: date | None = None,
                            top: int = 5) -> pl.DataFrame:
    """Up to `top` earlier similar reviews per review, most similar first (all boards:
    the caller filters to what the user may see)."""
    as_of = as_of or date.today()
    reviews = _reviews(con)
    if reviews.height < 2:
        return pl.DataFrame(schema=SCHEMA)
    X = normalize(TfidfVectorizer(analyzer=word_ngrams, sublinear_tf=True)
                  .fit_transform(reviews["text"].to_list()))
    sims = (X @ X.T).toarray()
    themes = [set(t or []) for t in reviews["themes"].to_list()]
    dates = reviews["review_date"].to_list()
    rows = []
    for i in range(reviews.height):
        found = []
        for j in range(reviews.height):
            if dates[j] >= dates[i]:
                continue
            shared = themes[i] & themes[j]
            union = themes[i] | themes[j]
            by_theme = len(shared) >= MIN_SHARED_THEMES and len(shared) / len(union) >= MIN_THEME_OVERLAP
            if by_theme or sims[i, j] >= MIN_TEXT_SIMILARITY:
                found.append((sims[i, j] + len(shared) / max(len(union), 1), j, sorted(shared)))
        for _, j, shared in sorted(found, reverse=True)[:top]:
            rows.append((reviews["review_id"][i], reviews["board"][i], reviews["title"][i], dates[i],
                         reviews["review_id"][j], reviews["board"][j], reviews["title"][j], dates[j],
                         round(float(sims[i, j]), 3), shared))
    pairs = pl.DataFrame(rows, schema=list(SCHEMA)[:10], orient="row")
    pairs = pairs.cast({k: SCHEMA[k] for k in pairs.columns})
    state = _action_state(con, as_of)
    out = pairs.join(state, on="earlier_id", how="left").with_columns(
        pl.col("actions", "actions_open", "actions_completed", "actions_cancelled")
        .fill_null(0).cast(pl.Int64))
    return out.with_columns(((pl.col("actions") > 0) & (pl.col("actions_open") == 0))
                            .alias("actions_all_closed")).select(list(SCHEMA))
