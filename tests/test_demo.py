"""The demo data generator (demo.generate): deterministic, well-formed, linked, realistic, streaming.

Rates are computed here from the written files and checked against plausible bands (not against the
generator's own constants), so a change that breaks a red-flag pattern fails here.
"""
from __future__ import annotations

import collections
import datetime as dt
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from demo import generate as demo
from tests.shared import ROOT, shared_data

N = 5000            # processes in the main sample: enough for rates to settle
STAGES = {"planning", "tender", "award", "contract", "amendment", "implementation"}

# A small registry of our own, used only while data/implementers.csv and data/states.csv do not exist.
FALLBACK_STATES = """state_code,iso_code,name,centroid_lon,centroid_lat,aliases
19,MX-NLE,Nuevo León,-99.99,25.59,NL
31,MX-YUC,Yucatán,-88.89,20.75,Yuc.
14,MX-JAL,Jalisco,-103.6,20.6,Jal.
"""
FALLBACK_IMPLEMENTERS = """implementer_id,name,kind,state_code,municipality_code,ocid_prefixes,project_prefixes,buyer_patterns,source
nl-gobierno,Gobierno del Estado de Nuevo León,state_agency,19,,ocds-7wj9x5,oc4ids-gx3fo2,gobierno del estado de nuevo leon,test
nl-monterrey,Municipio de Monterrey,municipality,19,19039,,,municipio de monterrey,test
yuc-merida,Municipio de Mérida,municipality,31,31050,,,municipio de merida,test
jal-gobierno,Gobierno del Estado de Jalisco,state_agency,14,,ocds-xs1qbl,,gobierno del estado de jalisco,test
nl-uanl,Universidad Autónoma de Nuevo León,autonomous,19,,,,uanl,test
"""


@pytest.fixture(scope="module")
def registry_dir(tmp_path_factory) -> Path:
    data = ROOT / "data"
    if (data / "implementers.csv").is_file() and (data / "states.csv").is_file():
        return data
    d = tmp_path_factory.mktemp("registry")
    (d / "states.csv").write_text(FALLBACK_STATES, encoding="utf-8")
    (d / "implementers.csv").write_text(FALLBACK_IMPLEMENTERS, encoding="utf-8")
    return d


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value[:10])


class Sample:
    """One generated dataset, read back from its files."""

    def __init__(self, folder: Path, paths: list[Path]):
        self.folder, self.paths = folder, paths
        self.packages: list[dict] = []
        self.project_packages: list[dict] = []
        self.releases: dict[str, list[dict]] = collections.defaultdict(list)
        self.file_ocids: dict[str, set[str]] = {}
        for p in sorted(folder.glob("releases-*.json")):
            package = orjson.loads(p.read_bytes())
            self.file_ocids[p.name] = {r["ocid"] for r in package["releases"]}
            for r in package.pop("releases"):
                self.releases[r["ocid"]].append(r)
            self.packages.append(package)
        for p in sorted(folder.glob("projects-*.jsonl")):
            for line in p.read_bytes().splitlines():
                self.project_packages.append(orjson.loads(line))
        self.projects = [pr for pkg in self.project_packages for pr in pkg["projects"]]
        self.facts = {ocid: self._facts(rels) for ocid, rels in self.releases.items()}

    @staticmethod
    def _facts(rels: list[dict]) -> dict:
        """What a compiled release would say, read field by field from the releases in order."""
        f: dict = {"contract_values": [], "milestones": [], "amendment_tags": 0}
        for r in rels:
            t = r.get("tender", {})
            for k in ("procurementMethod", "tenderPeriod", "status", "numberOfTenderers"):
                if k in t:
                    f[k] = t[k]
            if "buyer" in r:
                f["buyer"] = r["buyer"]
            for a in r.get("awards", []):
                f["award"] = a
            for c in r.get("contracts", []):
                if "value" in c:
                    f["contract_values"].append(c["value"]["amount"])
                if "dateSigned" in c:
                    f["dateSigned"] = c["dateSigned"]
                if "implementation" in c:
                    f["milestones"] = c["implementation"]["milestones"]
            f["amendment_tags"] += "contractAmendment" in r["tag"]
            f.setdefault("parties", []).extend(r.get("parties", []))
        return f


@pytest.fixture(scope="module")
def sample(tmp_path_factory, registry_dir) -> Sample:
    out = tmp_path_factory.mktemp("demo")
    paths = demo.generate(out, processes=N, seed=2026, per_file=1000, data_dir=registry_dir)
    return Sample(out, paths)


