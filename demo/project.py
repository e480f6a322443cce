"""Projects and stand-alone processes of the demo data: what a project is made of (design, works in
stages, supervision), its time and cost overruns, and its EDCAPI (OC4IDS 0.9) project package."""
from __future__ import annotations

from typing import Any

from demo import vocab as V
from demo.config import (DATA_DAY, DAYS, DAYS_BEFORE, LICENSE, POLICY, PROJECT_SIZE_WEIGHTS, PROJECT_SIZES,
                                 PUBLISHED, PUBLISHER, QUIRKS, RATES, URI_BASE)
from demo.process import FileGen, Proc
from demo.world import Buyer, ImplWorld, Place


def build_standalone(gen: FileGen, iw: ImplWorld, place: Place, buyer: Buyer, plan_day: int) -> list[dict]:
    """The releases of a process that belongs to no project: a works contract or a maintenance/study service."""
    if gen.r() < RATES["standalone_services"]:
        title_t, cog, median = gen.pick(V.STANDALONE_SERVICES)
        title = title_t.format(localidad=place.name)
        spec = {"title": title, "description": title, "median": median, "cog": cog, "item": title,
                "unit": "servicio", "unit_price": median, "category": "services",
                "nature": "construction", "fund": gen.pick(V.FUNDS)}
    else:
        spec = _theme_spec(gen, gen.pick(V.THEMES), iw, place)
        spec["fund"] = gen.pick(V.FUNDS)
    return gen.releases(gen.process(iw, buyer, place, spec, plan_day, None), iw)


def project_size(gen: FileGen) -> int:
    """How many processes the next project links (1-6)."""
    return _weighted(gen, PROJECT_SIZES, PROJECT_SIZE_WEIGHTS)


def _theme_spec(gen: FileGen, theme: tuple, iw: ImplWorld, place: Place) -> dict:
    """Title, description and sizes of a works process on one theme of V.THEMES, in one place."""
    sector, ptype, title_t, desc_t, median, cog, item, unit, purpose_t = theme
    other = gen.pick(iw.state_places)
    calles = [gen.pick(V.CALLES) for _ in range(3)]
    k1 = gen.days(1, 60)
    fill = {"calle": calles[0], "calle2": calles[1], "calle3": calles[2], "colonia": gen.pick(V.COLONIAS),
            "localidad": place.name, "localidad2": other.name if other.name != place.name else iw.state.name,
            "escuela": gen.pick(V.ESCUELAS), "rio": gen.pick(V.RIOS), "parque": gen.pick(V.PARQUES),
            "k1": k1, "k2": k1 + gen.days(3, 25), "n": gen.days(2, 40) * (10 if unit in ("m", "m2") else 1)}
    return {"sector": sector, "type": ptype, "title": title_t.format(**fill), "description": desc_t.format(**fill),
            "purpose": purpose_t.format(**fill), "median": median, "cog": cog, "item": item, "unit": unit,
            "unit_price": median / max(fill["n"], 1), "category": "works", "nature": "construction"}


def _services_spec(gen: FileGen, nature_t: tuple, works: dict) -> dict:
    """A design or supervision service for the given works."""
    nature, title_t, cog, share = nature_t
    title = title_t.format(title=works["title"])
    return {**works, "title": title, "description": title, "median": works["median"] * share, "cog": cog,
            "item": title, "unit": "servicio", "unit_price": works["median"] * share, "category": "services",
            "nature": nature}


def _weighted(gen: FileGen, values: tuple, weights: tuple):
    """One of `values`, drawn with `weights` (which sum to 1)."""
    u, acc = gen.r(), 0.0
    for v, w in zip(values, weights):
        acc += w
        if u < acc:
            return v
    return values[-1]


