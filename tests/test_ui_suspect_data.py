"""The pages show suspect data as "Dato dudoso" with its reason, apart from the flags and from what could
not be computed (issue 11, section 3), on Nuevo León's published project 000004 (a final value of 10 pesos
on a budget of 473.7 million, a completion dated after the data's own date)."""
from __future__ import annotations

import pytest

from tests.profiles_data import nl_db  # noqa: F401  (fixture)
from tests.test_ui_reader import run_page

pytestmark = pytest.mark.shared


def test_project_page_lists_suspect_results_apart_with_their_reason(nl_db, monkeypatch):  # noqa: F811
    at = run_page("proyecto", nl_db, monkeypatch, project="oc4ids-gx3fo2-000004")
    suspect = [e for e in at.expander if e.label.startswith("Datos dudosos")]
    assert len(suspect) == 1, [e.label for e in at.expander]
    table = suspect[0].dataframe[0].value
    assert set(table["Resultado"]) == {"Dato dudoso"}
    codes = {label.split(" · ")[0] for label in table.iloc[:, 0]}
    assert {"OA-P2", "OA-D5"} <= codes
    assert any("valor de relleno" in r for r in table["Motivo"])
    not_computable = [e for e in at.expander if e.label.startswith("Indicadores que no se pudieron calcular")]
    for e in not_computable:  # a suspect result is not listed as "not computable" too
        listed = {label.split(" · ")[0] for label in e.dataframe[0].value.iloc[:, 0]}
        assert "OA-P2" not in listed and "OA-D5" not in listed


def test_project_page_in_english_says_suspect_data(nl_db, monkeypatch):  # noqa: F811
    at = run_page("proyecto", nl_db, monkeypatch, lang="en", project="oc4ids-gx3fo2-000004")
    (section,) = [e for e in at.expander if e.label.startswith("Suspect data")]
    table = section.dataframe[0].value
    assert set(table["Outcome"]) == {"Suspect data"}
    assert any("placeholder" in r for r in table["Reason"])
