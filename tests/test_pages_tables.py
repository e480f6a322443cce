"""Every table of every page, on the demo data, in Spanish and English: amounts, counts and shares are
numbers (they sort as numbers) shown formatted by the column's configuration ("$642,232,840.00",
"83.7 %" / "83.7%"), and no cell or text reads "None", "nan" or "NaT" (a missing value shows "—")."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.profiles_data import demo_db  # noqa: F401 (fixture)
from tests.test_pages_charts import _supplier_with_buyers
from ui.fmt import PERCENT_PRINTF
from ui.table_format import MONEY_FORMAT

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["resumen", "buscar", "mapa", "comparar", "banderas", "proyecto", "proceso", "proveedores", "calidad",
         "metodologia", "descargas"]
# columns that hold an amount wherever they appear under this name (the pages keep code names and give
# the header in column_config); "value" is an amount on the profile pages' award and contract tables
AMOUNT_COLUMNS = {"amount", "buyer_amount", "amount_per_year", "tender_value", "award_value", "contract_value",
                  "cost_estimate", "final_value", "old_value", "new_value", "original_value"}
AMOUNT_PAGES = {"proceso": {"value"}, "proveedores": {"value"}}
SHARE_COLUMNS = {"share", "single_bid", "direct", "single_bid_share", "direct_share", "flag_rate", "price_increase",
                 "cost_overrun", "validity", "completeness", "coherence", "timeliness", "commitment", "fail_share",
                 "timely_share", "coverage"}
# pages whose tables must show amounts (so the check cannot pass on a page that shows none)
MUST_HAVE_AMOUNTS = {"resumen", "mapa", "comparar", "banderas", "proyecto", "proceso", "proveedores", "descargas"}
MISSING_WORDS = re.compile(r"(?<![\w.])(None|nan|NaN|NaT|<NA>)(?![\w])")


def _run(page: str, db: Path, lang: str, params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "views" / f"{page}.py"), default_timeout=180)
    at.session_state["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, (page, [e.value for e in at.exception])
    return at


def _config(element) -> dict:
    return json.loads(element.proto.columns or "{}")


def check_tables(page: str, at: AppTest, lang: str) -> tuple[list[str], int]:
    """(problems, amount columns checked) of one page's tables."""
    problems, amounts = [], 0
    for i, element in enumerate(at.dataframe):
        df, config = element.value, _config(element)
        for col in df.columns:
            strings = [v for v in df[col] if isinstance(v, str)]
            bad = [v for v in strings if v.strip() in ("None", "nan", "NaN", "NaT", "<NA>")]
            if bad:
                problems.append(f"{page}[{i}].{col}: {bad[:3]}")
            if df[col].isna().any() and element.proto.placeholder != "—":
                problems.append(f"{page}[{i}].{col}: missing values shown as 'None' (no placeholder)")
            kind = config.get(str(col), {}).get("type_config", {})
            if col in AMOUNT_COLUMNS | AMOUNT_PAGES.get(page, set()) or kind.get("format") == MONEY_FORMAT:
                amounts += 1
                if not pd.api.types.is_numeric_dtype(df[col]) or kind != {"type": "number", "format": MONEY_FORMAT}:
                    problems.append(f"{page}[{i}].{col}: amount as {df[col].dtype}, {kind}")
            if col in SHARE_COLUMNS:
                if not pd.api.types.is_numeric_dtype(df[col]) or kind.get("format") != PERCENT_PRINTF[lang] \
                        or kind.get("type") not in ("number", "progress"):
                    problems.append(f"{page}[{i}].{col}: share as {df[col].dtype}, {kind}")
    return problems, amounts


def check_texts(page: str, at: AppTest) -> list[str]:
    texts = [e.value for kind in ("markdown", "caption", "info", "warning", "success", "title", "header",
                                  "subheader") for e in getattr(at, kind)]
    texts += [str(m.value) for m in at.metric]
    return [f"{page}: {t[:120]!r}" for t in texts if isinstance(t, str) and MISSING_WORDS.search(t)]


