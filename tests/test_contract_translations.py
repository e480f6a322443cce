"""The contract's column documentation in Spanish: every row of each owner's definitions.csv has its
translation in definitions_es.csv (same table and column, same order, no orphan row), and the public's
data dictionary (Descargas' sheet, CSV and README; Metodología's tables) reads the page's language."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core import contract
from tests import ui_explore_fixture
from ui import exports

PAGES = Path(__file__).resolve().parent.parent / "views"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("owner", contract.OWNERS)
def test_every_documented_column_has_its_spanish_description_and_no_orphan(owner):
    english = _rows(contract.definitions_csv(owner))
    spanish = _rows(contract.definitions_lang_csv(owner, "es"))
    keys_en = [(r["table"], r["column"]) for r in english]
    keys_es = [(r["table"], r["column"]) for r in spanish]
    missing = [k for k in keys_en if k not in set(keys_es)]
    orphans = [k for k in keys_es if k not in set(keys_en)]
    assert not missing, f"{owner}: add these rows to definitions_es.csv: {missing}"
    assert not orphans, f"{owner}: definitions_es.csv rows with no definitions.csv row: {orphans}"
    assert keys_es == keys_en, f"{owner}: definitions_es.csv is not in definitions.csv's order"
    assert all(r["description"].strip() for r in spanish)
    # a translation, not a copy (a formula gets its words too: "Proporción oportuna: timely / events")
    same = [k for k, en, es in zip(keys_en, english, spanish) if en["description"] == es["description"]]
    assert not same, f"{owner}: copied, not translated: {same}"


def test_definitions_reads_the_language_asked_for():
    en, es = contract.definitions(lang="en"), contract.definitions(lang="es")
    assert set(en) == set(es) and all(set(en[t]) == set(es[t]) for t in en)
    assert en["processes"]["buyer_name"] == "buyer.name"
    assert es["processes"]["buyer_name"] == "Nombre del comprador (buyer.name)"
    assert contract.definitions() == en  # English stays the default for code that documents tables


def test_the_dictionary_and_readme_of_a_spanish_download_are_in_spanish():
    columns = ["ocid", "state_code", "process_score"]
    es = exports.dictionary(columns, {}, lang="es")
    assert [r[2] for r in es] == ["Identificador de Contrataciones Abiertas (ocid) del proceso",
                                  "Clave INEGI de la entidad federativa del implementador; si no la hay, la de la "
                                  "región del domicilio del comprador",
                                  "100 × n_flagged / n_computable (0-100); vacío cuando nada se pudo calcular"]
    readme = exports.readme_text("Descargas", [], "Columnas", es)
    assert "Clave INEGI de la entidad federativa del implementador" in readme
    assert exports.dictionary(columns, {}, lang="en")[0][2] == "Open Contracting ID"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return ui_explore_fixture.build(tmp_path_factory.mktemp("dict_es") / "fixture.duckdb")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_downloads_page_dictionary_is_in_the_page_language(monkeypatch, db, lang):
    monkeypatch.setenv("OBRAS_DB", str(db))
    at = AppTest.from_file(str(PAGES / "descargas.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    dictionary = at.dataframe[1].value
    described = dict(zip(dictionary.iloc[:, 1], dictionary.iloc[:, 2]))
    assert described["buyer_name"] == contract.definitions(lang=lang)["processes"]["buyer_name"]
    assert described["buyer_name"] == {"es": "Nombre del comprador (buyer.name)", "en": "buyer.name"}[lang]


def test_the_methodology_page_documents_the_tables_in_spanish(monkeypatch, db):
    monkeypatch.setenv("OBRAS_DB", str(db))
    at = AppTest.from_file(str(PAGES / "metodologia.py"), default_timeout=120)
    at.session_state["lang"] = "es"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    texts = {v for df in at.dataframe for v in df.value.astype(str).to_numpy().ravel()}
    assert "Nombre del comprador (buyer.name)" in texts and "buyer.name" not in texts
