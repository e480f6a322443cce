"""The upload page's harvest tab: the catalogue shown as it is in data/sources.toml, and a harvest's
progress counted per source as the addresses are asked (against a local server, no internet)."""
from __future__ import annotations

import tomllib
from pathlib import Path

from streamlit.testing.v1 import AppTest

from obras.harvest import harvest
from tests.test_harvest import FAST, catalogue, demo_releases, inai_body, server  # noqa: F401 (fixtures)
from ui.harvest_run import SourceProgress

ROOT = Path(__file__).resolve().parent.parent


def test_harvest_progress_is_counted_per_source_as_each_address_is_asked(server, tmp_path, demo_releases):  # noqa: F811
    ocids = sorted(demo_releases)
    server.json("/edca/fiscalYears", {"fiscalYears": [{"id": 1, "year": 2024, "status": True}]})
    server.json("/edca/contractingprocess/2024", inai_body([r for o in ocids[:2] for r in demo_releases[o]]))
    server.raw("/broken.json", b"<html><body>Error 500</body></html>")
    cat = catalogue(tmp_path, server.base, [("inai", "inai_edca", ""), ("broken", "url", "/broken.json")])
    calls: list[tuple[str, str, int, int]] = []
    tracker = SourceProgress()

    def record(source: str, status: str, done: int, total: int) -> None:
        calls.append((source, status, done, total))
        tracker(source, status, done, total)

    report = harvest(db=tmp_path / "h.duckdb", catalogue=cat, progress=record, **FAST)
    assert [c[2] for c in calls] == [1, 2] and {c[3] for c in calls} == {2}
    assert {(c[0], c[1]) for c in calls} == {("inai", "changed"), ("broken", "not_data")}
    table = tracker.table().set_index("source")
    assert table.loc["inai", "changed"] == 1 and table.loc["broken", "not_data"] == 1
    assert table["asked"].sum() == len(report.documents) == 2


def test_the_upload_page_lists_the_sources_catalogue_and_preselects_the_enabled_entries(tmp_path, monkeypatch):
    from tests import profiles_fixture as fx

    db = fx.build(tmp_path / "app.duckdb")
    monkeypatch.setenv("OBRAS_DB", str(db))
    monkeypatch.setenv("OBRAS_ENABLE_UPLOAD", "1")
    monkeypatch.setenv("OBRAS_UPLOAD_PASSWORD", "correcto-caballo")
    at = AppTest.from_file(str(ROOT / "views" / "cargar.py"), default_timeout=120)
    at.session_state["lang"] = "es"
    at.run()
    at.text_input(key="upl_password").input("correcto-caballo").run()
    assert not at.exception
    entries = tomllib.loads((ROOT / "data" / "sources.toml").read_text(encoding="utf-8"))["source"]
    shown = at.dataframe[-1].value
    assert list(shown["id"]) == [e["id"] for e in entries]
    assert list(shown["confirmed"]) == [e["confirmed"] for e in entries]
    chosen = at.multiselect(key="hv_sources").value
    assert chosen == [e["id"] for e in entries if e.get("enabled", e["confirmed"])]
    assert not at.button(key="hv_go").disabled
