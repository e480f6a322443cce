"""A load with worker processes (inputs read, compiled and flattened in workers, written here in input
order) gives exactly the database a load without workers gives, including the awkward cases: one
process whose releases are spread over several inputs, the same input twice, an input that cannot be
read."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from demo import generate as demo
from loaders.read.items import UnreadableSource
from loaders.pipeline import load

TABLES = ("sources", "rejects", "corrections", "releases", "processes", "parties", "bids", "awards", "contracts",
          "amendments", "milestones", "transactions", "projects", "project_locations", "project_processes")


def table_digest(db: Path) -> dict[str, tuple]:
    """(row count, order-independent hash of every column but load times) per table."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in TABLES:
            cols = [r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [table]).fetchall() if r[0] != "loaded_at"]
            quoted = ", ".join(f'"{c}"' for c in cols)
            out[table] = tuple(con.execute(f"SELECT count(*), sum(hash({quoted})) FROM {table}").fetchall()[0])
        return out
    finally:
        con.close()


def load_with(monkeypatch, workers: int, inputs: list, db: Path):
    monkeypatch.setenv("OBRAS_LOAD_WORKERS", str(workers))
    return load([str(p) for p in inputs], db=db)


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    demo.generate(folder, processes=900, seed=11, per_file=150)
    return folder


def test_workers_write_exactly_the_tables_a_load_without_workers_writes(monkeypatch, tmp_path, demo_folder):
    here = load_with(monkeypatch, 0, [demo_folder], tmp_path / "here.duckdb")
    workers = load_with(monkeypatch, 2, [demo_folder], tmp_path / "workers.duckdb")
    assert [(r.uri, r.status, r.items_read, r.items_loaded, r.processes, r.projects) for r in workers] == \
        [(r.uri, r.status, r.items_read, r.items_loaded, r.processes, r.projects) for r in here]
    digest = table_digest(tmp_path / "here.duckdb")
    assert digest["processes"][0] == 900
    assert table_digest(tmp_path / "workers.duckdb") == digest
    assert not Path(f"{tmp_path / 'workers.duckdb'}.spool").exists(), "the spool folder is removed"


def _release(ocid: str, rid: str, date: str, **fields) -> dict:
    return {"ocid": ocid, "id": rid, "date": date, "tag": ["tender"], "initiationType": "tender", **fields}


def _package(path: Path, releases: list[dict]) -> Path:
    path.write_text(json.dumps({"uri": "x", "publishedDate": "2024-01-01T00:00:00Z", "releases": releases}))
    return path


@pytest.mark.parametrize("workers", [0, 2])
def test_a_process_spread_over_inputs_is_compiled_from_all_its_releases(monkeypatch, tmp_path, workers):
    ocid = "ocds-split-1"
    first = _package(tmp_path / "a.json", [
        _release(ocid, "r1", "2024-01-01T00:00:00Z", tender={"id": "T1", "title": "Puente", "status": "active"}),
        _release("ocds-other", "o1", "2024-01-01T00:00:00Z", tender={"id": "T9"}),
    ])
    second = _package(tmp_path / "b.json", [
        _release(ocid, "r2", "2024-02-01T00:00:00Z", tender={"id": "T1", "status": "complete"}),
    ])
    db = tmp_path / "db.duckdb"
    load_with(monkeypatch, workers, [first, second], db)
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT ocid, release_count, title, tender_status FROM processes ORDER BY ocid").fetchall()
    con.close()
    # one row per process: the title of the first release survives, the status is the later one
    assert rows == [("ocds-other", 1, None, None), (ocid, 2, "Puente", "complete")]


def test_the_same_input_twice_in_one_load_is_written_once(monkeypatch, tmp_path, demo_folder):
    package = sorted(demo_folder.glob("releases-*.json"))[0]
    copy = tmp_path / "copy" / package.name
    copy.parent.mkdir()
    copy.write_bytes(package.read_bytes())
    reports = load_with(monkeypatch, 2, [package, copy], tmp_path / "db.duckdb")
    assert [r.status for r in reports] == ["loaded", "unchanged"]
    con = duckdb.connect(str(tmp_path / "db.duckdb"), read_only=True)
    releases = con.execute("SELECT count(*) FROM releases").fetchall()[0][0]
    con.close()
    assert releases == len(json.loads(package.read_text())["releases"])


def test_an_unreadable_input_read_by_a_worker_fails_the_load_and_keeps_the_database(monkeypatch, tmp_path,
                                                                                       demo_folder):
    db = tmp_path / "db.duckdb"
    load_with(monkeypatch, 0, [sorted(demo_folder.glob("releases-*.json"))[0]], db)
    before = table_digest(db)
    missing = tmp_path / "gone.json"
    files = sorted(demo_folder.glob("releases-*.json"))[1:3]
    monkeypatch.setenv("OBRAS_LOAD_WORKERS", "2")
    import loaders.pipeline as pipeline

    # the file disappears between listing and reading: the worker raises, the load stops
    monkeypatch.setattr(pipeline, "expand_inputs", lambda inputs: iter([*map(str, files), str(missing)]))
    with pytest.raises(UnreadableSource, match="gone.json"):
        load([str(files[0])], db=db)
    assert table_digest(db) == before
    assert not Path(f"{db}.spool").exists()
