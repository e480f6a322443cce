"""Independent readers for the trust tests (issue 11): the published files read with plain `json`, never
through the loaders, plus one helper that loads a set of paths through the public entry point.

Nothing here imports a loaders module: data is loaded through the public `obras.update.update`."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any, Iterator

import duckdb

from tests.shared import shared_data

MX_FAMILIES = ("mx-ocp-sample-data", "mx-nl-infraestructura-abierta", "mx-edca-mx-tool-example", "mx-projectpoder")
RFC = re.compile(r"[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}")


def data(*parts: str) -> Path:
    """A path under ../shared/data (skips when absent, fails under CI=true)."""
    return shared_data().joinpath(*parts)


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def json_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.json"))


def documents(folder: Path) -> Iterator[tuple[Path, Any]]:
    """Every JSON file under folder that parses, with its content."""
    for path in json_files(folder):
        try:
            yield path, read_json(path)
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue


def is_full_release(obj: Any) -> bool:
    """A release with content (not a linked release {url, date, tag})."""
    return isinstance(obj, dict) and isinstance(obj.get("ocid"), str) and "id" in obj and "tag" in obj and len(
        set(obj) - {"url", "date", "tag"}) > 3


def releases_in(doc: Any) -> Iterator[tuple[str, dict]]:
    """(where, release) for every full release a document publishes: a bare release, a release package's
    releases, a record's embedded releases. Compiled releases are not published releases: left out."""
    if isinstance(doc, list):
        for i, item in enumerate(doc):
            if is_full_release(item):
                yield f"/{i}", item
        return
    if not isinstance(doc, dict):
        return
    if is_full_release(doc) and "releases" not in doc and "records" not in doc:
        yield "/", doc
    for i, rel in enumerate(doc.get("releases") or []):
        if is_full_release(rel):
            yield f"/releases/{i}", rel
    for i, rec in enumerate(doc.get("records") or []):
        if isinstance(rec, dict):
            for j, rel in enumerate(rec.get("releases") or []):
                if is_full_release(rel):
                    yield f"/records/{i}/releases/{j}", rel


def compiled_or_releases(doc: Any) -> Iterator[dict]:
    """What a document says about each process: records' compiled releases, else the releases themselves."""
    if isinstance(doc, dict) and isinstance(doc.get("records"), list):
        for rec in doc["records"]:
            if isinstance(rec, dict) and isinstance(rec.get("compiledRelease"), dict):
                yield rec["compiledRelease"]
        return
    for _, rel in releases_in(doc):
        yield rel


def amount(value: Any) -> float | None:
    if isinstance(value, dict) and isinstance(value.get("amount"), (int, float)) and not isinstance(
            value.get("amount"), bool):
        return float(value["amount"])
    return None


def currency(value: Any) -> str | None:
    return value.get("currency") if isinstance(value, dict) else None


def fold(text: Any) -> str:
    """Lower case without accents, for matching Spanish names."""
    return unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode().lower()


def rfc_of(party: dict) -> str | None:
    """The RFC a party carries in identifier.id, else in its id."""
    for cand in ((party.get("identifier") or {}).get("id"), party.get("id")):
        m = RFC.search(str(cand or "").upper())
        if m:
            return m.group(0)
    return None


def load_db(tmp_path_factory, name: str, paths: list[Path], refresh: bool = True) -> duckdb.DuckDBPyConnection:
    """Load paths (in this order, one call) through the public `obras.update.update` into a fresh database;
    return a read-only connection."""
    from obras.update import update

    db = tmp_path_factory.mktemp(name) / f"{name}.duckdb"
    update([str(p) for p in paths], db=str(db), refresh=refresh)
    return duckdb.connect(str(db), read_only=True)


def flags(con, indicator: str, ocid: str | None = None) -> list[tuple]:
    sql = "SELECT subject_id, ocid, value, flagged, computable, detail FROM flags WHERE indicator = ?"
    args: list = [indicator]
    if ocid is not None:
        sql += " AND ocid = ?"
        args.append(ocid)
    return con.execute(sql, args).fetchall()


def reason(detail: str | None) -> str | None:
    try:
        return (json.loads(detail) or {}).get("reason") if detail else None
    except (TypeError, ValueError):
        return None
