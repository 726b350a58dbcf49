"""The theme model on real statements: cold start, learning from tags, robustness to
templated (generated) text. Scores are measured, never hard-coded."""
from __future__ import annotations

import numpy as np
import pytest

from etl.themes.evaluate import cross_validated_scores, f1_scores
from etl.themes.model import ModelConfig, ThemeModel, duplicate_weights
from etl.themes.typology import read_csv

THEMES = read_csv()
KEYS = [t.key for t in THEMES]


def _labels(rows):
    return [[x for x in r["labels"].split(";") if x] for r in rows]


def _f1(model, scores, truth):
    chosen = model.decide(scores)
    pred = [[KEYS[j] for j in np.flatnonzero(r)] for r in chosen]
    return f1_scores(truth, pred, KEYS)


def test_cold_start_suggests_themes_nobody_has_tagged():
    """Fictional statements; the model has seen no confirmed tag at all."""
    model = ThemeModel(THEMES).fit([], [])
    texts = ["The infant died while co-sleeping with a parent on a sofa.",
             "The mother's new boyfriend moved into the household without any checks.",
             "The family were placed in temporary accommodation after being made homeless."]
    got = [keys for keys, _ in model.suggest(texts)]
    assert "safe_sleep" in got[0]
    assert "hidden_men" in got[1]
    assert "housing_poverty" in got[2]


def test_a_theme_absent_from_training_is_still_suggested(eval_rows):
    """Train on real tags that never use safe_sleep: the typology still carries it."""
    rows = [r for r in eval_rows if "safe_sleep" not in r["labels"]]
    model = ThemeModel(THEMES).fit([r["text"] for r in rows], _labels(rows))
    keys, scores = model.suggest(["Advice on safe sleeping arrangements for the baby was "
                                  "not given, and bed sharing continued."])[0]
    assert "safe_sleep" in keys
    assert scores["safe_sleep"] >= model.config.threshold


def test_confirmed_tags_improve_on_the_typology_alone(eval_rows):
    texts, labels = [r["text"] for r in eval_rows], _labels(eval_rows)
    groups = [r["group"] for r in eval_rows]
    zero = ThemeModel(THEMES).fit([], [])
    cold = _f1(zero, zero.predict_proba(texts), labels)
    warm = _f1(zero, cross_validated_scores(texts, labels, groups, THEMES, folds=5), labels)
    assert warm.micro_f1 > cold.micro_f1
    assert warm.micro_f1 >= 0.70


def test_it_learns_a_boards_own_vocabulary_from_confirmed_tags():
    """A (fictional) local term the typology does not know: after people confirm tags on
    statements using it, new statements using it get that theme."""
    probe = "Referrals through the Lantern hub were turned back again this year."
    before = ThemeModel(THEMES).fit([], []).suggest([probe])[0]
    texts = [f"The Lantern hub {v} the request for support." for v in
             ("declined", "did not accept", "returned", "refused", "closed")]
    texts += ["Statements about parenting capacity were recorded.",
              "The chronology was incomplete.", "Training on neglect was delivered."]
    labels = [["thresholds_access"]] * 5 + [["risk_assessment"], ["recording_chronology"],
                                            ["training_workforce"]]
    after = ThemeModel(THEMES).fit(texts, labels).suggest([probe])[0]
    assert after[1]["thresholds_access"] > before[1]["thresholds_access"] + 0.1
    assert "thresholds_access" in after[0]


def test_templated_text_does_not_drown_real_tags(eval_rows):
    """2,000 generated near-identical statements, all tagged policy_procedure, next to a
    board's real tags: cross-validated F1 on the real statements barely moves."""
    texts, labels = [r["text"] for r in eval_rows], _labels(eval_rows)
    groups = [r["group"] for r in eval_rows]
    rng = np.random.default_rng(3)
    generated = [f"Fictional review {i}: the procedure for {w} was not followed by the agency."
                 for i, w in zip(range(2000), rng.choice(["referrals", "visits", "meetings"], 2000))]
    base = _f1(ThemeModel(THEMES), cross_validated_scores(texts, labels, groups, THEMES), labels)
    noisy = _f1(ThemeModel(THEMES), cross_validated_scores(
        texts, labels, groups, THEMES, generated, [["policy_procedure"]] * 2000), labels)
    assert noisy.micro_f1 >= base.micro_f1 - 0.03
    assert noisy.per_theme["policy_procedure"]["predicted"] <= base.per_theme["policy_procedure"]["predicted"] + 3


def test_near_duplicates_share_one_weight():
    texts = ["The plan was not reviewed in case 1.", "The plan was not reviewed in case 2.",
             "Schools did not share attendance concerns with the health visitor."]
    w = duplicate_weights(texts, 0.8)
    assert w[0] == pytest.approx(0.5) and w[1] == pytest.approx(0.5)
    assert w[2] == pytest.approx(1.0)


def test_suggestions_are_capped_and_ordered():
    model = ThemeModel(THEMES, ModelConfig(max_themes=2)).fit([], [])
    keys, scores = model.suggest(["Domestic abuse, drug use, parental mental illness, neglect "
                                  "and homelessness were all present; the school was unaware."])[0]
    assert 1 <= len(keys) <= 2
    assert list(scores)[: len(keys)] == keys
    assert all(0.0 <= s <= 1.0 for s in scores.values())


def test_worked_examples_improve_tagging_of_reviews_never_seen():
    """bench/theme_check.csv: fictional statements from invented reviews, written apart from
    the typology and its examples and never trained on. From the typology alone (no
    confirmed tag), its worked examples must lift micro-F1 clearly."""
    import csv

    from tests.project import ROOT

    with open(ROOT / "bench" / "theme_check.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    texts, truth = [r["text"] for r in rows], _labels(rows)
    results = {}
    for name, examples in (("with", None), ("without", [])):
        model = ThemeModel(THEMES, examples=examples).fit([], [])
        results[name] = _f1(model, model.predict_proba(texts), truth).micro_f1
    assert results["with"] >= results["without"] + 0.03, results
