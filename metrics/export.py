"""Export the flags (with the indicators' names) as JSON, CSV or Parquet, streaming in batches.

    export_flags(con, "csv", Path("flags.csv"))
    main_export(["--db", "data/obras.duckdb", "--format", "json", "--out", "flags.json"])   # `obras flags`

Rows: indicator, indicator_name_es, indicator_name_en, category, level, subject_type, subject_id, ocid,
value, flagged, computable, outcome (flagged, not_flagged, not_computable or suspect: metrics.suspect) and
its words (outcome_es, outcome_en: "Dato dudoso" / "Suspect data"), the reason of a result that is not one
in words (reason_es, reason_en), detail (a JSON object in JSON; JSON text in CSV and Parquet). With
`settings` the flags are recomputed in memory with those settings instead of read from the database.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import IO, Any, Sequence

import orjson
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pa_parquet

from metrics import catalogue
from metrics import config
from metrics import suspect
from core import safe_cells

FORMATS = ("json", "csv", "parquet")
EXPORT_COLUMNS = [
    "indicator", "indicator_name_es", "indicator_name_en", "category", "level", "subject_type", "subject_id",
    "ocid", "value", "flagged", "computable", "outcome", "outcome_es", "outcome_en", "reason_es", "reason_en",
    "detail",
]
BATCH_ROWS = 100_000


def indicator_catalogue() -> pd.DataFrame:
    """One row per registered indicator: code, names, category and level (joined onto exported flags)."""
    return pd.DataFrame(
        [(i.meta.code, i.meta.name_es, i.meta.name_en, i.meta.category, i.meta.level) for i in catalogue.all_indicators()],
        columns=["code", "name_es", "name_en", "category", "level"],
    )


def reason_texts() -> pd.DataFrame:
    """Every reason code with its Spanish and English text (metrics.indicators.REASONS, which includes the
    suspect reasons), and every outcome code with its words: joined onto exported flags."""
    from metrics.indicators import REASONS

    return pd.DataFrame([(k, "reason", es, en) for k, (es, en) in REASONS.items()]
                        + [(k, "outcome", es, en) for k, (es, en) in suspect.OUTCOMES.items()],
                        columns=["code", "kind", "es", "en"])


def _query(table: str) -> str:
    # `table` is "flags" or metrics.compute's temp table: a fixed identifier, not input. A result that is
    # not one (not computable, suspect) says why in words; a computed result's detail holds no reason.
    return f"""
SELECT f.indicator, c.name_es AS indicator_name_es, c.name_en AS indicator_name_en, c.category, c.level,
    f.subject_type, f.subject_id, f.ocid, f.value, f.flagged, f.computable, f.outcome,
    o.es AS outcome_es, o.en AS outcome_en, r.es AS reason_es, r.en AS reason_en, f.detail
FROM {table} f LEFT JOIN _oa_catalogue c ON c.code = f.indicator
LEFT JOIN _oa_texts o ON o.kind = 'outcome' AND o.code = f.outcome
LEFT JOIN _oa_texts r ON r.kind = 'reason' AND f.outcome IN ('not_computable', 'suspect')
    AND r.code = json_extract_string(f.detail, '$.reason')
WHERE (NOT $flagged_only OR f.flagged) AND (len($codes::VARCHAR[]) = 0 OR list_contains($codes::VARCHAR[], f.indicator))
ORDER BY f.indicator, f.subject_type, f.subject_id
"""


def export_flags(con: Any, fmt: str, out: Path | str | None = None, *, flagged_only: bool = False,
                 indicators: Sequence[str] | None = None, settings: dict[str, Any] | None = None,
                 stream: IO[bytes] | None = None) -> Path | None:
    """Write the flags as `fmt` ("json", "csv" or "parquet") to `out`, or to `stream` / standard output.

    Parquet needs a file (`out`). Returns `out` as a Path, or None when written to a stream.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "parquet" and out is None:
        raise ValueError("Parquet is binary: give an output file")
    params = {"flagged_only": bool(flagged_only), "codes": list(indicators or [])}
    con.register("_oa_catalogue", indicator_catalogue())
    con.register("_oa_texts", reason_texts())
    try:
        if settings is not None:
            from metrics.compute import computed

            with computed(con, settings) as run:
                return _write(con, _query(run["flags_table"]), params, fmt, out, stream)
        return _write(con, _query("flags"), params, fmt, out, stream)
    finally:
        con.unregister("_oa_catalogue")
        con.unregister("_oa_texts")


