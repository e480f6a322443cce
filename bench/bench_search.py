"""Server-side time of the one search (ui.queries_search) on a large database with realistic text.

    .venv/bin/python bench/bench_search.py --processes 1000000     # builds bench/out/search-1000000.duckdb

bench/synth_db.py's rows have short titles and no parties or awards, which would make the search look
faster than it is; this copies its database and gives every process a title of realistic length with
accents (~85 characters, as in the demo and the published files), four parties (buyer, payer, tenderer,
supplier with names and RFCs) and one award, and every project a title; builds the search index (as a
refresh does, timed). Then each kind of search is timed for a few queries (cold: a new connection per query, nothing cached). Results are printed and
written to bench/out/search-<N>.json.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = ["construcción", "PUENTE vehicular", "hospital general de", "pavimentos del bajío",
           "ocds-synth-00500000", "ACS060901AH6", "zzzz sin resultado"]
WORDS = ["Construcción", "Rehabilitación", "Mantenimiento", "Ampliación", "Pavimentación", "Modernización"]
OBJECTS = ["de puente vehicular sobre el río", "del Hospital General de", "de la Unidad Deportiva de",
           "de planta de tratamiento de aguas residuales en", "de la carretera estatal a",
           "de la escuela primaria Benito Juárez en", "de red de agua potable y drenaje sanitario en"]
PLACES = ["Huajuapan de León", "Mérida", "San Nicolás de los Garza", "Tepatitlán de Morelos", "Cuauhtémoc",
          "Oaxaca de Juárez", "Mexicali", "Zapopan", "Palenque", "García"]
FIRMS = ["PAVIMENTOS DEL BAJÍO", "CONSTRUCTORA NÚÑEZ Y ASOCIADOS", "URBANIZADORA ZAPATA REGIONAL",
         "INGENIERÍA Y PROYECTOS DEL NORTE", "EDIFICACIONES PEÑA", "GRUPO CONSTRUCTOR MÉRIDA"]


def _list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def build(processes: int, out: Path) -> Path:
    """The synthetic database of `processes` processes with realistic text (built once, then reused)."""
    db = out / f"search-{processes}.duckdb"
    if db.exists():
        return db
    import duckdb

    from bench.synth_db import build as synth

    base = out / f"synthetic-{processes}-noflags.duckdb"
    if not base.exists():
        synth(base, processes, with_flags=False)
    shutil.copy(base, db)
    started = time.perf_counter()
    con = duckdb.connect(str(db))
    w, o, p, f = _list(WORDS), _list(OBJECTS), _list(PLACES), _list(FIRMS)
    pick = "list_extract({l}, 1 + (hash(ocid || '{s}') % len({l}))::INT)"
    con.execute(f"""
        UPDATE processes SET title = {pick.format(l=w, s='w')} || ' ' || {pick.format(l=o, s='o')} || ' '
                                     || {pick.format(l=p, s='p')} || ' (etapa ' || (hash(ocid) % 9 + 1) || ')'""")
    con.execute(f"""
        UPDATE projects SET title = {pick.replace('ocid', 'project_id').format(l=w, s='w')} || ' '
               || {pick.replace('ocid', 'project_id').format(l=o, s='o')} || ' '
               || {pick.replace('ocid', 'project_id').format(l=p, s='p')}""")
    # 20,000 suppliers, each a firm name with a number and an RFC; four parties and one award a process
    con.execute(f"""
        CREATE TEMP TABLE sup AS
        SELECT k, {_list(FIRMS)}[1 + k % {len(FIRMS)}] || ' ' || k || ', S.A. DE C.V.' AS name,
               upper(substr(md5(k::VARCHAR), 1, 3)) || lpad((k % 999999)::VARCHAR, 6, '0')
               || upper(substr(md5(k::VARCHAR), 4, 3)) AS rfc
        FROM range(20000) r(k)""")
    con.execute("""
        INSERT INTO parties (ocid, party_id, name, roles, identifier, scheme)
        SELECT p.ocid, 'MX-RFC-' || s.rfc, s.name, ['tenderer', 'supplier'], s.rfc, 'MX-RFC'
        FROM processes p JOIN sup s ON s.k = hash(p.ocid) % 20000
        UNION ALL
        SELECT p.ocid, 'MX-RFC-' || t.rfc, t.name, ['tenderer'], t.rfc, 'MX-RFC'
        FROM processes p JOIN sup t ON t.k = hash(p.ocid || 't') % 20000
        UNION ALL
        SELECT ocid, buyer_id, buyer_name, ['buyer', 'procuringEntity'], buyer_id, 'MX-RFC' FROM processes
        UNION ALL
        SELECT ocid, 'payer-' || implementer_id, 'Secretaría de Finanzas ' || implementer_id, ['payer'], NULL, NULL
        FROM processes""")
    con.execute("""
        INSERT INTO awards (ocid, award_id, status, date, value, currency, supplier_ids, supplier_names)
        SELECT p.ocid, p.ocid || '-a1', 'active', p.award_date, p.award_value, 'MXN',
               ['MX-RFC-' || s.rfc], [s.name]
        FROM processes p JOIN sup s ON s.k = hash(p.ocid) % 20000""")
    con.execute("CHECKPOINT")
    con.close()
    print(f"built {db} in {time.perf_counter() - started:.0f} s", flush=True)
    return db


def build_index(db: Path) -> float:
    """Rebuild the search index (as a refresh does); its seconds."""
    import duckdb

    from obras import search_index

    started = time.perf_counter()
    with duckdb.connect(str(db)) as con:
        rows = search_index.build(con)
        con.execute("CHECKPOINT")
    seconds = time.perf_counter() - started
    print(f"search index: {rows:,} rows in {seconds:.1f} s", flush=True)
    return seconds


def time_search(db: Path, queries: list[str]) -> dict[str, dict[str, float]]:
    """Seconds of each (query, kind) on a new read-only connection, and of the four kinds together."""
    import duckdb

    from ui import queries_search as qs

    out: dict[str, dict[str, float]] = {}
    for q in queries:
        row = out.setdefault(q, {})
        with duckdb.connect(str(db), read_only=True) as con:
            total, cpu = 0.0, time.process_time()
            for kind in qs.KINDS:
                started = time.perf_counter()
                hits = qs.search(con, q, kind)
                row[kind] = round(time.perf_counter() - started, 3)
                row[f"{kind}_matches"] = int(hits["total"].iloc[0]) if len(hits) else 0
                total += row[kind]
            row["all"] = round(total, 3)
            row["all_cpu"] = round(time.process_time() - cpu, 3)  # DuckDB's threads included
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=1_000_000)
    parser.add_argument("--db", help="an existing database (else one is built)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "out"))
    parser.add_argument("--query", action="append", help="a query to time (repeatable; default: a set)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    db = Path(args.db) if args.db else build(args.processes, out)
    index_s = build_index(db)
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        sizes = dict(zip(["processes", "projects", "parties", "awards"], con.execute(
            "SELECT (SELECT count(*) FROM processes), (SELECT count(*) FROM projects), "
            "(SELECT count(*) FROM parties), (SELECT count(*) FROM awards)").fetchall()[0]))
    print(f"{db}: {sizes}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    results = time_search(db, args.query or QUERIES)
    for q, row in results.items():
        kinds = "  ".join(f"{k} {row[k]:.2f} s ({row[k + '_matches']})" for k in ("process", "project", "buyer",
                                                                                   "supplier"))
        print(f"  {q[:28]:28} all {row['all']:.2f} s (CPU {row['all_cpu']:.2f} s) · {kinds}", flush=True)
    path = out / f"search-{sizes['processes']}.json"
    path.write_text(json.dumps({"db": str(db), "sizes": sizes, "seconds": results, "index_build_s": round(index_s, 1),
                                "load_average": os.getloadavg(), "cpus": os.cpu_count()}, indent=1))
    print(f"written {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