def build_project(gen: FileGen, iw: ImplWorld, place: Place, buyer: Buyer, plan_day: int,
                  size: int) -> tuple[list[list[dict]], dict]:
    """A project of `size` processes (optional design, works in stages, optional supervision): the
    releases of each process and the EDCAPI project package linking them. Time and cost overruns are
    imposed on the project's main works stage at the rates in RATES."""
    r = gen.r
    gen.next_project += 1
    project_id = f"{iw.imp.project_prefix}-{gen.next_project:06d}"
    works = _theme_spec(gen, gen.pick(V.THEMES), iw, place)
    fund = gen.pick(V.FUNDS)
    works["fund"] = fund
    # the composition: optional design first, works in stages, optional supervision
    specs: list[dict] = []
    n_works = size
    design = size >= 3 and r() < 0.6
    supervision = size >= 2 and r() < 0.6
    n_works -= design + supervision
    if design:
        specs.append(_services_spec(gen, V.DESIGN, works))
    for k in range(n_works):
        s = dict(works)
        if n_works > 1:
            s["title"] = f"{works['title']} (etapa {k + 1})"
            s["median"] = works["median"] / n_works * 1.4
        specs.append(s)
    if supervision:
        specs.append(_services_spec(gen, V.SUPERVISION, works))
    late = r() < RATES["late"]
    overrun = r() < RATES["cost_overrun"]

    procs: list[Proc] = []
    day = plan_day
    for k, spec in enumerate(specs):
        day = min(day, DATA_DAY - gen.days(1, 45))  # a later stage is at most just planned
        procs.append(gen.process(iw, buyer, place, spec, day, project_id))
        if spec["category"] == "works" and k + 1 < len(specs) and specs[k + 1]["category"] == "works":
            day += gen.days(20, 200)
        elif spec["nature"] == "design":
            day += gen.days(60, 150)
    budget = round(sum(p.estimate for p in procs) * gen.between(0.92, 1.0), -3)
    period_start = min(p.plan_day for p in procs)
    period_end = max(p.c_end for p in procs) + gen.days(0, 15)
    span = period_end - period_start
    running = [p for p in procs if p.category == "works" and p.outcome in ("implementation", "completed")]
    # late: the last works stage finishes well after the planned project end;
    # overrun: the largest works contract is raised enough for the project to cost > 125% of budget.
    # Both redo that stage's execution with the pattern imposed.
    redo: dict[int, list] = {}
    if late and running:
        last = max(running, key=lambda p: p.c_end)
        redo.setdefault(id(last), [last, None, None])[1] = period_end - last.c_end + int(span * gen.between(0.3, 0.9))
    if overrun and running:
        main = max(running, key=lambda p: p.contract_value)
        others = sum(p.final_value if p.final_value is not None else p.current_value
                     for p in procs if p is not main and p.contract_value)
        needed = budget * gen.between(1.3, 1.7) - others
        factor = min(max(needed / (main.contract_value * 0.985), 1.26), 3.0)
        redo.setdefault(id(main), [main, None, None])[2] = factor
    for p, late_days, factor in redo.values():
        p.outcome, p.final_value, p.amendments = "contract", None, []
        gen.execution(p, late_days, factor)
    releases = [gen.releases(p, iw) for p in procs]
    return releases, _project_package(gen, iw, project_id, works, procs, budget, period_start, period_end)


