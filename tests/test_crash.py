"""Crash safety: `obras load` killed with SIGKILL at any moment leaves the previous database intact and
usable, and the next load completes.

A database is built from one generated demo folder (the "previous" database); a second demo folder (another
seed) is then loaded into a copy of it and the load is killed:
- at random delays over the whole run, and when the staging file (`<db>.loading`) appears;
- at chosen points through hooks in a child Python (kill -9 of itself): while reading the second input,
  in the compile step, during the metrics refresh, right before the atomic rename, right after it.
After each kill the database file must be byte-for-byte the previous one (or, killed after the rename, the
complete new one), open read-only, answer queries with the same counts; worker processes must not outlive
the load; and the next `obras load` of the same folder must complete with the new counts.
"""
from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from demo.generate import generate

ROOT = Path(__file__).resolve().parent.parent
PROCESSES = int(os.environ.get("OBRAS_CRASH_PROCESSES", "3000"))
TABLES = ("sources", "releases", "processes", "awards", "contracts", "projects", "rejects", "corrections")

pytestmark = pytest.mark.timeout(1800)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def counts(db: Path) -> dict[str, int]:
    """Row counts, read the way the dashboard reads (a read-only connection)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in TABLES}
    finally:
        con.close()


def queries_work(db: Path) -> None:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT state_code, count(*), sum(contract_value) FROM processes GROUP BY 1").fetchall()
        assert rows
        (n,) = con.execute("SELECT count(*) FROM processes p JOIN releases r USING (ocid)").fetchall()[0]
        assert n > 0
    finally:
        con.close()


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), **extra}


def cli(*args: str, **kw) -> subprocess.Popen:
    # no pipes: processes left behind by a killed load would hold them open
    return subprocess.Popen([sys.executable, "-m", "obras", *args], cwd=ROOT, env=env(**kw.pop("env", {})),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, **kw)


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (from /proc)."""
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    parent[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, pp in parent.items() if pp in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def kill_and_reap(proc: subprocess.Popen) -> set[int]:
    """SIGKILL the load (only its main process, as `kill -9 PID` does); return its children at that moment."""
    children = descendants(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    return children


def end(pids: set[int]) -> None:
    """End processes this test started (through the load) that are still there."""
    for pid in pids:
        if alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def wait_gone(pids: set[int], seconds: float = 60) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = {p for p in pids if alive(p)}
        if not left:
            return set()
        time.sleep(0.2)
    return {p for p in pids if alive(p)}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """(previous database, its sha256 and counts, the second input folder, counts after loading it)."""
    base = tmp_path_factory.mktemp("crash")
    first, second = base / "first", base / "second"
    generate(first, processes=PROCESSES, seed=11)
    generate(second, processes=PROCESSES, seed=12)
    db = base / "previous.duckdb"
    done = subprocess.run([sys.executable, "-m", "obras", "load", str(first), "--db", str(db)], cwd=ROOT,
                          env=env(), capture_output=True, text=True, timeout=1500)
    assert done.returncode == 0, done.stderr
    after = base / "after.duckdb"
    shutil.copyfile(db, after)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "obras", "load", str(second), "--db", str(after)], cwd=ROOT,
                          env=env(), capture_output=True, text=True, timeout=1500)
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    return {"db": db, "sha": sha256(db), "counts": counts(db), "second": second, "after": counts(after),
            "seconds": seconds, "base": base}


def fresh_copy(world, name: str) -> Path:
    target = world["base"] / name
    for leftover in target.parent.glob(target.name + "*"):
        if leftover.is_dir():
            shutil.rmtree(leftover)
        else:
            leftover.unlink()
    shutil.copyfile(world["db"], target)
    return target


def check_intact_then_reload(world, db: Path) -> None:
    """The previous database is untouched and usable; the next load completes with the new counts."""
    assert sha256(db) == world["sha"]
    assert counts(db) == world["counts"]
    queries_work(db)
    done = subprocess.run([sys.executable, "-m", "obras", "load", str(world["second"]), "--db", str(db)], cwd=ROOT,
                          env=env(), capture_output=True, text=True, timeout=1500)
    assert done.returncode == 0, done.stderr
    assert counts(db) == world["after"]
    queries_work(db)
    assert not Path(str(db) + ".loading").exists()


def check_complete_new(world, db: Path) -> None:
    """The load had published: the file is the whole new database, usable, with no staging file left."""
    assert counts(db) == world["after"]
    queries_work(db)
    assert not Path(str(db) + ".loading").exists()


def test_the_second_input_adds_rows(world):
    """Guard for the checks below: the second load really changes the counts."""
    assert world["after"]["processes"] > world["counts"]["processes"] > 0
    assert world["after"]["sources"] > world["counts"]["sources"]


