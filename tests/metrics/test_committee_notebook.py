"""notebooks/committee_figures.ipynb runs top to bottom on the demo warehouse and its tables
agree with figures.json (the notebook asserts it; the test checks what it printed)."""
from __future__ import annotations

import os

import nbformat
from nbclient import NotebookClient
from project import ROOT


def test_committee_notebook_runs_and_agrees_with_the_figures(demo_db, monkeypatch):
    monkeypatch.setenv("LEARNING_DB", str(demo_db))
    monkeypatch.setenv("NOTEBOOK_BOARD", "Northshire")
    monkeypatch.setenv("NOTEBOOK_QUARTER", "2026Q2")
    monkeypatch.setenv("PYTHONPATH", str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    nb = nbformat.read(ROOT / "notebooks" / "committee_figures.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                      for o in c.get("outputs", []))
    assert "Figures agree with the metric layer for Northshire Q1 2026/27 (Apr–Jun 2026)" in printed
