"""Schemas: local path or folder, URL fetched once and cached, extensions patched in, nothing
configured = not run; errors grouped by kind and path with a few examples."""
import json
import threading
from functools import partial
from http.server import HTTPServer, SimpleHTTPRequestHandler

import pytest
from jsonschema import Draft4Validator

from quality.errors import ErrorGroups, error_key, general_path, is_datetime, make_validator
from quality.schemas import base_schema, merge_patch, project_schema, release_schema, select_extensions
from tests.quality_fixtures import no_schemas, use_schemas
from tests.shared import shared_data


def test_merge_patch_merges_objects_replaces_the_rest_and_deletes_nulls():
    target = {"a": {"b": 1, "c": [1, 2]}, "d": 1, "e": 2}
    patched = merge_patch(target, {"a": {"b": 2, "c": [3], "x": {"y": 1}}, "d": None})
    assert patched == {"a": {"b": 2, "c": [3], "x": {"y": 1}}, "e": 2}
    assert target == {"a": {"b": 1, "c": [1, 2]}, "d": 1, "e": 2}  # the original is untouched


def test_only_the_extensions_a_package_declares_are_patched_in():
    local = ["ocds_guarantees_extension", "ocds_taxes_extension", "ocds_bid_extension"]
    declared = ["https://raw.githubusercontent.com/INAImexico/ocds_guarantees_extension/master/extension.json"]
    assert select_extensions(local, declared) == ["ocds_guarantees_extension"]
    assert select_extensions(local, []) == []
    assert select_extensions(local, None) == sorted(local)  # declarations unknown: every local one


def test_the_release_schema_gets_the_fields_of_the_local_extensions(monkeypatch, tmp_path):
    use_schemas(monkeypatch, tmp_path)
    schema = release_schema()
    assert "rationale" in schema.schema["definitions"]["Award"]["properties"]  # awardRationale
    assert "guarantees" in schema.schema["definitions"]["Contract"]["properties"]  # guarantees
    assert "ocds_guarantees_extension" in schema.extensions
    monkeypatch.delenv("OBRAS_OCDS_EXTENSIONS")
    monkeypatch.setenv("OBRAS_OCDS_EXTENSION_URLS", "none")  # no extension at all
    plain = release_schema()
    assert "rationale" not in plain.schema["definitions"]["Award"]["properties"]
    assert plain.fingerprint != schema.fingerprint


def test_a_configured_folder_is_searched_for_the_schema_file(monkeypatch, tmp_path):
    no_schemas(monkeypatch, tmp_path)
    monkeypatch.setenv("OBRAS_OC4IDS_SCHEMA", str(shared_data() / "oc4ids-schema" / "0.9.4"))
    schema = project_schema()
    assert schema is not None and schema.origin.endswith("project-schema.json")


def test_offline_without_a_cache_there_is_no_schema(monkeypatch, tmp_path):
    no_schemas(monkeypatch, tmp_path)
    assert release_schema() is None
    assert project_schema() is None


@pytest.fixture
def schema_server(tmp_path):
    """A local HTTP server (127.0.0.1) serving a copy of OC4IDS 0.9.4's project schema."""
    folder = tmp_path / "www"
    folder.mkdir()
    text = (shared_data() / "oc4ids-schema" / "0.9.4" / "project-schema.json").read_text(encoding="utf-8")
    (folder / "project-schema.json").write_text(text, encoding="utf-8")
    server = HTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/project-schema.json", json.loads(text)
    server.shutdown()


def test_a_schema_url_is_fetched_once_cached_and_used_from_the_cache_afterwards(monkeypatch, tmp_path, schema_server):
    url, expected = schema_server
    no_schemas(monkeypatch, tmp_path)
    monkeypatch.setenv("OBRAS_OC4IDS_SCHEMA_URL", url)
    first = base_schema("oc4ids")
    assert first == (expected, url)
    cached = list((tmp_path / "empty-cache").glob("*.json"))
    assert len(cached) == 1  # the copy for this URL
    monkeypatch.setenv("OBRAS_OC4IDS_SCHEMA_URL", url.replace("project-schema", "gone"))
    assert base_schema("oc4ids") is None  # a URL that fails, never fetched before: unavailable
    monkeypatch.setenv("OBRAS_OC4IDS_SCHEMA_URL", url)
    (tmp_path / "www" / "project-schema.json").unlink()  # the server no longer has it
    assert base_schema("oc4ids")[0] == expected  # read from the cache


@pytest.mark.parametrize("value, ok", [
    ("2020-04-09T13:40:23.1761655-05:00", True), ("2020-01-01T00:00:00Z", True), ("2020-01-01t00:00:00z", True),
    ("2020-04-09T00:00:00", False), ("2020-04-09", False), ("2020-02-30T00:00:00Z", False),
    ("2020-13-01T00:00:00Z", False), ("/Date(1570227981053)/", False), (20200101, True),
])
def test_date_times_must_be_rfc3339_with_a_time_zone(value, ok):
    assert is_datetime(value) is ok


def test_errors_are_grouped_by_kind_and_general_path_with_at_most_three_examples():
    schema = {"type": "object", "properties": {
        "status": {"enum": ["a", "b"]},
        "items": {"type": "array", "items": {"type": "object", "required": ["id"],
                                             "properties": {"date": {"type": "string", "format": "date-time"}}}}}}
    validator = make_validator(schema)
    groups = ErrorGroups()
    items = [{"status": "c", "items": [{"date": "2020-01-01"}, {"id": 1}, {}]} for _ in range(2)] + [{"status": "a"}]
    for n, item in enumerate(items):
        groups.add({"source_id": "s", "id": f"i{n}"}, list(validator.iter_errors(item)))
    rows = {(r["validator"], r["path"]): r for r in groups.rows()}
    assert set(rows) == {("enum", "status"), ("required", "items[].id"), ("format", "items[].date")}
    assert rows[("required", "items[].id")]["errors"] == 4  # two items per document, two documents
    assert rows[("required", "items[].id")]["items"] == 2
    assert len(json.loads(rows[("required", "items[].id")]["examples"])) == 3
    assert (groups.items, groups.items_valid, groups.errors) == (3, 1, 8)


def test_the_general_path_replaces_array_indexes():
    assert general_path(["contractingProcesses", 3, "releases", 0, "tag"]) == "contractingProcesses[].releases[].tag"
    assert general_path([]) == "(root)"
    error = next(Draft4Validator({"required": ["id"]}).iter_errors({}))
    assert error_key(error) == ("required", "id")


def test_values_are_counted_and_each_invalid_value_or_missing_required_property_once():
    from quality.errors import ErrorGroups, make_validator

    schema = {"type": "object", "required": ["id", "date"],
              "properties": {"id": {"type": "string", "minLength": 3}, "date": {"type": "string", "format": "date-time"},
                             "items": {"type": "array", "items": {"type": "object"}}}}
    v = make_validator(schema)
    groups = ErrorGroups()
    good = {"id": "abc", "date": "2020-01-01T00:00:00Z", "items": [{}, {"a": 1}]}
    groups.add({"id": "1"}, list(v.iter_errors(good)), good)  # 4 values: id, date, {}, a
    bad = {"id": 5, "items": []}  # id: two errors (type, and nothing else): one value; date missing: one more
    groups.add({"id": "2"}, list(v.iter_errors(bad)), bad)
    assert (groups.items, groups.items_valid) == (2, 1)
    assert groups.values == 4 + 2 + 1  # bad: id and the empty array, plus the missing date
    assert groups.values_invalid == 2
