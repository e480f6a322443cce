"""metrics.catalogue and the metadata of our indicators."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from metrics import catalogue
from metrics.base import CATEGORIES, LEVELS
from metrics.indicators import INDICATORS
from metrics.config import INDICATOR_DEFAULTS
from tests.metrics_helpers import empty_db

SUGGESTED = [f"OA-P{i}" for i in range(1, 6)] + [f"OA-C{i}" for i in range(1, 5)] + [f"OA-D{i}" for i in range(1, 8)]


def test_our_indicators_are_the_suggested_codes_each_once():
    assert [i.meta.code for i in INDICATORS] == SUGGESTED
    codes = catalogue.codes()
    assert len(codes) == len(set(codes))
    assert codes[: len(SUGGESTED)] == SUGGESTED


def test_cardinal_indicators_follow_ours():
    from metrics.cardinal import CARDINAL_CODES

    assert catalogue.codes()[len(SUGGESTED):] == list(CARDINAL_CODES)


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.meta.code)
def test_every_indicator_documents_itself_in_both_languages(indicator):
    meta = indicator.meta
    for field in ("name_es", "name_en", "methodology_es", "methodology_en", "why_es", "why_en",
                  "exclusions_es", "exclusions_en", "output_es", "output_en", "source"):
        assert getattr(meta, field).strip(), field
    assert meta.category in CATEGORIES and meta.level in LEVELS
    assert meta.required_fields
    assert meta.defaults == INDICATOR_DEFAULTS[meta.code]  # one source of truth
    assert catalogue.get(meta.code) is indicator


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.meta.code)
def test_every_indicator_runs_on_an_empty_database(indicator):
    result = indicator.compute(empty_db(), None)
    assert len(result.flags) == 0
    # the indicator's columns and the outcome metrics.suspect sets (flagged, not_flagged, not_computable, suspect)
    assert list(result.flags.columns) == ["indicator", "subject_type", "subject_id", "ocid", "value", "flagged",
                                          "computable", "detail", "outcome"]


def test_get_unknown_code_raises_key_error():
    with pytest.raises(KeyError):
        catalogue.get("OA-X9")


def test_indicator_sql_takes_settings_as_parameters_not_formatted_values():
    # Thresholds and lists reach SQL as $parameters; f-strings only splice fixed SQL fragments.
    folder = Path(__file__).resolve().parent.parent / "metrics" / "indicators"
    for path in folder.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\{(own|params|settings)\[", text), path.name
        assert not re.search(r"\{[a-z_]*threshold[a-z_]*\}", text), path.name
