"""Property-based tests (hypothesis) over the readers and the load: for generated inputs (random JSON
shapes, OCDS-shaped releases with random values, random bytes, truncations of valid packages, plain and
gzipped) nothing raises, and the accounting holds: items_read = items_loaded + items_rejected, one
rejects row per rejected item, every loaded ocid compiled into a process.

Example counts are bounded (a few seconds each) so the file stays well under a minute.
"""
from __future__ import annotations

import gzip
import io
import json
import tempfile
import zipfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from obras.update import update
from loaders.read.items import Item, Reject
from loaders.read.inputs import open_source

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.data_too_large])

OCDS_KEYS = ["ocid", "id", "date", "tag", "tender", "awards", "contracts", "parties", "buyer", "planning",
             "value", "amount", "currency", "title", "status", "tenderPeriod", "startDate", "endDate",
             "suppliers", "implementation", "transactions", "milestones", "amendments", "items", "bids",
             "releases", "records", "compiledRelease", "projects", "name", "roles", "awardID", "dateSigned",
             "procurementMethod", "numberOfTenderers", "period", "budget", "locations", "geometry"]
scalars = (st.none() | st.booleans() | st.integers(-(2**70), 2**70)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12)
           | st.sampled_from(["2020-01-01T00:00:00Z", "30/05/2017", "/Date(1583056800000)/", "N/A", "1,234.50",
                              "$1 234", "0001-01-01", "MXN", "M.N.", "active", "ocds-p-1", "", " "]))
keys = st.sampled_from(OCDS_KEYS) | st.text(max_size=6)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(keys, inner, max_size=5), max_leaves=25)

release = st.fixed_dictionaries(
    {"ocid": st.sampled_from(["ocds-p-1", "ocds-p-2", "ocds-p-3"]) | scalars},
    optional={k: json_values for k in ("id", "date", "tag", "tender", "awards", "contracts", "parties", "buyer",
                                       "planning")},
)
packages = st.fixed_dictionaries({"releases": st.lists(release | json_values, max_size=6)},
                                 optional={"uri": scalars, "version": scalars})
project = st.fixed_dictionaries(
    {"id": st.sampled_from(["oc4ids-p-1", "oc4ids-p-2"]) | scalars},
    optional={k: json_values for k in ("title", "status", "budget", "period", "locations", "contractingProcesses",
                                       "completion", "publicAuthority", "parties", "documents", "sector")},
)
project_packages = st.fixed_dictionaries({"projects": st.lists(project | json_values, max_size=5)},
                                         optional={"uri": scalars, "version": scalars})
any_document = packages | project_packages | json_values | st.lists(release, max_size=4)



def read_all(path: Path) -> list[Item | Reject]:
    info, entries = open_source(str(path))
    return list(entries)


def check_entries(entries: list) -> None:
    for e in entries:
        assert isinstance(e, (Item, Reject))
        if isinstance(e, Reject):
            assert e.locator and e.reason
        else:
            assert isinstance(e.data, dict) and e.locator


def check_load(paths: list[Path], db: Path) -> None:
    """Load, then check every loaded source's accounting against the database."""
    reports = update([str(p) for p in paths], db=db, refresh=False)
    con = duckdb.connect(str(db), read_only=True)
    try:
        for r in reports:
            assert r.items_read == r.items_loaded + r.items_rejected
            if r.status != "loaded":
                continue
            rows = con.execute("SELECT count(*) FROM rejects WHERE source_id = ?", [r.source_id]).fetchall()[0][0]
            assert rows == r.items_rejected
            stored = con.execute("SELECT items_read, items_loaded, items_rejected FROM sources WHERE source_id = ?",
                                 [r.source_id]).fetchall()
            assert stored == [(r.items_read, r.items_loaded, r.items_rejected)]
        # every ocid with a stored release was compiled into exactly one process
        released = {o for (o,) in con.execute("SELECT DISTINCT ocid FROM releases").fetchall()}
        processes = [o for (o,) in con.execute("SELECT ocid FROM processes").fetchall()]
        assert sorted(processes) == sorted(released)
    finally:
        con.close()


