"""Every dashboard page opened with AppTest on a hand-made warehouse; the key numbers are
checked against RULES.md computed independently from the fixture rows (dash_expected.py)."""
from __future__ import annotations

from datetime import date

import pytest
from dash_fixtures import fixture_db, open_app  # noqa: F401  (fixtures)
from dash_helpers import PAGES, metric, no_errors, table_with

import dash_expected as expected
import dash_fixture_rows as fx

D = date(2026, 6, 30)          # as-of of the default quarter 2026Q2 (today pinned 2026-07-15)
P = date(2026, 3, 31)          # previous quarter end
Q_START = date(2026, 4, 1)
WITHDRAWN = {k for t, k in fx.WITHDRAWN if t == "actions"}


def acts(boards=None) -> expected.Actions:
    return expected.Actions(fx.ROWS, WITHDRAWN, boards)


def delta_text(now: int, before: int) -> str:
    return f"{now - before:+d}" if now != before else "no change"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_without_error(fixture_db, open_app, page):
    at = open_app(fixture_db, page)
    no_errors(at)
    assert at.title, f"{page} shows no title"


def test_overview_headlines_match_rules(fixture_db, open_app):
    at = open_app(fixture_db, "overview")
    no_errors(at)
    a = acts()
    for label, flag in (("Open actions", "open"), ("Overdue actions", "overdue"),
                        ("Slipped actions", "slipped")):
        now, before = len(a.ids(D, flag)), len(a.ids(P, flag))
        m = metric(at, label)
        assert m.value == str(now), label
        assert m.delta == delta_text(now, before), label
    done_now = len(a.completed_in(Q_START, D))
    done_before = len(a.completed_in(date(2026, 1, 1), P))
    assert metric(at, "Completed this quarter").value == str(done_now)
    assert metric(at, "Completed this quarter").delta == delta_text(done_now, done_before)
    late = expected.milestones(fx.REVIEWS, D)["late"]
    assert metric(at, "Late review milestones").value == str(len(late))
    status = expected.measure_status(fx.MEASURES, fx.MEASURE_VALUES, D)
    assert metric(at, "Measures improving").value == str(list(status.values()).count("Improving"))
    assert metric(at, "Measures worsening").value == str(list(status.values()).count("Worsening"))
    in_progress = [r for r in fx.REVIEWS
                   if (r.get("initiated_date") or r.get("decision_date") or date.max) <= D
                   and not any((r.get(c) or date.max) <= D for c in ("completed_date", "published_date"))]
    assert metric(at, "Reviews in progress").value == str(len(in_progress))
    attention = "\n".join(m.value for m in at.markdown)
    for action_id in a.ids(D, "exception"):
        assert f"**{action_id}**" in attention


def test_actions_exception_list_and_chase_list(fixture_db, open_app):
    at = open_app(fixture_db, "actions")
    no_errors(at)
    a = acts()
    exceptions = table_with(at, "action_id", "days_overdue", "reported_rag", "derived_rag")
    assert set(exceptions["action_id"]) == a.ids(D, "exception")
    for _, row in exceptions.iterrows():
        state = a.state(next(x for x in a.actions if x["action_id"] == row["action_id"]), D)
        assert (row["days_overdue"] if row["days_overdue"] == row["days_overdue"] else None) == state["days_overdue"]
        assert row["effective_due_date"].date() == state["due"] if hasattr(row["effective_due_date"], "date") \
            else row["effective_due_date"] == state["due"]
    missing = table_with(at, "action_id", "last_return", "owner_agency")
    assert set(missing["action_id"]) == a.returns_missing(Q_START, D)
    slipped = table_with(at, "action_id", "days_slipped")
    assert set(slipped["action_id"]) == a.ids(D, "slipped")
    rates = table_with(at, "owner_agency", "completion_rate_pct", "overdue_rate_pct")
    for _, row in rates.iterrows():
        mine = [x for x in a.actions if x["owner_agency"] == row["owner_agency"]]
        states = [a.state(x, D) for x in mine]
        states = [s for s in states if s]
        assert row["overdue"] == sum(s["overdue"] for s in states)
        assert row["open"] == sum(s["open"] for s in states)


def test_action_history_shows_returns_and_changes(fixture_db, open_app):
    at = open_app(fixture_db, "actions")
    at.selectbox(key="action").select("ACT-6").run()
    no_errors(at)
    returns = table_with(at, "reported_on", "status", "rag", "note")
    # every return, including the one dated after the as-of date
    assert len(returns) == len([u for u in fx.ACTION_UPDATES if u["action_id"] == "ACT-6"])
    at.selectbox(key="action").select("ACT-1").run()
    changes = table_with(at, "column_name", "old_value", "new_value")
    assert list(changes["column_name"]) == ["due_date"]


def test_reviews_milestones_match_rules(fixture_db, open_app):
    at = open_app(fixture_db, "reviews")
    no_errors(at)
    ms = expected.milestones(fx.REVIEWS, D)
    assert metric(at, "Milestones outstanding and late").value == str(len(ms["late"]))
    assert metric(at, "Milestones met late").value == str(len(ms["met_late"]))
    assert metric(at, "Milestones met on time").value == str(len(ms["on_time"]))
    table = table_with(at, "review_id", "milestone", "timeliness", "deadline")
    late_rows = {(r.review_id, r.milestone) for r in table.itertuples() if r.timeliness == "Outstanding and late"}
    assert len(late_rows) == len(ms["late"])
    register = table_with(at, "review_id", "stage", "methodology")
    assert set(register["review_id"]) == {r["review_id"] for r in fx.REVIEWS}


