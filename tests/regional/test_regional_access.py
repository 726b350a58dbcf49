"""Access control (issue 6, item 5) and the regional pages (item 4), through the app as
Streamlit runs it (AppTest), signed in with the identity claims an OIDC provider gives."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from regional_inputs import AS_OF, ROLES, ROOT, run_etl
from dashboard.access import Viewer, load_roles, resolve_viewer

APP = str(ROOT / "dashboard" / "app.py")
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-secret",
        "client_id": "learning", "client_secret": "s", "server_metadata_url":
        "http://127.0.0.1:9/.well-known/openid-configuration"}
REGIONAL_PAGES = ["regional_themes", "regional_similar", "regional_benchmarks"]


@pytest.fixture(scope="module")
def roles_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("roles") / "roles.toml"
    path.write_text(ROLES)
    return path


@pytest.fixture(scope="module")
def regional_db(clean_db, tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("regional")
    board = tmp / "wh.duckdb"
    shutil.copyfile(clean_db, board)
    ns, ss = tmp / "ns.zip", tmp / "ss.zip"
    for b, out, extra in (("Northshire", ns, ["--as-letter", "K"]), ("Southshire", ss, [])):
        res = run_etl("bundle", "export", "--board", b, "--out", out, "--db", board, "--as-of", AS_OF, *extra)
        assert res.returncode == 0, res.stderr
    reg = tmp / "regional.duckdb"
    assert run_etl("bundle", "import", ns, ss, "--db", reg).returncode == 0
    return reg


def app(monkeypatch, db: Path, roles: Path, email: str | None = None, groups=None) -> AppTest:
    monkeypatch.setenv("LEARNING_DB", str(db))
    monkeypatch.setenv("LEARNING_ROLES", str(roles))
    at = AppTest.from_file(APP, default_timeout=120)
    if email:
        at.secrets["auth"] = AUTH
        at.user = {"is_logged_in": True, "email": email, **({"groups": groups} if groups else {})}
    at.run()
    assert not at.exception, at.exception
    return at


def registered(at: AppTest) -> set[str]:
    """The pages this session can reach at all (by menu or typed URL): what st.navigation
    registered for it (AppTest keeps that registry; switching to anything else fails)."""
    return {Path(str(info["script_path"])).stem for info in at._registered_pages.values()
            if info.get("script_path")}


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "markdown", "caption", "info", "error") for e in getattr(at, kind)]
    parts += [str(df.value) for df in at.dataframe]
    return "\n".join(map(str, parts))


def test_roles_file_maps_users_and_groups(roles_file):
    roles = load_roles(roles_file)
    assert resolve_viewer("Chair@Northshire.example", [], roles) == Viewer(
        "Chair@Northshire.example", "board_member", frozenset({"Northshire"}))
    assert resolve_viewer("someone@lscp.example", ["staff", "lscp-business-unit"], roles).role == "business_unit"
    assert resolve_viewer("stranger@example.com", ["staff"], roles) is None
    analyst = resolve_viewer("analyst@region.example", [], roles)
    assert analyst.allowed_boards(["Northshire", "Southshire"]) == []  # no board data at all
    chair = resolve_viewer("chair@northshire.example", [], roles)
    assert chair.scope(["Southshire", "Northshire"], ["Northshire", "Southshire"]) == ["Northshire"]


def test_local_mode_is_one_business_unit_user_and_says_so(monkeypatch, regional_db, roles_file):
    at = app(monkeypatch, regional_db, roles_file)
    assert any("Local mode" in i.value for i in at.sidebar.info)
    assert registered(at) == set(REGIONAL_PAGES)
    assert at.title[0].value == "Themes across boards"


def test_regional_analyst_sees_exactly_the_regional_pages(monkeypatch, regional_db, roles_file):
    at = app(monkeypatch, regional_db, roles_file, "analyst@region.example")
    assert registered(at) == set(REGIONAL_PAGES)
    shown = texts(at)
    assert "Board K" in shown and "Southshire" in shown
    assert "Northshire" not in shown  # shared under a letter: the name never appears
    table = at.dataframe[0].value
    sharing = table[table["theme"].str.contains("nformation")]
    assert int(sharing["boards"].iloc[0]) == 2


def test_regional_analyst_cannot_reach_board_pages(monkeypatch, clean_db, roles_file):
    at = app(monkeypatch, clean_db, roles_file, "analyst@region.example")
    assert registered(at) <= {"app"}  # no page at all: board data is not shared data
    assert "nothing for your role" in texts(at)
    assert "Northshire" not in texts(at) and "Southshire" not in texts(at)


def test_board_member_gets_nothing_from_a_regional_warehouse(monkeypatch, regional_db, roles_file):
    at = app(monkeypatch, regional_db, roles_file, "chair@northshire.example")
    assert "nothing for your role" in texts(at)
    assert "Southshire" not in texts(at) and "Board K" not in texts(at)


def test_board_member_cannot_open_a_regional_page_directly(monkeypatch, regional_db, roles_file):
    """Even a page script run on its own (a typed URL) checks the role, not the menu."""
    monkeypatch.setenv("LEARNING_DB", str(regional_db))
    for page in REGIONAL_PAGES:
        at = AppTest.from_file(str(ROOT / "dashboard" / "app_pages" / f"{page}.py"), default_timeout=60)
        at.session_state["_viewer"] = Viewer("chair@northshire.example", "board_member", frozenset({"Northshire"}))
        at.run()
        assert [e.value for e in at.error] == ["Board members cannot open the regional pages."]
        assert not at.dataframe


def test_signed_in_user_without_a_role_is_refused(monkeypatch, regional_db, roles_file):
    at = app(monkeypatch, regional_db, roles_file, "stranger@example.com")
    assert "no role in this tool" in at.error[0].value
    assert not at.dataframe


def test_signed_out_user_is_asked_to_sign_in(monkeypatch, regional_db, roles_file):
    monkeypatch.setenv("LEARNING_DB", str(regional_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": False}
    at.run()
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.dataframe


def test_similar_learning_finds_the_other_boards_statement(regional_db):
    import duckdb

    from dashboard import regional_data as rd

    con = duckdb.connect(str(regional_db), read_only=True)
    run = rd.connection_runner(con)
    statements = rd.statements(run)
    mine = statements.filter(statements["board"] == "Southshire").row(0, named=True)
    similar = rd.similar_across_boards(statements, mine["text"], "Southshire")
    con.close()
    assert similar["board"].unique().to_list() == ["Board K"]
    assert similar["text"][0].startswith("Information held by the GP")  # the same lesson


def test_every_regional_page_renders_for_the_analyst(monkeypatch, regional_db, roles_file):
    at = app(monkeypatch, regional_db, roles_file, "analyst@region.example")
    for page, title in (("regional_similar", "Similar learning across boards"),
                        ("regional_benchmarks", "Benchmarks across boards")):
        at.switch_page(f"app_pages/{page}.py")
        at.run()
        assert not at.exception and not at.error, (page, at.error)
        assert at.title[0].value == title
        assert "Board K" in texts(at) and "Northshire" not in texts(at)
    bench = at.dataframe[0].value
    assert set(bench["board"]) == {"Board K", "Southshire"}
    assert bench.set_index("board").loc["Board K", "completion_rate_pct"] == 66.7


def _data_page(monkeypatch, db: Path, roles: Path) -> AppTest:
    at = app(monkeypatch, db, roles)  # local business-unit user
    at.switch_page("app_pages/data.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_data_page_lists_findings_and_refuses_the_bundle(monkeypatch, tmp_path, roles_file):
    from regional_inputs import build_warehouse

    db = build_warehouse(tmp_path, {("learning", "NS-L-1", "text"): "Seen by Mrs Kowalski at home."})
    at = _data_page(monkeypatch, db, roles_file)
    at.button(key="privacy-scan-button").click().run()  # the scan runs when asked
    findings = next(df.value for df in at.dataframe if "where" in df.value.columns)
    assert findings.to_dict("records")[0]["where"] == "learning › NS-L-1 › text"
    assert findings.to_dict("records")[0]["found"] == "Mrs Kowalski"
    at.selectbox(key="bundle-board").set_value("Northshire")
    at.button(key="FormSubmitter:bundle-form-Prepare bundle").click().run()
    assert any("Export refused: 1 personal-data finding" in e.value for e in at.error)


def test_data_page_prepares_a_clean_bundle(monkeypatch, db_copy, roles_file):
    at = _data_page(monkeypatch, db_copy, roles_file)
    at.button(key="FormSubmitter:bundle-form-Prepare bundle").click().run()
    assert not at.error, [e.value for e in at.error]
    assert at.session_state["_bundle"][1] in ("Northshire", "Southshire")
