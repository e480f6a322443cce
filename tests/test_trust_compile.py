"""Issue 11 (trust), compilation: what the loader keeps of each process must match what the published files
say, read here with plain json. Marked xfail(strict) where today's code is wrong: when a fix lands the test
XPASSes and fails; remove the mark then."""
from __future__ import annotations

import math

import pytest

from tests import trust_raw as raw

pytestmark = pytest.mark.shared

PC0087 = ("mx-ocp-sample-data", "inai-2017", "releases", "PC-0087-PC-0087.json")
JALISCO_OCID = "ocds-xs1qbl-SFIN-03-0011-00-2017"


@pytest.fixture(scope="module")
def ocp(tmp_path_factory):
    """mx-ocp-sample-data loaded once (INAI, Jalisco, CDMX, APF)."""
    con = raw.load_db(tmp_path_factory, "ocp", [raw.data("mx-ocp-sample-data")])
    yield con
    con.close()


# ---- 1. two contracts with one id in one release -------------------------------------------------------

@pytest.fixture(scope="module")
def pc0087():
    """The raw release, with the issue's facts checked: two contracts, one id, two awards."""
    rel = raw.read_json(raw.data(*PC0087))
    contracts = rel["contracts"]
    assert len(contracts) == 2
    # published as a JSON number, 1360250, in both contracts
    assert str(contracts[0]["id"]) == str(contracts[1]["id"]) == "1360250"
    assert sorted(c["awardID"] for c in contracts) == ["OA/A087", "OA/A088"]
    assert [raw.amount(c["value"]) for c in contracts] == [338952.0, 435305.54]
    return rel


def test_inai_raw_release_publishes_two_contracts_under_one_id(pc0087):
    # the facts themselves (checked in the fixture): a regression guard on the test's premise
    assert len({c["awardID"] for c in pc0087["contracts"]}) == 2


def test_two_contracts_sharing_an_id_are_both_kept(ocp, pc0087):
    rows = ocp.execute("SELECT award_id, value FROM contracts WHERE ocid = ?", [pc0087["ocid"]]).fetchall()
    expected = sorted((c["awardID"], raw.amount(c["value"])) for c in pc0087["contracts"])
    assert sorted(rows) == expected


def test_duplicate_contract_id_is_recorded_in_corrections(ocp, pc0087):
    rows = ocp.execute("SELECT field, old_value FROM corrections WHERE ocid = ?", [pc0087["ocid"]]).fetchall()
    dup = str(pc0087["contracts"][0]["id"])
    assert any("contracts" in (field or "") and dup in str(old) for field, old in rows), rows


def test_no_price_increase_flag_from_a_duplicate_contract_id(ocp, pc0087):
    rows = raw.flags(ocp, "OA-P1", pc0087["ocid"])
    assert rows, "OA-P1 considers every process"
    assert not any(flagged is True for _, _, _, flagged, _, _ in rows), rows


def test_contract_value_equals_the_published_sum_of_contracts(ocp, pc0087):
    expected = sum(raw.amount(c["value"]) for c in pc0087["contracts"])
    assert expected == pytest.approx(774257.54)
    (stored,) = ocp.execute("SELECT contract_value FROM processes WHERE ocid = ?", [pc0087["ocid"]]).fetchone()
    (rows_sum,) = ocp.execute("SELECT sum(value) FROM contracts WHERE ocid = ?", [pc0087["ocid"]]).fetchone()
    assert stored == pytest.approx(expected)
    assert rows_sum == pytest.approx(expected)


def test_inai_contracted_total_equals_the_published_total(ocp):
    expected: dict[str, float] = {}
    for _, doc in raw.documents(raw.data("mx-ocp-sample-data", "inai-2017")):
        for rel in raw.compiled_or_releases(doc):
            values = [raw.amount(c.get("value")) for c in rel.get("contracts") or []]
            values = [v for v in values if v is not None and math.isfinite(v)]
            if values:
                expected[rel["ocid"]] = expected.get(rel["ocid"], 0.0) + sum(values)
    assert len(expected) > 50
    stored = dict(ocp.execute(
        "SELECT ocid, contract_value FROM processes WHERE ocid IN (SELECT unnest(?))", [list(expected)]).fetchall())
    assert sum(v or 0 for v in stored.values()) == pytest.approx(sum(expected.values()))


# ---- 2. a later partial release with "awards": [] ------------------------------------------------------

@pytest.fixture(scope="module")
def jalisco_releases():
    """[record's compiled release, planning release one second later], with the issue's facts checked."""
    folder = raw.data("mx-ocp-sample-data", "jalisco")
    (record,) = [r for _, doc in raw.documents(folder / "records") for r in doc.get("records", [])
                 if r.get("ocid") == JALISCO_OCID]
    compiled = record["compiledRelease"]
    later = [rel for _, doc in raw.documents(folder / "releases") for _, rel in raw.releases_in(doc)
             if rel.get("ocid") == JALISCO_OCID]
    assert len(later) == 1
    planning = later[0]
    assert planning["tag"] == ["planning"] and planning["awards"] == []
    assert compiled["date"] < planning["date"]  # 04:39:59Z then 04:40:00Z
    assert [raw.amount(a["value"]) for a in compiled["awards"]] == [34138.8]
    assert [raw.amount(c["value"]) for c in compiled["contracts"]] == [34138.8]
    return [compiled, planning]


