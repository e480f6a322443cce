"""Each normalisation rule on hand-made cases, and clean data left alone."""
from __future__ import annotations

import copy
from datetime import datetime

import pytest

from loaders.compile.normalise import RULES, normalise_project, normalise_release, parse_amount, parse_date


def _by_field(corrections):
    return {c.field: c for c in corrections}


def clean_release() -> dict:
    return {
        "ocid": "ocds-7wj9x5-LP-001-2023", "id": "1", "date": "2023-05-02T10:00:00-06:00",
        "parties": [{"id": "MX-RFC-ABC010101AB1", "name": "Constructora Ejemplo, S.A. de C.V.",
                     "identifier": {"scheme": "MX-RFC", "id": "ABC010101AB1", "legalName": "Constructora Ejemplo"},
                     "address": {"streetAddress": "Av. Constitución 100", "locality": "Monterrey",
                                 "region": "Nuevo León", "postalCode": "64000", "countryName": "México"},
                     "contactPoint": {"name": "Ana Pérez", "email": "ana@example.mx", "telephone": "+52 81 1234 5678"},
                     "roles": ["tenderer", "supplier"]}],
        "buyer": {"id": "NL-SI", "name": "Secretaría de Infraestructura"},
        "planning": {"rationale": "Ampliación de la red de agua", "budget": {
            "description": "Estatal 2023", "projectID": "PEI-0069/2023", "amount": {"amount": 1500000.0, "currency": "MXN"}}},
        "tender": {
            "id": "LP-001-2023", "title": "Construcción de un puente", "description": "Puente vehicular",
            "status": "complete", "procurementMethod": "open", "procurementMethodDetails": "Licitación Pública Nacional",
            "mainProcurementCategory": "works", "value": {"amount": 1450000.0, "currency": "MXN"},
            "tenderPeriod": {"startDate": "2023-01-10T09:00:00-06:00", "endDate": "2023-02-01T18:00:00-06:00"},
            "tenderers": [{"id": "MX-RFC-ABC010101AB1", "name": "Constructora Ejemplo, S.A. de C.V."}],
            "items": [{"id": "1", "description": "Puente", "unit": {"name": "obra", "value": {"amount": 1, "currency": "MXN"}}}],
            "documents": [{"id": "d1", "title": "Convocatoria", "datePublished": "2023-01-10T09:00:00Z"}],
        },
        "awards": [{"id": "A1", "title": "Fallo", "status": "active", "date": "2023-02-15T12:00:00Z",
                    "value": {"amount": 1400000.0, "currency": "MXN"},
                    "suppliers": [{"id": "MX-RFC-ABC010101AB1", "name": "Constructora Ejemplo, S.A. de C.V."}]}],
        "contracts": [{"id": "C1", "awardID": "A1", "title": "Contrato", "status": "active",
                       "dateSigned": "2023-02-20", "value": {"amount": 1400000.0, "currency": "MXN"},
                       "period": {"startDate": "2023-03-01T00:00:00Z", "endDate": "2023-12-31T00:00:00Z"},
                       "implementation": {"transactions": [{"id": "T1", "date": "2023-04-01T00:00:00Z",
                                                            "value": {"amount": 0, "currency": "MXN"}}]}}],
    }


def clean_project() -> dict:
    return {
        "id": "oc4ids-gx3fo2-000099", "updated": "2020-04-09T13:40:56-05:00", "title": "Hospital",
        "description": "Reconversión hospitalaria", "status": "implementation",
        "period": {"startDate": "2020-04-01T00:00:00", "endDate": "2020-04-30T00:00:00"},
        "budget": {"amount": {"amount": 50000000.0, "currency": "MXN"}, "approvalDate": "2020-03-01T00:00:00Z"},
        "completion": {"endDate": "2020-05-01T00:00:00Z", "finalValue": {"amount": 49000000.0, "currency": "MXN"}},
        "locations": [{"id": "1", "geometry": {"type": "Point", "coordinates": [-100.34, 25.74]},
                       "address": {"locality": "Monterrey", "region": "Nuevo León", "countryName": "México"}}],
        "contractingProcesses": [{"id": "ocds-7wj9x5-X", "summary": {
            "tender": {"procurementMethod": "direct", "procurementMethodDetails": "Adjudicación directa",
                       "costEstimate": {"amount": 10.0, "currency": "MXN"}},
            "contractValue": {"amount": 12.0, "currency": "MXN"},
            "modifications": [{"date": "2020-05-01T00:00:00Z", "oldContractValue": {"amount": 0, "currency": "MXN"}}]}}],
    }


