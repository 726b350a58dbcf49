"""The theme model: multi-label suggestions for learning points and recommendations.

Two parts, blended per theme:
- a supervised part: TF-IDF (stemmed word 1–2 grams + character 3–5 grams of words) and
  one logistic regression per theme (liblinear, dual, balanced classes), trained on
  confirmed tags plus the typology as pseudo-examples: its definitions, cue phrases and
  worked examples (data/typology_examples.csv: fictional statements labelled as an
  annotator would, so from a cold start the model has met every theme in sentences that
  describe it indirectly, not only in keywords);
- a prior part from the typology: how many of a theme's cue phrases occur in the
  statement (stemmed, stop words ignored), so a theme nobody has tagged yet is still
  suggested (cold start).
A theme's supervised part is trusted in proportion to its confirmed evidence
(`n / (n + prior_k)`), so the model improves as people confirm tags. Training rows are
weighted down when they are near-duplicates of each other and when their wording is
templated (content trigrams shared with many other rows), so a generator's text (the
demo) cannot drown a board's real tags. Decision: every theme scoring ≥ `threshold`,
always the best theme when it reaches `top_floor`, at most `max_themes`; defaults from
group-wise CV (`python -m etl themes evaluate`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from etl.themes.text import ngrams, normalise, phrase_key, stems
from etl.themes.typology import Example, Theme, read_examples_csv


@dataclass(frozen=True)
class ModelConfig:
    """Hyper-parameters; defaults chosen by group-wise CV (see `themes evaluate`)."""

    C: float = 4.0                 # inverse regularisation of each logistic regression
    # prior_k 25 / pseudo_weight 1.0: the typology's definitions and cue phrases weigh as
    # much as a confirmed row and are trusted longer, which helps most for themes a board
    # has rarely or never tagged (CV on the 59-statement eval set and its cold-start runs).
    prior_k: float = 25.0          # confirmed weight at which supervised and prior count alike
    # prior_share 0.3 / example_weight 2: with worked examples the supervised part knows
    # every theme from the start, so the cue prior weighs less (bench_theme_quality.py).
    prior_share: float = 0.3       # share of the cue prior in a theme nobody has confirmed
    cue_rate: float = 0.9          # prior = 1 - exp(-cue_rate * weighted cue matches)
    single_word_cue: float = 0.6   # a one-word cue counts less than a phrase
    pseudo_weight: float = 1.0     # weight of each typology pseudo-example (a confirmed row's)
    example_weight: float = 2.0    # weight of each worked example of the typology
    threshold: float = 0.375       # suggest a theme at or above this score
    top_floor: float = 0.12        # always suggest the best theme if it reaches this
    max_themes: int = 4            # never suggest more than this many
    dup_similarity: float = 0.8    # rows this similar count as one template
    char_ngrams: bool = True
    template_power: float = 2.0    # how hard generated (templated) text is weighted down
    max_train: int = 6000          # confirmed rows beyond this are sampled (by weight)
    tol: float = 1e-2              # solver tolerance: ample for ranking, 5× faster than 1e-4


def _template_key(text: str) -> str:
    """A text with numbers and identifiers blanked: what a generator's template leaves."""
    return re.sub(r"\b\w*\d\w*\b", "#", " ".join(normalise(text).split()))


def duplicate_weights(texts: list[str], similarity: float, max_rows: int = 5_000) -> np.ndarray:
    """1 / (number of near-duplicates) for each text, so templated text counts as one.

    Near-duplicates: cosine similarity ≥ `similarity` of binary word sets, numbers and
    ids blanked (template fill-ins). Computed in chunks; beyond `max_rows` only texts
    identical once numbers are blanked are merged.
    """
    n = len(texts)
    if n == 0:
        return np.ones(0)
    keys = [_template_key(t) for t in texts]
    if n > max_rows:
        _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        return 1.0 / counts[inverse]
    X = normalize(CountVectorizer(binary=True, token_pattern=r"\S+").fit_transform(keys)
                  .astype(np.float64))
    counts = np.zeros(n)
    step = 2000
    for start in range(0, n, step):
        block = (X[start:start + step] @ X.T).tocsr()
        block.data = (block.data >= similarity - 1e-9).astype(np.float64)
        counts[start:start + step] = np.asarray(block.sum(axis=1)).ravel()
    return 1.0 / np.maximum(counts, 1.0)


