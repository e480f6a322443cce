"""Compiled releases from `processes.json` text, decoded as the calculators read them, fast.

Two things `compute_all` needs per row of the `processes` table, with exactly the results of parsing the
whole text with `run.parse_line` and of the SQL that used to feed it
(`CASE WHEN json_extract_string(json, '$.ocid') IS NOT DISTINCT FROM ocid THEN json
ELSE json_merge_patch(json, json_object('ocid', ocid)) END`):

- `decode(raw, number)`: the release with only the members the calculators read (`RELEASE_FIELDS`).
  With msgspec installed, the rest of the text (parties, contracts, documents...: most of it) is skipped
  without building Python objects, three to four times faster than parsing everything; a text that does
  not fit that shape (a member of another JSON type, a number out of range, not an object, not JSON)
  goes through `parse_line`, so every odd case is read as before. Without msgspec, `parse_line` always.
- `release_for_row(raw, table_ocid, number)`: that release carrying the table's ocid, as the SQL above
  gives it (a record's compiled release may name another form of its ocid). The usual cases are decided
  here; the odd ones (no JSON text, not an object, an ocid that is not a string, a NULL table ocid) run
  that SQL itself in a private in-memory DuckDB, so they cannot drift from it.

`processes.json` is written by the loader from a parsed object (no duplicate member names), which is what
makes the usual cases equivalent to the SQL.
"""
from __future__ import annotations

from typing import Any

from metrics.cardinal.run import parse_line

# The members of a compiled release that the calculators (metrics/cardinal/r*.py, helpers.py, run.py,
# through ocds.py) read. A calculator that reads another member must add it here: the fast decoder
# drops everything else. tests/test_cardinal_decode.py checks the pruned and the full release give the
# same results on every Cardinal fixture.
RELEASE_FIELDS: dict[str, Any] = {
    "ocid": None,
    "buyer": {"id": None},
    "tender": {
        "status": None, "procurementMethod": None, "procurementMethodDetails": None, "numberOfTenderers": None,
        "tenderPeriod": {"startDate": None, "endDate": None},
        "procuringEntity": {"id": None},
    },
    "bids": {"details": [{"status": None, "date": None, "tenderers": [{"id": None}],
                          "value": {"amount": None, "currency": None}}]},
    "awards": [{"status": None, "suppliers": [{"id": None}], "items": [{"classification": {"id": None}}]}],
}

# The SQL that fed the calculators before: kept for the rows decided by it (see with_table_ocid).
TABLE_OCID_SQL = (
    "SELECT CASE WHEN json_extract_string(j, '$.ocid') IS NOT DISTINCT FROM o THEN j "
    "ELSE json_merge_patch(j, json_object('ocid', o)) END FROM (SELECT ?::VARCHAR AS j, ?::VARCHAR AS o)"
)


def _build_decoder() -> Any:
    """A msgspec decoder for RELEASE_FIELDS (every leaf any JSON value); msgspec is a dependency."""
    import msgspec

    counter = iter(range(1_000_000))

    def shape(spec: Any) -> Any:
        if spec is None:
            return Any
        if isinstance(spec, list):
            return list[shape(spec[0])] | None
        fields = [(name, shape(sub), None) for name, sub in spec.items()]
        struct = msgspec.defstruct(f"Pruned{next(counter)}", fields, omit_defaults=True)
        return struct | None

    release = msgspec.defstruct("PrunedRelease", [(n, shape(s), None) for n, s in RELEASE_FIELDS.items()],
                                omit_defaults=True)
    decoder = msgspec.json.Decoder(release)
    to_builtins = msgspec.to_builtins
    errors = (msgspec.DecodeError, msgspec.ValidationError)

    def decode(raw: Any) -> Any:
        try:
            return to_builtins(decoder.decode(raw))
        except errors:
            return _FULL
    return decode


_FULL = object()  # the fast decoder declined: parse the whole text
_fast = _build_decoder()


def decode(raw: bytes | memoryview | str, number: int, pruned: bool = True) -> Any:
    """One `processes.json` text as a release (pruned to RELEASE_FIELDS when possible), or None when it
    is not JSON (with parse_line's warning)."""
    if pruned and _fast is not None:
        value = _fast(raw)
        if value is not _FULL:
            return value
    return parse_line(raw if isinstance(raw, (bytes, str)) else bytes(raw), number)


_sql: Any = None


def _run_table_ocid_sql(text: str | None, table_ocid: str | None) -> str | None:
    """TABLE_OCID_SQL for one row, in a private in-memory DuckDB (the same engine as the table)."""
    global _sql
    if _sql is None:
        import duckdb

        _sql = duckdb.connect()
    return _sql.execute(TABLE_OCID_SQL, [text, table_ocid]).fetchall()[0][0]


SKIP = object()  # marker: the row yields no line at all (TABLE_OCID_SQL gave NULL)


def release_for_row(raw: bytes | memoryview | str | None, table_ocid: str | None, number: int,
                    pruned: bool = True) -> Any:
    """One row of `processes` (its json text and ocid) as the calculators must see it.

    Returns the release (a dict, or any other JSON value, which Pipeline.fold counts and skips), None for
    a text that is not JSON (skipped with a warning, as `fold_lines` does), or SKIP for a row without
    text nor ocid (which the SQL filtered out).
    """
    if raw is None:
        if table_ocid is None:
            return SKIP
        value = None
    else:
        value = decode(raw, number, pruned)
        if type(value) is dict:
            current = value.get("ocid")
            if type(current) is str and table_ocid is not None:
                if current != table_ocid:  # a merge patch with a string member replaces the member
                    value["ocid"] = table_ocid
                return value
    # Not an object, JSON null, no text, an ocid that is not a string or a NULL table ocid: the SQL decides.
    if raw is None or isinstance(raw, str):
        text = raw
    else:
        text = bytes(raw).decode("utf-8", "surrogatepass")
    try:
        patched = _run_table_ocid_sql(text, table_ocid)
    except Exception:  # noqa: BLE001 - not JSON for DuckDB either (the SQL stopped the whole pass): as read
        return value
    if patched is None:
        return SKIP
    if patched == text:
        return value
    return decode(patched, number, pruned)