def _write(con: Any, sql: str, params: dict[str, Any], fmt: str, out: Path | str | None,
           stream: IO[bytes] | None) -> Path | None:
    reader = con.sql(sql, params=params).to_arrow_reader(BATCH_ROWS)
    try:  # the reader holds the connection until closed, even when writing fails half-way
        path = Path(out) if out is not None else None
        if fmt == "parquet":
            assert path is not None
            with pa_parquet.ParquetWriter(path, reader.schema) as writer:
                for batch in reader:
                    writer.write_batch(batch)
            return path
        if path is not None:
            with path.open("wb") as fh:
                _write_text(reader, fmt, fh)
            return path
        target = stream if stream is not None else sys.stdout.buffer
        _write_text(reader, fmt, target)
        target.flush()
        return None
    finally:
        reader.close()


def _write_text(reader: pa.RecordBatchReader, fmt: str, fh: IO[bytes]) -> None:
    if fmt == "csv":
        with pa_csv.CSVWriter(fh, reader.schema) as writer:
            for batch in reader:
                writer.write_batch(safe_cells.arrow_batch(batch))  # text cells cannot become formulas
        return
    fh.write(b"[")
    first = True
    for batch in reader:
        for row in batch.to_pylist():
            if row["detail"] is not None:
                try:
                    row["detail"] = orjson.loads(row["detail"])
                except orjson.JSONDecodeError:
                    pass  # keep text that is not JSON as text
            fh.write(b"\n" if first else b",\n")
            fh.write(orjson.dumps(row, option=orjson.OPT_SERIALIZE_NUMPY))
            first = False
    fh.write(b"\n]\n")


def build_parser(prog: str = "obras flags") -> argparse.ArgumentParser:
    """The `obras flags` arguments."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Export the indicator results (flags) of a database as JSON, CSV or Parquet.",
    )
    parser.add_argument("--db", metavar="FILE", help="DuckDB file (default: OBRAS_DB, else data/obras.duckdb)")
    parser.add_argument("--format", choices=FORMATS, default="csv", help="output format (default: csv)")
    parser.add_argument("--out", metavar="PATH", help="output file (default: standard output; required for parquet)")
    parser.add_argument("--flagged-only", action="store_true", help="only rows that were flagged")
    parser.add_argument("--indicator", action="append", metavar="CODE", help="only this indicator (repeatable)")
    parser.add_argument("--settings", metavar="FILE.ini",
                        help="recompute the flags in memory with these settings instead of reading them")
    return parser


def main_export(argv: Sequence[str] | None = None, prog: str = "obras flags") -> int:
    """Run `obras flags`; returns the exit status (0, or 2 with a one-line error)."""
    import duckdb

    from core.settings import db_path

    args = build_parser(prog).parse_args(argv)
    db = db_path(args.db)
    if not Path(db).is_file():
        print(f"{prog}: error: {db}: no such database (load data first)", file=sys.stderr)
        return 2
    if args.format == "parquet" and not args.out:
        print(f"{prog}: error: --format parquet needs --out PATH", file=sys.stderr)
        return 2
    try:
        overrides = config.load_ini(args.settings) if args.settings else None
    except config.SettingsError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 2
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error as exc:
        print(f"{prog}: error: {db}: cannot open the database ({exc})", file=sys.stderr)
        return 2
    try:
        tables = {t for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
        needed = {"processes", "projects"} if overrides is not None else {"flags"}
        if not needed <= tables:
            print(f"{prog}: error: {db}: no {', '.join(sorted(needed - tables))} table (load data first)",
                  file=sys.stderr)
            return 2
        try:
            export_flags(con, args.format, args.out, flagged_only=args.flagged_only, indicators=args.indicator,
                         settings=overrides)
        except config.SettingsError as exc:
            print(f"{prog}: error: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:
            print(f"{prog}: error: {args.out}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    finally:
        con.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main_export())
