"""Small presentation helpers every page shares: the page context, headings, headline
figures with the previous quarter beside them. Nothing here computes a business rule."""
from __future__ import annotations

from typing import Callable

import streamlit as st

from dashboard import db, errors
from dashboard.filters import Filters, long_date


def context() -> tuple[object, Filters, db.Scope]:
    """The viewer, the sidebar filters and the query scope for this run."""
    from dashboard import filters

    if "_dashboard_filters" not in st.session_state:
        st.stop()  # drawing the filters failed and already said why (e.g. no warehouse yet)
    f = filters.current()
    return st.session_state.get("_viewer"), f, db.Scope(f.boards, f.agency, f.review_type)


def header(title: str, f: Filters, intro: str | None = None) -> None:
    st.title(title)
    boards = ", ".join(f.boards) if f.boards else "no board selected"
    bits = [f"**{boards}**", f"as at **{long_date(f.as_of)}** — {f.quarter.label}",
            f"compared with {long_date(f.previous.end)}"]
    if f.agency:
        bits.append(f"agency: **{f.agency}**")
    if f.review_type:
        bits.append(f"review type: **{f.review_type}**")
    st.caption(" · ".join(bits))
    if intro:
        st.write(intro)


def headline(col, label: str, now: int | float | None, before: int | float | None, *,
             lower_is_better: bool = True, help: str | None = None, suffix: str = "") -> None:
    """A headline figure with its change since the previous quarter, in words as well as an
    arrow (so it does not rely on colour)."""
    if now is None:
        col.metric(label, "—", help=help, border=True)
        return
    delta = None if before is None else now - before
    col.metric(label, f"{now:g}{suffix}",
               delta=None if delta is None else f"{delta:+g}{suffix}" if delta else "no change",
               delta_color=("inverse" if lower_is_better else "normal") if delta else "off",
               delta_arrow="auto" if delta else "off",
               delta_description=None if before is None else f"previous quarter: {before:g}{suffix}",
               help=help, border=True)


def run(body: Callable[[], None], what: str) -> None:
    errors.run_page(body, what)
