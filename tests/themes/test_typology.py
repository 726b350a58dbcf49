"""The shipped typology: every contract theme, described well enough to carry a cold start."""
from etl.contract import THEME_KEYS
from etl.themes.typology import load_typology, read_csv


def test_typology_covers_every_contract_theme_in_order():
    assert [t.key for t in read_csv()] == list(THEME_KEYS)


def test_every_theme_has_a_definition_and_many_cue_phrases():
    for theme in read_csv():
        assert "PLACEHOLDER" not in theme.definition
        assert len(theme.definition.split()) >= 12, theme.key
        assert len(theme.cue_phrases) >= 12, theme.key
        assert len(set(theme.cue_phrases)) == len(theme.cue_phrases), theme.key


def test_warehouse_typology_wins_over_the_shipped_csv(board_db):
    import duckdb

    con = duckdb.connect(str(board_db), read_only=True)
    try:
        themes = load_typology(con)
    finally:
        con.close()
    assert [t.key for t in themes] == list(THEME_KEYS)
    assert themes[0].cue_phrases == read_csv()[0].cue_phrases


def test_every_theme_has_worked_examples_labelled_with_typology_keys():
    from collections import Counter

    from etl.themes.typology import read_examples_csv

    examples = read_examples_csv()
    counts = Counter(k for e in examples for k in e.themes)
    assert set(counts) <= set(THEME_KEYS)
    assert min(counts[k] for k in THEME_KEYS) >= 10, counts.most_common()[-3:]
    assert len({e.text for e in examples}) == len(examples)
    assert all(1 <= len(e.themes) <= 3 for e in examples)


def test_a_publish_stores_the_worked_examples_in_the_warehouse(tmp_path):
    import duckdb

    from etl import publish
    from etl.themes.typology import load_examples, read_examples_csv

    db = tmp_path / "w.duckdb"
    with publish.publishing(db):
        pass  # an empty write: the schema and reference data every version holds
    con = duckdb.connect(str(db), read_only=True)
    try:
        stored = load_examples(con)
        (n,) = con.execute("SELECT count(*) FROM typology_examples").fetchone()
    finally:
        con.close()
    assert n == len(read_examples_csv()) > 0
    assert stored == read_examples_csv()


def test_worked_examples_and_the_check_set_carry_no_personal_data():
    """Fictional text in roles, not people: the privacy scan finds nothing in either."""
    import csv

    from etl.privacy.scan import scan_text
    from etl.themes.typology import read_examples_csv
    from tests.project import ROOT

    with open(ROOT / "bench" / "theme_check.csv", newline="", encoding="utf-8") as f:
        texts = [r["text"] for r in csv.DictReader(f)] + [e.text for e in read_examples_csv()]
    found = [(t, hits) for t in texts if (hits := scan_text(t))]
    assert not found, found[:3]
