"""Schema validation of what the database holds: release kinds, the deterministic sample, the
extensions each source declares, and results kept per source."""
import json

import pytest

from quality.compute import refresh
from tests.quality_fixtures import load_db, release, rows, use_schemas, write_release_package

IMPL = "oax-oaxaca-de-juarez"


def _releases(prefix: str, n: int):
    return [release(f"ocds-{prefix}-{i}", "1", "2020-01-01T00:00:00Z", ["tender"], tender={"id": str(i)})
            for i in range(n)]


def test_a_refresh_validates_a_fixed_sample_per_implementer_and_kind(tmp_path, monkeypatch):
    use_schemas(monkeypatch, tmp_path)
    monkeypatch.setenv("OBRAS_VALIDATION_SAMPLE", "2")
    db = tmp_path / "x.duckdb"
    con = load_db([write_release_package(tmp_path / "a.json", _releases("a", 5))], db, implementer=IMPL)
    refresh(con)
    first = rows(con, "SELECT items, items_validated, items_valid FROM quality_validation")
    assert first == [{"items": 5, "items_validated": 2, "items_valid": 2}]
    con.close()
    con = load_db([write_release_package(tmp_path / "b.json", _releases("b", 3))], db, implementer=IMPL)
    refresh(con)  # the first source is not validated again; the new one gets its own sample
    got = rows(con, "SELECT items, items_validated FROM quality_validation ORDER BY items DESC")
    assert got == [{"items": 5, "items_validated": 2}, {"items": 3, "items_validated": 2}]


def test_records_compiled_releases_are_validated_as_their_own_kind(tmp_path, monkeypatch):
    use_schemas(monkeypatch, tmp_path)
    full = release("ocds-rec-1", "r1", "2020-01-01T00:00:00Z", ["tender"], tender={"id": "1"})
    compiled = release("ocds-rec-1", "compiled", "2020-01-01T00:00:00Z", ["compiled"], tender={"id": "1"},
                       awards=[{"id": "a", "status": "ganada"}])  # not an awardStatus code
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"uri": "https://example.org/r", "version": "1.1", "publisher": {"name": "x"},
                                "publishedDate": "2021-01-01T00:00:00Z",
                                "records": [{"ocid": "ocds-rec-1", "releases": [full], "compiledRelease": compiled}]}),
                    encoding="utf-8")
    con = load_db([path], tmp_path / "x.duckdb", implementer=IMPL)
    refresh(con)
    kinds = {r["item_kind"]: r for r in rows(con, "SELECT * FROM quality_validation")}
    assert (kinds["release"]["items_valid"], kinds["compiled_release"]["items_valid"]) == (1, 0)
    errors = rows(con, "SELECT item_kind, validator, path, errors FROM quality_schema_errors")
    assert errors == [{"item_kind": "compiled_release", "validator": "enum", "path": "awards[].status", "errors": 1}]


def test_only_the_extensions_a_source_declares_are_used_when_the_loader_records_them(tmp_path, monkeypatch):
    use_schemas(monkeypatch, tmp_path)
    awarded = release("ocds-ext-1", "1", "2020-01-01T00:00:00Z", ["award"],
                      awards=[{"id": "a", "rationale": 5}])  # awardRationale makes rationale a string
    con = load_db([write_release_package(tmp_path / "r.json", [awarded])], tmp_path / "x.duckdb", implementer=IMPL)
    con.execute("UPDATE sources SET extensions = ['https://example.org/ocds_awardRationale_extension/extension.json']")
    refresh(con)
    assert rows(con, "SELECT validator, path FROM quality_schema_errors") == [
        {"validator": "type", "path": "awards[].rationale"}]
    assert rows(con, "SELECT schema_origin FROM quality_validation")[0]["schema_origin"].endswith("+ 1 extensions")
    con.execute("UPDATE sources SET extensions = []")  # declares none: core OCDS allows any extra field
    refresh(con)
    assert rows(con, "SELECT count(*) AS n FROM quality_schema_errors")[0]["n"] == 0
    assert not rows(con, "SELECT schema_origin FROM quality_validation")[0]["schema_origin"].endswith("extensions")


@pytest.mark.parametrize("sample", ["0", "1"])
def test_every_item_is_validated_when_the_sample_is_zero(tmp_path, monkeypatch, sample):
    use_schemas(monkeypatch, tmp_path)
    monkeypatch.setenv("OBRAS_VALIDATION_SAMPLE", sample)
    con = load_db([write_release_package(tmp_path / "a.json", _releases("z", 4))], tmp_path / "x.duckdb",
                  implementer=IMPL)
    refresh(con)
    assert rows(con, "SELECT items_validated FROM quality_validation")[0]["items_validated"] == (4 if sample == "0" else 1)


def test_projects_are_validated_once_and_again_when_a_later_load_replaces_some(tmp_path, monkeypatch):
    from tests.quality_fixtures import write_project_package

    use_schemas(monkeypatch, tmp_path)
    db = tmp_path / "x.duckdb"
    first = [{"id": f"oc4ids-v-{i}", "status": "estado-raro", "updated": "2020-01-01T00:00:00Z"} for i in range(3)]
    con = load_db([write_project_package(tmp_path / "p1.json", first)], db, implementer=IMPL)
    refresh(con)
    assert rows(con, "SELECT sum(items) AS n, sum(errors) AS e FROM quality_validation")[0] == {"n": 3, "e": 3}
    refresh(con)
    detail = con.execute("SELECT detail FROM quality_runs WHERE part = 'validation'").fetchall()[0][0]
    assert "and 0 projects" in detail  # nothing new
    con.close()
    fixed = [{"id": "oc4ids-v-0", "status": "completion", "updated": "2020-02-01T00:00:00Z"}]
    con = load_db([write_project_package(tmp_path / "p2.json", fixed)], db, implementer=IMPL)
    refresh(con)
    got = rows(con, "SELECT sum(items) AS n, sum(items_valid) AS ok, sum(errors) AS e FROM quality_validation")[0]
    assert got == {"n": 3, "ok": 1, "e": 2}  # two old projects still invalid, the replaced one now valid
