"""Cardinal's output object: Meta (rounded quartiles and fences), Maps, the JSON text, partial runs."""
from __future__ import annotations

import json

from metrics.cardinal import main_flags, discovery, run_flags
from metrics.cardinal.core import MAP_KEYS
from metrics.cardinal.jsonout import dumps, format_float
from metrics.cardinal.run import Pipeline, fold_lines
from metrics.cardinal.ini import parse_settings_text
from tests.cardinal_helpers import fixture_settings, fixtures_dir, read_jsonl


def write_settings(tmp_path, stem: str):
    path = tmp_path / f"{stem}.ini"
    path.write_text(fixture_settings(stem), encoding="utf-8")
    return path


def test_meta_has_rounded_quartiles_and_fence(tmp_path):
    folder = fixtures_dir() / "indicators"
    output = run_flags(write_settings(tmp_path, "R024"), folder / "R024.jsonl")
    assert list(output) == ["OCID", "Tenderer", "Meta"]
    # Cardinal's documentation shows this Meta for R024: q1 66.6667, q3 100.0, lower_fence 16.6667.
    assert output["Meta"] == {"R024": {"q1": 66.6667, "q3": 100.0, "lower_fence": 16.6667}}


def test_meta_keys_per_indicator(tmp_path):
    folder = fixtures_dir() / "indicators"
    keys = {}
    for stem in ("R025", "R038", "R048-minimum_contracting_processes-1", "R058"):
        meta = run_flags(write_settings(tmp_path, stem), folder / f"{stem}.jsonl")["Meta"]
        (code, values), = meta.items()
        keys[code] = list(values)
        assert all(round(v, 4) == v for v in values.values())
    assert keys == {
        "R025": ["q1", "q3", "upper_fence", "lower_fence"],
        "R038": ["Buyer_q1", "Buyer_q3", "Buyer_upper_fence",
                 "ProcuringEntity_q1", "ProcuringEntity_q3", "ProcuringEntity_upper_fence"],
        "R048": ["q1", "q3", "upper_fence"],
        "R058": ["q1", "q3", "upper_fence"],
    }


def test_configured_threshold_replaces_quartiles_in_meta(tmp_path):
    folder = fixtures_dir() / "indicators"
    settings = tmp_path / "s.ini"
    settings.write_text(fixture_settings("R058") + "threshold = 0.5\n", encoding="utf-8")
    output = run_flags(settings, folder / "R058.jsonl")
    assert output["Meta"] == {"R058": {"upper_fence": 0.5}}
    # Every difference of at least 0.5 is flagged: the one of 100 (process F) only.
    assert output["OCID"] == {"F": {"R058": 100.0}}


def test_docs_example_settings_on_data_without_bids_gives_null_quartiles(tmp_path):
    docs = fixtures_dir() / "docs-examples"
    output = run_flags(docs / "settings.ini", docs / "prepare.jsonl")
    # No results; quartiles of empty samples are NaN, which serde_json writes as null. R038 has no Meta
    # when no organization has enough submitted bids.
    assert list(output) == ["Meta"]
    assert output["Meta"] == {
        "R024": {"q1": None, "q3": None, "lower_fence": None},
        "R025": {"q1": None, "q3": None, "upper_fence": None, "lower_fence": None},
        "R048": {"q1": None, "q3": None, "upper_fence": None},
        "R058": {"q1": None, "q3": None, "upper_fence": None},
    }


def test_maps_list_flagged_tenderers_per_flagged_process(tmp_path):
    folder = fixtures_dir() / "indicators"
    output = run_flags(write_settings(tmp_path, "R024"), folder / "R024.jsonl", no_meta=True, maps=True)
    assert list(output["Maps"]) == list(MAP_KEYS)
    # The winner (the award's supplier) and the second-lowest valid bidder of each flagged process.
    releases = {r["ocid"]: r for r in read_jsonl(folder / "R024.jsonl")}
    expected = {}
    for ocid in output["OCID"]:
        release = releases[ocid]
        winner = release["awards"][0]["suppliers"][0]["id"]
        others = [b for b in release["bids"]["details"] if b["tenderers"][0]["id"] != winner]
        second = min(others, key=lambda b: b["value"]["amount"])["tenderers"][0]["id"]
        expected[ocid] = sorted({winner, second})
    assert output["Maps"]["ocid_tenderer_r024"] == expected
    assert all(not output["Maps"][key] for key in MAP_KEYS if key != "ocid_tenderer_r024")


