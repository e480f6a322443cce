"""Where the quality tracker finds its schemas, extensions, cache and commitments (the environment is read through core.settings).

Environment variables (all optional):
  OBRAS_OCDS_SCHEMA         (core.settings) local OCDS release-schema.json, or an http(s) URL
  OBRAS_OC4IDS_SCHEMA       (core.settings) local OC4IDS project-schema.json, or an http(s) URL
  OBRAS_OCDS_SCHEMA_URL     URL of the OCDS release schema (fetched once, cached in OBRAS_CACHE_DIR);
                            default: the official OCDS 1.1 release schema
  OBRAS_OC4IDS_SCHEMA_URL   URL of the OC4IDS project schema (fetched once, cached); default: the official one
  OBRAS_OCDS_EXTENSION_URLS extension.json URLs (comma or space separated) whose release-schema.json patches
                            the release schema (fetched once, cached); default: the EDCA-MX extensions
  OBRAS_OCDS_EXTENSIONS     a local folder of OCDS extensions instead (each with a release-schema.json)
  OBRAS_CACHE_DIR           where fetched schemas are cached (default data/cache)
  OBRAS_COMMITMENTS         the Publication Commitments file (default data/commitments.toml)
  OBRAS_VALIDATION_SAMPLE   new items validated per refresh, implementer and kind (default 500; 0 = all)
"""
from __future__ import annotations

from pathlib import Path

from core import settings

CACHE_DIR = settings.DATA_DIR / "cache"
# the official locations, used when nothing is configured (fetched once, then read from the cache)
DEFAULT_OCDS_SCHEMA_URL = "https://standard.open-contracting.org/1.1/en/release-schema.json"
DEFAULT_OC4IDS_SCHEMA_URL = "https://standard.open-contracting.org/infrastructure/latest/en/project-schema.json"
# the extensions EDCA-MX declares (INAI's capture platform, as in Nuevo León's record packages)
EDCA_MX_EXTENSIONS = tuple(
    f"https://raw.githubusercontent.com/INAImexico/ocds_{name}_extension/master/extension.json"
    for name in ("requestForQuotes", "clarificationMeetings", "paymentMethod", "taxes", "exchangeRate", "location",
                 "publicNotices", "implementationStatus", "awardRationale", "nameBreakdown",
                 "surveillanceMechanisms", "extendedProcurementCategory", "memberOf", "additionalContactPoints",
                 "contactPointType", "budget_breakdown", "budgetLines", "guarantees"))
COMMITMENTS = settings.DATA_DIR / "commitments.toml"


def _raw(name: str) -> str | None:
    return settings.text_setting(name)


def is_url(value: str | None) -> bool:
    return bool(value) and value.lower().startswith(("http://", "https://"))


def ocds_schema_location() -> str | None:
    """A local path or URL of the OCDS release schema (the official URL unless configured)."""
    raw = _raw("OBRAS_OCDS_SCHEMA")
    if is_url(raw):  # core.settings.ocds_schema() would mangle a URL into a Path
        return raw
    path = settings.ocds_schema()
    return str(path) if path else (_raw("OBRAS_OCDS_SCHEMA_URL") or DEFAULT_OCDS_SCHEMA_URL)


def oc4ids_schema_location() -> str | None:
    """A local path or URL of the OC4IDS project schema (the official URL unless configured)."""
    raw = _raw("OBRAS_OC4IDS_SCHEMA")
    if is_url(raw):
        return raw
    path = settings.oc4ids_schema()
    return str(path) if path else (_raw("OBRAS_OC4IDS_SCHEMA_URL") or DEFAULT_OC4IDS_SCHEMA_URL)


def extension_urls() -> tuple[str, ...]:
    """extension.json URLs patched into the release schema when no local folder is set."""
    raw = _raw("OBRAS_OCDS_EXTENSION_URLS")
    if raw is None:
        return EDCA_MX_EXTENSIONS
    return tuple(u for u in raw.replace(",", " ").split() if is_url(u))


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
