"""Rendering pieces the exploration pages share: active filters, rates with counts, the state map,
links to the profile pages. Thin wrappers over ui.maps / ui.fmt; no queries of their own."""
from __future__ import annotations

import math
import os
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from core import settings
from ui import maps
from ui.common import lang, t
from ui.filters import Filters, describe
from ui.fmt import integer, mdp, money, pct
from ui.safe_text import md

ROOT = Path(__file__).resolve().parent.parent
# measures a state layer can be coloured by: (column, label key, format kind)
STATE_MEASURES = {
    "processes": ("processes", "measure_processes", "int"),
    "amount": ("amount", "measure_amount", "money"),
    "projects": ("projects", "measure_projects", "int"),
    "single_bid_share": ("single_bid_share", "measure_single_bid", "pct"),
    "direct_share": ("direct_share", "measure_direct", "pct"),
    "flag_rate": ("flag_rate", "measure_flag_rate", "pct"),
}


def show_filters(f: Filters) -> None:
    """One caption with the active filters (or that the whole database is shown)."""
    lines = describe(f)
    st.caption(t("active_filters", filters=" · ".join(md(x) for x in lines)) if lines else t("no_filters"))


def missing(x) -> bool:
    """True for None / NaN / pandas NA."""
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA or (
        not isinstance(x, (str, bytes)) and pd.isna(x) is True)


def rate(part, whole) -> str:
    """"32.8 % (4,284 de 13,080)": a rate always next to its counts."""
    if missing(whole) or not whole:
        return "—"
    part = 0 if missing(part) else part
    return f"{pct(part / whole)} " + t("of_count", part=integer(part), whole=integer(whole))


def fmt_value(value, kind: str) -> str:
    """A measure formatted by kind: int, money, mdp, pct, days, ratio."""
    if missing(value):
        return "—"
    if kind == "int":
        return integer(value)
    if kind == "money":
        return money(value, lang())
    if kind == "mdp":
        return mdp(value, lang())
    if kind == "pct":
        return pct(value)
    if kind == "days":
        return t("days_value", n=f"{value:,.0f}")
    return f"{value:,.3g}"


def basemap() -> str | None:
    """The optional online basemap ("carto"), from OBRAS_BASEMAP; offline (None) by default."""
    return settings.basemap()


@st.cache_data(show_spinner=False, max_entries=4)
def _boundaries(path: str, mtime: int) -> dict | None:
    return maps.load_boundaries(path)


def boundaries() -> dict | None:
    """The configured state boundaries (OBRAS_STATE_BOUNDARIES), or None."""
    path = settings.state_boundaries()
    if path is None:
        return None
    try:
        return _boundaries(str(path), os.stat(path).st_mtime_ns)
    except OSError:
        return None


def state_layer(states: pd.DataFrame, measure: str):
    """The state layer for `measure`: a choropleth when boundaries are configured and match, else
    circles at the centroids. Returns (layer, kind) with kind "choropleth" or "circles"."""
    col, _, kind = STATE_MEASURES[measure]
    label = lambda v: fmt_value(v, kind)  # noqa: E731
    geo = boundaries()
    if geo is not None:
        layer, matched = maps.state_choropleth(geo, states, col, label)
        if matched:
            return layer, "choropleth"
    return maps.state_circles(states, col, label), "circles"


def deck(states: pd.DataFrame | None, measure: str, points: pd.DataFrame | None, focus: pd.DataFrame | None = None):
    """A Deck with the state layer (when `states` is given) and the project points (when given)."""
    layers = []
    kind = None
    if states is not None:
        layer, kind = state_layer(states, measure)
        layers.append(layer)
    if points is not None and len(points):
        layers.append(maps.project_layer(
            points, lambda a: fmt_value(a, "money"),
            lambda r: (t("risk_score", score=f"{r:.0f}") if points.attrs.get("risk_kind") == "score"
                       else t("risk_flags", n=integer(r))) if not missing(r) else "—"))
    frame = focus if focus is not None else points
    if frame is not None and len(frame):
        view = maps.view_for(frame["lon"].tolist(), frame["lat"].tolist())
    elif states is not None:
        with_data = states[(states["processes"] > 0) | (states["projects"] > 0)]
        view = maps.view_for(with_data["lon"].tolist(), with_data["lat"].tolist())
    else:
        view = dict(maps.MEXICO_VIEW)
    return maps.make_deck(layers, view, basemap=basemap()), kind


def page_exists(name: str) -> bool:
    """True when views/<name>.py exists (links to pages that are not there yet are not drawn)."""
    return (ROOT / "views" / f"{name}.py").exists()


def profile_link(page: str, param: str, value: str, label_key: str, key: str) -> None:
    """A button that opens a profile page (Proceso / Proyecto) for one ocid / project id."""
    if not value:
        return
    if page_exists(page):
        st.link_button(t(label_key), f"/{page}?{urlencode({param: value, 'lang': lang()})}", key=key)
    else:
        st.caption(t("profile_missing", id=md(value)))
