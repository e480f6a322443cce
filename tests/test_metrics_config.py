"""metrics.config: defaults, INI files in Cardinal's format, and reproducible derived settings."""
from __future__ import annotations

import pytest

from metrics import config as s
from tests.metrics_helpers import empty_db, insert


def test_every_default_section_is_an_indicator_default_with_enabled():
    merged = s.merge(None)
    for code, defaults in s.INDICATOR_DEFAULTS.items():
        assert merged[code] == {"enabled": True, **defaults}


def test_ini_file_sets_globals_sections_lists_and_switches_off(tmp_path):
    path = tmp_path / "settings.ini"
    path.write_text(
        "currency = MXN\n"
        "data_date = 2020-04-09\n"
        "[exclusions]\n"
        "procurement_method_details = Sorteo de Obras|Random Selection\n"
        "[OA-P1]\n"
        "threshold = 0.30 ; stricter\n"
        "[OA-C1]\n"
        "procurement_methods = open\n"
        "[OA-D7]\n"
        "enabled = false\n",
        encoding="utf-8",
    )
    merged = s.merge(s.load_ini(path))
    assert merged["currency"] == "MXN" and merged["data_date"] == "2020-04-09"
    assert merged["exclusions"]["procurement_method_details"] == ["Sorteo de Obras", "Random Selection"]
    assert merged["OA-P1"]["threshold"] == 0.30
    assert merged["OA-C1"]["procurement_methods"] == ["open"]
    assert not s.is_enabled(merged, "OA-D7") and s.is_enabled(merged, "OA-D6")


def test_cardinal_sections_pass_through_with_their_case():
    parsed = s.parse_ini(
        "no_price_comparison_procurement_methods = Sorteo\n"
        "[R003]\nthreshold = 10\n"
        "[R003.procurement_method_details]\nLicitación = 10\nCotización = 7\n"
    )
    assert parsed["no_price_comparison_procurement_methods"] == "Sorteo"
    assert parsed["R003"] == {"threshold": "10", "procurement_method_details": {"Licitación": "10", "Cotización": "7"}}


def test_unknown_setting_or_section_is_a_clear_error():
    with pytest.raises(s.SettingsError, match=r"\[OA-P1\] has no setting 'treshold'"):
        s.parse_ini("[OA-P1]\ntreshold = 0.3\n")
    with pytest.raises(s.SettingsError, match=r"unknown indicator section \[OA-P9\]"):
        s.parse_ini("[OA-P9]\n")
    with pytest.raises(s.SettingsError, match="expected a number"):
        s.merge({"OA-P1": {"threshold": "a lot"}})
    with pytest.raises(s.SettingsError, match="expected true or false"):
        s.parse_ini("[OA-P1]\nenabled = maybe\n")


def test_missing_settings_file_is_a_settings_error(tmp_path):
    with pytest.raises(s.SettingsError, match="cannot read"):
        s.load_ini(tmp_path / "missing.ini")


def test_indicators_list_restricts_the_run():
    merged = s.merge({"indicators": "OA-P1|OA-C1"})
    assert s.is_enabled(merged, "OA-P1") and not s.is_enabled(merged, "OA-P2")


def test_resolve_takes_the_latest_release_date_and_the_most_frequent_currency():
    con = empty_db()
    insert(con, "releases", ocid="a", release_id="1", date="2019-05-01")
    insert(con, "releases", ocid="a", release_id="2", date="2020-04-09 10:30:00")
    for i, currency in enumerate(["USD", "MXN", "MXN"]):
        insert(con, "processes", ocid=f"p{i}", currency=currency)
    resolved = s.resolve(con)
    assert resolved["data_date"] == "2020-04-09T10:30:00" and resolved["data_date_source"] == "releases"
    assert resolved["currency"] == "MXN"
    assert s.resolve(con, resolved) == resolved  # idempotent


def test_resolve_keeps_a_configured_data_date_and_rejects_garbage():
    con = empty_db()
    insert(con, "releases", ocid="a", release_id="1", date="2020-04-09")
    assert s.resolve(con, {"data_date": "2019-12-31"})["data_date"] == "2019-12-31T00:00:00"
    with pytest.raises(s.SettingsError, match="not an ISO date"):
        s.resolve(con, {"data_date": "yesterday"})


def test_resolve_without_any_date_leaves_the_data_date_empty():
    con = empty_db()
    insert(con, "processes", ocid="p")
    assert s.resolve(con)["data_date"] is None


def test_defaults_ini_is_generated_from_the_defaults_and_reads_back_as_them():
    from pathlib import Path

    path = Path(s.__file__).with_name("defaults.ini")
    assert path.read_text(encoding="utf-8") == s.default_ini_text(), "regenerate: python -m metrics.config"
    assert s.merge(s.load_ini(path)) == s.merge(None)
