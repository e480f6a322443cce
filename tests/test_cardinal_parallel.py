"""Cardinal's pass over the `processes` table: the fast reading (pruned decoding, the table's ocid decided
in Python, Arrow ranges) and the parallel fold give exactly what the serial pass over the SQL-fed
texts gave (the code this replaced, kept here as the reference)."""
from __future__ import annotations

import json
import logging
import random
from typing import Any

import duckdb
import pandas as pd
import pytest

from core.contract import create_tables
from metrics.cardinal import compute_all, decode, parallel, discovery
from metrics.cardinal.processes import fold_processes, results_by_code, settings_for
from metrics.cardinal.run import Pipeline, fold_lines, parse_line
from metrics.cardinal.ini import parse_settings_text
from metrics.cardinal.table import fold_table
from tests.cardinal_helpers import fixture_settings, fixtures_dir, read_jsonl

STATUSES = ["valid", "valid", "valid", "disqualified", "pending", "withdrawn", "invited"]
AWARD_STATUSES = ["active", "active", "active", "pending", "cancelled", "unsuccessful"]
METHODS = [("open", "Licitación Pública"), ("selective", "Invitación"), ("direct", "Adjudicación Directa"),
           ("open", "EXC"), ("open", "NPC")]


def release(rng: random.Random, i: int) -> dict[str, Any]:
    """One compiled release: tender period, method, bids (some at equal prices, some late), awards with
    classified items, buyer and procuring entity; a few cancelled, in USD, or with ids of odd types."""
    method, details = rng.choice(METHODS)
    day = rng.randrange(1, 28)
    length = rng.choice([2, 5, 9, 15, 30])
    end = f"2021-03-{min(day + length, 28):02d}T10:00:00Z" if rng.random() < 0.9 else "not a date"
    currency = "USD" if rng.random() < 0.05 else "MXN"
    tenderers = [f"T{rng.randrange(40)}" for _ in range(rng.randint(0, 6))]
    base = round(rng.uniform(1e5, 1e6), 2)
    bids = []
    for j, tenderer in enumerate(tenderers):
        amount: Any = base if rng.random() < 0.1 else round(base * rng.uniform(0.8, 1.4), 2)
        if rng.random() < 0.03:
            amount = str(amount)  # an amount that is not a number
        bids.append({"id": f"{i}-{j}", "status": rng.choice(STATUSES),
                     "date": f"2021-03-{min(day + length + rng.choice([-3, -1, 1]), 28):02d}T09:00:00Z",
                     "tenderers": [{"id": tenderer}] if rng.random() < 0.95 else [{"id": tenderer}, {"id": "X"}],
                     "value": {"amount": amount, "currency": currency}})
    awards = []
    for k in range(rng.choice([0, 1, 1, 1, 2])):
        winner = rng.choice(tenderers) if tenderers else f"S{rng.randrange(40)}"
        awards.append({"id": f"{i}-a{k}", "status": rng.choice(AWARD_STATUSES),
                       "suppliers": [{"id": winner, "name": "Proveedor"}],
                       "items": [{"id": str(n), "classification": {"scheme": "UNSPSC",
                                                                   "id": f"{rng.randrange(10, 99)}{n}0000"}}
                                 for n in range(rng.randint(0, 3))]})
    buyer = f"B{rng.randrange(6)}"
    out: dict[str, Any] = {
        "ocid": f"ocds-test-{i}",
        "id": f"{i}-compiled",
        "buyer": {"id": buyer, "name": "Dependencia"},
        "parties": [{"id": buyer, "name": "Dependencia", "roles": ["buyer"]}],
        "tender": {"id": str(i), "status": "cancelled" if rng.random() < 0.03 else "complete",
                   "procurementMethod": method, "procurementMethodDetails": details,
                   "procuringEntity": {"id": buyer if rng.random() < 0.7 else f"P{rng.randrange(3)}"},
                   "tenderPeriod": {"startDate": f"2021-03-{day:02d}T10:00:00Z", "endDate": end},
                   "numberOfTenderers": rng.choice([len(set(tenderers)), 1, 1.0, "1"]),
                   "items": [{"id": "1", "description": "Obra"}]},
        "bids": {"details": bids},
        "awards": awards,
        "contracts": [{"id": "c", "value": {"amount": base, "currency": currency}}],
    }
    if rng.random() < 0.02:
        out["bids"] = {"details": "not a list"}  # a member of another type: read as the full text is
    if rng.random() < 0.02:
        out["awards"] = [None, {"status": "active"}]
    return out


