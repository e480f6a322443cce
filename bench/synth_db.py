"""A large synthetic database built directly in the contract tables, for page benchmarks.

`demo.generate` + `loaders.load` is the honest way to build demo data (realistic files through the real
loader); this module exists for sizes where going through files would take longer than the benchmark
itself (1,000,000 processes), and for when the demo generator is not available. It writes rows with
plausible distributions (methods, tenderers, amounts, dates, price and term changes, flags) straight
into the tables of core/contract/loaders/schema.sql, with deterministic hash-based pseudo-random numbers.

    .venv/bin/python bench/synth_db.py --processes 100000 --db /tmp/big.duckdb
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.contract import create_tables  # noqa: E402

PILOT_STATES = ["02", "07", "08", "09", "14", "16", "19", "20", "31"]
IMPLEMENTERS_PER_STATE = [3, 2, 3, 3, 3, 2, 3, 2, 2]  # 23 in all, as in the pilot
PROCESS_INDICATORS = ["R003", "R018", "R024", "R025", "R028", "R030", "R035", "R036", "R038",
                      "OA-P1", "OA-P3", "OA-P4", "OA-C1", "OA-D1", "OA-D2", "OA-D3", "OA-D4"]
PROJECT_INDICATORS = ["OA-P2", "OA-D5"]
BUYER_INDICATORS = ["OA-C2", "OA-C3", "R048"]


def _u(expr: str, salt: str) -> str:
    """A deterministic pseudo-random number in [0, 1) from `expr`."""
    return f"((hash({expr}, '{salt}') % 1000003) / 1000003.0)"


def build(db: str | Path, processes: int = 100_000, projects_ratio: float = 0.1, with_flags: bool = True) -> Path:
    """Write a synthetic database of `processes` processes (and ~10% as many projects) to `db`."""
    db = Path(db)
    if db.exists():
        db.unlink()
    con = duckdb.connect(str(db))
    create_tables(con)
    with (ROOT / "data" / "states.csv").open(encoding="utf-8") as fh:
        rows = [(r["state_code"], r["iso_code"], r["name"], float(r["centroid_lon"] or "nan"),
                 float(r["centroid_lat"] or "nan")) for r in csv.DictReader(fh)]
    con.executemany("INSERT INTO states (state_code, iso_code, name, centroid_lon, centroid_lat) "
                    "VALUES (?, ?, ?, ?, ?)", rows)
    con.execute("UPDATE states SET centroid_lon = NULL WHERE isnan(centroid_lon)")
    con.execute("UPDATE states SET centroid_lat = NULL WHERE isnan(centroid_lat)")
    impl = []
    n = 0
    for state, count in zip(PILOT_STATES, IMPLEMENTERS_PER_STATE):
        for k in range(count):
            n += 1
            kind = "state_agency" if k == 0 else "municipality"
            impl.append((f"demo-{n:02d}", f"Implementador sintético {n} ({state})", kind, state))
    con.executemany(
        "INSERT INTO implementers (implementer_id, name, kind, state_code) VALUES (?, ?, ?, ?)", impl)
    con.execute("CREATE TEMP TABLE impl_idx AS SELECT row_number() OVER (ORDER BY implementer_id) - 1 AS k, "
                "implementer_id, state_code FROM implementers")
    n_impl = len(impl)
    con.execute("INSERT INTO sources (source_id, uri, format, loaded_at, items_read, items_loaded, "
                "items_rejected, is_demo) VALUES ('synthetic', 'bench/synth_db.py', 'synthetic', now(), ?, ?, 0, true)",
                [processes, processes])
    con.execute(f"""
        CREATE TEMP TABLE base AS
        SELECT i, {_u('i', 'impl')} AS u_impl, {_u('i', 'method')} AS u_m, {_u('i', 'cat')} AS u_c,
               {_u('i', 'ten')} AS u_t, {_u('i', 'val')} AS u_v, {_u('i', 'date')} AS u_d,
               {_u('i', 'per')} AS u_p, {_u('i', 'inc')} AS u_inc, {_u('i', 'ext')} AS u_ext,
               {_u('i', 'buyer')} AS u_b
        FROM range({processes}) r(i)""")
    # implementers weighted towards the first ones (a few publish most)
    con.execute(f"""
        INSERT INTO processes (ocid, implementer_id, state_code, buyer_id, buyer_name, procuring_entity_id,
               procuring_entity_name, title, main_category, method, method_details, tender_id, tender_status,
               tender_value, currency, tender_start, tender_end, number_of_tenderers, award_date, award_value,
               contract_value, date_signed, contract_start, contract_end, release_count, last_release_date,
               source_id, json)
        SELECT 'ocds-synth-' || lpad(i::VARCHAR, 8, '0') AS ocid, ii.implementer_id, ii.state_code,
               ii.implementer_id || '-b' || (floor(u_b * 6))::INT AS buyer_id,
               'Unidad compradora ' || (floor(u_b * 6))::INT || ' de ' || ii.implementer_id AS buyer_name,
               NULL, NULL, 'Obra sintética número ' || i AS title,
               CASE WHEN u_c < 0.8 THEN 'works' WHEN u_c < 0.93 THEN 'services' ELSE 'goods' END,
               CASE WHEN u_m < 0.5 THEN 'open' WHEN u_m < 0.65 THEN 'selective' ELSE 'direct' END,
               NULL, 'T-' || i, 'complete', tv, 'MXN', ts, ts + INTERVAL (tp) DAY,
               CASE WHEN u_m < 0.65 THEN 1 + floor(u_t * u_t * 9)::INT ELSE 1 END,
               ts + INTERVAL (tp + 5 + floor(u_p * 40)::INT) DAY, tv * (0.7 + 0.35 * u_v),
               tv * (0.7 + 0.35 * u_v), ts + INTERVAL (tp + 20 + floor(u_p * 30)::INT) DAY,
               ts + INTERVAL (tp + 30) DAY, ts + INTERVAL (tp + 200 + floor(u_ext * 200)::INT) DAY,
               3, ts + INTERVAL 400 DAY, 'synthetic', NULL
        FROM (SELECT *, TIMESTAMP '2015-01-01' + INTERVAL (floor(u_d * 3650)::INT) DAY AS ts,
                     5 + floor(u_p * 30)::INT AS tp,
                     round(exp(13 + 3 * u_v * u_v), 2) AS tv,
                     least(floor(u_impl * u_impl * {n_impl})::INT, {n_impl - 1}) AS k
              FROM base) b JOIN impl_idx ii USING (k)""")
    con.execute(f"""
        INSERT INTO contracts (ocid, contract_id, award_id, status, date_signed, start_date, end_date, value,
               currency, original_value, original_end_date)
        SELECT p.ocid, p.ocid || '-c1', p.ocid || '-a1', 'active', p.date_signed, p.contract_start,
               CASE WHEN u_ext < 0.2 THEN p.contract_end + INTERVAL (floor(u_ext * 600)::INT) DAY ELSE p.contract_end END,
               CASE WHEN u_inc < 0.25 THEN p.contract_value * (1 + u_inc * 1.6) ELSE p.contract_value END,
               'MXN', p.contract_value, p.contract_end
        FROM processes p JOIN base b ON p.ocid = 'ocds-synth-' || lpad(b.i::VARCHAR, 8, '0')""")
    n_proj = max(1, int(processes * projects_ratio))
    con.execute(f"""
        INSERT INTO projects (project_id, implementer_id, state_code, title, description, status, sector, type,
               budget, currency, period_start, period_end, completion_end_date, completion_final_value,
               completion_final_scope, public_authority_id, public_authority_name, updated, source_id, json)
        SELECT 'oc4ids-synth-' || lpad(j::VARCHAR, 7, '0'), ii.implementer_id, ii.state_code,
               'Proyecto sintético ' || j, NULL,
               CASE WHEN {_u('j', 'pst')} < 0.6 THEN 'completion' ELSE 'implementation' END,
               ['transport.urban'], 'construction', bud, 'MXN', ps, ps + INTERVAL 365 DAY,
               CASE WHEN {_u('j', 'pst')} < 0.6 THEN ps + INTERVAL (300 + floor({_u('j', 'pend')} * 300)::INT) DAY END,
               CASE WHEN {_u('j', 'pst')} < 0.6 THEN bud * (0.9 + 0.5 * {_u('j', 'pfin')}) END,
               NULL, NULL, NULL, ps + INTERVAL 500 DAY, 'synthetic', NULL
        FROM (SELECT j, least(floor({_u('j', 'pimpl')} * {_u('j', 'pimpl')} * {n_impl})::INT, {n_impl - 1}) AS k,
                     round(exp(14 + 3 * {_u('j', 'pbud')}), 2) AS bud,
                     TIMESTAMP '2015-01-01' + INTERVAL (floor({_u('j', 'pdate')} * 3650)::INT) DAY AS ps
              FROM range({n_proj}) r(j)) x JOIN impl_idx ii USING (k)""")
    con.execute(f"""
        INSERT INTO project_locations (project_id, location_index, lon, lat, state_code, municipality_code,
               locality, region, geometry)
        SELECT pr.project_id, 0, s.centroid_lon + ({_u('pr.project_id', 'lon')} - 0.5) * 1.5,
               s.centroid_lat + ({_u('pr.project_id', 'lat')} - 0.5) * 1.5, pr.state_code, NULL, NULL, NULL, NULL
        FROM projects pr JOIN states s USING (state_code)
        WHERE {_u('pr.project_id', 'hasloc')} < 0.9""")
    # each project links to up to 3 processes (process i -> project i // 10 for the first n_proj * 3)
    con.execute(f"""
        INSERT INTO project_processes (project_id, process_index, process_ref, ocid, contract_value)
        SELECT 'oc4ids-synth-' || lpad((i // 3)::VARCHAR, 7, '0'), i % 3, p.ocid, p.ocid, p.contract_value
        FROM base b JOIN processes p ON p.ocid = 'ocds-synth-' || lpad(b.i::VARCHAR, 8, '0')
        WHERE i < {n_proj * 3}""")
    if with_flags:
        _flags(con)
        _scores(con)
    con.execute("CHECKPOINT")
    con.close()
    return db


def _flags(con: duckdb.DuckDBPyConnection) -> None:
    # every process gets a result for each process indicator; ~6% flagged, ~15% not computable
    codes = ", ".join(f"'{c}'" for c in PROCESS_INDICATORS)
    con.execute(f"""
        INSERT INTO flags (indicator, subject_type, subject_id, ocid, value, flagged, computable, detail)
        SELECT code, 'ocid', p.ocid, p.ocid, v, CASE WHEN comp THEN v > 0.94 END, comp, NULL
        FROM processes p, (SELECT unnest([{codes}]) AS code) c,
             LATERAL (SELECT {_u('p.ocid || c.code', 'fv')} AS v, {_u('p.ocid || c.code', 'fc')} > 0.15 AS comp)""")
    pcodes = ", ".join(f"'{c}'" for c in PROJECT_INDICATORS)
    con.execute(f"""
        INSERT INTO flags (indicator, subject_type, subject_id, ocid, value, flagged, computable, detail)
        SELECT code, 'project', pr.project_id, NULL, v, CASE WHEN comp THEN v > 0.8 END, comp, NULL
        FROM projects pr, (SELECT unnest([{pcodes}]) AS code) c,
             LATERAL (SELECT {_u('pr.project_id || c.code', 'fv')} AS v,
                             pr.completion_end_date IS NOT NULL AS comp)""")
    bcodes = ", ".join(f"'{c}'" for c in BUYER_INDICATORS)
    con.execute(f"""
        INSERT INTO flags (indicator, subject_type, subject_id, ocid, value, flagged, computable, detail)
        SELECT code, 'buyer', b.buyer_id, NULL, v, v > 0.85, true, NULL
        FROM (SELECT DISTINCT buyer_id FROM processes) b, (SELECT unnest([{bcodes}]) AS code) c,
             LATERAL (SELECT {_u('b.buyer_id || c.code', 'fv')} AS v)""")
    con.execute("""
        INSERT INTO indicator_stats (indicator, q1, q3, fence, n_subjects, n_computable, n_flagged, settings,
               computed_at)
        SELECT indicator, quantile_cont(value, 0.25), quantile_cont(value, 0.75),
               min(value) FILTER (WHERE flagged), count(*), count(*) FILTER (WHERE computable),
               count(*) FILTER (WHERE flagged), '{}', now()
        FROM flags GROUP BY indicator""")


def _scores(con: duckdb.DuckDBPyConnection) -> None:
    # what metrics.compute.refresh writes beside the flags (core/contract/metrics/schema.sql), in its simplest form
    from metrics.schema import create_tables as create_metrics_tables

    create_metrics_tables(con)
    con.execute("""
        INSERT INTO process_scores (ocid, implementer_id, buyer_id, state_code, n_indicators, n_computable,
               n_flagged, score, flagged_indicators)
        SELECT p.ocid, p.implementer_id, p.buyer_id, p.state_code, count(*), count(*) FILTER (WHERE f.computable),
               count(*) FILTER (WHERE f.flagged),
               100.0 * count(*) FILTER (WHERE f.flagged) / nullif(count(*) FILTER (WHERE f.computable), 0),
               list(f.indicator) FILTER (WHERE f.flagged)
        FROM processes p JOIN flags f ON f.subject_type = 'ocid' AND f.subject_id = p.ocid GROUP BY ALL""")
    con.execute("""
        INSERT INTO project_scores (project_id, implementer_id, state_code, n_processes, n_indicators,
               n_computable, n_flagged, score, flagged_indicators)
        WITH r AS (
            SELECT f.subject_id AS project_id, f.indicator, f.flagged, f.computable FROM flags f
            WHERE f.subject_type = 'project'
            UNION ALL
            SELECT pp.project_id, f.indicator, f.flagged, f.computable
            FROM project_processes pp JOIN flags f ON f.subject_type = 'ocid' AND f.subject_id = pp.ocid),
        n AS (SELECT project_id, count(*) AS n_processes FROM project_processes GROUP BY 1)
        SELECT pr.project_id, pr.implementer_id, pr.state_code, coalesce(any_value(n.n_processes), 0),
               count(r.indicator), count(*) FILTER (WHERE r.computable), count(*) FILTER (WHERE r.flagged),
               100.0 * count(*) FILTER (WHERE r.flagged) / nullif(count(*) FILTER (WHERE r.computable), 0),
               list(DISTINCT r.indicator) FILTER (WHERE r.flagged)
        FROM projects pr LEFT JOIN r USING (project_id) LEFT JOIN n USING (project_id)
        GROUP BY pr.project_id, pr.implementer_id, pr.state_code""")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=100_000)
    parser.add_argument("--db", required=True)
    parser.add_argument("--no-flags", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    build(args.db, args.processes, with_flags=not args.no_flags)
    print(f"{args.db}: {args.processes:,} processes in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
