"""Link EDCAPI projects to the contracting processes they list, even where ids differ in form.

Nuevo León's project lists `Release-ocds-7wj9x5-X` with release `ocds-7wj9x5-X-v001`, while the record's
ocid is `ocds-7wj9x5-X001`; the shared key is `tender.id` = X. We try, in order: the exact ocid, the
ocid inside the compiled release, and the tender id under the same ocid prefix.
"""
from __future__ import annotations

import re

import duckdb

_PREFIX = re.compile(r"^(ocds-[a-z0-9]{6})-", re.IGNORECASE)
_LEAD = re.compile(r"^(release|record|contractingprocess|proceso)[-_:]", re.IGNORECASE)
_VERSION = re.compile(r"-v\d+$", re.IGNORECASE)


def ref_keys(ref: str) -> list[str]:
    """Candidate keys for a published process reference, most specific first."""
    ref = ref.strip()
    base = _LEAD.sub("", ref)
    keys = [ref, base, _VERSION.sub("", base)]
    m = _PREFIX.match(_VERSION.sub("", base))
    if m:
        keys.append(f"{m.group(1).lower()}|{_VERSION.sub('', base)[m.end():]}")
    return list(dict.fromkeys(keys))


def link_projects(con: duckdb.DuckDBPyConnection) -> int:
    """Fill project_processes.ocid where a loaded process matches; return how many links exist."""
    refs = con.execute(
        "SELECT DISTINCT process_ref FROM project_processes WHERE process_ref IS NOT NULL"
    ).fetchall()
    if not refs:
        return 0
    index: dict[str, str] = {}
    for ocid, tender_id, inner in con.execute(
        "SELECT ocid, tender_id, json_extract_string(json, '$.ocid') FROM processes"
    ).fetchall():
        index.setdefault(ocid, ocid)
        if inner:
            index.setdefault(inner, ocid)
            index.setdefault(_VERSION.sub("", inner), ocid)
        m = _PREFIX.match(ocid)
        if m and tender_id:
            index.setdefault(f"{m.group(1).lower()}|{tender_id}", ocid)
    # also the releases a project lists (`contractingProcesses[].releases[].id`)
    pairs = []
    for (ref,) in refs:
        found = next((index[k] for k in ref_keys(ref) if k in index), None)
        if found:
            pairs.append((ref, found))
    con.execute("UPDATE project_processes SET ocid = NULL")
    if pairs:
        import pandas as pd

        links = pd.DataFrame(pairs, columns=["process_ref", "ocid"])  # noqa: F841 (read by DuckDB)
        con.execute(
            "UPDATE project_processes p SET ocid = l.ocid FROM links l WHERE p.process_ref = l.process_ref"
        )
    return con.execute("SELECT count(*) FROM project_processes WHERE ocid IS NOT NULL").fetchall()[0][0]


