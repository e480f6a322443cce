"""A normalised compiled release or OC4IDS project -> rows of the contract tables.

Functions here only read; they never change the release. Values that do not have the expected type
become null (the raw JSON is kept, so nothing is lost).

OCDS 1.0 releases (still published: Mexico City's airport group GACM, early CDMX and federal files) name
organisations in place, without `id` and without a `parties` array: the buyer, procuring entity, tenderers
and suppliers carry an `identifier` (scheme, id: the RFC in Mexico), and transactions a providerOrganization
and receiverOrganization. Such an organisation's id here is "<scheme>-<id>" of its identifier (its id alone
without a scheme), the reading ocdskit's 1.0 -> 1.1 upgrade makes of them (it hashes them instead), and
a release without `parties` gets party rows from those organisations, with their roles.
"""
from __future__ import annotations

from typing import Any

import orjson

from functools import lru_cache

from loaders.compile.codes import method_from_texts
from loaders.compile.merge import ContractHistory
from loaders.compile.parties import party_rfc
from loaders.compile.normalise import parse_amount
from loaders.compile.normalise import parse_date as _parse_date
from loaders.compile.text import is_placeholder
from core.rules import award_status_counts

_cached_date = lru_cache(maxsize=1 << 16)(_parse_date)


def parse_date(value: Any):
    """parse_date with a cache: the same date strings recur across releases and processes."""
    return _cached_date(value) if isinstance(value, str) else _parse_date(value)

Row = dict[str, Any]


