"""Mapa: projects coloured by risk and sized by amount, over states coloured by a chosen measure.
Clicking a state or a project (or choosing it below the map) sets the shared filters."""
from __future__ import annotations

import streamlit as st

from ui import table_format as tf
from ui import maps, tilegrid
from ui import queries_explore as qe
from ui.common import lang, require_data, t
from ui.explore_view import (STATE_MEASURES, deck, fmt_value, missing, profile_link, projects_drawable,
                             show_filters, state_layer, tile_map, unplaced_note, unplaced_value)
from ui import url_state
from ui.filters import set_filter, sidebar_filters
from ui.fmt import integer, plural
from ui.safe_text import md

MAP_KEY = "mapa_seleccion"
TILES_KEY = "mapa_cuadros"


def _on_map_select() -> None:
    """A click on the map sets the state or project filter (a callback: runs before the page)."""
    state, project = maps.picked(st.session_state[MAP_KEY]["selection"])
    if project:
        set_filter("project", project)
    elif state:
        set_filter("states", [state])


def _on_tile_select() -> None:
    """A click on a tile of the simplified map sets the state filter."""
    state = tilegrid.picked(st.session_state[TILES_KEY]["selection"])
    if state:
        set_filter("states", [state])


def _on_pick_state() -> None:
    code = st.session_state.get("mapa_estado")
    set_filter("states", [code] if code else [])


def _on_pick_project() -> None:
    set_filter("project", st.session_state.get("mapa_proyecto") or None)


st.title(t("page_map"))
require_data()
f = sidebar_filters()
show_filters(f)

measures = list(STATE_MEASURES)
drawable = projects_drawable()  # project points need boundaries or a basemap under them
c1, c2, c3 = st.columns([2, 1, 1])
measure = c1.selectbox(t("map_measure"), measures, format_func=lambda m: t(STATE_MEASURES[m][1]),
                       **url_state.bind("medida", "processes", url_state.one_of(measures)))
show_states = c2.toggle(t("map_show_states"), value=True, key="map_show_states")
show_projects = c3.toggle(t("map_show_projects"), value=True, key="map_show_projects") if drawable else False

states = qe.state_measures(f)
if measure == "flag_rate":
    rates = qe.state_flag_rates(f).rename(columns={"key": "state_code"})
    states = states.merge(rates, on="state_code", how="left")
points = qe.project_points(f)
focus = points if f.project and len(points) else None
boundary_layer, _ = state_layer(states, measure) if show_states else (None, None)

notes = []
if show_states and boundary_layer is None:
    # the default install: a tile grid of the 32 states, no geometry and no basemap needed
    st.plotly_chart(tile_map(states, measure, f.states, height=460, unplaced=unplaced_value(f, measure)),
                    key=TILES_KEY, on_select=_on_tile_select,
                    selection_mode="points", config={"displayModeBar": False, "scrollZoom": False})
    notes.append(t("map_tiles_caption", measure=t(STATE_MEASURES[measure][1])))
    if f.states:
        notes.append(t("map_tiles_chosen"))
if boundary_layer is not None or show_projects:
    if boundary_layer is None:
        st.subheader(t("map_projects_title"))
    chart, kind = deck(states if show_states else None, measure, points if show_projects else None, focus,
                       chosen=f.states)
    st.pydeck_chart(chart, height=560, key=MAP_KEY, on_select=_on_map_select, selection_mode="single-object")
    if kind == "choropleth":
        notes.append(t("map_states_choropleth", measure=t(STATE_MEASURES[measure][1])))
if show_states:  # how much has no state: its own box on the tile grid, else said here
    unplaced = unplaced_note(f, boxed=boundary_layer is None)
    if unplaced:
        notes.append(unplaced)
if show_projects:
    if points.attrs.get("risk_kind") == "score":
        risk_note = t("map_risk_score", top=f"{maps.risk_top(points['risk'].tolist()):.0f}")
    else:
        risk_note = t("map_risk_flags")
    notes.append(plural(len(points), t("map_projects_note", n=integer(len(points)), risk=risk_note)))
    if points.attrs.get("total", 0) > len(points):
        notes.append(t("map_projects_limited", total=integer(points.attrs["total"])))
