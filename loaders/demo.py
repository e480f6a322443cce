"""Deterministic synthetic demo data: EDCA-MX release packages and EDCAPI (OC4IDS) project packages.

`generate(out_dir, processes=N, seed=S)` writes, for the implementers of `data/implementers.csv`:

- `releases-00000.json`, ... : one OCDS 1.1 release package per `per_file` contracting processes, each
  process as several releases `{ocid}.v{N}.{stage}` (planning, tender, award, contract, contract
  amendments, implementation), as INAI's capture platform publishes them;
- `projects-00000.jsonl`, ... : one EDCAPI project package per line (`"projects": [one project]`, as the
  platform serves them), each linking 1-6 of the processes written in the matching release file.

Output depends only on (seed, processes, per_file, the registry CSVs): same inputs, same bytes. Each
file uses its own `random.Random` seeded from (seed, file index), so files can be built in parallel;
shared pools (buyers, suppliers) are drawn once from the seed. Memory is bounded by one project's
processes: releases are serialised with orjson and written as soon as a project is complete.

Every package names the publisher `PUBLISHER_NAME` and has its `uri` under `URI_BASE`, which is how
loaders recognise demo sources. Red-flag patterns and rare data-quality quirks are drawn at the rates
in `RATES` and `QUIRKS`.
"""
from __future__ import annotations

import csv
import datetime as dt
import math
import os
import random
import re
import unicodedata
from bisect import bisect
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from loaders import demo_vocab as V
from loaders.text import key

PUBLISHER_NAME = "Obras Abiertas — datos de demostración (sintéticos)"
URI_BASE = "https://demo.obras-abiertas.invalid/"
PUBLISHER = {"name": PUBLISHER_NAME, "uid": "obras-abiertas-demo", "uri": URI_BASE}
LICENSE = "https://creativecommons.org/publicdomain/zero/1.0/"
POLICY = URI_BASE + "politica-de-publicacion"
RELEASE_FILE = "releases-{:05d}.json"
PROJECT_FILE = "projects-{:05d}.jsonl"
RELEASE_GLOB = "releases-*.json"
PROJECT_GLOB = "projects-*.jsonl"

FIRST_DAY = dt.date(2019, 1, 1)        # day 0; planning dates start here
LAST_PLANNING_DAY = dt.date(2025, 9, 30)
DATA_DATE = dt.date(2025, 12, 31)      # "today" of the demo: nothing is dated later
PUBLISHED = "2026-01-05T09:00:00-06:00"
_DATA_DAY = (DATA_DATE - FIRST_DAY).days
_PLAN_SPAN = (LAST_PLANNING_DAY - FIRST_DAY).days

EXTENSIONS = [
    "https://raw.githubusercontent.com/INAImexico/ocds_taxes_extension/master/extension.json",
    "https://raw.githubusercontent.com/INAImexico/ocds_implementationStatus_extension/master/extension.json",
    "https://raw.githubusercontent.com/INAImexico/ocds_nameBreakdown_extension/master/extension.json",
    "https://raw.githubusercontent.com/INAImexico/ocds_guarantees_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json",
]

