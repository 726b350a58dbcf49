"""Queries of the regional pages (issue 6, item 4), on a regional warehouse only.

WHY separate from db.py: a regional warehouse holds nothing but what boards chose to
share (etl/regional.sql), each board under the name or letter it chose (`shown_as`); these
queries never touch board tables. Each function takes `run(sql, params) -> DataFrame` with
named `$name` parameters (db.query in the app; `connection_runner(con)` in tests and the
notebook), so the same SQL serves all three.
"""
from __future__ import annotations

from typing import Callable

import polars as pl
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

Run = Callable[..., pl.DataFrame]  # run(sql, params: dict | None = None)


def connection_runner(con) -> Run:
    """`run` for a plain DuckDB connection (tests, notebook)."""
    return lambda sql, params=None: con.cursor().sql(sql, params=params or None).pl()


def is_regional(run: Run) -> bool:
    try:
        df = run("SELECT value FROM meta WHERE key = 'kind'")
    except Exception:  # not a warehouse of ours at all
        return False
    return not df.is_empty() and df["value"][0] == "regional"


def bundles(run: Run) -> pl.DataFrame:
    return run("SELECT shown_as AS board, as_of, period_from, period_to, shared_as, imported_at "
               "FROM regional_bundles ORDER BY shown_as")


def theme_table(run: Run) -> pl.DataFrame:
    """The regional theme table: boards sharing each theme, with statement and source counts."""
    return run("""
        SELECT coalesce(t.label, b.theme) AS theme, b.boards, b.shown_as AS which_boards,
               b.statements, b.sources, b.theme AS theme_key
        FROM regional_theme_boards b LEFT JOIN typology t ON t.key = b.theme
        ORDER BY b.boards DESC, b.statements DESC, theme""")


def theme_trend(run: Run, themes: list[str] | None = None) -> pl.DataFrame:
    """Statements per theme and source year, all boards together (for the trend chart)."""
    where = "WHERE theme IN (SELECT unnest($themes::VARCHAR[]))" if themes else ""
    params = {"themes": list(themes)} if themes else None
    return run(f"""
        SELECT coalesce(t.label, r.theme) AS theme, r.source_year AS year,
               sum(r.statements)::BIGINT AS statements, count(DISTINCT r.board_key) AS boards
        FROM regional_theme_trend r LEFT JOIN typology t ON t.key = r.theme
        {where} GROUP BY ALL ORDER BY year, theme""", params)


def statements(run: Run, theme: str | None = None) -> pl.DataFrame:
    """Shared learning and recommendations, optionally of one theme."""
    where = "WHERE list_contains(themes, $theme)" if theme else ""
    params = {"theme": theme} if theme else None
    return run(f"""
        SELECT shown_as AS board, 'Learning' AS statement, learning_id AS id, kind, text, themes
        FROM regional_learning {where}
        UNION ALL
        SELECT shown_as, 'Recommendation', recommendation_id, NULL, text, themes
        FROM regional_recommendations {where}
        ORDER BY board, statement, id""", params)


def similar_across_boards(all_statements: pl.DataFrame, text: str, board: str, top: int = 10,
                          min_score: float = 0.05) -> pl.DataFrame:
    """Statements of OTHER boards most like `text` (TF-IDF cosine), best first."""
    others = all_statements.filter(pl.col("board") != board)
    if others.is_empty() or not text.strip():
        return others.head(0).with_columns(pl.lit(0.0).alias("similarity"))
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    matrix = vec.fit_transform([text, *others["text"].to_list()])
    scores = cosine_similarity(matrix[0], matrix[1:]).ravel()
    return (others.with_columns(pl.Series("similarity", scores.round(2)))
            .filter(pl.col("similarity") >= min_score)
            .sort("similarity", descending=True).head(top))


def benchmarks(run: Run) -> pl.DataFrame:
    """One row per board: action completion and overdue rates, review timeliness, grade shares."""
    return run("""
        SELECT shown_as AS board, as_of, actions, completion_rate_pct, actions_open,
               overdue_rate_pct, milestones_judged, timeliness_rate_pct, grade_rows,
               outstanding_pct, good_pct, requires_improvement_pct, inadequate_pct
        FROM regional_benchmarks ORDER BY shown_as""")


def measure_statuses(run: Run) -> pl.DataFrame:
    """Measures per board and status (counts 1–4 shown as "<5", as in the bundles)."""
    return run("""
        SELECT shown_as AS board, status,
               CASE WHEN count(*) BETWEEN 1 AND 4 THEN '<5' ELSE count(*)::VARCHAR END AS measures
        FROM regional_measure_status GROUP BY ALL ORDER BY board, status""")