@pytest.fixture(scope="module")
def implementers(registry_dir):
    return demo.read_registry(registry_dir)[0]


# --- determinism ---------------------------------------------------------------------------------

def test_same_seed_and_n_write_identical_bytes(tmp_path, registry_dir):
    a = demo.generate(tmp_path / "a", processes=1200, seed=7, per_file=500, data_dir=registry_dir)
    b = demo.generate(tmp_path / "b", processes=1200, seed=7, per_file=500, data_dir=registry_dir)
    assert [p.name for p in a] == [p.name for p in b]
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")


def test_different_seed_changes_every_file(tmp_path, registry_dir):
    demo.generate(tmp_path / "a", processes=1200, seed=7, per_file=500, data_dir=registry_dir)
    demo.generate(tmp_path / "b", processes=1200, seed=8, per_file=500, data_dir=registry_dir)
    a, b = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    assert a.keys() == b.keys()
    assert all(a[name] != b[name] for name in a)


def test_parallel_workers_and_single_files_write_the_same_bytes(tmp_path, registry_dir):
    demo.generate(tmp_path / "serial", processes=1200, seed=7, per_file=400, data_dir=registry_dir)
    demo.generate(tmp_path / "parallel", processes=1200, seed=7, per_file=400, data_dir=registry_dir, workers=2)
    demo.generate_file(tmp_path / "one", 1, processes=1200, seed=7, per_file=400, data_dir=registry_dir)
    serial = _digests(tmp_path / "serial")
    assert _digests(tmp_path / "parallel") == serial
    one = _digests(tmp_path / "one")
    assert one == {name: serial[name] for name in one} and len(one) == 2


def test_a_smaller_run_removes_the_files_of_a_larger_one(tmp_path, registry_dir):
    demo.generate(tmp_path, processes=1500, per_file=500, data_dir=registry_dir)
    paths = demo.generate(tmp_path, processes=700, per_file=500, data_dir=registry_dir)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)
    assert len(paths) == 4


def test_missing_registry_fails_with_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="implementers.csv"):
        demo.generate(tmp_path / "out", processes=10, data_dir=tmp_path)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


# --- shape ---------------------------------------------------------------------------------------

