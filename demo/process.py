"""One synthetic contracting process: its facts (method, bids, award, contract, amendments, execution)
drawn from a file's random stream, and its EDCA-MX releases `{ocid}.v{N}.{stage}` in date order."""
from __future__ import annotations

import math
import random
from bisect import bisect
from dataclasses import dataclass, field
from typing import Any

from demo import vocab as V
from demo.config import DATA_DAY, DAYS, DAYS_BEFORE, EPOCH_OFFSET, QUIRKS, RATES, URI_BASE
from demo.world import Buyer, ImplWorld, Org, Place, World


@dataclass
class Proc:
    """The facts of one synthetic contracting process, before it is written as releases."""

    ocid: str
    tender_id: str
    title: str
    description: str
    category: str
    nature: str
    cog: str
    item: str
    unit: str
    quantity: int
    method: str
    method_details: str
    buyer: Buyer
    place: Place
    budget: float
    estimate: float
    fund: tuple[str, str]
    project_id: str | None
    plan_day: int
    tender_start: int
    tender_end: int | None
    award_day: int
    sign_day: int
    c_start: int
    c_end: int
    duration: int
    outcome: str = "planning"
    end_day: int | None = None            # cancellation / void / stalled-news day
    tenderers: list[Org] = field(default_factory=list)
    bids: list[tuple[Org, float, str]] = field(default_factory=list)
    winner: Org | None = None
    award_value: float = 0.0
    contract_value: float = 0.0
    amendments: list[dict] = field(default_factory=list)   # day, value?, end?, rationale
    actual_end: int = 0
    final_value: float | None = None
    quirks: dict[str, bool] = field(default_factory=dict)
    releases: list[tuple[str, list[str], str]] = field(default_factory=list)  # id, tag, date

    @property
    def current_value(self) -> float:
        for a in reversed(self.amendments):
            if "value" in a:
                return a["value"]
        return self.contract_value

    @property
    def current_end(self) -> int:
        for a in reversed(self.amendments):
            if "end" in a:
                return a["end"]
        return self.c_end


