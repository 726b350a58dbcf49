"""Sign-in end to end (issue 6, item 5): the real `streamlit run` configured with an
`[auth]` section pointing at a local OpenID Connect test provider (oidc-provider-mock) on
loopback, driven by headless Chromium. Each role signs in through the provider's form and
sees exactly its pages, by the menu and by typed URLs."""
from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from project import free_port, streamlit_app
from regional_inputs import ROLES

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def provider():
    from oidc_provider_mock import User, run_server_in_thread

    users = [User(sub="chair", claims={"email": "chair@northshire.example"}),
             User(sub="analyst", claims={"email": "analyst@region.example"}),
             User(sub="officer", claims={"email": "officer@lscp.example", "groups": ["lscp-business-unit"]}),
             User(sub="stranger", claims={"email": "stranger@example.com"})]
    with run_server_in_thread(port=free_port(), user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@contextmanager
def _signed_in_app(db: Path, provider: str, tmp: Path) -> Iterator[str]:
    """The dashboard with Streamlit's OpenID Connect pointed at the loopback provider."""
    port = free_port()
    url = f"http://localhost:{port}"
    (tmp / ".streamlit").mkdir(exist_ok=True)
    (tmp / ".streamlit" / "secrets.toml").write_text(f"""
[auth]
redirect_uri = "{url}/oauth2callback"
cookie_secret = "a-test-cookie-secret-of-enough-length"
client_id = "learning-impact"
client_secret = "test-client-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"
client_kwargs = {{ prompt = "login" }}
""")
    (tmp / "roles.toml").write_text(ROLES)
    env = {"LEARNING_DB": str(db), "LEARNING_ROLES": str(tmp / "roles.toml")}
    with streamlit_app(env, tmp / "streamlit.log", cwd=tmp, host="localhost", port=port) as app:
        yield app


@pytest.fixture(scope="module")
def regional_app(regional_db_e2e, provider, tmp_path_factory):
    with _signed_in_app(regional_db_e2e, provider, tmp_path_factory.mktemp("oidc-app")) as url:
        yield url


@pytest.fixture(scope="module")
def regional_db_e2e(clean_db, tmp_path_factory) -> Path:
    import shutil

    from regional_inputs import AS_OF, run_etl

    tmp = tmp_path_factory.mktemp("oidc-region")
    board = tmp / "wh.duckdb"
    shutil.copyfile(clean_db, board)
    bundles = []
    for b, extra in (("Northshire", ["--as-letter", "K"]), ("Southshire", [])):
        out = tmp / f"{b}.zip"
        assert run_etl("bundle", "export", "--board", b, "--out", out, "--db", board,
                       "--as-of", AS_OF, *extra).returncode == 0
        bundles.append(out)
    reg = tmp / "regional.duckdb"
    assert run_etl("bundle", "import", *bundles, "--db", reg).returncode == 0
    return reg


def sign_in(browser, app_url: str, sub: str):
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    page = ctx.new_page()
    page.goto(app_url)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/oauth2/authorize**", timeout=30000)
    page.locator("input[name=sub]").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{app_url}/**", timeout=30000)
    return page


def main_text(page, expect: str) -> str:
    page.get_by_text(expect).first.wait_for(timeout=60000)
    time.sleep(1.0)  # let the rest of the run render
    return page.locator("body").inner_text()


def test_analyst_signs_in_and_sees_only_the_regional_pages(browser, regional_app):
    page = sign_in(browser, regional_app, "analyst")
    text = main_text(page, "Themes across boards")
    assert "Regional analyst" in text and "Board K" in text
    assert "Overview" not in text and "Data" not in text.split("\n")
    page.goto(f"{regional_app}/overview")  # a board page by typed URL
    text = main_text(page, "Themes across boards")
    assert "Performance" not in text and "Northshire" not in text
    page.context.close()


def test_board_member_cannot_reach_regional_pages_by_url(browser, regional_app):
    page = sign_in(browser, regional_app, "chair")
    text = main_text(page, "nothing for your role")
    assert "Board K" not in text
    page.goto(f"{regional_app}/regional_benchmarks?board=Southshire")
    text = main_text(page, "nothing for your role")
    assert "Benchmarks across boards" not in text and "Southshire" not in text
    page.context.close()


def test_business_unit_by_group_claim(browser, regional_app):
    page = sign_in(browser, regional_app, "officer")
    text = main_text(page, "Themes across boards")
    assert "Business unit" in text
    page.goto(f"{regional_app}/regional_benchmarks")
    assert "Benchmarks across boards" in main_text(page, "Benchmarks across boards")
    page.context.close()


def test_user_without_a_role_is_refused(browser, regional_app):
    page = sign_in(browser, regional_app, "stranger")
    text = main_text(page, "no role in this tool")
    assert "Themes across boards" not in text
    page.context.close()


@pytest.fixture(scope="module")
def board_app(clean_db, provider, tmp_path_factory):
    import shutil

    tmp = tmp_path_factory.mktemp("oidc-board")
    db = tmp / "wh.duckdb"
    shutil.copyfile(clean_db, db)
    with _signed_in_app(db, provider, tmp) as url:
        yield url


def test_board_member_sees_only_their_board_even_when_the_url_asks_for_another(browser, board_app):
    page = sign_in(browser, board_app, "chair")
    page.goto(f"{board_app}/overview?board=Southshire")
    text = main_text(page, "Board member")
    assert "Southshire" not in text
    page.goto(f"{board_app}/data")  # the business unit's page, typed in
    text = main_text(page, "Board member")
    assert "Upload" not in text and "Personal data in loaded text" not in text
    page.goto(f"{board_app}/regional_themes")
    text = main_text(page, "Board member")
    assert "Themes across boards" not in text
    page.context.close()
