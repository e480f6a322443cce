"""The catalogue of sources: the shipped one is valid, and a wrong entry is refused naming the entry."""
from __future__ import annotations

import pytest

from obras.sources import CATALOGUE, CatalogueError, implementer_ids, load_catalogue, select

GOOD = """
[[source]]
id = "a-edca"
implementer = "jal-guadalajara"
kind = "inai_edca"
format = "ocds"
base = "https://example.org:3000"
first_year = 2022
origin = "PUBLISHERS.md §4"
confirmed = true
"""


def _write(tmp_path, text):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_catalogue_is_valid_and_names_registry_implementers():
    catalogue = load_catalogue()
    registry = implementer_ids()
    assert len({s.id for s in catalogue}) == len(catalogue)
    assert all(s.implementer is None or s.implementer in registry for s in catalogue)
    # every unconfirmed address says why, and is not harvested unless named
    for s in catalogue:
        if not s.confirmed:
            assert s.note and not s.enabled, s.id
    kinds = {s.kind for s in catalogue}
    assert {"inai_edca", "inai_edcapi", "nl_smpu"} <= kinds


def test_a_good_entry_is_read_with_its_defaults(tmp_path):
    [source] = load_catalogue(_write(tmp_path, GOOD))
    assert (source.id, source.kind, source.first_year, source.enabled, source.browser_ua) == (
        "a-edca", "inai_edca", 2022, True, False)


@pytest.mark.parametrize("change, field", [
    (('kind = "inai_edca"', 'kind = "ftp"'), "kind"),
    (('implementer = "jal-guadalajara"', 'implementer = "nowhere"'), "implementer"),
    (('base = "https://example.org:3000"', 'base = "file:///etc/passwd"'), "base"),
    (("first_year = 2022\n", ""), "first_year"),
    (('format = "ocds"', 'format = "csv"'), "format"),
    (("confirmed = true", "confirmed = false"), "note"),
    (('id = "a-edca"', 'id = "A EDCA"'), "id"),
    (("confirmed = true", 'confirmed = true\ncolour = "red"'), "colour"),
])
def test_a_wrong_entry_is_refused_naming_the_file_entry_and_field(tmp_path, change, field):
    path = _write(tmp_path, GOOD.replace(*change))
    with pytest.raises(CatalogueError) as err:
        load_catalogue(path)
    assert str(path) in str(err.value) and "source #1" in str(err.value) and f": {field}:" in str(err.value)


def test_an_id_used_twice_is_refused(tmp_path):
    with pytest.raises(CatalogueError, match="used twice"):
        load_catalogue(_write(tmp_path, GOOD + GOOD))


def test_invalid_toml_is_refused_naming_the_file(tmp_path):
    path = _write(tmp_path, "[[source]\nid=")
    with pytest.raises(CatalogueError, match="sources.toml"):
        load_catalogue(path)


def test_select_takes_named_entries_even_disabled_and_refuses_unknown_ones():
    catalogue = load_catalogue(CATALOGUE)
    disabled = next(s for s in catalogue if not s.enabled)
    assert select(catalogue, [disabled.id]) == [disabled]
    assert all(s.enabled for s in select(catalogue, None))
    with pytest.raises(CatalogueError, match="unknown source 'nope'"):
        select(catalogue, ["nope"])
