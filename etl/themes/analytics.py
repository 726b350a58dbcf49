"""Theme figures for the themes page, notebooks and reports: confirmed themes per
statement with their review's context, and the shapes the page draws (counts per theme,
trend, cross-tabulations, co-occurrence, this year against last).

Counting follows RULES.md "Themes": distinct statements and distinct reviews/audits,
confirmed themes only; suggestions are counted apart (`suggested_counts`). Every
function takes `run(sql, params)` (the dashboard's cached `db.query`, or `runner(con)`
for a plain connection) and the boards the viewer may see.
"""
from __future__ import annotations

from collections.abc import Callable

import duckdb
import polars as pl

Run = Callable[[str, dict], pl.DataFrame]

IN_BOARDS = "board IN (SELECT unnest($boards::VARCHAR[]))"


def runner(con: duckdb.DuckDBPyConnection) -> Run:
    """`run` for a plain DuckDB connection (tests, notebooks)."""
    def run(sql: str, params: dict) -> pl.DataFrame:
        cur = con.cursor()
        try:
            return cur.sql(sql, params=params).pl()
        finally:
            cur.close()
    return run


def confirmed(run: Run, boards: list[str]) -> pl.DataFrame:
    """One row per confirmed (statement, theme) with the statement's review/audit context."""
    return run(f"""
        WITH st AS (
            SELECT 'learning' AS statement_table, learning_id AS statement_id, text, kind,
                   agencies FROM stg_learning
            UNION ALL
            SELECT 'recommendations', recommendation_id, text, 'Recommendation',
                   CASE WHEN addressed_to IS NULL THEN [] ELSE [addressed_to] END
            FROM stg_recommendations
        )
        SELECT t.statement_table, t.statement_id, t.theme, ty.label AS theme_label,
               t.origin, t.board, t.source_id, t.source_type, s.title AS source_title,
               s.source_date, year(s.source_date) AS year, r.incident_type, r.child_age_band,
               st.kind, st.text, st.agencies
        FROM statement_themes t
        JOIN st USING (statement_table, statement_id)
        LEFT JOIN stg_sources s USING (source_id)
        LEFT JOIN stg_reviews r ON r.review_id = t.source_id
        LEFT JOIN typology ty ON ty.key = t.theme
        WHERE t.{IN_BOARDS}
        ORDER BY t.theme, t.statement_id""", {"boards": boards})


def suggested_counts(run: Run, boards: list[str]) -> pl.DataFrame:
    """Untagged statements the model suggests each theme for (shown apart, never added)."""
    return run(f"""
        WITH st AS (SELECT 'learning' AS statement_table, learning_id AS statement_id, board
                    FROM stg_learning UNION ALL
                    SELECT 'recommendations', recommendation_id, board FROM stg_recommendations)
        SELECT s.theme, count(DISTINCT s.statement_table || s.statement_id) AS suggested
        FROM theme_suggestions s JOIN st USING (statement_table, statement_id)
        WHERE s.suggested AND st.{IN_BOARDS}
        GROUP BY s.theme""", {"boards": boards})


def per_theme(rows: pl.DataFrame, suggested: pl.DataFrame, labels: dict[str, str]) -> pl.DataFrame:
    """Statements and reviews/audits per theme (confirmed), suggestions beside them."""
    base = pl.DataFrame({"theme": list(labels), "theme_label": list(labels.values())})
    counts = rows.group_by("theme").agg(
        pl.struct("statement_table", "statement_id").n_unique().alias("statements"),
        pl.col("source_id").n_unique().alias("reviews_and_audits"))
    return (base.join(counts, on="theme", how="left").join(suggested, on="theme", how="left")
            .with_columns(pl.col("statements", "reviews_and_audits", "suggested").fill_null(0)
                          .cast(pl.Int64))
            .sort(["statements", "suggested"], descending=True))


def trend(rows: pl.DataFrame) -> pl.DataFrame:
    """Distinct statements per theme and year of the review/audit."""
    return (rows.filter(pl.col("year").is_not_null())
            .group_by("theme_label", "year")
            .agg(pl.struct("statement_table", "statement_id").n_unique().alias("statements"))
            .sort("year", "theme_label"))


def crosstab(rows: pl.DataFrame, by: str) -> pl.DataFrame:
    """Distinct statements per theme × `by` (board, agency, child_age_band, incident_type)."""
    data = rows.explode("agencies").rename({"agencies": "agency"}) if by == "agency" else rows
    return (data.filter(pl.col(by).is_not_null())
            .group_by("theme_label", by)
            .agg(pl.struct("statement_table", "statement_id").n_unique().alias("statements"))
            .sort("theme_label", by))


def co_occurrence(rows: pl.DataFrame) -> pl.DataFrame:
    """Statements tagged with both themes of each pair (each unordered pair once)."""
    keyed = rows.select("statement_table", "statement_id", "theme_label")
    pairs = keyed.join(keyed, on=["statement_table", "statement_id"], suffix="_2").filter(
        pl.col("theme_label") < pl.col("theme_label_2"))
    return (pairs.group_by("theme_label", "theme_label_2").len("statements")
            .rename({"theme_label": "theme", "theme_label_2": "with_theme"})
            .sort("statements", descending=True))


def year_on_year(rows: pl.DataFrame, year: int) -> pl.DataFrame:
    """Statements and reviews per theme in `year` against `year` − 1."""
    def count(y: int, suffix: str) -> pl.DataFrame:
        return rows.filter(pl.col("year") == y).group_by("theme_label").agg(
            pl.struct("statement_table", "statement_id").n_unique().alias(f"statements_{suffix}"),
            pl.col("source_id").n_unique().alias(f"reviews_{suffix}"))
    out = count(year, "this_year").join(count(year - 1, "last_year"), on="theme_label", how="full",
                                          coalesce=True)
    return (out.with_columns(pl.exclude("theme_label").fill_null(0).cast(pl.Int64))
            .with_columns((pl.col("statements_this_year") - pl.col("statements_last_year"))
                          .alias("change"))
            .sort("statements_this_year", descending=True))


def review_queue(run: Run, boards: list[str], floor: float) -> pl.DataFrame:
    """Stored suggestions at or above `floor` with statement text, board and source,
    best first: the theme review queue (and what a bulk accept would take)."""
    return run(f"""
        WITH st AS (SELECT 'learning' AS statement_table, learning_id AS statement_id, text,
                           board, source_id FROM stg_learning
                    UNION ALL
                    SELECT 'recommendations', recommendation_id, text, board, source_id
                    FROM stg_recommendations)
        SELECT s.statement_table, s.statement_id, s.theme, s.score, s.suggested,
               st.text, st.board, st.source_id
        FROM theme_suggestions s JOIN st USING (statement_table, statement_id)
        WHERE s.score >= $floor AND st.{IN_BOARDS}
        ORDER BY s.score DESC, s.statement_id, s.theme""", {"boards": boards, "floor": floor})
