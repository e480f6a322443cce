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
    """Fill project_processes.ocid where a loaded process matches; return how many links exist.

    References equal to an ocid are linked in SQL. Only the others (Nuevo León's form) are matched in
    Python, against the processes that could match them: those under the same ocid prefix or whose
    ocid is one of the candidate keys. At a million processes the earlier all-in-Python index took
    1.3 GB."""
    con.execute("UPDATE project_processes SET ocid = NULL")
    con.execute("UPDATE project_processes p SET ocid = r.ocid FROM processes r WHERE r.ocid = p.process_ref")
    refs = [r[0] for r in con.execute(
        "SELECT DISTINCT process_ref FROM project_processes WHERE ocid IS NULL AND process_ref IS NOT NULL"
    ).fetchall()]
    if refs:
        _link_by_keys(con, refs)
    return con.execute("SELECT count(*) FROM project_processes WHERE ocid IS NOT NULL").fetchall()[0][0]


def _link_by_keys(con: duckdb.DuckDBPyConnection, refs: list[str]) -> None:
    import pandas as pd
    import pyarrow as pa

    keys = {ref: ref_keys(ref) for ref in refs}
    all_keys = sorted({k for ks in keys.values() for k in ks})
    prefixes = sorted({m.group(1).lower() for k in all_keys if (m := _PREFIX.match(k))})
    # Arrow, typed: an empty pandas column would be a float column
    wanted_keys = pa.table({"k": pa.array(all_keys, pa.string())})  # noqa: F841 (read by DuckDB)
    wanted_prefixes = pa.table({"p": pa.array(prefixes, pa.string())})  # noqa: F841 (read by DuckDB)
    index: dict[str, str] = {}
    for ocid, tender_id, inner in con.execute(
        "SELECT ocid, tender_id, json_extract_string(json, '$.ocid') FROM processes "
        "WHERE ocid IN (SELECT k FROM wanted_keys) "
        "OR regexp_extract(lower(ocid), '^(ocds-[a-z0-9]{6})-', 1) IN (SELECT p FROM wanted_prefixes)"
    ).fetchall():
        index.setdefault(ocid, ocid)
        if inner:
            index.setdefault(inner, ocid)
            index.setdefault(_VERSION.sub("", inner), ocid)
        m = _PREFIX.match(ocid)
        if m and tender_id:
            index.setdefault(f"{m.group(1).lower()}|{tender_id}", ocid)
    pairs = []
    for ref in refs:
        found = next((index[k] for k in keys[ref] if k in index), None)
        if found:
            pairs.append((ref, found))
    if pairs:
        links = pd.DataFrame(pairs, columns=["process_ref", "ocid"])  # noqa: F841 (read by DuckDB)
        con.execute(
            "UPDATE project_processes p SET ocid = l.ocid FROM links l WHERE p.process_ref = l.process_ref"
        )