def test_empty_array_in_a_later_release_does_not_erase_award_and_contract(ocp, jalisco_releases):
    import ocdsmerge

    schema = str(raw.data("ocds-schema-1.1.5", "release-schema.json"))
    merged = ocdsmerge.Merger(schema=schema).create_compiled_release(jalisco_releases)
    exp_awards = sorted((a["id"], raw.amount(a.get("value"))) for a in merged.get("awards", []))
    exp_contracts = sorted((c["id"], raw.amount(c.get("value"))) for c in merged.get("contracts", []))
    assert exp_awards and exp_contracts  # ocdsmerge: an empty array merges nothing
    awards = sorted(ocp.execute("SELECT award_id, value FROM awards WHERE ocid = ?", [JALISCO_OCID]).fetchall())
    contracts = sorted(ocp.execute("SELECT contract_id, value FROM contracts WHERE ocid = ?",
                                   [JALISCO_OCID]).fetchall())
    assert awards == exp_awards
    assert contracts == exp_contracts
    award_value, contract_value = ocp.execute(
        "SELECT award_value, contract_value FROM processes WHERE ocid = ?", [JALISCO_OCID]).fetchone()
    assert award_value == pytest.approx(sum(v for _, v in exp_awards))
    assert contract_value == pytest.approx(sum(v for _, v in exp_contracts))


def test_later_release_still_counts_in_the_process(ocp, jalisco_releases):
    """Passing guard: both documents are compiled into the one process (the erasure is the bug, not the merge)."""
    (count,) = ocp.execute("SELECT release_count FROM processes WHERE ocid = ?", [JALISCO_OCID]).fetchone()
    assert count == len(jalisco_releases)


# ---- 5. the same release published twice ---------------------------------------------------------------

def _published_twice(folder):
    """{(ocid, release id): [(file, where)]} for releases published identically in more than one file."""
    seen: dict = {}
    for path, doc in raw.documents(folder):
        for where, rel in raw.releases_in(doc):
            seen.setdefault((rel["ocid"], str(rel["id"])), []).append((path, where, rel))
    twice = {}
    for key, places in seen.items():
        if len({p for p, _, _ in places}) > 1:
            # "the same release": identical content once the package's own metadata is set aside
            bodies = [{k: v for k, v in rel.items() if k != "packageInfo"} for _, _, rel in places]
            if all(b == bodies[0] for b in bodies):
                twice[key] = [(p, w) for p, w, _ in places]
    return twice


@pytest.fixture(scope="module")
def cdmx_twice():
    twice = _published_twice(raw.data("mx-ocp-sample-data"))
    # CDMX publishes each release of 4 processes as its own file and again inside the process's record
    assert len(twice) >= 12, twice
    assert all(any("records" in str(p) for p, _ in places) and any("releases" in str(p) for p, _ in places)
               for places in twice.values())
    return twice


def test_release_published_alone_and_in_a_record_is_one_release_row(ocp, cdmx_twice):
    counts = {}
    for (ocid, rid) in cdmx_twice:
        (n,) = ocp.execute("SELECT count(*) FROM releases WHERE ocid = ? AND release_id = ? "
                           "AND NOT list_contains(tags, 'compiled')", [ocid, rid]).fetchone()
        counts[(ocid, rid)] = n
    assert counts == {key: 1 for key in cdmx_twice}


def test_release_in_a_release_package_and_a_record_package_is_one_release_row(tmp_path_factory):
    folder = raw.data("ocdskit-realdata")
    rel_pkg, rec_pkg = folder / "release-package_record-package.json", folder / "record-package-1.json"
    in_rel = {(r["ocid"], r["id"]) for _, r in raw.releases_in(raw.read_json(rel_pkg))}
    in_rec = {(r["ocid"], r["id"]) for _, r in raw.releases_in(raw.read_json(rec_pkg))}
    both = in_rel & in_rec
    assert both, "premise: the two packages share a release"
    assert "releases" in raw.read_json(rel_pkg) and "records" in raw.read_json(rec_pkg)
    con = raw.load_db(tmp_path_factory, "twice", [rel_pkg, rec_pkg], refresh=False)
    try:
        for ocid, rid in both:
            (n,) = con.execute("SELECT count(*) FROM releases WHERE ocid = ? AND release_id = ? "
                               "AND NOT list_contains(tags, 'compiled')", [ocid, rid]).fetchone()
            assert n == 1, (ocid, rid, n)
    finally:
        con.close()
