"""Shared opening of the regional pages: role check first, then the warehouse kind."""
from __future__ import annotations

import streamlit as st

from dashboard import db
from dashboard import regional_data as rd
from dashboard.access import require, session_viewer

NOT_REGIONAL = ("This warehouse holds one board's own data. The regional pages read a "
                "regional warehouse built from boards' shared bundles: "
                "`python -m etl bundle import FILE… --db regional.duckdb`, then start the app "
                "with `LEARNING_DB=regional.duckdb`.")


def open_regional_page(title: str) -> bool:
    """Title, role check (stops the page) and warehouse check; False when not regional."""
    viewer = session_viewer()
    require(viewer, viewer.sees_regional_pages, "the regional pages")
    st.title(title)
    if not rd.is_regional(db.query):
        st.info(NOT_REGIONAL)
        return False
    shared = rd.bundles(db.query)
    st.caption("Shared by " + ", ".join(f"{r['board']} (as of {r['as_of']})" for r in shared.iter_rows(named=True))
               + ". Each board appears under the name or letter it chose; counts of 1–4 show as \"<5\".")
    return True
