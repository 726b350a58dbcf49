"""Similar learning across boards: the same lesson found elsewhere in the region."""
from __future__ import annotations

import streamlit as st

from dashboard import db, errors, tables
from dashboard import regional_data as rd
from dashboard.app_pages._regional_common import open_regional_page


def body() -> None:
    if not open_regional_page("Similar learning across boards"):
        return
    themes = rd.theme_table(db.query)
    labels = {"": "All themes", **dict(zip(themes["theme_key"], themes["theme"]))}
    theme = st.selectbox("Theme", list(labels), format_func=labels.get, key="regional_similar_theme",
                         bind="query-params")
    shared = rd.statements(db.query, theme or None)
    st.write("Pick a statement to see the most similar learning shared by other boards.")
    event = tables.show_table(shared.drop("themes"), "Shared statements",
                              "No shared statements for this theme.", on_select=True)
    picked = tables.selected_row(event, shared)
    if picked:
        st.subheader("Most similar in other boards")
        st.caption(f"{picked['board']} · {picked['statement']}: {picked['text']}")
        similar = rd.similar_across_boards(rd.statements(db.query), picked["text"], picked["board"])
        tables.show_table(similar.drop("themes"), "Similar learning",
                          "No statement from another board is close to this one.")


errors.run_page(body, "similar learning across boards")
