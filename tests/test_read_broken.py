"""Broken and odd inputs, made here: each ends as items and/or rejects with a locator, never an exception.

Every case runs three ways: parsed whole (small inputs), streamed with recovery (large inputs up to
RECOVERY_MAX_BYTES), and streamed without recovery (larger still); the cutoffs are lowered so that
small files take each path.
"""
from __future__ import annotations

import json
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.read import limits as read_limits
from loaders.read.items import Item, Reject
from loaders.read.inputs import open_source


def release(i: int, **extra) -> dict:
    return {"ocid": f"ocds-abc123-{i:03d}", "id": f"{i}-tender", "date": "2024-01-01T00:00:00Z",
            "tag": ["tender"], **extra}


def package(n: int) -> dict:
    return {"uri": "https://example.org/p.json", "version": "1.1", "releases": [release(i) for i in range(n)]}


PATHS = ["whole", "streamed", "streamed_no_recovery"]


@pytest.fixture(params=PATHS)
def path_kind(request, monkeypatch):
    if request.param != "whole":
        monkeypatch.setattr(read_limits, "WHOLE_PARSE_MAX_BYTES", 0)
    if request.param == "streamed_no_recovery":
        monkeypatch.setattr(read_limits, "RECOVERY_MAX_BYTES", 0)
    return request.param


def read_bytes(tmp_path, data: bytes, name: str = "input.json"):
    path = tmp_path / name
    path.write_bytes(data)
    info, entries = open_source(str(path))
    entries = list(entries)  # must not raise
    assert all(isinstance(e, (Item, Reject)) for e in entries)
    assert all(e.locator for e in entries)
    assert all(e.reason for e in entries if isinstance(e, Reject))
    return info, entries


def rejects(entries) -> list[Reject]:
    return [e for e in entries if isinstance(e, Reject)]


def items(entries) -> list[Item]:
    return [e for e in entries if isinstance(e, Item)]


# ------------------------------------------------------------------ nothing readable


def test_empty_file_is_one_reject(tmp_path, path_kind):
    info, entries = read_bytes(tmp_path, b"")
    assert len(entries) == 1 and entries[0].locator == "byte 0" and "empty" in entries[0].reason
    assert info.bytes == 0 and len(info.sha256) == 64


def test_whitespace_only_file_is_one_reject(tmp_path, path_kind):
    _, entries = read_bytes(tmp_path, b" \n\t\r\n  ")
    assert len(entries) == 1 and "only whitespace" in entries[0].reason


def test_html_error_page_says_so(tmp_path, path_kind):
    page = b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    _, entries = read_bytes(tmp_path, page)
    assert len(entries) == 1 and "HTML" in entries[0].reason
    assert entries[0].excerpt.startswith("<!DOCTYPE html>")


def test_text_that_is_not_json(tmp_path, path_kind):
    _, entries = read_bytes(tmp_path, b"ocid,title\nocds-1,Obra\n")
    assert len(entries) == 1 and entries[0].reason.startswith("not JSON")
    assert entries[0].excerpt.startswith("ocid,title")


@pytest.mark.parametrize("value", ["42", '"text"', "true", "null"])
def test_wrong_top_level_type(tmp_path, path_kind, value):
    _, entries = read_bytes(tmp_path, value.encode())
    assert len(entries) == 1 and "expected an object or an array" in entries[0].reason


# ------------------------------------------------------------------ truncated and invalid


def test_truncated_package_keeps_the_releases_before_the_cut(tmp_path, path_kind):
    text = json.dumps(package(5))
    cut = text.index('"ocds-abc123-003"') + 6
    info, entries = read_bytes(tmp_path, text[:cut].encode())
    assert [e.locator for e in items(entries)] == ["/releases/0", "/releases/1", "/releases/2"]
    last = entries[-1]
    assert isinstance(last, Reject) and len(rejects(entries)) == 1
    assert last.reason.startswith("truncated JSON") and last.locator == f"byte {cut}"
    assert info.format == "release_package"


def test_syntax_error_in_the_middle_keeps_what_comes_before(tmp_path, path_kind):
    text = json.dumps(package(4)).replace('"2-tender",', '"2-tender",,', 1)
    _, entries = read_bytes(tmp_path, text.encode())
    assert [e.locator for e in items(entries)] == ["/releases/0", "/releases/1"]
    assert len(rejects(entries)) == 1 and "invalid JSON" in entries[-1].reason
    if path_kind != "streamed_no_recovery":  # exact position; the streamed-only path is approximate
        assert entries[-1].locator == f"byte {text.index(',,') + 1}"
    else:
        assert entries[-1].locator.startswith("near byte ")


