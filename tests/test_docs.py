"""The methodology documents are generated from the indicator metadata, never edited by hand."""
from pathlib import Path

import pytest

from metrics.methodology import methodology_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.mark.parametrize("lang,name", [("es", "METODOLOGIA.md"), ("en", "METHODOLOGY.md")])
def test_committed_methodology_equals_what_the_metadata_generates(lang, name):
    generated = methodology_markdown(lang, None)
    committed = (DOCS / name).read_text(encoding="utf-8")
    assert committed.strip() == generated.strip(), (
        f"docs/{name} is stale: run python -m metrics.methodology --lang {lang} --out docs/{name}")
