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


def navigation(role: str) -> dict[str, list]:
    """Menu sections of the pages this role may open, in registry order."""
    sections: dict[str, list] = {}
    for entry in PAGES:
        if not (HERE / entry.file).is_file():  # registered before its file landed
            logging.getLogger("dashboard").warning("page file missing: %s", entry.file)
            continue
        if entry.visible_to(role):
            sections.setdefault(entry.section, []).append(
                st.Page(str(HERE / entry.file), title=entry.title, icon=entry.icon,
                        url_path=entry.url_path, default=entry.default))
    return sections


viewer = current_viewer()
page = st.navigation(navigation(viewer.role), position="sidebar", expanded=True)
st.session_state["_viewer"] = viewer
errors.run_page(lambda: filters.sidebar(viewer), "the filters")
local_mode_notice(viewer)
page.run()
