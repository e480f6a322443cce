"""What a JSON value is taken for (loaders.read.detect), on hand-made minimal shapes."""
from __future__ import annotations

import pytest

from loaders.read.detect import (classify_object, describe_not_json, describe_unknown, document_format,
                            is_compiled, is_versioned_release)

RELEASE = {"ocid": "ocds-abc123-1", "id": "1", "date": "2024-01-01", "tag": ["tender"]}
PROJECT = {"id": "oc4ids-abc-1", "title": "Puente", "sector": ["transport"]}


@pytest.mark.parametrize("obj, kind", [
    (RELEASE, "release"),
    ({"ocid": None, "tender": {}}, "release"),  # a release with a bad ocid is still a release (then rejected)
    ({"tag": ["tender"], "tender": {}}, "release"),
    ({"ocid": "x", "releases": [], "compiledRelease": {}}, "record"),
    ({"compiledRelease": {"ocid": "x"}, "releases": []}, "record"),  # publishers that omit the record's ocid
    ({"ocid": "x", "initiationType": [{"releaseID": "1", "value": "tender"}]}, "versioned_release"),
    ({"uri": "u", "releases": []}, "release_package"),
    ({"uri": "u", "records": []}, "record_package"),
    ({"uri": "u", "projects": []}, "project_package"),
    ({"arrayReleasePackage": []}, "capture_release_packages"),
    ({"recordPackages": []}, "capture_record_packages"),
    ({"pagination": {}, "data": []}, "data_wrapper"),
    ({"count": 3, "results": []}, "data_wrapper"),
    (PROJECT, "project"),
    ({"id": "2", "contractingProcesses": []}, "project"),
    ({"message": "No se ha encontrado"}, "message"),
    ({"status": 404, "message": "No existe"}, "message"),
    ({"type": "FeatureCollection", "features": []}, "geojson"),
    ({"$schema": "http://json-schema.org/draft-04/schema#", "type": "object"}, "json_schema"),
    ({"a": 0}, "unknown"),
    ({}, "unknown"),
])
def test_classify_object(obj, kind):
    assert classify_object(obj) == kind


@pytest.mark.parametrize("doc, fmt", [
    ({"releases": [RELEASE]}, "release_package"),
    ({"records": []}, "record_package"),
    ({"projects": [PROJECT]}, "project_package"),
    ({"projects": [{"id": 7, "oc4ids": None, "is_public": True}]}, "capture_project_list"),
    ([{"id": 1, "uri": "u", "projects": [{"id": 7, "oc4ids": None}]}], "capture_project_list"),
    ({"arrayReleasePackage": []}, "capture_release_packages"),
    ({"recordPackages": []}, "capture_record_packages"),
    ({"data": [RELEASE]}, "release_package"),
    ([{"releases": []}], "release_package"),
    ([RELEASE, RELEASE], "release"),
    (RELEASE, "release"),
    ({"ocid": "x", "compiledRelease": {}}, "record"),
    (PROJECT, "project"),
    ([], "unknown"),
    ([1, 2], "unknown"),
    ("text", "unknown"),
    ({"message": "x"}, "unknown"),
])
def test_document_format(doc, fmt):
    assert document_format(doc) == fmt


def test_compiled_is_read_from_the_tag():
    assert is_compiled({"tag": ["compiled"]}) and is_compiled({"tag": "compiled"})
    assert not is_compiled({"tag": ["tender", "award"]}) and not is_compiled({})


def test_versioned_release_needs_histories_and_no_release_fields():
    assert is_versioned_release({"ocid": "x", "tender": {"title": [{"releaseID": "1", "value": "t"}]}})
    assert not is_versioned_release(RELEASE)
    assert not is_versioned_release({"ocid": "x", "tender": {"title": "t"}})


def test_unknown_objects_are_described():
    assert "No se ha encontrado" in describe_unknown({"message": "No se ha encontrado el proceso"})
    assert describe_unknown({"type": "FeatureCollection"}).startswith("GeoJSON")
    assert "keys: a, b" in describe_unknown({"a": 1, "b": 2})


@pytest.mark.parametrize("head, words", [
    (b"<!DOCTYPE html><html>", "HTML"),
    (b"\n  <html lang='es'><body>Error</body>", "HTML"),
    (b"<?xml version='1.0'?><x/>", "XML"),
    (b"%PDF-1.7", "PDF"),
    (b"PK\x03\x04rest", "archive"),
    (b"/* comentario */ {}", "not JSON"),
])
def test_describe_not_json(head, words):
    assert words in describe_not_json(head)
