"""Comparar over time: the measures of states or implementers by year, drawn side by side on axes that
start at zero. Pure functions of DataFrames (ui.queries_explore.compare_by_year), tested without Streamlit."""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go

from ui.safe_text import plotly as safe

# measure -> (column, label key, kind, column of the count the rate is computed over)
TIME_MEASURES = {
    "processes": ("processes", "col_processes", "int", None),
    "amount": ("amount", "cmp_amount", "mdp", None),
    "mean_bidders": ("mean_bidders", "cmp_mean_bidders", "num", "competitive_n"),
    "single_bid_share": ("single_bid_share", "kpi_single_bid", "pct", "competitive_n"),
    "direct_share": ("direct_share", "kpi_direct", "pct", "method_n"),
    "noncompetitive_share": ("noncompetitive_share", "cmp_noncompetitive", "pct", "method_n"),
    "flag_rate": ("flag_rate", "cmp_flag_rate", "pct", "flag_computable_n"),
}
DEFAULT_PICK = 3  # entities shown before the reader chooses
# a qualitative palette that stays distinct side by side (Tableau 10)
COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
          "#bab0ac"]


def default_pick(compare: pd.DataFrame, n: int = DEFAULT_PICK) -> list[str]:
    """The `n` keys with the largest amount (the table's order), for a first view."""
    return [k for k in compare.sort_values("amount", ascending=False)["key"].tolist() if k is not None][:n]


def _scale(kind: str) -> tuple[float, str]:
    return {"pct": (100.0, " %"), "mdp": (1e-6, "")}.get(kind, (1.0, ""))


def figure(by_year: pd.DataFrame, measure: str, names: dict[str, str], axis_title: str,
           count_label: Callable[[int], str] | None = None, order: Sequence[str] = (), height: int = 420) -> go.Figure:
    """One line per key (in `order`) of `measure` by year; the y axis starts at zero (shares run to at
    least 100 % only when a value is near it: the axis is 0 to the highest value plus a margin)."""
    col, _, kind, n_col = TIME_MEASURES[measure]
    scale, suffix = _scale(kind)
    fig = go.Figure()
    top = 0.0
    keys = list(order) or list(dict.fromkeys(by_year["key"]))
    for i, key in enumerate(keys):
        rows = by_year[by_year["key"] == key].sort_values("year")
        values = [None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v) * scale
                  for v in rows[col]]
        top = max([top, *[v for v in values if v is not None]])
        counts = rows[n_col].tolist() if n_col else rows["processes"].tolist()
        extra = [count_label(int(c)) if count_label and n_col else "" for c in counts]
        fig.add_scatter(
            x=rows["year"].astype(int).tolist(), y=values, mode="lines+markers", name=safe(names.get(key, key)),
            line={"color": COLORS[i % len(COLORS)], "width": 2}, marker={"size": 7}, customdata=extra,
            hovertemplate="%{fullData.name}<br>%{x}: %{y:,.1f}" + suffix + ("<br>%{customdata}" if n_col else "")
                          + "<extra></extra>", connectgaps=False)
    upper = top * 1.1 if top > 0 else 1.0
    if kind == "pct":
        upper = min(max(upper, 10.0), 100.0) if top <= 100 else upper
    fig.update_yaxes(range=[0, upper], rangemode="tozero", title=safe(axis_title), ticksuffix=suffix,
                     tickformat=",~r", zeroline=True, zerolinecolor="#888")
    fig.update_xaxes(dtick=1, tickformat="d", title="")
    fig.update_layout(height=height, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      legend={"orientation": "h", "y": -0.15, "yanchor": "top"}, hovermode="closest")
    return fig
