"""Each coherence check pinned on hand-made processes loaded through the loader: one process that passes
every check, one that fails every check, one the checks cannot apply to, and a project whose process
list resolves once out of twice."""
import json

import pytest

from quality.checks import CHECKS
from quality.compute import refresh
from tests.quality_fixtures import (commitments, load_db, no_schemas, release, rows, write_project_package,
                                    write_release_package)

IMPL = "nl-gobierno"
MXN = "MXN"


def _value(amount):
    return {"amount": amount, "currency": MXN}


def _parties(*ids):
    return [{"id": i, "name": f"Parte {i}", "roles": ["buyer"] if i == "B" else ["tenderer", "supplier"]}
            for i in ids]


GOOD = release(
    "ocds-7wj9x5-good", "good-1", "2020-03-01T00:00:00Z", ["tender", "award", "contract"],
    buyer={"id": "B", "name": "Parte B"}, parties=_parties("B", "T1", "T2"),
    tender={"id": "good", "procurementMethod": "open", "numberOfTenderers": 2,
            "tenderers": [{"id": "T1"}, {"id": "T2"}],
            "tenderPeriod": {"startDate": "2020-01-01T00:00:00Z", "endDate": "2020-01-10T00:00:00Z"}},
    awards=[{"id": "a1", "date": "2020-01-20T00:00:00Z", "value": _value(100), "suppliers": [{"id": "T1"}]}],
    contracts=[{"id": "c1", "awardID": "a1", "dateSigned": "2020-01-25T00:00:00Z", "value": _value(110),
                "implementation": {"transactions": [
                    {"id": "t1", "date": "2020-02-01T00:00:00Z", "value": _value(50),
                     "payer": {"id": "B"}, "payee": {"id": "T1"}},
                    {"id": "t2", "date": "2020-02-15T00:00:00Z", "value": _value(60)}]}}],
)
BAD = release(
    "ocds-7wj9x5-bad", "bad-1", "2020-03-01T00:00:00Z", ["tender", "award", "contract"],
    buyer={"id": "B", "name": "Parte B"}, parties=_parties("B", "T1", "T2"),
    tender={"id": "bad", "procurementMethod": "direct", "numberOfTenderers": 3,
            "tenderers": [{"id": "T1"}, {"id": "T2"}],
            "tenderPeriod": {"startDate": "2020-01-01T00:00:00Z", "endDate": "2020-03-01T00:00:00Z"}},
    awards=[{"id": "a1", "date": "2020-02-01T00:00:00Z", "value": _value(100), "suppliers": [{"id": "GHOST"}]}],
    contracts=[{"id": "c1", "awardID": "a1", "dateSigned": "2020-01-15T00:00:00Z", "value": _value(200),
                "implementation": {"transactions": [
                    {"id": "t1", "date": "2020-01-10T00:00:00Z", "value": _value(250)}]}},
               {"id": "c2", "awardID": "zz"}],
)
EMPTY = release("ocds-7wj9x5-empty", "empty-1", "2020-03-01T00:00:00Z", ["planning"],
                tender={"id": "empty", "title": "Solo planeación"})
PROJECT = {"id": "oc4ids-gx3fo2-900001", "title": "Proyecto de prueba", "updated": "2020-03-01T00:00:00Z",
           "contractingProcesses": [{"id": "ocds-7wj9x5-good"}, {"id": "ocds-7wj9x5-nowhere"}]}

