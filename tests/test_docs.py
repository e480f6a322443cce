"""Generated files (methodology in both languages, metrics/defaults.ini) are current: `make docs` writes them."""
import pytest

from metrics.docs import ROOT, generated_files, stale_files


@pytest.mark.parametrize("path", sorted(generated_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_committed_generated_file_equals_what_the_code_generates(path):
    assert path.read_text(encoding="utf-8") == generated_files()[path], (
        f"{path.relative_to(ROOT)} is stale: run make docs")


def test_stale_files_names_a_changed_file(tmp_path, monkeypatch):
    from metrics import docs

    target = tmp_path / "x.md"
    target.write_text("old", encoding="utf-8")
    monkeypatch.setattr(docs, "generated_files", lambda: {target: "new"})
    assert stale_files() == [target]
