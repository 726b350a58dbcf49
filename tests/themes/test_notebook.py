"""notebooks/themes.ipynb runs top to bottom on the demo warehouse."""
from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]


def test_themes_notebook_runs_on_the_demo_warehouse(demo_db, monkeypatch):
    monkeypatch.setenv("LEARNING_DB", str(demo_db))
    monkeypatch.setenv("PYTHONPATH", str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    nb = nbformat.read(ROOT / "notebooks" / "themes.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = "".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
                      for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "Error" not in outputs
    assert "suggested: [" in outputs and "safe_sleep" in outputs
    assert "untagged statements have scores" in outputs