# Target rates of the patterns the indicators look for (shares of the stated population).
RATES = {
    "direct": 0.50,             # procurement method, by count (works); selective and open share the rest
    "open": 0.32,
    "standalone": 0.25,         # processes in no EDCAPI project
    "standalone_services": 0.15,  # of standalone processes: maintenance/studies services
    "cancelled": 0.02,          # tenders cancelled
    "unsuccessful_open": 0.04,  # open tenders declared void (desierta)
    "stalled": 0.04,            # tender period over, no award, no news
    "single_bid_open": 0.15,    # open procedures with one bid
    "single_bid_selective": 0.08,
    "short_tender_open": 0.08,  # open tender periods under 15 days
    "slow_signature": 0.05,     # award to signature > 30 days
    "long_decision": 0.05,      # tender end to award 60-150 days
    "big_increase": 0.03,       # contract raised 26-60% by amendment (plus cost-overrun projects)
    "small_increase": 0.12,     # contract raised 3-20%
    "extension": 0.12,          # contract period extended, works on time otherwise
    "late": 0.24,               # works finished late (time overrun > 25%; ~20% of completed projects,
                                #   since late works are less often finished by the data date)
    "cost_overrun": 0.10,       # projects whose final value exceeds the budget by > 25%
    "late_milestone": 0.10,     # the half-way milestone met late
    "slightly_late": 0.10,      # works handed over a few days after the due date
    "captured_buyer": 0.15,     # buyers awarding most of their contracts to one supplier
    "captured_share": 0.60,
    "favourite_direct": 0.45,   # direct awards going to one of the buyer's three favourite suppliers
}
# Data-quality quirks, kept rare (< 1%) so the loaders' corrections show without dominating.
QUIRKS = {
    "method_in_spanish": 0.004,   # open tender with procurementMethod "Licitación pública"
    "currency_mnx": 0.003,        # award currency "MNX"
    "net_date": 0.002,            # contract dateSigned as "/Date(ms)/"
    "swapped_point": 0.005,       # project Point as [lat, lon]
    "status_completed": 0.005,    # project status "completed" instead of "completion"
}
PROJECT_SIZES = (1, 2, 3, 4, 5, 6)
PROJECT_SIZE_WEIGHTS = (0.30, 0.25, 0.20, 0.12, 0.08, 0.05)
KIND_WEIGHTS = {"state": 3.0, "municipal": 1.0, "other": 0.6}
SUPPLIERS_PER_STATE = 120

_DAY0 = FIRST_DAY - dt.timedelta(days=800)
_DAYS = [(_DAY0 + dt.timedelta(days=i)).isoformat() for i in range(800 + _DATA_DAY + 1500)]
_EPOCH_OFFSET = (FIRST_DAY - dt.date(1970, 1, 1)).days


# --- Registry ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class State:
    state_code: str
    iso_code: str
    name: str
    lon: float
    lat: float


@dataclass(frozen=True)
class Implementer:
    implementer_id: str
    name: str
    kind: str
    state_code: str
    municipality_code: str
    ocid_prefix: str
    project_prefix: str
    fake_prefix: bool  # True when the registry gives no prefix and the demo made one up
    buyer_patterns: tuple[str, ...] = ()


def _split(value: str | None) -> list[str]:
    return [p.strip() for p in (value or "").split("|") if p.strip()]


