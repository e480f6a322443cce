"""Reading every real published file in ../shared/data: items per kind and rejects, each compared with
counts this test computes itself from the files with plain `json`."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from loaders.read import limits as read_limits
from loaders.read.items import Item, Reject
from loaders.read.inputs import expand_inputs, open_source
from tests.shared import shared_data

pytestmark = pytest.mark.shared


# ------------------------------------------------------------------ what the reader says


def read(path: Path | str) -> tuple[Counter, list, object]:
    """Items per kind (plus "reject") and the entries of one input."""
    info, entries = open_source(str(path))
    entries = list(entries)
    counts = Counter(e.kind if isinstance(e, Item) else "reject" for e in entries)
    return counts, entries, info


def read_all(paths) -> Counter:
    total = Counter()
    for path in paths:
        total += read(path)[0]
    return total


# ------------------------------------------------------------------ independent counts


def kind_of_release(release: dict) -> str:
    tag = release.get("tag") or []
    return "compiled_release" if "compiled" in tag else "release"


def expected_for_document(doc) -> Counter:
    """Items an OCDS/OC4IDS document holds, by the standards' own shapes."""
    if isinstance(doc, list):
        total = Counter()
        for element in doc:
            total += expected_for_document(element) if isinstance(element, dict) else Counter(reject=1)
        return total
    if "records" in doc:
        return Counter(record=len(doc["records"]))
    if "compiledRelease" in doc:
        return Counter(record=1)
    if "releases" in doc and "ocid" not in doc:
        return Counter(kind_of_release(r) for r in doc["releases"])
    if "projects" in doc:
        return Counter(project=len(doc["projects"]))
    if "ocid" in doc:
        return Counter([kind_of_release(doc)])
    if "contractingProcesses" in doc or "budget" in doc:
        return Counter(project=1)
    return Counter(reject=1)


def documents_in(text: str) -> list:
    """Every JSON value in a text, one after another (json.load accepts only one)."""
    decoder, docs, i = json.JSONDecoder(), [], 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i == len(text):
            return docs
        doc, i = decoder.raw_decode(text, i)
        docs.append(doc)


