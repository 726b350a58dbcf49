"""Analytics over the published demo warehouse (fictional): suggestions written at
publish, emerging topics, recurrence, recommendation types, similar-learning search,
and theme decisions applied through one publish."""
from __future__ import annotations

import shutil
from datetime import date

import duckdb
import polars as pl
import pytest

from etl.themes import topics
from etl.themes import analytics as ta
from etl.themes.decisions import Decision, apply_decisions
from etl.themes.rectypes import TYPES, classify, recommendation_types, type_mix
from etl.themes.recurrence import similar_earlier_reviews
from etl.themes.search import SimilarityIndex, statement_index, statements_frame
from etl.themes.store import load_model


@pytest.fixture()
def con(demo_db):
    c = duckdb.connect(str(demo_db), read_only=True)
    yield c
    c.close()


def test_publish_stored_suggestions_for_every_untagged_statement(con):
    untagged = con.execute("""
        SELECT count(*) FROM (SELECT learning_id AS id FROM stg_learning
                              WHERE len(coalesce(themes, [])) = 0
                              UNION ALL SELECT recommendation_id FROM stg_recommendations
                              WHERE len(coalesce(themes, [])) = 0)
        WHERE id NOT IN (SELECT statement_id FROM statement_themes)""").fetchall()[0][0]
    with_suggestion = con.execute("SELECT count(DISTINCT statement_id) FROM theme_suggestions "
                                  "WHERE suggested").fetchall()[0][0]
    confirmed_suggested = con.execute("SELECT count(*) FROM theme_suggestions s JOIN statement_themes t "
                                      "USING (statement_table, statement_id)").fetchall()[0][0]
    assert untagged > 0 and with_suggestion == untagged
    assert confirmed_suggested == 0  # stored apart: never for a statement with confirmed themes


def test_topics_have_terms_examples_and_coverage(con, demo_db):
    frame = statements_frame(con)
    texts = frame["text"].to_list()
    model = load_model(demo_db)
    found = topics.discover(texts, n_topics=5, theme_scores=model.predict_proba(texts),
                            theme_keys=model.keys)
    assert len(found) == 5
    assert sum(t.size for t in found) <= len(texts)
    for t in found:
        assert len(t.terms) == 8 and t.examples and 0 <= t.coverage <= 1
        assert t.best_theme in model.keys


def test_a_topic_the_typology_does_not_cover_is_flagged():
    """Fictional statements about a subject no theme describes (pets) form a topic with low coverage."""
    pets = [f"The dog {v} in the kitchen during the visit {i}." for i, v in
            enumerate(["barked", "growled", "slept", "was chained", "bit a visitor", "was unfed"] * 3)]
    other = [f"Domestic abuse was reported to the police, case {i}." for i in range(18)]
    from etl.themes.model import ThemeModel
    from etl.themes.typology import read_csv

    model = ThemeModel(read_csv()).fit([], [])
    texts = pets + other
    found = topics.discover(texts, n_topics=2, theme_scores=model.predict_proba(texts),
                            theme_keys=model.keys)
    by_terms = {("dog" in t.terms): t for t in found}
    assert by_terms[True].covered_poorly and not by_terms[False].covered_poorly


def test_recurrence_links_only_earlier_reviews_with_their_action_state(con):
    links = similar_earlier_reviews(con, as_of=date(2026, 11, 23))
    assert links.height > 0
    assert (links["earlier_date"] < links["review_date"]).all()
    assert ((links["actions_open"] + links["actions_completed"] + links["actions_cancelled"])
            <= links["actions"]).all()
    closed = links.filter(pl.col("actions_all_closed"))
    assert (closed["actions_open"] == 0).all() and (closed["actions"] > 0).all()


def test_recommendation_types_classify_by_what_is_asked():
    got = classify(["Update the escalation policy and the threshold document.",
                    "Deliver multi-agency training and a seven minute briefing on neglect.",
                    "Practitioners should see the child alone at every visit.",
                    "Commission a new perinatal mental health service and fund two posts."])
    assert got == list(TYPES)


def test_recommendation_type_mix_per_board_and_year(con):
    types = recommendation_types(con)
    assert set(types["rec_type"]) <= set(TYPES)
    mix = type_mix(types)
    totals = mix.group_by("board", "year").agg(pl.col("share_pct").sum())
    assert ((totals["share_pct"] - 100).abs() < 0.5).all()


