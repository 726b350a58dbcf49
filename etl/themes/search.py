"""Similar-learning search (issue 4, point 7) and the text similarity that recurrence
uses: TF-IDF over stemmed words and character n-grams, cosine similarity.

An index is built once per published warehouse version (`statement_index(db)`,
cached by file identity) and answers a typed phrase or a statement id.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from etl.themes.model import CharFeatures
from etl.themes.text import word_ngrams


@dataclass
class SimilarityIndex:
    """Statements (a polars frame with at least `text`) and their unit-length vectors."""

    frame: pl.DataFrame

    def __post_init__(self) -> None:
        texts = self.frame["text"].cast(pl.Utf8).fill_null("").to_list()
        self.word = TfidfVectorizer(analyzer=word_ngrams, sublinear_tf=True)
        self.char = CharFeatures()
        if texts:
            self.matrix = self._stack(self.word.fit_transform(texts), self.char.fit_transform(texts))
        else:
            self.matrix = sp.csr_matrix((0, 0))

    @staticmethod
    def _stack(a: sp.csr_matrix, b: sp.csr_matrix) -> sp.csr_matrix:
        return normalize(sp.hstack([a, 0.5 * normalize(b)]).tocsr())

    def vectors(self, texts: list[str]) -> sp.csr_matrix:
        return self._stack(self.word.transform(texts), self.char.transform(texts))

    def query(self, text: str, top: int = 10, exclude: int | None = None,
              min_score: float = 0.05) -> pl.DataFrame:
        """The `top` statements most similar to `text`, best first, with `similarity`."""
        if self.frame.height == 0 or not str(text).strip():
            return self.frame.head(0).with_columns(pl.lit(0.0).alias("similarity"))
        sims = (self.matrix @ self.vectors([text]).T).toarray().ravel()
        if exclude is not None:
            sims[exclude] = -1
        order = np.argsort(-sims)[:top]
        order = order[sims[order] >= min_score]
        return self.frame[order.tolist()].with_columns(
            pl.Series("similarity", np.round(sims[order], 3)))

    def like(self, statement_id: str, top: int = 10) -> pl.DataFrame:
        """Statements most similar to a stored statement (itself left out)."""
        hits = np.flatnonzero((self.frame["statement_id"] == statement_id).to_numpy())
        if not len(hits):
            return self.query("", top)
        i = int(hits[0])
        return self.query(self.frame["text"][i], top, exclude=i)


def statements_frame(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every live statement with its review/audit, board, kind and date."""
    return con.sql("""
        SELECT 'learning' AS statement_table, l.learning_id AS statement_id, l.kind, l.text,
               l.board, l.source_id, s.title AS source_title, s.source_date
        FROM stg_learning l LEFT JOIN stg_sources s USING (source_id)
        UNION ALL
        SELECT 'recommendations', r.recommendation_id, 'Recommendation', r.text,
               r.board, r.source_id, s.title, s.source_date
        FROM stg_recommendations r LEFT JOIN stg_sources s USING (source_id)
        ORDER BY statement_table, statement_id""").pl()


@lru_cache(maxsize=4)
def _index_for(identity: tuple) -> SimilarityIndex:
    from etl.themes.store import connect_readonly

    con = connect_readonly(Path(identity[0]))
    try:
        return SimilarityIndex(statements_frame(con))
    finally:
        con.close()


def statement_index(db: str | os.PathLike) -> SimilarityIndex:
    """The similarity index of a published version, cached by file identity."""
    from etl.themes.store import _file_identity

    return _index_for(_file_identity(Path(db)))
