"""The registry (implementers, states) and the shared world of the demo data: buyers, payers, places and
per-state supplier pools, all drawn once from the seed so every output file sees the same organisations."""
from __future__ import annotations

import csv
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from demo import vocab as V
from demo.config import KIND_WEIGHTS, RATES, SUPPLIERS_PER_STATE
from loaders.compile.text import key


def default_data_dir() -> Path:
    """The project's data/ folder, where implementers.csv and states.csv live."""
    from core import settings  # late import: the generator itself needs no other settings

    return settings.DATA_DIR


@dataclass(frozen=True)
class State:
    """A row of states.csv."""

    state_code: str
    iso_code: str
    name: str
    lon: float
    lat: float


@dataclass(frozen=True)
class Implementer:
    """A row of implementers.csv, with the one ocid prefix and project prefix the demo uses."""

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
    implementers, _ = read_registry(default_data_dir() if data_dir is None else data_dir)
    return {i.implementer_id: (i.ocid_prefix, i.project_prefix, i.fake_prefix) for i in implementers}


# The shared world: organisations and places, drawn once from the seed

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
        name = f" {key(candidate)} "  # matched on whole words, as loaders.compile.registries.Resolver does
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


def build_world(seed: int, implementers: list[Implementer], states: dict[str, State]) -> World:
    """Supplier pools per state, then each implementer's places, buyers (with favourite and captive
    suppliers) and payer; a pure function of the seed and the registries."""
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
            finance = "Dirección de Administración y Finanzas"
            payer_unit = (f"{imp.name} - {finance}", finance)
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
