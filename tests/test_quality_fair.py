"""A ranking a guarantor body can defend, on real published files (Nuevo León, CDMX, INAI, Jalisco,
federal SHCP and the unassigned ones): validity on by default (the official schemas, here served from
127.0.0.1, fetched once and cached; offline with no cache: unavailable for everyone), committed stages
never published score zero, boilerplate counts as not published, timeliness measured at the load date,
only implementers ranked, and the exports work for every implementer and for unassigned data."""
from __future__ import annotations

import io
import json
import threading
from collections import Counter
from functools import partial
from http.server import HTTPServer, SimpleHTTPRequestHandler

import pandas as pd
import pytest

from quality.compute import refresh
from quality.export import csv_bytes, long_report, report_frames
from quality.schemas import release_schema
from tests.quality_fixtures import OFFLINE, load_db, rows
from tests.shared import shared_data

INAI = ("requestForQuotes", "clarificationMeetings", "paymentMethod", "taxes", "publicNotices",
        "implementationStatus", "awardRationale", "nameBreakdown", "surveillanceMechanisms",
        "extendedProcurementCategory", "contactPointType", "budgetLines", "guarantees",
        "location")  # location: not in the store, so the server answers 404 (declared, no schema)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D401 - no request lines in the test output
        pass


@pytest.fixture(scope="module")
def official(tmp_path_factory):
    """The shared data folder served on 127.0.0.1 (read in place), standing in for the official URLs."""
    server = HTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(shared_data())))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    yield base, server
    server.shutdown()


def point_at(mp, base: str, cache) -> None:
    """Nothing configured but the official locations (here on 127.0.0.1) and the cache folder."""
    for name in ("OBRAS_OCDS_SCHEMA", "OBRAS_OC4IDS_SCHEMA", "OBRAS_OCDS_EXTENSIONS"):
        mp.delenv(name, raising=False)
    mp.setenv("OBRAS_OCDS_SCHEMA_URL", f"{base}/ocds-schema-1.1.5/release-schema.json")
    mp.setenv("OBRAS_OC4IDS_SCHEMA_URL", f"{base}/oc4ids-schema/0.9.4/project-schema.json")
    mp.setenv("OBRAS_OCDS_EXTENSION_URLS", " ".join(
        f"{base}/ocds-extensions/inai-edca-mx/ocds_{n}_extension/extension.json" for n in INAI))
    mp.setenv("OBRAS_CACHE_DIR", str(cache))


def test_the_patched_release_schema_is_fetched_once_then_read_from_the_cache(official, monkeypatch, tmp_path):
    base, _ = official
    point_at(monkeypatch, base, tmp_path / "cache")
    schema = release_schema()
    assert schema is not None and schema.origin.startswith(base)
    assert "rationale" in schema.schema["definitions"]["Award"]["properties"]  # awardRationale, fetched
    assert "guarantees" in schema.schema["definitions"]["Contract"]["properties"]
    assert "ocds_location_extension" in schema.without_schema  # 404: declared, no release schema
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1 + len(INAI)
    # the server gone (offline): the same schema from the cache
    monkeypatch.setenv("OBRAS_OCDS_SCHEMA_URL", OFFLINE + "x/release-schema.json")
    assert release_schema() is None  # a URL never fetched: unavailable
    point_at(monkeypatch, OFFLINE.rstrip("/"), tmp_path / "cache")
    assert release_schema() is None
    point_at(monkeypatch, base, tmp_path / "cache")
    official[1].shutdown()
    try:
        again = release_schema()
    finally:
        thread = threading.Thread(target=official[1].serve_forever, daemon=True)
        thread.start()
    assert again is not None and again.fingerprint == schema.fingerprint


MX = ("apf-shcp", "cdmx", "inai-2017", "jalisco")


@pytest.fixture(scope="module")
def real(tmp_path_factory, official):
    """Several publishers loaded with the real loader; quality computed with no schema setting but the
    official locations (served locally)."""
    tmp = tmp_path_factory.mktemp("fair")
    mp = pytest.MonkeyPatch()
    point_at(mp, official[0], tmp / "cache")
    mp.setenv("OBRAS_VALIDATION_SAMPLE", "50")
    data = shared_data()
    nl = data / "mx-nl-infraestructura-abierta"
    con = load_db([data / "mx-ocp-sample-data" / m for m in MX] + [nl / "ocds-record-packages", nl / "oc4ids-projects"],
                  tmp / "fair.duckdb")
    refresh(con)
    yield con
    mp.undo()


