"""The page registry: every dashboard page is one entry here, and `app.py` builds the
navigation from this list — so adding a page is adding an entry, never editing the router.

To add a page: put `dashboard/app_pages/<name>.py` (a plain Streamlit script) and append a
`PageEntry` to `PAGES`. `roles=None` shows it to everyone; otherwise list the roles
(`dashboard.access.ROLES`) that may open it. Sections appear in first-seen order.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    file: str                      # path relative to dashboard/, e.g. "app_pages/overview.py"
    title: str                     # shown in the menu and the browser tab
    icon: str                      # a Material icon, e.g. ":material/dashboard:"
    section: str                   # menu heading the page sits under
    roles: tuple[str, ...] | None = None  # None = every role
    default: bool = False          # the page opened at the root URL (exactly one)
    warehouse: str = "board"       # issue 6: 'board' pages read a board warehouse, 'regional'
                                   # pages a regional one (meta kind = 'regional')

    @property
    def url_path(self) -> str:
        """Stable URL segment from the file name, so shared links survive title edits."""
        return self.file.rsplit("/", 1)[-1].removesuffix(".py")

    def visible_to(self, role: str) -> bool:
        return self.roles is None or role in self.roles


BOARD_ROLES = ("board_member", "business_unit")
REGIONAL_ROLES = ("regional_analyst", "business_unit")  # issue 6: regional pages

PAGES: list[PageEntry] = [
    PageEntry("app_pages/overview.py", "Overview", ":material/dashboard:", "Committee",
              BOARD_ROLES, default=True),
    PageEntry("app_pages/actions.py", "Actions", ":material/task_alt:", "Committee", BOARD_ROLES),
    PageEntry("app_pages/reviews.py", "Reviews", ":material/gavel:", "Committee", BOARD_ROLES),
    PageEntry("app_pages/audits.py", "Audits", ":material/fact_check:", "Committee", BOARD_ROLES),
    PageEntry("app_pages/measures.py", "Impact measures", ":material/trending_up:", "Committee",
              BOARD_ROLES),
    PageEntry("app_pages/reports.py", "Reports", ":material/description:", "Committee",
              BOARD_ROLES),  # issue 5: quarterly paper and annual section
    # Issue 4: themes across reviews (pages in app_pages/themes.py, theme_review.py,
    # theme_insights.py; computation in etl/themes).
    PageEntry("app_pages/themes.py", "Themes", ":material/label:", "Learning", BOARD_ROLES),
    PageEntry("app_pages/theme_insights.py", "Learning insights", ":material/insights:", "Learning",
              BOARD_ROLES),
    PageEntry("app_pages/theme_review.py", "Theme review", ":material/rule:", "Learning",
              ("business_unit",)),
    PageEntry("app_pages/data.py", "Data", ":material/database:", "Data", ("business_unit",)),
    # Issue 6: read a regional warehouse (meta kind = 'regional'); each page checks the
    # role itself too, so a typed URL cannot open it.
    PageEntry("app_pages/regional_themes.py", "Themes across boards", ":material/hub:", "Regional",
              REGIONAL_ROLES, warehouse="regional"),
    PageEntry("app_pages/regional_similar.py", "Similar learning", ":material/join_inner:",
              "Regional", REGIONAL_ROLES, warehouse="regional"),
    PageEntry("app_pages/regional_benchmarks.py", "Benchmarks", ":material/leaderboard:",
              "Regional", REGIONAL_ROLES, warehouse="regional"),
]