def test_clean_release_yields_no_corrections_and_is_unchanged():
    release = clean_release()
    before = copy.deepcopy(release)
    assert normalise_release(release) == []
    assert release == before


def test_clean_project_yields_no_corrections_and_is_unchanged():
    project = clean_project()
    before = copy.deepcopy(project)
    assert normalise_project(project) == []
    assert project == before


def test_every_emitted_rule_is_documented_in_both_languages():
    assert all(set(d) == {"es", "en"} and d["es"] and d["en"] for d in RULES.values())


# --- method_es ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("label, code", [
    ("Licitación pública", "open"), ("LICITACIÓN PÚBLICA NACIONAL", "open"), ("Licitacion Publica Internacional", "open"),
    ("Licitación Federal", "open"), ("Licitación Estatal", "open"),
    ("Invitación a cuando menos tres personas", "selective"), ("invitacion restringida", "selective"),
    ("Invitación a cuando menos tres proveedores", "selective"),
    ("Adjudicación directa", "direct"), ("Adjudicación directa (art. 42)", "direct"),
    ("Adjudicación Directa Estatal", "direct"),
])
def test_spanish_procurement_method_becomes_ocds_code_and_label_moves_to_details(label, code):
    release = {"ocid": "o", "tender": {"procurementMethod": label}}
    corrections = _by_field(normalise_release(release))
    assert release["tender"]["procurementMethod"] == code
    assert release["tender"]["procurementMethodDetails"] == label
    assert corrections["tender/procurementMethod"].rule == "method_es"
    assert corrections["tender/procurementMethod"].old_value == label


def test_missing_method_is_derived_from_spanish_details():
    release = {"ocid": "o", "tender": {"procurementMethodDetails": "Invitación a cuando menos tres personas"}}
    corrections = normalise_release(release)
    assert release["tender"]["procurementMethod"] == "selective"
    assert [(c.field, c.old_value, c.new_value, c.rule) for c in corrections] == [
        ("tender/procurementMethod", None, "selective", "method_es")]


def test_invalid_method_is_replaced_from_spanish_details():
    release = {"ocid": "o", "tender": {"procurementMethod": "otro", "procurementMethodDetails": "Adjudicación directa"}}
    normalise_release(release)
    assert release["tender"]["procurementMethod"] == "direct"


def test_method_named_in_the_details_overrides_a_code_that_says_otherwise():
    # issue 11: INAI's PC-0084 is "Adjudicación directa (art. 42)" coded open; the named method wins, recorded
    release = {"ocid": "o", "tender": {"procurementMethod": "open", "procurementMethodDetails": "Adjudicación directa (art. 42)"}}
    assert [(c.field, c.old_value, c.new_value, c.rule) for c in normalise_release(release)] == [
        ("tender/procurementMethod", "open", "direct", "method_from_details")]
    assert release["tender"]["procurementMethod"] == "direct"


def test_valid_method_is_kept_when_the_details_name_no_method():
    release = {"ocid": "o", "tender": {"procurementMethod": "open", "procurementMethodDetails": "Excepción por monto",
                                       "procurementMethodRationale": "Excepción a la licitación pública"}}
    assert normalise_release(release) == []
    assert release["tender"]["procurementMethod"] == "open"


def test_method_in_capitals_is_lower_cased():
    release = {"ocid": "o", "tender": {"procurementMethod": "Open"}}
    assert [c.rule for c in normalise_release(release)] == ["code_case"]
    assert release["tender"]["procurementMethod"] == "open"


