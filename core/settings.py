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
  OBRAS_MAX_UNCOMPRESSED_BYTES  total uncompressed size read from one archive (loaders/read/limits.py)
  OBRAS_HTTP_READ_TIMEOUT       seconds a download may stall (loaders/read/limits.py, default 300)
  OBRAS_LOAD_WORKERS            worker processes compiling a load (default: one per core for big loads)
  OBRAS_DUCKDB_MEMORY           DuckDB memory limit while a load writes (default 512MB)
  OBRAS_DUCKDB_REFRESH_MEMORY   DuckDB memory limit while indicators and quality are recomputed (default 3GB)
  OBRAS_BASEMAP                 "carto" for an online basemap under the maps (default: none, works offline)
  OBRAS_STRICT_REFRESH          "1": a failing metrics/quality refresh fails the load (tests set it)
  OBRAS_CARDINAL_WORKERS        worker processes for Cardinal's pass (0 = in the refreshing process)
  OBRAS_DEBUG                   "1": the command shows tracebacks instead of one line
  OBRAS_OCDS_SCHEMA_URL         URL of the OCDS release schema for validation when OBRAS_OCDS_SCHEMA is unset
  OBRAS_HARVEST_DIR             folder for the copies `obras harvest` keeps of what it fetched (default: beside the DB)
  OBRAS_HARVEST_CONNECT_TIMEOUT seconds `obras harvest` waits to connect (default 15)
  OBRAS_HARVEST_READ_TIMEOUT    seconds `obras harvest` waits for the next bytes (default 300)
  OBRAS_FEED_URL                public address of `obras feed-server` (default http://localhost:8502/feed)

This module imports nothing of the project: every layer reads its settings here, and only here.
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


def text_setting(name: str, default: str | None = None) -> str | None:
    """The stripped value of an environment variable, or `default` when it is unset or blank."""
    value = os.environ.get(name, "").strip()
    return value or default


def optional_count(name: str) -> int | None:
    """A non-negative whole number set in the environment, or None when unset (or not a number)."""
    value = os.environ.get(name, "").strip()
    return int(value) if value.isdigit() else None


def load_workers() -> int | None:
    """OBRAS_LOAD_WORKERS: worker processes compiling a load; None lets the load decide by input size."""
    return optional_count("OBRAS_LOAD_WORKERS")


def cardinal_workers() -> int | None:
    """OBRAS_CARDINAL_WORKERS: worker processes for Cardinal's pass; None lets the pass decide."""
    return optional_count("OBRAS_CARDINAL_WORKERS")


def load_memory() -> str:
    """OBRAS_DUCKDB_MEMORY: DuckDB's memory limit while a load writes."""
    return text_setting("OBRAS_DUCKDB_MEMORY", "512MB")


def refresh_memory() -> str:
    """OBRAS_DUCKDB_REFRESH_MEMORY: DuckDB's memory limit while indicators and quality are recomputed."""
    return text_setting("OBRAS_DUCKDB_REFRESH_MEMORY", "3GB")


def strict_refresh() -> bool:
    """OBRAS_STRICT_REFRESH: a failing indicators or quality refresh fails the load or refresh."""
    return bool(os.environ.get("OBRAS_STRICT_REFRESH"))


def debug() -> bool:
    """OBRAS_DEBUG: the command shows a traceback instead of one line."""
    return bool(os.environ.get("OBRAS_DEBUG"))


def upload_password() -> str | None:
    """OBRAS_UPLOAD_PASSWORD, or None (st.secrets may still hold one)."""
    return os.environ.get("OBRAS_UPLOAD_PASSWORD")


def harvest_dir(db: str | os.PathLike | None = None) -> Path:
    """OBRAS_HARVEST_DIR, else `<database>.harvest/` beside the database: the copies a harvest keeps."""
    return _env_path("OBRAS_HARVEST_DIR") or Path(f"{db_path(db)}.harvest")


def harvest_timeouts() -> tuple[float, float]:
    """(connect, read) seconds for every request of a harvest."""
    return (float(int_setting("OBRAS_HARVEST_CONNECT_TIMEOUT", 15)),
            float(int_setting("OBRAS_HARVEST_READ_TIMEOUT", 300)))


def feed_url() -> str:
    """OBRAS_FEED_URL: the public address of the Atom feed server (`obras feed-server`)."""
    return text_setting("OBRAS_FEED_URL", "http://localhost:8502/feed")
