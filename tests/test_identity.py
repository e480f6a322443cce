"""Issue 11 §1, identity: superseded versions of a process are marked (not merged, not dropped), the newest
version of a project wins whatever the loading order, ids that differ only by whitespace are one id, and a
release published twice is stored once. Small synthetic inputs (no network), plus the Nuevo León drafts read
in place with plain json."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from core.contract import create_tables
from loaders.compile.link import link_projects, mark_superseded


def _load(tmp_path: Path, name: str, paths: list[Path]) -> duckdb.DuckDBPyConnection:
    from loaders.pipeline import load

    db = tmp_path / f"{name}.duckdb"
    load([str(p) for p in paths], db=str(db))
    return duckdb.connect(str(db), read_only=True)


def _write(path: Path, obj) -> Path:
    path.write_text(json.dumps(obj), encoding="utf-8")
    return path


# ---- superseded versions (unit) -------------------------------------------------------------------------

def _db(processes):
    con = duckdb.connect()
    create_tables(con)
    for ocid, tender_id, inner, date in processes:
        con.execute("INSERT INTO processes (ocid, tender_id, json, last_release_date, source_id) VALUES (?, ?, ?, ?, 's')",
                    [ocid, tender_id, json.dumps({"ocid": inner}), date])
    return con


def test_a_versioned_ocid_beside_the_current_record_is_superseded_and_links_go_to_the_current_one():
    con = _db([("ocds-7wj9x5-X-v0001", "X", "ocds-7wj9x5-X-v0001", "2019-11-11"),   # the 2019 draft
               ("ocds-7wj9x5-X001", "X", "ocds-7wj9x5-X-v001", "2020-04-09"),       # the current record
               ("ocds-7wj9x5-Y001", "X", "ocds-7wj9x5-Y-v001", "2018-01-01"),       # same tender id, other process
               ("ocds-abc123-1", "1", "ocds-abc123-1", "2020-01-01"),
               ("ocds-abc123-2", "1", "ocds-abc123-2", "2021-01-01")])             # tender ids repeat: not versions
    con.execute("INSERT INTO project_processes (project_id, process_ref) VALUES ('p', 'ocds-7wj9x5-X-v0001'), "
                "('q', 'Release-ocds-7wj9x5-X')")
    assert mark_superseded(con) == 1
    assert con.execute("SELECT ocid, superseded_by FROM processes WHERE superseded_by IS NOT NULL").fetchall() == [
        ("ocds-7wj9x5-X-v0001", "ocds-7wj9x5-X001")]
    assert con.execute("SELECT ocid, field, new_value, rule FROM corrections").fetchall() == [
        ("ocds-7wj9x5-X-v0001", "processes.superseded_by", "ocds-7wj9x5-X001", "superseded_draft")]
    link_projects(con)
    # even the reference naming the draft exactly links to the current version
    assert dict(con.execute("SELECT project_id, ocid FROM project_processes").fetchall()) == {
        "p": "ocds-7wj9x5-X001", "q": "ocds-7wj9x5-X001"}
    assert mark_superseded(con) == 1  # run again (every load does): same marks, one correction
    assert con.execute("SELECT count(*) FROM corrections").fetchone() == (1,)


def test_the_newest_version_is_current_even_when_it_is_the_versioned_ocid():
    con = _db([("ocds-7wj9x5-X-v0002", "X", "ocds-7wj9x5-X-v0002", "2021-01-01"),
               ("ocds-7wj9x5-X001", "X", "ocds-7wj9x5-X-v001", "2020-04-09")])
    mark_superseded(con)
    assert con.execute("SELECT ocid, superseded_by FROM processes WHERE superseded_by IS NOT NULL").fetchall() == [
        ("ocds-7wj9x5-X001", "ocds-7wj9x5-X-v0002")]


# ---- the Nuevo León drafts, end to end ------------------------------------------------------------------

def test_nl_drafts_are_marked_superseded_and_kept(tmp_path):
    """The raw facts (plain json): the 2019 draft of SINL-CPE-018-2017 has ocid ...-v0001 and a contract of
    368,076.24; the current record (2020) has ocid ...-2017001 and contracts of 20,459,221.17."""
    from tests.shared import shared_data

    nl = shared_data() / "mx-nl-infraestructura-abierta"
    draft = json.loads((nl / "early-drafts-2019-11" / "Release-ocds-7wj9x5-SINL-CPE-018-2017.json").read_text("utf-8"))
    draft = draft["releases"][0] if "releases" in draft else draft
    assert draft["ocid"] == "ocds-7wj9x5-SINL-CPE-018-2017-v0001"
    assert sum(c["value"]["amount"] for c in draft["contracts"]) == pytest.approx(368076.24)
    rec = json.loads((nl / "ocds-record-packages" / "RecordPackage-ocds-7wj9x5-SINL-CPE-018-2017-v001-contract.json")
                     .read_text("utf-8"))["records"][0]
    assert rec["ocid"] == "ocds-7wj9x5-SINL-CPE-018-2017001"
    current = sum(c["value"]["amount"] for c in rec["compiledRelease"]["contracts"])
    assert current == pytest.approx(20459221.17)

    con = _load(tmp_path, "nl", [nl / "early-drafts-2019-11", nl / "ocds-record-packages"])
    rows = dict(con.execute("SELECT ocid, superseded_by FROM processes WHERE tender_id = ?",
                            ["SINL-CPE-018-2017"]).fetchall())
    assert rows == {draft["ocid"]: rec["ocid"], rec["ocid"]: None}  # kept, marked
    (total,) = con.execute("SELECT sum(contract_value) FROM processes WHERE tender_id = ? AND superseded_by IS NULL",
                           ["SINL-CPE-018-2017"]).fetchone()
    assert total == pytest.approx(current)
    assert con.execute("SELECT rule, new_value FROM corrections WHERE ocid = ? AND field = 'processes.superseded_by'",
                       [draft["ocid"]]).fetchall() == [("superseded_draft", rec["ocid"])]
    con.close()


# ---- projects: the newest version wins whatever the order -----------------------------------------------

def _project(updated, budget):
    return {"version": "0.9", "uri": "x", "publishedDate": updated, "projects": [
        {"id": "oc4ids-abc123-1", "updated": updated, "title": f"Obra {budget}",
         "budget": {"amount": {"amount": budget, "currency": "MXN"}}}]}


@pytest.mark.parametrize("order", ["old_first", "new_first"])
def test_newest_project_version_wins_whatever_the_loading_order(tmp_path, order):
    old = _write(tmp_path / "old.json", _project("2019-01-01T00:00:00Z", 100))
    new = _write(tmp_path / "new.json", _project("2020-01-01T00:00:00Z", 200))
    paths = [old, new] if order == "old_first" else [new, old]
    from loaders.pipeline import load

    db = tmp_path / "p.duckdb"
    for p in paths:  # two loads, as the issue describes
        load([str(p)], db=str(db))
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT project_id, budget FROM projects").fetchall() == [("oc4ids-abc123-1", 200.0)]
    con.close()
    # and in one load with both inputs, and with both versions in one input
    both = _write(tmp_path / "both.json", {"version": "0.9", "uri": "x", "publishedDate": "2020-01-01T00:00:00Z",
                                            "projects": _project("2020-01-01T00:00:00Z", 200)["projects"]
                                            + _project("2019-01-01T00:00:00Z", 100)["projects"]})
    for name, inputs in (("one_load", paths), ("one_input", [both])):
        con = _load(tmp_path, name, inputs)
        assert con.execute("SELECT budget FROM projects").fetchall() == [(200.0,)], name
        con.close()


# ---- whitespace in ids ----------------------------------------------------------------------------------

def test_ids_differing_only_by_whitespace_are_one_id(tmp_path):
    a = _write(tmp_path / "a.json", {"uri": "x", "publishedDate": "2020-01-01T00:00:00Z", "releases": [
        {"ocid": "ocds-abc123- P1", "id": "r1", "date": "2020-01-01T00:00:00Z", "tag": ["tender"],
         "tender": {"id": "P1"}}]})
    b = _write(tmp_path / "b.json", {"uri": "x", "publishedDate": "2020-01-01T00:00:00Z", "releases": [
        {"ocid": "ocds-abc123-P1", "id": "r2", "date": "2020-02-01T00:00:00Z", "tag": ["award"],
         "awards": [{"id": "a1", "value": {"amount": 5, "currency": "MXN"}}]}]})
    p = _write(tmp_path / "p.json", {"version": "0.9", "uri": "x", "publishedDate": "2020-01-01T00:00:00Z",
                                      "projects": [{"id": "oc4ids-abc123- 1", "updated": "2020-01-01T00:00:00Z",
                                                    "contractingProcesses": [{"id": "ocds-abc123- P1"}]}]})
    for order in ([a, b, p], [p, b, a]):
        con = _load(tmp_path, "ws" + str(order[0].name), order)
        assert con.execute("SELECT ocid, release_count, award_value FROM processes").fetchall() == [
            ("ocds-abc123-P1", 2, 5.0)]
        assert con.execute("SELECT project_id, ocid FROM project_processes").fetchall() == [
            ("oc4ids-abc123-1", "ocds-abc123-P1")]
        assert sorted(con.execute("SELECT field, old_value, rule FROM corrections WHERE rule = 'id_whitespace'")
                      .fetchall()) == [("id", "oc4ids-abc123- 1", "id_whitespace"),
                                       ("ocid", "ocds-abc123- P1", "id_whitespace")]
        con.close()


# ---- a release published twice --------------------------------------------------------------------------

def test_a_release_alone_and_inside_a_record_is_stored_once_in_either_order(tmp_path):
    rel = {"ocid": "ocds-abc123-9", "id": "r1", "date": "2020-01-01T00:00:00Z", "tag": ["tender"],
           "tender": {"id": "T9", "items": [{"description": "sin id"}]}}
    alone = _write(tmp_path / "alone.json", {"uri": "x", "publishedDate": "2020-01-01T00:00:00Z", "releases": [rel]})
    rec = _write(tmp_path / "rec.json", {"uri": "y", "publishedDate": "2020-01-01T00:00:00Z", "records": [
        {"ocid": "ocds-abc123-9", "releases": [{**rel, "packageInfo": {"uri": "y"}}]}]})
    both = _write(tmp_path / "both.json", {"uri": "z", "publishedDate": "2020-01-01T00:00:00Z", "records": [
        {"ocid": "ocds-abc123-9", "releases": [rel, dict(reversed(list(rel.items())))]}]})
    for name, inputs in (("a", [alone, rec]), ("b", [rec, alone]), ("c", [both])):
        con = _load(tmp_path, name, inputs)
        assert con.execute("SELECT count(*) FROM releases").fetchone() == (1,), name
        # merged once: the object without id is not repeated
        assert con.execute("SELECT release_count, json_array_length(json, '$.tender.items') FROM processes"
                           ).fetchall() == [(1, 1)], name
        assert con.execute("SELECT rule FROM corrections WHERE rule = 'same_release_published_twice'"
                           ).fetchall() == [("same_release_published_twice",)], name
        con.close()
