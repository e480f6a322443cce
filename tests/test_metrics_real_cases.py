"""Each indicator's real case (metrics.real_cases), checked twice: by hand from the raw published file with
plain json and this test's own arithmetic, then through the project's loader and refresh (the flags table)."""
from __future__ import annotations

import json
import math
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import pytest

from metrics import catalogue
from metrics.base import SUBJECT_TYPES
from metrics.real_cases import CASES, OUTCOMES, RealCase, render
from tests.shared import shared_data

pytestmark = pytest.mark.shared

CARDINAL = {i.meta.code for i in catalogue.all_indicators() if not i.reports_all_subjects}


# ---- raw reading, independent of the loader ----

@lru_cache(maxsize=None)
def _raw(rel: str) -> Any:
    path = shared_data() / rel
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return json.loads(text)


def _at(doc: Any, pointer: str) -> Any:
    for part in pointer.strip("/").split("/") if pointer.strip("/") else []:
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


def _folder(rel: str) -> list[dict]:
    """Every document of a folder (a bare release or a record package), by file name."""
    return [_raw(str(p.relative_to(shared_data()))) for p in sorted((shared_data() / rel).glob("*.json"))]


def _release(doc: dict) -> dict:
    """A bare release, or a record package's compiled release."""
    return doc["records"][0]["compiledRelease"] if "records" in doc else doc


def _date(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)  # a date without offset: UTC


def _days(start: str, end: str) -> int:
    """Whole days (fractions do not count)."""
    return math.trunc((_date(end) - _date(start)).total_seconds() / 86400)


def _type8(values: list[float], p: float) -> float:
    """Hyndman and Fan type 8 quantile, written out (not numpy's)."""
    xs = sorted(values)
    n = len(xs)
    h = (n + 1 / 3) * p + 1 / 3
    lo = min(max(math.floor(h), 1), n)
    hi = min(lo + 1, n)
    return xs[lo - 1] + (h - lo) * (xs[hi - 1] - xs[lo - 1]) if h < n else xs[-1]


def _val(case: RealCase, i: int) -> Any:
    return case.reads[i][2]


def _ratio_outcome(value: float, flagged: bool) -> tuple[float, str]:
    return value, "flagged" if flagged else "not_flagged"


def _hand_c2(case: RealCase) -> tuple[float | None, str]:
    counts: dict[str, int] = {}
    for doc in _folder(case.dataset):
        rel = _release(doc)
        if (rel.get("tender") or {}).get("status") == "cancelled" or not (rel.get("tender") or {}).get("procurementMethod"):
            continue
        counts[rel["buyer"]["id"]] = counts.get(rel["buyer"]["id"], 0) + 1
    enough = [b for b, n in counts.items() if n >= 10]
    assert case.subject in enough
    return None, "not_computable" if len(enough) < 5 else "computable"


def _hand_c3(case: RealCase) -> tuple[float | None, str]:
    amounts: dict[str, float] = {}
    n = 0
    for doc in _folder(case.dataset):
        rel = _release(doc)
        if rel["buyer"]["id"] != case.subject or (rel.get("tender") or {}).get("status") == "cancelled":
            continue
        n += 1
        for award in rel.get("awards") or []:
            amount = (award.get("value") or {}).get("amount")
            suppliers = [s["id"] for s in award.get("suppliers") or [] if s.get("id")]
            if not amount or amount <= 0 or not suppliers or (award.get("value") or {}).get("currency") not in (None, "MXN"):
                continue
            if award.get("status") in ("pending", "cancelled", "unsuccessful"):
                continue
            for s in suppliers:
                amounts[s] = amounts.get(s, 0.0) + amount / len(suppliers)
    assert n >= 10
    total = sum(amounts.values())
    shares = [a / total for a in amounts.values()]
    hhi = sum(s * s for s in shares) * 10000
    return _ratio_outcome(hhi, max(shares) >= 0.3 or hhi >= 2500)


