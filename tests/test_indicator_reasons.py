"""Every `detail.reason` an indicator can emit has a text in Spanish and in English (issue 11, section 5).

The reasons are enumerated two ways, so that neither can hide a code: read from the indicators' source (the
literals their SQL writes as a reason, and the peer fences' reasons), and collected from every indicator run
over a generated demo database. The run's codes must all be among the source's (else the reading below
misses a form of writing a reason), and every code must have both texts."""
from __future__ import annotations

import inspect
import json
import re

import pytest

from metrics import outliers, suspect
from metrics.indicators import REASONS, sql_indicator
from metrics.indicators import _units

# 'reason', 'code'  |  'reason', coalesce(x, 'code')
_JSON_REASON = re.compile(r"'reason',\s*(?:coalesce\([^,]+,\s*)?'([a-z][a-z0-9_]*)'")
# CASE ... THEN 'code' ... END AS reason / AS suspect_reason (a reason chosen in SQL, written later)
_CASE_REASON = re.compile(r"CASE\b((?:(?!\bCASE\b).)*?)\bEND\s+AS\s+\w*reason\b", re.S)
_LITERAL_AFTER = re.compile(r"\b(?:THEN|ELSE)\s+'([a-z][a-z0-9_]*)'")
# outliers.Fence(..., "code")
_FENCE_REASON = re.compile(r"Fence\([^\n]*?\"([a-z][a-z0-9_]*)\"\)")


def _source_reasons() -> dict[str, set[str]]:
    """{module name: reason codes its source can emit}."""
    out: dict[str, set[str]] = {}
    for module in [*_units(), outliers]:
        text = inspect.getsource(module)
        codes = set(_JSON_REASON.findall(text)) | set(_FENCE_REASON.findall(text))
        for block in _CASE_REASON.findall(text):
            codes |= set(_LITERAL_AFTER.findall(block))
        out[module.__name__] = codes
    return out


def _assert_texts(codes: set[str]) -> None:
    missing = sorted(c for c in codes if c not in REASONS)
    assert missing == [], missing
    for code in codes:
        es, en = REASONS[code]
        assert es.strip() and en.strip() and es != en, code


def test_every_reason_written_in_an_indicators_source_has_spanish_and_english_text():
    found = _source_reasons()
    codes = set().union(*found.values())
    assert len(codes) >= 25, sorted(codes)  # the reading finds the reasons of every indicator
    assert {"other_currency", "no_latest_value", "too_few_peers", "estimate_copies_award"} <= codes
    _assert_texts(codes)


def test_every_suspect_reason_is_written_by_some_indicator():
    """A suspect reason no indicator writes is dead text; one written but not registered is unexplained."""
    codes = set().union(*_source_reasons().values())
    assert set(suspect.SUSPECT_REASONS) <= codes
    assert set(suspect.SUSPECT_REASONS) <= set(sql_indicator.COMMON_REASONS)


def test_every_suspect_text_says_suspect_data():
    for code, (es, en) in suspect.SUSPECT_REASONS.items():
        assert es.startswith("Dato dudoso") and en.startswith("Suspect data"), code


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    import duckdb

    from demo.generate import generate
    from obras.update import update

    folder = tmp_path_factory.mktemp("reasons_demo")
    generate(folder / "demo", processes=400, seed=5)
    db = folder / "demo.duckdb"
    update([str(folder / "demo")], db=str(db))
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


def test_every_reason_emitted_on_demo_data_is_read_from_the_source_and_explained(demo_db):
    emitted = set()
    for (detail,) in demo_db.execute(
            "SELECT DISTINCT detail FROM flags WHERE detail LIKE '{\"reason\":%'").fetchall():
        emitted.add(json.loads(detail)["reason"])
    assert len(emitted) >= 8, emitted
    source = set().union(*_source_reasons().values())
    assert emitted - source == set()
    _assert_texts(emitted)
