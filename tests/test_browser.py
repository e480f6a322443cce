"""The dashboard in a real browser: Debian's Chromium driven by Playwright against `streamlit run` on
127.0.0.1 (one server and one browser for the whole module). Screenshots go to tests/screenshots/.

Skipped with a message when /usr/bin/chromium is missing, except under CI=true where it must run.
"""
from __future__ import annotations

import csv
import io
import os
import math
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "tests" / "screenshots"
RUN_TIMEOUT_MS = 90_000
DEFAULT_PAGE = "resumen"  # st.navigation serves the default page at "/" (its own path is "not found")

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    if os.environ.get("CI", "").lower() == "true":
        raise RuntimeError("browser tests need /usr/bin/chromium (apt-get install -y chromium)")
    pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)",
                allow_module_level=True)

from playwright.sync_api import expect, sync_playwright  # noqa: E402


def _page_specs() -> list[tuple[str, str, str]]:
    """PAGE_SPECS of app.py, read from its source (importing app.py would start Streamlit)."""
    text = (ROOT / "app.py").read_text(encoding="utf-8")
    return re.findall(r'\("(views/[a-z_]+\.py)", "([a-z_]+)", "([a-z_]+)"\)', text)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    from obras.update import update
    from demo.generate import generate

    tmp = tmp_path_factory.mktemp("browser")
    generate(tmp / "files", processes=200, seed=11)
    update([tmp / "files"], db=tmp / "demo.duckdb")
    return tmp / "demo.duckdb"


def _start(database: Path, name: str, with_boundaries: bool = True):
    """Start `streamlit run app.py` on a free port; return (process, base URL, log file)."""
    port = _free_port()
    env = dict(os.environ, OBRAS_DB=str(database), STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    env.pop("OBRAS_STATE_BOUNDARIES", None)
    env.pop("OBRAS_BASEMAP", None)
    boundaries = ROOT.parent / "shared" / "data" / "mexico-geo" / "states" / "mexicoHigh.json"
    if with_boundaries and boundaries.exists():  # read in place; the choropleth is drawn when it is there, circles otherwise
        env["OBRAS_STATE_BOUNDARIES"] = str(boundaries)
    log = open(database.parent / f"{name}.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.terminate()
        pytest.fail(f"streamlit did not start: {Path(log.name).read_text()[-2000:]}")
    return proc, base, log


def _stop(proc, log) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def server(database, browser):
    proc, base, log = _start(database, "streamlit")
    # the pages live in views/ (not pages/, which Streamlit would run as old-style pages on a deep
    # link before app.py); test_a_deep_link_as_first_request_runs_the_entry_point guards that.
    pg = browser.new_page()
    pg.goto(base + "/")
    expect(pg.locator('[data-testid="stSidebarNav"]')).to_contain_text("Banderas rojas", timeout=RUN_TIMEOUT_MS)
    pg.close()
    yield base
    _stop(proc, log)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--enable-unsafe-swiftshader"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="es-MX")
    pg = context.new_page()
    yield pg
    context.close()


def open_page(page, url: str) -> None:
    """Go to `url` and wait until the script run is over (the running indicator gone, a title drawn)."""
    page.goto(url)
    page.wait_for_selector('[data-testid="stApp"]', timeout=RUN_TIMEOUT_MS)
    page.wait_for_selector("h1", timeout=RUN_TIMEOUT_MS)
    wait_idle(page)


def wait_idle(page) -> None:
    """Wait until the script run is over: the status widget (Running… / Stop) is gone for a moment."""
    page.wait_for_timeout(300)
    for _ in range(2):  # a rerun can start right after the first run (callbacks, query params)
        page.wait_for_function(
            "() => { const w = document.querySelector('[data-testid=\"stStatusWidget\"]');"
            " return !w || !/Running|Stop/.test(w.innerText); }", timeout=RUN_TIMEOUT_MS)
        page.wait_for_timeout(400)


def shot(page, name: str, element=None) -> bytes:
    SHOTS.mkdir(parents=True, exist_ok=True)
    target = element or page
    return target.screenshot(path=str(SHOTS / f"{name}.png"))


def metric_value(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]', has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def db_one(database: Path, query: str, params: list | None = None):
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(query, params or []).fetchall()[0]


# ---- tests -----------------------------------------------------------------------------------------
def test_every_page_loads_without_an_error(server, page):
    specs = [(f, url) for f, _, url in _page_specs() if (ROOT / f).exists() and url != "cargar"]
    assert len(specs) >= 5
    for _, url in specs:
        open_page(page, f"{server}/{'' if url == DEFAULT_PAGE else url}")
        assert page.locator('[role="dialog"]', has_text="Page not found").count() == 0
        errors = page.locator('[data-testid="stException"]')
        if errors.count():
            shot(page, f"error-{url}")
        assert errors.count() == 0, f"{url}: {errors.first.inner_text()[:500]}"
        shot(page, f"page-{url}")


def test_map_canvas_draws_pixels_without_downloading_a_basemap(server, page):
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server) else None)
    open_page(page, f"{server}/mapa")
    chart = page.locator('[data-testid="stDeckGlJsonChart"]').first
    chart.scroll_into_view_if_needed()
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=RUN_TIMEOUT_MS)
    page.wait_for_timeout(2500)  # deck.gl draws on the next animation frames
    from PIL import Image

    png = shot(page, "map-canvas", chart)
    img = Image.open(io.BytesIO(png)).convert("RGB")
    colours = img.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 20, "the map canvas is blank"
    # the drawn layers are not just the page background: a good share of pixels differ from the most common
    most = max(c for c, _ in colours)
    assert most < 0.97 * img.width * img.height
    assert outside == []  # offline by default: no basemap tiles or styles


