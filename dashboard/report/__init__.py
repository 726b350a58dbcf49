"""Quarterly Performance Committee report and annual report section (issue 5).

Flow: `quarterly.py` / `annual.py` read the metric layer and build a format-free
content model (`model.py`); the writers (`docx_writer`, `pdf_writer`, `xlsx_tracker`)
only lay that model out, so every format shows the same numbers as the dashboard.
`build.py` ties them together for the CLI and the Reports page.
"""