def _project_package(gen: FileGen, iw: ImplWorld, project_id: str, works: dict, procs: list[Proc],
                     budget: float, period_start: int, period_end: int) -> dict:
    r, tz = gen.r, iw.tz
    D = lambda d: DAYS[d + DAYS_BEFORE] + "T00:00:00" + tz  # noqa: E731
    value = lambda amount: {"amount": amount, "currency": "MXN"}  # noqa: E731
    buyer = procs[0].buyer.org
    contracted = [p for p in procs if p.outcome in ("contract", "implementation", "completed")]
    ended = [p for p in procs if p.outcome in ("cancelled", "unsuccessful")]
    if contracted and all(p.outcome == "completed" for p in contracted) and \
            len(contracted) + len(ended) == len(procs):
        status = "completion"
    elif any(p.outcome in ("implementation", "completed") for p in procs):
        status = "implementation"
    elif all(p.outcome in ("cancelled", "unsuccessful") for p in procs):
        status = "cancelled"
    elif any(p.outcome != "planning" for p in procs):
        status = "preparation"
    else:
        status = "identification"
    updated = max(rel[2] for p in procs for rel in p.releases)

    place = procs[0].place
    lon = place.lon + gen.rng.gauss(0.0, place.radius / 2)
    lat = place.lat + gen.rng.gauss(0.0, place.radius / 2)
    lon = round(min(max(lon, place.lon - place.radius), place.lon + place.radius), 6)
    lat = round(min(max(lat, place.lat - place.radius), place.lat + place.radius), 6)
    coords = [lat, lon] if r() < QUIRKS["swapped_point"] else [lon, lat]
    postal, _, _ = V.STATE_CONTACT.get(iw.state.state_code, V.DEFAULT_CONTACT)

    suppliers = {}
    for p in contracted:
        suppliers[p.winner.ref["id"]] = p.winner
    parties = [buyer.party("publicAuthority", "procuringEntity"), iw.payer.party("payer")]
    parties += [o.party("supplier") for o in suppliers.values()]

    cps = []
    for p in procs:
        summary: dict[str, Any] = {
            "ocid": p.ocid, "nature": [p.nature], "title": p.title,
            "status": ("closed" if p.outcome in ("completed", "cancelled", "unsuccessful") else
                       "active" if p.outcome in ("contract", "implementation") else "pre-award"),
            "tender": {"procurementMethod": p.method, "procurementMethodDetails": p.method_details,
                       "costEstimate": value(p.estimate)},
        }
        if p.tenderers:
            summary["tender"]["numberOfTenderers"] = len(p.tenderers)
        if p in contracted:
            summary["suppliers"] = [p.winner.ref]
            summary["contractValue"] = value(p.contract_value)
            summary["contractPeriod"] = {"startDate": D(p.c_start), "endDate": D(p.c_end)}
            mods, old_value, old_end = [], p.contract_value, p.c_end
            for k, a in enumerate(p.amendments):
                m: dict[str, Any] = {"id": f"{p.tender_id}-CM{k + 1}", "date": D(a["day"]),
                                     "rationale": a["rationale"], "releaseID": a["release_id"]}
                if "value" in a:
                    m.update(type="value", description="Modificación del monto del contrato",
                             oldContractValue=value(old_value), newContractValue=value(a["value"]))
                    old_value = a["value"]
                else:
                    m.update(type="duration", description="Ampliación del plazo del contrato",
                             oldContractPeriod={"startDate": D(p.c_start), "endDate": D(old_end)},
                             newContractPeriod={"startDate": D(p.c_start), "endDate": D(a["end"])})
                    old_end = a["end"]
                mods.append(m)
            if mods:
                summary["modifications"] = mods
            if p.final_value is not None:
                summary["finalValue"] = value(p.final_value)
        cps.append({"id": p.ocid, "summary": summary,
                    "releases": [{"id": rid, "tag": tag, "date": date, "url": f"{URI_BASE}edca/release/{rid}.json"}
                                 for rid, tag, date in p.releases]})

    project: dict[str, Any] = {
        "id": project_id, "updated": updated, "language": "es", "title": works["title"],
        "description": works["description"], "purpose": works["purpose"],
        "status": "completed" if status == "completion" and r() < QUIRKS["status_completed"] else status,
        "type": works["type"], "sector": [works["sector"]],
        "period": {"startDate": D(period_start), "endDate": D(period_end),
                   "durationInDays": period_end - period_start},
        "budget": {"amount": value(budget), "approvalDate": D(period_start - gen.days(10, 60))},
        "publicAuthority": buyer.ref,
        "parties": parties,
        "locations": [{"id": "1", "description": f"{works['title']}",
                       "geometry": {"type": "Point", "coordinates": coords},
                       "address": {"locality": place.name, "region": iw.state.name,
                                   "postalCode": f"{postal}{gen.days(0, 999):03d}", "countryName": "México"}}],
        "contractingProcesses": cps,
    }
    if status == "completion":
        end = max(p.actual_end for p in contracted)
        final = round(sum(p.final_value for p in contracted), 2)
        completion: dict[str, Any] = {"endDate": D(end), "finalValue": value(final)}
        if end > period_end:
            completion["endDateDetails"] = gen.pick(V.LATE_DETAILS)
        if final > budget:
            completion["finalValueDetails"] = gen.pick(V.COST_DETAILS)
        project["completion"] = completion
    return {"uri": f"{URI_BASE}edcapi/projectPackage/{project_id}", "version": "0.9", "publishedDate": PUBLISHED,
            "publisher": PUBLISHER, "license": LICENSE, "publicationPolicy": POLICY, "projects": [project]}
