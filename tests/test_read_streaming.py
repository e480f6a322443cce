"""Large inputs: memory stays flat as the input grows, and every item is read.

Run with -s to see the throughput of each case. The inputs are generated here (realistic EDCA-MX
releases of about 1.7 KB each), written to tmp_path and read in a fresh Python process whose peak
resident memory is measured.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from tests.shared import ROOT

pytestmark = pytest.mark.slow

STAGES = ["planning", "tender", "award", "contract", "implementation"]


def make_release(i: int) -> dict:
    ocid = f"ocds-abc123-LO-{i // 5:07d}-2024"
    return {
        "ocid": ocid, "id": f"{ocid}.v{i % 5}", "date": "2024-03-01T10:00:00-06:00", "tag": [STAGES[i % 5]],
        "initiationType": "tender", "language": "es",
        "buyer": {"id": "MX-RFC-SIN123456AB1", "name": "Secretaría de Infraestructura de Nuevo León"},
        "tender": {"id": f"LO-{i // 5}", "title": "Construcción de puente vehicular", "procurementMethod": "open",
                   "procurementMethodDetails": "Licitación pública", "mainProcurementCategory": "works",
                   "value": {"amount": 1000.5 * (i % 97), "currency": "MXN"}, "numberOfTenderers": 3,
                   "tenderPeriod": {"startDate": "2024-01-01T00:00:00-06:00", "endDate": "2024-01-20T00:00:00-06:00"}},
        "parties": [{"id": f"MX-RFC-EMP{j:06d}", "name": f"Constructora Ñandú {j} S.A. de C.V.", "roles": ["tenderer"],
                     "address": {"locality": "Monterrey", "region": "Nuevo León", "postalCode": "64000"}}
                    for j in range(3)],
        "awards": [{"id": "1", "status": "active", "value": {"amount": 9e6, "currency": "MXN"},
                    "suppliers": [{"id": "MX-RFC-EMP000001", "name": "Constructora Ñandú 1"}]}],
        "contracts": [{"id": "1", "awardID": "1", "value": {"amount": 9e6, "currency": "MXN"},
                       "period": {"startDate": "2024-02-15T00:00:00-06:00", "endDate": "2024-12-31T00:00:00-06:00"}}],
    }


def write_jsonl(path: Path, n: int) -> None:
    with open(path, "wb") as out:
        for i in range(n):
            out.write(orjson.dumps(make_release(i)))
            out.write(b"\n")


def write_package(path: Path, n: int) -> None:
    with open(path, "wb") as out:
        out.write(b'{"uri":"https://example.org/p.json","version":"1.1","publisher":{"name":"x"},"releases":[')
        for i in range(n):
            if i:
                out.write(b",")
            out.write(orjson.dumps(make_release(i)))
        out.write(b"]}")


READER = """
import json, resource, sys, time
from loaders.read.inputs import open_source
from loaders.read.items import Item
t0 = time.perf_counter()
info, entries = open_source(sys.argv[1])
n = sum(1 for e in entries if isinstance(e, Item))
seconds = time.perf_counter() - t0
print(json.dumps({"items": n, "seconds": seconds, "bytes": info.bytes, "format": info.format,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", READER, str(path)], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    result = json.loads(done.stdout)
    print(f"{path.name}: {result['bytes'] / 1e6:.0f} MB, {result['items']} items in {result['seconds']:.2f} s: "
          f"{result['bytes'] / 1e6 / result['seconds']:.0f} MB/s, {result['items'] / result['seconds']:,.0f} items/s, "
          f"peak {result['peak_mb']:.0f} MB")
    return result


@pytest.mark.parametrize("writer, fmt", [(write_jsonl, "releases_jsonl"), (write_package, "release_package")])
def test_memory_stays_flat_as_the_input_grows(tmp_path, writer, fmt):
    small, large = tmp_path / "small.json", tmp_path / "large.json"
    writer(small, 12_000)  # about 20 MB: above the whole-document cutoff, so streamed
    writer(large, 48_000)  # four times as much
    a, b = measure(small), measure(large)
    assert (a["items"], b["items"]) == (12_000, 48_000)
    assert a["format"] == b["format"] == fmt
    assert b["peak_mb"] - a["peak_mb"] < 30, (a, b)