def test_audit_grade_shares_match_rules(fixture_db, open_app):
    at = open_app(fixture_db, "audits")
    no_errors(at)
    shares = expected.grade_shares(fx.AUDIT_GRADES)
    table = table_with(at, "audit_id", "good_pct", "inadequate_pct")
    for row in table.itertuples():
        want = shares[row.audit_id]
        assert (row.outstanding_pct, row.good_pct, row.requires_improvement_pct, row.inadequate_pct) == (
            want["Outstanding"], want["Good"], want["Requires improvement"], want["Inadequate"])
    reaudit = table_with(at, "topic", "round")
    assert set(reaudit["audit_id"]) == {"A-1", "A-2"}


def test_measure_status_matches_rules(fixture_db, open_app):
    at = open_app(fixture_db, "measures")
    no_errors(at)
    want = expected.measure_status(fx.MEASURES, fx.MEASURE_VALUES, D)
    table = table_with(at, "measure_id", "status", "latest_value")
    assert dict(zip(table["measure_id"], table["status"])) == want
    for name in ("Improving", "Worsening", "Target met", "No data"):
        assert metric(at, name).value == str(list(want.values()).count(name))


def test_data_quality_lists_each_check(fixture_db, open_app):
    at = open_app(fixture_db, "data")
    no_errors(at)
    dq = table_with(at, "check_name", "row_key")
    found = set(zip(dq["check_name"], dq["row_key"]))
    no_returns = {a["action_id"] for a in fx.ACTIONS if a["action_id"] not in WITHDRAWN} - \
        {u["action_id"] for u in fx.ACTION_UPDATES}
    assert {k for c, k in found if c == "Action with no returns"} == no_returns
    assert ("Impact evidenced with no evidence", "ACT-9") in found
    assert ("Measure with no values", "M-3") in found
    assert ("Target on the wrong side of the baseline", "M-2") in found
    assert ("More graded cases than cases audited", "A-2") in found
    loads = table_with(at, "load_id", "loaded_by", "outcome")
    assert len(loads) >= 1


def test_board_in_url_limits_every_figure(fixture_db, open_app):
    at = open_app(fixture_db, "overview", board="Southvale")
    no_errors(at)
    a = acts({"Southvale"})
    assert metric(at, "Open actions").value == str(len(a.ids(D, "open")))
    assert metric(at, "Overdue actions").value == str(len(a.ids(D, "overdue")))
    assert at.multiselect(key="board").value == ["Southvale"]


def test_quarter_in_url_reproduces_that_quarter(fixture_db, open_app):
    at = open_app(fixture_db, "overview", quarter="2026Q1")
    no_errors(at)
    a = acts()
    assert at.selectbox(key="quarter").value == "2026Q1"
    assert metric(at, "Overdue actions").value == str(len(a.ids(P, "overdue")))
    assert metric(at, "Open actions").value == str(len(a.ids(P, "open")))
    header = at.caption[0].value if "as at" in at.caption[0].value else \
        next(c.value for c in at.caption if "as at **" in c.value and "compared" in c.value)
    assert "as at **31 March 2026**" in header and "compared with 31 December 2025" in header
    # the link keeps the short code
    assert at.query_params.get("quarter") == "2026Q1"


def test_changing_a_filter_changes_the_figures(fixture_db, open_app):
    at = open_app(fixture_db, "actions")
    at.selectbox(key="agency").select("Police").run()
    no_errors(at)
    exceptions = table_with(at, "action_id", "days_overdue")
    a = acts()
    police = {x["action_id"] for x in a.actions if x["owner_agency"] == "Police"}
    assert set(exceptions["action_id"]) == a.ids(D, "exception") & police


def test_review_type_filter_narrows_the_return_rates(fixture_db, open_app):
    at = open_app(fixture_db, "actions")
    at.selectbox(key="review_type").select("SCR").run()
    no_errors(at)
    scr = {r["review_id"] for r in fx.REVIEWS if r["review_type"] == "SCR"}
    quarters = [(date(2025, 7, 1), date(2025, 9, 30)), (date(2025, 10, 1), date(2025, 12, 31)),
                (date(2026, 1, 1), P), (Q_START, D)]
    want = acts().return_rates(quarters, scr)
    assert want and want != acts().return_rates(quarters)  # the filter must matter here
    rates = table_with(at, "owner_agency", "expected", "returned", "return_rate_pct")
    assert {r.owner_agency: (r.expected, r.returned) for r in rates.itertuples()} == want


def test_empty_state_says_what_it_means(fixture_db, open_app):
    at = open_app(fixture_db, "actions")
    at.selectbox(key="quarter").select("2025Q2").run()
    no_errors(at)
    infos = "\n".join(i.value for i in at.info)
    assert "No actions are overdue or reported Red at 30 June 2025" in infos


def test_missing_warehouse_says_how_to_build_one(tmp_path, open_app):
    at = open_app(tmp_path / "nothing.duckdb", None)
    assert not at.exception
    assert any("no published warehouse" in i.value for i in at.info)


def test_new_publish_shows_without_restart(fixture_db, tmp_path, open_app):
    import shutil

    from etl.withdraw import withdraw

    db = tmp_path / "warehouse.duckdb"
    shutil.copy(fixture_db, db)
    at = open_app(db, "overview")
    before = int(metric(at, "Overdue actions").value)
    withdraw(db, "actions", "ACT-1", "test: loaded in error", "test")
    at.run()
    no_errors(at)
    assert int(metric(at, "Overdue actions").value) == before - 1
