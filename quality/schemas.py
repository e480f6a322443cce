"""The schemas publications are validated against: the OCDS 1.1 release schema patched with the
extensions EDCA-MX uses, and the OC4IDS project schema.

With no settings, each comes from its official URL (quality.locations: the OCDS 1.1 release schema, the
release-schema.json beside each extension.json EDCA-MX declares, the OC4IDS project schema), fetched once
and cached in the cache folder; afterwards the cache is read and nothing is downloaded. A local path or
folder can be configured instead. When a schema is neither reachable nor cached, validation is
"unavailable (offline, no cache)", never reported as valid. Tests serve the files from 127.0.0.1.

Extensions are patched with RFC 7396 JSON Merge Patch, which is what ocdsextensionregistry's
ProfileBuilder does with each extension's release-schema.json; the library itself is not used because it
fetches the standard as a zip of a tagged release and extensions by version from the registry, which we
could not serve from a local server in tests, and EDCA-MX declares raw extension.json URLs on branches.
"""
from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from quality import locations

FILE_NAMES = {"ocds": "release-schema.json", "oc4ids": "project-schema.json"}
FETCH_TIMEOUT = 30


@dataclass
class Schema:
    """A schema ready to validate with, and where it came from."""

    kind: str  # ocds | oc4ids
    schema: dict[str, Any]
    origin: str  # path or URL (", cached" when read from the cache)
    extensions: list[str] = field(default_factory=list)  # extension folder names patched in
    without_schema: list[str] = field(default_factory=list)  # declared extensions with no release schema

    @cached_property
    def fingerprint(self) -> str:
        """Changes whenever the schema's content changes (so results are recomputed). Computed once per
        Schema (a schema is never changed once built): serializing it for every row of quality_validation
        took minutes at a million processes."""
        raw = json.dumps(self.schema, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(raw).hexdigest()[:16]

    @property
    def description(self) -> str:
        ext = f" + {len(self.extensions)} extensions" if self.extensions else ""
        return f"{self.origin}{ext}"


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396 JSON Merge Patch (how OCDS extensions patch the release schema); returns a new object."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _local(path: Path, kind: str) -> Path:
    return path / FILE_NAMES[kind] if path.is_dir() else path


UNAVAILABLE = "unavailable (offline, no cache)"
ABSENT = {"__absent__": True}  # cached for a URL that answered 404: the same result offline


def _cache_file(kind: str, url: str) -> Path:
    digest = hashlib.sha256(url.encode()).hexdigest()[:12]
    name = FILE_NAMES.get(kind, "release-schema.json")
    return locations.cache_dir() / f"{kind}-{digest}-{name}"


def _fetch(url: str, kind: str) -> dict[str, Any] | None:
    """The JSON object at `url`: from the cache if fetched before, else downloaded and cached.
    ABSENT when the server says it does not exist (404/410); None when it cannot be reached."""
    cached = _cache_file(kind, url)
    data = _read_json(cached)
    if data is not None:
        return data
    import requests

    try:
        resp = requests.get(url, timeout=FETCH_TIMEOUT)
        if resp.status_code in (404, 410):
            data = ABSENT
        else:
            resp.raise_for_status()
            data = resp.json()
    except (requests.RequestException, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    tmp.replace(cached)  # a reader never sees half a file
    return data


def base_schema(kind: str) -> tuple[dict[str, Any], str] | None:
    """(schema, origin) for "ocds" or "oc4ids", or None when it can be neither read nor fetched."""
    location = locations.ocds_schema_location() if kind == "ocds" else locations.oc4ids_schema_location()
    if location and locations.is_url(location):
        data = _fetch(location, kind)
        return (data, location) if data is not None and "__absent__" not in data else None
    if location:
        path = _local(Path(location), kind)
        data = _read_json(path)
        return (data, str(path)) if data is not None else None
    return None


def extension_name(url: str) -> str:
    """The extension's folder or repository name in an extension.json URL."""
    parts = [p for p in url.split("?")[0].split("/") if p]
    for p in reversed(parts):
        if p.endswith("_extension") or p.startswith("ocds_"):
            return p
    return parts[-2] if len(parts) > 1 else url


def remote_patches(urls: tuple[str, ...]) -> tuple[dict[str, dict[str, Any]], list[str], list[str]]:
    """({extension name: release-schema.json patch}, names without a release schema, names unreachable)
    for the extension.json URLs given (each patch fetched once and cached)."""
    patches, absent, unreachable = {}, [], []
    for url in urls:
        name = extension_name(url)
        target = url.rsplit("/", 1)[0] + "/release-schema.json"
        data = _fetch(target, "extension")
        if data is None:
            unreachable.append(name)
        elif "__absent__" in data:
            absent.append(name)
        else:
            patches[name] = data
    return patches, absent, unreachable


def extension_patches(folder: Path | None) -> dict[str, dict[str, Any]]:
    """{extension folder name: release-schema.json patch} for every extension under `folder`."""
    if folder is None or not folder.is_dir():
        return {}
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.rglob(FILE_NAMES["ocds"])):
        patch = _read_json(path)
        if patch is not None:
            out[path.parent.name] = patch
    return out


def select_extensions(available: list[str], declared: list[str] | None) -> list[str]:
    """The local extensions a package declares (matched by folder name inside each declared URL);
    all local extensions when the declarations are unknown (None)."""
    if declared is None:
        return sorted(available)
    wanted = [url.lower() for url in declared if isinstance(url, str)]
    return sorted(name for name in available if any(name.lower() in url for url in wanted))


def release_schema(declared: list[str] | None = None) -> Schema | None:
    """The OCDS release schema patched with the extensions selected for `declared` URLs: from the local
    folder when one is set, else from the configured extension URLs (the EDCA-MX ones by default).
    None when the base schema, or an extension it needs, can be neither read nor fetched (a partly
    patched schema would report the extensions' fields as errors)."""
    base = base_schema("ocds")
    if base is None:
        return None
    schema, origin = base
    folder = locations.extensions_dir()
    if folder is not None:
        patches = extension_patches(folder)
        missing: list[str] = []
    else:
        patches, missing, unreachable = remote_patches(locations.extension_urls())
        if unreachable:
            return None
    names = select_extensions(list(patches), declared)
    for name in names:
        schema = merge_patch(schema, patches[name])
    return Schema("ocds", schema, origin, names, missing)


def project_schema() -> Schema | None:
    """The OC4IDS project schema, or None when none is configured or cached."""
    base = base_schema("oc4ids")
    if base is None:
        return None
    return Schema("oc4ids", base[0], base[1])