elif not drawable and len(points):
    listed = points.attrs.get("total", len(points))
    notes.append(plural(listed, t("map_projects_listed", n=integer(listed))))
if show_projects or not drawable:
    hidden = qe.projects_without_location(f)
    if hidden:
        notes.append(plural(hidden, t("map_projects_hidden", n=integer(hidden))))
if measure == "flag_rate" and states.get("flag_computable_n") is not None and \
        not states["flag_computable_n"].fillna(0).sum():
    notes.append(t("map_no_flags"))
st.caption(" ".join(notes))

# the same selection without a pointer (keyboard, screen readers, and where WebGL is missing)
with_data = states[(states["processes"] > 0) | (states["projects"] > 0)].sort_values("name")
s1, s2 = st.columns(2)
state_options = list(with_data["state_code"])
if len(f.states) == 1 and f.states[0] in state_options:
    st.session_state["mapa_estado"] = f.states[0]
elif not f.states:
    st.session_state["mapa_estado"] = None
names = dict(zip(states["state_code"], states["name"]))
s1.selectbox(t("map_pick_state"), state_options, index=None, format_func=lambda c: names.get(c, c),
             key="mapa_estado", on_change=_on_pick_state, placeholder=t("map_pick_placeholder"))
project_options = list(dict.fromkeys(points["project_id"]))
if f.project and f.project not in project_options:
    project_options.insert(0, f.project)
st.session_state["mapa_proyecto"] = f.project
titles = dict(zip(points["project_id"], points["title"]))
s2.selectbox(t("map_pick_project"), project_options, index=None,
             format_func=lambda p: f"{titles.get(p) or p} ({p})", key="mapa_proyecto",
             on_change=_on_pick_project, placeholder=t("map_pick_placeholder"))

if f.project:
    st.subheader(t("map_selected_project"))
    row = points[points["project_id"] == f.project]
    if row.empty:
        st.info(t("map_project_not_shown", id=md(f.project)))
    else:
        r = row.iloc[0]
        st.text(r["title"] or f.project)
        c = st.columns(3)
        c[0].metric(t("col_implementer"), md(r["implementer"]) or "—")
        c[1].metric(t("rd_project_amount"), fmt_value(r["amount"], "mdp"), help=t("rd_project_amount_help",
                                                                                  value=fmt_value(r["amount"], "money")))
        risk = "—" if missing(r["risk"]) else (
            fmt_value(r["risk"], "num") if points.attrs.get("risk_kind") == "score" else integer(r["risk"]))
        c[2].metric(t("map_risk_score_label" if points.attrs.get("risk_kind") == "score" else "map_risk_flags_label"),
                    risk)
    profile_link("proyecto", "project", f.project, "open_project", key="map_open_project")

st.subheader(t("map_state_table"))
table = qe.state_rows(f).copy()  # with a row for data without a state (the parts add up to the total)
if measure == "flag_rate":
    table = table.merge(qe.state_flag_rates(f).rename(columns={"key": "state_code"}), on="state_code", how="left")
table["name"] = table["name"].fillna(t("rd_no_state"))
col, label_key, fmt = STATE_MEASURES[measure]
st.dataframe(
    (tf.points(table, [col]) if fmt == "pct" else table)[
        ["name", "processes", "projects", "amount"] + ([col] if col not in ("processes", "projects", "amount")
                                                       else [])],
    hide_index=True, placeholder="—", width="stretch", key="map_states_table",
    column_config={
        "name": t("col_state"), "processes": tf.count_column(t("col_processes")),
        "projects": tf.count_column(t("col_projects")),
        "amount": tf.money_column(t("col_amount")),
        col: tf.pct_column(t(label_key), lang()) if fmt == "pct" else t(label_key)})
