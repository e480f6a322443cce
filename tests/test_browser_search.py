"""The one search and the methodology's anchors in a real browser (what AppTest cannot see: Enter in the
sidebar's box switching pages, a click on a result, the browser scrolling to `metodologia#oa-p1` on a fresh
load, the link from a flag opening there). Uses tests/test_browser.py's server, browser and database."""
from __future__ import annotations

import re

import duckdb
import pytest

from tests.test_browser import (  # noqa: F401 (fixtures)
    browser, database, open_page, page, server, shot, wait_idle,
)

pytestmark = pytest.mark.browser


def _section_top(pg, anchor: str) -> int | None:
    return pg.evaluate("(id) => { const e = document.getElementById(id);"
                       " return e ? Math.round(e.getBoundingClientRect().top) : null; }", anchor)


def test_sidebar_search_opens_buscar_and_a_result_opens_its_process(server, page):
    open_page(page, server + "/")
    box = page.get_by_test_id("stForm").get_by_test_id("stTextInputField")
    box.fill("CONSTRUCCIÓN")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/buscar\?q=CONSTRUCCI"), timeout=90_000)
    wait_idle(page)
    assert page.locator("h1").first.inner_text() == "Buscar"
    results = page.get_by_test_id("stPageLink").locator("a")
    assert results.count() > 0
    shot(page, "buscar-construccion")
    results.first.click()
    page.wait_for_url(re.compile(r"/proceso\?ocid="), timeout=90_000)
    wait_idle(page)
    assert page.locator("h1").first.inner_text() == "Proceso"


def test_buscar_says_when_nothing_matches(server, page):
    open_page(page, server + "/buscar?q=zzzz-nada&lang=en")
    assert "Nothing matches" in page.get_by_test_id("stAlert").last.inner_text()


def test_a_link_to_an_indicator_section_scrolls_to_it(server, page):
    open_page(page, server + "/metodologia?lang=es#oa-d1")
    page.wait_for_timeout(1500)
    top = _section_top(page, "oa-d1")
    assert top is not None and 0 <= top < 200, top  # the section's heading at the top of the window
    shot(page, "metodologia-oa-d1")


def test_a_flag_links_to_its_indicator_section(server, page, database):
    with duckdb.connect(str(database), read_only=True) as con:
        row = con.execute("SELECT ocid, indicator FROM flags WHERE flagged AND subject_type = 'ocid' "
                          "AND indicator LIKE 'OA-%' ORDER BY ocid, indicator LIMIT 1").fetchall()
    if not row:
        pytest.skip("the demo database has no flagged process")
    ocid, code = row[0]
    open_page(page, f"{server}/proceso?ocid={ocid}")
    page.get_by_role("tab", name="Banderas").click()
    page.get_by_test_id("stExpander").filter(has_text=f"{code} ·").locator("summary").first.click()
    link = page.get_by_role("link", name=f"Metodología de {code}")
    assert link.get_attribute("href") == f"metodologia?lang=es#{code.lower()}"
    with page.context.expect_page(timeout=30_000) as opened:
        link.click()
    target = opened.value
    target.wait_for_selector("h1", timeout=90_000)
    wait_idle(target)
    target.wait_for_timeout(1500)
    top = _section_top(target, code.lower())
    assert top is not None and 0 <= top < 200, top
