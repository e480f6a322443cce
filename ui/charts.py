"""One look for every chart: es-MX number separators, amounts in millions of pesos ("mdp"), counts as
whole numbers, percentages as "83.7 %", dates with month names in the page's language. Plotly's own
abbreviations ("7B", "0.5B", "93.2k") and its English month names never reach the reader.

    fig = px.bar(df.assign(mdp=df["amount"] / 1e6), x="year", y="mdp")
    style(fig, lang, x="int", y="mdp", y_title=t("col_amount"))

Axis kinds: "mdp" (values already in millions of pesos), "int", "year", "num", "pct" (values already ×100,
shown "83.7 %" in Spanish, "83.7%" in English), "date", "category". Plotly's locale files ("config locale") are not
bundled with Streamlit and would need a download, so date ticks are written here instead.
"""
from __future__ import annotations

import textwrap
from datetime import datetime
from typing import Any

import pandas as pd

from ui.fmt import PERCENT_SUFFIX, month

# a category label's line on a horizontal bar chart: about 180 px, so that on a 390 px phone the bars keep
# room and the labels are not cut at the screen's edge (Plotly cuts long tick labels instead of wrapping)
LABEL_CHARS = 30
# legends above the plot, in rows: at the right (Plotly's default) a legend takes a third of a phone's width
# from the plot; below, it sits on the x axis' title and slanted labels
LEGEND_ABOVE: dict[str, Any] = {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "xanchor": "left"}
SEPARATORS = ".,"  # decimal point, thousands comma: es-MX and en write numbers alike
_UNIT = {"mdp": {"es": "mdp", "en": "MXN m"}}


def _axis(kind: str, lang: str, title: str | None) -> dict[str, Any]:
    axis: dict[str, Any] = {"exponentformat": "none", "separatethousands": True}
    if kind == "mdp":
        axis["tickformat"] = ",.1~f"  # "3,000" and "12.5", never "3,000.0"
        unit = _UNIT["mdp"]["en" if lang == "en" else "es"]
        if title is not None:
            title = f"{title} ({unit})" if title else unit
    elif kind == "int":
        axis["tickformat"] = ",d"
    elif kind == "year":  # 2021, not "2,021" nor "2.021k"
        axis["tickformat"] = "d"
    elif kind == "num":
        axis["tickformat"] = ",~r"
    elif kind == "pct":
        axis["tickformat"] = ",.1f"
        axis["ticksuffix"] = PERCENT_SUFFIX.get(lang, PERCENT_SUFFIX["es"])  # "83.7 %" / "83.7%" (ui.fmt.pct)
    if "tickformat" in axis:
        axis["hoverformat"] = axis["tickformat"].replace("~", "")
    if title is not None:
        axis["title"] = {"text": title}
    return axis


def date_ticks(start: Any, end: Any, lang: str = "es", max_ticks: int = 8) -> tuple[list[datetime], list[str]]:
    """Month-start ticks between `start` and `end` (at most `max_ticks`) and their labels ("mar 2021")."""
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    if pd.isna(lo) or pd.isna(hi):
        return [], []
    if lo.tzinfo is not None:
        lo = lo.tz_localize(None)
    if hi.tzinfo is not None:
        hi = hi.tz_localize(None)
    if hi < lo:
        lo, hi = hi, lo
    months = (hi.year - lo.year) * 12 + hi.month - lo.month + 1
    step = 1
    for step in (1, 2, 3, 6, 12, 24, 36, 60, 120):
        if months / step <= max_ticks:
            break
    first = pd.Timestamp(year=lo.year, month=lo.month, day=1)
    if step >= 12:
        first = pd.Timestamp(year=lo.year, month=1, day=1)
    elif step > 1:
        first = pd.Timestamp(year=lo.year, month=((lo.month - 1) // step) * step + 1, day=1)
    ticks = list(pd.date_range(first, hi + pd.offsets.MonthBegin(1), freq=f"{step}MS"))
    ticks = [x for x in ticks if x <= hi + pd.offsets.MonthBegin(1)]
    if step >= 12:
        labels = [str(x.year) for x in ticks]
    else:
        labels = [month(x, lang) for x in ticks]
    return [x.to_pydatetime() for x in ticks], labels


def style(fig, lang: str = "es", x: str | None = None, y: str | None = None, x_title: str | None = None,
          y_title: str | None = None, y2: str | None = None, y2_title: str | None = None,
          x_range: tuple[Any, Any] | None = None):
    """Apply the dashboard's number and date formats to `fig` (returned for chaining). For a date axis
    pass `x_range` (the earliest and latest date shown) so its ticks are written in `lang`."""
    fig.update_layout(separators=SEPARATORS)
    for name, kind, title in (("xaxis", x, x_title), ("yaxis", y, y_title), ("yaxis2", y2, y2_title)):
        if kind is None:
            continue
        if kind == "date":
            axis: dict[str, Any] = {}
            if x_range is not None:
                vals, text = date_ticks(x_range[0], x_range[1], lang)
                if vals:
                    axis = {"tickmode": "array", "tickvals": vals, "ticktext": text}
            if title is not None:
                axis["title"] = {"text": title}
        elif kind == "category":
            axis = {"title": {"text": title}} if title is not None else {}
        else:
            axis = _axis(kind, lang, title)
            if name == "yaxis2":  # its own round ticks, not the first axis' gridlines (which give 3,141.8)
                axis["tickmode"] = "auto"
        fig.update_layout(**{name: axis})
    return fig


def wrapped_label(text: Any, width: int = LABEL_CHARS) -> Any:
    """`text` made literal for Plotly (ui.safe_text.plotly) and broken into lines of at most `width`
    characters at spaces ("<br>" between them), for the category axis of a horizontal bar chart. A word
    longer than `width` stays whole. Non-strings are returned unchanged."""
    from ui.safe_text import plotly

    if not isinstance(text, str):
        return text
    lines = textwrap.wrap(" ".join(text.split()), width, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(plotly(line) for line in lines) or plotly(text)


def label_lines(labels: Any) -> int:
    """The most lines any of `labels` (from wrapped_label) takes: to give each bar its height."""
    return max((str(v).count("<br>") + 1 for v in labels), default=1)
