"""Learning insights (issue 4, points 4–7): emerging topics the typology covers poorly,
recurring learning (earlier similar reviews and the state of their actions), the mix of
recommendation types, and similar-learning search. Computation lives in etl.themes;
models and indexes are cached per published warehouse version, never refitted on a rerun."""
from __future__ import annotations

import plotly.express as px
import polars as pl
import streamlit as st

from dashboard import db, ui
from dashboard.tables import show_table
from etl.themes import topics
from etl.themes.rectypes import classify, type_mix
from etl.themes.search import statement_index
from etl.themes.store import load_model


@st.cache_data(show_spinner="Finding topics …", max_entries=20)
def _topics(version: str, boards: tuple[str, ...], n: int) -> pl.DataFrame:
    frame = statement_index(db.warehouse_path()).frame.filter(pl.col("board").is_in(boards))
    texts = frame["text"].to_list()
    model = load_model(db.warehouse_path())
    found = topics.discover(texts, n_topics=n, theme_scores=model.predict_proba(texts) if texts else None,
                            theme_keys=model.keys)
    return pl.DataFrame({
        "topic": [t.number for t in found], "statements": [t.size for t in found],
        "top_terms": [", ".join(t.terms) for t in found],
        "typology_coverage": [round(t.coverage, 2) for t in found],
        "covered_poorly": [t.covered_poorly for t in found],
        "closest_theme": [t.best_theme for t in found],
        "examples": [" | ".join(texts[i] for i in t.examples) for t in found]},
        schema={"topic": pl.Int64, "statements": pl.Int64, "top_terms": pl.Utf8,
                "typology_coverage": pl.Float64, "covered_poorly": pl.Boolean,
                "closest_theme": pl.Utf8, "examples": pl.Utf8})


@st.cache_data(show_spinner="Comparing reviews …", max_entries=20)
def _recurrence(version: str, as_of) -> pl.DataFrame:
    from etl.themes.recurrence import similar_earlier_reviews
    from etl.themes.store import connect_readonly

    con = connect_readonly(db.warehouse_path())
    try:
        return similar_earlier_reviews(con, as_of)
    finally:
        con.close()


def emerging(boards, can_export) -> None:
    n = st.slider("Number of topics", 4, 15, 8, key="topics-n")
    table = _topics(db.version(), tuple(boards), n)
    poor = table.filter(pl.col("covered_poorly"))
    if poor.height:
        st.warning(f"{poor.height} topic(s) fit no typology theme well: "
                   + "; ".join(poor["top_terms"].str.slice(0, 60).to_list()))
    show_table(table, "Emerging topics", "Too few statements to find topics.", key="topics",
               can_export=can_export)


def recurring(boards, f, can_export) -> None:
    links = _recurrence(db.version(), f.as_of).filter(pl.col("board").is_in(boards)
                                                       & pl.col("earlier_board").is_in(boards))
    closed = links.filter(pl.col("actions_all_closed"))
    st.metric("Reviews repeating learning from an earlier review whose actions were all closed",
              closed["review_id"].n_unique(), border=True)
    show_table(links.with_columns(pl.col("shared_themes").list.join(", ")),
               "Recurring learning", "No review has similar earlier learning.", key="recurring",
               can_export=can_export,
               column_config={"earlier_id": "Earlier review", "actions_all_closed":
                              "Learned before, actions all closed"})


def rec_types(boards, can_export) -> None:
    recs = db.query("""SELECT r.recommendation_id, r.board, year(s.source_date) AS year, r.text
                       FROM stg_recommendations r LEFT JOIN stg_sources s USING (source_id)
                       WHERE r.board IN (SELECT unnest($boards::VARCHAR[]))""", {"boards": boards})
    typed = recs.with_columns(pl.Series("rec_type", classify(recs["text"].to_list()), pl.Utf8))
    mix = type_mix(typed)
    if mix.is_empty():
        st.info("No recommendations for this selection.")
        return
    fig = px.bar(mix.to_pandas(), x="year", y="recommendations", color="rec_type",
                 facet_row="board" if len(boards) > 1 else None,
                 title="Recommendations by type and year",
                 labels={"rec_type": "Type", "recommendations": "Recommendations", "year": "Year"})
    st.plotly_chart(fig, key="rectypes")
    show_table(mix, "Recommendation types", "", key="rectypes-table", can_export=can_export)
    show_table(typed.select("board", "year", "recommendation_id", "rec_type", "text"),
               "Recommendations and their type", "", key="rectypes-list", can_export=can_export)


def search(boards, can_export) -> None:
    phrase = st.text_input("Find learning similar to", key="search-phrase",
                           placeholder="e.g. fathers not involved in assessments")
    if not phrase.strip():
        st.caption("Type a phrase, or paste a statement, to find the most similar statements "
                   "across every review and board you may see.")
        return
    index = statement_index(db.warehouse_path())
    hits = index.query(phrase, top=200)
    hits = hits.filter(pl.col("board").is_in(boards)).head(20)
    show_table(hits.select("similarity", "board", "source_id", "source_title", "kind", "text"),
               "Similar learning", "Nothing similar found.", key="search", can_export=can_export)


def body() -> None:
    viewer, f, scope = ui.context()
    ui.header("Learning insights", f)
    can_export = getattr(viewer, "can_export", True)
    boards = list(scope.boards)
    tabs = st.tabs(["Emerging themes", "Recurring learning", "Recommendation types",
                    "Similar learning"])
    with tabs[0]:
        emerging(boards, can_export)
    with tabs[1]:
        recurring(boards, f, can_export)
    with tabs[2]:
        rec_types(boards, can_export)
    with tabs[3]:
        search(boards, can_export)


ui.run(body, "the Learning insights page")