def test_project_summary_tender_method_is_normalised_too():
    project = {"id": "p", "contractingProcesses": [{"summary": {"tender": {"procurementMethod": "Licitación pública"}}}]}
    corrections = normalise_project(project)
    assert project["contractingProcesses"][0]["summary"]["tender"]["procurementMethod"] == "open"
    assert corrections[0].field == "contractingProcesses/0/summary/tender/procurementMethod"
    assert corrections[0].project_id == "p"


# --- codes -------------------------------------------------------------------------------------------------
def test_spanish_category_and_status_case_are_normalised():
    release = {"ocid": "o", "tender": {"mainProcurementCategory": "Obras públicas"},
               "awards": [{"status": "Pending"}], "contracts": [{"status": "ACTIVE"}]}
    rules = {c.field: c.rule for c in normalise_release(release)}
    assert release["tender"]["mainProcurementCategory"] == "works"
    assert release["awards"][0]["status"] == "pending" and release["contracts"][0]["status"] == "active"
    assert rules == {"tender/mainProcurementCategory": "category_es", "awards/0/status": "code_case",
                     "contracts/0/status": "code_case"}


@pytest.mark.parametrize("label, code", [("completed", "completion"), ("En ejecución", "implementation"),
                                         ("Concluido", "completion"), ("Cancelado", "cancelled")])
def test_project_status_labels_become_oc4ids_codes(label, code):
    project = {"id": "p", "status": label}
    assert [c.rule for c in normalise_project(project)] == ["status_es"]
    assert project["status"] == code


# --- currency_typo -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("typo", ["MNX", "M.N.", "pesos", "MXP", "mxn", "Pesos Mexicanos", "$"])
def test_currency_typos_become_mxn_everywhere(typo):
    release = {"ocid": "o",
               "planning": {"budget": {"amount": {"amount": 5.0, "currency": typo}}},
               "tender": {"value": {"amount": 5.0, "currency": typo}},
               "awards": [{"value": {"amount": 5.0, "currency": typo}}],
               "contracts": [{"value": {"amount": 5.0, "currency": typo},
                              "implementation": {"transactions": [{"value": {"amount": 5.0, "currency": typo}}]}}],
               "bids": {"details": [{"value": {"amount": 5.0, "currency": typo}}]}}
    fields = {c.field for c in normalise_release(release) if c.rule == "currency_typo"}
    assert fields == {"planning/budget/amount/currency", "tender/value/currency", "awards/0/value/currency",
                      "contracts/0/value/currency", "contracts/0/implementation/transactions/0/value/currency",
                      "bids/details/0/value/currency"}
    project = {"id": "p", "budget": {"amount": {"amount": 1.0, "currency": typo}},
               "completion": {"finalValue": {"amount": 1.0, "currency": typo}}}
    assert {c.field for c in normalise_project(project)} == {"budget/amount/currency", "completion/finalValue/currency"}
    assert project["budget"]["amount"]["currency"] == "MXN" == project["completion"]["finalValue"]["currency"]


def test_correct_currencies_are_left_alone():
    release = {"ocid": "o", "awards": [{"value": {"amount": 5.0, "currency": "USD"}}],
               "contracts": [{"value": {"amount": 5.0, "currency": "EUR"}}]}
    assert normalise_release(release) == []


# --- dates ----------------------------------------------------------------------------------------------------
def test_dotnet_dmy_and_other_formats_become_iso_with_their_rule():
    release = {"ocid": "o", "date": "/Date(1577836800000)/",
               "tender": {"tenderPeriod": {"startDate": "31/03/2017", "endDate": "20/12/2016.",
                                           "maxExtentDate": "2019-01-02 10:11:12"}},
               "awards": [{"date": "/Date(1577836800000-0600)/"}],
               "contracts": [{"dateSigned": 42908}]}
    c = _by_field(normalise_release(release))
    assert release["date"] == "2020-01-01T00:00:00Z" and c["date"].rule == "date_dotnet"
    assert release["awards"][0]["date"] == "2020-01-01T00:00:00Z" and c["awards/0/date"].rule == "date_dotnet"
    period = release["tender"]["tenderPeriod"]
    assert period["startDate"] == "2017-03-31T00:00:00Z" and c["tender/tenderPeriod/startDate"].rule == "date_dmy"
    assert period["endDate"] == "2016-12-20T00:00:00Z" and c["tender/tenderPeriod/endDate"].rule == "date_dmy"
    assert period["maxExtentDate"] == "2019-01-02T10:11:12Z" and c["tender/tenderPeriod/maxExtentDate"].rule == "date_format"
    assert release["contracts"][0]["dateSigned"] == "2017-06-22T00:00:00Z"  # spreadsheet day 42908


