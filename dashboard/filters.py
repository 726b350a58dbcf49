"""The shared sidebar filters — boards, quarter, agency, review type — kept in the URL.

WHY in the URL: the chair sends one link before the meeting and everybody opens the same
view. Each widget is bound to a query parameter (`bind="query-params"`): `?board=…&
quarter=2026Q2&agency=…&review_type=…`. Values a person edits into the URL are cut to
what the viewer may see (`Viewer.scope`) — an unknown board is simply not queried.

The router (app.py) draws the filters once per run and stores the result; pages read it
with `current()`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

import streamlit as st

from dashboard import db
from etl.contract import REVIEW_TYPES
from etl.periods import Quarter

ALL_AGENCIES = "All agencies"
ALL_TYPES = "All review types"
_STATE_KEY = "_dashboard_filters"


@dataclass(frozen=True)
class Filters:
    boards: tuple[str, ...]        # scoped: what the viewer may see AND selected
    quarter: Quarter
    agency: str | None             # None = every agency
    review_type: str | None        # None = every type

    @property
    def as_of(self) -> date:
        return self.quarter.end

    @property
    def previous(self) -> Quarter:
        return self.quarter.previous()

    @property
    def board_list(self) -> list[str]:
        return list(self.boards)

    def as_of_text(self) -> str:
        """'30 June 2026' — how dates read in sentences and empty states."""
        return long_date(self.as_of)


def long_date(d: date | None) -> str:
    return "—" if d is None else f"{d.day} {d:%B %Y}"


def today() -> date:
    """The real date; LEARNING_TODAY (YYYY-MM-DD) pins it for tests and demos."""
    pinned = os.environ.get("LEARNING_TODAY")
    return date.fromisoformat(pinned) if pinned else date.today()


def quarter_options(first: date | None, last_complete: Quarter) -> list[str]:
    """Quarter codes from the first quarter with data to the last complete one, newest first."""
    start = Quarter.containing(first) if first else last_complete
    codes, q = [], last_complete
    while True:
        codes.append(str(q))
        if q.start <= start.start or len(codes) >= 80:
            break
        q = q.previous()
    return codes


def _quarter_key(codes: list[str]) -> str:
    """Seed the quarter picker from `?quarter=2026Q2` on a fresh session.

    The quarter is bound to the URL by hand (not `bind=`), so the link carries the short
    code rather than the displayed label."""
    if "quarter" not in st.session_state:
        wanted = st.query_params.get("quarter")
        try:
            wanted = str(Quarter.parse(wanted)) if wanted else None
        except ValueError:
            wanted = None
        st.session_state["quarter"] = wanted if wanted in codes else codes[0]
    elif st.session_state["quarter"] not in codes:
        st.session_state["quarter"] = codes[0]
    return "quarter"


def _quarter_to_url(code: str, default: str) -> None:
    if code == default:
        if "quarter" in st.query_params:
            del st.query_params["quarter"]
    elif st.query_params.get("quarter") != code:
        st.query_params["quarter"] = code


def sidebar(viewer) -> Filters:
    """Draw the filters in the sidebar and remember them for the pages (forgetting the
    last run's first, so a page never uses stale filters when drawing them fails)."""
    st.session_state.pop(_STATE_KEY, None)
    available = db.all_boards()
    allowed = viewer.allowed_boards(available)
    sb = st.sidebar
    sb.header("Filters")
    chosen = sb.multiselect("Board", allowed, default=allowed, key="board", bind="query-params",
                            help="The partnership(s) whose figures are shown.",
                            placeholder="Choose a board")
    boards = tuple(viewer.scope(chosen or allowed, available))

    last = Quarter.last_complete(today())
    first, _ = db.data_range()
    codes = quarter_options(first, last)
    labels = {c: Quarter.parse(c).label for c in codes}
    code = sb.selectbox("Quarter", codes, key=_quarter_key(codes),
                        format_func=lambda c: labels.get(c, c),
                        help="Figures are as at the quarter's last day, with the previous "
                             "quarter beside them. Default: the last complete quarter.")
    _quarter_to_url(code, codes[0])
    quarter = Quarter.parse(code or str(last))

    agencies = [ALL_AGENCIES, *db.agencies(list(boards))]
    agency = sb.selectbox("Agency", agencies, index=0, key="agency", bind="query-params")
    types = [ALL_TYPES, *REVIEW_TYPES]
    review_type = sb.selectbox("Review type", types, index=0, key="review_type",
                               bind="query-params")
    sb.caption(f"Figures as at **{long_date(quarter.end)}** ({quarter.label}).")
    found = Filters(boards, quarter, None if agency in (None, ALL_AGENCIES) else agency,
                    None if review_type in (None, ALL_TYPES) else review_type)
    st.session_state[_STATE_KEY] = found
    return found


def current() -> Filters:
    """The filters drawn by the router for this run."""
    return st.session_state[_STATE_KEY]