def _trigrams(text: str) -> list[str]:
    toks = stems(text)
    return [" ".join(toks[i:i + 3]) for i in range(len(toks) - 2)] or [" ".join(toks)]


def template_weights(texts: list[str], min_df: int = 3, floor: float = 0.02,
                     power: float = 2.0) -> np.ndarray:
    """Down-weights generated (templated) text: (1 − f)², f = the share of a text's
    content-word trigrams that also occur in at least `min_df` − 1 other texts.

    Real review statements almost never share a content trigram (f ≈ 0 → weight 1);
    text assembled from a generator's phrase bank mostly does (f ≈ 0.6 → 0.16), so the
    demo's text cannot drown a board's real tags however many rows it has.
    """
    if not texts:
        return np.ones(0)
    X = CountVectorizer(analyzer=_trigrams, binary=True).fit_transform(texts)
    common = (np.asarray(X.sum(axis=0)).ravel() >= min_df).astype(np.float64)
    share = (X @ common) / np.maximum(np.asarray(X.sum(axis=1)).ravel(), 1)
    return np.maximum((1.0 - share) ** power, floor)


def _bigrams(toks: list[str]) -> list[str]:
    return ngrams(toks, 2)


class CueScorer:
    """Counts each theme's typology cue phrases in a text (stemmed n-gram match)."""

    def __init__(self, themes: list[Theme], single_word_weight: float):
        keys: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for j, theme in enumerate(themes):
            for phrase in (*theme.cue_phrases, theme.label):
                key = phrase_key(phrase)
                if not key:
                    continue
                i = keys.setdefault(key, len(keys))
                rows.append(i)
                cols.append(j)
                vals.append(1.0 if " " in key else single_word_weight)
        self.max_n = max((k.count(" ") + 1 for k in keys), default=1)
        self.starts = frozenset(k.split(" ")[0] for k in keys if " " in k)
        self.vectorizer = CountVectorizer(analyzer=self._analyse, vocabulary=keys, binary=True)
        M = sp.coo_matrix((vals, (rows, cols)), shape=(len(keys), len(themes))).tocsr()
        M.sum_duplicates()
        self.matrix = M

    def _analyse(self, toks: list[str]) -> list[str]:
        return ngrams(toks, self.max_n, self.starts)

    def counts(self, texts: list[str], tokens: list[list[str]] | None = None) -> np.ndarray:
        """Weighted number of distinct cue phrases of each theme found in each text."""
        X = self.vectorizer.transform(tokens if tokens is not None else [stems(t) for t in texts])
        return np.asarray((X @ self.matrix).todense())


class CharFeatures:
    """Character 3–5 grams of words (as `char_wb`), computed once per distinct word.

    Texts are split into words, each distinct word's n-grams are computed once and a
    text's counts are the sum over its words: the same features as scikit-learn's
    `char_wb`, but 100,000 statements take about a second instead of twenty.
    """

    def __init__(self) -> None:
        self.grams = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2)
        self.tfidf = TfidfTransformer(sublinear_tf=True)

    @staticmethod
    def _words(texts: list[str]) -> tuple[sp.csr_matrix, list[str]]:
        counter = CountVectorizer(preprocessor=normalise, token_pattern=r"(?u)\b\w\w+\b")
        try:
            D = counter.fit_transform(texts)
        except ValueError:  # no word at all
            return sp.csr_matrix((len(texts), 0)), []
        return D, counter.get_feature_names_out().tolist()

    def fit_transform(self, texts: list[str]) -> sp.csr_matrix:
        D, words = self._words(texts)
        if len(words) < 200:  # tiny corpora: keep every n-gram rather than none
            self.grams.set_params(min_df=1)
        self.grams.fit(words)
        return self.tfidf.fit_transform(D @ self.grams.transform(words))

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        D, words = self._words(texts)
        if not words:
            return sp.csr_matrix((len(texts), len(self.grams.vocabulary_)))
        return self.tfidf.transform(D @ self.grams.transform(words))


