"""A tile-grid map of Mexico: each of the 32 states one square, placed roughly as on the map, coloured by
a measure. It needs no boundary file and no basemap (nothing is downloaded), keeps its shape on a phone,
and always shows the whole country.

The layout (row, column and short name per INEGI state code) is data: data/states_tilegrid.csv.
Pure functions of DataFrames, tested without Streamlit.
"""
from __future__ import annotations

import csv
import math
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from ui.safe_text import plotly as safe

LAYOUT_CSV = Path(__file__).resolve().parent.parent / "data" / "states_tilegrid.csv"
# ColorBrewer YlOrRd, as the state layer of ui/maps.py (light = low, dark red = high)
COLORSCALE = [[0.0, "#ffffcc"], [0.15, "#ffeda0"], [0.3, "#fed976"], [0.45, "#feb24c"], [0.6, "#fd8d3c"],
              [0.75, "#fc4e2a"], [0.9, "#e31a1c"], [1.0, "#b10026"]]
NO_DATA = "#d9d9d9"
HIGHLIGHT = "#1f1f1f"
PICK_TRACE = "states"  # the trace whose points carry the state codes (selection)
UNPLACED_TRACE = "unplaced"  # the box beside the grid for data with no state (its value in `meta`)
UNPLACED_BOX = (5, 0, 2)  # row, first and last column: the empty corner south-west of the grid


@lru_cache(maxsize=1)
def layout() -> pd.DataFrame:
    """state_code, row, col, short: one tile per state."""
    with LAYOUT_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return pd.DataFrame({"state_code": [r["state_code"] for r in rows], "row": [int(r["row"]) for r in rows],
                         "col": [int(r["col"]) for r in rows], "short": [r["short"] for r in rows]})


def _missing(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _text_color(fraction: float | None) -> str:
    """Dark text on the light end of the scale and on grey, white on the dark end."""
    return "#111111" if _missing(fraction) or fraction < 0.6 else "#ffffff"


def tiles(states: pd.DataFrame, value_col: str) -> pd.DataFrame:
    """The layout joined with `states` (state_code, name, value_col): every tile, its value (None when
    the state has no data or a zero count) and where the value sits on the colour scale (0-1)."""
    grid = layout().merge(states[["state_code", "name", value_col]], on="state_code", how="left")
    values = [None if _missing(v) else float(v) for v in grid[value_col]]
    present = [v for v in values if v is not None]
    lo, hi = min([0.0, *present]), max(present, default=0.0)
    span = hi - lo
    grid["value"] = pd.Series(values, dtype="object")  # None, not NaN, where there is no value
    grid["fraction"] = [None if v is None else ((v - lo) / span if span else 1.0) for v in values]
    grid["name"] = grid["name"].fillna(grid["short"])
    return grid


def figure(states: pd.DataFrame, value_col: str, label: Callable[[Any], str], *, title: str = "",
           scale: float = 1.0, tick_suffix: str = "", highlight: Iterable[str] = (), height: int = 420,
           no_data_label: str = "—", unplaced: Any = None, unplaced_label: str = "") -> go.Figure:
    """The tile grid coloured by `value_col` of `states` (one row per state_code, with `name`).

    label(value) is the hover text of a value; `scale` multiplies values for the colour bar (1e-6 for
    amounts in mdp, 100 for shares in %), `tick_suffix` follows its ticks. States in `highlight` get a
    dark outline. Zero counts are coloured as the low end of the scale, missing values grey.

    `unplaced` is the value of the data with no state (federal or unpublished state): when given, a box
    labelled `unplaced_label` stands beside the grid with its value, so nothing leaves the map unseen."""
    grid = tiles(states, value_col)
    rows, cols = int(grid["row"].max()) + 1, int(grid["col"].max()) + 1
    base = [[None] * cols for _ in range(rows)]
    coloured = [[None] * cols for _ in range(rows)]
    for r in grid.itertuples():
        base[r.row][r.col] = 0
        if not _missing(r.value):
            coloured[r.row][r.col] = r.value * scale
    present = [v * scale for v in grid["value"] if not _missing(v)]
    fig = go.Figure()
    fig.add_heatmap(z=base, colorscale=[[0, NO_DATA], [1, NO_DATA]], showscale=False, hoverinfo="skip",
                    xgap=3, ygap=3, name="base")
    if present:
        fig.add_heatmap(
            z=coloured, colorscale=COLORSCALE, zmin=min(0.0, min(present)), zmax=max(present) or 1.0,
            hoverinfo="skip", xgap=3, ygap=3, name="value",
            colorbar={"orientation": "h", "y": 1.0, "yanchor": "bottom", "thickness": 12, "len": 0.9,
                      "title": {"text": safe(title), "side": "top"}, "ticksuffix": tick_suffix,
                      "tickformat": ",~r", "outlinewidth": 0})
    hover = [f"<b>{safe(n)}</b><br>{safe(no_data_label if _missing(v) else label(v))}"
             for n, v in zip(grid["name"], grid["value"])]
    fig.add_scatter(
        x=grid["col"], y=grid["row"], mode="markers+text", text=grid["short"], name=PICK_TRACE,
        customdata=grid["state_code"], hovertext=hover, hoverinfo="text",
        textfont={"size": 11, "color": [_text_color(f) for f in grid["fraction"]]},
        marker={"symbol": "square", "size": 30, "opacity": 0}, showlegend=False)
    if not _missing(unplaced):
        row, first, last = UNPLACED_BOX
        fig.add_shape(type="rect", x0=first - 0.45, x1=last + 0.45, y0=row - 0.45, y1=row + 0.45,
                      line={"color": "#555555", "width": 1.5, "dash": "dot"}, fillcolor="#ffffff", layer="below")
        text = f"{safe(unplaced_label)}<br><b>{safe(label(unplaced))}</b>"
        fig.add_scatter(
            x=[(first + last) / 2], y=[row], mode="markers+text", text=[text], name=UNPLACED_TRACE,
            meta={"value": float(unplaced)}, customdata=[""], hovertext=[text], hoverinfo="text",
            textfont={"size": 11, "color": "#111111"},
            marker={"symbol": "square", "size": 30, "opacity": 0}, showlegend=False)
    chosen = set(highlight)
    for r in grid[grid["state_code"].isin(chosen)].itertuples():
        fig.add_shape(type="rect", x0=r.col - 0.5, x1=r.col + 0.5, y0=r.row - 0.5, y1=r.row + 0.5,
                      line={"color": HIGHLIGHT, "width": 3}, fillcolor="rgba(0,0,0,0)")
    fig.update_xaxes(visible=False, range=[-0.6, cols - 0.4], fixedrange=True)
    # square tiles; on a narrow screen the grid sits at the top, under the colour bar
    fig.update_yaxes(visible=False, range=[rows - 0.4, -0.6], fixedrange=True, scaleanchor="x",
                     constrain="domain", constraintoward="top")
    fig.update_layout(height=height, margin={"l": 0, "r": 0, "t": 70 if present else 0, "b": 0}, dragmode=False,
                      plot_bgcolor="rgba(0,0,0,0)", paper_bgcolor="rgba(0,0,0,0)", showlegend=False)
    return fig


def picked(selection: Any) -> str | None:
    """The state code of a tile clicked in a st.plotly_chart selection, else None."""
    try:
        points = selection.get("points", []) if isinstance(selection, dict) else selection.points
    except AttributeError:
        return None
    for point in points or []:
        code = (point or {}).get("customdata")
        if isinstance(code, list):
            code = code[0] if code else None
        if isinstance(code, str) and code:
            return code
    return None