class FileGen:
    """Builds the processes and projects of one output file from its own random stream."""

    def __init__(self, world: World, seed: int, file_index: int, per_file: int):
        self.w = world
        self.rng = random.Random(f"obras-demo:{seed}:{file_index}")
        self.r = self.rng.random
        self.file_index = file_index
        self.next_process = file_index * per_file
        self.next_project = file_index * per_file

    # small helpers: random() is much faster than choice()/randint()
    def pick(self, seq):
        return seq[int(self.r() * len(seq))]

    def between(self, lo: float, hi: float) -> float:
        return lo + (hi - lo) * self.r()

    def days(self, lo: int, hi: int) -> int:
        return lo + int(self.r() * (hi - lo + 1))

    def supplier(self, state_code: str) -> Org:
        return self.w.suppliers[state_code][bisect(self.w.supplier_cum, self.r())]

    # -- facts --
    def process(self, iw: ImplWorld, buyer: Buyer, place: Place, spec: dict, plan_day: int,
                project_id: str | None) -> Proc:
        r = self.r
        self.next_process += 1
        services = spec["category"] == "services"
        u = r()
        if services:
            method = "direct" if u < 0.7 else ("selective" if u < 0.85 else "open")
        else:
            method = "direct" if u < RATES["direct"] else (
                "open" if u < RATES["direct"] + RATES["open"] else "selective")
        scale = {"direct": 0.35, "selective": 0.8, "open": 1.8}[method]
        estimate = round(spec["median"] * scale * math.exp(self.rng.gauss(0.0, 0.55)), 2)
        estimate = max(estimate, 80_000.0)
        budget = round(estimate * self.between(1.0, 1.12), -3)
        year = int(DAYS[plan_day + DAYS_BEFORE][:4])
        letter = "E" if r() < 0.8 else "N"
        if method == "open" and r() < 0.05:
            letter = "T"  # international
        tender_id = f"{V.TENDER_LETTERS[method]}-{buyer.unit_code}-{letter}{self.next_process}-{year}"
        details = self.pick(V.METHOD_DETAILS[method])
        if method == "open":
            details = "Licitación pública internacional abierta" if letter == "T" else (
                details if "internacional" not in details else "Licitación pública nacional")

        tender_start = plan_day + self.days(15, 75)
        if method == "direct":
            tender_end = None
            award_day = tender_start + self.days(3, 20)
        else:
            if method == "open":
                length = self.days(5, 14) if r() < RATES["short_tender_open"] else self.days(15, 35)
                if letter == "T":
                    length = max(length, self.days(20, 40)) if length >= 15 else length
            else:
                length = self.days(10, 21)
            tender_end = tender_start + length
            award_day = tender_end + (self.days(60, 150) if r() < RATES["long_decision"] else self.days(5, 30))
        sign_day = award_day + (self.days(31, 75) if r() < RATES["slow_signature"] else self.days(1, 20))
        c_start = sign_day + self.days(0, 15)
        base = 45 + 35 * math.log10(max(estimate, 2e5) / 2e5)
        duration = int(base * self.between(0.8, 1.5) * (0.6 if services else 1.0)) + 10
        c_end = c_start + duration

        quantity = max(1, int(estimate / spec["unit_price"]))
        p = Proc(
            ocid=f"{iw.imp.ocid_prefix}-{tender_id}", tender_id=tender_id, title=spec["title"],
            description=spec["description"], category=spec["category"], nature=spec["nature"],
            cog=spec["cog"], item=spec["item"], unit=spec["unit"], quantity=quantity, method=method,
            method_details=details, buyer=buyer, place=place, budget=budget, estimate=estimate,
            fund=spec["fund"], project_id=project_id, plan_day=plan_day, tender_start=tender_start,
            tender_end=tender_end, award_day=award_day, sign_day=sign_day, c_start=c_start, c_end=c_end,
            duration=duration)
        p.quirks = {"method_in_spanish": method == "open" and r() < QUIRKS["method_in_spanish"] / RATES["open"],
                    "currency_mnx": r() < QUIRKS["currency_mnx"], "net_date": r() < QUIRKS["net_date"]}
        self._outcome(p, iw)
        return p

    def _outcome(self, p: Proc, iw: ImplWorld) -> None:
        r = self.r
        if p.tender_start > DATA_DAY:
            p.outcome = "planning"
            return
        u = r()
        tender_close = p.tender_end if p.tender_end is not None else p.tender_start + 5
        if u < RATES["cancelled"]:
            p.outcome, p.end_day = "cancelled", p.tender_start + self.days(3, 30)
            if p.end_day > DATA_DAY:
                p.outcome = "tender"
            return
        if p.method == "open" and u < RATES["cancelled"] + RATES["unsuccessful_open"]:
            p.outcome, p.end_day = "unsuccessful", tender_close + self.days(5, 20)
            if p.end_day > DATA_DAY:
                p.outcome = "tender"
            return
        if p.method != "direct" and r() < RATES["stalled"] and tender_close + 31 < DATA_DAY:
            p.outcome = "stalled"
            return
        if p.award_day > DATA_DAY:
            p.outcome = "tender"
            return
        self._bids(p, iw)
        if p.sign_day > DATA_DAY:
            p.outcome = "award"
            return
        p.contract_value = p.award_value if r() < 0.9 else round(p.award_value * self.between(0.98, 1.02), 2)
        p.outcome = "contract"
        self.execution(p, None, None)

    def _bids(self, p: Proc, iw: ImplWorld) -> None:
        r, state_code, buyer = self.r, iw.state.state_code, p.buyer
        if buyer.captive is not None and r() < RATES["captured_share"]:
            winner = buyer.captive
        elif p.method == "direct" and r() < RATES["favourite_direct"]:
            winner = self.pick(buyer.favourites)
        else:
            winner = self.supplier(state_code)
        if p.method == "direct":
            n = 1
        elif p.method == "open":
            n = 1 if r() < RATES["single_bid_open"] else 2 + min(int(self.rng.expovariate(1 / 3.0)), 12)
        else:
            v = r()
            n = 1 if v < RATES["single_bid_selective"] else (2 if v < 0.30 else self.days(3, 5))
        tenderers, seen = [winner], {winner.ref["id"]}
        while len(tenderers) < n:
            o = self.supplier(state_code)
            if o.ref["id"] not in seen:
                seen.add(o.ref["id"])
                tenderers.append(o)
        # awards at or above the estimate (OA-P3) and far below it (OA-P4) happen at low rates
        v = r()
        if p.method == "direct":
            low, high = (1.0, 1.08) if v < 0.12 else (0.93, 1.0)
        else:
            low, high = (0.5, 0.7) if v < 0.04 else ((1.0, 1.05) if v < 0.08 else (0.72, 0.98))
        win_value = round(p.estimate * self.between(low, high), 2)
        bids = [(winner, win_value, "valid")]
        for o in tenderers[1:]:
            status = "disqualified" if r() < 0.12 else "valid"
            value = win_value * self.between(1.01, 1.25) if status == "valid" else win_value * self.between(0.85, 1.2)
            bids.append((o, round(value, 2), status))
        p.tenderers, p.bids, p.winner, p.award_value = tenderers, bids, winner, win_value

    def execution(self, p: Proc, late_days: int | None, force_factor: float | None) -> None:
        """Dates, amendments and final value of a signed contract; `late_days` and `force_factor`
        impose a delay and a value increase (projects use them for time and cost overruns)."""
        r, dur = self.r, p.duration
        works = p.category == "works"
        if late_days is None and works and p.project_id is None and r() < RATES["late"]:
            late_days = int(dur * self.between(0.3, 1.0))
        if late_days is not None and works:
            actual_end = p.c_end + late_days
        elif r() < RATES["slightly_late"]:
            actual_end = p.c_end + self.days(1, max(2, dur // 10))
        else:
            actual_end = p.c_end - int(dur * self.between(0.0, 0.06))
        # amendments: value and period, formalised during execution
        factor = None
        u = r()
        if force_factor is not None and works:
            factor = force_factor
        elif u < RATES["big_increase"]:
            factor = self.between(1.26, 1.6)
        elif u < RATES["big_increase"] + RATES["small_increase"]:
            factor = self.between(1.03, 1.2)
        extend_to = None
        if late_days is not None and works and r() < 0.5:
            extend_to = actual_end
        elif r() < RATES["extension"]:
            extend_to = p.c_end + int(dur * self.between(0.05, 0.2))
            actual_end = min(max(actual_end, p.c_end), extend_to - self.days(0, 5))
        events = []
        if factor is not None:
            events.append({"day": p.c_start + int(dur * self.between(0.3, 0.8)),
                           "value": round(p.contract_value * factor, 2),
                           "rationale": self.pick(V.AMENDMENT_VALUE_RATIONALES)})
        if extend_to is not None and extend_to > p.c_end:
            events.append({"day": p.c_start + int(dur * self.between(0.5, 0.95)), "end": extend_to,
                           "rationale": self.pick(V.AMENDMENT_PERIOD_RATIONALES)})
        events.sort(key=lambda a: a["day"])
        if len(events) == 2 and events[0]["day"] == events[1]["day"]:
            events[1]["day"] += 1
        p.amendments = [a for a in events if a["day"] <= DATA_DAY]
        p.actual_end = actual_end
        if p.c_start + 3 <= DATA_DAY:
            p.outcome = "implementation"
        if actual_end + 30 <= DATA_DAY:
            p.outcome = "completed"
            p.final_value = round(p.current_value * self.between(0.97, 1.0), 2)

    # -- releases --
    def releases(self, p: Proc, iw: ImplWorld) -> list[dict]:
        """The releases of one process, in date order, with `{ocid}.v{N}.{stage}` ids."""
        r, tz = self.r, iw.tz
        day_t = "T00:00:00" + tz
        D = lambda d: DAYS[d + DAYS_BEFORE] + day_t  # noqa: E731
        buyer = p.buyer.org
        out: list[tuple[int, str, str, dict]] = []  # (minute, stage, tag, body)
        last = [-1]

        def stamp(day: int) -> int:
            minute = max(day * 1440 + 480 + int(r() * 600), last[0] + 7)
            last[0] = minute
            return minute

        def add(day: int, stage: str, tag: str, body: dict) -> None:
            out.append((stamp(day), stage, tag, body))

        def ids(stage: str) -> tuple[str, str]:
            """(id of the latest release, id the next release of `stage` will get): releases are
            added in date order, so the version number is the position."""
            return f"{p.ocid}.v{len(out)}.{out[-1][1]}", f"{p.ocid}.v{len(out) + 1}.{stage}"

        value = lambda amount, cur="MXN": {"amount": amount, "currency": cur}  # noqa: E731
        project_ref = p.project_id or f"PEI-{self.next_process % 10000:04d}/{DAYS[p.plan_day + DAYS_BEFORE][:4]}"
        delivery = {"locality": p.place.name, "region": iw.state.name, "countryName": "México"}

        # planning
        add(p.plan_day, "planning", "planning", {
            "buyer": buyer.ref,
            "parties": [buyer.party("buyer", "procuringEntity"), iw.payer.party("payer")],
            "planning": {
                "rationale": "Obra incluida en el programa anual de obra pública " + DAYS[p.plan_day + DAYS_BEFORE][:4],
                "budget": {"id": f"{p.fund[0]}-{DAYS[p.plan_day + DAYS_BEFORE][:4]}", "description": p.fund[1],
                           "amount": value(p.budget), "project": p.title, "projectID": project_ref}},
            "tender": {"id": p.tender_id, "title": p.title, "status": "planning"},
        })
        if p.outcome == "planning":
            return self._finish(p, out, tz)

        method = "Licitación pública" if p.quirks["method_in_spanish"] else p.method
        tender = {
            "id": p.tender_id, "title": p.title, "description": p.description, "status": "active",
            "procuringEntity": buyer.ref, "value": value(p.estimate), "procurementMethod": method,
            "procurementMethodDetails": p.method_details,
            "procurementMethodRationale": (self.pick(V.DIRECT_RATIONALES) if p.method == "direct" else
                                           V.OPEN_RATIONALE if p.method == "open" else V.SELECTIVE_RATIONALE),
            "mainProcurementCategory": p.category,
            "additionalProcurementCategories": ["Obras públicas" if p.category == "works"
                                                else "Servicios relacionados con obras públicas"],
            "awardCriteria": "priceOnly" if r() < 0.7 else "ratedCriteria",
            "awardCriteriaDetails": self.pick(V.AWARD_CRITERIA_DETAILS),
            "submissionMethod": ["electronicSubmission"] if r() < 0.6 else ["inPerson"],
            "eligibilityCriteria": V.ELIGIBILITY,
            "items": [{"id": "1", "description": p.item,
                       "classification": {"scheme": "COG", "id": p.cog, "description": V.COG_DESCRIPTIONS[p.cog]},
                       "quantity": p.quantity, "unit": {"name": p.unit}, "deliveryAddress": delivery}],
            "documents": [{"id": f"{p.tender_id}-D1", "documentType": "tenderNotice" if p.method != "direct"
                           else "technicalSpecifications", "title": "Convocatoria" if p.method != "direct"
                           else "Especificaciones técnicas", "url": f"{URI_BASE}docs/{p.tender_id}/1.pdf",
                           "datePublished": D(p.tender_start), "format": "application/pdf", "language": "es"}],
        }
        tender["submissionMethodDetails"] = V.SUBMISSION_DETAILS[tender["submissionMethod"][0]]
        if p.tender_end is not None:
            tender["hasEnquiries"] = True
            tender["tenderPeriod"] = {"startDate": D(p.tender_start), "endDate": D(p.tender_end),
                                      "durationInDays": p.tender_end - p.tender_start}
            enquiry_end = p.tender_start + max(1, (p.tender_end - p.tender_start) // 2)
            tender["enquiryPeriod"] = {"startDate": D(p.tender_start), "endDate": D(enquiry_end)}
            tender["awardPeriod"] = {"startDate": D(p.tender_end), "endDate": D(p.award_day)}
        else:
            tender["hasEnquiries"] = False
        add(p.tender_start, "tender", "tender", {"tender": tender})

        if p.outcome == "cancelled":
            add(p.end_day, "tender", "tenderCancellation", {"tender": {
                "id": p.tender_id, "status": "cancelled",
                "statusDetails": "Cancelado por falta de suficiencia presupuestal"}})
            return self._finish(p, out, tz)
        if p.outcome == "unsuccessful":
            add(p.end_day, "tender", "tenderUpdate", {"tender": {
                "id": p.tender_id, "status": "unsuccessful",
                "statusDetails": "Licitación declarada desierta: ninguna proposición solvente"}})
            return self._finish(p, out, tz)
        if p.outcome in ("tender", "stalled"):
            return self._finish(p, out, tz)

        # award, with the tender's outcome (tenderers and bids)
        parties = [o.party("tenderer") for o in p.tenderers[1:]]
        parties.append(p.winner.party("tenderer", "supplier"))
        tender_end = p.tender_end if p.tender_end is not None else p.tender_start + 2
        award_currency = "MNX" if p.quirks["currency_mnx"] else "MXN"
        award = {
            "id": f"{p.tender_id}-A1", "title": p.title, "description": p.description, "status": "active",
            "date": D(p.award_day),
            "value": {"amount": p.award_value, "netAmount": round(p.award_value / 1.16, 2),
                      "currency": award_currency},
            "suppliers": [p.winner.ref],
            "contractPeriod": {"startDate": D(p.c_start), "endDate": D(p.c_end)},
        }
        add(p.award_day, "award", "award", {
            "parties": parties,
            "tender": {"id": p.tender_id, "status": "complete", "numberOfTenderers": len(p.tenderers),
                       "tenderers": [o.ref for o in p.tenderers]},
            "bids": {"details": [{"id": f"{p.tender_id}-P{i + 1}", "date": D(tender_end),
                                  "status": status, "tenderers": [o.ref], "value": value(amount)}
                                 for i, (o, amount, status) in enumerate(p.bids)]},
            "awards": [award],
        })
        if p.outcome == "award":
            return self._finish(p, out, tz)

        contract_id = f"{p.tender_id}-C1"
        signed: str = D(p.sign_day)
        if p.quirks["net_date"]:
            signed = f"/Date({(p.sign_day + EPOCH_OFFSET) * 86_400_000 + 6 * 3_600_000})/"
        add(p.sign_day, "contract", "contract", {"contracts": [{
            "id": contract_id, "awardID": award["id"], "title": p.title, "description": p.description,
            "status": "active", "dateSigned": signed,
            "value": {"amount": p.contract_value, "netAmount": round(p.contract_value / 1.16, 2),
                      "currency": "MXN"},
            "period": {"startDate": D(p.c_start), "endDate": D(p.c_end), "durationInDays": p.duration},
            "guarantees": [{"id": "1", "type": "fulfillment", "guaranteeType": "suretyBond",
                            "value": value(round(p.contract_value * 0.1, 2))}],
            "documents": [{"id": f"{p.tender_id}-D2", "documentType": "contractSigned", "title": "Contrato",
                           "url": f"{URI_BASE}docs/{p.tender_id}/contrato.pdf", "format": "application/pdf",
                           "datePublished": D(p.sign_day), "language": "es"}],
        }]})

        # execution: amendments and implementation snapshots, merged in date order
        if p.outcome in ("implementation", "completed"):
            self._execution_releases(p, iw, contract_id, award["id"], add, ids, D)
        return self._finish(p, out, tz)

    def _execution_releases(self, p: Proc, iw: ImplWorld, contract_id: str, award_id: str, add, ids, D) -> None:
        r, dur = self.r, p.duration
        amount, end, amendments = p.contract_value, p.c_end, []
        timeline: list[tuple[int, str, Any]] = [(a["day"], "amendment", a) for a in p.amendments]
        # milestones: start, half-way, handover; the handover is due at the (possibly extended) end
        half_due = p.c_start + dur // 2
        half_met = half_due + (self.days(10, 40) if r() < RATES["late_milestone"] else -self.days(0, 5))
        start_met = p.c_start + (0 if r() < 0.95 else self.days(3, 15))
        milestones = [(V.MILESTONES[0], p.c_start, start_met), (V.MILESTONES[1], half_due, half_met),
                      (V.MILESTONES[2], p.c_end, p.actual_end)]
        # payments: advance, two or three progress estimates, final settlement
        final = p.final_value if p.final_value is not None else p.current_value * 0.98
        n_est = self.days(2, 3)
        shares = [0.3] + [0.6 / n_est] * n_est
        pay_days = [p.c_start + self.days(2, 10)] + [
            p.c_start + int((p.actual_end - p.c_start) * (k + 1) / (n_est + 1)) + self.days(5, 20)
            for k in range(n_est)]
        payments = [(d, round(final * s, 2)) for d, s in zip(pay_days, shares)]
        settle_day = p.actual_end + self.days(5, 28)
        payments.append((settle_day, round(final - sum(v for _, v in payments), 2)))
        snapshots = []
        mid = min(p.c_start + int((p.actual_end - p.c_start) * 0.55), DATA_DAY)
        if mid >= p.c_start + 3:
            snapshots.append(mid)
        if p.outcome == "completed":
            snapshots.append(max(settle_day, p.actual_end) + 1)
        timeline += [(d, "implementation", None) for d in snapshots if d <= DATA_DAY]
        timeline.sort(key=lambda t: (t[0], t[1] != "amendment"))
        for day, kind, a in timeline:
            if kind == "amendment":
                rel_contract: dict[str, Any] = {"id": contract_id, "awardID": award_id}
                desc = []
                if "value" in a:
                    desc.append(f"monto de {amount:,.2f} a {a['value']:,.2f} MXN")
                    amount = a["value"]
                    rel_contract["value"] = {"amount": amount, "netAmount": round(amount / 1.16, 2),
                                             "currency": "MXN"}
                if "end" in a:
                    desc.append(f"plazo hasta el {DAYS[a['end'] + DAYS_BEFORE]}")
                    end = a["end"]
                    rel_contract["period"] = {"startDate": D(p.c_start), "endDate": D(end),
                                              "durationInDays": end - p.c_start}
                amends_id, a["release_id"] = ids("amendment")
                amendments.append({"id": f"{p.tender_id}-CM{len(amendments) + 1}", "date": D(day),
                                   "rationale": a["rationale"],
                                   "description": "Convenio modificatorio: " + "; ".join(desc),
                                   "amendsReleaseID": amends_id, "releaseID": a["release_id"]})
                rel_contract["amendments"] = list(amendments)
                add(day, "amendment", "contractAmendment", {"contracts": [rel_contract]})
            else:
                done = p.outcome == "completed" and day > p.actual_end
                ms = []
                for k, ((title, mtype), due, met) in enumerate(milestones):
                    m = {"id": f"{p.tender_id}-H{k + 1}", "title": title, "type": mtype, "dueDate": D(due)}
                    if met <= day and (k < 2 or done):
                        m["status"], m["dateMet"] = "met", D(met)
                    else:
                        m["status"] = "notMet" if due < day else "scheduled"
                    ms.append(m)
                txs = [{"id": f"{p.tender_id}-E{k + 1}", "date": D(d), "value": {"amount": v, "currency": "MXN"},
                        "payer": iw.payer.ref, "payee": p.winner.ref}
                       for k, (d, v) in enumerate(payments) if d <= day]
                body: dict[str, Any] = {"id": contract_id, "awardID": award_id, "implementation": {
                    "status": "concluded" if done else "ongoing", "milestones": ms, "transactions": txs}}
                if done:
                    body["status"] = "terminated"
                add(day, "implementation", "implementation", {"contracts": [body]})

    def _finish(self, p: Proc, out: list, tz: str) -> list[dict]:
        releases = []
        for n, (minute, stage, tag, body) in enumerate(out, 1):
            day, mod = divmod(minute, 1440)
            rid = f"{p.ocid}.v{n}.{stage}"
            date = f"{DAYS[day + DAYS_BEFORE]}T{mod // 60:02d}:{mod % 60:02d}:00{tz}"
            rel = {"ocid": p.ocid, "id": rid, "date": date, "tag": [tag], "initiationType": "tender",
                   "language": "es"}
            rel.update(body)
            releases.append(rel)
            p.releases.append((rid, [tag], date))
        return releases