def test_junk_and_default_dates_are_removed():
    release = {"ocid": "o", "tender": {"awardPeriod": {"startDate": "No palica", "endDate": "n/a",
                                                      "maxExtentDate": "0001-01-01T00:00:00-06:00"}}}
    c = _by_field(normalise_release(release))
    assert release["tender"]["awardPeriod"] == {}
    assert c["tender/awardPeriod/startDate"].rule == "date_invalid"
    assert c["tender/awardPeriod/endDate"].rule == "placeholder"
    assert c["tender/awardPeriod/maxExtentDate"].rule == "placeholder"


def test_project_dates_in_period_completion_and_budget_are_converted():
    project = {"id": "1", "updated": "/Date(1570227981053)/", "period": {"startDate": "/Date(1357020000000)/"},
               "budget": {"approvalDate": "18/12/2017"}, "completion": {"endDate": "01/05/2020 10:30"},
               "contractingProcesses": [{"releases": [{"date": "/Date(1569351893863)/"}]}]}
    c = _by_field(normalise_project(project))
    assert project["updated"] == "2019-10-04T22:26:21.053Z"
    assert project["period"]["startDate"] == "2013-01-01T06:00:00Z"
    assert project["budget"]["approvalDate"] == "2017-12-18T00:00:00Z"
    assert project["completion"]["endDate"] == "2020-05-01T10:30:00Z"
    assert c["contractingProcesses/0/releases/0/date"].rule == "date_dotnet"


# --- placeholders ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("marker", ["N/A", "N/D", "NA", "Sin dato", "SIN DATO", "S/D", "-", "", "  ", "?", "#N/A"])
def test_placeholder_text_is_removed_from_fields_that_matter(marker):
    release = {"ocid": "o", "tender": {"title": marker, "procurementMethodDetails": marker, "id": marker},
               "parties": [{"id": "P1", "name": marker, "address": {"streetAddress": marker}}],
               "awards": [{"id": "A1", "description": marker}]}
    c = _by_field(normalise_release(release))
    assert {f for f, x in c.items() if x.rule == "placeholder"} == {
        "tender/title", "tender/procurementMethodDetails", "tender/id", "parties/0/name",
        "parties/0/address/streetAddress", "awards/0/description"}
    assert release["tender"] == {} and release["parties"][0] == {"id": "P1", "address": {}}
    assert release["awards"][0] == {"id": "A1"}  # reference ids stay


def test_real_text_that_looks_short_is_kept():
    release = {"ocid": "o", "tender": {"title": "Na'atik"}, "parties": [{"name": "NAFIN"}]}
    assert normalise_release(release) == []


@pytest.mark.parametrize("path, zero_removed", [("tender", True), ("awards", True), ("contracts", True),
                                                ("planning", True), ("transactions", False), ("bids", False)])
def test_zero_amount_means_unknown_only_where_a_value_cannot_be_zero(path, zero_removed):
    value = {"amount": 0, "currency": "MXN"}
    release = {"ocid": "o", "tender": {}, "awards": [{}], "contracts": [{"implementation": {"transactions": [{}]}}],
               "planning": {"budget": {}}, "bids": {"details": [{}]}}
    target = {"tender": release["tender"], "awards": release["awards"][0], "contracts": release["contracts"][0],
              "planning": release["planning"]["budget"], "bids": release["bids"]["details"][0],
              "transactions": release["contracts"][0]["implementation"]["transactions"][0]}[path]
    target["amount" if path == "planning" else "value"] = value
    corrections = normalise_release(release)
    assert ("amount" not in value) == zero_removed
    assert [c.rule for c in corrections] == (["placeholder"] if zero_removed else [])


