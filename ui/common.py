"""What every page shares: language, the translate function, the demo banner, the database check."""
from __future__ import annotations

import logging

import streamlit as st

from ui import queries
from ui.db import db_file
from ui.i18n import LANGS, translate


def lang() -> str:
    value = st.session_state.get("lang") or st.query_params.get("lang", "es")
    return value if value in LANGS else "es"


def t(key: str, **kwargs: object) -> str:
    return translate(key, lang(), **kwargs)


def require_data() -> dict | None:
    """Stop the page with an explanation when there is no database or it is empty; else the headline."""
    head = queries.headline()
    if head is None:
        logging.getLogger(__name__).warning("no database at %s", db_file())  # the path for the operator only
        st.info(t("no_database"))
        st.stop()
    if head.get("is_demo"):
        st.warning(t("demo_banner"), icon=":material/science:")
    if not head["processes"] and not head["projects"]:
        st.info(t("empty_database"))
        st.stop()
    return head
