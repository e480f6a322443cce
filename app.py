"""Obras Abiertas: Streamlit entry point. Navigation, language switch, shared sidebar."""
from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

from core import settings  # noqa: E402
from ui import url_state  # noqa: E402
from ui.queries_search import MAX_QUERY_CHARS  # noqa: E402
from ui.i18n import LANGS, translate  # noqa: E402

# the favicon is a file of the project: a Material icon there is fetched from fonts.gstatic.com, and the
# dashboard makes no request outside its own server by default
st.set_page_config(page_title="Obras Abiertas", page_icon=str(Path(__file__).parent / "ui" / "assets" / "favicon.png"),
                   layout="wide")

if "lang" not in st.session_state:
    initial = st.query_params.get("lang", "es")
    st.session_state["lang"] = initial if initial in LANGS else "es"
lang = st.sidebar.radio(
    translate("language", st.session_state["lang"]), LANGS, key="lang", horizontal=True,
    format_func=lambda code: {"es": "Español", "en": "English"}[code],
)
st.query_params["lang"] = lang

ROOT = Path(__file__).resolve().parent
# (file, label key, url path); a page appears once its file exists
PAGE_SPECS = [
    ("views/resumen.py", "page_overview", "resumen"),
    ("views/buscar.py", "page_search", "buscar"),
    ("views/mapa.py", "page_map", "mapa"),
    ("views/comparar.py", "page_compare", "comparar"),
    ("views/banderas.py", "page_flags", "banderas"),
    ("views/novedades.py", "page_news", "novedades"),
    ("views/proyecto.py", "page_project", "proyecto"),
    ("views/proceso.py", "page_process", "proceso"),
    ("views/proveedores.py", "page_suppliers", "proveedores"),
    ("views/calidad.py", "page_quality", "calidad"),
    ("views/metodologia.py", "page_methodology", "metodologia"),
    ("views/descargas.py", "page_downloads", "descargas"),
    ("views/cargar.py", "page_upload", "cargar"),
]
PAGES = [
    st.Page(str(ROOT / f), title=translate(key, lang), url_path=url, default=(url == "resumen"))
    for f, key, url in PAGE_SPECS
    if (ROOT / f).exists() and (url != "cargar" or settings.flag("OBRAS_ENABLE_UPLOAD"))
]
nav = st.navigation(PAGES)

# the one search, on every page but its own: Enter or the button opens Buscar with ?q=
SEARCH_PAGE = next((p for p in PAGES if p.url_path == "buscar"), None)
if SEARCH_PAGE is not None and nav.url_path != "buscar":
    with st.sidebar.form("sidebar_search", border=False):
        typed = st.text_input(translate("search_box", lang), placeholder=translate("search_placeholder", lang),
                              key="sidebar_q", max_chars=MAX_QUERY_CHARS)
        if st.form_submit_button(translate("search_box", lang), icon=":material/search:") and typed.strip():
            url_state.set_value("q", typed.strip())  # the page keeps its query in the session (ui/url_state.py)
            st.switch_page(SEARCH_PAGE, query_params={"q": typed.strip(), "lang": lang})
nav.run()
