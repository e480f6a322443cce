"""Deterministic synthetic demo data: EDCA-MX release packages and EDCAPI (OC4IDS) project packages.

`generate(out_dir, processes=N, seed=S)` writes, for the implementers of `data/implementers.csv`:

- `releases-00000.json`, ... : one OCDS 1.1 release package per `per_file` contracting processes, each
  process as several releases `{ocid}.v{N}.{stage}` (planning, tender, award, contract, contract
  amendments, implementation), as INAI's capture platform publishes them;
- `projects-00000.jsonl`, ... : one EDCAPI project package per line (`"projects": [one project]`, as the
  platform serves them), each linking 1-6 of the processes written in the matching release file.

Output depends only on (seed, processes, per_file, the registry CSVs): same inputs, same bytes. Each
file uses its own `random.Random` seeded from (seed, file index), so files can be built in parallel;
shared pools (buyers, suppliers) are drawn once from the seed. Memory is bounded by one project's
processes: releases are serialised with orjson and written as soon as a project is complete.

Every package names the publisher `PUBLISHER_NAME` and has its `uri` under `URI_BASE`, which is how
loaders recognise demo sources. Red-flag patterns and rare data-quality quirks are drawn at the rates
in `RATES` and `QUIRKS` (demo.config).

Modules: demo_config (dates, rates, quirks, markers), demo_world (registry, organisations, places),
demo_process (one process and its releases), demo_project (projects and their packages), demo_vocab
(word lists); this module writes the files.
"""
from __future__ import annotations

import os
from bisect import bisect
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import orjson

from demo.config import (DATA_DATE, EXTENSIONS, LICENSE, PLAN_SPAN, POLICY, PROJECT_FILE, PROJECT_GLOB,
                                 PUBLISHED, PUBLISHER, PUBLISHER_NAME, QUIRKS, RATES, RELEASE_FILE, RELEASE_GLOB,
                                 URI_BASE)
from demo.process import FileGen
from demo.project import build_project, build_standalone, project_size
from demo.world import World, build_world, default_data_dir, implementer_prefixes, read_registry

# re-exported: the entry points and the markers other modules and tests use
__all__ = ["generate", "generate_file", "read_registry", "implementer_prefixes", "PUBLISHER_NAME", "URI_BASE",
           "DATA_DATE", "RATES", "QUIRKS"]


class PackageWriter:
    """Writes one release package and one project JSON Lines file, streaming."""

    def __init__(self, out_dir: Path, file_index: int):
        self.paths = (out_dir / RELEASE_FILE.format(file_index), out_dir / PROJECT_FILE.format(file_index))
        self.tmp = [p.with_name(p.name + ".part") for p in self.paths]
        self.rel = open(self.tmp[0], "wb", buffering=1 << 20)
        self.proj = open(self.tmp[1], "wb", buffering=1 << 20)
        meta = {"uri": f"{URI_BASE}edca/{self.paths[0].name}", "version": "1.1", "extensions": EXTENSIONS,
                "publishedDate": PUBLISHED, "publisher": PUBLISHER, "license": LICENSE,
                "publicationPolicy": POLICY}
        self.rel.write(orjson.dumps(meta)[:-1] + b',"releases":[')
        self.first = True

    def releases(self, releases: list[dict]) -> None:
        for rel in releases:
            if not self.first:
                self.rel.write(b",")
            self.first = False
            self.rel.write(orjson.dumps(rel))

    def project(self, package: dict) -> None:
        self.proj.write(orjson.dumps(package) + b"\n")

    def abort(self) -> None:
        """Close and delete the partial files."""
        self.rel.close()
        self.proj.close()
        for tmp in self.tmp:
            tmp.unlink(missing_ok=True)

    def close(self) -> list[Path]:
        self.rel.write(b"]}")
        self.rel.close()
        self.proj.close()
        for tmp, final in zip(self.tmp, self.paths):
            os.replace(tmp, final)
        return list(self.paths)