def test_validity_is_on_by_default_for_every_ranked_implementer(real):
    scores = rows(real, "SELECT * FROM quality_scores")
    assert {s["validation"] for s in scores} == {"run"}
    assert all(s["validity"] is not None for s in scores if s["implementer_id"] and (s["processes"] or s["projects"]))
    assert all("validity" in s["components_used"] for s in scores if s["implementer_id"])


def test_only_implementers_are_ranked_and_unassigned_data_is_its_own_line(real):
    scores = rows(real, "SELECT q.implementer_id, q.rank, q.score, i.in_pilot FROM quality_scores q "
                        "LEFT JOIN implementers i USING (implementer_id)")
    # the federal publishers (apf-shcp) are their own lines outside the pilot, like unassigned data: never ranked
    outside = [s for s in scores if s["implementer_id"] is None or s["in_pilot"] is False]
    assert len([s for s in outside if s["implementer_id"]]) >= 3
    assert all(s["rank"] is None for s in outside)
    ranked = sorted((s for s in scores if s not in outside), key=lambda s: -s["score"])
    assert ranked[0]["rank"] == 1
    assert [s["rank"] for s in ranked] == sorted(s["rank"] for s in ranked)


def test_nuevo_leon_which_publishes_its_projects_ranks_above_cdmx_which_publishes_none(real):
    s = {r["implementer_id"]: r for r in rows(real, "SELECT * FROM quality_scores")}
    nl, cdmx = s["nl-gobierno"], s["cdmx-gobierno"]
    assert cdmx["projects"] == 0 and nl["projects"] > 0
    assert nl["completeness"] > cdmx["completeness"]
    # Nuevo León's compiled releases each carry one date without a time zone
    # (awards[].contractPeriod.maxExtentDate): every one of them fails validation as an item, yet nearly
    # every value it publishes is valid. Validity counts values, so that one repeated defect no longer
    # outweighs publishing projects, and Nuevo León ranks above CDMX with validity on.
    assert nl["rank"] < cdmx["rank"] and nl["score"] > cdmx["score"]
    assert "validity" in nl["components_used"] and "validity" in cdmx["components_used"]
    assert 0.95 < nl["validity"] < cdmx["validity"] == 1.0
    items = rows(real, "SELECT sum(items_validated) AS n, sum(items_valid) AS ok FROM quality_validation "
                       "WHERE implementer_id = 'nl-gobierno' AND item_kind = 'compiled_release'")[0]
    assert items["n"] > 0 and items["ok"] == 0
    errors = rows(real, "SELECT path FROM quality_schema_errors WHERE implementer_id = 'nl-gobierno' "
                        "AND standard = 'ocds' AND validator = 'format'")
    assert "awards[].contractPeriod.maxExtentDate" in {e["path"] for e in errors}
    # the project stages CDMX committed to (the default commitment) and never published count as 0
    stages = {r["stage"]: r for r in rows(
        real, "SELECT * FROM quality_stages WHERE implementer_id = 'cdmx-gobierno' AND subject = 'project'")}
    assert all(r["committed"] and r["with_stage"] == 0 and r["scored"] == 0.0 for r in stages.values())
    scored = [r["scored"] for r in rows(real, "SELECT scored FROM quality_stages WHERE implementer_id = "
                                              "'cdmx-gobierno' AND scored IS NOT NULL")]
    assert s["cdmx-gobierno"]["completeness"] == pytest.approx(sum(scored) / len(scored))


def _nl_compiled() -> list[dict]:
    """Nuevo León's compiled releases, as published in its record packages, one per ocid."""
    base = shared_data() / "mx-nl-infraestructura-abierta"
    out = {}
    for folder in ("ocds-record-packages",):
        for p in sorted((base / folder).glob("*.json")):
            for record in json.loads(p.read_text(encoding="utf-8")).get("records") or []:
                if isinstance(record.get("compiledRelease"), dict) and record["ocid"].startswith("ocds-7wj9x5-"):
                    out[record["ocid"]] = record["compiledRelease"]
    return list(out.values())


