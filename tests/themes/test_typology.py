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
