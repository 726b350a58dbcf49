"""Suggestions stored in the warehouse at publish, the cached model, disagreement flags."""
from __future__ import annotations

import os
import shutil

import duckdb
import pytest

from etl.contract import THEME_KEYS
from etl.themes.disagreements import disagreements
from etl.themes.store import load_model, refresh_suggestions


@pytest.fixture()
def writable_db(board_db, tmp_path):
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(board_db, db)
    return db


def test_suggestions_cover_every_untagged_statement_and_only_those(writable_db, split):
    _, test = split
    con = duckdb.connect(str(writable_db))
    try:
        written = refresh_suggestions(con)
        rows = con.execute("SELECT statement_table, statement_id, theme, score, suggested, "
                           "model_version FROM theme_suggestions").fetchall()
    finally:
        con.close()
    assert written == len(rows) > 0
    ids = {r[1] for r in rows}
    assert ids == {f"ES-{r['id']}" for r in test}  # the untagged board, not the tagged one
    suggested_ids = {r[1] for r in rows if r[4]}
    assert suggested_ids == ids  # every untagged statement gets at least one suggestion
    assert all(r[2] in THEME_KEYS and 0.0 <= r[3] <= 1.0 for r in rows)
    assert len({r[5] for r in rows}) == 1 and rows[0][5].startswith("tfidf-lr+cues")
    tables = {r[0] for r in rows}
    assert tables == {"learning", "recommendations"}


def test_refresh_replaces_and_respects_new_tags(writable_db, split):
    """Tagging a statement (a load giving it themes) removes it from the suggestions."""
    _, test = split
    con = duckdb.connect(str(writable_db))
    try:
        refresh_suggestions(con)
        first = con.execute("SELECT count(*) FROM theme_suggestions").fetchall()[0][0]
        target = next(r for r in test if r["kind"] != "recommendation")
        con.execute("UPDATE learning SET themes = ['neglect'] WHERE learning_id = ?",
                    [f"ES-{target['id']}"])
        refresh_suggestions(con)
        ids = {r[0] for r in con.execute("SELECT DISTINCT statement_id FROM theme_suggestions").fetchall()}
        second = con.execute("SELECT count(*) FROM theme_suggestions").fetchall()[0][0]
    finally:
        con.close()
    assert f"ES-{target['id']}" not in ids
    assert 0 < second < first


def test_accepted_decisions_count_as_confirmed(writable_db, split):
    _, test = split
    target = next(r for r in test if r["kind"] != "recommendation")
    sid = f"ES-{target['id']}"
    con = duckdb.connect(str(writable_db))
    try:
        con.execute("INSERT INTO theme_decisions VALUES (1, 'learning', ?, 'education', 'accept', "
                    "0.5, 'business unit', now(), 1, NULL)", [sid])
        refresh_suggestions(con)
        left = con.execute("SELECT count(*) FROM theme_suggestions WHERE statement_id = ?",
                           [sid]).fetchall()[0][0]
    finally:
        con.close()
    assert left == 0


def test_model_is_cached_per_published_version(writable_db, tmp_path):
    first = load_model(writable_db)
    assert load_model(writable_db) is first
    con = duckdb.connect(str(writable_db), read_only=True)
    try:
        assert load_model(con) is first  # a connection resolves to its file
    finally:
        con.close()
    # a new version is published by atomic replace: a new file identity, a new model
    new = tmp_path / "new.duckdb"
    shutil.copyfile(writable_db, new)
    os.replace(new, writable_db)
    assert load_model(writable_db) is not first


def test_disagreements_flag_a_wrong_confirmed_tag(writable_db, split):
    train, _ = split
    target = next(r for r in train if r["labels"] == "sexual_abuse_exploitation"
                  and r["kind"] != "recommendation")
    con = duckdb.connect(str(writable_db))
    try:
        con.execute("UPDATE learning SET themes = ['safe_sleep'] WHERE learning_id = ?",
                    [f"WS-{target['id']}"])
        flags = disagreements(con)
    finally:
        con.close()
    wrong = flags.filter((flags["statement_id"] == f"WS-{target['id']}")
                         & (flags["theme"] == "safe_sleep"))
    assert wrong.height == 1
    assert wrong["issue"][0] == "confirmed, model disagrees"
    assert flags.filter(flags["issue"] == "confirmed, model disagrees").height < 10
