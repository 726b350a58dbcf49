"""Theme review queue (issue 4, point 2): accept or reject the model's suggestions one by
one or in bulk above a confidence, then apply the batch — one publish through the same
safe path as a load, recorded with who and when (etl.themes.decisions)."""
from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import db, ui
from dashboard.access import require
from etl.themes import analytics as ta
from etl.themes.decisions import Decision, apply_decisions

CHOICES = ["", "accept", "reject"]


@st.cache_data(show_spinner="Checking confirmed tags …", max_entries=10)
def _disagreements(version: str) -> pl.DataFrame:
    from etl.themes.disagreements import disagreements
    from etl.themes.store import connect_readonly

    con = connect_readonly(db.warehouse_path())
    try:
        return disagreements(con)
    finally:
        con.close()


def double_check(boards: list[str]) -> None:
    """Confirmed tags the model strongly disagrees with: shown for a second look only.

    WHY on request: the check refits the model once per fold without each review
    (about half a minute at regional scale), so the queue itself opens at once."""
    with st.expander("Confirmed tags to double-check"):
        st.caption("The model, trained without each statement's own review, scores these "
                   "confirmed tags very low (or an untagged theme very high). Nothing changes "
                   "unless the board corrects its input.")
        if st.button("Check confirmed tags", key="review-check-tags"):
            st.session_state["review-check-tags-run"] = True
        if not st.session_state.get("review-check-tags-run"):
            st.info("The check takes up to half a minute on a large warehouse; its result is "
                    "kept until the next load.")
            return
        flags = _disagreements(db.version()).filter(pl.col("board").is_in(boards))
        st.write(f"{flags.height} confirmed tag(s) to double-check.")
        st.dataframe(flags, hide_index=True, key="review-flags")


def theme_guide() -> None:
    """A theme's definition and worked examples beside the queue.

    WHY: a national attempt to code review findings failed for lack of consistent
    tagging; reviewers who read the same definition and examples decide alike."""
    with st.expander("Theme guide: definitions and worked examples"):
        themes = db.query("SELECT key, label, definition FROM typology ORDER BY label")
        if themes.is_empty():
            st.info("The typology is not loaded yet.")
            return
        labels = dict(zip(themes["label"], themes["key"]))
        label = st.selectbox("Theme", list(labels), key="review-guide-theme")
        st.write(themes.filter(pl.col("label") == label)["definition"][0])
        stored = db.query("SELECT count(*) AS n FROM duckdb_tables() "
                          "WHERE table_name = 'typology_examples'")["n"][0]
        if not stored:  # a warehouse from before worked examples: they arrive with the next load
            return
        examples = db.query("SELECT text FROM typology_examples WHERE list_contains(themes, $key) "
                            "ORDER BY example_no LIMIT 4", {"key": labels[label]})
        if not examples.is_empty():
            st.caption("Worked examples (fictional):")
            st.markdown("\n".join(f"- {t}" for t in examples["text"]))


def body() -> None:
    viewer, f, scope = ui.context()
    require(viewer, getattr(viewer, "can_accept_themes", True), "the theme review queue")
    ui.header("Theme review", f, "Suggestions from the theme model for statements nobody has "
              "tagged yet. Nothing counts as a theme until you accept it here.")
    floor = st.slider("Show suggestions with confidence at least", 0.05, 1.0, 0.35, 0.05,
                      key="review-floor")
    queue = ta.review_queue(db.query, list(scope.boards), floor)
    theme_guide()
    double_check(list(scope.boards))
    if queue.is_empty():
        st.info("No suggestions at or above this confidence for the selected boards.")
        return
    names = dict(db.query("SELECT key, label FROM typology").iter_rows())
    bulk = st.slider("Mark everything at or above this confidence as accepted", floor, 1.0,
                     max(floor, 0.7), 0.05, key="review-bulk")
    table = queue.with_columns(
        pl.col("theme").replace_strict(names, default=pl.col("theme")).alias("theme_label"),
        pl.when(pl.col("score") >= bulk).then(pl.lit("accept")).otherwise(pl.lit(""))
        .alias("decision"))
    edited = st.data_editor(
        table.select("decision", "score", "theme_label", "text", "board", "source_id",
                     "statement_id", "theme", "statement_table").to_pandas(),
        hide_index=True, key="review-editor", disabled=["score", "theme_label", "text", "board",
                                                       "source_id", "statement_id"],
        column_config={"decision": st.column_config.SelectboxColumn("Decision", options=CHOICES),
                       "score": st.column_config.ProgressColumn("Confidence", min_value=0,
                                                                max_value=1, format="%.2f"),
                       "theme_label": "Suggested theme", "text": "Statement",
                       "source_id": "Review or audit", "theme": None, "statement_table": None})
    chosen = [Decision(r.statement_table, r.statement_id, r.theme, r.decision, float(r.score))
              for r in edited.itertuples() if r.decision in ("accept", "reject")]
    n_acc = sum(d.decision == "accept" for d in chosen)
    st.write(f"This batch: **{n_acc} accepted, {len(chosen) - n_acc} rejected**.")
    if st.button("Apply this batch", type="primary", disabled=not chosen, key="review-apply"):
        result = apply_decisions(db.warehouse_path(), chosen, user=getattr(viewer, "user", None))
        db.reopen()
        st.success(f"Batch {result.batch_id} applied ({result.accepted} accepted, "
                   f"{result.rejected} rejected) and published as load {result.load_id}.")


ui.run(body, "the Theme review page")
