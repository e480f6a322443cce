"""The schemas publications are validated against: OCDS 1.1 release schema patched with the OCDS
extensions held in a local folder, and the OC4IDS project schema.

Each schema comes from a configured local path or URL (quality.settings). A URL is fetched once and
cached in the cache folder; with nothing configured, the last fetched copy in the cache is used; with no
cache either, validation is reported as not run, never as valid. Nothing here is fetched in tests.
"""
from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quality import settings as qsettings

FILE_NAMES = {"ocds": "release-schema.json", "oc4ids": "project-schema.json"}
FETCH_TIMEOUT = 30


@dataclass
class Schema:
    """A schema ready to validate with, and where it came from."""

    kind: str  # ocds | oc4ids
    schema: dict[str, Any]
    origin: str  # path or URL (", cached" when read from the cache)
    extensions: list[str] = field(default_factory=list)  # extension folder names patched in

    @property
    def fingerprint(self) -> str:
        """Changes whenever the schema's content changes (so results are recomputed)."""
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


def _cache_file(kind: str, url: str | None = None) -> Path:
    base = qsettings.cache_dir()
    if url is None:
        return base / f"{kind}-{FILE_NAMES[kind]}"
    digest = hashlib.sha256(url.encode()).hexdigest()[:12]
    return base / f"{kind}-{digest}-{FILE_NAMES[kind]}"


def _fetch(url: str, kind: str) -> dict[str, Any] | None:
    """The schema at `url`: from the cache if fetched before, else downloaded and cached."""
    cached = _cache_file(kind, url)
    data = _read_json(cached)
    if data is not None:
        return data
    import requests

    try:
        resp = requests.get(url, timeout=FETCH_TIMEOUT)
        resp.raise_for_status()
        data = resp.json()
    except (requests.RequestException, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    cached.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False)
    cached.write_text(text, encoding="utf-8")
    _cache_file(kind).write_text(text, encoding="utf-8")  # the last fetched copy, used when unconfigured
    return data


def base_schema(kind: str) -> tuple[dict[str, Any], str] | None:
    """(schema, origin) for "ocds" or "oc4ids", or None when no schema is configured or cached."""
    location = qsettings.ocds_schema_location() if kind == "ocds" else qsettings.oc4ids_schema_location()
    if location and qsettings.is_url(location):
        data = _fetch(location, kind)
        return (data, location) if data is not None else None
    if location:
        path = _local(Path(location), kind)
        data = _read_json(path)
        return (data, str(path)) if data is not None else None
    cached = _cache_file(kind)
    data = _read_json(cached)
    return (data, f"{cached} (cached)") if data is not None else None


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
    """The OCDS release schema patched with the local extensions selected for `declared` URLs."""
    base = base_schema("ocds")
    if base is None:
        return None
    schema, origin = base
    patches = extension_patches(qsettings.extensions_dir())
    names = select_extensions(list(patches), declared)
    for name in names:
        schema = merge_patch(schema, patches[name])
    return Schema("ocds", schema, origin, names)


def project_schema() -> Schema | None:
    """The OC4IDS project schema, or None when none is configured or cached."""
    base = base_schema("oc4ids")
    if base is None:
        return None
    return Schema("oc4ids", base[0], base[1])
