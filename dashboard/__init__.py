"""The committee dashboard (Streamlit). `app.py` is the router; pages live in `app_pages/`."""
