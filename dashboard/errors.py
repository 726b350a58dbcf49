"""Run a page body so that no traceback ever reaches a committee member.

WHY: the dashboard is used live in meetings; a stack trace on a projector helps nobody.
Any exception is logged in full (server log) and the page shows a plain message with a
short reference that matches the log line. Streamlit's own control flow (st.stop,
st.rerun, page switches) passes through untouched.
"""
from __future__ import annotations

import logging
import uuid
from typing import Callable

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

log = logging.getLogger("dashboard")


def missing_warehouse_message(path: str) -> str:
    return (f"There is no published warehouse at `{path}` yet. Load the board's files first: "
            "`python -m etl load <folder or workbook>` (or run `bash scripts/dashboard.sh`, "
            "which builds the fictional demo warehouse on first run).")


def run_page(body: Callable[[], None], what: str = "this page") -> None:
    """Call `body()`; on any error log it and show a plain message instead."""
    from dashboard.db import WarehouseMissing

    try:
        body()
    except ScriptControlException:
        raise
    except WarehouseMissing as exc:
        st.info(missing_warehouse_message(str(exc)))
    except Exception:  # noqa: BLE001 — the whole point is to catch everything
        ref = uuid.uuid4().hex[:8]
        log.exception("error showing %s (ref %s)", what, ref)
        st.error(f"Sorry — {what} could not be shown just now. The problem has been "
                   f"logged for the business unit (reference {ref}). Other pages still work; "
                   "try again after the next data load.")