def href(page) -> str:
    """The address bar (Streamlit updates it with history.replaceState, which page.url can miss)."""
    return page.evaluate("window.location.href")


def test_language_switch_changes_labels_and_keeps_the_filters(server, page, database):
    n = db_one(database, "SELECT count(*) FROM processes WHERE method = 'open'")[0]
    open_page(page, f"{server}/?metodo=open")
    expect(page.locator('[data-testid="stMetric"]', has_text="Procesos de contratación")).to_have_count(1)
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("Licitación pública")
    page.locator('[data-testid="stSidebar"] label', has_text="English").first.click()
    wait_idle(page)
    expect(page.locator('[data-testid="stMetric"]', has_text="Contracting processes")).to_have_count(1)
    expect(page.locator('[data-testid="stSidebarNav"]')).to_contain_text("Map")
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("Open tender")
    assert metric_value(page, "Contracting processes") == f"{n:,}"
    assert "lang=en" in href(page) and "metodo=open" in href(page)
    shot(page, "resumen-en")


def test_a_copied_url_restores_filters_and_selection(server, page, database):
    code, name = db_one(database, "SELECT p.state_code, s.name FROM processes p JOIN states s USING (state_code) "
                                  "GROUP BY ALL ORDER BY count(*) DESC LIMIT 1")
    n = db_one(database, "SELECT count(*) FROM processes WHERE state_code = ? AND method = 'open'", [code])[0]
    open_page(page, f"{server}/?estado={code}&metodo=open")
    side = page.locator('[data-testid="stSidebar"]')
    expect(side).to_contain_text(name)
    expect(side).to_contain_text("Licitación pública")
    assert metric_value(page, "Procesos de contratación") == f"{n:,}"
    # the same link in English keeps the same filters (codes in the URL, not translated labels)
    open_page(page, f"{server}/?estado={code}&metodo=open&lang=en")
    assert metric_value(page, "Contracting processes") == f"{n:,}"
    expect(side).to_contain_text("Open tender")
    # a selected project on the map
    pid, title = db_one(database, "SELECT p.project_id, p.title FROM projects p JOIN project_locations l "
                                  "USING (project_id) WHERE l.lon IS NOT NULL ORDER BY p.project_id LIMIT 1")
    open_page(page, f"{server}/mapa?proyecto={pid}")
    expect(page.get_by_text("Proyecto elegido")).to_be_visible()
    expect(page.locator('[data-testid="stMain"]')).to_contain_text(title[:40])
    shot(page, "mapa-proyecto")


def test_filters_follow_the_reader_to_another_page(server, page, database):
    code = db_one(database, "SELECT state_code FROM processes GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")[0]
    n = db_one(database, "SELECT count(*) FROM processes WHERE state_code = ?", [code])[0]
    open_page(page, f"{server}/?estado={code}")
    page.locator('[data-testid="stSidebarNav"] a', has_text="Descargas").click()
    wait_idle(page)
    page.wait_for_selector('[data-testid="stMetric"]', timeout=RUN_TIMEOUT_MS)
    assert metric_value(page, "Procesos en la descarga") == f"{n:,}"
    assert f"estado={code}" in href(page)


