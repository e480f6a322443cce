"""Every Cardinal indicator documents itself (META) consistently with its code and Cardinal's pages."""
from __future__ import annotations

import re

import pytest

from metrics.base import CATEGORIES, LEVELS, IndicatorMeta
from metrics.cardinal import CARDINAL_CODES, discovery
from tests.cardinal_helpers import fixtures_dir


def test_codes_are_the_documented_red_flags():
    pages = fixtures_dir() / "docs-md" / "indicators" / "R"
    documented = {f"R{p.stem}" for p in pages.glob("*.md") if re.fullmatch(r"\d{3}", p.stem)}
    assert set(CARDINAL_CODES) == documented


@pytest.mark.parametrize("code", discovery.metas())
def test_meta_is_complete(code):
    meta = discovery.metas()[code]
    calculator = discovery.calculators()[code]
    assert isinstance(meta, IndicatorMeta)
    assert meta.code == calculator.code == code
    assert meta.ocp_code == code
    assert meta.category in CATEGORIES
    assert meta.level in LEVELS
    for text in (meta.name_es, meta.name_en, meta.methodology_es, meta.methodology_en, meta.why_es, meta.why_en,
                 meta.exclusions_es, meta.exclusions_en, meta.output_es, meta.output_en, meta.source):
        assert text.strip()
    assert meta.required_fields
    # One source of truth: the documented defaults are the ones the calculator uses, for every property
    # the settings file accepts.
    assert meta.defaults is calculator.DEFAULTS
    assert set(calculator.OPTIONS) <= set(meta.defaults)


@pytest.mark.parametrize("code", discovery.metas())
def test_meta_title_matches_cardinal_page(code):
    page = fixtures_dir() / "docs-md" / "indicators" / "R" / f"{code[1:]}.md"
    title = page.read_text(encoding="utf-8").splitlines()[0]
    assert title == f"# {discovery.metas()[code].name_en} ({code})"