def test_the_checks_catch_text_amounts_none_cells_and_percent_preset_shares():
    at = AppTest.from_string("""
import pandas as pd, streamlit as st
st.dataframe(pd.DataFrame({"amount": ["$1.00", "$20.00"], "name": ["a", "None"]}))
st.dataframe(pd.DataFrame({"amount": [1.0, None]}),
             column_config={"amount": st.column_config.NumberColumn("A", format="$%,.2f")})
st.dataframe(pd.DataFrame({"share": [0.5]}), column_config={"share": st.column_config.NumberColumn("S", format="percent")})
st.caption("Monto: nan")
""", default_timeout=60).run()
    problems, amounts = check_tables("x", at, "es")
    assert amounts == 2
    assert any(p.startswith("x[0].amount: amount as") for p in problems)
    assert any("x[0].name: ['None']" in p for p in problems)
    assert any("x[1].amount: missing values shown as 'None'" in p for p in problems)
    assert any("x[2].share: share as float64" in p for p in problems)
    assert check_texts("x", at) == ["x: 'Monto: nan'"]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_table_sorts_amounts_as_numbers_and_never_shows_none(monkeypatch, demo_db, lang):  # noqa: F811
    monkeypatch.setenv("OBRAS_DB", str(demo_db))
    params = {"proveedores": {"supplier": _supplier_with_buyers(demo_db)}}
    problems, amounts = [], {}
    runs = [(p, params.get(p, {})) for p in PAGES] + [("comparar", {"nivel": "implementer"})]
    for page, query in runs:
        at = _run(page, demo_db, lang, query)
        found, n = check_tables(page, at, lang)
        problems += found + check_texts(page, at)
        amounts[page] = amounts.get(page, 0) + n
    assert problems == [], "\n".join(problems)
    assert all(amounts[p] for p in MUST_HAVE_AMOUNTS), amounts


@pytest.fixture(scope="module")
def quality_db(tmp_path_factory):
    from tests.test_quality_page import _build, no_schemas

    tmp = tmp_path_factory.mktemp("qtables")
    mp = pytest.MonkeyPatch()
    no_schemas(mp, tmp)
    db = _build(tmp, mp)
    yield db
    mp.undo()


@pytest.mark.parametrize("lang,style", [("es", r"\d{1,3}\.\d %"), ("en", r"\d{1,3}\.\d%")])
def test_calidad_shows_and_exports_shares_in_the_page_language_style(monkeypatch, quality_db, lang, style):
    """"83.7 %" (es) / "83.7%" (en) in the ranking, the CSV and the Excel export, never "83.67%"."""
    import io

    import duckdb
    import openpyxl

    from ui import queries_quality as qq

    monkeypatch.setenv("OBRAS_DB", str(quality_db))
    at = _run("calidad", quality_db, lang, {})
    ranking = at.dataframe[1] if "completeness" not in at.dataframe[0].value else at.dataframe[0]
    kind = _config(ranking)["completeness"]["type_config"]
    assert kind["format"] == PERCENT_PRINTF[lang] and kind["type"] == "progress" and kind["max_value"] == 100
    assert ranking.value["completeness"].between(0, 100).all() and (ranking.value["completeness"] > 1).any()
    con = duckdb.connect(str(quality_db), read_only=True)
    table = pd.read_csv(io.BytesIO(qq.export_csv(con, "chh-gobierno", False, lang)), encoding="utf-8-sig", dtype=str)
    parts = [v for v in table.iloc[:, 5] if isinstance(v, str) and v.endswith("%")]  # the value column
    assert parts and all(re.fullmatch(style, v) for v in parts), parts[:5]
    book = openpyxl.load_workbook(io.BytesIO(qq.export_excel(con, "chh-gobierno", False, lang)))
    formats = {c.number_format for ws in book.worksheets for row in ws.iter_rows() for c in row
               if "%" in c.number_format}
    assert formats == {"0.0 %" if lang == "es" else "0.0%"}


@pytest.mark.parametrize("lang,suffix", [("es", " %"), ("en", "%")])
def test_chart_shares_take_the_same_percent_style_as_tables_and_text(lang, suffix):
    import plotly.graph_objects as go

    from ui import charts
    from ui.fmt import pct

    fig = charts.style(go.Figure(go.Bar(x=["a"], y=[83.7])), lang, y="pct")
    assert fig.layout.yaxis.ticksuffix == suffix
    assert pct(0.837, lang=lang) == f"83.7{suffix}" and PERCENT_PRINTF[lang] == f"%.1f{suffix.replace('%', '%%')}"