def test_files_hold_the_requested_processes(sample):
    assert len(sample.paths) == 2 * (N // 1000) and all(p.exists() for p in sample.paths)
    assert len(sample.releases) == N
    assert all(len(ocids) == 1000 for ocids in sample.file_ocids.values())


def test_every_package_is_marked_as_synthetic_demo_data(sample):
    for package in sample.packages:
        assert package["version"] == "1.1"
        assert package["publisher"]["name"] == demo.PUBLISHER_NAME
        assert package["uri"].startswith(demo.URI_BASE)
    for package in sample.project_packages:
        assert package["version"] == "0.9" and len(package["projects"]) == 1
        assert package["publisher"]["name"] == demo.PUBLISHER_NAME
        assert package["uri"].startswith(demo.URI_BASE)
    assert "sintéticos" in demo.PUBLISHER_NAME and ".invalid/" in demo.URI_BASE


def test_every_release_has_ocid_id_date_and_tag_with_numbered_stage_ids(sample):
    for ocid, rels in sample.releases.items():
        for n, r in enumerate(rels, 1):
            assert r["ocid"] == ocid and r["tag"] and isinstance(r["tag"], list)
            dt.datetime.fromisoformat(r["date"])
            version, stage = r["id"][len(ocid):].lstrip(".").split(".")
            assert r["id"].startswith(ocid + ".") and version == f"v{n}" and stage in STAGES


def test_releases_of_an_ocid_have_increasing_dates(sample):
    for rels in sample.releases.values():
        dates = [dt.datetime.fromisoformat(r["date"]) for r in rels]
        assert all(a < b for a, b in zip(dates, dates[1:]))
        assert dates[-1].date() <= demo.DATA_DATE


def test_ocids_carry_each_implementers_prefix_and_every_implementer_appears(sample, implementers):
    prefixes = {i.ocid_prefix: i for i in implementers}
    seen = set()
    for ocid in sample.releases:
        prefix = next((p for p in prefixes if ocid.startswith(p + "-")), None)
        assert prefix is not None, ocid
        seen.add(prefix)
        assert re.fullmatch(r"(LO|IO|AO)-\d{9}-[ENT]\d+-20\d\d", ocid[len(prefix) + 1:]), ocid
    assert seen == set(prefixes)
    for i in implementers:  # made-up prefixes only where the registry has none
        assert i.fake_prefix == ("demo" in i.ocid_prefix or "demo" in i.project_prefix)


def test_every_projects_processes_exist_among_generated_ocids(sample):
    linked = 0
    for project in sample.projects:
        assert 1 <= len(project["contractingProcesses"]) <= 6
        for cp in project["contractingProcesses"]:
            assert cp["id"] in sample.releases
            assert cp["summary"]["ocid"] == cp["id"]
            assert [rel["id"] for rel in cp["releases"]] == [r["id"] for r in sample.releases[cp["id"]]]
            linked += 1
    assert 0.5 * N < linked < N  # most processes belong to a project, some stand alone


def test_projects_are_shaped_as_edcapi_with_points_and_completion(sample):
    statuses = collections.Counter(p["status"] for p in sample.projects)
    assert {"implementation", "completion"} <= set(statuses)
    for p in sample.projects:
        assert p["id"].count("-") >= 2 and p["budget"]["amount"]["currency"] == "MXN"
        point = p["locations"][0]["geometry"]
        assert point["type"] == "Point" and len(point["coordinates"]) == 2
        if p["status"] == "completion":
            assert {"endDate", "finalValue"} <= set(p["completion"])


def test_contract_amendments_keep_the_earlier_value_in_earlier_releases(sample):
    projects_by_ocid = {cp["id"]: cp["summary"] for p in sample.projects for cp in p["contractingProcesses"]}
    amended = 0
    for ocid, f in sample.facts.items():
        values = f["contract_values"]
        if len(values) > 1:
            amended += 1
            assert values[-1] != values[0]
            summary = projects_by_ocid.get(ocid)
            if summary:  # the project's modifications tell the same story as the releases
                assert summary["contractValue"]["amount"] == values[0]
                value_mods = [m for m in summary["modifications"] if m["type"] == "value"]
                assert value_mods[0]["oldContractValue"]["amount"] == values[0]
                assert value_mods[-1]["newContractValue"]["amount"] == values[-1]
                assert all(m["releaseID"].startswith(ocid + ".v") for m in summary["modifications"])
    assert amended > 0.05 * N


def test_each_amendment_names_its_own_release_and_the_release_it_amends(sample):
    checked = 0
    for ocid, rels in sample.releases.items():
        ids = [r["id"] for r in rels]
        first_seen: dict[str, int] = {}
        for n, r in enumerate(rels):
            for c in r.get("contracts", []):
                for a in c.get("amendments", []):
                    first_seen.setdefault(a["id"], n)
                    if first_seen[a["id"]] == n:
                        assert a["releaseID"] == r["id"] and "contractAmendment" in r["tag"]
                        assert a["amendsReleaseID"] == ids[n - 1]
                        checked += 1
    assert checked > 0.05 * N


def test_amounts_are_in_mexican_pesos(sample):
    currencies = collections.Counter(f["award"]["value"]["currency"] for f in sample.facts.values() if "award" in f)
    assert currencies.most_common(1)[0][0] == "MXN"
    assert set(currencies) <= {"MXN", "MNX"}


# --- realism: red-flag patterns at plausible rates -----------------------------------------------

def _share(hits: int, total: int) -> float:
    assert total > 0
    return hits / total


def test_about_half_of_procedures_are_direct_awards(sample):
    methods = [f.get("procurementMethod") for f in sample.facts.values() if f.get("procurementMethod")]
    assert 0.40 <= _share(methods.count("direct"), len(methods)) <= 0.60
    assert methods.count("open") > methods.count("selective") > 0


def test_single_bids_occur_in_a_plausible_share_of_open_procedures(sample):
    awarded_open = [f for f in sample.facts.values() if f.get("procurementMethod") == "open" and "award" in f]
    assert 0.05 <= _share(sum(f["numberOfTenderers"] == 1 for f in awarded_open), len(awarded_open)) <= 0.30


def test_short_tender_periods_occur_in_a_plausible_share_of_open_procedures(sample):
    periods = [f["tenderPeriod"] for f in sample.facts.values()
               if f.get("procurementMethod") == "open" and "tenderPeriod" in f]
    short = sum((_day(p["endDate"]) - _day(p["startDate"])).days < 15 for p in periods)
    assert 0.03 <= _share(short, len(periods)) <= 0.15


def test_contract_price_increases_over_25_percent_are_a_minority(sample):
    contracts = [f["contract_values"] for f in sample.facts.values() if f["contract_values"]]
    big = sum(v[-1] / v[0] > 1.25 for v in contracts)
    assert 0.03 <= _share(big, len(contracts)) <= 0.12


def _overrun(project) -> tuple[float, float]:
    start, end = _day(project["period"]["startDate"]), _day(project["period"]["endDate"])
    time = (_day(project["completion"]["endDate"]) - end).days / max((end - start).days, 1)
    cost = project["completion"]["finalValue"]["amount"] / project["budget"]["amount"]["amount"] - 1
    return time, cost


def test_time_and_cost_overruns_occur_in_plausible_shares_of_completed_projects(sample):
    completed = [_overrun(p) for p in sample.projects if "completion" in p]
    assert len(completed) > 200
    assert 0.10 <= _share(sum(t > 0.25 for t, _ in completed), len(completed)) <= 0.35
    assert 0.04 <= _share(sum(c > 0.25 for _, c in completed), len(completed)) <= 0.20


def test_some_milestones_are_met_late(sample):
    implemented = [f["milestones"] for f in sample.facts.values() if f["milestones"]]
    late = sum(any("dateMet" in m and _day(m["dateMet"]) > _day(m["dueDate"]) for m in ms) for ms in implemented)
    assert 0.10 <= _share(late, len(implemented)) <= 0.60


def test_stalled_and_cancelled_tenders_exist(sample):
    stalled = [f for f in sample.facts.values()
               if f.get("status") == "active" and "tenderPeriod" in f and "award" not in f
               and (demo.DATA_DATE - _day(f["tenderPeriod"]["endDate"])).days > 30]
    assert 0.005 * N <= len(stalled) <= 0.08 * N
    assert any(f.get("status") == "cancelled" for f in sample.facts.values())
    assert any(f.get("status") == "unsuccessful" for f in sample.facts.values())


def test_some_buyers_concentrate_awards_on_one_supplier(sample):
    by_buyer: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for f in sample.facts.values():
        if "award" in f:
            by_buyer[f["buyer"]["id"]][f["award"]["suppliers"][0]["id"]] += f["award"]["value"]["amount"]
    shares = [max(c.values()) / sum(c.values()) for c in by_buyer.values() if sum(c.values()) and len(c) >= 10]
    concentrated = sum(s >= 0.30 for s in shares)
    assert 1 <= concentrated < 0.5 * len(shares)


def test_some_buyers_repeat_direct_awards_to_one_supplier_within_a_year(sample):
    pairs: dict[tuple, list] = collections.defaultdict(list)
    for f in sample.facts.values():
        if f.get("procurementMethod") == "direct" and "award" in f:
            pairs[(f["buyer"]["id"], f["award"]["suppliers"][0]["id"])].append(_day(f["award"]["date"]))
    repeated = sum(any((d[i + 2] - d[i]).days <= 365 for i in range(len(d) - 2))
                   for d in (sorted(v) for v in pairs.values()))
    assert repeated >= 10


def test_suppliers_have_rfc_identifiers_and_addresses_in_a_state(sample, registry_dir):
    _, states = demo.read_registry(registry_dir)
    names = {s.name for s in states.values()}
    suppliers = {p["id"]: p for f in sample.facts.values() for p in f["parties"] if "supplier" in p["roles"]}
    assert len(suppliers) > 50
    for p in suppliers.values():
        assert p["identifier"]["scheme"] == "MX-RFC" and p["id"] == "MX-RFC-" + p["identifier"]["id"]
        assert re.fullmatch(r"[A-Z&]{3,4}\d{6}[A-Z0-9]{3}", p["identifier"]["id"])
        assert p["address"]["region"] in names


def test_data_quality_quirks_are_present_but_rare(sample):
    facts = sample.facts.values()
    counts = {
        "method_in_spanish": sum(f.get("procurementMethod") == "Licitación pública" for f in facts),
        "currency_mnx": sum("award" in f and f["award"]["value"]["currency"] == "MNX" for f in facts),
        "net_date": sum(f.get("dateSigned", "").startswith("/Date(") for f in facts),
    }
    for name, count in counts.items():
        assert 0 < count < 0.01 * N, name
    # a swapped point has the latitude (positive) first; Mexican longitudes are negative
    swapped = sum(p["locations"][0]["geometry"]["coordinates"][0] > 0 for p in sample.projects)
    completed = sum(p["status"] == "completed" for p in sample.projects)
    assert 0 < swapped < 0.01 * len(sample.projects)
    assert 0 < completed < 0.01 * len(sample.projects)


def test_the_loaders_resolver_finds_each_processes_implementer(sample, registry_dir, implementers):
    from loaders.compile.registries import Resolver, load_implementers, load_states

    resolver = Resolver(load_states(registry_dir / "states.csv"), load_implementers(registry_dir / "implementers.csv"))
    by_prefix = {i.ocid_prefix: i.implementer_id for i in implementers}
    for ocid, f in sample.facts.items():
        expected = by_prefix[next(p for p in by_prefix if ocid.startswith(p + "-"))]
        assert resolver.implementer_for_process(ocid, f["buyer"]["name"]) == expected, (ocid, f["buyer"]["name"])


# --- streaming -----------------------------------------------------------------------------------

_RSS = """
import resource, sys
from pathlib import Path
from demo import generate as demo
demo.generate(Path(sys.argv[1]), processes=int(sys.argv[2]), data_dir=Path(sys.argv[3]))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak_rss_kb(out: Path, n: int, registry_dir: Path) -> int:
    done = subprocess.run([sys.executable, "-c", _RSS, str(out), str(n), str(registry_dir)], cwd=ROOT,
                          capture_output=True, text=True, check=True, timeout=300)
    return int(done.stdout.split()[-1])


def test_peak_memory_does_not_grow_with_the_number_of_processes(tmp_path, registry_dir):
    small = _peak_rss_kb(tmp_path / "small", 2000, registry_dir)
    large = _peak_rss_kb(tmp_path / "large", 20000, registry_dir)
    written = sum(p.stat().st_size for p in (tmp_path / "large").iterdir()) // 1024
    assert len(list((tmp_path / "large").iterdir())) == 40
    # ten times the processes: holding them would add most of the ~250 MB written; allow 10 MB of noise
    assert large - small < min(10_000, written // 20), (small, large, written)


# --- against the real schemas and boundaries (read in place from ../shared/data) ------------------

@pytest.mark.shared
def test_releases_and_projects_validate_except_for_the_deliberate_quirks(sample):
    import jsonschema

    base = shared_data()
    release_schema = json.loads((base / "ocds-schema-1.1.5/release-schema.json").read_text(encoding="utf-8"))
    project_schema = json.loads((base / "oc4ids-schema/0.9.4/project-schema.json").read_text(encoding="utf-8"))
    release_validator = jsonschema.Draft4Validator(release_schema)
    project_validator = jsonschema.Draft4Validator(project_schema)
    quirks = {"Licitación pública", "MNX", "completed"}
    checked = 0
    for rels in list(sample.releases.values())[:800]:
        for r in rels:
            for error in release_validator.iter_errors(r):
                assert error.validator == "enum" and error.instance in quirks, error.message
            checked += 1
    for p in sample.projects[:400]:
        for error in project_validator.iter_errors(p):
            assert error.validator == "enum" and error.instance in quirks, error.message
    assert checked > 3000


@pytest.mark.shared
def test_project_points_fall_in_the_implementers_state_and_municipality(sample, implementers):
    from loaders.compile.geo import Locator

    base = shared_data() / "mexico-geo"
    locator = Locator(base / "states/mexicoHigh.json", base / "municipalities-inegi-conabio-2023")
    by_prefix = {i.project_prefix: i for i in implementers}
    located_municipal = 0
    for project in sample.projects:
        lon, lat = project["locations"][0]["geometry"]["coordinates"]
        if lon > 0:
            continue  # the deliberate [lat, lon] quirk
        imp = by_prefix[project["id"].rsplit("-", 1)[0]]
        state, municipality = locator.locate(lon, lat)
        assert state == imp.state_code, (project["id"], lon, lat)
        if imp.municipality_code and municipality is not None:
            assert municipality == imp.municipality_code, (project["id"], lon, lat)
            located_municipal += 1
    assert located_municipal > 0


@pytest.mark.shared
def test_hand_made_municipality_points_and_their_jitter_boxes_lie_in_the_right_place():
    from demo.vocab import MUNICIPALITIES
    from loaders.compile.geo import Locator

    base = shared_data() / "mexico-geo"
    # municipality check only where INEGI 2023 boundaries are at hand (Nuevo León, Yucatán, CDMX)
    locator = Locator(base / "states/mexicoHigh.json", base / "municipalities-inegi-conabio-2023")
    checked_municipalities = 0
    for code, (name, lon, lat, radius) in MUNICIPALITIES.items():
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                state, municipality = locator.locate(lon + dx * radius, lat + dy * radius)
                assert state == code[:2], (code, name, dx, dy)
                if code[:2] in ("09", "19", "31"):
                    assert municipality == code, (code, name, dx, dy, municipality)
                    checked_municipalities += 1
    assert checked_municipalities > 100
