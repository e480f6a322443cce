"""Cardinal parity: every fixture of cardinal-rs (tests/fixtures/indicators) gives Cardinal's expected result."""
from __future__ import annotations

import json

import pytest

from metrics.cardinal import CARDINAL_CODES, main_flags
from tests.cardinal_helpers import fixture_settings, fixtures_dir

# The 15 cases of cardinal-rs at the commit in SOURCE.md (test_fixture_set_is_the_one_tested checks the folder).
CASES = [
    "R003",
    "R003-procurement_method_details-x-5-y-10",
    "R003-procurement_methods-open+selective",
    "R003-threshold-10",
    "R018",
    "R024",
    "R025",
    "R028",
    "R030",
    "R035",
    "R036",
    "R038",
    "R038-tenderer",
    "R048-minimum_contracting_processes-1",
    "R058",
]


def test_fixture_set_is_the_one_tested():
    folder = fixtures_dir() / "indicators"
    stems = {p.stem for p in folder.glob("*.jsonl")}
    assert stems == set(CASES)
    assert {p.stem for p in folder.glob("*.expected")} == stems
    # every implemented indicator has at least one case, and every case is for an implemented indicator
    assert {stem.split("-")[0] for stem in stems} == set(CARDINAL_CODES)


@pytest.mark.parametrize("stem", CASES)
def test_fixture_matches_cardinal_expected(stem, tmp_path, capsys):
    folder = fixtures_dir() / "indicators"
    settings = tmp_path / f"{stem}.ini"
    settings.write_text(fixture_settings(stem), encoding="utf-8")

    # The Rust harness compares `results` only, i.e. the output without Meta (and without Maps).
    status = main_flags(["--settings", str(settings), "--no-meta", str(folder / f"{stem}.jsonl")])

    assert status == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1  # one line of compact JSON, as Cardinal prints it
    expected = json.loads((folder / f"{stem}.expected").read_text(encoding="utf-8"))
    assert json.loads(out) == expected


def test_fixture_settings_follow_source_md():
    # The settings builder reproduces the forms SOURCE.md lists.
    assert 'procurement_methods = "open|selective"' in fixture_settings("R003-procurement_methods-open+selective")
    assert "procurement_method_details = {x: 5, y: 10}" in fixture_settings(
        "R003-procurement_method_details-x-5-y-10")
    assert "threshold = 10" in fixture_settings("R003-threshold-10")
    assert fixture_settings("R038-tenderer").rstrip().endswith("[R038]")