def test_nuevo_leons_template_rationale_and_nd_categories_count_as_not_published(real):
    compiled = _nl_compiled()
    rationales = Counter(r.get("tender", {}).get("procurementMethodRationale") for r in compiled
                         if (r.get("tender") or {}).get("procurementMethodRationale"))
    (text, n), = rationales.most_common(1)
    assert text == "Justificación para el método de compra elegido" and n / sum(rationales.values()) >= 0.9
    categories = Counter(json.dumps(r.get("tender", {}).get("additionalProcurementCategories")) for r in compiled
                         if (r.get("tender") or {}).get("additionalProcurementCategories"))
    assert set(categories) == {'["ND"]'}
    fields = {r["field"]: r for r in rows(real, "SELECT * FROM quality_fields WHERE implementer_id = 'nl-gobierno'")}
    assert (fields["tender.procurementMethodRationale"]["published"],
            fields["tender.procurementMethodRationale"]["discounted"]) == (sum(rationales.values()) - n, n)
    assert (fields["tender.additionalProcurementCategories"]["published"],
            fields["tender.additionalProcurementCategories"]["discounted"]) == (0, sum(categories.values()))
    found = {(r["field"], r["rule"]): r for r in rows(
        real, "SELECT * FROM quality_boilerplate WHERE implementer_id = 'nl-gobierno'")}
    assert found[("tender.procurementMethodRationale", "repeated")]["value"] == text
    assert found[("tender.additionalProcurementCategories", "placeholder")]["subjects"] == sum(categories.values())
    # a text that varies is not touched: NL's planning rationales
    assert ("planning.rationale", "repeated") not in found


def test_timeliness_is_measured_at_the_load_date_so_tomorrow_gives_the_same_score(real):
    before = rows(real, "SELECT implementer_id, score, timeliness, as_of, load_date FROM quality_scores")
    assert all(r["as_of"] == r["load_date"] for r in before)
    from datetime import timedelta

    import quality.compute as qc

    real_now = qc._now
    qc._now = lambda: real_now() + timedelta(days=400)  # a refresh a year later, same data
    try:
        refresh(real)
    finally:
        qc._now = real_now
    after = rows(real, "SELECT implementer_id, score, timeliness, as_of, load_date FROM quality_scores")
    key = lambda r: str(r["implementer_id"])  # noqa: E731
    assert sorted(before, key=key) == sorted(after, key=key)


def test_the_export_for_every_implementer_and_for_unassigned_data_works_on_real_files(real):
    every = long_report(report_frames(real))
    assert set(every["implementer_id"].dropna()) >= {"nl-gobierno", "cdmx-gobierno", "cdmx-inai", "jal-gobierno"}
    # a publisher outside the pilot (the federal files) exports like any implementer, unranked
    (outside,) = real.execute("SELECT min(implementer_id) FROM implementers WHERE in_pilot IS FALSE").fetchone()
    assert outside and outside.startswith("ext-")
    frames = report_frames(real, [outside])
    assert len(frames["scores"]) == 1 and len(frames["stages"]) > 0
    table = pd.read_csv(io.BytesIO(csv_bytes(long_report(frames))), encoding="utf-8-sig")
    assert len(table) > 10 and (table["implementer_id"] == outside).all()


def test_offline_with_no_cache_validity_is_unavailable_for_everyone_and_the_exports_say_so(monkeypatch, tmp_path):
    point_at(monkeypatch, OFFLINE.rstrip("/"), tmp_path / "empty-cache")
    data = shared_data()
    con = load_db([data / "mx-ocp-sample-data" / "cdmx", data / "mx-ocp-sample-data" / "jalisco"],
                  tmp_path / "off.duckdb")
    refresh(con)
    scores = rows(con, "SELECT * FROM quality_scores")
    assert {s["validation"] for s in scores} == {"unavailable"}
    assert all(s["validity"] is None and "validity" not in s["components_used"] for s in scores)
    assert rows(con, "SELECT status FROM quality_runs WHERE part = 'validation'")[0]["status"] == "unavailable"
    table = long_report(report_frames(con))
    status = table[(table["section"] == "score") & (table["metric"] == "validation")]
    assert set(status["value"]) == {"unavailable"} and status["detail"].str.contains("offline, no cache").all()
