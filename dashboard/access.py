"""Who is looking, and what they may see (issue 6, item 5).

Every page, query and download asks the `Viewer` — not the menu — so a board member who
edits the URL or query parameters still only reaches their own board's rows.

- With an `[auth]` section in `.streamlit/secrets.toml`, people sign in through the
  organisation's OpenID Connect provider (`st.login`) and a roles file maps their email
  or a group claim to a role.
- With no provider configured, the app runs as one local business-unit user who sees
  every board, and `local_mode_notice()` says so on screen.

The roles file (env `LEARNING_ROLES`, default `data/roles.toml`)::

    [users."chair@northshire.example"]
    role = "board_member"
    boards = ["Northshire"]

    [groups."lscp-business-unit"]
    role = "business_unit"          # boards omitted = every board

    [groups."regional-analysts"]
    role = "regional_analyst"

A user entry wins over a group entry; among groups, the first listed in the file wins.
Someone signed in but absent from the file is refused (no role, no data).
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal, Mapping

Role = Literal["board_member", "regional_analyst", "business_unit"]
ROLES: tuple[Role, ...] = ("board_member", "regional_analyst", "business_unit")
ROLE_LABELS: dict[str, str] = {
    "board_member": "Board member",
    "regional_analyst": "Regional analyst",
    "business_unit": "Business unit",
}
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ROLES = PROJECT_ROOT / "data" / "roles.toml"
LOCAL_USER = "local business unit user"


class AccessDenied(Exception):
    """Raised by query helpers when a viewer asks for data outside their role."""


@dataclass(frozen=True)
class Viewer:
    """A signed-in (or local) person. `boards=None` means every board."""

    user: str
    role: Role
    boards: frozenset[str] | None = None
    local: bool = False  # no identity provider configured: the single local user

    # --- capabilities (the business unit alone writes and exports) -------------
    @property
    def can_load(self) -> bool:
        return self.role == "business_unit"

    @property
    def can_accept_themes(self) -> bool:
        return self.role == "business_unit"

    @property
    def can_export(self) -> bool:
        return self.role == "business_unit"

    @property
    def sees_board_pages(self) -> bool:
        """Board (single-warehouse) pages: board members and the business unit."""
        return self.role in ("board_member", "business_unit")

    @property
    def sees_regional_pages(self) -> bool:
        """Regional pages: analysts, and the business unit (who prepares bundles)."""
        return self.role in ("regional_analyst", "business_unit")

    @property
    def label(self) -> str:
        scope = "all boards" if self.boards is None else ", ".join(sorted(self.boards)) or "no boards"
        return f"{self.user} · {ROLE_LABELS[self.role]} ({scope})"

    # --- data scope ------------------------------------------------------------
    def can_see_board(self, board: str | None) -> bool:
        """Board data (a board warehouse): never for regional analysts, who see only what
        boards chose to share in a regional warehouse."""
        if self.role == "regional_analyst":
            return False
        return self.boards is None or board in self.boards

    def allowed_boards(self, available: Iterable[str]) -> list[str]:
        """The boards of `available` this viewer may see, sorted (what a board picker offers)."""
        return sorted(b for b in available if self.can_see_board(b))

    def scope(self, requested: Iterable[str] | None, available: Iterable[str]) -> list[str]:
        """The boards a query may touch: the request cut to what the viewer may see.

        Used with values from widgets and query parameters, which a person can edit: a
        board outside the viewer's scope is dropped, never queried.
        """
        allowed = self.allowed_boards(available)
        if requested is None:
            return allowed
        wanted = set(requested)
        return [b for b in allowed if b in wanted]

    def require_board(self, board: str) -> None:
        if not self.can_see_board(board):
            raise AccessDenied(f"{ROLE_LABELS[self.role]} {self.user!r} may not see board {board!r}")


def local_viewer() -> Viewer:
    """No provider configured: one local business-unit user seeing every board."""
    return Viewer(user=os.environ.get("LEARNING_USER", LOCAL_USER), role="business_unit",
                  boards=None, local=True)


# --- roles file -------------------------------------------------------------------

def roles_path() -> Path:
    env = os.environ.get("LEARNING_ROLES")
    return Path(env) if env else DEFAULT_ROLES


def load_roles(path: Path | None = None) -> dict:
    """Parse the roles file; a missing file means nobody signed in has a role."""
    path = path or roles_path()
    if not path.exists():
        return {"users": {}, "groups": {}}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for section in ("users", "groups"):
        for name, entry in data.get(section, {}).items():
            if entry.get("role") not in ROLES:
                raise ValueError(f"{path} › {section}.{name} › role: must be one of "
                                 f"{', '.join(ROLES)} ({entry.get('role')!r})")
    return {"users": data.get("users", {}), "groups": data.get("groups", {})}


def _viewer_from_entry(user: str, entry: Mapping) -> Viewer:
    boards = entry.get("boards")
    return Viewer(user=user, role=entry["role"],
                  boards=None if boards is None else frozenset(map(str, boards)))


def resolve_viewer(email: str | None, groups: Iterable[str] | None, roles: Mapping) -> Viewer | None:
    """Map a signed-in identity to a Viewer; None when the roles file gives them no role.

    Emails compare case-insensitively (providers differ in how they case them).
    """
    users = {k.casefold(): v for k, v in roles.get("users", {}).items()}
    if email and email.casefold() in users:
        return _viewer_from_entry(email, users[email.casefold()])
    member_of = set(groups or ())
    for group, entry in roles.get("groups", {}).items():  # file order: first match wins
        if group in member_of:
            return _viewer_from_entry(email or group, entry)
    return None


# --- Streamlit glue -----------------------------------------------------------------

def auth_configured() -> bool:
    """True when `.streamlit/secrets.toml` has an `[auth]` section (OIDC sign-in on)."""
    import streamlit as st

    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def _provider() -> str | None:
    """The named provider under [auth.NAME], if the secrets use one; None = the default."""
    import streamlit as st

    auth = st.secrets["auth"]
    named = [k for k, v in auth.items() if isinstance(v, Mapping) and "client_id" in v]
    if "client_id" in auth or not named:
        return None
    return os.environ.get("LEARNING_AUTH_PROVIDER") or named[0]


def _claims_groups(user) -> list[str]:
    groups = user.get("groups") or user.get("roles") or []
    return [groups] if isinstance(groups, str) else [str(g) for g in groups]


def current_viewer() -> Viewer:
    """The viewer of this session; stops the page (sign-in button or refusal) when there is none."""
    import streamlit as st

    if not auth_configured():
        return local_viewer()
    if not st.user.is_logged_in:
        st.title("Learning & Impact")
        st.write("Sign in with your organisation account to continue.")
        provider = _provider()
        st.button("Sign in", on_click=st.login, args=(provider,) if provider else (), type="primary")
        st.stop()
    email = st.user.get("email") or st.user.get("preferred_username") or st.user.get("sub")
    viewer = resolve_viewer(email, _claims_groups(st.user), load_roles())
    if viewer is None:
        st.error(f"You are signed in as {email}, but you have no role in this tool. "
                 "Ask the business unit to add you to the roles file.")
        st.button("Sign out", on_click=st.logout)
        st.stop()
    return viewer


def local_mode_notice(viewer: Viewer) -> None:
    """Say on screen when nobody signed in (the local single-user mode)."""
    import streamlit as st

    if viewer.local:
        st.sidebar.info("Local mode: no sign-in is configured, so you are the single local "
                        "business-unit user and see every board.")
    else:
        st.sidebar.caption(f"Signed in: {viewer.label}")
        st.sidebar.button("Sign out", on_click=st.logout)


def require(viewer: Viewer, allowed: bool, what: str) -> None:
    """Stop a page a viewer may not open, even when reached by a typed URL."""
    import streamlit as st

    if not allowed:
        st.error(f"{ROLE_LABELS[viewer.role]}s cannot open {what}.")
        st.stop()


def session_viewer() -> Viewer:
    """The viewer the router resolved for this run (pages call this, never trust the URL)."""
    import streamlit as st

    viewer = st.session_state.get("_viewer")
    return viewer if isinstance(viewer, Viewer) else current_viewer()