@pytest.mark.parametrize("nines", [99999999, 999999999, 9999999999.0])
def test_runs_of_nines_mean_unknown(nines):
    release = {"ocid": "o", "contracts": [{"value": {"amount": nines, "currency": "MXN"}}]}
    c = normalise_release(release)
    assert release["contracts"][0]["value"] == {"currency": "MXN"}
    assert (c[0].field, c[0].old_value, c[0].rule) == ("contracts/0/value/amount", nines, "placeholder")


def test_project_zero_budget_is_unknown_but_small_final_value_is_kept():
    project = {"id": "p", "budget": {"amount": {"amount": 0.0, "currency": "MXN"}},
               "completion": {"finalValue": {"amount": 10.0, "currency": "MXN"}}}
    c = normalise_project(project)
    assert [x.field for x in c] == ["budget/amount/amount"]
    assert project["completion"]["finalValue"]["amount"] == 10.0


def test_amounts_written_as_text_become_numbers():
    release = {"ocid": "o", "tender": {"value": {"amount": "1,234.50", "currency": "MXN"}},
               "awards": [{"value": {"amount": "$1 234", "currency": "MXN"}}],
               "contracts": [{"value": {"amount": "pendiente", "currency": "MXN"}}]}
    c = _by_field(normalise_release(release))
    assert release["tender"]["value"]["amount"] == 1234.5 and c["tender/value/amount"].rule == "amount_format"
    assert release["awards"][0]["value"]["amount"] == 1234.0
    assert "amount" not in release["contracts"][0]["value"]
    assert c["contracts/0/value/amount"].rule == "amount_invalid"


# --- encoding_double_utf8 -------------------------------------------------------------------------------------
def test_double_encoded_text_is_repaired_per_string():
    release = {"ocid": "o", "tender": {"title": "ConstrucciÃ³n de puente en Nuevo León"},
               "parties": [{"name": "EMILIO RODRÃ\x8dGUEZ", "identifier": {"legalName": "CLASIFICACIÃ“N GEOGRÃ\x81FICA"}}]}
    c = _by_field(normalise_release(release))
    assert release["tender"]["title"] == "Construcción de puente en Nuevo León"
    assert release["parties"][0]["name"] == "EMILIO RODRÍGUEZ"
    assert release["parties"][0]["identifier"]["legalName"] == "CLASIFICACIÓN GEOGRÁFICA"
    assert {x.rule for x in c.values()} == {"encoding_double_utf8"}


def test_correct_accents_are_not_touched():
    release = {"ocid": "o", "tender": {"title": "Año, Ñandú, México", "description": "¿Qué? «Crédito» â la carte"}}
    assert normalise_release(release) == []


# --- geometry ---------------------------------------------------------------------------------------------------
def test_lat_lon_points_inside_mexico_are_swapped():
    project = {"id": "p", "locations": [{"geometry": {"type": "Point", "coordinates": [25.67, -100.37]}},
                                        {"geometry": {"type": "Point", "coordinates": [-100.37, 25.67]}}]}
    c = normalise_project(project)
    assert project["locations"][0]["geometry"]["coordinates"] == [-100.37, 25.67]
    assert project["locations"][1]["geometry"]["coordinates"] == [-100.37, 25.67]
    assert [(x.field, x.old_value, x.rule) for x in c] == [("locations/0/geometry/coordinates", [25.67, -100.37], "swap_latlon")]


def test_points_outside_mexico_either_way_are_left_alone():
    project = {"id": "p", "locations": [{"geometry": {"type": "Point", "coordinates": [2.35, 48.85]}}]}
    assert normalise_project(project) == []


