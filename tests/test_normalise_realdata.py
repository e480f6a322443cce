"""Normalisation on the real Mexican files in ../shared/data (read in place, never copied)."""
from __future__ import annotations

import copy
import json
import time
from pathlib import Path

import pytest

from loaders.compile.codes import METHODS, method_code
from loaders.compile.geo import Locator, in_mexico
from loaders.compile.normalise import RULES, normalise_project, normalise_release
from tests.shared import shared_data

MEXICAN = ("mx-nl-infraestructura-abierta", "mx-ocp-sample-data", "mx-edca-mx-tool-example", "mx-projectpoder",
           "ocdskit-realdata")


def _json_files(root: Path, folders=MEXICAN):
    for folder in folders:
        for path in sorted((root / folder).rglob("*.json")):
            try:
                yield path, json.loads(path.read_text(encoding="utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                continue  # the intentionally broken files listed in shared/data/README.md


def _walk(obj, path=""):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield path, k, v
            yield from _walk(v, f"{path}/{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _walk(v, f"{path}/{i}")


def _strings(obj):
    for _, _, v in _walk(obj):
        if isinstance(v, str):
            yield v


def _nl_projects(root: Path):
    return [json.loads(p.read_text(encoding="utf-8"))
            for p in sorted((root / "mx-nl-infraestructura-abierta" / "oc4ids-projects").glob("*.json"))]


def _points(project):
    for loc in project.get("locations") or []:
        g = loc.get("geometry") or {}
        if g.get("type", "").lower() == "point" and len(g.get("coordinates") or []) == 2:
            yield g["coordinates"]


def test_every_nuevo_leon_project_point_falls_in_nuevo_leon_after_normalisation():
    root = shared_data()
    projects = _nl_projects(root)
    raw_points = [pt for p in projects for pt in _points(p)]
    assert raw_points, "the NL projects should have point locations"
    # as published, the points are [lat, lon]: not inside Mexico read as GeoJSON
    assert not any(in_mexico(*pt) for pt in raw_points)

    locator = Locator(root / "mexico-geo" / "states" / "mexicoHigh.json")
    located = []
    for project in projects:
        corrections = normalise_project(project)
        assert sum(c.rule == "swap_latlon" for c in corrections) == len(list(_points(project)))
        located += [locator.locate(*pt) for pt in _points(project)]
    assert len(located) == len(raw_points)
    assert all(state == "19" for state, _ in located)


def test_nuevo_leon_empty_geometries_are_recorded_not_crashing():
    root = shared_data()
    projects = _nl_projects(root)
    empty = sum(1 for p in projects for loc in p.get("locations") or [] if loc.get("geometry") == {})
    assert empty > 0
    recorded = sum(c.rule == "geometry_invalid" for p in projects for c in normalise_project(p))
    assert recorded == empty


def test_spanish_method_names_in_the_mexican_files_all_map():
    labels = set()
    for _, data in _json_files(shared_data()):
        for _, k, v in _walk(data):
            if k == "procurementMethodDetails" and isinstance(v, str) and v.strip():
                labels.add(v)
            if k == "procurementMethod" and isinstance(v, str) and v not in METHODS:
                labels.add(v)
    assert labels, "the Mexican files carry Spanish procurement method labels"
    assert {label: method_code(label) for label in labels if method_code(label) is None} == {}


def _compiled_releases(data):
    """Compiled releases and plain releases in a package or record (not versioned releases, not linked ones)."""
    if isinstance(data, dict):
        if "records" in data or "releases" in data:
            for r in data.get("records") or []:
                if isinstance(r, dict) and isinstance(r.get("compiledRelease"), dict):
                    yield r["compiledRelease"]
            for r in data.get("releases") or []:
                if isinstance(r, dict) and "tender" in r:
                    yield r
        elif "compiledRelease" in data:
            yield data["compiledRelease"]
        elif "ocid" in data and "tender" in data:
            yield data


def test_every_process_with_spanish_details_ends_with_an_ocds_method():
    checked = 0
    for _, data in _json_files(shared_data()):
        for release in _compiled_releases(data):
            normalise_release(release)
            tender = release.get("tender") if isinstance(release.get("tender"), dict) else {}
            details = tender.get("procurementMethodDetails")
            if isinstance(details, str) and method_code(details):
                checked += 1
                assert tender.get("procurementMethod") in METHODS, (release.get("ocid"), tender.get("procurementMethod"))
    assert checked > 0


def test_every_rule_applied_to_the_real_files_is_documented():
    applied = set()
    for path, data in _json_files(shared_data()):
        for release in _compiled_releases(data):
            applied |= {c.rule for c in normalise_release(release)}
        projects = data.get("projects") if isinstance(data, dict) and isinstance(data.get("projects"), list) else []
        if "ProjectRelease" in path.name:
            projects = [data]
        for project in projects:
            applied |= {c.rule for c in normalise_project(project)}
    assert applied and applied <= set(RULES)


def test_normalising_twice_changes_nothing_more():
    for _, data in _json_files(shared_data(), ("mx-nl-infraestructura-abierta", "mx-ocp-sample-data")):
        for release in _compiled_releases(data):
            normalise_release(release)
            assert normalise_release(release) == []


EARLY = ("mx-nl-infraestructura-abierta", "early-drafts-2019-11")


def test_early_draft_projects_mojibake_placeholders_and_lowercase_points_are_repaired():
    folder = shared_data().joinpath(*EARLY)
    drafts = sorted(folder.glob("ProjectRelease-*.json"))
    assert drafts
    for path in drafts:
        project = json.loads(path.read_text(encoding="utf-8"))
        assert any("Ã" in s for s in _strings(project)) and any(s == "SIN DATO" for s in _strings(project))
        rules = {c.rule for c in normalise_project(project)}
        assert {"encoding_double_utf8", "placeholder", "swap_latlon", "geometry_format"} <= rules
        assert not any("Ã" in s or "Â" in s for s in _strings(project))
        assert not any(s == "SIN DATO" for s in _strings(project))
        for loc in project["locations"]:
            assert loc["geometry"]["type"] == "Point" and in_mexico(*loc["geometry"]["coordinates"])


def test_early_draft_dotnet_dates_are_all_converted():
    package = json.loads(shared_data().joinpath(*EARLY, "obra-test.json").read_text(encoding="utf-8"))
    project = package["projects"][0]
    published = sum(1 for s in _strings(project) if s.startswith("/Date("))
    corrections = normalise_project(project)
    assert published > 0
    assert sum(c.rule == "date_dotnet" for c in corrections) == published
    assert not any(s.startswith("/Date(") for s in _strings(project))


def test_early_draft_releases_lose_placeholders_and_default_dates():
    for path in sorted(shared_data().joinpath(*EARLY).glob("Release-*.json")):
        release = json.loads(path.read_text(encoding="utf-8"))
        normalise_release(release)
        for party in release.get("parties") or []:
            texts = [party.get("name"), *(party.get("address") or {}).values(), *(party.get("contactPoint") or {}).values()]
            assert "SIN DATO" not in texts
        assert not any(s.startswith("0001-01-01") for s in _strings(release))


# --- throughput -----------------------------------------------------------------------------------------------
def _design_shaped_release(i: int) -> dict:
    """A compiled release shaped like DESIGN.md's benchmark process: planning, tender, award with 4 bids,
    contract, implementation."""
    bidders = [{"id": f"MX-RFC-B{j}", "name": f"Constructora {j}, S.A. de C.V."} for j in range(4)]
    return {
        "ocid": f"ocds-7wj9x5-LP-{i:06d}", "id": f"r{i}", "date": "2023-05-02T10:00:00-06:00", "tag": ["compiled"],
        "parties": [{"id": b["id"], "name": b["name"], "roles": ["tenderer"],
                     "identifier": {"scheme": "MX-RFC", "id": b["id"][7:], "legalName": b["name"]},
                     "address": {"streetAddress": "Av. Juárez 100", "locality": "Monterrey", "region": "Nuevo León",
                                 "postalCode": "64000", "countryName": "México"},
                     "contactPoint": {"name": "Contacto", "email": "c@example.mx", "telephone": "+52 81 0000 0000"}}
                    for b in bidders],
        "buyer": {"id": "SI", "name": "Secretaría de Infraestructura"},
        "planning": {"rationale": "Obra", "budget": {"projectID": "PEI-1", "amount": {"amount": 2e6, "currency": "MXN"}}},
        "tender": {"id": f"LP-{i}", "title": "Pavimentación", "description": "Pavimentación de calles", "status": "complete",
                   "procurementMethod": "open", "procurementMethodDetails": "Licitación Pública Estatal",
                   "mainProcurementCategory": "works", "value": {"amount": 1.9e6, "currency": "MXN"},
                   "tenderPeriod": {"startDate": "2023-01-10T09:00:00-06:00", "endDate": "2023-02-01T18:00:00-06:00"},
                   "tenderers": bidders, "numberOfTenderers": 4,
                   "items": [{"id": "1", "description": "Pavimento", "quantity": 1,
                              "unit": {"name": "m2", "value": {"amount": 350.0, "currency": "MXN"}}}],
                   "documents": [{"id": "d1", "title": "Convocatoria", "datePublished": "2023-01-10T09:00:00Z"}]},
        "bids": {"details": [{"id": f"b{j}", "date": "2023-02-01T10:00:00Z", "tenderers": [b],
                              "value": {"amount": 1.8e6 + j, "currency": "MXN"}} for j, b in enumerate(bidders)]},
        "awards": [{"id": "A1", "status": "active", "date": "2023-02-15T12:00:00Z", "suppliers": bidders[:1],
                    "value": {"amount": 1.8e6, "currency": "MXN"}}],
        "contracts": [{"id": "C1", "awardID": "A1", "status": "active", "dateSigned": "2023-02-20T12:00:00Z",
                       "value": {"amount": 1.8e6, "currency": "MXN"},
                       "period": {"startDate": "2023-03-01T00:00:00Z", "endDate": "2023-12-31T00:00:00Z"},
                       "implementation": {"transactions": [{"id": f"t{j}", "date": "2023-06-01T00:00:00Z",
                                                            "value": {"amount": 6e5, "currency": "MXN"}} for j in range(3)],
                                          "milestones": [{"id": "m1", "title": "Entrega", "dueDate": "2023-12-31T00:00:00Z"}]}}],
    }


def _rate(releases) -> float:
    start = time.perf_counter()
    for r in releases:
        normalise_release(r)
    return len(releases) / (time.perf_counter() - start)


def test_normalise_release_throughput(capsys):
    """Report releases/s; the floor is far below the measured rate so a loaded machine does not fail it."""
    synthetic = [_design_shaped_release(i) for i in range(5000)]
    rate_synthetic = _rate(synthetic)
    real = []
    for path in sorted(shared_data().joinpath("mx-nl-infraestructura-abierta", "ocds-record-packages").glob("*.json")):
        real.append(json.loads(path.read_text(encoding="utf-8"))["records"][0]["compiledRelease"])
    real_copies = [copy.deepcopy(r) for _ in range(40) for r in real]
    rate_real_first = _rate(real_copies)  # with the corrections these files need
    rate_real_clean = _rate(real_copies)  # already normalised
    with capsys.disabled():
        print(f"\nnormalise_release: design-shaped {rate_synthetic:,.0f}/s; NL compiled releases "
              f"(~{sum(len(json.dumps(r)) for r in real) // len(real) // 1000} KB) {rate_real_first:,.0f}/s first pass, "
              f"{rate_real_clean:,.0f}/s clean")
    assert rate_synthetic > 2000
    assert rate_real_first > 500