def test_csv_download_holds_the_rows_shown(server, page, database):
    code = db_one(database, "SELECT state_code FROM processes GROUP BY 1 ORDER BY count(*) ASC LIMIT 1")[0]
    open_page(page, f"{server}/descargas?estado={code}")
    shown = int(metric_value(page, "Procesos en la descarga").replace(",", ""))
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid_rows = grid.locator('[role="grid"], [role="table"]').first.get_attribute("aria-rowcount")
    with page.expect_download(timeout=RUN_TIMEOUT_MS) as info:
        page.get_by_role("button", name="CSV", exact=True).click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the accents
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == shown
    assert {r["Clave de estado (INEGI)"] for r in rows} == {code}  # headers in the page's language
    if grid_rows is not None and shown <= 500:
        assert int(grid_rows) - 1 == shown  # the header row counts in aria-rowcount


def test_excel_and_zip_downloads_say_what_they_hold(server, page, database):
    """The Excel and zip buttons give files a person can open: translated headers, the dictionary and the
    "about" notes (filters, data date, methodology version), dates as dates, state codes as text."""
    import zipfile

    from openpyxl import load_workbook

    code, name = db_one(database, "SELECT p.state_code, s.name FROM processes p JOIN states s USING (state_code) "
                                  "GROUP BY ALL ORDER BY count(*) ASC LIMIT 1")
    open_page(page, f"{server}/descargas?estado={code}")
    with page.expect_download(timeout=RUN_TIMEOUT_MS) as info:
        page.get_by_role("button", name="Excel", exact=True).click()
    wb = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert wb.sheetnames == ["procesos", "Diccionario", "Acerca de"]
    ws = wb["procesos"]
    head = [c.value for c in ws[1]]
    state = ws.cell(row=2, column=head.index("Clave de estado (INEGI)") + 1)
    assert state.value == code and state.data_type == "s"
    signed = [ws.cell(row=r, column=head.index("Fecha de firma") + 1) for r in range(2, ws.max_row + 1)]
    assert any(c.is_date and c.number_format == "yyyy-mm-dd" for c in signed)
    about = dict(wb["Acerca de"].iter_rows(values_only=True))
    assert name in about["Filtros aplicados"] and about["Versión de la metodología"] and about["Fecha de los datos"]
    with page.expect_download(timeout=RUN_TIMEOUT_MS) as info:
        page.get_by_role("button", name="CSV (zip con LÉEME)", exact=True).click()
    with zipfile.ZipFile(Path(info.value.path())) as zf:
        assert sorted(zf.namelist()) == ["LEEME.txt", "datos.csv"]
        assert name in zf.read("LEEME.txt").decode("utf-8-sig")


def test_a_deep_link_as_first_request_runs_the_entry_point(database, browser):
    proc, base, log = _start(database, "deeplink")
    try:
        pg = browser.new_page()
        pg.goto(base + "/mapa?estado=19")
        pg.wait_for_selector("h1", timeout=RUN_TIMEOUT_MS)
        wait_idle(pg)
        side = pg.locator('[data-testid="stSidebar"]').inner_text()
        pg.close()
        assert "Idioma" in side and "Banderas rojas" in side  # app.py's language switch and page titles
    finally:
        _stop(proc, log)


def test_with_no_setup_the_map_is_a_tile_grid_and_a_click_on_a_tile_filters(database, browser):
    """The README's two commands (no boundaries, no basemap): the Mapa page draws the 32 states as tiles
    with no download, and clicking a tile sets the state filter."""
    code, name = db_one(database, "SELECT p.state_code, s.name FROM processes p JOIN states s USING (state_code) "
                                  "GROUP BY ALL ORDER BY count(*) DESC LIMIT 1")
    proc, base, log = _start(database, "tiles", with_boundaries=False)
    try:
        pg = browser.new_page(viewport={"width": 1280, "height": 1000})
        outside = []
        pg.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
        open_page(pg, f"{base}/mapa")
        chart = pg.locator('[data-testid="stPlotlyChart"]').first
        chart.scroll_into_view_if_needed()
        expect(chart.locator("text", has_text="CDMX")).to_have_count(1, timeout=RUN_TIMEOUT_MS)
        assert pg.locator('[data-testid="stDeckGlJsonChart"]').count() == 0  # no points floating on white
        assert "OBRAS_" not in pg.locator('[data-testid="stMain"]').inner_text()
        shot(pg, "mapa-tiles", chart)
        from ui import tilegrid

        short = tilegrid.layout().set_index("state_code").loc[code, "short"]
        tile = chart.locator("g.textpoint text", has_text=short).first
        box = tile.bounding_box()
        pg.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        wait_idle(pg)
        expect(pg.locator('[data-testid="stSidebar"]')).to_contain_text(name)
        assert f"estado={code}" in href(pg)
        assert outside == []
        pg.close()
    finally:
        _stop(proc, log)


