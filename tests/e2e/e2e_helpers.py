"""Browser helpers for the end-to-end tests."""
from __future__ import annotations

from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"


def settle(pg, timeout: float = 60_000) -> None:
    """Wait until the script run has finished and the page is drawn."""
    pg.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    pg.wait_for_timeout(400)
    pg.wait_for_function(
        """() => { const a = document.querySelector('[data-testid="stApp"]');
                   return a && a.getAttribute('data-test-script-state') === 'notRunning'; }""",
        timeout=timeout)
    pg.wait_for_timeout(600)  # charts lay out after the run
