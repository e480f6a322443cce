"""What a JSON value is: OCDS release/record/package, OC4IDS project/package, a publisher wrapper,
or something else; and what the bytes are when they are not JSON at all.

Shapes recognised (the key that decides is in brackets):
- release package [releases], record package [records], project package [projects];
- the capture platform's bodies: {"arrayReleasePackage": [package...]}, {"recordPackages": [...]},
  and the raw /edcapi/projectpackage rows [{"id", "uri", "projects": [{"id": 7, "oc4ids": ...}]}];
- PDN / QuiénEsQuién / datos.gob.mx wrappers {"data": [release...]}, {"results": [...]};
- a record [ocid + releases/compiledRelease/versionedRelease, or compiledRelease alone], a release
  [ocid], a compiled release [tag contains "compiled"], a versioned release [fields holding
  {releaseID, value} histories], an OC4IDS project [id + OC4IDS keys, no ocid];
- a publisher's message {"message": "No se ha encontrado ..."} returned with HTTP 200.
"""
from __future__ import annotations

from typing import Any

# Top-level keys whose array holds the items (or packages) of a wrapper, in the order they are tried.
CONTAINERS: dict[str, str] = {
    "releases": "release_package",
    "records": "record_package",
    "projects": "project_package",
    "arrayReleasePackage": "capture_release_packages",
    "recordPackages": "capture_record_packages",
    "data": "data_wrapper",
    "results": "data_wrapper",
}
RECORD_KEYS = ("compiledRelease", "versionedRelease")
OC4IDS_KEYS = frozenset({
    "contractingProcesses", "locations", "budget", "period", "sector", "completion", "publicAuthority",
    "assetLifetime", "identificationPeriod", "preparationPeriod", "implementationPeriod", "purpose",
    "costMeasurements", "forecasts", "metrics", "additionalClassifications", "relatedProjects",
})
MESSAGE_KEYS = frozenset({"message", "status", "error", "msg", "code", "statusCode"})

# Format names stored in sources.format (see core/contract/loaders/definitions.csv).
FORMATS = ("release_package", "record_package", "releases_jsonl", "compiled_releases_jsonl", "release",
           "record", "project_package", "project", "concatenated", "capture_release_packages",
           "capture_record_packages", "capture_project_list", "zip", "gzip", "unknown")


