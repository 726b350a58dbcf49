"""Router only: who is looking, the shared sidebar filters, and the page menu.

Pages come from the registry in `dashboard/pages.py`; this file never changes to add one.
Run with `streamlit run dashboard/app.py` (or `bash scripts/dashboard.sh`).
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run` puts dashboard/ first, not the project
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import errors, filters  # noqa: E402
from dashboard.access import current_viewer, local_mode_notice  # noqa: E402
from dashboard.pages import PAGES  # noqa: E402

HERE = Path(__file__).resolve().parent
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

st.set_page_config(page_title="Learning & Impact", page_icon=":material/insights:", layout="wide")


def warehouse_kind() -> str:
    """'regional' when LEARNING_DB points at a regional warehouse (issue 6), else 'board'."""
    from dashboard import db
    from dashboard.regional_data import is_regional

    try:
        return "regional" if is_regional(db.query) else "board"
    except Exception:  # no warehouse yet: the board pages say how to build one
        return "board"


@st.cache_data(show_spinner=False, max_entries=10)
def _built_by_this_version(version: str) -> bool:
    """Checked once per published version, not on every rerun."""
    from dashboard import db
    from etl.upgrade import is_current

    cur = db.handle().con.cursor()
    try:
        return is_current(cur)
    finally:
        cur.close()


def stale_warehouse_notice() -> None:
    """Say so when the warehouse was built by an earlier version of the tool: its pages may
    need a view or macro the file does not hold until it is upgraded."""
    from dashboard import db

    try:
        version = db.version()
    except Exception:  # no warehouse yet: the pages say how to build one
        return
    if not _built_by_this_version(version):
        st.warning("This warehouse was built by an earlier version of Learning & Impact, so some "
                   "figures may be missing. The business unit can bring it up to date with "
                   "`python -m etl upgrade` (any load does it too); no stored row changes.")


def navigation(role: str, kind: str = "board") -> dict[str, list]:
    """Menu sections of the pages this role may open on this kind of warehouse, in registry order."""
    sections: dict[str, list] = {}
    for entry in PAGES:
        if getattr(entry, "warehouse", "board") != kind:
            continue
        if not (HERE / entry.file).is_file():  # registered before its file landed
            logging.getLogger("dashboard").warning("page file missing: %s", entry.file)
            continue
        if entry.visible_to(role):
            sections.setdefault(entry.section, []).append(
                st.Page(str(HERE / entry.file), title=entry.title, icon=entry.icon,
                        url_path=entry.url_path, default=entry.default))
    return sections


def menu(sections: dict[str, list]) -> None:
    """The page menu, drawn with st.page_link: plain links under headings (Streamlit's own
    sectioned menu puts headers inside a <ul>, which accessibility checkers reject)."""
    with st.sidebar.container(key="menu"):
        for section, pages in sections.items():
            st.markdown(f"**{section}**")
            for p in pages:
                st.page_link(p, label=p.title, icon=p.icon)


CSS = """<style>
/* Captions at full contrast (WCAG 2.2 AA) and body text a little larger for projectors. */
[data-testid="stCaptionContainer"] { opacity: 1 !important; color: #3a3a3a !important; }
[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] li { font-size: 1.05rem; }
</style>"""

viewer = current_viewer()
st.html(CSS)
kind = warehouse_kind()
sections = navigation(viewer.role, kind)
if not sections:  # e.g. a board member pointed at a regional warehouse
    st.title("Learning & Impact")
    st.info(f"There is nothing for your role to see in this {kind} warehouse.")
    local_mode_notice(viewer)
    st.stop()
page = st.navigation(sections, position="hidden")
menu(sections)
st.session_state["_viewer"] = viewer
if kind == "board":  # the regional pages have no board filters
    errors.run_page(lambda: filters.sidebar(viewer), "the filters")
local_mode_notice(viewer)
stale_warehouse_notice()
page.run()
