"""Every Plotly chart on every page, on the demo data, in Spanish and English: no numeric axis is left to
Plotly's own number format (which writes "7B", "0.5B", "93.2k") or given an SI ("s") format. The walk
must find the charts it checks, so it cannot pass by finding none."""
from __future__ import annotations

import base64
import json
from pathlib import Path

import duckdb
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.profiles_data import demo_db  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parent.parent
# page -> the charts (by position) it draws on the demo at least
PAGES = {"resumen": 2, "mapa": 1, "comparar": 3, "banderas": 1, "proveedores": 1, "proyecto": 1, "calidad": 1}


def _numeric(values) -> bool:
    """Whether a trace's x or y data (a list, or Plotly's typed array {"dtype", "bdata"}) holds numbers."""
    if isinstance(values, dict) and "dtype" in values:
        return np.dtype(values["dtype"]).kind in "iuf"
    if isinstance(values, list):
        items = [v for v in values if v is not None]
        return bool(items) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in items)
    return False


def numeric_axes(spec: dict) -> dict[str, dict]:
    """The layout of every cartesian axis a trace plots numbers on (axes named as in the layout)."""
    layout, axes = spec.get("layout", {}), {}
    for trace in spec.get("data", []):
        if trace.get("type", "scatter") not in ("scatter", "bar", "scattergl", "histogram", "box"):
            continue
        for dim in ("x", "y"):
            ref = trace.get(f"{dim}axis", dim)
            name = f"{dim}axis{ref[1:]}"
            axis = layout.get(name, {})
            if axis.get("visible") is False or axis.get("type") in ("category", "date", "log") \
                    or axis.get("tickmode") == "array":
                continue
            if _numeric(trace.get(dim)):
                axes[name] = axis
    return axes


def _supplier_with_buyers(db: Path) -> str:
    """A demo supplier that won from two or more buyers (its page draws the share-by-buyer chart)."""
    from ui import queries_profiles as qp

    with duckdb.connect(str(db), read_only=True) as con:
        for key in qp.supplier_options(con, "", 200)["supplier_key"]:
            if len(qp.supplier_buyers(con, key).dropna(subset=["share"])) > 1:
                return key
    pytest.fail("the demo has no supplier with two buyers")


def run_page(page: str, lang: str | None = None, params: dict[str, str] | None = None) -> AppTest:
    """`page` run once (AppTest) in `lang` with `params` in the URL, with no exception."""
    at = AppTest.from_file(str(ROOT / "views" / f"{page}.py"), default_timeout=120)
    if lang is not None:
        at.session_state["lang"] = lang
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, (page, [e.value for e in at.exception])
    return at


def si_axes(spec: dict) -> list[str]:
    """The numeric axes left to Plotly's own format (no tickformat) or given an SI format."""
    return [f"{name}: {axis.get('tickformat')!r}" for name, axis in numeric_axes(spec).items()
            if not axis.get("tickformat") or "s" in axis["tickformat"]]


def test_the_checker_catches_plotlys_own_format_on_an_amount_axis():
    import plotly.express as px

    from ui.charts import style

    fig = px.bar(x=["a", "b"], y=[7e9, 5e8])
    spec = json.loads(fig.to_json())
    assert si_axes(spec) == ["yaxis: None"]
    assert si_axes(json.loads(style(fig, "es", y="mdp").to_json())) == []
    fig.update_yaxes(tickformat=".2s")
    assert si_axes(json.loads(fig.to_json())) == ["yaxis: '.2s'"]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_no_chart_on_any_page_writes_amounts_with_k_m_b_suffixes(monkeypatch, demo_db, lang):  # noqa: F811
    monkeypatch.setenv("OBRAS_DB", str(demo_db))
    found, bad = {}, []
    params = {"proveedores": {"supplier": _supplier_with_buyers(demo_db)}}
    for page, least in PAGES.items():
        at = run_page(page, lang, params.get(page))
        specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
        found[page] = len(specs)
        for i, spec in enumerate(specs):
            bad += [f"{page}[{i}] {b}" for b in si_axes(spec)]
    assert all(found[p] >= n for p, n in PAGES.items()), str(found)
    assert bad == [], "\n".join(bad)


def long_category_lines(spec: dict, width: int) -> list[str]:
    """The category labels of horizontal bar charts with a line longer than `width` characters (a line
    break is "<br>"), except a single word: Plotly cuts such labels at a phone screen's edge."""
    bad = []
    for trace in spec.get("data", []):
        if trace.get("type") != "bar" or trace.get("orientation") != "h":
            continue
        for label in trace.get("y") or []:
            if isinstance(label, str):
                bad += [line for line in label.split("<br>") if len(line) > width and " " in line]
    return bad


def test_wrapped_labels_keep_every_word_and_stay_literal_text():
    from ui.charts import LABEL_CHARS, wrapped_label

    name = "OA-C1 · Menos de tres participantes en un procedimiento <b>competitivo</b> & más"
    out = wrapped_label(name)
    lines = out.split("<br>")
    assert len(lines) > 1 and all(len(line) <= LABEL_CHARS + 10 for line in lines)  # entities lengthen a line
    assert " ".join(lines).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == name
    assert "<b>" not in out  # data never becomes Plotly markup
    assert wrapped_label("RFC" * 20) == "RFC" * 20  # one long word stays whole
    assert wrapped_label(None) is None


@pytest.mark.parametrize("lang", ["es", "en"])
def test_bar_chart_labels_are_wrapped_to_fit_a_phone_screen(monkeypatch, demo_db, lang):  # noqa: F811
    from ui.charts import LABEL_CHARS

    monkeypatch.setenv("OBRAS_DB", str(demo_db))
    seen, bad = 0, []
    for page, params in (("banderas", {}), ("proveedores", {"supplier": _supplier_with_buyers(demo_db)})):
        at = run_page(page, lang, params)
        for chart in at.get("plotly_chart"):
            spec = json.loads(chart.proto.spec)
            seen += sum(1 for tr in spec.get("data", []) if tr.get("orientation") == "h")
            bad += [f"{page}: {line}" for line in long_category_lines(spec, LABEL_CHARS)]
    assert seen >= 2, "both pages draw a horizontal bar chart on the demo"
    assert bad == [], "\n".join(bad)


def side_legends(spec: dict) -> bool:
    """Whether the chart shows a legend in a column at the plot's side (Plotly's default), which takes a
    third of a phone screen's width from the plot."""
    shown = [tr for tr in spec.get("data", []) if tr.get("showlegend", True) is not False]
    if len(shown) < 2 or spec.get("layout", {}).get("showlegend") is False:
        return False
    return spec.get("layout", {}).get("legend", {}).get("orientation") != "h"


def test_no_chart_on_any_page_puts_its_legend_at_the_side(monkeypatch, demo_db):  # noqa: F811
    monkeypatch.setenv("OBRAS_DB", str(demo_db))
    legends, bad = 0, []
    for page in PAGES:
        at = run_page(page)
        for i, chart in enumerate(at.get("plotly_chart")):
            spec = json.loads(chart.proto.spec)
            legends += sum(1 for tr in spec.get("data", []) if tr.get("showlegend", True) is not False) >= 2
            if side_legends(spec):
                bad.append(f"{page}[{i}]")
    assert legends >= 3, "the demo draws charts with legends (Resumen's trend, Comparar's bars and scatter)"
    assert bad == [], bad
