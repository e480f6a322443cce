"""Link EDCAPI projects to the contracting processes they list, even where ids differ in form.

Nuevo León's project lists `Release-ocds-7wj9x5-X` with release `ocds-7wj9x5-X-v001`, while the record's
ocid is `ocds-7wj9x5-X001`; the shared key is `tender.id` = X. We try, in order: the exact ocid, the
ocid inside the compiled release, and the tender id under the same ocid prefix.

Versions of one process published under different ocids (Nuevo León's 2019 drafts `ocds-7wj9x5-X-v0001`
beside the current record `ocds-7wj9x5-X001`, whose compiled release is `ocds-7wj9x5-X-v001`) are found
first (`mark_superseded`): every version but the newest gets `processes.superseded_by`, and a project
always links to the current version, whatever order the files were loaded in.
"""
from __future__ import annotations

import re

import duckdb

_PREFIX = re.compile(r"^(ocds-[a-z0-9]{6})-", re.IGNORECASE)
_LEAD = re.compile(r"^(release|record|contractingprocess|proceso)[-_:]", re.IGNORECASE)
_VERSION = re.compile(r"-v\d+$", re.IGNORECASE)
_PREFIX_GAP = re.compile(r"^((?:ocds|oc4ids)-[A-Za-z0-9]{6})\s*-\s*", re.IGNORECASE)  # as source_rows.clean_id


def ref_keys(ref: str) -> list[str]:
    """Candidate keys for a published process reference, most specific first."""
    ref = _PREFIX_GAP.sub(r"\1-", ref.strip())  # "ocds-7wj9x5- X" is "ocds-7wj9x5-X" (as the loader reads ids)
    base = _PREFIX_GAP.sub(r"\1-", _LEAD.sub("", ref))
    keys = [ref, base, _VERSION.sub("", base)]
    m = _PREFIX.match(_VERSION.sub("", base))
    if m:
        keys.append(f"{m.group(1).lower()}|{_VERSION.sub('', base)[m.end():]}")
    return list(dict.fromkeys(keys))


SUPERSEDED = "superseded_draft"


def mark_superseded(con: duckdb.DuckDBPyConnection) -> int:
    """Mark superseded versions of a process; return how many processes are marked.

    The rule (documented in core/contract/loaders/definitions.csv, processes.superseded_by): two loaded
    processes are versions of one process when they have the same ocid prefix and the same tender.id,
    and their ocids, or the ocids inside their compiled releases, are equal once a version suffix
    (`-v0001`, `-v001`) is removed. Of such versions the one with the latest release date is current
    (ties: the greater ocid); every other one gets superseded_by = the current one's ocid and a row of
    `corrections` (rule superseded_draft). Superseded processes stay in the database with all their
    rows; totals and indicators leave them out by filtering on superseded_by IS NULL.

    It looks at the whole database after each load, so the result does not depend on loading order."""
    con.execute("UPDATE processes SET superseded_by = NULL WHERE superseded_by IS NOT NULL")
    con.execute("DELETE FROM corrections WHERE rule = ?", [SUPERSEDED])
    rows = con.execute(
        r"""
        WITH c AS (
            SELECT ocid, tender_id, regexp_extract(lower(ocid), '^(ocds-[a-z0-9]{6})-', 1) AS prefix
            FROM processes WHERE tender_id IS NOT NULL
        ), shared AS (
            SELECT prefix, tender_id FROM c WHERE prefix <> '' GROUP BY ALL HAVING count(*) > 1
        )
        SELECT c.prefix, p.tender_id, p.ocid, p.last_release_date, p.source_id,
               regexp_replace(p.ocid, '-v[0-9]+$', '', 'i') AS own_key,
               regexp_replace(coalesce(json_extract_string(p.json, '$.ocid'), p.ocid), '-v[0-9]+$', '', 'i')
        FROM processes p JOIN c USING (ocid) JOIN shared ON shared.prefix = c.prefix
             AND shared.tender_id = c.tender_id
        ORDER BY ALL
        """).fetchall()
    groups: dict[tuple[str, str], list[tuple]] = {}
    for prefix, tender_id, *rest in rows:
        groups.setdefault((prefix, tender_id), []).append(tuple(rest))
    marks: list[tuple[str, str, str, str | None]] = []  # (ocid, superseded_by, tender_id, source_id)
    for (_, tender_id), members in groups.items():
        for versions in _versions(members):
            current = max(versions, key=lambda m: (m[1] is not None, m[1] or 0, m[0]))
            marks += [(m[0], current[0], tender_id, m[2]) for m in versions if m is not current]
    if not marks:
        return 0
    import pyarrow as pa

    # Arrow rather than pandas: importing pandas cost the load 2.7 s, for one small table
    marked = pa.table({name: pa.array([m[i] for m in marks], pa.string())  # noqa: F841 (read by DuckDB)
                       for i, name in enumerate(("ocid", "superseded_by", "tender_id", "source_id"))})
    con.execute("UPDATE processes p SET superseded_by = m.superseded_by FROM marked m WHERE p.ocid = m.ocid")
    con.execute(
        "INSERT INTO corrections (source_id, ocid, project_id, field, old_value, new_value, rule) "
        "SELECT source_id, ocid, NULL, 'processes.superseded_by', 'tender.id ' || tender_id, superseded_by, ? "
        "FROM marked", [SUPERSEDED])
    return len(marks)


def _versions(members: list[tuple]) -> list[list[tuple]]:
    """Members (ocid, last date, source, own key, inner key) of one (prefix, tender id) grouped into sets
    of versions: members sharing a key, transitively. Only sets of two or more are returned."""
    parent = list(range(len(members)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_key: dict[str, int] = {}
    for i, m in enumerate(members):
        for key in (m[3], m[4]):
            if key in by_key:
                parent[find(i)] = find(by_key[key])
            else:
                by_key[key] = i
    sets: dict[int, list[tuple]] = {}
    for i, m in enumerate(members):
        sets.setdefault(find(i), []).append(m)
    return [v for v in sets.values() if len(v) > 1]


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
    # a reference that found a superseded version links to the current one
    con.execute("UPDATE project_processes pp SET ocid = p.superseded_by FROM processes p "
                "WHERE p.ocid = pp.ocid AND p.superseded_by IS NOT NULL")
    return con.execute("SELECT count(*) FROM project_processes WHERE ocid IS NOT NULL").fetchall()[0][0]


def _link_by_keys(con: duckdb.DuckDBPyConnection, refs: list[str]) -> None:
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
        "OR regexp_extract(lower(ocid), '^(ocds-[a-z0-9]{6})-', 1) IN (SELECT p FROM wanted_prefixes) "
        # the first process giving a key keeps it: current versions first, then in ocid order, so the
        # result does not depend on the order rows were written in
        "ORDER BY superseded_by IS NOT NULL, ocid"
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
        links = pa.table({"process_ref": pa.array([p[0] for p in pairs], pa.string()),  # noqa: F841 (DuckDB)
                          "ocid": pa.array([p[1] for p in pairs], pa.string())})
        con.execute(
            "UPDATE project_processes p SET ocid = l.ocid FROM links l WHERE p.process_ref = l.process_ref"
        )