# ---- readers -----------------------------------------------------------------------------------------------

@FAST
@given(doc=any_document, lines=st.booleans())
def test_reader_never_raises_on_random_json_shapes(doc, lines):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / ("x.jsonl" if lines else "x.json")
        docs = doc if lines and isinstance(doc, list) else [doc]
        path.write_bytes(b"\n".join(json.dumps(x).encode() for x in docs) if lines else json.dumps(doc).encode())
        check_entries(read_all(path))


@FAST
@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".json", ".jsonl", ".json.gz", ".zip", ".txt"]))
def test_reader_never_raises_on_random_bytes(data, suffix):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"x{suffix}"
        path.write_bytes(data)
        entries = read_all(path)
        check_entries(entries)
        if not data.strip():
            assert len(entries) == 1 and isinstance(entries[0], Reject)


@FAST
@given(prefix=st.sampled_from([b"\x1f\x8b", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b"{", b"[", b"<html>"]),
       rest=st.binary(max_size=512))
def test_reader_never_raises_on_bytes_that_start_like_something(prefix, rest):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "x.json"
        path.write_bytes(prefix + rest)
        check_entries(read_all(path))


def _valid_package(n: int) -> bytes:
    releases = [{"ocid": f"ocds-t-{i}", "id": f"r{i}", "date": "2020-01-01T00:00:00Z", "tag": ["tender"],
                 "tender": {"id": "t", "title": f"Obra número {i} de la ciudad", "value": {"amount": 1000 + i,
                                                                                     "currency": "MXN"}}}
                for i in range(n)]
    return json.dumps({"uri": "https://x.invalid/p.json", "version": "1.1", "releases": releases},
                      ensure_ascii=False, indent=1 if n % 2 else None).encode()


@FAST
@given(n=st.integers(1, 12), cut=st.floats(0, 1, exclude_max=True))
def test_truncated_package_keeps_a_prefix_of_its_releases_then_one_reject(n, cut):
    data = _valid_package(n)
    k = int(len(data) * cut)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "p.json"
        path.write_bytes(data[:k])
        entries = read_all(path)
    check_entries(entries)
    items = [e for e in entries if isinstance(e, Item)]
    rejects = [e for e in entries if isinstance(e, Reject)]
    # what was read is the first releases, in order, unchanged
    assert [e.locator for e in items] == [f"/releases/{i}" for i in range(len(items))]
    assert [e.data["ocid"] for e in items] == [f"ocds-t-{i}" for i in range(len(items))]
    assert len(items) <= n  # a cut after the last release's "}" keeps them all
    assert len(rejects) == 1


@FAST
@given(n=st.integers(1, 8), cut=st.floats(0.05, 1, exclude_max=True))
def test_truncated_gzip_keeps_a_prefix_and_says_the_stream_broke(n, cut):
    data = gzip.compress(_valid_package(n), mtime=0)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "p.json.gz"
        path.write_bytes(data[: max(1, int(len(data) * cut))])
        entries = read_all(path)
    check_entries(entries)
    items = [e for e in entries if isinstance(e, Item)]
    assert [e.data["ocid"] for e in items] == [f"ocds-t-{i}" for i in range(len(items))]
    assert len(items) <= n  # a cut in the gzip trailer (CRC, size) leaves the whole text readable
    assert any(isinstance(e, Reject) for e in entries)


# ---- the load ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("props")


@SLOW
@given(doc=packages | any_document)
def test_load_accounting_holds_for_random_ocds_shaped_documents(doc, workdir):
    with tempfile.TemporaryDirectory(dir=workdir) as d:
        path = Path(d) / "x.json"
        path.write_bytes(json.dumps(doc).encode())
        check_load([path], Path(d) / "db.duckdb")


