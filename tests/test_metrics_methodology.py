"""metrics.methodology: the page is generated from every indicator's metadata and the settings in force."""
from __future__ import annotations

import pytest

from metrics import catalogue
from metrics.methodology import main_methodology, methodology_markdown


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_registered_indicator_appears_with_its_name_and_methodology(lang):
    text = methodology_markdown(lang)
    for indicator in catalogue.all_indicators():
        meta = indicator.meta
        name = meta.name_es if lang == "es" else meta.name_en
        assert f"### {meta.code} · {name}" in text
        assert (meta.methodology_es if lang == "es" else meta.methodology_en) in text


def test_settings_in_force_are_shown_beside_the_defaults():
    text = methodology_markdown("es", {"OA-P1": {"threshold": 0.3}, "OA-D7": {"enabled": False}})
    assert "| `threshold` | 0.25 | 0.3 |" in text
    assert "Desactivado con los ajustes vigentes." in text


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        methodology_markdown("fr")


def test_methodology_command_writes_a_file(tmp_path):
    out = tmp_path / "METHODOLOGY.md"
    assert main_methodology(["--lang", "en", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Indicator methodology")
