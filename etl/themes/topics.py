"""Emerging themes (issue 4, point 4): topics discovered in learning text with NMF on
TF-IDF, each with its top terms, example statements and how well the typology covers
it — a topic whose statements fit no typology theme is what a board should look at.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer

from etl.themes.text import STOP_WORDS, normalise

# Words every safeguarding statement uses: they would make every topic look alike.
DOMAIN_STOP = frozenset("""child children young person people family families practitioner
practitioners professional professionals agency agencies review board partner partners
should need needs ensure make made case cases work working service services support""".split())


@dataclass
class Topic:
    number: int
    terms: list[str]
    size: int                   # statements whose strongest topic this is
    examples: list[int]         # row indices of the most typical statements
    coverage: float             # mean best typology score of its statements (0–1)
    best_theme: str | None      # the typology theme its statements most often get

    @property
    def covered_poorly(self) -> bool:
        return self.coverage < 0.35


def _vectorizer(min_df: int) -> TfidfVectorizer:
    return TfidfVectorizer(preprocessor=normalise, stop_words=sorted(STOP_WORDS | DOMAIN_STOP),
                           token_pattern=r"(?u)\b[a-z][a-z\-']{2,}\b", ngram_range=(1, 2),
                           min_df=min_df, max_df=0.5, sublinear_tf=True)


def discover(texts: list[str], n_topics: int = 8, n_terms: int = 8, n_examples: int = 3,
             theme_scores: np.ndarray | None = None, theme_keys: list[str] | None = None,
             seed: int = 0) -> list[Topic]:
    """Topics of `texts`, largest first. `theme_scores` (texts × themes, e.g. the theme
    model's predict_proba) gives each topic its typology coverage."""
    texts = [str(t) for t in texts]
    if len(texts) < max(4, n_topics):
        return []
    vec = _vectorizer(2 if len(texts) >= 50 else 1)
    try:
        X = vec.fit_transform(texts)
    except ValueError:  # nothing left after stop words
        return []
    k = min(n_topics, X.shape[1], len(texts) - 1)
    nmf = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=300)
    W = nmf.fit_transform(X)
    terms = vec.get_feature_names_out()
    owner = W.argmax(axis=1)
    topics = []
    for j in range(k):
        members = np.flatnonzero((owner == j) & (W[:, j] > 0))
        order = members[np.argsort(-W[members, j])]
        coverage, best = 1.0, None
        if theme_scores is not None and len(members):
            coverage = float(theme_scores[members].max(axis=1).mean())
            if theme_keys:
                best = theme_keys[int(np.bincount(theme_scores[members].argmax(axis=1)).argmax())]
        topics.append(Topic(j, [terms[i] for i in np.argsort(-nmf.components_[j])[:n_terms]],
                            len(members), order[:n_examples].tolist(), coverage, best))
    topics.sort(key=lambda t: -t.size)
    for i, t in enumerate(topics, 1):
        t.number = i
    return topics
