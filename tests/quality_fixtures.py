"""Helpers for the quality tests: schema settings pointing at ../shared/data, hand-made release and
project packages written to a temporary folder (written here, not copied), and loading them."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb

from obras.update import update
from tests.shared import shared_data


def use_schemas(monkeypatch, tmp_path: Path) -> dict[str, Path]:
    """Point the quality settings at the local OCDS 1.1.5, INAI extensions and OC4IDS 0.9.4 schemas."""
    base = shared_data()
    paths = {
        "OBRAS_OCDS_SCHEMA": base / "ocds-schema-1.1.5" / "release-schema.json",
        "OBRAS_OC4IDS_SCHEMA": base / "oc4ids-schema" / "0.9.4" / "project-schema.json",
        "OBRAS_OCDS_EXTENSIONS": base / "ocds-extensions",
    }
    for name, value in paths.items():
        monkeypatch.setenv(name, str(value))
    monkeypatch.setenv("OBRAS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("OBRAS_OCDS_SCHEMA_URL", raising=False)
    monkeypatch.delenv("OBRAS_OC4IDS_SCHEMA_URL", raising=False)
    monkeypatch.delenv("OBRAS_OCDS_EXTENSION_URLS", raising=False)
    return paths


OFFLINE = "http://127.0.0.1:9/"  # the discard port: refused at once, as when offline


def no_schemas(monkeypatch, tmp_path: Path) -> None:
    """Offline with an empty cache: no schema configured, and the schema URLs unreachable (tests never
    go to the internet)."""
    for name in ("OBRAS_OCDS_SCHEMA", "OBRAS_OC4IDS_SCHEMA", "OBRAS_OCDS_EXTENSIONS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OBRAS_OCDS_SCHEMA_URL", OFFLINE + "release-schema.json")
    monkeypatch.setenv("OBRAS_OC4IDS_SCHEMA_URL", OFFLINE + "project-schema.json")
    monkeypatch.setenv("OBRAS_OCDS_EXTENSION_URLS", OFFLINE + "ocds_x_extension/extension.json")
    monkeypatch.setenv("OBRAS_CACHE_DIR", str(tmp_path / "empty-cache"))


def commitments(tmp_path: Path, text: str, monkeypatch=None) -> Path:
    """Write a commitments file; with monkeypatch, make it the one the refresh reads."""
    path = tmp_path / "commitments.toml"
    path.write_text(text, encoding="utf-8")
    if monkeypatch is not None:
        monkeypatch.setenv("OBRAS_COMMITMENTS", str(path))
    return path


def release(ocid: str, rid: str, date: str, tags: list[str], **body: Any) -> dict:
    """A release with the fields OCDS requires plus `body`."""
    return {"ocid": ocid, "id": rid, "date": date, "tag": tags, "initiationType": "tender", **body}


def write_release_package(path: Path, releases: list[dict]) -> Path:
    path.write_text(json.dumps({
        "uri": "https://example.org/hand-made.json", "publishedDate": "2021-01-01T00:00:00Z", "version": "1.1",
        "publisher": {"name": "Prueba"}, "releases": releases}, ensure_ascii=False), encoding="utf-8")
    return path


def write_project_package(path: Path, projects: list[dict]) -> Path:
    path.write_text(json.dumps({
        "uri": "https://example.org/projects.json", "publishedDate": "2021-01-01T00:00:00Z", "version": "0.9",
        "publisher": {"name": "Prueba"}, "projects": projects}, ensure_ascii=False), encoding="utf-8")
    return path


def load_db(paths: list[Path], db: Path, implementer: str | None = None) -> duckdb.DuckDBPyConnection:
    """Load with the real loader (no metrics) and return a writable connection."""
    update([str(p) for p in paths], db=db, implementer=implementer, refresh=False)
    return duckdb.connect(str(db))


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]
