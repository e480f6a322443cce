"""Obras Abiertas: Streamlit entry point. Navigation, language switch, shared sidebar."""
from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ui.i18n import LANGS, translate  # noqa: E402

st.set_page_config(page_title="Obras Abiertas", page_icon="🏗️", layout="wide")

if "lang" not in st.session_state:
    initial = st.query_params.get("lang", "es")
    st.session_state["lang"] = initial if initial in LANGS else "es"
lang = st.sidebar.radio(
    translate("language", st.session_state["lang"]), LANGS, key="lang", horizontal=True,
    format_func=lambda code: {"es": "Español", "en": "English"}[code],
)
st.query_params["lang"] = lang

PAGES = [
    st.Page("pages/resumen.py", title=translate("page_overview", lang), url_path="resumen", default=True),
]
nav = st.navigation(PAGES)
nav.run()