def test_similar_search_finds_the_statement_itself_and_neighbours(con, demo_db):
    index = statement_index(demo_db)
    assert statement_index(demo_db) is index  # cached per published version
    frame = index.frame
    text = frame["text"][3]
    hits = index.query(text, top=5)
    assert hits["statement_id"][0] == frame["statement_id"][3]
    assert hits["similarity"][0] == pytest.approx(1.0, abs=1e-3)
    like = index.like(frame["statement_id"][3], top=5)
    assert frame["statement_id"][3] not in like["statement_id"].to_list()
    assert like["similarity"].is_sorted(descending=True)


def test_empty_search_returns_nothing():
    index = SimilarityIndex(pl.DataFrame({"statement_id": ["a"], "text": ["Schools shared concerns."]}))
    assert index.query("   ").height == 0


def test_decisions_are_one_publish_and_accepted_themes_become_confirmed(demo_db, tmp_path):
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(demo_db, db)
    c = duckdb.connect(str(db), read_only=True)
    boards = [r[0] for r in c.execute("SELECT DISTINCT board FROM stg_sources").fetchall()]
    queue = ta.review_queue(ta.runner(c), boards, 0.0).filter(pl.col("suggested"))
    loads_before = c.execute("SELECT count(*) FROM loads").fetchall()[0][0]
    c.close()
    first, second = queue.row(0, named=True), queue.row(1, named=True)
    result = apply_decisions(db, [
        Decision(first["statement_table"], first["statement_id"], first["theme"], "accept", first["score"]),
        Decision(second["statement_table"], second["statement_id"], second["theme"], "reject", second["score"]),
    ], user="business unit")
    assert (result.accepted, result.rejected) == (1, 1)
    c = duckdb.connect(str(db), read_only=True)
    try:
        assert c.execute("SELECT count(*) FROM loads").fetchall()[0][0] == loads_before + 1
        kind, by = c.execute("SELECT kind, loaded_by FROM loads ORDER BY load_id DESC LIMIT 1").fetchall()[0]
        assert (kind, by) == ("themes", "business unit")
        confirmed = c.execute("SELECT origin FROM statement_themes WHERE statement_id = ? AND theme = ?",
                              [first["statement_id"], first["theme"]]).fetchall()
        assert confirmed == [("accepted",)]
        left = c.execute("SELECT count(*) FROM theme_suggestions WHERE statement_id = ?",
                         [first["statement_id"]]).fetchall()[0][0]
        assert left == 0  # now confirmed: no longer suggested
    finally:
        c.close()


def _write_learning(folder, row, themes: str) -> None:
    import csv

    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "learning.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["learning_id", "source_id", "kind", "text", "themes"])
        w.writerow([row[0], row[1], row[2], row[3], themes])


def test_accepted_themes_survive_loads_until_the_input_gives_themes(demo_db, tmp_path):
    from theme_helpers import run_etl

    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(demo_db, db)
    c = duckdb.connect(str(db), read_only=True)
    row = c.execute("""SELECT l.learning_id, l.source_id, l.kind, l.text, s.theme FROM stg_learning l
                       JOIN theme_suggestions s ON s.statement_id = l.learning_id AND s.suggested
                       ORDER BY s.score DESC LIMIT 1""").fetchall()[0]
    c.close()
    apply_decisions(db, [Decision("learning", row[0], row[4], "accept", 0.9)], user="business unit")
    _write_learning(tmp_path / "same", row, "")
    assert run_etl("load", tmp_path / "same", "--db", db, "--today", "2026-11-23").returncode == 0
    c = duckdb.connect(str(db), read_only=True)
    assert c.execute("SELECT theme, origin FROM statement_themes WHERE statement_id = ?",
                     [row[0]]).fetchall() == [(row[4], "accepted")]
    c.close()
    other = "neglect" if row[4] != "neglect" else "education"
    _write_learning(tmp_path / "tagged", row, other)
    assert run_etl("load", tmp_path / "tagged", "--db", db, "--today", "2026-11-23").returncode == 0
    c = duckdb.connect(str(db), read_only=True)
    try:
        assert c.execute("SELECT theme, origin FROM statement_themes WHERE statement_id = ?",
                         [row[0]]).fetchall() == [(other, "input")]
        assert c.execute("SELECT superseded_by_load IS NOT NULL FROM theme_decisions "
                         "WHERE statement_id = ?", [row[0]]).fetchall() == [(True,)]
    finally:
        c.close()