def test_json_lines_with_bad_lines_rejects_only_those_lines(tmp_path, path_kind):
    lines = [json.dumps(release(0)), "{broken", "", json.dumps(release(1))[:-5], "[1, 2]", json.dumps(release(2))]
    _, entries = read_bytes(tmp_path, "\n".join(lines).encode(), "input.jsonl")
    assert [(type(e).__name__, e.locator) for e in entries] == [
        ("Item", "line 1"), ("Reject", "line 2"), ("Reject", "line 4"), ("Reject", "line 5 /0"),
        ("Reject", "line 5 /1"), ("Item", "line 6")]
    assert "truncated JSON" in entries[2].reason and "array element is a number" in entries[3].reason


def test_json_lines_without_the_extension_are_recognised(tmp_path, path_kind):
    text = "\n".join(json.dumps(release(i)) for i in range(3)) + "\n"
    info, entries = read_bytes(tmp_path, text.encode(), "export.json")
    assert [e.locator for e in entries] == ["line 1", "line 2", "line 3"]
    assert info.format == "releases_jsonl"


def test_compiled_releases_as_json_lines(tmp_path, path_kind):
    text = "\n".join(json.dumps(release(i, tag=["compiled"])) for i in range(3))
    info, entries = read_bytes(tmp_path, text.encode(), "compiled.jsonl")
    assert [e.kind for e in entries] == ["compiled_release"] * 3
    assert info.format == "compiled_releases_jsonl"


def test_concatenated_pretty_printed_packages(tmp_path, path_kind):
    text = json.dumps(package(2), indent=2) + "\n" + json.dumps(package(3), indent=2)
    info, entries = read_bytes(tmp_path, text.encode())
    assert len(items(entries)) == 5 and not rejects(entries)
    assert info.format == "concatenated"
    assert entries[-1].locator.endswith("/releases/2") and entries[-1].locator.startswith("document 2")


def test_junk_after_a_complete_package_keeps_the_package(tmp_path, path_kind):
    text = json.dumps(package(3), indent=1) + "\n}} <html>"
    info, entries = read_bytes(tmp_path, text.encode())
    assert [e.locator.split(" ")[-1] for e in items(entries)] == ["/releases/0", "/releases/1", "/releases/2"]
    assert len(rejects(entries)) == 1 and entries[-1] is rejects(entries)[0]
    assert info.format == "concatenated"


# ------------------------------------------------------------------ wrong shapes inside


def test_releases_without_a_string_ocid_and_elements_that_are_not_objects(tmp_path, path_kind):
    doc = {"releases": [release(0), {"id": "1"}, {"ocid": 5}, {"ocid": "  "}, 7, "text", None, release(1)]}
    _, entries = read_bytes(tmp_path, json.dumps(doc).encode())
    assert [type(e).__name__ for e in entries] == ["Item"] + ["Reject"] * 6 + ["Item"]
    reasons = [e.reason for e in rejects(entries)]
    assert reasons[0] == "release without an ocid"
    assert reasons[1] == "release ocid is a number, expected a string"
    assert reasons[2] == "release with an empty ocid"
    assert reasons[3:] == [f"release is a {t}, expected an object" for t in ("number", "string", "null")]
    assert [e.locator for e in rejects(entries)] == [f"/releases/{i}" for i in range(1, 7)]
    assert rejects(entries)[0].excerpt == '{"id":"1"}'


def test_array_of_mixed_values(tmp_path, path_kind):
    _, entries = read_bytes(tmp_path, json.dumps([release(0), 3, [release(1)], {"a": 1}]).encode())
    assert [type(e).__name__ for e in entries] == ["Item", "Reject", "Reject", "Reject"]
    assert "neither an OCDS" in entries[3].reason


def test_record_without_any_ocid_is_rejected(tmp_path, path_kind):
    doc = {"records": [{"releases": [], "compiledRelease": {"tag": ["compiled"]}},
                       {"releases": [], "compiledRelease": {"ocid": "ocds-abc123-1"}}]}
    _, entries = read_bytes(tmp_path, json.dumps(doc).encode())
    assert isinstance(entries[0], Reject) and "record without an ocid" in entries[0].reason
    assert isinstance(entries[1], Item) and entries[1].kind == "record"


