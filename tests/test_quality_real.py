"""The quality tracker on real published data, checked against counts this test computes itself from
the files: Nuevo León's EDCAPI projects and EDCA-MX records, and INAI's and CDMX's releases."""
from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft4Validator, FormatChecker

from quality.compute import refresh
from quality.schemas import release_schema
from quality.score import WEIGHTS, combine
from tests.quality_fixtures import load_db, rows, use_schemas
from tests.shared import shared_data

NL = "nl-gobierno"
AS_OF = date(2024, 6, 30)


# ---- the test's own reading of the files ---------------------------------------------------------------
def ne(value) -> bool:
    """Published: not null, not blank, not an empty list or object."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, dict)):
        return bool(value)
    return True


def get(obj, *keys):
    for k in keys:
        obj = obj.get(k) if isinstance(obj, dict) else None
    return obj


def dicts(value) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def day(value) -> str | None:
    """The calendar day of a date string; a year before 1900 is a placeholder, not a date."""
    if not isinstance(value, str) or not re.match(r"\d{4}-\d\d-\d\d", value) or value[:4] < "1900":
        return None
    return value[:10]


def rfc3339_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    checker.checks("date-time")(lambda v: not isinstance(v, str) or re.fullmatch(
        r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)", v) is not None)
    return checker


def generalise(path) -> str:
    out = ""
    for p in path:
        out += "[]" if isinstance(p, int) else ("." if out else "") + str(p)
    return out or "(root)"


def grouped(validator, documents) -> Counter:
    """(kind, path) -> errors, computed with jsonschema directly."""
    counts: Counter = Counter()
    for doc in documents:
        for e in validator.iter_errors(doc):
            path = generalise(e.absolute_path)
            if e.validator == "required":
                missing = re.match(r"'(.+)' is a required property", e.message).group(1)
                path = missing if path == "(root)" else f"{path}.{missing}"
            counts[(e.validator, path)] += 1
    return counts


def stored_groups(con, implementer, standard) -> Counter:
    return Counter({(r["validator"], r["path"]): r["n"] for r in rows(
        con, "SELECT validator, path, sum(errors) AS n FROM quality_schema_errors WHERE implementer_id = ? "
             "AND standard = ? GROUP BY ALL", [implementer, standard])})


# ---- Nuevo León ---------------------------------------------------------------------------------------
def nl_files() -> tuple[list[dict], list[dict]]:
    base = shared_data() / "mx-nl-infraestructura-abierta"
    projects = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((base / "oc4ids-projects").glob("*.json"))]
    compiled = [json.loads(p.read_text(encoding="utf-8"))["records"][0]["compiledRelease"]
                for p in sorted((base / "ocds-record-packages").glob("*.json"))]
    return projects, compiled


@pytest.fixture(scope="module")
def nl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nl")
    mp = pytest.MonkeyPatch()
    use_schemas(mp, tmp)
    mp.setenv("OBRAS_VALIDATION_SAMPLE", "0")
    base = shared_data() / "mx-nl-infraestructura-abierta"
    con = load_db([base / "oc4ids-projects", base / "ocds-record-packages"], tmp / "nl.duckdb")
    refresh(con, as_of=AS_OF)
    yield con
    mp.undo()


def test_nuevo_leon_projects_as_published_group_into_the_58_errors_source_md_lists(monkeypatch, tmp_path):
    from quality.errors import ErrorGroups, make_validator
    from quality.schemas import project_schema

    use_schemas(monkeypatch, tmp_path)
    schema = project_schema().schema
    projects, _ = nl_files()
    direct = grouped(Draft4Validator(schema), projects)  # no format checks, as SOURCE.md counted
    assert sum(direct.values()) == 58
    plain = ErrorGroups()
    validator = Draft4Validator(schema)
    for p in projects:
        plain.add({"id": p["id"]}, list(validator.iter_errors(p)))
    assert Counter({(r["validator"], r["path"]): r["errors"] for r in plain.rows()}) == direct
    # with the date-time format checks the tracker uses, more errors (dates without a time zone)
    ours = ErrorGroups()
    with_formats = make_validator(schema)
    for p in projects:
        ours.add({"id": p["id"]}, list(with_formats.iter_errors(p)))
    expected = grouped(Draft4Validator(schema, format_checker=rfc3339_checker()), projects)
    assert Counter({(r["validator"], r["path"]): r["errors"] for r in ours.rows()}) == expected
    assert sum(expected.values()) > 58 and ours.items_valid == 0


def test_nuevo_leon_stored_projects_are_grouped_as_jsonschema_counts_them(nl, monkeypatch, tmp_path):
    from quality.schemas import project_schema

    use_schemas(monkeypatch, tmp_path)
    stored = [json.loads(r[0]) for r in nl.execute("SELECT json FROM projects").fetchall()]
    expected = grouped(Draft4Validator(project_schema().schema, format_checker=rfc3339_checker()), stored)
    assert stored_groups(nl, NL, "oc4ids") == expected
    summary = rows(nl, "SELECT sum(items) AS items, sum(items_validated) AS v, sum(items_valid) AS ok "
                       "FROM quality_validation WHERE standard = 'oc4ids'")[0]
    assert (summary["items"], summary["v"], summary["ok"]) == (10, 10, 0)


def test_nuevo_leon_errors_the_loader_corrected_are_explained_by_its_corrections(nl, monkeypatch, tmp_path):
    """The stored projects are normalised: every kind of error found in the files but no longer in the
    database sits at a path the corrections table records a fix for."""
    from quality.schemas import project_schema

    use_schemas(monkeypatch, tmp_path)
    projects, _ = nl_files()
    in_files = grouped(Draft4Validator(project_schema().schema, format_checker=rfc3339_checker()), projects)
    stored = stored_groups(nl, NL, "oc4ids")
    corrected = {re.sub(r"/\d+", "[]", f).replace("/", ".").replace(".[]", "[]") for (f,) in nl.execute(
        "SELECT DISTINCT field FROM corrections WHERE project_id IS NOT NULL").fetchall()}
    fewer = {key for key, n in in_files.items() if stored.get(key, 0) < n}
    assert fewer  # status "completed", empty completion texts...
    for _, path in fewer:
        assert any(c == path or c.startswith(path + ".") for c in corrected), path


def test_nuevo_leon_releases_are_validated_as_published(nl, monkeypatch, tmp_path):
    use_schemas(monkeypatch, tmp_path)
    stored = [json.loads(r[0]) for r in nl.execute("SELECT json FROM releases").fetchall()]
    expected = grouped(Draft4Validator(release_schema().schema, format_checker=rfc3339_checker()), stored)
    assert stored_groups(nl, NL, "ocds") == expected
    _, compiled = nl_files()
    assert len(stored) == len(compiled)  # the records hold linked releases only: the compiled ones are validated


# field id -> (stage anchor, field test) over a compiled release, written independently of quality/fields.csv
PROCESS_FIELDS = {
    "tender.tenderPeriod.startDate": (lambda r: ne(r.get("tender")),
                                      lambda r: ne(get(r, "tender", "tenderPeriod", "startDate"))),
    "tender.numberOfTenderers": (lambda r: ne(r.get("tender")), lambda r: ne(get(r, "tender", "numberOfTenderers"))),
    "tender.procurementMethodDetails": (lambda r: ne(r.get("tender")),
                                        lambda r: ne(get(r, "tender", "procurementMethodDetails"))),
    "awards.suppliers": (lambda r: ne(r.get("awards")),
                         lambda r: any(ne(s.get("id")) or ne(s.get("name"))
                                       for a in dicts(r.get("awards")) for s in dicts(a.get("suppliers")))),
    "contracts.dateSigned": (lambda r: ne(r.get("contracts")),
                             lambda r: any(ne(c.get("dateSigned")) for c in dicts(r.get("contracts")))),
    "contracts.period.startDate": (lambda r: ne(r.get("contracts")),
                                   lambda r: any(ne(get(c, "period", "startDate")) for c in dicts(r.get("contracts")))),
    "implementation.transactions": (
        lambda r: any(ne(c.get("implementation")) for c in dicts(r.get("contracts"))),
        lambda r: any(ne(get(c, "implementation", "transactions")) for c in dicts(r.get("contracts")))),
    "parties.identifier.id": (lambda r: ne(r.get("parties")),
                              lambda r: any(ne(get(p, "identifier", "id")) for p in dicts(r.get("parties")))),
    "planning.budget.projectID": (lambda r: ne(r.get("planning")),
                                  lambda r: ne(get(r, "planning", "budget", "projectID"))),
}
PROJECT_FIELDS = {
    "cost.name": lambda p: ne(p.get("title")),
    "cost.sector": lambda p: ne(p.get("sector")),
    "cost.approval_date": lambda p: ne(get(p, "budget", "approvalDate")),
    "cost.procuring_entity": lambda p: any("procuringEntity" in (q.get("roles") or []) and ne(q.get("name"))
                                           for q in dicts(p.get("parties"))),
    "cost.contract_firms": lambda p: any("supplier" in (q.get("roles") or []) and ne(q.get("name"))
                                         for q in dicts(p.get("parties"))),
    "cost.administrative_entity": lambda p: any("administrativeEntity" in (q.get("roles") or [])
                                                for q in dicts(p.get("parties"))),
}


def test_nuevo_leon_completeness_matches_counts_from_the_files(nl):
    projects, compiled = nl_files()
    stored = {r["field"]: r for r in rows(nl, "SELECT * FROM quality_fields WHERE implementer_id = ?", [NL])}
    for field, (anchor, test) in PROCESS_FIELDS.items():
        with_stage = [r for r in compiled if anchor(r)]
        assert (stored[field]["with_stage"], stored[field]["published"]) == (
            len(with_stage), sum(1 for r in with_stage if test(r))), field
    for field, test in PROJECT_FIELDS.items():  # identification/preparation/procurement: every project
        assert (stored[field]["with_stage"], stored[field]["published"]) == (
            len(projects), sum(1 for p in projects if test(p))), field
    completed = [p for p in projects if ne(p.get("completion")) or p.get("status") in ("completion", "completed")]
    assert stored["cost.completion_date"]["with_stage"] == len(completed)
    assert stored["cost.completion_date"]["published"] == sum(1 for p in completed
                                                              if ne(get(p, "completion", "endDate")))


def _independent_checks(compiled: list[dict]) -> dict[str, tuple[int, int]]:
    """(applicable, failing) of each process check, computed from the compiled releases."""
    out = Counter()

    def count(name, failing):
        out[(name, "applicable")] += 1
        out[(name, "failing")] += bool(failing)

    for r in compiled:
        tender = r.get("tender") if isinstance(r.get("tender"), dict) else {}
        awards, contracts = dicts(r.get("awards")), dicts(r.get("contracts"))
        award_days = [day(a.get("date")) for a in awards if day(a.get("date"))]
        end = day(get(tender, "tenderPeriod", "endDate"))
        if end and award_days:
            count("dates_tender_award", min(award_days) < end)
        for c in contracts:
            signed = day(c.get("dateSigned"))
            linked = [day(a.get("date")) for a in awards if a.get("id") == c.get("awardID") and day(a.get("date"))]
            award_day = min(linked) if linked else (min(award_days) if award_days else None)
            if signed and award_day:
                count("dates_award_signature", signed < award_day)
            payments = [day(t.get("date")) for t in dicts(get(c, "implementation", "transactions")) if day(t.get("date"))]
            if signed and payments:
                count("dates_signature_payment", min(payments) < signed)
            value = get(c, "value", "amount")
            paid = [get(t, "value", "amount") for t in dicts(get(c, "implementation", "transactions"))]
            paid = [p for p in paid if isinstance(p, (int, float))]
            if isinstance(value, (int, float)) and value > 0 and paid:
                count("payments_within_contract", round(sum(paid), 2) > round(value, 2))
            if c.get("awardID") is not None:
                count("award_refs", c["awardID"] not in [a.get("id") for a in awards])
        for a in awards:
            value = get(a, "value", "amount")
            total = sum(get(c, "value", "amount") for c in contracts if c.get("awardID") == a.get("id")
                        and isinstance(get(c, "value", "amount"), (int, float)))
            if isinstance(value, (int, float)) and value > 0 and total > 0:
                count("contract_award_value", not 0.5 <= total / value <= 1.5)
        n, listed = tender.get("numberOfTenderers"), tender.get("tenderers")
        if isinstance(n, (int, float)) and not isinstance(n, bool) and isinstance(listed, list):
            count("tenderers_count", n != len(listed))
        if tender.get("procurementMethod") == "direct":
            known = n if isinstance(n, (int, float)) else (len(listed) if isinstance(listed, list) else None)
            if known is not None:
                count("direct_single_tenderer", known > 1)
        refs = {get(r, "buyer", "id"), get(tender, "procuringEntity", "id")}
        refs |= {t.get("id") for t in dicts(tender.get("tenderers"))}
        refs |= {s.get("id") for a in awards for s in dicts(a.get("suppliers"))}
        refs |= {get(t, k, "id") for c in contracts for t in dicts(get(c, "implementation", "transactions"))
                 for k in ("payer", "payee")}
        refs = {str(x) for x in refs if x is not None}
        ids = [str(p.get("id")) for p in dicts(r.get("parties")) if p.get("id") is not None]
        if refs:
            count("party_refs", any(ids.count(x) != 1 for x in refs))
    names = {k for k, _ in out}
    return {k: (out[(k, "applicable")], out[(k, "failing")]) for k in names}


def test_nuevo_leon_coherence_matches_counts_from_the_files(nl):
    projects, compiled = nl_files()
    stored = {r["check_id"]: (r["applicable"], r["failing"]) for r in rows(
        nl, "SELECT check_id, applicable, failing FROM quality_checks WHERE implementer_id = ?", [NL])}
    expected = _independent_checks(compiled)
    for check, counts in expected.items():
        assert stored[check] == counts, check
    refs = sum(len(p.get("contractingProcesses") or []) for p in projects)
    assert stored["project_process_links"] == (refs, 0)  # every listed process is among the 24 records
    assert stored["direct_single_tenderer"] == expected.get("direct_single_tenderer", (0, 0))


def test_nuevo_leon_score_is_the_weighted_mean_of_its_components(nl):
    s = rows(nl, "SELECT * FROM quality_scores WHERE implementer_id = ?", [NL])[0]
    comps = {k: s[k] for k in WEIGHTS}
    assert s["score"] == combine(comps)[0]
    assert (s["processes"], s["projects"]) == (24, 10)


# ---- INAI and CDMX ------------------------------------------------------------------------------------
def _release_objects(folder: Path) -> list[dict]:
    """Every release and compiled release a folder of single releases / single records holds."""
    out = []
    for path in sorted(folder.rglob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if "compiledRelease" in doc:
            out += [r for r in doc.get("releases") or [] if set(r) - {"url", "date", "tag", "id"}]
            out.append(doc["compiledRelease"])
        else:
            out.append(doc)
    return out


@pytest.fixture(scope="module")
def mx(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("mx")
    mp = pytest.MonkeyPatch()
    use_schemas(mp, tmp)
    mp.setenv("OBRAS_VALIDATION_SAMPLE", "0")
    base = shared_data() / "mx-ocp-sample-data"
    con = load_db([base / "inai-2017", base / "cdmx"], tmp / "mx.duckdb")
    refresh(con, as_of=AS_OF)
    yield con
    mp.undo()


def test_inai_and_cdmx_get_different_scores_explained_by_their_components(mx, monkeypatch, tmp_path):
    use_schemas(monkeypatch, tmp_path)
    validator = Draft4Validator(release_schema().schema, format_checker=rfc3339_checker())
    base = shared_data() / "mx-ocp-sample-data"
    valid = {}
    for impl, folder in (("cdmx-inai", base / "inai-2017"), ("cdmx-gobierno", base / "cdmx")):
        docs = _release_objects(folder)
        values, invalid = _value_counts(validator, docs)
        valid[impl] = (values - invalid) / values
    scores = {r["implementer_id"]: r for r in rows(mx, "SELECT * FROM quality_scores")}
    assert set(scores) == {"cdmx-inai", "cdmx-gobierno"}
    for impl, share in valid.items():
        assert scores[impl]["validity"] == pytest.approx(share)  # INAI's 2017 releases fail the schema
    assert valid["cdmx-inai"] < 0.99 and valid["cdmx-gobierno"] == 1.0
    inai, cdmx = scores["cdmx-inai"], scores["cdmx-gobierno"]
    assert inai["score"] != cdmx["score"]
    for s in (inai, cdmx):
        assert s["score"] == combine({k: s[k] for k in WEIGHTS})[0]
    # the score gap, component by component (both use every component, so the weights are as set)
    assert inai["components_used"] == cdmx["components_used"] == list(WEIGHTS)
    gap = {k: 100 * WEIGHTS[k] * (cdmx[k] - inai[k]) for k in WEIGHTS}
    assert sum(gap.values()) == pytest.approx(cdmx["score"] - inai["score"], abs=0.1)
    assert gap["validity"] > 0 and gap["validity"] == pytest.approx(100 * WEIGHTS["validity"] *
                                                                                   (valid["cdmx-gobierno"] -
                                                                                    valid["cdmx-inai"]))


def test_inai_publishes_the_number_of_tenderers_far_less_often_than_cdmx(mx):
    base = shared_data() / "mx-ocp-sample-data"
    inai = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((base / "inai-2017").rglob("*.json"))]
    share = {r["implementer_id"]: r for r in rows(
        mx, "SELECT implementer_id, published, with_stage, share FROM quality_fields "
            "WHERE field = 'tender.numberOfTenderers'")}
    expected = sum(1 for r in inai if ne(get(r, "tender", "numberOfTenderers")))
    assert (share["cdmx-inai"]["published"], share["cdmx-inai"]["with_stage"]) == (expected, len(inai))
    assert share["cdmx-gobierno"]["share"] > share["cdmx-inai"]["share"]


def test_a_second_refresh_validates_nothing_again(mx):
    before = mx.execute("SELECT max(validated_at) FROM quality_validation WHERE standard = 'ocds'").fetchall()
    summary = refresh(mx, as_of=AS_OF)
    assert summary["parts"]["validation"] == "ok"
    detail = mx.execute("SELECT detail FROM quality_runs WHERE part = 'validation'").fetchall()[0][0]
    assert detail.startswith("validated 0 new releases")
    assert mx.execute("SELECT max(validated_at) FROM quality_validation WHERE standard = 'ocds'").fetchall() == before


def _leaves(value) -> int:
    """Values in a JSON document, counted recursively (this test's own count): leaves, an empty object or
    array counting as one."""
    if isinstance(value, dict) and value:
        return sum(_leaves(v) for v in value.values())
    if isinstance(value, list) and value:
        return sum(_leaves(v) for v in value)
    return 1


def _value_counts(validator, documents) -> tuple[int, int]:
    """(values, values with an error) over documents: each erroneous value once, each missing required
    property once and counted as a value it should have had."""
    values = invalid = 0
    for doc in documents:
        places, missing = set(), set()
        for e in validator.iter_errors(doc):
            place = tuple(e.absolute_path)
            if e.validator == "required":
                place += (e.message.split("'")[1],)
                missing.add(place)
            places.add(place)
        values += _leaves(doc) + len(missing)
        invalid += len(places)
    return values, invalid


def test_nuevo_leon_validity_is_the_share_of_its_published_values_the_schema_accepts(nl, monkeypatch, tmp_path):
    """Every Nuevo León release and project fails validation as an item (a date without a time zone in
    each), but validity counts values: computed here with jsonschema directly over the stored documents."""
    from quality.schemas import project_schema

    use_schemas(monkeypatch, tmp_path)
    checker = rfc3339_checker()
    releases = [json.loads(r[0]) for r in nl.execute("SELECT json FROM releases").fetchall()]
    projects = [json.loads(r[0]) for r in nl.execute("SELECT json FROM projects").fetchall()]
    v1, i1 = _value_counts(Draft4Validator(release_schema().schema, format_checker=checker), releases)
    v2, i2 = _value_counts(Draft4Validator(project_schema().schema, format_checker=checker), projects)
    stored = rows(nl, "SELECT standard, sum(values_checked) AS v, sum(values_invalid) AS i, "
                      "sum(items_valid) AS ok FROM quality_validation WHERE implementer_id = ? GROUP BY ALL "
                      "ORDER BY standard", [NL])
    assert [(s["standard"], s["v"], s["i"], s["ok"]) for s in stored] == [("oc4ids", v2, i2, 0), ("ocds", v1, i1, 0)]
    (validity,) = nl.execute("SELECT validity FROM quality_scores WHERE implementer_id = ?", [NL]).fetchone()
    assert validity == pytest.approx((v1 + v2 - i1 - i2) / (v1 + v2))
    assert validity > 0.95  # nearly all of what Nuevo León publishes is valid
