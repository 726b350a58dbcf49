"""Every query goes through dashboard.db scoped to the viewer's boards: a board member who
edits the URL to name another board still sees only their own board's figures."""
from __future__ import annotations

from datetime import date

import dash_expected as expected
import dash_fixture_rows as fx
from dash_fixtures import fixture_db  # noqa: F401  (fixture)
from dash_helpers import APP, metric, no_errors

AUTH = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-secret",
                 "client_id": "test", "client_secret": "test",
                 "server_metadata_url": "https://id.example/.well-known/openid-configuration"}}


def test_board_member_cannot_reach_another_board_through_the_url(fixture_db, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    roles = tmp_path / "roles.toml"
    roles.write_text('[users."chair@northshire.example"]\nrole = "board_member"\nboards = ["Northshire"]\n')
    monkeypatch.setenv("LEARNING_DB", str(fixture_db))
    monkeypatch.setenv("LEARNING_TODAY", "2026-07-15")
    monkeypatch.setenv("LEARNING_ROLES", str(roles))
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets = AUTH
    at.user = {"is_logged_in": True, "email": "chair@northshire.example"}
    at.query_params["board"] = "Southvale"
    at.run()
    no_errors(at)
    assert at.multiselect(key="board").options == ["Northshire"]
    acts = expected.Actions(fx.ROWS, {k for t, k in fx.WITHDRAWN if t == "actions"}, {"Northshire"})
    assert metric(at, "Open actions").value == str(len(acts.ids(date(2026, 6, 30), "open")))
    assert "Southvale" not in "\n".join(c.value for c in at.caption)
