"""Reading Cardinal's settings file: every form of every property, and the errors Cardinal raises."""
from __future__ import annotations

import pytest

from metrics.cardinal import CARDINAL_CODES, discovery
from metrics.cardinal.ini import SettingsError, parse_settings, parse_settings_text, pipe_separated
from tests.cardinal_helpers import fixtures_dir


def parse(text: str):
    return parse_settings_text(text, discovery.options())


def test_top_level_properties_and_exclusions():
    settings = parse(
        "currency = USD\n"
        "no_price_comparison_procurement_methods = Random Selection|Sorteo de Obras\n"
        "price_comparison_procurement_methods = Reverse Auction\n"
        "[exclusions]\n"
        "procurement_method_details = Random Selection|Sorteo de Obras\n"
    )
    assert settings.currency == "USD"
    assert pipe_separated(settings.no_price_comparison_procurement_methods) == {"Random Selection",
                                                                               "Sorteo de Obras"}
    assert settings.price_comparison_procurement_methods == "Reverse Auction"
    assert settings.exclusions_procurement_method_details == "Random Selection|Sorteo de Obras"
    assert settings.indicators == {}


def test_an_empty_section_enables_an_indicator_with_defaults():
    settings = parse("[R024]\n; threshold = 0.05\n[R036]\n")
    assert settings.indicators == {"R024": {}, "R036": {}}


def test_commented_section_is_disabled():
    assert parse("; [R024]\n; threshold = 0.05\n").indicators == {}


def test_typed_properties():
    settings = parse(
        "[R003]\nthreshold = 10\nprocurement_methods = open|selective|limited\n"
        "[R025]\npercentile = 80\nthreshold = 0.05\n"
        "[R035]\nthreshold = 3\n"
        "[R038]\nthreshold = 0.5\nminimum_submitted_bids = 4\nminimum_contracting_processes = 5\n"
        "[R048]\ndigits = 3\nthreshold = 10\nminimum_contracting_processes = 7\n"
        "[R058]\nthreshold = 0.50\n"
    )
    assert settings.options("R003") == {"threshold": 10, "procurement_methods": "open|selective|limited"}
    assert settings.options("R025") == {"percentile": 80, "threshold": 0.05}
    assert settings.options("R035") == {"threshold": 3}
    assert settings.options("R038") == {"threshold": 0.5, "minimum_submitted_bids": 4,
                                        "minimum_contracting_processes": 5}
    assert settings.options("R048") == {"digits": 3, "threshold": 10, "minimum_contracting_processes": 7}
    assert settings.options("R058") == {"threshold": 0.5}
    assert isinstance(settings.options("R058")["threshold"], float)


def test_inline_comments_and_quotes_as_in_the_docs():
    settings = parse('[R003]\nthreshold = 15 # default\n[R018]\nprocurement_methods = "open|selective" ; default\n')
    assert settings.options("R003") == {"threshold": 15}
    assert settings.options("R018") == {"procurement_methods": "open|selective"}


def test_procurement_method_details_section_keeps_keys_as_written():
    settings = parse(
        "[R003.procurement_method_details]\nCotización = 7\nLicitación = 10\nLicitación de Seguros = 10\n"
    )
    # The dotted section alone enables R003 (Cardinal's config loader nests it under R003).
    assert settings.options("R003") == {
        "procurement_method_details": {"Cotización": 7, "Licitación": 10, "Licitación de Seguros": 10}
    }


def test_procurement_method_details_inline_map():
    settings = parse("[R003]\nprocurement_method_details = {x: 5, y: 10}\n")
    assert settings.options("R003") == {"procurement_method_details": {"x": 5, "y": 10}}
    settings = parse('[R003]\nprocurement_method_details = {"Licitación Pública": 20}\n')
    assert settings.options("R003") == {"procurement_method_details": {"Licitación Pública": 20}}


def test_section_form_wins_over_inline_map():
    settings = parse("[R003]\nprocurement_method_details = {x: 5, y: 10}\n"
                     "[R003.procurement_method_details]\ny = 12\n")
    assert settings.options("R003")["procurement_method_details"] == {"x": 5, "y": 12}


@pytest.mark.parametrize("text", [
    "[R024]\nthreshhold = 0.05\n",            # unknown property (typo)
    "[R028]\nthreshold = 1\n",                # R028 is not configurable
    "[R003]\nthreshold = ten\n",              # not an integer
    "[R035]\nthreshold = -1\n",               # not a natural number
    "[R048]\ndigits = 2.5\n",                 # not a natural number
    "[R024]\nthreshold = 5%\n",               # not a decimal
    "[R003.procurement_method_details]\nx = soon\n",
    "[R003]\nprocurement_method_details = x: 5\n",
    "[R024.unknown]\na = 1\n",
    "[exclusions]\nprocurement_methods = x\n",
    "[cardinal]\n",
    "unknown_top_level = 1\n",
    "[R024\n",                                 # not INI
])
def test_invalid_settings_raise(text):
    with pytest.raises(SettingsError):
        parse(text)


def test_unimplemented_cardinal_indicator_is_skipped_with_a_warning():
    settings = parse("[R044]\n[R024]\n")
    assert settings.indicators == {"R024": {}}
    assert any("R044" in w for w in settings.warnings)


def test_pipe_separated_like_rust_split_terminator():
    assert pipe_separated("a|b|") == {"a", "b"}
    assert pipe_separated("a||b") == {"a", "", "b"}
    assert pipe_separated("") == frozenset()
    assert pipe_separated(None) == frozenset()
    assert pipe_separated(None, "open|selective") == {"open", "selective"}


def test_docs_example_settings_enable_all_eleven_with_defaults():
    settings = parse_settings(fixtures_dir() / "docs-examples" / "settings.ini", discovery.options())
    sections = [line.strip()[1:-1] for line in
                (fixtures_dir() / "docs-examples" / "settings.ini").read_text(encoding="utf-8").splitlines()
                if line.strip().startswith("[")]
    assert list(settings.indicators) == sections
    assert set(sections) == set(CARDINAL_CODES)
    assert all(options == {} for options in settings.indicators.values())


def test_prepare_command_settings_are_accepted_and_enable_nothing():
    files = sorted((fixtures_dir() / "prepare").glob("*.ini"))
    assert files
    for path in files:
        settings = parse_settings(path, discovery.options())
        assert settings.indicators == {}, path.name


def test_missing_settings_file_raises(tmp_path):
    with pytest.raises(SettingsError):
        parse_settings(tmp_path / "absent.ini", discovery.options())


def test_settings_file_with_byte_order_mark(tmp_path):
    path = tmp_path / "bom.ini"
    path.write_text("\ufeffcurrency = MXN\n[R036]\n", encoding="utf-8")
    settings = parse_settings(path, discovery.options())
    assert settings.currency == "MXN"
    assert settings.indicators == {"R036": {}}
