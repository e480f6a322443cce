"""Metodología people can cite: an index, one stable anchor per indicator, each section with its citation and
the methodology's version (page and generated docs), and a link from every flag to its indicator's section."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from metrics import catalogue
from metrics.methodology import METHODOLOGY_VERSION, anchor, methodology_markdown, methodology_sections
from tests import profiles_fixture as fx
from ui import methodology_links

ROOT = Path(__file__).resolve().parent.parent
CODES = [ind.meta.code for ind in catalogue.all_indicators()]


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory):
    return fx.build(tmp_path_factory.mktemp("meth") / "fixture.duckdb")


def run_page(page: str, db: Path | None, monkeypatch, lang: str = "es", **params: str) -> AppTest:
    if db is not None:
        monkeypatch.setenv("OBRAS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "views" / f"{page}.py"), default_timeout=120)
    at.session_state["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_every_indicator_has_one_stable_anchor_its_code_in_lower_case():
    assert anchor("OA-P1") == "oa-p1" and anchor("R003") == "r003"
    for lang in ("es", "en"):
        anchors = [s.anchor for s in methodology_sections(lang) if s.anchor]
        assert sorted(anchors) == sorted(anchor(c) for c in CODES)  # one per indicator, none for the rest
        assert len(set(anchors)) == len(anchors)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_generated_methodology_has_version_index_anchors_and_a_citation_per_indicator(lang):
    text = methodology_markdown(lang)
    assert f"{'Versión de la metodología' if lang == 'es' else 'Methodology version'}:** {METHODOLOGY_VERSION}" in text
    index = text.split("\n## ", 2)[1]
    for code in CODES:
        assert f"](#{anchor(code)})" in index
        assert f'<a id="{anchor(code)}"></a>\n\n### {code} · ' in text
    for section in methodology_sections(lang):
        if section.anchor:
            meta = catalogue.get(section.title.split(" · ")[0]).meta
            cited = [x for x in (meta.source, meta.ocp_code) if x]
            assert cited and all(x in section.body for x in cited)
            assert f"{'versión' if lang == 'es' else 'version'} {METHODOLOGY_VERSION}, " in section.body


def test_committed_docs_carry_the_version_and_the_anchors():
    for name in ("METODOLOGIA.md", "METHODOLOGY.md"):
        text = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert METHODOLOGY_VERSION in text.split("\n\n")[1]
        assert '<a id="oa-p1"></a>' in text and "(#r003)" in text


def test_page_shows_index_version_and_anchored_indicator_headings(monkeypatch, tmp_path):
    monkeypatch.setenv("OBRAS_DB", str(tmp_path / "none.duckdb"))  # no database: the methodology still shows
    at = run_page("metodologia", None, monkeypatch)
    assert f"Versión de la metodología: {METHODOLOGY_VERSION}" in [c.value for c in at.caption]
    index = "\n".join(m.value for m in at.markdown)
    assert "(#oa-p1)" in index and "(#r058)" in index and "(#ajustes)" in index
    anchored = {h.proto.anchor: h.value for h in at.subheader if h.proto.anchor}
    assert set(anchored) == {anchor(c) for c in CODES}
    assert anchored["oa-p1"].startswith("OA-P1 · ")
    headers = {h.proto.anchor for h in at.header}
    assert {"ajustes", "correcciones", "tablas"} <= headers
    at = run_page("metodologia", None, monkeypatch, lang="en")
    assert f"Methodology version: {METHODOLOGY_VERSION}" in [c.value for c in at.caption]


def test_flag_links_are_built_from_registered_codes_only():
    assert methodology_links.href("OA-P1", "es") == "metodologia?lang=es#oa-p1"
    assert methodology_links.href("R003", "en") == "metodologia?lang=en#r003"
    for bad in ("OA-X9", "x)](javascript:alert(1)", None, "oa-p1 "):
        assert methodology_links.href(bad) is None and methodology_links.link(bad) == ""
    assert methodology_links.link("OA-C1", "en") == "[OA\\-C1 methodology](metodologia?lang=en#oa-c1)"
    assert methodology_links.links(["R018", "OA-C1", "OA-X9", "OA-C1"]) == (
        "Metodología: [OA\\-C1](metodologia?lang=es#oa-c1) · [R018](metodologia?lang=es#r018)")
    assert methodology_links.links(["OA-X9"]) == ""


def test_profile_page_flags_link_to_their_indicator_sections(fixture_db, monkeypatch):
    at = run_page("proceso", fixture_db, monkeypatch, ocid="ocds-t-1")
    texts = [m.value for m in at.markdown]
    assert "[Metodología de OA\\-P1](metodologia?lang=es#oa-p1)" in texts
    assert "[Metodología de OA\\-C1](metodologia?lang=es#oa-c1)" in texts


def test_banderas_links_every_listed_indicator_and_the_chosen_flag(fixture_db, monkeypatch):
    at = run_page("banderas", fixture_db, monkeypatch)
    line = [m.value for m in at.markdown if "metodologia?" in m.value]
    assert line and "#oa-p1)" in line[0] and "#oa-c1)" in line[0] and "oa-x9" not in line[0]
    at = run_page("banderas", fixture_db, monkeypatch, lang="en", bandera="OA-P1|ocid|ocds-t-1|ocds-t-1")
    assert "[OA\\-P1 methodology](metodologia?lang=en#oa-p1)" in [m.value for m in at.markdown]