def test_items_in_the_wrong_package_are_read_as_what_they_are(tmp_path, path_kind):
    record = {"ocid": "ocds-abc123-9", "releases": [], "compiledRelease": release(9)}
    _, entries = read_bytes(tmp_path, json.dumps({"releases": [release(0), record]}).encode(), "a.json")
    assert [(e.kind, e.locator) for e in entries] == [("release", "/releases/0"), ("record", "/releases/1")]
    _, entries = read_bytes(tmp_path, json.dumps({"records": [release(1), record, {"x": 1}]}).encode(), "b.json")
    assert [(type(e).__name__, getattr(e, "kind", None)) for e in entries] == [
        ("Item", "release"), ("Item", "record"), ("Reject", None)]
    assert "record without an ocid" in entries[2].reason


def test_project_without_id_is_rejected(tmp_path, path_kind):
    doc = {"projects": [{"title": "x", "budget": {}}, {"id": "oc4ids-x-1", "title": "y"}]}
    _, entries = read_bytes(tmp_path, json.dumps(doc).encode())
    assert isinstance(entries[0], Reject) and entries[0].reason == "project without an id"
    assert entries[1].kind == "project" and entries[1].package == {}


# ------------------------------------------------------------------ numbers and depth


def test_nan_and_infinity_become_null_with_a_correction(tmp_path, path_kind):
    text = ('{"releases":[{"ocid":"a","tender":{"value":{"amount":NaN}}},'
            '{"ocid":"b","awards":[{"value":{"amount":-Infinity}}],"x":1e400}]}')
    info, entries = read_bytes(tmp_path, text.encode())
    if path_kind == "streamed_no_recovery":  # too large to parse again: the stream stops there
        assert len(entries) == 1 and isinstance(entries[0], Reject) and "invalid JSON" in entries[0].reason
        return
    assert [e.kind for e in entries] == ["release", "release"]
    assert entries[0].data["tender"]["value"]["amount"] is None
    assert entries[1].data["awards"][0]["value"]["amount"] is None and entries[1].data["x"] is None
    fixes = {(c.ocid, c.field, c.old_value, c.new_value, c.rule) for c in info.corrections}
    assert fixes == {("a", "/tender/value/amount", "NaN", None, "nonfinite_to_null"),
                     ("b", "/awards/0/value/amount", "-Infinity", None, "nonfinite_to_null"),
                     ("b", "/x", "1e400", None, "nonfinite_to_null")}


def test_lone_surrogate_escapes_are_replaced_with_a_correction(tmp_path, path_kind):
    text = '[{"ocid":"a","title":"Obra \\ud83d fin","x":NaN},{"ocid":"b","title":"ok \\ud83d\\ude00"}]'
    info, entries = read_bytes(tmp_path, text.encode())
    if path_kind == "streamed_no_recovery":
        assert isinstance(entries[-1], Reject)
        return
    assert entries[0].data["title"] == "Obra \ufffd fin" and entries[1].data["title"] == "ok \U0001f600"
    assert [(c.ocid, c.field, c.rule) for c in info.corrections if c.rule != "nonfinite_to_null"] == [
        ("a", "/title", "lone_surrogate_replaced")]


def test_integers_beyond_64_bits_become_doubles(tmp_path, path_kind):
    text = '[{"ocid":"a","n":123456789012345678901234567890},{"ocid":"b"}]'
    _, entries = read_bytes(tmp_path, text.encode())
    assert [e.kind for e in entries] == ["release", "release"]
    assert entries[0].data["n"] == pytest.approx(1.2345678901234568e29)


def test_item_nested_deeper_than_the_item_limit_is_rejected_alone(tmp_path, path_kind):
    depth = read_limits.MAX_ITEM_DEPTH + 10
    deep = "[" * depth + "]" * depth
    text = f'{{"releases":[{{"ocid":"a"}},{{"ocid":"b","x":{deep}}},{{"ocid":"c"}}]}}'
    _, entries = read_bytes(tmp_path, text.encode())
    assert [type(e).__name__ for e in entries] == ["Item", "Reject", "Item"]
    assert entries[1].locator == "/releases/1" and "nested deeper than" in entries[1].reason


def test_nesting_beyond_the_parsers_limit_does_not_crash(tmp_path, path_kind):
    deep = "[" * 200_000 + "]" * 200_000  # ijson's memory grows with depth squared: must never see this
    text = f'{{"releases":[{{"ocid":"a"}},{deep},{{"ocid":"c"}}]}}'
    _, entries = read_bytes(tmp_path, text.encode())
    assert isinstance(entries[0], Item) and entries[0].data == {"ocid": "a"}
    assert isinstance(entries[-1], Reject) and "nested deeper than 1024 levels" in entries[-1].reason
    offset = int(entries[-1].locator.removeprefix("byte "))
    depth_there = text[: offset + 1].count("[") + 1 - text[: offset + 1].count("]") - 1  # the "{" counts once
    assert 1024 <= depth_there <= 1026


