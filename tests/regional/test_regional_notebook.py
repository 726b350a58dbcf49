"""notebooks/regional_analysis.ipynb runs top to bottom on a regional warehouse built from
the demo region's bundles (issue 6, item 6), and the demo region exports clean."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import nbformat
import pytest
from nbclient import NotebookClient

from regional_inputs import ROOT, run_etl


@pytest.fixture(scope="module")
def demo_region(demo_db, tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("demo-region")
    board_db = tmp / "board.duckdb"
    shutil.copyfile(demo_db, board_db)  # export records the board's re-keying secret
    con = duckdb.connect(str(board_db), read_only=True)
    boards = [r[0] for r in con.execute("SELECT DISTINCT board FROM reviews ORDER BY 1").fetchall()]
    con.close()
    bundles = []
    for i, board in enumerate(boards):
        out = tmp / f"{i}.zip"
        res = run_etl("bundle", "export", "--board", board, "--out", out, "--db", board_db,
                      *(["--as-letter", "K"] if i == 0 else []))
        assert res.returncode == 0, res.stderr  # fictional demo text has no personal data
        bundles.append(out)
    reg = tmp / "regional.duckdb"
    assert run_etl("bundle", "import", *bundles, "--db", reg).returncode == 0
    return reg


def test_notebook_reproduces_the_regional_theme_table(demo_region, monkeypatch):
    monkeypatch.setenv("REGIONAL_DB", str(demo_region))
    nb = nbformat.read(ROOT / "notebooks" / "regional_analysis.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "shared by more than one board" in printed
    assert any("application/vnd.plotly.v1+json" in o.get("data", {}) for o in outputs)
    con = duckdb.connect(str(demo_region), read_only=True)
    n_themes = con.execute("SELECT count(*) FROM regional_theme_boards").fetchone()[0]
    con.close()
    assert printed.startswith(f"{n_themes} themes")