def test_maps_for_r038_organizations_and_tenderers(tmp_path):
    folder = fixtures_dir() / "indicators"
    output = run_flags(write_settings(tmp_path, "R038"), folder / "R038.jsonl", maps=True)
    releases = [r for r in read_jsonl(folder / "R038.jsonl") if r.get("tender", {}).get("status") != "cancelled"]
    with_disqualified = [r for r in releases if any(b["status"] == "disqualified" for b in r["bids"]["details"])]
    assert output["Maps"]["ocid_buyer_r038"] == {r["ocid"]: r["buyer"]["id"] for r in with_disqualified}
    assert output["Maps"]["ocid_procuringentity_r038"] == {
        r["ocid"]: r["tender"]["procuringEntity"]["id"] for r in with_disqualified}
    assert output["Maps"]["ocid_tenderer"] == {
        r["ocid"]: sorted({t["id"] for b in r["bids"]["details"] for t in b["tenderers"]}) for r in releases}


def test_cli_prints_compact_json_with_meta(tmp_path, capsys):
    folder = fixtures_dir() / "indicators"
    status = main_flags(["--settings", str(write_settings(tmp_path, "R058")), "--count", str(folder / "R058.jsonl")])
    captured = capsys.readouterr()
    assert status == 0
    line = captured.out.rstrip("\n")
    assert "\n" not in line and ": " not in line and ", " not in line
    assert line.startswith('{"OCID":{"F":{"R058":100.0}}')
    assert json.loads(line)["Meta"]["R058"]["upper_fence"] == 83.3333
    assert "OCID: 1" in captured.err and "Tenderer: 1" in captured.err


def test_cli_reports_bad_settings_and_missing_input(tmp_path, capsys):
    bad = tmp_path / "bad.ini"
    bad.write_text("[R024]\nthreshold = low\n", encoding="utf-8")
    data = tmp_path / "in.jsonl"
    data.write_text("", encoding="utf-8")
    assert main_flags(["--settings", str(bad), str(data)]) == 2
    assert "threshold" in capsys.readouterr().err
    good = tmp_path / "good.ini"
    good.write_text("[R024]\n", encoding="utf-8")
    assert main_flags(["--settings", str(good), str(tmp_path / "absent.jsonl")]) == 2
    assert main_flags(["--settings", str(good), str(tmp_path)]) == 2


def test_floats_are_written_like_serde_json():
    assert [format_float(x) for x in (1.0, 0.0, 0.2, 100.0, 16.6667, 1e-5, 1e-7, 1e15, 1e16, -2.5, 1.5e300)] == [
        "1.0", "0.0", "0.2", "100.0", "16.6667", "0.00001", "1e-7", "1000000000000000.0", "1e16", "-2.5",
        "1.5e300"]
    assert dumps({"a": [1.0, None, "ñ"], "b": float("nan")}) == '{"a":[1.0,null,"ñ"],"b":null}'


def test_partial_runs_reduce_to_the_single_pass_result():
    folder = fixtures_dir() / "indicators"
    settings = parse_settings_text("[R024]\n[R025]\n[R028]\n[R035]\n[R038]\n[R058]\n[R048]\n"
                                   "minimum_contracting_processes = 1\n", discovery.options())
    lines = []
    for stem in ("R024", "R025", "R028", "R035", "R038", "R048-minimum_contracting_processes-1", "R058"):
        for release in read_jsonl(folder / f"{stem}.jsonl"):
            release["ocid"] = f"{stem}/{release['ocid']}"  # each ocid on one line only, as Cardinal assumes
            lines.append(json.dumps(release))
    whole = fold_lines(Pipeline(settings, map=True), lines).finalize()
    assert set(whole.results()) == {"OCID", "Tenderer", "Buyer", "ProcuringEntity"}
    for cut in (1, len(lines) // 3, len(lines) // 2, len(lines) - 1):
        first = fold_lines(Pipeline(settings, map=True), lines[:cut])
        second = fold_lines(Pipeline(settings, map=True), lines[cut:])
        reduced = first.reduce(second).finalize()
        assert reduced.results() == whole.results()
        assert reduced.meta == whole.meta
        assert reduced.to_cardinal(maps=True)["Maps"] == whole.to_cardinal(maps=True)["Maps"]
