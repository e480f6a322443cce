"""Benchmark: N simultaneous browser sessions against one `streamlit run app.py` on a (big) database.

    python bench/bench_sessions.py --db /tmp/obras-1m.duckdb [--sessions 20] [--pages resumen,banderas]

Starts the dashboard on 127.0.0.1 (a free port) with OBRAS_DB, waits for /_stcore/health, then opens
`--sessions` Chromium pages at the same moment (Playwright, one browser, one context per session, so each
is a separate Streamlit session) and times, per session and page, how long until the page has rendered
its main content (the first metric value, or the first table/chart, with no exception box and the
"running" indicator gone). Reports per-page p50 / p95 / max, errors, and the server's peak memory.
Needs Debian's Chromium at /usr/bin/chromium.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from ui.i18n import translate  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--enable-unsafe-swiftshader", "--disable-dev-shm-usage"]
PROCESSES_LABEL = translate("processes", "es")
# What shows that a page has rendered its data (any of them)
READY = '[data-testid="stMetricValue"], [data-testid="stDataFrame"], [data-testid="stPlotlyChart"], ' \
        '[data-testid="stDeckGlJsonChart"], [data-testid="stTable"]'


@dataclass
class Visit:
    session: int
    page: str
    seconds: float | None = None
    error: str | None = None
    first_metric: str | None = None


@dataclass
class Server:
    proc: subprocess.Popen
    base: str
    log: Path
    peak_rss_mb: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)

    def watch_memory(self) -> None:
        """Sample the server's resident memory (process tree) every half second."""
        def loop() -> None:
            while not self._stop.is_set() and self.proc.poll() is None:
                self.peak_rss_mb = max(self.peak_rss_mb, tree_rss_mb(self.proc.pid))
                time.sleep(0.5)
        threading.Thread(target=loop, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=15)


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, MiB (from /proc)."""
    pids = {pid}
    try:
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as fh:
                        if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                            pids.add(int(entry))
                except (OSError, ValueError, IndexError):
                    pass
    except OSError:
        pass
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, log_dir: Path, extra_env: dict[str, str] | None = None, timeout: float = 120) -> Server:
    """`streamlit run app.py` on 127.0.0.1 with OBRAS_DB=db; returns once /_stcore/health answers 200."""
    port = free_port()
    env = dict(os.environ, OBRAS_DB=str(db), STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", **(extra_env or {}))
    log = log_dir / f"streamlit-{port}.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(port), "--server.fileWatcherType", "none",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(proc, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if health(server.base):
            return server
        if proc.poll() is not None:
            break
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"streamlit did not start: {log.read_text()[-2000:]}")


def health(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=5) as r:
            return r.status == 200
    except OSError:
        return False


async def _visit(browser, base: str, session: int, pages: list[str], timeout_ms: int, start: asyncio.Event,
                 visits: list[Visit]) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    await start.wait()
    try:
        for name in pages:
            visit = Visit(session, name)
            visits.append(visit)
            url = base + "/" + ("" if name == "resumen" else name)
            t0 = time.perf_counter()
            try:
                await page.goto(url, timeout=timeout_ms)
                await page.wait_for_selector(READY, timeout=timeout_ms)
                # the script run has finished when Streamlit's status widget stops saying "running"
                await page.wait_for_function(
                    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms)
                visit.seconds = time.perf_counter() - t0
                if await page.locator('[data-testid="stException"]').count():
                    visit.error = "exception: " + (await page.locator('[data-testid="stException"]').first
                                                   .inner_text())[:300]
                # the processes figure, found by its label: during a rerun other metrics may come first
                metric = page.locator('[data-testid="stMetric"]').filter(has_text=PROCESSES_LABEL) \
                    .locator('[data-testid="stMetricValue"]').first
                await metric.wait_for(timeout=timeout_ms)
                visit.first_metric = (await metric.inner_text()).strip()
            except Exception as exc:  # noqa: BLE001 - a bench reports every failure
                visit.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}"
    finally:
        await context.close()


async def _sessions(base: str, sessions: int, pages: list[str], timeout_ms: int) -> list[Visit]:
    from playwright.async_api import async_playwright

    visits: list[Visit] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # warm-up: the first request must be the root (see tests/test_browser.py), and it fills caches
            warm = await browser.new_page()
            await warm.goto(base + "/", timeout=timeout_ms)
            await warm.wait_for_selector(READY, timeout=timeout_ms)
            await warm.close()
            start = asyncio.Event()
            tasks = [asyncio.create_task(_visit(browser, base, i, pages, timeout_ms, start, visits))
                     for i in range(sessions)]
            await asyncio.sleep(0.5)  # every context open, then all at once
            start.set()
            await asyncio.gather(*tasks)
        finally:
            await browser.close()
    return visits


def run_sessions(base: str, sessions: int = 20, pages: list[str] | None = None,
                 timeout_ms: int = 300_000) -> list[Visit]:
    """Open `sessions` browser sessions at once, each visiting `pages` in turn; one Visit per page load."""
    return asyncio.run(_sessions(base, sessions, pages or ["resumen"], timeout_ms))


def summary(visits: list[Visit]) -> dict:
    """Per page: n, errors, p50 / p95 / max seconds."""
    out = {}
    for name in dict.fromkeys(v.page for v in visits):
        times = sorted(v.seconds for v in visits if v.page == name and v.seconds is not None and not v.error)
        errors = [v.error for v in visits if v.page == name and v.error]
        out[name] = {
            "n": sum(v.page == name for v in visits), "ok": len(times), "errors": len(errors),
            "p50": round(statistics.median(times), 2) if times else None,
            "p95": round(times[min(len(times) - 1, int(0.95 * len(times)))], 2) if times else None,
            "max": round(times[-1], 2) if times else None, "first_errors": errors[:3],
        }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="DuckDB file the dashboard opens (OBRAS_DB)")
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--pages", default="resumen", help="comma-separated url paths (resumen, mapa, banderas, ...)")
    ap.add_argument("--timeout", type=float, default=600, help="seconds allowed per page load")
    ap.add_argument("--json", help="write the visits and summary to this file")
    args = ap.parse_args(argv)
    db = Path(args.db)
    if not Path(CHROMIUM).exists():
        print(f"needs {CHROMIUM} (apt-get install -y chromium)", file=sys.stderr)
        return 2
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    processes = con.execute("SELECT count(*) FROM processes").fetchall()[0][0]
    con.close()
    print(f"database {db}: {db.stat().st_size / 1024**3:.2f} GiB, {processes:,} processes")
    server = start_server(db, Path("/tmp"))
    server.watch_memory()
    try:
        pages = args.pages.split(",")
        alone = run_sessions(server.base, 1, pages, int(args.timeout * 1000))  # one session, for comparison
        t0 = time.perf_counter()
        visits = run_sessions(server.base, args.sessions, pages, int(args.timeout * 1000))
        wall = time.perf_counter() - t0
        print(f"server up, health ok: {health(server.base)}")
    finally:
        server.stop()
    result = {"db": str(db), "processes": processes, "sessions": args.sessions, "wall_seconds": round(wall, 1),
              "server_peak_rss_mb": round(server.peak_rss_mb), "one_session": summary(alone),
              "pages": summary(visits)}
    print(json.dumps(result, indent=1, ensure_ascii=False))
    if args.json:
        Path(args.json).write_text(json.dumps({**result, "visits": [asdict(v) for v in visits]}, indent=1))
    return 0 if all(p["errors"] == 0 for p in result["pages"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