def _hand_c4(case: RealCase) -> tuple[float | None, str]:
    me = _raw(case.reads[0][0])
    buyer, supplier = me["buyer"]["id"], me["awards"][0]["suppliers"][0]["id"]
    mine = _date(me["awards"][0]["date"])
    dates = []
    for doc in _folder(_INAI_FOLDER):
        rel = _release(doc)
        if rel["buyer"]["id"] != buyer or rel["tender"].get("procurementMethod") != "direct":
            continue
        for award in rel.get("awards") or []:
            if supplier in [s.get("id") for s in award.get("suppliers") or []] and award.get("date"):
                dates.append(_date(award["date"]))
    within = [d for d in dates if abs((d - mine).days) <= 365]
    assert (max(within) - min(within)).days <= 365
    return _ratio_outcome(float(len(within)), len(within) >= 3)


def _hand_d2(case: RealCase) -> tuple[float | None, str]:
    days = {}
    for doc in _folder(case.dataset):
        rel = _release(doc)
        if (rel.get("tender") or {}).get("procurementMethod") != "open":
            continue
        first_award = min((a["date"] for a in rel["awards"]), key=_date)
        days[doc["records"][0]["ocid"]] = _days(rel["tender"]["tenderPeriod"]["endDate"], first_award)
    values = [v for v in days.values() if v >= 0]
    assert len(values) >= 10  # minimum_peers
    q1, q3 = _type8(values, 0.25), _type8(values, 0.75)
    fence = q3 + 1.5 * (q3 - q1)
    assert round(fence, 4) == case.threshold
    return _ratio_outcome(float(days[case.subject]), days[case.subject] >= fence)


def _hand_d6(case: RealCase) -> tuple[float | None, str]:
    rel = _release(_raw(case.dataset))
    milestones = list(rel["tender"].get("milestones") or [])
    for contract in rel.get("contracts") or []:
        milestones += contract.get("milestones") or []
    data_date = _date(rel["date"])
    late = sum(1 for m in milestones if m.get("dateMet") and _date(m["dateMet"]).date() > _date(m["dueDate"]).date())
    unmet = sum(1 for m in milestones if not m.get("dateMet") and m.get("status") != "met"
                and _date(m["dueDate"]) < data_date)
    assert len(milestones) == 8
    return _ratio_outcome(float(late + unmet), late + unmet > 0)


def _hand_d7(case: RealCase) -> tuple[float | None, str]:
    rel = _raw(case.dataset)
    data_date = max((_release(doc)["date"] for doc in _folder(_INAI_FOLDER)), key=_date)
    assert rel["awards"]  # an award: never stalled
    return float(_days(rel["tender"]["tenderPeriod"]["endDate"], data_date)), "not_flagged"


def _bids(case: RealCase) -> list[dict]:
    return _at(_raw(case.dataset), "/releases/92/bids/details")


def _hand_no_valid_bids(case: RealCase) -> tuple[float | None, str]:
    doc = _raw(case.dataset)
    statuses = {b.get("status") for r in doc["releases"] for b in (r.get("bids") or {}).get("details") or []}
    assert statuses and not statuses & {"valid", "disqualified"}, statuses
    return None, "not_computable"


def _hand_r028(case: RealCase) -> tuple[float | None, str]:
    by_amount: dict[float, set] = {}
    for bid in _bids(case):
        by_amount.setdefault(bid["value"]["amount"], set()).add(tuple(t["id"] for t in bid["tenderers"]))
    return None, "flagged" if any(len(ts) > 1 for ts in by_amount.values()) else "not_flagged"


def _hand_r030(case: RealCase) -> tuple[float | None, str]:
    rel = _raw(case.dataset)[0]
    winners = {s["id"] for a in rel["awards"] if a["status"] == "active" for s in a["suppliers"]}
    late = [b for b in rel["bids"]["details"] if b["status"] == "valid" and b["date"] > rel["tender"]["tenderPeriod"]["endDate"]
            and {t["id"] for t in b["tenderers"]} & winners]
    return (1.0, "flagged") if late else (None, "not_flagged")


