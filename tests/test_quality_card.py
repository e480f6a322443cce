"""The report card: one implementer's score, parts, commitment, missing fields with examples, schema errors by
path, history and the data it was computed from, as a letter-size PDF (tables split across pages with their
header repeated) and as Markdown, in Spanish or English; from `obras quality --report` and the page."""
from __future__ import annotations

import re
import shutil
import subprocess
import time

import pytest

from quality.card import card_data, render_markdown, report_card
from quality.cli import main_quality
from quality.compute import refresh
from tests.quality_fixtures import load_db, use_schemas
from tests.shared import shared_data

NL = "nl-gobierno"


@pytest.fixture(scope="module")
def nl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("card")
    mp = pytest.MonkeyPatch()
    use_schemas(mp, tmp)
    base = shared_data() / "mx-nl-infraestructura-abierta"
    path = tmp / "nl.duckdb"
    con = load_db([base / "oc4ids-projects", base / "ocds-record-packages",
                   shared_data() / "mx-ocp-sample-data" / "cdmx"], path)
    refresh(con)
    yield con, path
    mp.undo()
    con.close()


def test_the_card_holds_the_score_the_commitment_the_missing_fields_with_examples_and_the_errors(nl):
    con, _ = nl
    d = card_data(con, NL)
    score = con.execute("SELECT score FROM quality_scores WHERE implementer_id = ?", [NL]).fetchall()[0][0]
    md = render_markdown(d, "es")
    assert f"{score:.1f}".replace(".", "\\.") in md
    missing = {m["field"]: m for m in d["missing"]}
    # every example is a process of NL that publishes the stage and lacks the field (checked in the database)
    budget = missing["planning.budget.budgetBreakdown"]
    assert budget["examples"] and all(e.startswith("ocds-7wj9x5-") for e in budget["examples"])
    for ocid in budget["examples"]:
        raw = con.execute("SELECT json_extract(json, '$.planning.budget.budgetBreakdown') FROM processes "
                          "WHERE ocid = ?", [ocid]).fetchall()[0][0]
        assert raw in (None, "[]")
    # the examples stored by the refresh are those a pass over NL's documents gives now, for every field
    from quality.completeness import field_counts

    for subject in ("process", "project"):
        direct = field_counts(con, subject, NL, one=True, examples=3).to_dict("records")[0]
        shown = {m["field"]: m["examples"] for m in d["missing"] if f"x:{m['field']}" in direct}
        # none for a field present everywhere whose values are boilerplate (missing, never absent)
        ids = {f: list(v) if hasattr(v, "__len__") else [] for f, v in ((f, direct[f"x:{f}"]) for f in shown)}
        assert shown and any(shown.values()) and shown == {f: [str(x) for x in v] for f, v in ids.items()}, subject
    assert "awards[].contractPeriod.maxExtentDate" in md.replace("\\", "")  # errors grouped by path
    assert "Justificación para el método de compra elegido" in md.replace("\\", "")  # boilerplate shown
    assert "Historial por carga" in md and "Boleta de calidad" in md
    assert "Missing fields by stage" in render_markdown(d, "en")


def test_the_pdf_is_letter_size_and_long_tables_repeat_their_header_on_the_next_page(nl):
    con, _ = nl
    pdf = report_card(con, NL, "pdf", "es")
    assert pdf.startswith(b"%PDF") and b"/MediaBox [ 0 0 612 792 ]" in pdf
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not installed: text of the pages not checked")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    pages = text.decode("utf-8").split("\f")
    assert len([p for p in pages if p.strip()]) >= 2
    header = [p for p in pages if re.search(r"Etapa\s+Campo\s+Ruta", p)]
    assert len(header) >= 2  # the missing-fields table goes on to a second page with its header
    assert "Boleta de calidad de publicación" in pages[0]


def test_the_command_writes_the_card_for_an_implementer_and_for_unassigned_data(nl, tmp_path):
    con, path = nl
    con.close()  # the command opens the file itself (read-only)
    out = tmp_path / "card.md"
    assert main_quality(["--db", str(path), "--report", NL, "--format", "md", "--out", str(out), "--lang", "en"]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Publication quality report card")
    pdf = tmp_path / "card.pdf"
    started = time.perf_counter()
    assert main_quality(["--db", str(path), "--report", "cdmx-gobierno", "--format", "pdf", "--out", str(pdf)]) == 0
    assert time.perf_counter() - started < 10
    assert pdf.read_bytes().startswith(b"%PDF")
    assert main_quality(["--db", str(path), "--report", "nadie", "--format", "pdf", "--out", str(pdf)]) == 2
    assert main_quality(["--db", str(path), "--format", "pdf"]) == 2  # pdf needs --report


def test_the_card_the_page_and_the_export_name_the_score_parts_with_the_same_words():
    from quality.card import tr
    from quality.labels import COMPONENTS
    from ui.labels.finish import LABELS as EXPORT
    from ui.labels.quality import LABELS as PAGE

    for key, (es, en) in COMPONENTS.items():
        for lang, text in (("es", es), ("en", en)):
            assert tr(key, lang) == PAGE[f"q_{key}"][lang] == PAGE[f"q_tab_{key}"][lang] == \
                EXPORT[f"qx_col_{key}"][lang] == text
