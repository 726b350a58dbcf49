"""The dashboard in headless Chromium on the demo warehouse: every page opens without an
error element, passes axe-core (no serious/critical violation), a filter change and a
shared URL reproduce the view; a screenshot of each page is left in
tests/artifacts/screenshots/ (named in the README)."""
from __future__ import annotations

import pytest
from e2e_fixtures import page, server  # noqa: F401  (fixtures)
from e2e_helpers import SCREENSHOTS, settle

from dashboard.pages import PAGES as REGISTRY

pytestmark = pytest.mark.e2e

# Every page of a board warehouse, from the registry the menu is built from: a new page is
# covered without editing this list. (Regional pages: tests/regional on a regional warehouse.)
PAGES = [("" if e.default else e.url_path, e.title) for e in REGISTRY if e.warehouse == "board"]


def assert_no_error(pg) -> None:
    assert pg.get_by_text("Page not found").count() == 0, "the URL named no page"
    assert pg.locator('[data-testid="stException"]').count() == 0, "a traceback reached the page"
    errors = pg.locator('[data-testid="stAlertContentError"]')
    assert errors.count() == 0, errors.all_inner_texts()


def axe_serious(pg) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(pg)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                        for n in v["nodes"][:3]) for v in bad]


@pytest.mark.parametrize("path,title", PAGES)
def test_page_opens_clean_and_accessible(server, page, path, title):
    page.set_viewport_size({"width": 1600, "height": 2000})
    page.goto(f"{server}/{path}")
    settle(page)
    page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=30_000)
    assert_no_error(page)
    page.wait_for_timeout(1500)  # tables draw on a canvas after the run
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{path or 'overview'}.png"), full_page=True)
    problems = axe_serious(page)
    assert not problems, "\n".join(problems)


def _caption(pg) -> str:
    """The page header's caption: boards, as-at date, quarter, filters."""
    return pg.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first.inner_text()


def test_filter_change_goes_into_the_url_and_the_view(server, page):
    page.goto(f"{server}/actions")
    settle(page)
    before = _caption(page)
    page.get_by_role("combobox", name="Quarter").click()
    page.get_by_role("option", name="Q1 2026/27 (Apr–Jun 2026)", exact=True).click()
    settle(page)
    assert "quarter=2026Q2" in page.url
    after = _caption(page)
    assert "30 June 2026" in after and after != before
    assert_no_error(page)


def test_shared_url_reproduces_the_view(server, page):
    page.goto(f"{server}/actions?quarter=2026Q1&agency=Police")
    settle(page)
    caption = _caption(page)
    assert "31 March 2026" in caption, caption
    assert "agency: Police" in caption, caption
    assert_no_error(page)
    # the same link opened in a fresh tab shows the same view
    other = page.context.new_page()
    other.goto(page.url)
    settle(other)
    assert _caption(other) == caption