@SLOW
@given(docs=st.lists(release, min_size=1, max_size=8))
def test_load_accounting_holds_for_random_json_lines_of_releases(docs, workdir):
    with tempfile.TemporaryDirectory(dir=workdir) as d:
        path = Path(d) / "x.jsonl"
        path.write_bytes(b"\n".join(json.dumps(x).encode() for x in docs))
        check_load([path], Path(d) / "db.duckdb")


@SLOW
@given(data=st.binary(max_size=1024), cut=st.floats(0, 1), kind=st.sampled_from(["bytes", "cut", "zip"]))
def test_load_accounting_holds_for_random_bytes_and_truncations(data, cut, kind, workdir):
    with tempfile.TemporaryDirectory(dir=workdir) as d:
        if kind == "bytes":
            path = Path(d) / "x.json"
            path.write_bytes(data)
        elif kind == "cut":
            full = _valid_package(5)
            path = Path(d) / "x.json"
            path.write_bytes(full[: int(len(full) * cut)])
        else:
            path = Path(d) / "x.zip"
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w") as zf:
                zf.writestr("a.json", _valid_package(3))
                zf.writestr("b.json", data)
            path.write_bytes(buf.getvalue())
        check_load([path], Path(d) / "db.duckdb")


@SLOW
@given(first=st.lists(release, min_size=1, max_size=4), second=st.lists(release, min_size=1, max_size=4))
def test_two_loads_into_one_database_keep_one_process_per_ocid(first, second, workdir):
    """Releases of one ocid arriving in two loads are recompiled together (never two process rows)."""
    with tempfile.TemporaryDirectory(dir=workdir) as d:
        db = Path(d) / "db.duckdb"
        for i, docs in enumerate((first, second)):
            path = Path(d) / f"x{i}.json"
            path.write_bytes(json.dumps({"uri": f"u{i}", "releases": docs}).encode())
            check_load([path], db)


# ---- URL parameters (ui.url_state): any text a visitor can put in a link ---------------------------------
url_text = (st.text(max_size=40) | st.sampled_from(["inf", "-inf", "nan", "NaN", "1e400", "-1e400", "9" * 5000,
                                                    "0x10", "1_000", " 12 ", "", "١٢", "Infinity", "2020.9"]))
url_values = url_text | st.lists(url_text, max_size=4)


@FAST
@given(raw=url_values, lo=st.integers(1990, 2020), span=st.integers(0, 40))
def test_url_parsers_never_raise_and_return_only_clean_values(raw, lo, span):
    import math

    from ui import url_state

    hi = lo + span
    years = url_state.int_range(lo, hi)(raw)
    assert years is None or (isinstance(years, tuple) and lo <= years[0] <= years[1] <= hi)
    value = url_state.number(raw if not isinstance(raw, list) else (raw[0] if raw else None))
    assert value is None or (math.isfinite(value) and value >= 0)
    assert url_state.codes(["a", "b"])(raw) is not None
    assert url_state.one_of(["a", "b"])(raw) in (None, "a", "b")
    text = url_state.text(raw)
    assert text is None or (isinstance(text, str) and text == text.strip())


@FAST
@given(text=st.text(max_size=60))
def test_escaped_markdown_keeps_no_markup(text):
    """Every ASCII punctuation character escaped, no line breaks: no link, image, HTML or emphasis left."""
    import re as re_

    from ui.safe_text import md

    out = md(text)
    assert "\n" not in out and "\r" not in out
    punct = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
    i = 0
    while i < len(out):
        if out[i] == "\\":
            assert i + 1 < len(out) and out[i + 1] in punct, out
            i += 2
        else:
            assert out[i] not in punct, out
            i += 1
    assert re_.sub(r"\\(.)", r"\1", out) == re_.sub(r"[\r\n\t\v\f\x85\u2028\u2029]+", " ", text)