def odd_rows() -> list[tuple[str | None, str | None]]:
    """(ocid, json) rows the pass must read exactly as the SQL that fed it did."""
    good = json.dumps({"ocid": "odd-1", "tender": {"numberOfTenderers": 1}})
    return [
        ("odd-1", good),
        ("odd-renamed", good),  # the table's ocid differs from the release's: the table's wins
        ("odd-null-json", None),  # no text: a release with only the table's ocid
        (None, None),  # nothing at all: not a line
        (None, good),  # no table ocid: the merge patch removes the release's
        ("odd-array", "[1, 2]"),
        ("odd-null", "null"),
        ("odd-number-ocid", json.dumps({"ocid": 5, "tender": {"numberOfTenderers": 1}})),
        ("5", json.dumps({"ocid": 5, "tender": {"numberOfTenderers": 1}})),
        ("odd-no-ocid", json.dumps({"tender": {"numberOfTenderers": 1}})),
        ("odd-big-int", '{"ocid": "x", "tender": {"numberOfTenderers": 1, "value": 123456789012345678901234}}'),
        ("odd-infinite", '{"ocid": "odd-infinite", "tender": {"numberOfTenderers": 1e400}}'),
        ("odd-nested-ocid", json.dumps({"ocid": {"a": 1}, "tender": {"numberOfTenderers": 1}})),
    ]


def database(releases: list[dict], odd: bool = True) -> duckdb.DuckDBPyConnection:
    """An in-memory database whose `processes` holds the releases (ocid and json), then the odd rows."""
    con = duckdb.connect()
    create_tables(con)
    rows = [[r.get("ocid") if isinstance(r.get("ocid"), str) else None, json.dumps(r)] for r in releases]
    if odd:
        rows += [list(row) for row in odd_rows()]
    con.executemany("INSERT INTO processes (ocid, json) VALUES (?, ?)", rows)
    return con


def generated(n: int, seed: int = 7) -> list[dict]:
    """n releases from `release`."""
    rng = random.Random(seed)
    return [release(rng, i) for i in range(n)]


# The SQL that fed the serial pass before (metrics.cardinal.processes.iter_process_json).
OLD_SQL = ("SELECT CASE WHEN json_extract_string(json, '$.ocid') IS NOT DISTINCT FROM ocid THEN json "
           "ELSE json_merge_patch(json, json_object('ocid', ocid)) END FROM processes")
ALL_CODES = list(discovery.calculators())


def old_fold(con: duckdb.DuckDBPyConnection, settings: Any, map: bool = False) -> Pipeline:
    """The pass as it was: every text through the SQL above, parsed whole, folded in one process."""
    texts = [text for (text,) in con.execute(OLD_SQL).fetchall() if text is not None]
    return fold_lines(Pipeline(settings, map=map), texts)


def outcome(pipeline: Pipeline, settings: Any) -> tuple[dict, dict]:
    """Cardinal's output (with Maps) and our flag rows, to compare two passes."""
    done = pipeline.finalize()
    frames = {code: (r.flags, r.q1, r.q3, r.fence) for code, r in results_by_code(done, settings).items()}
    return done.to_cardinal(maps=True), frames


def assert_same(a: tuple[dict, dict], b: tuple[dict, dict]) -> None:
    assert json.dumps(a[0], sort_keys=False, default=str) == json.dumps(b[0], sort_keys=False, default=str)
    assert list(a[1]) == list(b[1])
    for code in a[1]:
        (fa, *sa), (fb, *sb) = a[1][code], b[1][code]
        pd.testing.assert_frame_equal(fa, fb)
        assert repr(sa) == repr(sb), code  # NaN-safe


def fixture_releases() -> list[dict]:
    """Every Cardinal fixture release, with ocids made unique across files."""
    releases = []
    for path in sorted((fixtures_dir() / "indicators").glob("*.jsonl")):
        for r in read_jsonl(path):
            if isinstance(r.get("ocid"), str):
                r["ocid"] = f"{path.stem}/{r['ocid']}"
            releases.append(r)
    return releases


SETTINGS = {"currency": "MXN", "no_price_comparison_procurement_methods": "NPC",
            "exclusions": {"procurement_method_details": "EXC"}}


@pytest.mark.parametrize("map", [False, True])
def test_new_reading_gives_the_old_pass_on_fixtures_generated_and_odd_rows(map, caplog):
    con = database(fixture_releases() + generated(400))
    for currency in ("MXN", None):  # None: the first currency observed is the main one
        settings = settings_for(ALL_CODES, {**SETTINGS, "currency": currency})
        with caplog.at_level(logging.ERROR):
            assert_same(outcome(fold_table(Pipeline(settings, map=map), con), settings),
                        outcome(old_fold(con, settings, map), settings))


def test_full_decoding_gives_the_old_pass_too():
    con = database(generated(200))
    settings = settings_for(ALL_CODES, SETTINGS)
    assert_same(outcome(fold_table(Pipeline(settings), con, pruned=False), settings),
                outcome(old_fold(con, settings), settings))


