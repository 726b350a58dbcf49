"""What the model learns from and what it scores, read from a warehouse.

Confirmed themes come from the metric layer's `statement_themes` view when it exists
(RULES.md, "Themes": input themes, or accepted decisions when the input gave none);
a fallback query over the raw tables keeps the model usable on a warehouse built
before that view (or a hand-made test warehouse).
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np


@dataclass
class Statements:
    """Parallel lists describing statements (one entry per statement)."""

    table: list[str]
    id: list[str]
    text: list[str]
    board: list[str | None]
    source_id: list[str | None]
    themes: list[list[str]]

    def __len__(self) -> int:
        return len(self.id)


def _has(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether a table or view of that name exists (metric-layer views may not yet)."""
    return con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = ?", [name]).fetchall()[0][0] \
        + con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [name]).fetchall()[0][0] > 0


def _statement_sql(con: duckdb.DuckDBPyConnection) -> str:
    """Every live statement with its owning board: staging views when present."""
    if _has(con, "stg_learning") and _has(con, "stg_recommendations"):
        return ("SELECT 'learning' AS statement_table, learning_id AS statement_id, text, "
                "board, source_id FROM stg_learning UNION ALL "
                "SELECT 'recommendations', recommendation_id, text, board, source_id "
                "FROM stg_recommendations")
    owner = ("(SELECT review_id AS sid, board FROM reviews UNION ALL "
             "SELECT audit_id, board FROM audits)")
    return (f"SELECT 'learning' AS statement_table, l.learning_id AS statement_id, l.text, "
            f"o.board, l.source_id FROM learning l LEFT JOIN {owner} o ON o.sid = l.source_id "
            f"UNION ALL SELECT 'recommendations', r.recommendation_id, r.text, o.board, r.source_id "
            f"FROM recommendations r LEFT JOIN {owner} o ON o.sid = r.source_id")


def _confirmed_sql(con: duckdb.DuckDBPyConnection) -> str:
    """(statement_table, statement_id, theme) of every confirmed tag."""
    if _has(con, "statement_themes"):
        return "SELECT DISTINCT statement_table, statement_id, theme FROM statement_themes"
    return """
        WITH input AS (
            SELECT 'learning' AS statement_table, learning_id AS statement_id, unnest(themes) AS theme
            FROM learning WHERE len(coalesce(themes, [])) > 0
            UNION ALL
            SELECT 'recommendations', recommendation_id, unnest(themes)
            FROM recommendations WHERE len(coalesce(themes, [])) > 0
        ), accepted AS (
            SELECT d.statement_table, d.statement_id, d.theme FROM theme_decisions d
            WHERE d.decision = 'accept' AND d.superseded_by_load IS NULL
              AND NOT EXISTS (SELECT 1 FROM input i WHERE i.statement_table = d.statement_table
                              AND i.statement_id = d.statement_id)
              AND NOT EXISTS (SELECT 1 FROM theme_decisions r
                              WHERE r.statement_table = d.statement_table
                                AND r.statement_id = d.statement_id AND r.theme = d.theme
                                AND r.decision = 'reject' AND r.decided_at > d.decided_at)
        )
        SELECT DISTINCT * FROM input UNION SELECT DISTINCT * FROM accepted"""


def read_statements(con: duckdb.DuckDBPyConnection) -> tuple[Statements, Statements]:
    """(confirmed, untagged) statements of the warehouse, ordered by table and id."""
    sql = f"""
        WITH s AS ({_statement_sql(con)}), c AS ({_confirmed_sql(con)})
        SELECT s.statement_table, s.statement_id, s.text, s.board, s.source_id,
               list(c.theme ORDER BY c.theme) FILTER (WHERE c.theme IS NOT NULL) AS themes
        FROM s LEFT JOIN c USING (statement_table, statement_id)
        WHERE s.text IS NOT NULL
        GROUP BY ALL ORDER BY 1, 2"""
    rows = con.execute(sql).fetchall()
    tagged = Statements([], [], [], [], [], [])
    untagged = Statements([], [], [], [], [], [])
    for table, sid, text, board, source, themes in rows:
        target = tagged if themes else untagged
        target.table.append(table)
        target.id.append(sid)
        target.text.append(text)
        target.board.append(board)
        target.source_id.append(source)
        target.themes.append(list(themes or []))
    return tagged, untagged


def board_weights(boards: list[str | None]) -> np.ndarray:
    """Per-board balancing: a board's rows together weigh about sqrt(its row count).

    A big board still counts more than a small one, but not in proportion, so one
    board with thousands of (possibly generated) statements does not swamp others.
    """
    if not boards:
        return np.ones(0)
    keys = [b or "" for b in boards]
    uniq, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
    w = (1.0 / np.sqrt(counts))[inverse]
    return w * len(w) / w.sum()