def type_name(value: Any) -> str:
    """JSON's name for a Python value from a JSON parser."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def is_compiled(release: dict) -> bool:
    """A compiled release says so in its tag."""
    tag = release.get("tag")
    if isinstance(tag, str):
        return "compiled" in tag
    return isinstance(tag, list) and "compiled" in tag


def is_versioned_release(obj: dict) -> bool:
    """A versioned release: no id/date/tag, and fields hold lists of {releaseID, value} changes."""
    if "id" in obj or "date" in obj or "tag" in obj:
        return False
    for key, value in obj.items():
        if key == "ocid":
            continue
        if isinstance(value, list) and value and isinstance(value[0], dict) and "releaseID" in value[0]:
            return True
        if isinstance(value, dict):
            for inner in value.values():
                if isinstance(inner, list) and inner and isinstance(inner[0], dict) and "releaseID" in inner[0]:
                    return True
    return False


def is_capture_project_entry(obj: dict) -> bool:
    """An entry of the raw /edcapi/projectpackage rows: a database row, not an OC4IDS project."""
    return "oc4ids" in obj or "is_public" in obj or "project_package_id" in obj


def looks_like_project(obj: dict) -> bool:
    """An OC4IDS project: an id, some OC4IDS key, and no ocid."""
    return "id" in obj and "ocid" not in obj and bool(OC4IDS_KEYS.intersection(obj))


def container_key(obj: dict) -> str | None:
    """The wrapper key holding an array, if the object is a package or a publisher wrapper."""
    for key in CONTAINERS:
        if isinstance(obj.get(key), list):
            return key
    return None


def classify_object(obj: dict) -> str:
    """The kind of a JSON object.

    One of: release_package, record_package, project_package, capture_release_packages,
    capture_record_packages, data_wrapper, record, release, versioned_release, project, message,
    geojson, json_schema, unknown.
    """
    has_record_key = isinstance(obj.get("compiledRelease"), dict) or isinstance(obj.get("versionedRelease"), dict)
    if "ocid" in obj:
        if has_record_key or isinstance(obj.get("releases"), list):
            return "record"
        if is_versioned_release(obj):
            return "versioned_release"
        return "release"
    if has_record_key:
        return "record"
    key = container_key(obj)
    if key is not None:
        return CONTAINERS[key]
    if looks_like_project(obj):
        return "project"
    if obj and set(obj) <= MESSAGE_KEYS and isinstance(obj.get("message") or obj.get("error") or obj.get("msg"), str):
        return "message"
    if obj.get("type") in ("FeatureCollection", "Feature", "Topology") or "features" in obj:
        return "geojson"
    if "$schema" in obj:
        return "json_schema"
    # Release-shaped objects that lost their ocid are still releases (rejected for the missing ocid).
    if "tag" in obj and ("tender" in obj or "awards" in obj or "contracts" in obj or "planning" in obj):
        return "release"
    return "unknown"


def document_format(doc: Any) -> str:
    """The sources.format of a whole JSON document (an object or an array)."""
    if isinstance(doc, dict):
        kind = classify_object(doc)
        if kind == "project_package" and _has_capture_rows(doc):
            return "capture_project_list"
        if kind == "data_wrapper":
            return "release_package"
        if kind in FORMATS:
            return kind
        return "unknown"
    if isinstance(doc, list):
        first = next((x for x in doc if isinstance(x, dict)), None)
        if first is None:
            return "unknown"
        return element_list_format(classify_object(first), first)
    return "unknown"


def element_list_format(kind: str, first: dict) -> str:
    """The format of a top-level array, from its first object."""
    if kind == "project_package" and _has_capture_rows(first):
        return "capture_project_list"
    if kind == "data_wrapper":
        return "release_package"
    if kind in ("release_package", "record_package", "project_package", "release", "record", "project"):
        return kind
    if kind in ("capture_release_packages", "capture_record_packages"):
        return kind
    return "unknown"


def _has_capture_rows(package: dict) -> bool:
    projects = package.get("projects")
    return isinstance(projects, list) and any(isinstance(p, dict) and is_capture_project_entry(p)
                                             for p in projects)


def describe_unknown(obj: dict) -> str:
    """Why an object is not loaded, in one line."""
    kind = classify_object(obj)
    if kind == "message":
        text = obj.get("message") or obj.get("error") or obj.get("msg")
        return f"the publisher answered with a message, not data: {str(text)[:150]!r}"
    if kind == "geojson":
        return "GeoJSON, not OCDS or OC4IDS data"
    if kind == "json_schema":
        return "a JSON Schema, not OCDS or OC4IDS data"
    keys = ", ".join(list(obj)[:8]) or "no keys"
    return ("object is neither an OCDS release, record or package nor an OC4IDS project or package "
            f"(keys: {keys})")


def describe_not_json(head: bytes) -> str:
    """Why bytes that do not parse are not JSON: HTML, XML, a PDF, an archive, or just text."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start or b"<body" in start:
        return "an HTML page, not JSON (the server may have sent an error or login page)"
    if start.startswith(b"<?xml") or start.startswith(b"<"):
        return "XML or markup, not JSON"
    if start.startswith(b"%pdf"):
        return "a PDF document, not JSON"
    if start.startswith((b"pk\x03\x04", b"\x1f\x8b", b"bzh", b"\xfd7zxz", b"7z\xbc\xaf")):
        return "a compressed archive that is not read here, not JSON"
    return "not JSON"


def excerpt_of(data: bytes | str, limit: int = 200) -> str:
    """The first `limit` characters, for rejects."""
    if isinstance(data, bytes):
        data = data[: limit * 4].decode("utf-8", errors="replace")
    return data[:limit]