def _d(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _s(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if -(2**31) < value < 2**31 else None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip()) if len(value.strip()) < 10 else None
    return None


def _amount(value_obj: Any) -> float | None:
    return parse_amount(_d(value_obj).get("amount"))


def _currency(value_obj: Any) -> str | None:
    return _s(_d(value_obj).get("currency"))


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def _strs(items: Any, key: str = "id") -> list[str]:
    return [str(o[key]) for o in _l(items) if o.get(key) is not None]


def org_id(org: Any) -> str | None:
    """An organisation reference's id; for an OCDS 1.0 organisation (no id), "<scheme>-<id>" of its identifier."""
    org = _d(org)
    own = _s(org.get("id"))
    if own is not None and own.strip():
        return own
    ident = org.get("identifier")
    if isinstance(ident, str):  # Mexico City's 2015 files: "identifier": "GDF-9712054NA"
        ident = {"id": ident}
    ident = _d(ident)
    ident_id = _s(ident.get("id"))
    if ident_id is None or is_placeholder(ident_id):
        return None
    scheme = _s(ident.get("scheme"))
    return f"{scheme.strip()}-{ident_id.strip()}" if scheme and not is_placeholder(scheme) else ident_id.strip()


def _orgs(items: Any) -> list[dict]:
    """The organisations of a list; a lone organisation published in place of the list counts as one."""
    return [items] if isinstance(items, dict) and items else _l(items)


def _org_ids(items: Any) -> list[str]:
    return [i for i in (org_id(o) for o in _orgs(items)) if i is not None]


def _organisations_1_0(compiled: dict) -> list[tuple[dict, str]]:
    """(organisation, role) for every organisation an OCDS 1.0 release names in place."""
    tender = _d(compiled.get("tender"))
    found = [(compiled.get("buyer"), "buyer"), (tender.get("procuringEntity"), "procuringEntity")]
    found += [(t, "tenderer") for t in _orgs(tender.get("tenderers"))]
    found += [(s, "supplier") for a in _l(compiled.get("awards")) for s in _orgs(a.get("suppliers"))]
    for c in _l(compiled.get("contracts")):
        for t in _l(_d(c.get("implementation")).get("transactions")):
            for key, role in (("providerOrganization", "payer"), ("receiverOrganization", "payee")):
                if isinstance(t.get(key), dict):
                    ident = t[key]
                    found.append(({"identifier": ident, "name": ident.get("legalName")}, role))
    return [(o, role) for o, role in found if isinstance(o, dict) and o]


def _party_rows_1_0(ocid: str, compiled: dict) -> list[Row]:
    rows: dict[str, Row] = {}
    for org, role in _organisations_1_0(compiled):
        if "id" in org:
            continue  # an OCDS 1.1 reference: its party, if any, is in `parties`
        pid = org_id(org)
        if pid is None:
            continue
        row = rows.get(pid)
        if row is None:
            ident = org.get("identifier")
            ident = {"id": ident} if isinstance(ident, str) else _d(ident)
            address = _d(org.get("address"))
            row = rows[pid] = {
                "ocid": ocid, "party_id": pid, "name": _s(org.get("name")) or _s(ident.get("legalName")),
                "roles": [], "identifier": _s(ident.get("id")), "scheme": _s(ident.get("scheme")),
                "region": _s(address.get("region")), "locality": _s(address.get("locality")),
                "address": _json(org.get("address")), "contact": _json(org.get("contactPoint")),
                "rfc": party_rfc(org),
            }
        if role not in row["roles"]:
            row["roles"].append(role)
    return list(rows.values())


def _most_common(values: list) -> str | None:
    counts: dict[str, int] = {}
    for v in values:
        if v:
            counts[v] = counts.get(v, 0) + 1
    return max(counts, key=lambda k: (counts[k], k == "MXN")) if counts else None


def _min(values):
    values = [v for v in values if v is not None]
    return min(values) if values else None


def _max(values):
    values = [v for v in values if v is not None]
    return max(values) if values else None


def _sum(values):
    values = [v for v in values if v is not None]
    return float(sum(values)) if values else None


def process_rows(
    compiled: dict,
    ocid: str,
    *,
    implementer_id: str | None,
    state_code: str | None,
    release_count: int,
    last_release_date: Any,
    source_id: str,
    history: dict[str, ContractHistory] | None = None,
    corrections: list | None = None,
) -> dict[str, list[Row]]:
    """Rows for processes, parties, bids, awards, contracts, amendments, milestones, transactions.

    `corrections` are the normaliser's for this process: the first one on tender.procurementMethod holds the
    method as published (processes.method_published)."""
    tender = _d(compiled.get("tender"))
    buyer = _d(compiled.get("buyer"))
    pe = _d(tender.get("procuringEntity"))
    awards = _l(compiled.get("awards"))
    contracts = _l(compiled.get("contracts"))
    history = history or {}

    award_rows = []
    for a in awards:
        award_rows.append({
            "ocid": ocid, "award_id": _s(a.get("id")), "status": _s(a.get("status")),
            "date": parse_date(a.get("date")), "value": _amount(a.get("value")),
            "currency": _currency(a.get("value")), "supplier_ids": _org_ids(a.get("suppliers")),
            "supplier_names": _strs(_orgs(a.get("suppliers")), "name"),
        })
    # the process's currency: the tender's, else the most common among awards and contracts
    currency = _currency(tender.get("value")) or _most_common(
        [r["currency"] for r in award_rows] + [_currency(c.get("value")) for c in contracts])
    active = [r for r in award_rows if award_status_counts(r["status"])]
    # amounts in other currencies are not added to it (they stay in the awards table)
    award_value = _sum(r["value"] for r in active if r["currency"] in (None, currency))

    contract_rows, amendment_rows, milestone_rows, transaction_rows = [], [], [], []
    for c in contracts:
        cid = _s(c.get("id"))
        period = _d(c.get("period"))
        h = history.get(cid or "")
        value = _amount(c.get("value"))
        end = parse_date(period.get("endDate"))
        original_value = parse_amount(h.values[0]) if h and h.values else value
        original_end = parse_date(h.end_dates[0]) if h and h.end_dates else end
        contract_rows.append({
            "ocid": ocid, "contract_id": cid, "award_id": _s(c.get("awardID")), "status": _s(c.get("status")),
            "date_signed": parse_date(c.get("dateSigned")), "start_date": parse_date(period.get("startDate")),
            "end_date": end, "value": value, "currency": _currency(c.get("value")),
            "original_value": original_value, "original_end_date": original_end,
        })
        amendments = _l(c.get("amendments")) + ([c["amendment"]] if isinstance(c.get("amendment"), dict) else [])
        # changes seen between releases, keyed by the release that made them; an explicit amendment
        # naming that release (releaseID) gets them, the others become release_history rows
        value_changes = {}
        end_changes = {}
        if h:
            for (old, new, (rid, rdate)) in zip(h.values, h.values[1:], h.value_releases[1:]):
                value_changes[str(rid)] = (parse_amount(old), parse_amount(new), rdate)
            for (old, new, (rid, rdate)) in zip(h.end_dates, h.end_dates[1:], h.end_releases[1:]):
                end_changes[str(rid)] = (parse_date(old), parse_date(new), rdate)
        for am in amendments:
            rid = str(am.get("releaseID")) if am.get("releaseID") is not None else None
            vc = value_changes.pop(rid, None) if rid else None
            ec = end_changes.pop(rid, None) if rid else None
            amendment_rows.append({
                "ocid": ocid, "contract_id": cid, "amendment_id": _s(am.get("id")),
                "date": parse_date(am.get("date")), "rationale": _s(am.get("rationale") or am.get("description")),
                "old_value": vc[0] if vc else None, "new_value": vc[1] if vc else None,
                "old_end_date": ec[0] if ec else None, "new_end_date": ec[1] if ec else None,
                "source": "contract",
            })
        for rid in list(value_changes) + [r for r in end_changes if r not in value_changes]:
            vc, ec = value_changes.get(rid), end_changes.get(rid)
            amendment_rows.append({
                "ocid": ocid, "contract_id": cid, "amendment_id": None,
                "date": parse_date((vc or ec)[2]), "rationale": None,
                "old_value": vc[0] if vc else None, "new_value": vc[1] if vc else None,
                "old_end_date": ec[0] if ec else None, "new_end_date": ec[1] if ec else None,
                "source": "release_history",
            })
        impl = _d(c.get("implementation"))
        for m in _l(impl.get("milestones")) + _l(c.get("milestones")):
            milestone_rows.append(_milestone(ocid, cid, m))
        for t in _l(impl.get("transactions")):
            value_obj = t.get("value") if isinstance(t.get("value"), dict) else t.get("amount")
            transaction_rows.append({
                "ocid": ocid, "contract_id": cid, "transaction_id": _s(t.get("id")),
                "date": parse_date(t.get("date")), "value": _amount(value_obj), "currency": _currency(value_obj),
                "payer_id": org_id(t.get("payer")) or org_id({"identifier": t.get("providerOrganization")}),
                "payee_id": org_id(t.get("payee")) or org_id({"identifier": t.get("receiverOrganization")}),
            })
    for am in _l(tender.get("amendments")) + ([tender["amendment"]] if isinstance(tender.get("amendment"), dict) else []):
        amendment_rows.append({
            "ocid": ocid, "contract_id": None, "amendment_id": _s(am.get("id")), "date": parse_date(am.get("date")),
            "rationale": _s(am.get("rationale") or am.get("description")), "old_value": None, "new_value": None,
            "old_end_date": None, "new_end_date": None, "source": "tender",
        })
    for m in _l(_d(compiled.get("planning")).get("milestones")) + _l(tender.get("milestones")):
        milestone_rows.append(_milestone(ocid, None, m))

    party_rows = []
    for p in _l(compiled.get("parties")):
        ident = _d(p.get("identifier"))
        address = _d(p.get("address"))
        party_rows.append({
            "ocid": ocid, "party_id": _s(p.get("id")), "name": _s(p.get("name")),
            "roles": [str(r) for r in p.get("roles") or [] if isinstance(r, str)] if isinstance(p.get("roles"), list) else [],
            "identifier": _s(ident.get("id")), "scheme": _s(ident.get("scheme")),
            "region": _s(address.get("region")), "locality": _s(address.get("locality")),
            "address": _json(p.get("address")), "contact": _json(p.get("contactPoint")),
            "rfc": party_rfc(p),
        })
    if not isinstance(compiled.get("parties"), list):
        party_rows = _party_rows_1_0(ocid, compiled)
    bid_rows = []
    for b in _l(_d(compiled.get("bids")).get("details")):
        bid_rows.append({
            "ocid": ocid, "bid_id": _s(b.get("id")), "tenderer_ids": _org_ids(b.get("tenderers")),
            "value": _amount(b.get("value")), "currency": _currency(b.get("value")), "status": _s(b.get("status")),
            "date": parse_date(b.get("date")),
        })

    tenderers = tender.get("tenderers")
    n_tenderers = _int(tender.get("numberOfTenderers"))
    if n_tenderers is None and isinstance(tenderers, list) and tenderers:
        n_tenderers = len(tenderers)
    title = _s(tender.get("title")) or next(
        (_s(x.get("title")) for x in awards + contracts if x.get("title")), None
    )
    live_contracts = [r for r in contract_rows if r["status"] not in ("cancelled",)
                      and r["currency"] in (None, currency)]
    tender_period = _d(tender.get("tenderPeriod"))
    process = {
        "ocid": ocid, "implementer_id": implementer_id, "state_code": state_code,
        "buyer_id": org_id(buyer), "buyer_name": _s(buyer.get("name")) or _s(_d(buyer.get("identifier")).get("legalName")),
        "procuring_entity_id": org_id(pe),
        "procuring_entity_name": _s(pe.get("name")) or _s(_d(pe.get("identifier")).get("legalName")),
        "title": title, "main_category": _s(tender.get("mainProcurementCategory")),
        "method": _s(tender.get("procurementMethod")), "method_details": _s(tender.get("procurementMethodDetails")),
        **_method_columns(tender, corrections),
        "tender_id": _s(tender.get("id")), "tender_status": _s(tender.get("status")),
        "tender_value": _amount(tender.get("value")), "currency": currency,
        "tender_start": parse_date(tender_period.get("startDate")), "tender_end": parse_date(tender_period.get("endDate")),
        "number_of_tenderers": n_tenderers, "award_date": _min(r["date"] for r in award_rows),
        "award_value": award_value, "contract_value": _sum(r["value"] for r in live_contracts),
        "date_signed": _min(r["date_signed"] for r in contract_rows),
        "contract_start": _min(r["start_date"] for r in contract_rows),
        "contract_end": _max(r["end_date"] for r in contract_rows),
        "release_count": release_count, "last_release_date": parse_date(last_release_date),
        "source_id": source_id, "json": _json(compiled),
    }
    return {
        "processes": [process], "parties": party_rows, "bids": bid_rows, "awards": award_rows,
        "contracts": contract_rows, "amendments": amendment_rows, "milestones": milestone_rows,
        "transactions": transaction_rows,
    }


def _method_columns(tender: dict, corrections: list | None) -> Row:
    """method_published (the code before any correction), method_mx, method_scope and method_conflict (what
    procurementMethodDetails and procurementMethodRationale name: codes.method_from_texts)."""
    published = tender.get("procurementMethod")
    for c in corrections or ():
        if c.field == "tender/procurementMethod":
            published = c.old_value
            break
    details, rationale = tender.get("procurementMethodDetails"), tender.get("procurementMethodRationale")
    reading = method_from_texts(details if isinstance(details, str) else None,
                                rationale if isinstance(rationale, str) else None)
    named = reading.named
    return {"method_published": _s(published), "method_mx": named.method if named else None,
            "method_scope": named.scope if named else None, "method_conflict": reading.conflict}


def _milestone(ocid: str, contract_id: str | None, m: dict) -> Row:
    return {
        "ocid": ocid, "contract_id": contract_id, "milestone_id": _s(m.get("id")), "title": _s(m.get("title")),
        "type": _s(m.get("type")), "status": _s(m.get("status")), "due_date": parse_date(m.get("dueDate")),
        "date_met": parse_date(m.get("dateMet")),
    }


def buyer_region(compiled: dict) -> str | None:
    """address.region of the buyer party (used to place a process when no implementer is known)."""
    buyer_id = _d(compiled.get("buyer")).get("id")
    for p in _l(compiled.get("parties")):
        roles = p.get("roles") if isinstance(p.get("roles"), list) else []
        if (buyer_id is not None and p.get("id") == buyer_id) or "buyer" in roles:
            region = _s(_d(p.get("address")).get("region"))
            if region:
                return region
    return None


def project_rows(
    project: dict, *, implementer_id: str | None, state_code: str | None, source_id: str,
    locate=None, region_state=None,
) -> dict[str, list[Row]]:
    """Rows for projects, project_locations, project_processes.

    `locate(lon, lat) -> (state_code, municipality_code)` places points; `region_state(region)` maps an
    address region name to a state code where no boundaries are configured.
    """
    pid = _s(project.get("id"))
    budget = _d(project.get("budget"))
    budget_amount = budget.get("amount")
    period = _d(project.get("period"))
    completion = _d(project.get("completion"))
    authority = _d(project.get("publicAuthority"))
    sector = project.get("sector")
    loc_rows = []
    for i, loc in enumerate(project.get("locations") or [] if isinstance(project.get("locations"), list) else []):
        if not isinstance(loc, dict):
            continue
        geometry = _d(loc.get("geometry"))
        address = _d(loc.get("address"))
        lon = lat = None
        coords = geometry.get("coordinates")
        if geometry.get("type") == "Point" and isinstance(coords, list) and len(coords) >= 2:
            lon, lat = parse_amount(coords[0]), parse_amount(coords[1])
        st = mun = None
        if lon is not None and lat is not None and locate is not None:
            st, mun = locate(lon, lat)
        region = _s(address.get("region"))
        if st is None and region and region_state is not None:
            st = region_state(region)
        loc_rows.append({
            "project_id": pid, "location_index": i, "lon": lon, "lat": lat, "state_code": st,
            "municipality_code": mun, "locality": _s(address.get("locality")), "region": region,
            "geometry": _json(loc.get("geometry")) if geometry else None,
        })
    proc_rows = []
    cps = project.get("contractingProcesses")
    for i, cp in enumerate(cps if isinstance(cps, list) else []):
        if not isinstance(cp, dict):
            continue
        ref = cp.get("id")
        if isinstance(ref, dict):  # /edcapi/project/ gives {id, nature}
            ref = ref.get("id")
        summary = _d(cp.get("summary"))
        # OC4IDS: `id` may be a local one ("1"); the process's ocid, when known, is in summary.ocid
        ocid = summary.get("ocid")
        if isinstance(ocid, str) and ocid.strip():
            ref = ocid.strip()
        tender = _d(summary.get("tender"))
        cperiod = _d(summary.get("contractPeriod"))
        nature = summary.get("nature") or cp.get("nature")
        proc_rows.append({
            "project_id": pid, "process_index": i, "process_ref": _s(ref), "ocid": None,
            "nature": [str(n) for n in nature] if isinstance(nature, list) else ([str(nature)] if nature else []),
            "status": _s(summary.get("status")), "cost_estimate": _amount(tender.get("costEstimate")),
            "number_of_tenderers": _int(tender.get("numberOfTenderers")),
            "contract_value": _amount(summary.get("contractValue")), "final_value": _amount(summary.get("finalValue")),
            "contract_start": parse_date(cperiod.get("startDate")), "contract_end": parse_date(cperiod.get("endDate")),
            "modifications": _json(summary.get("modifications")),
        })
    if state_code is None:
        state_code = next((r["state_code"] for r in loc_rows if r["state_code"]), None)
    row = {
        "project_id": pid, "implementer_id": implementer_id, "state_code": state_code,
        "title": _s(project.get("title")), "description": _s(project.get("description")),
        "status": _s(project.get("status")),
        "sector": [str(s) for s in sector] if isinstance(sector, list) else ([str(sector)] if sector else []),
        "type": _s(project.get("type")), "budget": _amount(budget_amount), "currency": _currency(budget_amount),
        "period_start": parse_date(period.get("startDate")), "period_end": parse_date(period.get("endDate")),
        "completion_end_date": parse_date(completion.get("endDate")),
        "completion_final_value": _amount(completion.get("finalValue")),
        "completion_final_scope": _s(completion.get("finalScope")),
        "public_authority_id": _s(authority.get("id")), "public_authority_name": _s(authority.get("name")),
        "updated": parse_date(project.get("updated")), "source_id": source_id, "json": _json(project),
    }
    return {"projects": [row], "project_locations": loc_rows, "project_processes": proc_rows}