def test_lower_case_type_string_coordinates_and_swapped_lines_are_fixed():
    project = {"id": "p", "locations": [
        {"geometry": {"type": "point", "coordinates": ["25.665", "-100.311"]}},
        {"geometry": {"type": "LineString", "coordinates": [[25.6, -100.3], [25.7, -100.4]]}}]}
    rules = [(x.field, x.rule) for x in normalise_project(project)]
    assert project["locations"][0]["geometry"] == {"type": "Point", "coordinates": [-100.311, 25.665]}
    assert project["locations"][1]["geometry"]["coordinates"] == [[-100.3, 25.6], [-100.4, 25.7]]
    assert rules == [("locations/0/geometry/type", "geometry_format"), ("locations/0/geometry/coordinates", "geometry_format"),
                     ("locations/0/geometry/coordinates", "swap_latlon"), ("locations/1/geometry/coordinates", "swap_latlon")]


@pytest.mark.parametrize("geometry", [{}, {"type": "Point"}, {"type": "Point", "coordinates": []},
                                      {"type": "Point", "coordinates": ["a", "b"]}, {"type": "Blob", "coordinates": [1, 2]},
                                      {"type": "Point", "coordinates": [0, 0]}, "POINT(1 2)", [25.6, -100.3]])
def test_empty_or_unreadable_geometries_are_removed_and_recorded(geometry):
    project = {"id": "p", "locations": [{"id": "1", "geometry": copy.deepcopy(geometry)}]}
    c = normalise_project(project)
    assert project["locations"][0]["geometry"] is None
    assert [(x.field, x.old_value, x.rule) for x in c] == [("locations/0/geometry", geometry, "geometry_invalid")]


def test_missing_or_null_geometry_is_not_a_correction():
    project = {"id": "p", "locations": [{"id": "1"}, {"id": "2", "geometry": None}]}
    assert normalise_project(project) == []


# --- robustness ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("junk", [None, [], "x", {"ocid": 5, "tender": "x", "awards": {"a": 1}, "parties": [None, 3]},
                                  {"tender": {"value": "100", "tenderPeriod": [1]}, "contracts": [{"value": None}]}])
def test_odd_shapes_never_crash(junk):
    normalise_release(copy.deepcopy(junk))
    normalise_project(copy.deepcopy(junk))


def test_corrections_carry_the_ocid():
    release = {"ocid": "ocds-abc123-1", "tender": {"title": "N/A"}}
    assert normalise_release(release)[0].ocid == "ocds-abc123-1"


# --- parse_date / parse_amount ----------------------------------------------------------------------------------
@pytest.mark.parametrize("value, expected", [
    ("2020-01-01T00:00:00-06:00", datetime(2020, 1, 1, 6)), ("2020-01-01T12:00:00Z", datetime(2020, 1, 1, 12)),
    ("2020-01-01", datetime(2020, 1, 1)), ("2020-01-01T08:30:00", datetime(2020, 1, 1, 8, 30)),
    ("/Date(1577836800000)/", datetime(2020, 1, 1)), ("/Date(1577836800000-0600)/", datetime(2020, 1, 1)),
    ("31/12/2019", datetime(2019, 12, 31)), ("31/12/2019 23:59", datetime(2019, 12, 31, 23, 59)),
    ("31/12/2019 23:59:58", datetime(2019, 12, 31, 23, 59, 58)), ("2019-12-31 23:59:58", datetime(2019, 12, 31, 23, 59, 58)),
    ("N/A", None), ("", None), (None, None), ("31/02/2019", None), ("0001-01-01T00:00:00", None), (42, None),
])
def test_parse_date_returns_naive_utc(value, expected):
    assert parse_date(value) == expected
    if expected is not None:
        assert parse_date(value).tzinfo is None


@pytest.mark.parametrize("value, expected", [
    (1234, 1234.0), (12.5, 12.5), ("1,234.50", 1234.5), ("$1 234", 1234.0), ("1234.5 MXN", 1234.5),
    ("$ 1,234,567.89 M.N.", 1234567.89), ("1.234,50", 1234.5), ("-5", -5.0),
    ("N/A", None), ("", None), ("abc", None), (True, None), (None, None), (float("nan"), None),
])
def test_parse_amount(value, expected):
    assert parse_amount(value) == expected
