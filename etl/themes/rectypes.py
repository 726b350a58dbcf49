"""Recommendation types (issue 4, point 6): procedure/policy, training/awareness,
practice/professional action, resource/system/structure.

Cue-based on purpose: the four types are defined by the verb and object of the
recommendation ("update the procedure", "deliver training", "ensure practitioners
ask…", "commission a service / change the IT system"), there is no labelled set to
train on, and a committee must be able to see why a recommendation got its type.
Each type scores the stemmed cue phrases it finds; ties and no-match fall back to
practice/professional action (the residual type in national studies).
"""
from __future__ import annotations

import duckdb
import numpy as np
import polars as pl
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

from etl.themes.text import phrase_key, word_ngrams

TYPES = ("Procedure/policy", "Training/awareness", "Practice/professional action",
         "Resource/system/structure")
FALLBACK = "Practice/professional action"

CUES: dict[str, tuple[str, ...]] = {
    "Procedure/policy": (
        "procedure", "procedures", "policy", "policies", "protocol", "guidance", "guideline",
        "pathway", "threshold document", "update the procedure", "revise", "review the policy",
        "write guidance", "develop a protocol", "escalation policy", "terms of reference",
        "standard", "framework", "checklist", "template", "flowchart"),
    "Training/awareness": (
        "training", "train", "trained", "awareness", "raise awareness", "briefing", "learning event",
        "seven minute briefing", "workshop", "e-learning", "induction", "disseminate",
        "share the learning", "campaign", "leaflet", "understanding", "knowledge", "skills",
        "competence", "reflective session", "newsletter", "practitioner event"),
    "Practice/professional action": (
        "practitioners should", "professionals should", "ensure practitioners", "ask",
        "consider", "see the child", "seen alone", "record", "refer", "share information",
        "challenge", "escalate", "assess", "follow up", "involve", "engage", "visit",
        "speak to", "listen", "check", "supervision", "professional curiosity"),
    "Resource/system/structure": (
        "commission", "commissioning", "fund", "funding", "resource", "resources", "capacity",
        "staffing", "recruit", "post", "service", "new service", "IT system", "electronic record",
        "system", "database", "flag", "structure", "governance", "panel", "hub", "MASH",
        "co-locate", "budget", "performance committee", "dashboard", "audit", "assurance"),
}


class RecommendationTyper:
    """Scores every type's cues in a text; the best-scoring type wins."""

    def __init__(self) -> None:
        keys: dict[str, int] = {}
        rows, cols = [], []
        for j, t in enumerate(TYPES):
            for phrase in CUES[t]:
                i = keys.setdefault(phrase_key(phrase), len(keys))
                rows.append(i)
                cols.append(j)
        self.vectorizer = CountVectorizer(analyzer=lambda d: word_ngrams(d, 3), vocabulary=keys,
                                          binary=True)
        self.matrix = sp.csr_matrix((np.ones(len(rows)), (rows, cols)),
                                    shape=(len(keys), len(TYPES)))

    def scores(self, texts: list[str]) -> np.ndarray:
        return np.asarray((self.vectorizer.transform(texts) @ self.matrix).todense())

    def classify(self, texts: list[str]) -> list[str]:
        if not texts:
            return []
        s = self.scores(texts)
        best = s.argmax(axis=1)
        tie = (s == s.max(axis=1, keepdims=True)).sum(axis=1) > 1
        return [FALLBACK if s[i].max() == 0 or tie[i] and s[i, TYPES.index(FALLBACK)] == s[i].max()
                else TYPES[best[i]] for i in range(len(texts))]


def classify(texts: list[str]) -> list[str]:
    return RecommendationTyper().classify([str(t) for t in texts])


def recommendation_types(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every live recommendation with its board, year (of its source) and type."""
    frame = con.sql("""
        SELECT r.recommendation_id, r.board, r.source_id, year(s.source_date) AS year, r.text
        FROM stg_recommendations r LEFT JOIN stg_sources s USING (source_id)
        ORDER BY r.recommendation_id""").pl()
    return frame.with_columns(pl.Series("rec_type", classify(frame["text"].to_list()), pl.Utf8))


def type_mix(types: pl.DataFrame) -> pl.DataFrame:
    """Count and share of each type per board and year (the page's stacked bars)."""
    return (types.group_by("board", "year", "rec_type").len("recommendations")
            .with_columns((pl.col("recommendations") / pl.col("recommendations").sum()
                           .over("board", "year") * 100).round(1).alias("share_pct"))
            .sort("board", "year", "rec_type"))
