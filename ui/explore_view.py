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
from ui import maps, tilegrid
from ui import queries_explore as qe
from ui.common import lang, t
from ui.filters import Filters, describe
from ui.fmt import amount_short, integer, mdp, money, pct, plural
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
    return f"{pct(part / whole, lang=lang())} " + t("of_count", part=integer(part), whole=integer(whole))


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
        return pct(value, lang=lang())
    if kind == "days":
        return plural(round(value), t("days_value", n=f"{value:,.0f}"))
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
    """The boundary layer for `measure` when boundaries are configured and match the states: returns
    (layer, "choropleth"); else (None, None): the states are then drawn as a tile grid (`tile_map`)."""
    col, _, kind = STATE_MEASURES[measure]
    label = lambda v: fmt_value(v, kind)  # noqa: E731
    geo = boundaries()
    if geo is not None:
        layer, matched = maps.state_choropleth(geo, _without_empty(states, col), col, label)
        if matched:
            return layer, "choropleth"
    return None, None


def _without_empty(states: pd.DataFrame, col: str) -> pd.DataFrame:
    """`states` with `col` missing (drawn grey, "no data") where a state has no process and no project."""
    data = states.copy()
    if col in data.columns:
        empty = (data["processes"].fillna(0) <= 0) & (data["projects"].fillna(0) <= 0)
        data[col] = data[col].astype("float64").where(~empty)
    else:
        data[col] = None
    return data


def projects_drawable() -> bool:
    """True when project locations have something to be drawn over: boundaries or a basemap."""
    return boundaries() is not None or basemap() is not None


# colour-bar scale and unit per format kind: amounts in mdp and shares in %, never "7B" or "0.5"
_TILE_SCALE = {"money": (1e-6, "", "mdp"), "mdp": (1e-6, "", "mdp"), "pct": (100.0, " %", "%")}


def unplaced_value(f: Filters, measure: str) -> float | None:
    """The value of `measure` for the processes and projects with no state ("Sin estado / federal"),
    None when there are none: the map shows it beside the states so the parts add up to the headline."""
    col = STATE_MEASURES[measure][0]
    if measure == "flag_rate":
        rates = qe.state_flag_rates(f)
        row = rates[rates["key"].isna() | (rates["key"] == "")]
        return None if row.empty or missing(row["flag_rate"].iloc[0]) else float(row["flag_rate"].iloc[0])
    rows = qe.state_rows(f)
    row = rows[rows["state_code"].isna()]
    if row.empty or missing(row[col].iloc[0]):
        return None
    return float(row[col].iloc[0])


def unplaced_note(f: Filters, boxed: bool) -> str | None:
    """The caption's sentence on the data with no state (its processes and amount), None when there is
    none; `boxed` when the tile grid shows it in its own box."""
    rows = qe.state_rows(f)
    row = rows[rows["state_code"].isna()]
    if row.empty:
        return None
    n, amount = int(row["processes"].iloc[0]), row["amount"].iloc[0]
    return t("map_unplaced_box" if boxed else "map_unplaced_deck",
             processes=plural(n, t("n_processes", n=integer(n))), amount=amount_short(amount, lang()))


def tile_map(states: pd.DataFrame, measure: str, highlight: list[str] | tuple[str, ...] = (), height: int = 420,
             unplaced: float | None = None):
    """The tile-grid figure of `states` coloured by `measure` (states with no process and no project
    are grey), with the states of `highlight` outlined and the data with no state (`unplaced`) in its
    own box beside the grid."""
    col, label_key, kind = STATE_MEASURES[measure]
    scale, suffix, unit = _TILE_SCALE.get(kind, (1.0, "", ""))
    data = _without_empty(states, col)
    unit = t("unit_mdp") if unit == "mdp" else unit
    title = t(label_key) + (f" ({unit})" if unit and unit not in t(label_key) else "")
    return tilegrid.figure(data, col, lambda v: fmt_value(v, kind), title=title, scale=scale, tick_suffix=suffix,
                           highlight=highlight, height=height, no_data_label=t("map_tile_no_data"),
                           unplaced=unplaced, unplaced_label=t("rd_no_state"))


STATE_ZOOM = 5.5  # the closest a state filter zooms (a state with its neighbours)


def national_view(states: pd.DataFrame | None, chosen: list[str] | tuple[str, ...] = (),
                  points: pd.DataFrame | None = None) -> dict[str, float]:
    """The whole country, unless states are chosen: then their project locations (else centroids)."""
    if not chosen:
        return dict(maps.MEXICO_VIEW)
    view = None
    if points is not None and len(points) and "state_code" in points.columns:
        inside = points[points["state_code"].isin(chosen)]
        if len(inside):
            view = maps.view_for(inside["lon"].tolist(), inside["lat"].tolist())
    if view is None and states is not None:
        inside = states[states["state_code"].isin(chosen)]
        view = maps.view_for(inside["lon"].tolist(), inside["lat"].tolist())
    if view is None:
        return dict(maps.MEXICO_VIEW)
    # the whole state and its neighbours: points clustered in one city must not fill the view with one colour
    view["zoom"] = min(view["zoom"], STATE_ZOOM)
    return view


def deck(states: pd.DataFrame | None, measure: str, points: pd.DataFrame | None, focus: pd.DataFrame | None = None,
         chosen: list[str] | tuple[str, ...] = ()):
    """A Deck with the boundary layer (when `states` is given and boundaries are configured) and the
    project points (when given). The view is the whole country, the chosen states, or `focus`."""
    layers = []
    kind = None
    if states is not None:
        layer, kind = state_layer(states, measure)
        if layer is not None:
            layers.append(layer)
    if points is not None and len(points):
        layers.append(maps.project_layer(
            points, lambda a: fmt_value(a, "money"),
            lambda r: (t("risk_score", score=f"{r:.0f}") if points.attrs.get("risk_kind") == "score"
                       else plural(r, t("risk_flags", n=integer(r)))) if not missing(r) else "—"))
    if focus is not None and len(focus):
        view = maps.view_for(focus["lon"].tolist(), focus["lat"].tolist())
    else:
        view = national_view(states, chosen, points)
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