def test_deep_nesting_in_json_lines(tmp_path, path_kind):
    text = json.dumps(release(0)) + "\n" + "[" * 5000 + "]" * 5000 + "\n" + json.dumps(release(1))
    _, entries = read_bytes(tmp_path, text.encode(), "x.jsonl")
    assert [type(e).__name__ for e in entries] == ["Item", "Reject", "Item"]
    assert "nested deeper" in entries[1].reason


# ------------------------------------------------------------------ encodings


def test_bom_is_removed_and_logged(tmp_path, path_kind):
    info, entries = read_bytes(tmp_path, b"\xef\xbb\xbf" + json.dumps(package(2)).encode())
    assert len(items(entries)) == 2
    assert info.encoding == "utf-8-sig" and [c.rule for c in info.corrections] == ["bom_removed"]


def test_bom_in_json_lines(tmp_path, path_kind):
    info, entries = read_bytes(tmp_path, b"\xef\xbb\xbf" + json.dumps(release(0)).encode() + b"\n", "a.jsonl")
    assert [e.locator for e in entries] == ["line 1"] and isinstance(entries[0], Item)


def test_latin1_file_is_decoded(tmp_path, path_kind):
    doc = {"releases": [release(0, tender={"title": "Licitación pública número 5, Peñasco"})]}
    info, entries = read_bytes(tmp_path, json.dumps(doc, ensure_ascii=False).encode("latin-1"))
    assert entries[0].data["tender"]["title"] == "Licitación pública número 5, Peñasco"
    assert info.encoding == "iso-8859-1"
    assert [c.rule for c in info.corrections] == ["encoding_latin1"]


def test_cp1252_punctuation_is_decoded(tmp_path, path_kind):
    doc = {"releases": [release(0, tender={"title": "“Obra” – etapa 2 … 5 €"})]}
    info, entries = read_bytes(tmp_path, json.dumps(doc, ensure_ascii=False).encode("cp1252"))
    assert entries[0].data["tender"]["title"] == "“Obra” – etapa 2 … 5 €"
    assert info.encoding == "cp1252"


def test_utf16_is_rejected_with_a_clear_reason(tmp_path, path_kind):
    _, entries = read_bytes(tmp_path, json.dumps(package(1)).encode("utf-16"))
    assert len(entries) == 1 and entries[0].reason.startswith("UTF-16 text")


