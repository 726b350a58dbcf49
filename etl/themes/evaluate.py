"""Group-wise cross-validation of the theme model on a labelled file.

Statements of one review share a `group`, so a fold never trains on a sibling of a
statement it is scored on (that would flatter the model). Each fold trains on the
warehouse's confirmed tags (when given) plus the other folds, as `themes evaluate`
promises.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import GroupKFold

from etl.themes.model import ModelConfig, ThemeModel
from etl.themes.typology import Theme


@dataclass
class Scores:
    micro_f1: float
    macro_f1: float
    per_theme: dict[str, dict[str, float]]  # key -> precision, recall, f1, support, predicted


def f1_scores(true: list[list[str]], pred: list[list[str]], keys: list[str]) -> Scores:
    """Micro-F1 over every (statement, theme) pair; macro-F1 over themes present in truth."""
    tp = {k: 0 for k in keys}
    fp = dict(tp)
    fn = dict(tp)
    for t, p in zip(true, pred):
        t, p = set(t), set(p)
        for k in t & p:
            tp[k] = tp.get(k, 0) + 1
        for k in p - t:
            fp[k] = fp.get(k, 0) + 1
        for k in t - p:
            fn[k] = fn.get(k, 0) + 1
    all_tp, all_fp, all_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    micro = 2 * all_tp / max(2 * all_tp + all_fp + all_fn, 1)
    per = {}
    for k in tp:
        prec = tp[k] / (tp[k] + fp[k]) if tp[k] + fp[k] else 0.0
        rec = tp[k] / (tp[k] + fn[k]) if tp[k] + fn[k] else 0.0
        f1 = 2 * tp[k] / (2 * tp[k] + fp[k] + fn[k]) if tp[k] + fp[k] + fn[k] else 0.0
        per[k] = {"precision": prec, "recall": rec, "f1": f1,
                  "support": tp[k] + fn[k], "predicted": tp[k] + fp[k]}
    present = [k for k in per if per[k]["support"]]
    macro = float(np.mean([per[k]["f1"] for k in present])) if present else 0.0
    return Scores(micro, macro, per)


def cross_validated_scores(texts: list[str], labels: list[list[str]], groups: list[str],
                           themes: list[Theme], extra_texts: list[str] = (),
                           extra_labels: list[list[str]] = (), extra_weights=None,
                           folds: int = 5, config: ModelConfig | None = None,
                           own_weight: float = 1.0, examples=None) -> np.ndarray:
    """Out-of-fold score matrix (texts × themes) for every labelled text."""
    config = config or ModelConfig()
    n_groups = len(set(groups))
    folds = max(2, min(folds, n_groups))
    scores = np.zeros((len(texts), len(themes)))
    extra_texts, extra_labels = list(extra_texts), list(extra_labels)
    ew = np.ones(len(extra_texts)) if extra_weights is None else np.asarray(extra_weights, float)
    for train, test in GroupKFold(n_splits=folds).split(texts, groups=groups):
        fit_texts = extra_texts + [texts[i] for i in train]
        fit_labels = extra_labels + [labels[i] for i in train]
        weights = np.concatenate([ew, np.full(len(train), own_weight)])
        model = ThemeModel(themes, config, examples).fit(fit_texts, fit_labels, weights)
        scores[test] = model.predict_proba([texts[i] for i in test])
    return scores
