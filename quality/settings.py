"""Settings of the quality tracker, read from the environment (the schema paths live in core.settings).

Environment variables (all optional):
  OBRAS_OCDS_SCHEMA         (core.settings) local OCDS release-schema.json, or an http(s) URL
  OBRAS_OC4IDS_SCHEMA       (core.settings) local OC4IDS project-schema.json, or an http(s) URL
  OBRAS_OCDS_SCHEMA_URL     URL of the OCDS release schema (fetched once, cached in OBRAS_CACHE_DIR)
  OBRAS_OC4IDS_SCHEMA_URL   URL of the OC4IDS project schema (fetched once, cached)
  OBRAS_OCDS_EXTENSIONS     folder of OCDS extensions (each with a release-schema.json merge patch)
  OBRAS_CACHE_DIR           where fetched schemas are cached (default data/cache)
  OBRAS_COMMITMENTS         the Publication Commitments file (default data/commitments.toml)
  OBRAS_VALIDATION_SAMPLE   new items validated per refresh, implementer and kind (default 500; 0 = all)
"""
from __future__ import annotations

from pathlib import Path

from core import settings

CACHE_DIR = settings.DATA_DIR / "cache"
COMMITMENTS = settings.DATA_DIR / "commitments.toml"


def _raw(name: str) -> str | None:
    return settings.text_setting(name)


def is_url(value: str | None) -> bool:
    return bool(value) and value.lower().startswith(("http://", "https://"))


def ocds_schema_location() -> str | None:
    """A local path or URL of the OCDS release schema, or None when none is configured."""
    raw = _raw("OBRAS_OCDS_SCHEMA")
    if is_url(raw):  # core.settings.ocds_schema() would mangle a URL into a Path
        return raw
    path = settings.ocds_schema()
    return str(path) if path else _raw("OBRAS_OCDS_SCHEMA_URL")


def oc4ids_schema_location() -> str | None:
    """A local path or URL of the OC4IDS project schema, or None when none is configured."""
    raw = _raw("OBRAS_OC4IDS_SCHEMA")
    if is_url(raw):
        return raw
    path = settings.oc4ids_schema()
    return str(path) if path else _raw("OBRAS_OC4IDS_SCHEMA_URL")


def extensions_dir() -> Path | None:
    """The local folder of OCDS extensions patched into the release schema."""
    raw = _raw("OBRAS_OCDS_EXTENSIONS")
    return Path(raw) if raw else None


def cache_dir() -> Path:
    raw = _raw("OBRAS_CACHE_DIR")
    return Path(raw) if raw else CACHE_DIR


def commitments_path() -> Path:
    raw = _raw("OBRAS_COMMITMENTS")
    return Path(raw) if raw else COMMITMENTS


VALIDATION_SAMPLE = 500  # a share measured on 500 items is within about 4.4 points (95%)


def validation_sample() -> int:
    """New items validated per refresh, implementer and kind (0 = every item)."""
    return max(0, settings.int_setting("OBRAS_VALIDATION_SAMPLE", VALIDATION_SAMPLE))