# (applicable, failing) for the good and bad processes together, worked out by hand from the data above
EXPECTED = {
    "dates_tender_award": (2, 1),  # bad: award 2020-02-01 before tender end 2020-03-01
    "dates_award_signature": (2, 1),  # bad c1 signed before its award; bad c2 has no dateSigned: n/a
    "dates_signature_payment": (2, 1),  # bad: payment 2020-01-10 before signature 2020-01-15
    "contract_award_value": (2, 1),  # bad: 200 / 100 = 200%
    "tenderers_count": (2, 1),  # bad: 3 declared, 2 listed
    "direct_single_tenderer": (1, 1),  # bad: direct with 3 tenderers
    "payments_within_contract": (2, 1),  # bad: 250 paid on 200
    "party_refs": (2, 1),  # bad: supplier GHOST is not in parties
    "award_refs": (3, 1),  # good c1, bad c1, bad c2 -> zz does not exist
    "project_process_links": (2, 1),  # ocds-7wj9x5-nowhere is not loaded
}


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("checks")
    mp = pytest.MonkeyPatch()
    no_schemas(mp, tmp)
    commitments(tmp, "[default]\nfrequency_days = 30\n", mp)
    con = load_db([write_release_package(tmp / "releases.json", [GOOD, BAD, EMPTY]),
                   write_project_package(tmp / "projects.json", [PROJECT])], tmp / "x.duckdb", implementer=IMPL)
    refresh(con)
    yield con
    mp.undo()


def test_every_check_is_pinned_by_a_hand_made_case():
    assert {c.check_id for c in CHECKS} == set(EXPECTED)


@pytest.mark.parametrize("check_id", sorted(EXPECTED))
def test_each_check_counts_applicable_and_failing_cases(checked, check_id):
    row = rows(checked, "SELECT applicable, failing, examples FROM quality_checks WHERE implementer_id = ? "
                        "AND check_id = ?", [IMPL, check_id])[0]
    assert (row["applicable"], row["failing"]) == EXPECTED[check_id]
    examples = json.loads(row["examples"])
    assert len(examples) == row["failing"]
    assert all("good" not in e["id"] and "empty" not in e["id"] for e in examples)


def test_the_failing_examples_say_what_is_wrong(checked):
    examples = {r["check_id"]: json.loads(r["examples"]) for r in rows(
        checked, "SELECT check_id, examples FROM quality_checks WHERE implementer_id = ?", [IMPL])}
    assert examples["party_refs"][0]["detail"] == "unresolved or duplicated: GHOST"
    assert examples["award_refs"][0]["detail"] == "awardID zz"
    assert examples["dates_tender_award"][0]["detail"] == "tender_end 2020-03-01, award 2020-02-01"
    assert examples["project_process_links"][0]["detail"] == "not found: ocds-7wj9x5-nowhere"


def test_coherence_is_the_mean_pass_rate_of_the_applicable_checks(checked):
    expected = sum(1 - f / a for a, f in EXPECTED.values()) / len(EXPECTED)
    got = checked.execute("SELECT coherence FROM quality_scores WHERE implementer_id = ?", [IMPL]).fetchall()[0][0]
    assert got == pytest.approx(expected)


def test_a_party_id_listed_twice_in_a_compiled_release_fails_the_reference_check(tmp_path, monkeypatch):
    no_schemas(monkeypatch, tmp_path)
    compiled = release("ocds-7wj9x5-dup", "dup-compiled", "2020-03-01T00:00:00Z", ["compiled"],
                       buyer={"id": "B"}, parties=[{"id": "B", "name": "Una"}, {"id": "B", "name": "Otra"}])
    path = tmp_path / "record.json"
    path.write_text(json.dumps({"uri": "https://example.org/r.json", "version": "1.1", "publisher": {"name": "x"},
                                "publishedDate": "2021-01-01T00:00:00Z",
                                "records": [{"ocid": "ocds-7wj9x5-dup", "compiledRelease": compiled,
                                             "releases": [{"url": "https://example.org/1", "date": "2020-03-01"}]}]}),
                    encoding="utf-8")
    con = load_db([path], tmp_path / "d.duckdb", implementer=IMPL)
    refresh(con)
    row = rows(con, "SELECT applicable, failing, examples FROM quality_checks WHERE check_id = 'party_refs'")[0]
    assert (row["applicable"], row["failing"]) == (1, 1)
    assert json.loads(row["examples"])[0]["detail"] == "unresolved or duplicated: B"