def test_every_row_reads_as_the_sql_gave_it():
    con = database([], odd=True)
    rows = con.execute("SELECT ocid, json FROM processes").fetchall()
    expected = con.execute(OLD_SQL).fetchall()
    for (ocid, text), (sql_text,) in zip(rows, expected):
        got = decode.release_for_row(None if text is None else text.encode(), ocid, 1, pruned=False)
        if sql_text is None:
            assert got is decode.SKIP, (ocid, text)
        else:
            assert got == parse_line(sql_text, 1), (ocid, text)


@pytest.mark.parametrize("stem", sorted(p.stem for p in (fixtures_dir() / "indicators").glob("*.jsonl"))
                         if fixtures_dir().exists() else [])
def test_pruned_release_gives_the_flags_of_the_whole_release(stem):
    pytest.importorskip("msgspec")
    folder = fixtures_dir() / "indicators"
    settings = parse_settings_text(fixture_settings(stem), discovery.options())
    lines = (folder / f"{stem}.jsonl").read_bytes().splitlines()
    whole = fold_lines(Pipeline(settings, map=True), lines)
    pruned = Pipeline(settings, map=True)
    for number, line in enumerate(lines, 1):
        value = decode.decode(line, number)
        if value is None:
            pruned.ctx.seq += 1
            pruned.ctx.counts["lines skipped"] += 1
        else:
            pruned.fold(value)
    assert_same(outcome(pruned, settings), outcome(whole, settings))


def test_pruned_release_keeps_only_the_members_read():
    pytest.importorskip("msgspec")
    release = generated(1)[0]
    pruned = decode.decode(json.dumps(release).encode(), 1)
    assert set(pruned) <= set(decode.RELEASE_FIELDS)
    assert "parties" not in pruned and "contracts" not in pruned
    assert pruned["tender"]["tenderPeriod"] == release["tender"]["tenderPeriod"]
    assert "items" not in pruned["tender"]


@pytest.mark.parametrize("map", [False, True])
def test_parallel_fold_equals_serial_fold(map):
    con = database(fixture_releases() + generated(600))
    settings = settings_for(ALL_CODES, SETTINGS)
    serial = outcome(fold_table(Pipeline(settings, map=map), con), settings)
    # small ranges and many segments: every worker folds several segments, each over several ranges
    together = parallel.fold_parallel(con, settings, workers=2, map=map, chunk_rows=37, segments_per_worker=5)
    assert_same(outcome(together, settings), serial)


def test_compute_all_with_workers_equals_compute_all_without():
    con = database(generated(300), odd=False)
    one = compute_all(con, SETTINGS, workers=0)
    two = compute_all(con, SETTINGS, workers=2)
    for code in one:
        pd.testing.assert_frame_equal(one[code].flags, two[code].flags)
        assert repr((one[code].q1, one[code].q3, one[code].fence)) == repr((two[code].q1, two[code].q3, two[code].fence))


def test_pass_stays_in_this_process_without_a_main_currency(monkeypatch):
    def no_workers(*args, **kwargs):
        raise AssertionError("workers started")

    monkeypatch.setattr(parallel, "fold_parallel", no_workers)
    con = database(generated(50), odd=False)
    settings = settings_for(ALL_CODES, {**SETTINGS, "currency": None})
    assert_same(outcome(fold_processes(con, settings, workers=2), settings),
                outcome(fold_table(Pipeline(settings), con), settings))


def test_failed_workers_fall_back_to_this_process(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("a Cardinal worker died")

    monkeypatch.setattr(parallel, "fold_parallel", broken)
    con = database(generated(50), odd=False)
    settings = settings_for(ALL_CODES, SETTINGS)
    with caplog.at_level(logging.WARNING, logger="metrics.cardinal"):
        got = outcome(fold_processes(con, settings, workers=2), settings)
    assert "running the pass in this process" in caplog.text
    assert_same(got, outcome(fold_table(Pipeline(settings), con), settings))


def test_segments_cover_the_range_in_order():
    for low, high, count in [(0, 10, 3), (5, 6, 4), (0, 1_000_000, 8), (7, 7, 2)]:
        parts = parallel.segments(low, high, count)
        covered = [i for a, b in parts for i in range(a, b)] if high - low < 100 else None
        if covered is not None:
            assert covered == list(range(low, high))
        assert all(a < b for a, b in parts) and all(parts[k][1] == parts[k + 1][0] for k in range(len(parts) - 1))


def test_worker_count_follows_the_environment_and_the_table_size(monkeypatch):
    monkeypatch.delenv(parallel.WORKERS_ENV, raising=False)
    assert parallel.worker_count(parallel.MIN_ROWS_FOR_WORKERS - 1) == 0
    assert parallel.worker_count(parallel.MIN_ROWS_FOR_WORKERS) >= 1
    monkeypatch.setenv(parallel.WORKERS_ENV, "0")
    assert parallel.worker_count(10**7) == 0
    monkeypatch.setenv(parallel.WORKERS_ENV, "3")
    assert parallel.worker_count(10) == 3
