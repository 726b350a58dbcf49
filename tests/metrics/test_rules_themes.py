"""RULES.md "Themes": confirmed themes (input, or accepted when the input gave none),
counts of distinct statements and distinct reviews/audits; plus the staging views'
withdrawal cascade agreeing with the load layer's `withdrawn_keys`."""
from __future__ import annotations

from datetime import date, datetime

from tests.metrics.conftest import BOARD, OTHER_BOARD


def decide(wh, decision_id, table, sid, theme, decision, superseded=None):
    wh.con.execute("INSERT INTO theme_decisions VALUES (?, ?, ?, ?, ?, 0.9, 'Business manager', ?, 1, ?)",
                   [decision_id, table, sid, theme, decision,
                    datetime(2026, 7, 1, 9, decision_id), superseded])


def confirmed(wh):
    return {(r["statement_table"], r["statement_id"], r["theme"]): r["origin"]
            for r in wh.rows("SELECT * FROM statement_themes")}


def test_input_themes_win_and_accepted_only_when_input_gave_none(wh):
    wh.learning("L-input", "R-N", themes=["neglect", "voice_of_child"])
    wh.learning("L-untagged", "R-N")
    wh.learning("L-empty", "R-N", themes=[])
    wh.recommendation("REC-x", "R-N")
    decide(wh, 1, "learning", "L-input", "housing_poverty", "accept")     # input wins
    decide(wh, 2, "learning", "L-untagged", "neglect", "accept")
    decide(wh, 3, "learning", "L-untagged", "safe_sleep", "accept")
    decide(wh, 4, "learning", "L-untagged", "safe_sleep", "reject")       # latest decision wins
    decide(wh, 5, "learning", "L-empty", "education", "accept", superseded=7)
    decide(wh, 6, "recommendations", "REC-x", "hidden_men", "accept")
    assert confirmed(wh) == {
        ("learning", "L-input", "neglect"): "input",
        ("learning", "L-input", "voice_of_child"): "input",
        ("learning", "L-untagged", "neglect"): "accepted",
        ("recommendations", "REC-x", "hidden_men"): "accepted",
    }


def test_suggestions_are_never_confirmed(wh):
    wh.learning("L-1", "R-N")
    wh.con.execute("INSERT INTO theme_suggestions VALUES ('learning', 'L-1', 'neglect', 0.99, TRUE, 'v1')")
    assert confirmed(wh) == {}


def test_theme_counts_distinct_statements_and_sources_with_audit_own_themes(wh):
    wh.review("R-2")
    wh.learning("L-1", "R-N", themes=["neglect"])
    wh.learning("L-2", "R-N", themes=["neglect"])
    wh.recommendation("REC-2", "R-2", themes=["neglect"])
    wh.audit("AU-1", themes=["neglect", "education"], reported_date=date(2026, 5, 1))
    wh.learning("L-3", "AU-1", themes=["neglect"])
    wh.learning("L-S", "R-S", themes=["neglect"])
    counts = {(r["board"], r["theme"]): r for r in wh.rows("SELECT * FROM theme_counts")}
    n = counts[(BOARD, "neglect")]
    assert (n["statements"], n["sources"], n["reviews"], n["audits"]) == (4, 3, 2, 1)
    e = counts[(BOARD, "education")]
    assert (e["statements"], e["sources"], e["audits"]) == (0, 1, 1)
    assert counts[(OTHER_BOARD, "neglect")]["statements"] == 1


def test_withdrawn_statements_and_sources_drop_their_themes(wh):
    wh.review("R-2")
    wh.learning("L-1", "R-2", themes=["neglect"])
    wh.learning("L-2", "R-N", themes=["education"])
    wh.withdraw("reviews", "R-2")
    wh.withdraw("learning", "L-2")
    assert confirmed(wh) == {}


def test_staging_cascade_matches_withdrawn_keys(wh):
    """Every row the staging views drop is one `withdrawn_keys` (01_withdrawn.sql) lists."""
    wh.review("R-2")
    wh.recommendation("REC-2", "R-2")
    wh.learning("L-2", "R-2")
    wh.action("A-2", date(2026, 9, 30), recommendation_id="REC-2")
    wh.update("A-2", date(2026, 3, 31))
    wh.audit("AU-1")
    wh.grade("AU-1", "C1", "Good")
    wh.recommendation("REC-AU", "AU-1")
    wh.measure("M-1")
    wh.value("M-1", date(2026, 3, 31), 1)
    wh.action("A-3", date(2026, 9, 30))
    wh.update("A-3", date(2026, 3, 31))
    wh.update("A-3", date(2026, 4, 30))
    for table, key in [("reviews", "R-2"), ("audits", "AU-1"), ("measures", "M-1"),
                       ("action_updates", "A-3|2026-04-30")]:
        wh.withdraw(table, key)
    dropped = wh.rows("""
        SELECT 'reviews' t, review_id k FROM reviews EXCEPT SELECT 'reviews', review_id FROM stg_reviews
        UNION ALL SELECT 'audits', audit_id FROM audits EXCEPT SELECT 'audits', audit_id FROM stg_audits
        UNION ALL SELECT 'learning', learning_id FROM learning
            EXCEPT SELECT 'learning', learning_id FROM stg_learning
        UNION ALL SELECT 'recommendations', recommendation_id FROM recommendations
            EXCEPT SELECT 'recommendations', recommendation_id FROM stg_recommendations
        UNION ALL SELECT 'actions', action_id FROM actions EXCEPT SELECT 'actions', action_id FROM stg_actions
        UNION ALL SELECT 'action_updates', action_id || '|' || reported_on FROM action_updates
            EXCEPT SELECT 'action_updates', action_id || '|' || reported_on FROM stg_action_updates
        UNION ALL SELECT 'audit_grades', concat_ws('|', audit_id, case_ref, agency, domain) FROM audit_grades
            EXCEPT SELECT 'audit_grades', concat_ws('|', audit_id, case_ref, agency, domain) FROM stg_audit_grades
        UNION ALL SELECT 'measures', measure_id FROM measures EXCEPT SELECT 'measures', measure_id FROM stg_measures
        UNION ALL SELECT 'measure_values', measure_id || '|' || period_end FROM measure_values
            EXCEPT SELECT 'measure_values', measure_id || '|' || period_end FROM stg_measure_values""")
    ours = {(r["t"], r["k"]) for r in dropped}
    theirs = {(r["table_name"], r["row_key"]) for r in wh.rows("SELECT * FROM withdrawn_keys")}
    assert ours == theirs
    assert ("action_updates", "A-2|2026-03-31") in ours and ("audit_grades", "AU-1|C1|Police|Assessment") in ours
    assert ("recommendations", "REC-AU") in ours and ("measure_values", "M-1|2026-03-31") in ours


def test_theme_counts_in_a_period_use_the_source_date(wh):
    wh.review("R-IN", completed_date=date(2026, 5, 1))
    wh.review("R-OUT", completed_date=date(2026, 1, 1))
    wh.learning("L-IN", "R-IN", themes=["neglect"])
    wh.learning("L-OUT", "R-OUT", themes=["neglect"])
    wh.audit("AU-IN", themes=["neglect"], reported_date=date(2026, 6, 30))
    got = {(r["board"], r["theme"]): r for r in
           wh.rows("SELECT * FROM theme_counts_in('2026-04-01', '2026-06-30')")}
    n = got[(BOARD, "neglect")]
    assert (n["statements"], n["sources"], n["reviews"], n["audits"]) == (1, 2, 1, 1)