@dataclass
class ThemeModel:
    themes: list[Theme]
    config: ModelConfig = field(default_factory=ModelConfig)
    examples: list[Example] | None = None  # None: the worked examples shipped in data/

    def __post_init__(self) -> None:
        if self.examples is None:
            self.examples = read_examples_csv()
        self.keys = [t.key for t in self.themes]
        self.cues = CueScorer(self.themes, self.config.single_word_cue)
        self.trust = np.zeros(len(self.keys))
        self.classifiers: list[LogisticRegression | float] = []
        self.n_training = 0

    # ---------------------------------------------------------------- fitting
    def _features_fit(self, texts: list[str]) -> sp.csr_matrix:
        self.word = TfidfVectorizer(analyzer=_bigrams, sublinear_tf=True, min_df=1)
        parts = [self.word.fit_transform([stems(t) for t in texts])]
        if self.config.char_ngrams:
            self.char = CharFeatures()
            parts.append(self.char.fit_transform(texts))
        return normalize(sp.hstack(parts).tocsr())

    def features(self, texts: list[str], tokens: list[list[str]] | None = None) -> sp.csr_matrix:
        tokens = tokens if tokens is not None else [stems(t) for t in texts]
        parts = [self.word.transform(tokens)]
        if self.config.char_ngrams:
            parts.append(self.char.transform(texts))
        return normalize(sp.hstack(parts).tocsr())

    def _pseudo_examples(self) -> tuple[list[str], list[list[str]], np.ndarray]:
        """The typology as training rows: one per definition, one per cue phrase, one per
        worked example (keys outside this typology dropped); and their weights."""
        texts, labels = [], []
        for theme in self.themes:
            texts.append(f"{theme.label}. {theme.definition}")
            labels.append([theme.key])
            for phrase in theme.cue_phrases:
                texts.append(phrase)
                labels.append([theme.key])
        weights = [self.config.pseudo_weight] * len(texts)
        known = set(self.keys)
        for example in self.examples:
            themes = [k for k in example.themes if k in known]
            if themes:
                texts.append(example.text)
                labels.append(themes)
                weights.append(self.config.example_weight)
        return texts, labels, np.asarray(weights, dtype=float)

    def _cap(self, texts, labels, weights):
        """At most `max_train` rows, drawn with probability ∝ weight (deterministic), so
        fitting stays fast at regional scale; the sample's rows then weigh alike."""
        n, cap = len(texts), self.config.max_train
        if n <= cap:
            return texts, labels, weights
        rng = np.random.default_rng(0)
        keep = np.sort(rng.choice(n, size=cap, replace=False, p=weights / weights.sum()))
        mean = float(weights.sum() / cap)
        return ([texts[i] for i in keep], [labels[i] for i in keep], np.full(cap, mean))

    def fit(self, texts: list[str], labels: list[list[str]],
            weights: np.ndarray | None = None) -> "ThemeModel":
        """Fit on confirmed statements (texts, their theme keys) and the typology.

        `weights` multiplies the near-duplicate weights (e.g. per-board balancing).
        """
        texts = [str(t) for t in texts]
        w_real = duplicate_weights(texts, self.config.dup_similarity) * template_weights(
            texts, power=self.config.template_power)
        if weights is not None:
            w_real = w_real * np.asarray(weights, dtype=float)
        texts, labels, w_real = self._cap(texts, list(labels), w_real)
        p_texts, p_labels, p_weights = self._pseudo_examples()
        all_texts = texts + p_texts
        all_labels = list(labels) + p_labels
        w = np.concatenate([w_real, p_weights])
        X = self._features_fit(all_texts)
        index = {k: j for j, k in enumerate(self.keys)}
        Y = np.zeros((len(all_texts), len(self.keys)), dtype=bool)
        for i, labs in enumerate(all_labels):
            for lab in labs:
                if lab in index:
                    Y[i, index[lab]] = True
        real = np.zeros(len(all_texts), dtype=bool)
        real[: len(texts)] = True
        self.trust = np.array([(w_real[Y[: len(texts), j]]).sum() for j in range(len(self.keys))])
        self.trust = self.trust / (self.trust + self.config.prior_k)
        self.classifiers = []
        for j in range(len(self.keys)):
            y = Y[:, j]
            if y.all() or not y.any():
                self.classifiers.append(float(y.mean()))
                continue
            clf = LogisticRegression(C=self.config.C, solver="liblinear", dual=True,
                                     class_weight="balanced",
                                     tol=self.config.tol)
            clf.fit(X, y, sample_weight=w)
            self.classifiers.append(clf)
        self.n_training = len(texts)
        return self

    # ------------------------------------------------------------- predicting
    def supervised(self, X: sp.csr_matrix) -> np.ndarray:
        out = np.zeros((X.shape[0], len(self.keys)))
        for j, clf in enumerate(self.classifiers):
            out[:, j] = clf if isinstance(clf, float) else clf.predict_proba(X)[:, 1]
        return out

    def prior(self, texts: list[str], tokens: list[list[str]] | None = None) -> np.ndarray:
        return 1.0 - np.exp(-self.config.cue_rate * self.cues.counts(texts, tokens))

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Score in [0, 1] of every theme for every text (rows: texts, columns: self.keys)."""
        texts = [str(t) for t in texts]
        if not texts:
            return np.zeros((0, len(self.keys)))
        tokens = [stems(t) for t in texts]  # stemmed once, used by both parts
        sup = self.supervised(self.features(texts, tokens))
        pri = self.prior(texts, tokens)
        a = self.trust[None, :]
        b = self.config.prior_share
        return a * sup + (1 - a) * ((1 - b) * sup + b * pri)

    def decide(self, scores: np.ndarray) -> np.ndarray:
        """Boolean matrix of suggested themes from scores (threshold, top floor, cap)."""
        cfg = self.config
        chosen = scores >= cfg.threshold
        if scores.shape[1]:
            top = scores.argmax(axis=1)
            rows = np.arange(len(scores))
            chosen[rows, top] |= scores[rows, top] >= cfg.top_floor
            if cfg.max_themes:
                rank = np.argsort(-scores, axis=1).argsort(axis=1)
                chosen &= rank < cfg.max_themes
        return chosen

    def suggest(self, texts: list[str]) -> list[tuple[list[str], dict[str, float]]]:
        """For each text: suggested keys (best first) and every theme's score (best first)."""
        return list(self.ranked(self.predict_proba(texts)))

    def ranked(self, scores: np.ndarray, floor: float = 0.0):
        """Yield (suggested keys, {key: score ≥ floor}) per row, best first — one sort for
        all rows, so 100,000 statements are formatted in a second or two."""
        chosen = self.decide(scores)
        order = np.argsort(-scores, axis=1)
        top = np.take_along_axis(scores, order, axis=1)
        picked = np.take_along_axis(chosen, order, axis=1)
        keys = np.asarray(self.keys, dtype=object)
        for o, s, c in zip(order, top, picked):
            keep = s >= floor
            yield list(keys[o[c]]), dict(zip(keys[o[keep]], s[keep].tolist()))

    def with_config(self, **changes) -> "ThemeModel":
        """Same fitted model, other decision settings (threshold tuning without refit)."""
        clone = object.__new__(ThemeModel)
        clone.__dict__.update(self.__dict__)
        clone.config = replace(self.config, **changes)
        return clone