def _hand_r035(case: RealCase) -> tuple[float | None, str]:
    rel = _raw(case.dataset)[0]
    valid = {t["id"] for b in rel["bids"]["details"] if b["status"] == "valid" for t in b["tenderers"]}
    disq = {t["id"] for b in rel["bids"]["details"] if b["status"] == "disqualified" for t in b["tenderers"]} - valid
    winners = {s["id"] for a in rel["awards"] if a["status"] == "active" for s in a["suppliers"]}
    ok = len(valid) == 1 and winners == valid and len(disq) >= case.threshold
    return (float(len(disq)), "flagged") if ok else (None, "not_flagged")


def _hand_r036(case: RealCase) -> tuple[float | None, str]:
    rel = _raw(case.dataset)[0]
    submitted = [b for b in rel["bids"]["details"] if b["status"] not in ("invited", "withdrawn")]
    lowest = min(submitted, key=lambda b: b["value"]["amount"])  # min keeps the first on a tie
    ok = (any(a["status"] == "active" for a in rel["awards"]) and lowest["status"] == "disqualified"
          and any(b["status"] == "valid" and b.get("value") for b in submitted))
    return (1.0, "flagged") if ok else (None, "not_flagged")


def _hand_r048(case: RealCase) -> tuple[float | None, str]:
    n = sum(1 for doc in _folder(_INAI_FOLDER) for a in [_release(doc).get("awards") or []]
            if any(case.subject in [s.get("id") for s in aw.get("suppliers") or []] for aw in a))
    assert n == len(case.reads)  # every process that awards the supplier is listed in the case
    return None, "not_computable" if n < case.threshold else "computable"


_INAI_FOLDER = "mx-ocp-sample-data/inai-2017/releases"

HAND = {
    "OA-P1": lambda c: (_ratio_outcome(0.0, False) if len(_raw(c.dataset)["contracts"]) == 1
                        and "amendments" not in _raw(c.dataset)["contracts"][0] else (None, "?")),
    "OA-P2": lambda c: _ratio_outcome((_val(c, 1) - _val(c, 0)) / _val(c, 0), (_val(c, 1) - _val(c, 0)) / _val(c, 0) > c.threshold),
    "OA-P3": lambda c: _ratio_outcome(_val(c, 3) / _val(c, 1), _val(c, 3) / _val(c, 1) >= c.threshold),
    "OA-P4": lambda c: _ratio_outcome(_val(c, 3) / _val(c, 1), _val(c, 3) / _val(c, 1) <= c.threshold),
    "OA-P5": lambda c: _ratio_outcome(_val(c, 3) / _val(c, 1), not 0.5 <= _val(c, 3) / _val(c, 1) <= 1.5),
    "OA-C1": lambda c: _ratio_outcome(float(len(_raw(c.dataset)["tender"]["tenderers"])),
                                      len(_raw(c.dataset)["tender"]["tenderers"]) < c.threshold),
    "OA-C2": _hand_c2,
    "OA-C3": _hand_c3,
    "OA-C4": _hand_c4,
    "OA-D1": lambda c: _ratio_outcome(float(_days(_val(c, 1), _val(c, 2))), _days(_val(c, 1), _val(c, 2)) < c.threshold),
    "OA-D2": _hand_d2,
    "OA-D3": lambda c: _ratio_outcome(float(_days(_val(c, 1), _val(c, 3))), _days(_val(c, 1), _val(c, 3)) > c.threshold),
    "OA-D4": lambda c: _ratio_outcome(0.0 / _days(_val(c, 0), _val(c, 1)), False)
    if "amendments" not in _raw(c.dataset)["contracts"][0] else (None, "?"),
    "OA-D5": lambda c: _ratio_outcome(_days(_val(c, 1), _val(c, 2)) / _days(_val(c, 0), _val(c, 1)),
                                      _days(_val(c, 1), _val(c, 2)) / _days(_val(c, 0), _val(c, 1)) > c.threshold)
    if _date(_val(c, 2)) < _date(_val(c, 3)) else (None, "suspect"),
    "OA-D6": _hand_d6,
    "OA-D7": _hand_d7,
    "R003": lambda c: _ratio_outcome(float(_days(_val(c, 0), _val(c, 1))), _days(_val(c, 0), _val(c, 1)) < c.threshold),
    "R018": lambda c: _ratio_outcome(1.0, _val(c, 2) == 1 and _val(c, 0) in ("open", "selective")),
    "R024": _hand_no_valid_bids,
    "R025": _hand_no_valid_bids,
    "R028": _hand_r028,
    "R030": _hand_r030,
    "R035": _hand_r035,
    "R036": _hand_r036,
    "R038": _hand_no_valid_bids,
    "R048": _hand_r048,
    "R058": _hand_no_valid_bids,
}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


