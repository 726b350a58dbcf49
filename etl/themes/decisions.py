"""A person's accept/reject of theme suggestions, written as ONE publish per batch
through etl.publish (the same safe path as loads), recorded with who and when.

Accepted themes count as confirmed while the input gives the statement none
(RULES.md, "Themes"; the `statement_themes` view applies that rule), and the next
publish refits the model on them, so it learns from every batch.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from etl.config import acting_user
from etl.contract import STATEMENT_TABLES, THEME_KEYS
from etl.problems import EnvironmentProblem
from etl.publish import publishing


@dataclass(frozen=True)
class Decision:
    statement_table: str       # 'learning' or 'recommendations'
    statement_id: str
    theme: str
    decision: str              # 'accept' or 'reject'
    score: float | None = None


@dataclass(frozen=True)
class BatchResult:
    batch_id: int
    load_id: int
    accepted: int
    rejected: int


def _check(decisions: list[Decision]) -> None:
    for d in decisions:
        if d.statement_table not in STATEMENT_TABLES:
            raise EnvironmentProblem(f"not a statement table: {d.statement_table}")
        if d.theme not in THEME_KEYS:
            raise EnvironmentProblem(f"not a typology theme: {d.theme}")
        if d.decision not in ("accept", "reject"):
            raise EnvironmentProblem(f"a decision is 'accept' or 'reject', not {d.decision!r}")


def apply_decisions(db: Path, decisions: list[Decision], user: str | None = None) -> BatchResult:
    """Record a batch of decisions in one new published version (and log it in `loads`
    as kind 'themes'). Decisions on statements no longer in the warehouse are refused."""
    _check(decisions)
    if not decisions:
        raise EnvironmentProblem("no decisions to apply")
    user = user or acting_user()
    from etl.load import next_load_id  # the load helper owns load numbering

    with publishing(Path(db)) as con:
        missing = con.execute("""
            SELECT d.statement_table || ' ' || d.statement_id
            FROM (SELECT unnest(?) AS statement_table, unnest(?) AS statement_id) d
            WHERE NOT EXISTS (SELECT 1 FROM learning l WHERE d.statement_table = 'learning'
                              AND l.learning_id = d.statement_id)
              AND NOT EXISTS (SELECT 1 FROM recommendations r
                              WHERE d.statement_table = 'recommendations'
                                AND r.recommendation_id = d.statement_id)""",
                              [[d.statement_table for d in decisions],
                               [d.statement_id for d in decisions]]).fetchall()
        if missing:
            raise EnvironmentProblem("these statements are not in the warehouse: "
                                     + ", ".join(m[0] for m in missing[:10]))
        now = datetime.now()
        load_id = next_load_id(con)
        batch = con.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM theme_decisions").fetchall()[0][0]
        first = con.execute("SELECT coalesce(max(decision_id), 0) + 1 FROM theme_decisions").fetchall()[0][0]
        con.executemany("INSERT INTO theme_decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                        [(first + i, d.statement_table, d.statement_id, d.theme, d.decision,
                          d.score, user, now, batch) for i, d in enumerate(decisions)])
        accepted = sum(d.decision == "accept" for d in decisions)
        con.execute("INSERT INTO loads VALUES (?, ?, ?, ?, 'themes', 'changed', ?)",
                    [load_id, now, now, user,
                     f"theme decisions batch {batch}: {accepted} accepted, "
                     f"{len(decisions) - accepted} rejected"])
    return BatchResult(batch, load_id, accepted, len(decisions) - accepted)
