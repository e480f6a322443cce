from ui.fmt import mdp, money
from ui.i18n import CATALOGUE, LANGS, translate


def test_every_label_has_spanish_and_english_text():
    missing = [k for k, v in CATALOGUE.items() if any(not v.get(lang) for lang in LANGS)]
    assert missing == []


def test_translate_switches_language_and_formats_placeholders():
    assert translate("projects", "es") == "Proyectos"
    assert translate("projects", "en") == "Projects"
    assert "/x.duckdb" not in translate("no_database", "en", path="/x.duckdb")  # the path is logged, not shown


def test_money_uses_mexican_separators_and_mdp_for_millions():
    assert money(1234567.891) == "$1,234,567.89"
    assert money(-5) == "-$5.00"
    assert mdp(12_345_678) == "12.3 mdp"
    assert money(None) == "—"