@pytest.mark.parametrize("fraction", [0.15, 0.4, 0.65, 0.9])
def test_kill_at_a_random_moment_leaves_the_previous_database(world, fraction):
    db = fresh_copy(world, f"random-{fraction}.duckdb")
    rng = random.Random(fraction)
    delay = world["seconds"] * rng.uniform(fraction - 0.1, fraction + 0.05)
    # two worker processes (the default for big inputs), so the kill also meets the compile workers
    proc = cli("load", str(world["second"]), "--db", str(db), env={"OBRAS_LOAD_WORKERS": "2"})
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.skip(f"the load finished before the kill at {delay:.1f} s (machine faster than the first run)")
    children = kill_and_reap(proc)
    # compile workers outlive a killed load (test_compile_workers_end_with_a_killed_load): ended here so the
    # database checks below stand on their own
    end(children)
    if sha256(db) != world["sha"]:
        # The kill came after the atomic rename (the load had published and was exiting: seen in CI at 0.9 of
        # the run). Then the file must be the complete new database, never a mixture.
        check_complete_new(world, db)
        return
    check_intact_then_reload(world, db)


def spawned_workers(pid: int) -> set[int]:
    found = set()
    for child in descendants(pid):
        try:
            with open(f"/proc/{child}/cmdline", "rb") as fh:
                if b"spawn_main" in fh.read():
                    found.add(child)
        except OSError:
            pass
    return found


def test_compile_workers_end_with_a_killed_load(world):
    db = fresh_copy(world, "workers.duckdb")
    proc = cli("load", str(world["second"]), "--db", str(db), env={"OBRAS_LOAD_WORKERS": "2"})
    deadline = time.monotonic() + 900
    while not spawned_workers(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    if proc.poll() is not None:
        pytest.fail("the load ended before its workers were seen")
    children = kill_and_reap(proc)
    try:
        assert wait_gone(children, 30) == set()
    finally:
        end(children)
    check_intact_then_reload(world, db)


def test_kill_when_the_staging_file_appears(world):
    db = fresh_copy(world, "staging.duckdb")
    staging = Path(str(db) + ".loading")
    proc = cli("load", str(world["second"]), "--db", str(db))
    deadline = time.monotonic() + 600
    while not staging.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, "the load ended before its staging file was seen"
    end(kill_and_reap(proc))
    check_intact_then_reload(world, db)


# ---- kills at chosen points: a child Python that SIGKILLs itself from a hook ---------------------------

HOOKS = {
    # while reading the second input (after 500 items of it)
    "reading": """
import loaders.compile.source_rows as P
real = P.open_source
def open_source(uri):
    info, items = real(uri)
    def gen():
        for i, item in enumerate(items):
            if i == 500:
                die()
            yield item
    return info, gen()
P.open_source = open_source
""",
    # in the compile step (the second batch of processes handed to it)
    "compile": """
import loaders.compile.source_rows as P
real = P.build_parsed
calls = [0]
def build_parsed(groups, ctx):
    calls[0] += 1
    if calls[0] == 2:
        die()
    return real(groups, ctx)
P.build_parsed = build_parsed
""",
    # after everything is written, during the flags/quality refresh
    "refresh": """
import obras.update as P
def refresh(con):
    die()
P.refresh_derived = refresh
""",
    # the staging file is complete and closed; killed just before the atomic rename
    "before_rename": """
import os, core.database as S
real = os.replace
def replace(src, dst):
    if str(dst) == DB:
        die()
    return real(src, dst)
S.os.replace = replace
""",
}


def run_with_hook(hook: str, db: Path, folder: Path, after: str = "") -> subprocess.CompletedProcess:
    code = (
        "import os, signal, sys\n"
        f"DB = {str(db)!r}\n"
        "def die():\n    os.kill(os.getpid(), signal.SIGKILL)\n"
        + hook + after +
        "\nfrom obras.cli import main\n"
        f"sys.exit(main(['load', {str(folder)!r}, '--db', DB]))\n"
    )
    # no worker processes, so the hooks run in the process that is killed
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env(OBRAS_LOAD_WORKERS="0"),
                          capture_output=True, text=True, timeout=1500)


@pytest.mark.parametrize("moment", sorted(HOOKS))
def test_kill_at_a_chosen_moment_leaves_the_previous_database(world, moment):
    db = fresh_copy(world, f"hook-{moment}.duckdb")
    done = run_with_hook(HOOKS[moment], db, world["second"])
    assert done.returncode == -signal.SIGKILL, (done.returncode, done.stderr[-2000:])
    check_intact_then_reload(world, db)


def test_kill_right_after_the_rename_leaves_the_complete_new_database(world):
    db = fresh_copy(world, "after-rename.duckdb")
    hook = """
import os, core.database as S
real = os.replace
def replace(src, dst):
    real(src, dst)
    if str(dst) == DB:
        die()
S.os.replace = replace
"""
    done = run_with_hook(hook, db, world["second"])
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    check_complete_new(world, db)