def _pixel(view: dict, lon: float, lat: float, width: float, height: float) -> tuple[float, float]:
    """Where deck.gl's Web Mercator view draws (lon, lat) inside a canvas of width x height."""
    import math

    world = 512 * 2 ** view["zoom"]

    def xy(lo: float, la: float) -> tuple[float, float]:
        phi = math.radians(la)
        return (lo + 180) / 360 * world, (1 - math.log(math.tan(math.pi / 4 + phi / 2)) / math.pi) / 2 * world

    cx, cy = xy(view["longitude"], view["latitude"])
    px, py = xy(lon, lat)
    return width / 2 + (px - cx), height / 2 + (py - cy)


NEAR_PX = 30  # circles are drawn up to this many pixels wide around their centre
TAP_MS = 250  # deck.gl (mjolnir.js) counts a press as a click only when it is released within 250 ms


def test_clicking_a_project_on_the_map_selects_it(server, page, database):
    """A click on a project point sets the project filter (deck.gl picking through st.pydeck_chart).

    The state layer is switched off first so the click lands on a point. deck.gl picks on every
    pointer press; under software WebGL on a busy machine that can take longer than its 250 ms tap
    window, and deck.gl then sees no click at all: the test measures that and skips, saying so,
    rather than fail on the machine's speed. (The selectbox below the map covers the same filter
    in AppTest.)"""
    from ui import maps
    from ui import queries_explore as qe
    from ui.filters import Filters

    with duckdb.connect(str(database), read_only=True) as con:
        points = qe.project_points(con, Filters())
    view = maps.view_for(points["lon"].tolist(), points["lat"].tolist())
    target = points.iloc[0]  # the largest amount: the largest circle
    page.add_init_script("""
        window.__press = [];
        for (const t of ['pointerdown', 'pointerup'])
          window.addEventListener(t, () => window.__press.push(performance.now()), true);""")
    open_page(page, f"{server}/mapa")
    page.locator('[data-testid="stMain"] label', has_text="Estados").first.click()  # hide the state layer
    wait_idle(page)
    canvas = page.locator('[data-testid="stDeckGlJsonChart"]').first
    canvas.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    box = canvas.bounding_box()
    x, y = _pixel(view, target["lon"], target["lat"], box["width"], box["height"])
    slowest = 0.0
    # points drawn under the click (circles overlap; deck.gl picks the topmost): any of them is right
    near = {
        pid for pid, lon, lat in zip(points["project_id"], points["lon"], points["lat"])
        if math.dist(_pixel(view, lon, lat, box["width"], box["height"]), (x, y)) <= NEAR_PX
    }
    for _ in range(3):
        page.evaluate("window.__press = []")
        page.mouse.click(box["x"] + x, box["y"] + y)
        wait_idle(page)
        if any(f"proyecto={pid}" in href(page) for pid in near):
            break
        stamps = page.evaluate("window.__press")
        slowest = max(slowest, stamps[-1] - stamps[0] if len(stamps) >= 2 else 0.0)
    else:
        if slowest > TAP_MS:
            pytest.skip(f"deck.gl saw no click: the browser took {slowest:.0f} ms to handle a press "
                        f"(software WebGL), more than its {TAP_MS} ms tap window")
    expect(page.get_by_text("Proyecto elegido")).to_be_visible()
    assert any(f"proyecto={pid}" in href(page) for pid in near), (href(page), sorted(near)[:10])
    shot(page, "mapa-click-project")


def test_the_public_sees_no_deploy_button_or_developer_menu(server, page):
    """Issue 13: client.toolbarMode = "viewer" (.streamlit/config.toml) hides Deploy, Rerun and Clear
    cache even on localhost, where Streamlit's default ("auto") shows them."""
    open_page(page, server + "/")
    assert page.locator('[data-testid="stAppDeployButton"]').count() == 0
    assert page.get_by_text("Deploy", exact=True).count() == 0
    menu = page.locator('[data-testid="stMainMenu"]')
    if menu.count():
        menu.first.click()
        page.wait_for_timeout(500)
        assert page.get_by_text("Clear cache").count() == 0 and page.get_by_text("Rerun").count() == 0