def _build_file(world: World, out_dir: Path, seed: int, file_index: int, count: int, per_file: int) -> list[Path]:
    """Write one release package and its project lines: `count` processes, project by project."""
    gen = FileGen(world, seed, file_index, per_file)
    writer = PackageWriter(out_dir, file_index)
    r = gen.r
    try:
        done = 0
        while done < count:
            iw = world.implementers[min(bisect(world.cum_weights, r()), len(world.implementers) - 1)]
            place = gen.pick(iw.places)
            buyer = gen.pick(iw.buyers)
            plan_day = int(PLAN_SPAN * r() ** 0.85)  # publication grows over the years
            if r() < RATES["standalone"]:
                done += 1
                writer.releases(build_standalone(gen, iw, place, buyer, plan_day))
                continue
            size = min(project_size(gen), count - done)
            done += size
            releases, package = build_project(gen, iw, place, buyer, plan_day, size)
            for process_releases in releases:
                writer.releases(process_releases)
            writer.project(package)
        return writer.close()
    except BaseException:
        writer.abort()
        raise


# --- Entry points --------------------------------------------------------------------------------

_WORLD_CACHE: dict[tuple, World] = {}


def _world(seed: int, data_dir: Path) -> World:
    """The shared world for (seed, registries), built once per process (and again if the CSVs change)."""
    csvs = (Path(data_dir) / "implementers.csv", Path(data_dir) / "states.csv")
    cache_key = (seed, str(Path(data_dir).resolve()), *(p.stat().st_mtime_ns for p in csvs if p.exists()))
    world = _WORLD_CACHE.get(cache_key)
    if world is None:
        implementers, states = read_registry(data_dir)
        world = build_world(seed, implementers, states)
        _WORLD_CACHE.clear()
        _WORLD_CACHE[cache_key] = world
    return world


def generate_file(out_dir: Path, file_index: int, processes: int = 5000, seed: int = 2026,
                  per_file: int = 1000, data_dir: Path | None = None) -> list[Path]:
    """Write file number `file_index` of a `generate` run (its release package and project lines)."""
    if per_file < 1 or processes < 0:
        raise ValueError("per_file must be >= 1 and processes >= 0")
    count = min(per_file, processes - file_index * per_file)
    if count <= 0:
        raise ValueError(f"file {file_index} is beyond {processes} processes")
    world = _world(seed, default_data_dir() if data_dir is None else Path(data_dir))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return _build_file(world, out_dir, seed, file_index, count, per_file)


def generate(out_dir: Path, processes: int = 5000, seed: int = 2026, per_file: int = 1000,
             data_dir: Path | None = None, workers: int = 1) -> list[Path]:
    """Write release packages (one JSON file per `per_file` processes, several releases per ocid) and
    project packages (JSON Lines, one package per line); return the written paths.

    Same seed and N -> byte-identical files. Streams: never holds more than one project's processes.
    Registries are read from `data_dir` (default: the project's `data/`). Files left in `out_dir` by
    an earlier, larger run (same name patterns) are removed so the folder holds exactly this dataset.
    `workers` > 1 builds files in parallel processes; the bytes do not depend on it.
    """
    if per_file < 1 or processes < 0:
        raise ValueError("per_file must be >= 1 and processes >= 0")
    data_dir = default_data_dir() if data_dir is None else Path(data_dir)
    _world(seed, data_dir)  # fail early and clearly if the registries are missing
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    n_files = -(-processes // per_file) if processes > 0 else 0
    jobs = [(out_dir, i, processes, seed, per_file, data_dir) for i in range(n_files)]
    if workers > 1 and n_files > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_generate_file_job, jobs))
    else:
        results = [generate_file(*job) for job in jobs]
    paths = [p for pair in results for p in pair]
    keep = {p.name for p in paths}
    for pattern in (RELEASE_GLOB, PROJECT_GLOB):
        for stale in out_dir.glob(pattern):
            if stale.name not in keep:
                stale.unlink()
    return paths


def _generate_file_job(job: tuple) -> list[Path]:
    return generate_file(*job)