def read_registry(data_dir: Path) -> tuple[list[Implementer], dict[str, State]]:
    """Read `implementers.csv` and `states.csv` from `data_dir`; raise FileNotFoundError if missing."""
    data_dir = Path(data_dir)
    paths = [data_dir / "implementers.csv", data_dir / "states.csv"]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise FileNotFoundError("demo data needs the registries; missing: " + ", ".join(missing))
    states: dict[str, State] = {}
    with open(paths[1], newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["state_code"].strip().zfill(2)
            states[code] = State(code, row.get("iso_code", "").strip(), row["name"].strip(),
                                 float(row["centroid_lon"]), float(row["centroid_lat"]))
    implementers = []
    with open(paths[0], newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            iid = row["implementer_id"].strip()
            if not iid:
                continue
            ocids, projects = _split(row.get("ocid_prefixes")), _split(row.get("project_prefixes"))
            slug = re.sub(r"[^a-z0-9]", "", iid.lower())
            state_code = (row.get("state_code") or "").strip().zfill(2)
            mun = (row.get("municipality_code") or "").strip()
            if mun and len(mun) <= 3:
                mun = state_code + mun.zfill(3)
            implementers.append(Implementer(
                iid, row["name"].strip(), (row.get("kind") or "").strip(), state_code, mun,
                ocids[0] if ocids else f"ocds-demo{slug}",
                projects[0] if projects else f"oc4ids-demo{slug}",
                not ocids or not projects, tuple(_split(row.get("buyer_patterns")))))
    if not implementers:
        raise ValueError(f"{paths[0]} lists no implementers")
    unknown = sorted({i.state_code for i in implementers} - states.keys())
    if unknown:
        raise ValueError(f"implementers in states missing from {paths[1]}: {', '.join(unknown)}")
    return implementers, states


def implementer_prefixes(data_dir: Path | None = None) -> dict[str, tuple[str, str, bool]]:
    """implementer_id -> (ocid prefix, project prefix, made up by the demo?) used by `generate`."""
    implementers, _ = read_registry(_default_data_dir() if data_dir is None else data_dir)
    return {i.implementer_id: (i.ocid_prefix, i.project_prefix, i.fake_prefix) for i in implementers}


def _default_data_dir() -> Path:
    from obras import settings  # late import: the generator itself needs no settings

    return settings.DATA_DIR


# --- The shared world: organisations and places, drawn once from the seed -----------------------

class Org:
    """An organisation as OCDS party (built once, reused by reference in every release)."""

    __slots__ = ("ref", "base", "_by_roles")

    def __init__(self, ref: dict, base: dict):
        self.ref, self.base, self._by_roles = ref, base, {}

    def party(self, *roles: str) -> dict:
        party = self._by_roles.get(roles)
        if party is None:
            party = dict(self.base)
            party["roles"] = list(roles)
            self._by_roles[roles] = party
        return party


@dataclass
class Buyer:
    org: Org
    unit_code: str                 # 9 digits, CompraNet-style unit key used in tender ids
    favourites: list[Org]          # repeat direct-award suppliers
    captive: Org | None            # set for captured buyers


@dataclass
class Place:
    name: str
    lon: float
    lat: float
    radius: float
    municipality_code: str


@dataclass
class ImplWorld:
    imp: Implementer
    state: State
    level: str
    places: list[Place]
    state_places: list[Place]
    buyers: list[Buyer]
    payer: Org
    tz: str
    weight: float


@dataclass
class World:
    implementers: list[ImplWorld]
    cum_weights: list[float]
    suppliers: dict[str, list[Org]]      # by state code
    supplier_cum: list[float]            # Zipf weights over a pool (same length for all states)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().upper()


_ALNUM = "ABCDEFGHIJKLMNPQRSTUVWXYZ123456789"


def _rfc(rng: random.Random, name: str, person: bool, taken: set[str], years=(1975, 2018)) -> str:
    """A plausible RFC: 3 letters (4 for natural persons), YYMMDD, 3-character homoclave; unique."""
    words = [w for w in re.findall(r"[A-Z]+", _ascii(name))
             if w not in {"DE", "DEL", "LA", "LAS", "LOS", "Y", "SA", "CV", "RL", "SAPI", "E"}]
    head = "".join(w[0] for w in words)[: 4 if person else 3].ljust(4 if person else 3, "X")
    while True:
        y = rng.randint(*years)
        rfc = (f"{head}{y % 100:02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
               f"{rng.choice(_ALNUM)}{rng.choice(_ALNUM)}{rng.choice('0123456789A')}")
        if rfc not in taken:
            taken.add(rfc)
            return rfc


def _org(rfc: str, name: str, person: bool, address: dict, contact: dict | None = None) -> Org:
    base = {"name": name, "id": "MX-RFC-" + rfc,
            "identifier": {"scheme": "MX-RFC", "id": rfc, "legalName": name,
                           "legalPersonality": "naturalPerson" if person else "legalPerson"},
            "address": address}
    if contact:
        base["contactPoint"] = contact
    return Org({"id": base["id"], "name": name}, base)


def _address(rng: random.Random, place: Place, state: State) -> dict:
    postal, _, _ = V.STATE_CONTACT.get(state.state_code, V.DEFAULT_CONTACT)
    return {"streetAddress": f"{rng.choice(V.CALLES)} {rng.randint(100, 3999)}",
            "locality": place.name, "region": state.name,
            "postalCode": f"{postal}{rng.randint(0, 999):03d}", "countryName": "México"}


def _with_pattern(unit: str, short: str, imp: Implementer, state: State) -> str:
    """The most natural form of a buyer name that contains one of the implementer's buyer patterns,
    so that buyer-name resolution finds the implementer even when its ocid prefix is made up."""
    patterns = [f" {key(p)} " for p in imp.buyer_patterns if key(p)]
    if not patterns:
        return unit
    for candidate in (unit, f"{unit}, {state.name}", f"{imp.name} - {short}", f"{imp.name}, {state.name} - {short}"):
        name = f" {key(candidate)} "  # matched on whole words, as loaders.registry.Resolver does
        if any(p in name for p in patterns):
            return candidate
    return unit


def _level(kind: str) -> str:
    k = _ascii(kind)
    if "MUNIC" in k or "AYUNT" in k or "ALCALD" in k:
        return "municipal"
    if "ESTAT" in k or "STATE" in k or "GOBIERNO" in k or "ENTIDAD" in k:
        return "state"
    return "other"


def _places(imp: Implementer, state: State) -> tuple[list[Place], list[Place]]:
    state_places = [Place(name, lon, lat, r, code) for code, (name, lon, lat, r) in V.MUNICIPALITIES.items()
                    if code[:2] == state.state_code]
    if not state_places:  # a state without a hand-made table: its centroid, widely jittered
        state_places = [Place(state.name, state.lon, state.lat, 0.08, "")]
    if imp.municipality_code:
        known = V.MUNICIPALITIES.get(imp.municipality_code)
        if known:
            return [Place(known[0], known[1], known[2], known[3], imp.municipality_code)], state_places
        name_key = _ascii(imp.name)
        for p in state_places:
            if p.municipality_code and _ascii(p.name) in name_key:
                return [p], state_places
        name = re.sub(r"^(H\.\s*)?(Municipio|Ayuntamiento|Gobierno Municipal|Alcald[ií]a) de\s+", "", imp.name)
        return [Place(name, state.lon, state.lat, 0.03, imp.municipality_code)], state_places
    return state_places, state_places


def _build_world(seed: int, implementers: list[Implementer], states: dict[str, State]) -> World:
    rng = random.Random(f"obras-demo-world:{seed}")
    taken: set[str] = set()
    suppliers: dict[str, list[Org]] = {}
    for code in sorted({i.state_code for i in implementers}):
        state = states[code]
        places = _places(Implementer("", "", "", code, "", "", "", False), state)[1]
        pool, names = [], set()
        while len(pool) < SUPPLIERS_PER_STATE:
            person = rng.random() < 0.1
            if person:
                name = (f"{rng.choice(V.GIVEN_NAMES)} {rng.choice(V.SURNAMES)} {rng.choice(V.SURNAMES)}").upper()
            else:
                name = f"{rng.choice(V.SUPPLIER_PREFIXES)} {rng.choice(V.SUPPLIER_CORES)}"
                if rng.random() < 0.5:
                    name += " " + rng.choice(V.SUPPLIER_CORES)
                name += rng.choice(V.LEGAL_FORMS)
            if name in names:
                continue
            names.add(name)
            place = places[int(rng.random() ** 2 * len(places))]  # most firms in the capital
            pool.append(_org(_rfc(rng, name, person, taken), name, person, _address(rng, place, state)))
        suppliers[code] = pool
    zipf = [1.0 / (i + 1) ** 0.9 for i in range(SUPPLIERS_PER_STATE)]
    supplier_cum = [sum(zipf[: i + 1]) / sum(zipf) for i in range(len(zipf))]

    worlds = []
    for imp in implementers:
        state = states[imp.state_code]
        level = _level(imp.kind)
        places, state_places = _places(imp, state)
        seat = places[0]
        _, phone_code, tz = V.STATE_CONTACT.get(state.state_code, V.DEFAULT_CONTACT)
        slug = re.sub(r"[^a-z0-9]+", "-", _ascii(imp.name).lower()).strip("-")[:30]
        # (full name, short unit name) pairs; the short one follows "implementer - " when a buyer
        # pattern of the registry has to appear in the name
        if level == "state":
            of_state = f" del Estado de {state.name}" if state.state_code != "09" else " de la Ciudad de México"
            units = [(u + of_state, u) for u in rng.sample(V.STATE_UNITS, rng.randint(3, 5))]
            payer = ("Secretaría de Finanzas y Tesorería General" if state.state_code != "09"
                     else "Secretaría de Administración y Finanzas")
            payer_unit = (payer + of_state, payer)
        elif level == "municipal":
            units = [(f"{u} del Municipio de {seat.name}", u)
                     for u in rng.sample(V.MUNICIPAL_UNITS, rng.randint(2, 3))]
            payer_unit = (f"Tesorería del Municipio de {seat.name}", "Tesorería Municipal")
        else:
            units = [(imp.name, imp.name),
                     (f"{imp.name} - Dirección de Obras y Mantenimiento", "Dirección de Obras y Mantenimiento")]
            payer_unit = (f"{imp.name} - Dirección de Administración y Finanzas", "Dirección de Administración y Finanzas")
        units = [_with_pattern(full, short, imp, state) for full, short in units]
        payer_name = _with_pattern(*payer_unit, imp, state)

        def contact(unit: str) -> dict:
            person = f"{rng.choice(V.GIVEN_NAMES)} {rng.choice(V.SURNAMES)} {rng.choice(V.SURNAMES)}"
            user = re.sub(r"[^a-z]", "", _ascii(unit.split(" del ")[0].split(" de ")[-1]).lower())[:16]
            return {"name": person, "email": f"{user}.{slug}@demo.obras-abiertas.invalid",
                    "telephone": f"+52 {phone_code} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"}

        buyers = []
        for unit in units:
            org = _org(_rfc(rng, unit, False, taken, (1950, 1995)), unit, False,
                       _address(rng, seat, state), contact(unit))
            pool = suppliers[state.state_code]
            favourites = rng.sample(pool[:40], 3)
            captive = pool[rng.randrange(60)] if rng.random() < RATES["captured_buyer"] else None
            buyers.append(Buyer(org, f"{rng.randint(900000000, 999999999)}", favourites, captive))
        payer = _org(_rfc(rng, payer_name, False, taken, (1950, 1995)), payer_name, False,
                     _address(rng, seat, state), contact(payer_name))
        worlds.append(ImplWorld(imp, state, level, places, state_places, buyers, payer, tz,
                                KIND_WEIGHTS[level]))
    total = sum(w.weight for w in worlds)
    cum, acc = [], 0.0
    for w in worlds:
        acc += w.weight / total
        cum.append(acc)
    cum[-1] = 1.0
    return World(worlds, cum, suppliers, supplier_cum)


# --- One contracting process ---------------------------------------------------------------------

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
        year = (_DAY0 + dt.timedelta(days=800 + plan_day)).year
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
        if p.tender_start > _DATA_DAY:
            p.outcome = "planning"
            return
        u = r()
        tender_close = p.tender_end if p.tender_end is not None else p.tender_start + 5
        if u < RATES["cancelled"]:
            p.outcome, p.end_day = "cancelled", p.tender_start + self.days(3, 30)
            if p.end_day > _DATA_DAY:
                p.outcome = "tender"
            return
        if p.method == "open" and u < RATES["cancelled"] + RATES["unsuccessful_open"]:
            p.outcome, p.end_day = "unsuccessful", tender_close + self.days(5, 20)
            if p.end_day > _DATA_DAY:
                p.outcome = "tender"
            return
        if p.method != "direct" and r() < RATES["stalled"] and tender_close + 31 < _DATA_DAY:
            p.outcome = "stalled"
            return
        if p.award_day > _DATA_DAY:
            p.outcome = "tender"
            return
        self._bids(p, iw)
        if p.sign_day > _DATA_DAY:
            p.outcome = "award"
            return
        p.contract_value = p.award_value if r() < 0.9 else round(p.award_value * self.between(0.98, 1.02), 2)
        p.outcome = "contract"
        self._execution(p, None, None)

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
        if p.method == "direct":
            win_value = round(p.estimate * self.between(0.93, 1.0), 2)
        else:
            win_value = round(p.estimate * self.between(0.72, 0.98), 2)
        bids = [(winner, win_value, "valid")]
        for o in tenderers[1:]:
            status = "disqualified" if r() < 0.12 else "valid"
            value = win_value * self.between(1.01, 1.25) if status == "valid" else win_value * self.between(0.85, 1.2)
            bids.append((o, round(value, 2), status))
        p.tenderers, p.bids, p.winner, p.award_value = tenderers, bids, winner, win_value

    def _execution(self, p: Proc, late_days: int | None, force_factor: float | None) -> None:
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
        p.amendments = [a for a in events if a["day"] <= _DATA_DAY]
        p.actual_end = actual_end
        if p.c_start + 3 <= _DATA_DAY:
            p.outcome = "implementation"
        if actual_end + 30 <= _DATA_DAY:
            p.outcome = "completed"
            p.final_value = round(p.current_value * self.between(0.97, 1.0), 2)

    # -- releases --
    def releases(self, p: Proc, iw: ImplWorld) -> list[dict]:
        """The releases of one process, in date order, with `{ocid}.v{N}.{stage}` ids."""
        r, tz = self.r, iw.tz
        day_t = "T00:00:00" + tz
        D = lambda d: _DAYS[d + 800] + day_t  # noqa: E731
        buyer = p.buyer.org
        out: list[tuple[int, str, str, dict]] = []  # (minute, stage, tag, body)
        last = [-1]

        def stamp(day: int) -> int:
            minute = max(day * 1440 + 480 + int(r() * 600), last[0] + 7)
            last[0] = minute
            return minute

        def add(day: int, stage: str, tag: str, body: dict) -> None:
            out.append((stamp(day), stage, tag, body))

        value = lambda amount, cur="MXN": {"amount": amount, "currency": cur}  # noqa: E731
        project_ref = p.project_id or f"PEI-{self.next_process % 10000:04d}/{_DAYS[p.plan_day + 800][:4]}"
        delivery = {"locality": p.place.name, "region": iw.state.name, "countryName": "México"}

        # planning
        add(p.plan_day, "planning", "planning", {
            "buyer": buyer.ref,
            "parties": [buyer.party("buyer", "procuringEntity"), iw.payer.party("payer")],
            "planning": {
                "rationale": f"Obra incluida en el programa anual de obra pública {_DAYS[p.plan_day + 800][:4]}",
                "budget": {"id": f"{p.fund[0]}-{_DAYS[p.plan_day + 800][:4]}", "description": p.fund[1],
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
            signed = f"/Date({(p.sign_day + _EPOCH_OFFSET) * 86_400_000 + 6 * 3_600_000})/"
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
            self._execution_releases(p, iw, contract_id, award["id"], add, D)
        return self._finish(p, out, tz)

    def _execution_releases(self, p: Proc, iw: ImplWorld, contract_id: str, award_id: str, add, D) -> None:
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
        mid = min(p.c_start + int((p.actual_end - p.c_start) * 0.55), _DATA_DAY)
        if mid >= p.c_start + 3:
            snapshots.append(mid)
        if p.outcome == "completed":
            snapshots.append(max(settle_day, p.actual_end) + 1)
        timeline += [(d, "implementation", None) for d in snapshots if d <= _DATA_DAY]
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
                    desc.append(f"plazo hasta el {_DAYS[a['end'] + 800]}")
                    end = a["end"]
                    rel_contract["period"] = {"startDate": D(p.c_start), "endDate": D(end),
                                              "durationInDays": end - p.c_start}
                amendments.append({"id": f"{p.tender_id}-CM{len(amendments) + 1}", "date": D(day),
                                   "rationale": a["rationale"],
                                   "description": "Convenio modificatorio: " + "; ".join(desc)})
                rel_contract["amendments"] = list(amendments)
                a["index"] = len(amendments)
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
        amendments_seen = 0
        for n, (minute, stage, tag, body) in enumerate(out, 1):
            day, mod = divmod(minute, 1440)
            rid = f"{p.ocid}.v{n}.{stage}"
            date = f"{_DAYS[day + 800]}T{mod // 60:02d}:{mod % 60:02d}:00{tz}"
            rel = {"ocid": p.ocid, "id": rid, "date": date, "tag": [tag], "initiationType": "tender",
                   "language": "es"}
            rel.update(body)
            releases.append(rel)
            p.releases.append((rid, [tag], date))
            if stage == "amendment":  # remember which release formalised each amendment
                amendments_seen += 1
                for a in p.amendments:
                    if a.get("index") == amendments_seen:
                        a["release_id"] = rid
        return releases


# --- Projects ------------------------------------------------------------------------------------

def _theme_spec(gen: FileGen, theme: tuple, iw: ImplWorld, place: Place) -> dict:
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
    nature, title_t, cog, share = nature_t
    title = title_t.format(title=works["title"])
    return {**works, "title": title, "description": title, "median": works["median"] * share, "cog": cog,
            "item": title, "unit": "servicio", "unit_price": works["median"] * share, "category": "services",
            "nature": nature}


class Writer:
    """Writes one release package and one project JSON Lines file, streaming."""

    def __init__(self, out_dir: Path, file_index: int):
        self.paths = (out_dir / RELEASE_FILE.format(file_index), out_dir / PROJECT_FILE.format(file_index))
        self.tmp = [p.with_name(p.name + ".part") for p in self.paths]
        self.rel = open(self.tmp[0], "wb", buffering=1 << 20)
        self.proj = open(self.tmp[1], "wb", buffering=1 << 20)
        meta = {"uri": f"{URI_BASE}edca/{self.paths[0].name}", "version": "1.1", "extensions": EXTENSIONS,
                "publishedDate": PUBLISHED, "publisher": PUBLISHER, "license": LICENSE,
                "publicationPolicy": POLICY}
        self.rel.write(orjson.dumps(meta)[:-1] + b',"releases":[')
        self.first = True

    def releases(self, releases: list[dict]) -> None:
        for rel in releases:
            if not self.first:
                self.rel.write(b",")
            self.first = False
            self.rel.write(orjson.dumps(rel))

    def project(self, package: dict) -> None:
        self.proj.write(orjson.dumps(package) + b"\n")

    def close(self) -> list[Path]:
        self.rel.write(b"]}")
        self.rel.close()
        self.proj.close()
        for tmp, final in zip(self.tmp, self.paths):
            os.replace(tmp, final)
        return list(self.paths)


def _build_file(world: World, out_dir: Path, seed: int, file_index: int, count: int, per_file: int) -> list[Path]:
    gen = FileGen(world, seed, file_index, per_file)
    writer = Writer(out_dir, file_index)
    r = gen.r
    try:
        done = 0
        while done < count:
            iw = world.implementers[min(bisect(world.cum_weights, r()), len(world.implementers) - 1)]
            place = gen.pick(iw.places)
            buyer = gen.pick(iw.buyers)
            plan_day = int(_PLAN_SPAN * r() ** 0.85)  # publication grows over the years
            if r() < RATES["standalone"]:
                done += 1
                if r() < RATES["standalone_services"]:
                    title_t, cog, median = gen.pick(V.STANDALONE_SERVICES)
                    title = title_t.format(localidad=place.name)
                    spec = {"title": title, "description": title, "median": median, "cog": cog, "item": title,
                            "unit": "servicio", "unit_price": median, "category": "services",
                            "nature": "construction", "fund": gen.pick(V.FUNDS)}
                else:
                    spec = _theme_spec(gen, gen.pick(V.THEMES), iw, place)
                    spec["fund"] = gen.pick(V.FUNDS)
                p = gen.process(iw, buyer, place, spec, plan_day, None)
                writer.releases(gen.releases(p, iw))
                continue
            size = min(_weighted(gen, PROJECT_SIZES, PROJECT_SIZE_WEIGHTS), count - done)
            done += size
            _project(gen, writer, iw, place, buyer, plan_day, size)
        return writer.close()
    except BaseException:
        writer.rel.close()
        writer.proj.close()
        for tmp in writer.tmp:
            tmp.unlink(missing_ok=True)
        raise


def _weighted(gen: FileGen, values: tuple, weights: tuple):
    u, acc = gen.r(), 0.0
    for v, w in zip(values, weights):
        acc += w
        if u < acc:
            return v
    return values[-1]


def _project(gen: FileGen, writer: Writer, iw: ImplWorld, place: Place, buyer: Buyer, plan_day: int,
             size: int) -> None:
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
        day = min(day, _DATA_DAY - gen.days(1, 45))  # a later stage is at most just planned
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
        gen._execution(p, late_days, factor)
    for p in procs:
        writer.releases(gen.releases(p, iw))
    writer.project(_project_package(gen, iw, project_id, works, procs, budget, period_start, period_end))


def _project_package(gen: FileGen, iw: ImplWorld, project_id: str, works: dict, procs: list[Proc],
                     budget: float, period_start: int, period_end: int) -> dict:
    r, tz = gen.r, iw.tz
    D = lambda d: _DAYS[d + 800] + "T00:00:00" + tz  # noqa: E731
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
                                     "rationale": a["rationale"], "releaseID": a.get("release_id", "")}
                if "value" in a:
                    m.update(type="value", description="Modificación del monto del contrato",
                             oldContractValue=value(old_value), newContractValue=value(a["value"]))
                    old_value = a["value"]
                else:
                    m.update(type="duration", description="Ampliación del plazo del contrato",
                             oldContractPeriod={"startDate": D(p.c_start), "endDate": D(old_end)},
                             newContractPeriod={"startDate": D(p.c_start), "endDate": D(a["end"])})
                    old_end = a["end"]
                if not m["releaseID"]:
                    del m["releaseID"]
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


# --- Entry points --------------------------------------------------------------------------------

_WORLD_CACHE: dict[tuple, World] = {}


def _world(seed: int, data_dir: Path) -> World:
    key = (seed, str(Path(data_dir).resolve()),
           *(p.stat().st_mtime_ns for p in (Path(data_dir) / "implementers.csv", Path(data_dir) / "states.csv")
             if p.exists()))
    world = _WORLD_CACHE.get(key)
    if world is None:
        implementers, states = read_registry(data_dir)
        world = _build_world(seed, implementers, states)
        _WORLD_CACHE.clear()
        _WORLD_CACHE[key] = world
    return world


def generate_file(out_dir: Path, file_index: int, processes: int = 5000, seed: int = 2026,
                  per_file: int = 1000, data_dir: Path | None = None) -> list[Path]:
    """Write file number `file_index` of a `generate` run (its release package and project lines)."""
    if per_file < 1 or processes < 0:
        raise ValueError("per_file must be >= 1 and processes >= 0")
    count = min(per_file, processes - file_index * per_file)
    if count <= 0:
        raise ValueError(f"file {file_index} is beyond {processes} processes")
    world = _world(seed, _default_data_dir() if data_dir is None else Path(data_dir))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return _build_file(world, out_dir, seed, file_index, count, per_file)


def generate(out_dir: Path, processes: int = 5000, seed: int = 2026, per_file: int = 1000,
             data_dir: Path | None = None, workers: int = 1) -> list[Path]:
    """Write release packages (one JSON file per `per_file` processes, several releases per ocid) and
    project packages (JSON Lines, one package per line); return the written paths.

    Same seed and N -> byte-identical files. Streams: never holds more than one project's processes.
    Registries are read from `data_dir` (default: the project's `data/`). Files left in `out_dir` by
    an earlier, larger run (same name patterns) are removed so the folder holds exactly this dataset.
    `workers` > 1 builds files in parallel processes; the bytes do not depend on it.
    """
    data_dir = _default_data_dir() if data_dir is None else Path(data_dir)
    _world(seed, data_dir)  # fail early and clearly if the registries are missing
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    n_files = -(-processes // per_file) if processes > 0 else 0
    jobs = [(out_dir, i, processes, seed, per_file, data_dir) for i in range(n_files)]
    if workers > 1 and n_files > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_generate_file_job, jobs))
    else:
        results = [generate_file(*job) for job in jobs]
    paths = [p for pair in results for p in pair]
    keep = {p.name for p in paths}
    for pattern in (RELEASE_GLOB, PROJECT_GLOB):
        for stale in out_dir.glob(pattern):
            if stale.name not in keep:
                stale.unlink()
    return paths


def _generate_file_job(job: tuple) -> list[Path]:
    return generate_file(*job)