def test_double_encoded_utf8_is_left_for_the_normaliser(tmp_path, path_kind):
    doc = {"releases": [release(0, tender={"title": "LicitaciÃ³n"})]}
    info, entries = read_bytes(tmp_path, json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    assert entries[0].data["tender"]["title"] == "LicitaciÃ³n" and info.encoding == "utf-8"


def test_utf8_file_cut_inside_a_character_stays_utf8(tmp_path, path_kind):
    text = json.dumps(package(2), ensure_ascii=False).replace('"tender"]', '"tender"],"t":"Señal é"', 1)
    data = text.encode()
    data = data[: data.index("é".encode()) + 1]  # cut between the two bytes of "é"
    info, entries = read_bytes(tmp_path, data)
    assert info.encoding == "utf-8" and not info.corrections
    assert isinstance(entries[-1], Reject) and "truncated" in entries[-1].reason


# ------------------------------------------------------------------ publisher bodies


def test_publisher_message_with_http_200_is_a_reject(tmp_path, path_kind):
    _, entries = read_bytes(tmp_path, '{"message":"No se ha encontrado el registro"}'.encode())
    assert len(entries) == 1 and "No se ha encontrado" in entries[0].reason


def test_capture_release_packages_body(tmp_path, path_kind):
    body = {"arrayReleasePackage": [{"uri": "u1", "releases": [release(0)]},
                                    {"uri": "u2", "releases": [release(1), release(2)]}]}
    info, entries = read_bytes(tmp_path, json.dumps(body).encode())
    assert [e.locator for e in entries] == ["/arrayReleasePackage/0/releases/0", "/arrayReleasePackage/1/releases/0",
                                            "/arrayReleasePackage/1/releases/1"]
    assert entries[1].package == {"uri": "u2"} and info.format == "capture_release_packages"


def test_capture_record_packages_body(tmp_path, path_kind):
    body = {"recordPackages": [{"uri": "u1", "records": [{"ocid": "a", "releases": [], "compiledRelease": {}}]}]}
    info, entries = read_bytes(tmp_path, json.dumps(body).encode())
    assert [(e.kind, e.locator) for e in entries] == [("record", "/recordPackages/0/records/0")]
    assert info.format == "capture_record_packages"


def test_capture_project_list_rows(tmp_path, path_kind):
    project = {"id": "oc4ids-abc-1", "title": "Puente", "budget": {"amount": {"amount": 1, "currency": "MXN"}}}
    rows = [{"id": 1, "uri": "http://h/edcapi/projectPackage/7",
             "projects": [{"id": 7, "oc4ids": None, "identifier": "1", "is_public": True},
                          {"id": 8, "oc4ids": project, "is_public": True},
                          {"id": 9, "oc4ids": json.dumps(project), "is_public": False}]}]
    info, entries = read_bytes(tmp_path, json.dumps(rows).encode())
    assert info.format == "capture_project_list"
    assert isinstance(entries[0], Reject)
    assert entries[0].reason == "raw capture-platform row, not OC4IDS; fetch /edcapi/projectPackage/7"
    assert [(e.kind, e.locator, e.data["id"]) for e in entries[1:]] == [
        ("project", "/0/projects/1/oc4ids", "oc4ids-abc-1"), ("project", "/0/projects/2/oc4ids", "oc4ids-abc-1")]


@pytest.mark.parametrize("key", ["data", "results"])
def test_pdn_and_quienesquien_wrappers(tmp_path, path_kind, key):
    body = {"pagination": {"total": 2, "page": 0}, key: [release(0), release(1)]}
    _, entries = read_bytes(tmp_path, json.dumps(body).encode())
    assert [(e.kind, e.locator) for e in entries] == [("release", f"/{key}/0"), ("release", f"/{key}/1")]
    assert entries[0].package == {"pagination": {"total": 2, "page": 0}}


def test_array_of_release_packages(tmp_path, path_kind):
    info, entries = read_bytes(tmp_path, json.dumps([package(2), package(1)]).encode())
    assert [e.locator for e in entries] == ["/0/releases/0", "/0/releases/1", "/1/releases/0"]
    assert info.format == "release_package"


def test_single_project_and_project_package(tmp_path, path_kind):
    project = {"id": "oc4ids-abc-1", "title": "Hospital", "locations": [], "period": {}}
    info, entries = read_bytes(tmp_path, json.dumps(project).encode(), "p.json")
    assert [(e.kind, e.locator) for e in entries] == [("project", "document")] and info.format == "project"
    info, entries = read_bytes(tmp_path, json.dumps({"version": "0.9", "projects": [project]}).encode(), "pp.json")
    assert [(e.kind, e.locator) for e in entries] == [("project", "/projects/0")]
    assert info.format == "project_package" and entries[0].package == {"version": "0.9"}


def test_single_record_and_record_package(tmp_path, path_kind):
    record = {"ocid": "ocds-abc123-1", "releases": [release(1)], "compiledRelease": release(1, tag=["compiled"])}
    info, entries = read_bytes(tmp_path, json.dumps(record).encode(), "r.json")
    assert [(e.kind, e.locator) for e in entries] == [("record", "document")] and info.format == "record"
    assert entries[0].data == record


def test_counts_read_equal_items_plus_rejects(tmp_path, path_kind):
    text = json.dumps({"releases": [release(0), 1, release(2)]})[:-3]
    _, entries = read_bytes(tmp_path, text.encode())
    counts = Counter(type(e).__name__ for e in entries)
    assert counts == Counter(Item=1, Reject=2)  # release 0, the number, then the truncation


# ------------------------------------------------------------------ anything at all


SAMPLE = json.dumps({"uri": "u", "releases": [release(i, tender={"title": "Obra “ñ” \\ [x]", "v": [1.5, None]})
                                                for i in range(4)]}, ensure_ascii=False).encode()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, len(SAMPLE)), flips=st.lists(st.tuples(st.integers(0, len(SAMPLE) - 1),
                                                                   st.integers(0, 255)), max_size=3),
       streamed=st.booleans())
def test_mangled_packages_never_raise(tmp_path, monkeypatch, cut, flips, streamed):
    monkeypatch.setattr(read_limits, "WHOLE_PARSE_MAX_BYTES", 0 if streamed else 8 * 1024**2)
    data = bytearray(SAMPLE[:cut])
    for position, value in flips:
        if position < len(data):
            data[position] = value
    info, entries = read_bytes(tmp_path, bytes(data))
    assert entries  # something is always said about an input, even if only why nothing was read
    assert len({e.locator for e in entries}) == len(entries)
