"""Settings, one place: the command line overrides the environment, which overrides the defaults.

Environment variables (all optional):
  OBRAS_DB                      DuckDB file (default data/obras.duckdb)
  OBRAS_STATE_BOUNDARIES        GeoJSON of the 32 states (choropleth, point in polygon)
  OBRAS_MUNICIPALITY_BOUNDARIES GeoJSON or folder of GeoJSON files of municipalities
  OBRAS_OCDS_SCHEMA             local OCDS release-schema.json for the merge rules and validation
  OBRAS_OC4IDS_SCHEMA           local OC4IDS project-schema.json for validation
  OBRAS_ENABLE_UPLOAD           "1" to show the "Cargar datos" page
  OBRAS_UPLOAD_PASSWORD         password for that page (else st.secrets["upload_password"])
  OBRAS_ALLOW_PRIVATE_URLS      "1" to let URL loading reach private/loopback addresses
  OBRAS_MAX_DOWNLOAD_BYTES      size cap for URL downloads (default 2 GiB)
  OBRAS_MAX_UPLOAD_BYTES        size cap for uploads (default 200 MiB)
  OBRAS_MAX_UNCOMPRESSED_BYTES  total uncompressed size read from one archive (loaders/read_limits.py)
  OBRAS_HTTP_READ_TIMEOUT       seconds a download may stall (loaders/read_limits.py, default 300)
  OBRAS_LOAD_WORKERS            worker processes compiling a load (default: one per core for big loads)
  OBRAS_DUCKDB_MEMORY           DuckDB memory limit while a load writes (default 512MB)
  OBRAS_DUCKDB_REFRESH_MEMORY   DuckDB memory limit while indicators and quality are recomputed (default 3GB)
  OBRAS_BASEMAP                 "carto" for an online basemap under the maps (default: none, works offline)
  OBRAS_STRICT_REFRESH          "1": a failing metrics/quality refresh fails the load (tests set it)
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEMO_DIR = DATA_DIR / "demo"
DEFAULT_DB = DATA_DIR / "obras.duckdb"


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value) if value else None


def db_path(cli_value: str | os.PathLike | None = None) -> Path:
    """The database file: --db, else OBRAS_DB, else data/obras.duckdb."""
    if cli_value:
        return Path(cli_value)
    return _env_path("OBRAS_DB") or DEFAULT_DB


def state_boundaries() -> Path | None:
    return _env_path("OBRAS_STATE_BOUNDARIES")


def municipality_boundaries() -> Path | None:
    return _env_path("OBRAS_MUNICIPALITY_BOUNDARIES")


def ocds_schema() -> Path | None:
    return _env_path("OBRAS_OCDS_SCHEMA")


def oc4ids_schema() -> Path | None:
    return _env_path("OBRAS_OC4IDS_SCHEMA")


def flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def int_setting(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, "") or default)
    except ValueError:
        return default


def max_download_bytes() -> int:
    return int_setting("OBRAS_MAX_DOWNLOAD_BYTES", 2 * 1024**3)


def max_upload_bytes() -> int:
    return int_setting("OBRAS_MAX_UPLOAD_BYTES", 200 * 1024**2)


def basemap() -> str | None:
    """The optional online basemap ("carto"); None (offline, no download) by default."""
    value = os.environ.get("OBRAS_BASEMAP", "").strip().lower()
    return value or None