def expected_for_file(path: Path) -> Counter:
    raw = path.read_bytes()
    if not raw.strip():
        return Counter(reject=1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    total = Counter()
    for doc in documents_in(text):
        total += expected_for_document(doc)
    return total


def json_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.json") if not p.name.startswith("."))


# ------------------------------------------------------------------ Nuevo León (EDCAPI + EDCA-MX)


def test_nuevo_leon_projects_are_one_project_per_file():
    folder = shared_data() / "mx-nl-infraestructura-abierta" / "oc4ids-projects"
    files = json_files(folder)
    for path in files:
        doc = json.loads(path.read_bytes())
        assert "id" in doc and "ocid" not in doc
    counts = read_all(files)
    assert counts == Counter(project=len(files))


@pytest.mark.parametrize("sub", ["ocds-record-packages", "inai-pca-record-packages"])
def test_nuevo_leon_record_packages_give_one_item_per_record(sub):
    files = json_files(shared_data() / "mx-nl-infraestructura-abierta" / sub)
    records = sum(len(json.loads(p.read_bytes())["records"]) for p in files)
    assert records > 0
    assert read_all(files) == Counter(record=records)


def test_nuevo_leon_records_are_whole_records_with_their_compiled_release():
    path = json_files(shared_data() / "mx-nl-infraestructura-abierta" / "inai-pca-record-packages")[0]
    package = json.loads(path.read_bytes())
    _, entries, _ = read(path)
    assert entries[0].data == package["records"][0]
    assert entries[0].locator == "/records/0"
    assert entries[0].package == {k: v for k, v in package.items() if k != "records"}


def test_nuevo_leon_early_drafts():
    folder = shared_data() / "mx-nl-infraestructura-abierta" / "early-drafts-2019-11"
    expected = Counter()
    for path in json_files(folder):
        doc = json.loads(path.read_bytes())
        if path.name == "project-list.json":  # an index of files: no OCDS/OC4IDS inside
            expected["reject"] += len(doc)
        else:
            expected += expected_for_document(doc)
    assert expected["project"] == 4 and expected["release"] == 3
    assert read_all(json_files(folder)) == expected


def test_nuevo_leon_whole_folder_skips_csv_and_rejects_geojson_files():
    folder = shared_data() / "mx-nl-infraestructura-abierta"
    listed = [Path(p) for p in expand_inputs([str(folder)])]
    assert listed == json_files(folder)  # CSV skipped, sorted, nothing hidden
    expected = Counter()
    for path in listed:  # GeoJSON and the project index count as one reject per object
        expected += expected_for_file(path)
    assert expected["reject"] == len(json_files(folder / "geo")) + 3
    assert read_all(listed) == expected


# ------------------------------------------------------------------ Mexican OCP samples


@pytest.mark.parametrize("sub", ["apf-shcp/records", "cdmx/records", "cdmx/releases", "inai-2017/releases",
                                 "jalisco/records", "jalisco/releases"])
def test_mexican_samples(sub):
    files = json_files(shared_data() / "mx-ocp-sample-data" / sub)
    expected = Counter()
    for path in files:
        expected += expected_for_document(json.loads(path.read_bytes()))
    assert sum(expected.values()) >= len(files) and "reject" not in expected
    assert read_all(files) == expected


def test_inai_2017_has_its_88_releases():
    files = json_files(shared_data() / "mx-ocp-sample-data" / "inai-2017" / "releases")
    counts = read_all(files)
    assert sum(counts.values()) == len(files) == 88


# ------------------------------------------------------------------ ocdskit fixtures


def test_ocdskit_realdata_including_concatenated_files():
    folder = shared_data() / "ocdskit-realdata"
    files = json_files(folder)
    for path in files:
        counts, entries, info = read(path)
        if path.name.startswith("versioned-release"):
            assert counts == Counter(reject=1) and "versioned release" in entries[0].reason
            continue
        assert counts == expected_for_file(path), path.name


@pytest.mark.parametrize("name", ["release-package_split.json", "record-package_split.json",
                                  "record-package_package_1.1.json"])
def test_concatenated_documents_are_located_by_document(name):
    path = shared_data() / "ocdskit-realdata" / name
    docs = documents_in(path.read_text(encoding="utf-8"))
    assert len(docs) >= 2
    counts, entries, info = read(path)
    assert info.format == "concatenated"
    assert {e.locator.split(" /")[0] for e in entries} == {f"document {n}" for n in range(1, len(docs) + 1)} or \
        {e.locator.split(" /")[0] for e in entries} == {f"line {n}" for n in range(1, len(docs) + 1)}
    expected = Counter()
    for doc in docs:
        expected += expected_for_document(doc)
    assert counts == expected


def test_iso_8859_1_file_reads_the_same_releases_as_its_utf8_twin():
    folder = shared_data() / "ocdskit-realdata"
    _, latin, info = read(folder / "release-package_encoding-iso-8859-1.json")
    _, utf8, info_utf8 = read(folder / "release-package_encoding-utf-8.json")
    assert [e.data for e in latin] == [e.data for e in utf8]
    assert info.encoding == "iso-8859-1" and info_utf8.encoding == "utf-8"
    assert [c.rule for c in info.corrections] == ["encoding_latin1"]
    assert not info_utf8.corrections


# ------------------------------------------------------------------ other countries


def test_other_countries_including_paraguays_empty_files():
    folder = shared_data() / "ocp-sample-data-other-countries"
    files = json_files(folder)
    empty = [p for p in files if p.stat().st_size == 0]
    assert len(empty) == 3
    expected = Counter()
    for path in files:
        expected += expected_for_file(path)
    assert read_all(files) == expected
    for path in empty:
        counts, entries, _ = read(path)
        assert counts == Counter(reject=1)
        assert entries[0].locator == "byte 0" and "empty" in entries[0].reason


# ------------------------------------------------------------------ Cardinal fixtures (JSON Lines)


def test_cardinal_indicator_fixtures_are_releases_one_per_line():
    folder = shared_data() / "cardinal-rs-fixtures" / "indicators"
    files = sorted(folder.glob("*.jsonl"))
    lines = 0
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                assert isinstance(json.loads(line).get("ocid"), str)
                lines += 1
    counts = read_all(files)
    assert counts == Counter(release=lines)
    _, entries, info = read(files[0])
    assert info.format == "releases_jsonl" and entries[0].locator == "line 1"


def test_cardinal_coverage_fixtures_hold_no_release_and_every_line_is_accounted_for():
    folder = shared_data() / "cardinal-rs-fixtures" / "coverage"
    for path in sorted(folder.glob("*.jsonl")):
        raw = path.read_bytes()
        expected = 0
        if not raw.strip():
            expected = 1  # the blank file itself
        for line in raw.splitlines():
            if not line.strip():
                continue
            try:
                value = json.loads(line.decode("latin-1"))
            except json.JSONDecodeError:
                expected += 1
                continue
            expected += len(value) if isinstance(value, list) else 1
        counts, entries, _ = read(path)
        assert counts == (Counter(reject=expected) if expected else Counter()), path.name
        assert all(e.locator for e in entries)


def test_cardinal_invalid_lines_are_rejected_by_line():
    path = shared_data() / "cardinal-rs-fixtures" / "coverage" / "invalid_brace_first.jsonl"
    _, entries, _ = read(path)
    assert [e.locator for e in entries] == ["line 1", "line 2"]
    assert "truncated JSON" in entries[0].reason


# ------------------------------------------------------------------ capture tool example, PODER


def test_edca_mx_tool_example_is_a_package_with_one_release():
    path = shared_data() / "mx-edca-mx-tool-example" / "data.json"
    package = json.loads(path.read_bytes())
    counts, entries, info = read(path)
    assert counts == expected_for_document(package) == Counter(release=len(package["releases"]))
    assert info.format == "release_package"


def test_projectpoder_tester_is_an_array_of_releases():
    path = shared_data() / "mx-projectpoder" / "record-compiler-tester" / "tester.json"
    doc = json.loads(path.read_bytes())
    counts, entries, _ = read(path)
    assert counts == Counter(release=len(doc))
    assert [e.locator for e in entries] == [f"/{i}" for i in range(len(doc))]


def test_projectpoder_commented_json_is_rejected_as_not_json():
    path = shared_data() / "mx-projectpoder" / "ocds-redflags-config" / "banderas.json"
    counts, entries, _ = read(path)
    assert counts == Counter(reject=1) and entries[0].reason.startswith("not JSON")


# ------------------------------------------------------------------ OC4IDS schema examples


@pytest.mark.parametrize("version", ["0.9.4", "0.9-dev-head"])
def test_oc4ids_example_project_package(version):
    path = shared_data() / "oc4ids-schema" / version / "examples" / "example.json"
    package = json.loads(path.read_bytes())
    counts, entries, info = read(path)
    assert counts == Counter(project=len(package["projects"])) and info.format == "project_package"
    assert [e.data for e in entries] == package["projects"]


# ------------------------------------------------------------------ streaming gives the same answers

FAMILIES = ["mx-nl-infraestructura-abierta", "mx-ocp-sample-data", "ocdskit-realdata",
            "ocp-sample-data-other-countries", "cardinal-rs-fixtures", "mx-edca-mx-tool-example", "mx-projectpoder"]


def _entries_of(uri: str) -> tuple:
    info, entries = open_source(uri)
    out = [(type(e).__name__, e.kind if isinstance(e, Item) else e.reason, e.locator,
            e.data if isinstance(e, Item) else None) for e in entries]
    return info.format, info.encoding, out


@pytest.mark.parametrize("family", FAMILIES)
def test_streamed_reading_equals_whole_document_reading(family, monkeypatch):
    uris = list(expand_inputs([str(shared_data() / family)]))
    whole = [_entries_of(u) for u in uris]
    monkeypatch.setattr(read_limits, "WHOLE_PARSE_MAX_BYTES", 0)  # every file goes through ijson
    streamed = [_entries_of(u) for u in uris]
    assert streamed == whole


def test_every_item_and_reject_has_a_locator_unique_within_its_source():
    for family in FAMILIES:
        for uri in expand_inputs([str(shared_data() / family)]):
            _, entries = open_source(uri)
            entries = list(entries)
            assert all(isinstance(e, (Item, Reject)) for e in entries)
            locators = [e.locator for e in entries]
            assert all(locators), uri
            assert len(set(locators)) == len(locators), uri