# ---- the loader's result, one database per loaded set, shared by the cases that use it ----

@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    from obras.update import update

    cache: dict[tuple[str, ...], duckdb.DuckDBPyConnection] = {}

    def get(load: tuple[str, ...]) -> duckdb.DuckDBPyConnection:
        if load not in cache:
            db = tmp_path_factory.mktemp("real_cases") / "cases.duckdb"
            update([str(shared_data() / p) for p in load], db=str(db), refresh=True)
            cache[load] = duckdb.connect(str(db), read_only=True)
        return cache[load]

    yield get
    for con in cache.values():
        con.close()


CODES = sorted(CASES)


def test_every_indicator_in_the_catalogue_has_a_real_case():
    assert set(catalogue.codes()) - set(CASES) == set()
    assert set(CASES) - set(catalogue.codes()) == set()


@pytest.mark.parametrize("code", CODES)
def test_case_is_well_formed_and_rendered_in_both_languages(code):
    case = CASES[code]
    assert case.outcome in OUTCOMES
    assert (case.value is None) == (case.outcome == "not_computable") or code in CARDINAL
    assert case.reads and case.computation_es and case.computation_en
    for lang, title in (("es", "Caso"), ("en", "case")):
        lines = render(code, lang)
        assert title in lines[0]
        assert len([line for line in lines if line.startswith("| ")]) == len(case.reads) + 1


def test_render_shows_text_from_data_as_text():
    text = "\n".join(render("OA-P1", "en"))
    assert "| `PC-0053-PC-0053.json` | `/contracts/0/id` | OA\\/P016\\/17 |" in text  # a value from data is escaped
    assert "| `PC-0053-PC-0053.json` | `/contracts/0/value/amount` | 199,854.08 |" in text
    assert render("NOT-A-CODE", "es") == []


@pytest.mark.parametrize("code", CODES)
def test_raw_fields_hold_the_values_and_the_hand_computation_gives_the_outcome(code):
    case = CASES[code]
    for path, pointer, value in case.reads:
        assert _at(_raw(path), pointer) == value, (path, pointer)
    value, outcome = HAND[code](case)
    assert outcome == case.outcome
    assert _rounded(value) == case.value


@pytest.mark.parametrize("code", CODES)
def test_flags_table_gives_the_case_outcome_and_value(code, loaded):
    case = CASES[code]
    con = loaded(case.load)
    level = catalogue.get(code).meta.level
    rows = con.execute("SELECT value, flagged, computable, detail FROM flags WHERE indicator = ? AND subject_type = ? "
                       "AND subject_id = ?", [code, SUBJECT_TYPES[level], case.subject]).fetchall()
    if code in CARDINAL:  # Cardinal lists flagged subjects only
        if case.outcome != "flagged":
            assert rows == []
            return
        assert len(rows) == 1
        value, flagged, computable, detail = rows[0]
        if code == "R003":  # Cardinal's value is 1; the days are in the detail
            value = json.loads(detail)["days"]
        assert flagged is True and computable is True
        assert _rounded(value) == case.value
        return
    assert len(rows) == 1, rows
    value, flagged, computable, detail = rows[0]
    expected = {"flagged": (True, True), "not_flagged": (False, True), "not_computable": (None, False)}[case.outcome]
    assert (flagged, computable) == expected, detail
    if computable:
        assert _rounded(value) == case.value
