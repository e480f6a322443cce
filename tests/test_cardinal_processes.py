"""Cardinal's indicators over the DuckDB `processes` table give the same flags as over the JSON Lines file."""
from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest

from core.contract import create_tables
from metrics.base import FLAG_COLUMNS, IndicatorResult
from metrics.cardinal import CARDINAL_CODES, INDICATORS, compute_all, run_flags
from tests.cardinal_helpers import fixture_settings, fixtures_dir, read_jsonl

FIXTURE_GLOBALS = {"no_price_comparison_procurement_methods": "NPC",
                   "exclusions": {"procurement_method_details": "EXC"}}


def load_processes(con, releases: list[dict]) -> None:
    create_tables(con)
    con.executemany("INSERT INTO processes (ocid, json) VALUES (?, ?)",
                    [[str(r["ocid"]), json.dumps(r)] for r in releases])


def by_code():
    return {indicator.meta.code: indicator for indicator in INDICATORS}


def test_indicators_list_the_eleven_codes():
    assert [i.meta.code for i in INDICATORS] == list(CARDINAL_CODES)
    assert len(CARDINAL_CODES) == 11


@pytest.mark.parametrize("stem", ["R024", "R028", "R035", "R038", "R058"])
def test_compute_matches_cardinal_expected(stem):
    folder = fixtures_dir() / "indicators"
    expected = json.loads((folder / f"{stem}.expected").read_text(encoding="utf-8"))
    con = duckdb.connect()
    load_processes(con, read_jsonl(folder / f"{stem}.jsonl"))

    result = by_code()[stem].compute(con, dict(FIXTURE_GLOBALS))

    assert isinstance(result, IndicatorResult)
    assert list(result.flags.columns) == FLAG_COLUMNS
    assert result.flags["flagged"].all() and result.flags["computable"].all()
    subject_types = {"OCID": "ocid", "Buyer": "buyer", "ProcuringEntity": "procuring_entity", "Tenderer": "tenderer"}
    for group, subjects in expected.items():
        rows = result.flags[result.flags["subject_type"] == subject_types[group]]
        assert set(rows["subject_id"]) == set(subjects)
        for subject_id, values in subjects.items():
            assert set(rows.loc[rows["subject_id"] == subject_id, "value"]) == {values[stem]}
    assert set(result.flags["subject_type"]) == {subject_types[g] for g in expected}
    for detail in result.flags["detail"]:
        json.loads(detail)  # valid JSON, NaN written as null


def test_process_flags_name_their_process_and_tenderer_flags_too():
    folder = fixtures_dir() / "indicators"
    con = duckdb.connect()
    load_processes(con, read_jsonl(folder / "R024.jsonl"))
    flags = by_code()["R024"].compute(con, dict(FIXTURE_GLOBALS)).flags
    process_rows = flags[flags["subject_type"] == "ocid"]
    assert (process_rows["ocid"] == process_rows["subject_id"]).all()
    tenderer_rows = flags[flags["subject_type"] == "tenderer"]
    assert set(tenderer_rows["ocid"]) == set(process_rows["ocid"])


def test_quartiles_and_fence_match_meta(tmp_path):
    folder = fixtures_dir() / "indicators"
    con = duckdb.connect()
    load_processes(con, read_jsonl(folder / "R024.jsonl"))
    result = by_code()["R024"].compute(con, dict(FIXTURE_GLOBALS))
    settings = tmp_path / "R024.ini"
    settings.write_text(fixture_settings("R024"), encoding="utf-8")
    meta = run_flags(settings, folder / "R024.jsonl")["Meta"]["R024"]
    assert (round(result.q1, 4), round(result.q3, 4), round(result.fence, 4)) == (
        meta["q1"], meta["q3"], meta["lower_fence"])
    assert result.settings["R024"] == {"threshold": None}
    assert result.settings["no_price_comparison_procurement_methods"] == "NPC"


def test_flat_options_apply_to_the_indicator():
    folder = fixtures_dir() / "indicators"
    con = duckdb.connect()
    load_processes(con, read_jsonl(folder / "R003-threshold-10.jsonl"))
    ten = by_code()["R003"].compute(con, {"threshold": 10}).flags
    assert list(ten["subject_id"]) == ["10"]
    nested = by_code()["R003"].compute(con, {"R003": {"threshold": 12}}).flags
    assert set(nested["subject_id"]) == {"10", "11"}


def test_compute_all_runs_every_indicator_in_one_pass():
    folder = fixtures_dir() / "indicators"
    releases = []
    for path in sorted(folder.glob("*.jsonl")):
        for release in read_jsonl(path):
            release["ocid"] = f"{path.stem}/{release['ocid']}"
            releases.append(release)
    con = duckdb.connect()
    load_processes(con, releases)
    results = compute_all(con, dict(FIXTURE_GLOBALS))
    assert list(results) == list(CARDINAL_CODES)
    singles = {code: by_code()[code].compute(con, dict(FIXTURE_GLOBALS)) for code in ("R003", "R036", "R038")}
    for code, single in singles.items():
        pd.testing.assert_frame_equal(results[code].flags.reset_index(drop=True),
                                      single.flags.reset_index(drop=True))
