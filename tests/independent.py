"""An independent, deliberately simple count of what real files hold, to check the loaders against."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

SUFFIXES = {".json", ".jsonl", ".ndjson"}


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _documents(text: str) -> list:
    dec = json.JSONDecoder()
    docs, i, n = [], 0, len(text)
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            break
        try:
            doc, i = dec.raw_decode(text, i)
        except json.JSONDecodeError:
            break
        docs.append(doc)
    return docs


def _walk(doc, ocids: set, projects: set) -> None:
    if isinstance(doc, list):
        for d in doc:
            _walk(d, ocids, projects)
        return
    if not isinstance(doc, dict):
        return
    for key in ("arrayReleasePackage", "recordPackages", "data", "results"):
        if isinstance(doc.get(key), list):
            _walk(doc[key], ocids, projects)
    for r in doc.get("releases") or [] if isinstance(doc.get("releases"), list) and "ocid" not in doc else []:
        if isinstance(r, dict) and isinstance(r.get("ocid"), str) and r["ocid"].strip():
            ocids.add(r["ocid"])
    if isinstance(doc.get("records"), list):
        for rec in doc["records"]:
            if not isinstance(rec, dict):
                continue
            full = [r for r in rec.get("releases") or [] if isinstance(r, dict) and set(r) - {"url", "date", "tag", "id"}]
            oc = rec.get("ocid") if isinstance(rec.get("ocid"), str) else (rec.get("compiledRelease") or {}).get("ocid")
            if isinstance(oc, str) and oc.strip() and (full or isinstance(rec.get("compiledRelease"), dict)):
                ocids.add(oc)
    if isinstance(doc.get("projects"), list):
        for p in doc["projects"]:
            if isinstance(p, dict) and p.get("id") is not None:
                projects.add(str(p["id"]))
    if isinstance(doc.get("ocid"), str) and doc["ocid"].strip():
        if "compiledRelease" in doc or "releases" in doc:  # a single record
            full = [r for r in doc.get("releases") or [] if isinstance(r, dict) and set(r) - {"url", "date", "tag", "id"}]
            if full or isinstance(doc.get("compiledRelease"), dict):
                ocids.add(doc["ocid"])
        else:
            ocids.add(doc["ocid"])
    if "ocid" not in doc and doc.get("id") is not None and (
        "contractingProcesses" in doc or "locations" in doc or "budget" in doc or "sector" in doc
    ) and "releases" not in doc and "records" not in doc and "projects" not in doc:
        projects.add(str(doc["id"]))


def count_file(path: Path) -> tuple[set, set]:
    """(distinct ocids, distinct project ids) in one file."""
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    text = _text(raw)
    ocids: set = set()
    projects: set = set()
    if path.suffix in (".jsonl", ".ndjson"):
        for line in text.splitlines():
            try:
                _walk(json.loads(line), ocids, projects)
            except json.JSONDecodeError:
                continue
    else:
        for doc in _documents(text):
            _walk(doc, ocids, projects)
    return ocids, projects


def count_tree(root: Path) -> tuple[set, set]:
    ocids: set = set()
    projects: set = set()
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in SUFFIXES)
    for p in files:
        o, j = count_file(p)
        ocids |= o
        projects |= j
    return ocids, projects
