"""The record of changes (obras.changes) written by obras.update around each load, and the Novedades page."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from demo.generate import generate
from obras import changes
from obras.update import refresh, update

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """A database loaded twice from one address: v2 drops one process, adds one and amends one contract."""
    folder = tmp_path_factory.mktemp("changes")
    by_ocid: dict[str, list[dict]] = {}
    for path in generate(folder / "demo", processes=6, seed=11):
        if path.suffix == ".json":
            for r in json.loads(path.read_text(encoding="utf-8"))["releases"]:
                by_ocid.setdefault(r["ocid"], []).append(r)
    ocids = sorted(by_ocid)
    amended = ocids[2]
    contract = next(c for r in by_ocid[amended] for c in r.get("contracts", []) if (c.get("value") or {}).get("amount"))
    new_amount = round(contract["value"]["amount"] * 2, 2)
    v2_extra = [{"ocid": amended, "id": f"{amended}.v9.amendment", "date": "2030-01-01T00:00:00Z", "tag": ["contractAmendment"],
                 "contracts": [{"id": contract["id"], "value": {**contract["value"], "amount": new_amount}}]}]
    target = folder / "published.json"
    db = folder / "c.duckdb"

    def publish(releases):
        target.write_text(json.dumps({"uri": "x", "version": "1.1", "publishedDate": "2024-01-01T00:00:00Z",
                                      "releases": releases}), encoding="utf-8")

    publish([r for o in ocids[:4] for r in by_ocid[o]])
    update([str(target)], db=db, refresh=False)
    publish([r for o in ocids[1:5] for r in by_ocid[o]] + v2_extra)
    update([str(target)], db=db, refresh=False)
    return dict(db=db, ocids=ocids, amended=amended, new_amount=new_amount)


def _rows(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return changes.read(con)
    finally:
        con.close()


def test_the_first_load_sets_the_baseline_and_the_second_records_what_changed(versions):
    rows = _rows(versions["db"])
    ocids = versions["ocids"]
    assert {r["subject_id"] for r in rows if r["kind"] == "added"} == {ocids[4]}
    assert {r["subject_id"] for r in rows if r["kind"] == "unpublished"} == {ocids[0]}
    [amount] = [r for r in rows if r["kind"] == "changed" and r["field"] == "contract_value"]
    assert amount["subject_id"] == versions["amended"] and float(amount["after"]) == pytest.approx(versions["new_amount"])
    assert float(amount["before"]) != float(amount["after"])
    # nothing else changed: the other processes' releases are the same
    assert {r["subject_id"] for r in rows if r["kind"] == "changed"} == {versions["amended"]}


def test_reloading_the_same_bytes_records_nothing(versions, tmp_path):
    db = tmp_path / "copy.duckdb"
    db.write_bytes(versions["db"].read_bytes())
    con = duckdb.connect(str(db), read_only=True)
    uri = con.execute("SELECT uri FROM sources ORDER BY loaded_at DESC LIMIT 1").fetchone()[0]
    con.close()
    before = len(_rows(db))
    update([uri], db=db, refresh=False)
    assert len(_rows(db)) == before


def test_a_refresh_after_loads_without_one_records_the_flags_raised(versions, tmp_path, monkeypatch):
    monkeypatch.setenv("OBRAS_STRICT_REFRESH", "1")
    db = tmp_path / "copy.duckdb"
    db.write_bytes(versions["db"].read_bytes())
    refresh(db)
    con = duckdb.connect(str(db), read_only=True)
    flagged = {(i, s, sid) for i, s, sid in con.execute(
        "SELECT DISTINCT indicator, subject_type, subject_id FROM flags WHERE flagged").fetchall()}
    con.close()
    raised = {(r["field"], r["subject_type"], r["subject_id"]) for r in _rows(db) if r["kind"] == "flag_raised"}
    assert raised == flagged  # no flags before the first refresh: every flag now is newly raised


def test_the_novedades_page_lists_the_changes_with_links_and_the_feed_address(versions, monkeypatch):
    monkeypatch.setenv("OBRAS_DB", str(versions["db"]))
    monkeypatch.setenv("OBRAS_FEED_URL", "https://feeds.example/feed")
    for lang, word in (("es", "Novedades"), ("en", "What changed")):
        at = AppTest.from_file(str(ROOT / "views" / "novedades.py"), default_timeout=120)
        at.session_state["lang"] = lang
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.title[0].value == word
        assert any("https://feeds.example/feed" in i.value for i in at.info)
        table = at.dataframe[0].value
        assert set(table["subject_id"]) == {versions["ocids"][0], versions["ocids"][4], versions["amended"]}
        assert all(str(p).startswith("proceso?ocid=") for p in table["profile"])
