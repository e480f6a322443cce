"""The bad-input corpus (tests/corpus/, see build_corpus.py) loaded through `obras load` as a user runs it.

One `obras load --json` subprocess reads every corpus file plus the bombs made here at test time; each
file is then checked on its own: no traceback, items_read = items_loaded + items_rejected, one rejects
row per rejected item, and the outcome the manifest (tests/corpus/expected.json) declares.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
MANIFEST = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
BOMB_BYTES = 64 * 1024**2  # decompressed size of the bombs; a few hundred KB on disk

# Generated at test time: dangerous or large to keep on disk.
GENERATED = [
    {"file": "bomb.zip", "what": "a zip whose one member inflates 64 MB of spaces (ratio ~1000)",
     "read": 1, "loaded": 0, "rejected": 1, "reasons": ["zip bomb guard"], "locators": [r"^member espacios\.json$"]},
    {"file": "bomb.json.gz", "what": "a gzip that inflates 64 MB of spaces", "read": 1, "loaded": 0, "rejected": 1,
     "reasons": ["zip bomb guard"], "locators": [r"^byte 0$"]},
    {"file": "bomb_in_zip.zip", "what": "a zip holding a gzip bomb next to a good member",
     "read": 2, "loaded": 1, "rejected": 1, "reasons": ["zip bomb guard"], "locators": [r"^member b\.json\.gz byte 0$"],
     "processes": 1},
]
CASES = MANIFEST + GENERATED


def obras(*args: str, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """`python -m obras ...` from the repository root, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "obras", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def _spaces_zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("espacios.json", "w") as member:
            chunk = b" " * 1024**2
            for _ in range(BOMB_BYTES // len(chunk)):
                member.write(chunk)


def _spaces_gzip() -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as gz:
        chunk = b"[" + b" " * (1024**2 - 1)
        gz.write(chunk)
        for _ in range(BOMB_BYTES // len(chunk)):
            gz.write(b" " * len(chunk))
    return buf.getvalue()


def make_bombs(folder: Path) -> list[Path]:
    """Write the generated cases into `folder`; return their paths."""
    _spaces_zip(folder / "bomb.zip")
    gz = _spaces_gzip()
    (folder / "bomb.json.gz").write_bytes(gz)
    good = json.dumps({"uri": "x", "releases": [{"ocid": "ocds-cbz-1", "id": "1", "date": "2020-01-01T00:00:00Z",
                                                  "tag": ["tender"]}]}).encode()
    with zipfile.ZipFile(folder / "bomb_in_zip.zip", "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("a.json", good)
        zf.writestr("b.json.gz", gz)  # stored: the member's own size does not give the bomb away
    return [folder / c["file"] for c in GENERATED]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """Load the whole corpus in one `obras load --json`; (reports by file name, database path, stderr)."""
    work = tmp_path_factory.mktemp("corpus")
    bombs = make_bombs(work)
    db = work / "corpus.duckdb"
    files = [str(CORPUS / c["file"]) for c in MANIFEST] + [str(p) for p in bombs]
    result = obras("load", "--json", "--db", str(db), *files)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 0, result.stderr[-3000:]
    reports = {Path(r["uri"]).name: r for r in json.loads(result.stdout)}
    return reports, db, result.stderr


def _ocid_key(name: str) -> str:
    """Every corpus file uses ocids 'ocds-c<NN>-...' and project ids 'oc4ids-c<NN>-...' of its own."""
    return f"c{name[:2]}" if name[:2].isdigit() else "cbz"


def test_the_corpus_has_at_least_40_hand_made_files_each_with_an_expectation():
    on_disk = {p.name for p in CORPUS.iterdir() if p.name[:2].isdigit()}
    assert len(on_disk) >= 40
    assert on_disk == {c["file"] for c in MANIFEST}
    assert len({(CORPUS / n).read_bytes() for n in on_disk}) == len(on_disk)  # no two alike ("unchanged")


def test_the_bombs_are_small_on_disk(loaded, tmp_path):
    for path in make_bombs(tmp_path):
        assert path.stat().st_size < BOMB_BYTES // 50, path.name


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_corpus_file_outcome(case, loaded):
    reports, db, _ = loaded
    report = reports[case["file"]]
    assert report["status"] == "loaded"
    # the accounting
    assert report["items_read"] == report["items_loaded"] + report["items_rejected"]
    assert report["items_read"] == case.get("read", report["items_loaded"] + report["items_rejected"])
    if "loaded" in case:
        assert report["items_loaded"] == case["loaded"]
    if "loaded_at_least" in case:
        assert report["items_loaded"] >= case["loaded_at_least"]
    assert report["items_rejected"] == case["rejected"]
    con = duckdb.connect(str(db), read_only=True)
    try:
        sid = report["source_id"]
        rejects = con.execute("SELECT locator, reason FROM rejects WHERE source_id = ?", [sid]).fetchall()
        assert len(rejects) == report["items_rejected"]
        source = con.execute("SELECT items_read, items_loaded, items_rejected FROM sources WHERE source_id = ?",
                             [sid]).fetchall()
        assert source == [(report["items_read"], report["items_loaded"], report["items_rejected"])]
        # why and where
        reasons, locators = case.get("reasons", []), case.get("locators", [])
        for locator, reason in rejects:
            assert any(s in reason for s in reasons), (reason, reasons)
            assert any(re.search(p, locator) for p in locators), (locator, locators)
        for s in reasons:
            assert any(s in reason for _, reason in rejects), f"no reject says {s!r}: {rejects}"
        # corrections
        rules = {r for (r,) in con.execute("SELECT DISTINCT rule FROM corrections WHERE source_id = ?", [sid]).fetchall()}
        assert set(case.get("rules", [])) <= rules, rules
        assert not set(case.get("rules_absent", [])) & rules, rules
        # what reached the tables
        key = _ocid_key(case["file"])
        if "processes" in case:
            n = con.execute("SELECT count(*) FROM processes WHERE ocid LIKE ?", [f"ocds-{key}-%"]).fetchall()[0][0]
            assert n == case["processes"]
        if "projects" in case:
            n = con.execute("SELECT count(*) FROM projects WHERE source_id = ?", [sid]).fetchall()[0][0]
            assert n == case["projects"]
    finally:
        con.close()


def _value(con, table: str, key_col: str, key: str, col: str):
    # table and column names come from the manifest in this repository, never from input data
    rows = con.execute(f'SELECT "{col}" FROM "{table}" WHERE "{key_col}" = ?', [key]).fetchall()
    assert rows, f"no {table} row with {key_col} = {key}"
    value = rows[0][0]
    if isinstance(value, datetime):
        value = value.replace(tzinfo=None).isoformat()
    return value


VALUE_CASES = [pytest.param(c, id=c["file"], marks=[pytest.mark.xfail(strict=True, reason=c["known_bug"])]
                            if c.get("known_bug") else [])
               for c in MANIFEST if c.get("values")]


@pytest.mark.parametrize("case", VALUE_CASES)
def test_corpus_values_reach_the_tables(case, loaded):
    _, db, _ = loaded
    con = duckdb.connect(str(db), read_only=True)
    try:
        for table, key_col, key, col, expected in case["values"]:
            got = _value(con, table, key_col, key, col)
            if isinstance(expected, float):
                assert got == pytest.approx(expected), (table, key, col)
            else:
                assert got == expected, (table, key, col)
    finally:
        con.close()


def test_both_releases_with_one_id_are_kept_and_the_newer_wins(loaded):
    """The rule for a release id published twice with different content (corpus 36): both stay in
    `releases` as published, and the compiled process follows date order."""
    reports, db, _ = loaded
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT release_id, date FROM releases WHERE ocid = 'ocds-c36-1' ORDER BY date").fetchall()
        assert [r[0] for r in rows] == ["ocds-c36-1-r1", "ocds-c36-1-r1"]
        assert rows[0][1] < rows[1][1]
    finally:
        con.close()


def test_a_release_id_published_twice_with_different_content_is_recorded(loaded):
    reports, db, _ = loaded
    sid = reports["36_release_id_duplicated.json"]["source_id"]
    con = duckdb.connect(str(db), read_only=True)
    try:
        recorded = con.execute(
            """SELECT count(*) FROM corrections WHERE source_id = ? AND (old_value LIKE '%ocds-c36-1-r1%'
                   OR new_value LIKE '%ocds-c36-1-r1%' OR field LIKE '%ocds-c36-1-r1%')""", [sid]).fetchall()[0][0]
        recorded += con.execute("SELECT count(*) FROM rejects WHERE source_id = ? AND reason ILIKE '%duplicate%'",
                                [sid]).fetchall()[0][0]
        assert recorded >= 1
    finally:
        con.close()


def test_no_warning_or_traceback_on_stderr(loaded):
    _, _, stderr = loaded
    assert "Traceback" not in stderr
    assert "warning" not in stderr.lower(), stderr[-2000:]


def test_loading_the_corpus_again_changes_nothing(loaded, tmp_path):
    """Same bytes again: every source is 'unchanged', no row added."""
    reports, db, _ = loaded
    copy = tmp_path / "again.duckdb"
    copy.write_bytes(Path(db).read_bytes())

    def counts() -> tuple:
        con = duckdb.connect(str(copy), read_only=True)
        try:
            return tuple(con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0]
                         for t in ("sources", "rejects", "releases", "processes", "corrections"))
        finally:
            con.close()

    before = counts()
    files = [str(CORPUS / c["file"]) for c in MANIFEST]
    result = obras("load", "--json", "--db", str(copy), *files)
    assert result.returncode == 0, result.stderr[-2000:]
    assert {r["status"] for r in json.loads(result.stdout)} == {"unchanged"}
    assert counts() == before


def test_a_release_whose_contracts_is_a_number_does_not_stop_the_load(tmp_path):
    path = tmp_path / "contratos.json"
    path.write_text(json.dumps({"uri": "x", "releases": [
        {"ocid": "ocds-cx-1", "id": "1", "date": "2020-01-01T00:00:00Z", "tag": ["contract"], "contracts": True},
        {"ocid": "ocds-cx-2", "id": "1", "date": "2020-01-01T00:00:00Z", "tag": ["contract"], "contracts": 3},
        {"ocid": "ocds-cx-3", "id": "1", "date": "2020-01-01T00:00:00Z", "tag": ["tender"]}]}))
    db = tmp_path / "x.duckdb"
    result = obras("load", "--json", "--db", str(db), str(path))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)[0]
    assert report["items_read"] == report["items_loaded"] + report["items_rejected"] == 3
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM processes").fetchall()[0][0] + report["items_rejected"] == 3
    finally:
        con.close()
