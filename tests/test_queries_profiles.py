"""The profile pages' queries (ui/queries_profiles.py), on a hand-made database and on Nuevo León's
real files loaded through the loader (counts computed here from the files themselves)."""
from __future__ import annotations

import json
from collections import defaultdict

import duckdb
import pandas as pd
import pytest

from tests import profiles_fixture as fx
from tests.profiles_data import nl_db  # noqa: F401 (fixture)
from tests.shared import shared_data
from ui import queries_profiles as Q


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = fx.build(tmp_path_factory.mktemp("profiles") / "fixture.duckdb")
    c = duckdb.connect(str(path), read_only=True)
    yield c
    c.close()


# ---- suppliers --------------------------------------------------------------------------------------

def test_supplier_published_under_different_party_ids_is_one_supplier_by_its_rfc(con):
    assert Q.resolve_supplier(con, "sup-2") == fx.RFC
    assert Q.resolve_supplier(con, f"RFC-{fx.RFC}") == fx.RFC
    assert Q.resolve_supplier(con, fx.RFC.lower()) == fx.RFC
    summary = Q.supplier_summary(con, fx.RFC)
    assert set(summary["party_ids"]) == {f"RFC-{fx.RFC}", "sup-2", "X1"}


def test_generic_rfc_of_the_general_public_does_not_merge_different_people(con):
    assert Q.resolve_supplier(con, "G1") == "G1"
    assert Q.resolve_supplier(con, "G2") == "G2"
    assert "XAXX010101000" not in set(Q.supplier_options(con)["supplier_key"])


def test_unknown_supplier_resolves_to_nothing(con):
    assert Q.resolve_supplier(con, "NOPE") is None
    assert Q.supplier_summary(con, "NOPE") is None


def test_wins_count_active_or_statusless_awards_and_amounts_only_pesos(con):
    s = Q.supplier_summary(con, fx.RFC)
    # ocds-t-1 (active, 100 MXN) and ocds-t-2 (no status, 300 with no currency; + 7 USD not summed);
    # ocds-t-3 is cancelled
    assert s["wins"] == 2
    assert s["amount"] == pytest.approx(100 + 300)
    assert s["other_awards"] == 1
    awards = Q.supplier_awards(con, fx.RFC)
    assert sorted(awards.loc[awards["counts"], "award_id"]) == ["a1", "a2", "a2-usd"]
    assert awards.loc[~awards["counts"], "award_id"].tolist() == ["a3"]


def test_buyer_share_is_supplier_amount_over_everything_the_buyer_awarded(con):
    buyers = Q.supplier_buyers(con, fx.RFC)
    assert buyers["buyer_id"].tolist() == ["B1"]  # the B2 award was cancelled
    row = buyers.iloc[0]
    assert row["amount"] == pytest.approx(400)
    assert row["buyer_amount"] == pytest.approx(100 + 300 + 100)  # with Otra Empresa's 100
    assert row["share"] == pytest.approx(400 / 500)
    assert row["buyer_processes"] == 3


def test_supplier_search_finds_by_name_or_party_id(con):
    assert Q.supplier_options(con, "constructora")["supplier_key"].tolist() == [fx.RFC]
    assert Q.supplier_options(con, "sup-2")["supplier_key"].tolist() == [fx.RFC]


def test_supplier_flags_are_its_tenderer_flags_and_those_of_processes_it_won(con):
    flags = Q.supplier_flags(con, fx.RFC)
    pairs = set(zip(flags["indicator"], flags["subject_id"]))
    assert ("OA-C3", f"RFC-{fx.RFC}") in pairs
    assert {("OA-P1", "ocds-t-1"), ("OA-C1", "ocds-t-1"), ("OA-D1", "ocds-t-2")} <= pairs
    assert ("OA-C1", "ocds-t-3") not in pairs  # its award there was cancelled
    assert ("OA-C3", "G1") not in pairs


def _independent_supplier_results(con, key: str) -> list[tuple]:
    """A supplier's results by the rule written out once more, as one OR (the page's query before the counts
    were built at refresh): about it as a tenderer, or about a process it won; each flags row once."""
    return con.execute(
        """WITH mine AS (SELECT * FROM supplier_awards WHERE supplier_key = $1),
                ids AS (SELECT party_id AS id FROM mine UNION SELECT identifier FROM mine WHERE identifier IS NOT NULL
                        UNION SELECT $1),
                won AS (SELECT DISTINCT ocid FROM mine WHERE status IS NULL OR lower(status) = 'active')
           SELECT indicator, subject_type, subject_id, ocid, outcome FROM flags f
           WHERE (f.subject_type = 'tenderer' AND f.subject_id IN (SELECT id FROM ids))
              OR f.ocid IN (SELECT ocid FROM won)
              OR (f.subject_type = 'ocid' AND f.subject_id IN (SELECT ocid FROM won))""", [key]).fetchall()


@pytest.fixture(scope="module")
def busy_con(tmp_path_factory):
    """The fixture with more results for its supplier: one reached both as tenderer and through a process it
    won (counted once), an ocid subject without its ocid column, suspect, not flagged and not computable ones."""
    import shutil

    from metrics import suspect
    from obras import supplier_index

    path = tmp_path_factory.mktemp("busy") / "busy.duckdb"
    shutil.copy(fx.build(tmp_path_factory.mktemp("busy-src") / "fixture.duckdb"), path)
    c = duckdb.connect(str(path))
    rows = [("OA-C3", "tenderer", f"RFC-{fx.RFC}", "ocds-t-1", 0.7, True, True, None),
            ("OA-D2", "ocid", "ocds-t-2", None, 0.5, True, True, None),
            ("OA-D3", "ocid", "ocds-t-1", "ocds-t-1", 0.1, False, True, None),
            ("OA-D6", "ocid", "ocds-t-2", "ocds-t-2", None, None, False, '{"reason":"estimate_copies_award"}'),
            ("OA-P3", "ocid", "ocds-t-2", "ocds-t-2", None, None, False, '{"reason":"no_tender_value"}'),
            ("OA-P4", "ocid", "ocds-t-1", "ocds-t-1", 3.0, True, True, None),
            ("OA-P4", "ocid", "ocds-t-3", "ocds-t-3", 3.0, True, True, None)]  # t-3: its award was cancelled
    c.executemany("INSERT INTO flags (indicator, subject_type, subject_id, ocid, value, flagged, computable, detail) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    suspect.settle_table(c, "flags")
    supplier_index.build(c)
    c.close()
    c = duckdb.connect(str(path), read_only=True)
    yield c
    c.close()


def test_supplier_result_counts_built_at_refresh_are_its_results_counted(busy_con):
    expected = defaultdict(int)
    independent = _independent_supplier_results(busy_con, fx.RFC)
    for indicator, _, _, _, outcome in independent:
        expected[(indicator, outcome)] += 1
    counts = Q.supplier_flag_counts(busy_con, fx.RFC)
    got = {(i, o): n for i, o, n in counts.itertuples(index=False)}
    assert got == dict(expected)
    # the premises: each path and outcome is there, and the result reached twice counts once
    assert {"flagged", "not_flagged", "suspect", "not_computable"} <= {o for _, o in got}
    assert got[("OA-D2", "flagged")] == 1 and got[("OA-C3", "flagged")] == 2
    assert ("OA-P4", "flagged") in got and got[("OA-P4", "flagged")] == 1  # not t-3's
    every = Q.supplier_flag_rows(busy_con, fx.RFC)
    assert len(every) == sum(got.values()) == len(independent)
    assert sorted(map(tuple, every[["indicator", "subject_type", "subject_id", "ocid", "outcome"]]
                      .astype(object).where(every[["indicator", "subject_type", "subject_id", "ocid", "outcome"]]
                                            .notna(), None).to_numpy().tolist()),
                  key=str) == sorted(independent, key=str)


def test_supplier_result_pages_are_its_results_in_order_without_gaps_or_repeats(busy_con):
    for outcome in ("flagged", "suspect", "not_computable", "not_flagged"):
        whole = Q.supplier_flag_rows(busy_con, fx.RFC, outcome)
        assert len(whole) and set(whole["outcome"]) == {outcome}
        n = int(Q.supplier_flag_counts(busy_con, fx.RFC).query("outcome == @outcome")["results"].sum())
        assert len(whole) == n
        pages = [Q.supplier_flag_rows(busy_con, fx.RFC, outcome, 2, offset) for offset in range(0, n + 2, 2)]
        assert [len(p) for p in pages] == [max(0, min(2, n - o)) for o in range(0, n + 2, 2)]
        joined = [tuple(r) for p in pages for r in p[["indicator", "subject_type", "subject_id"]].itertuples(index=False)]
        assert joined == [tuple(r) for r in whole[["indicator", "subject_type", "subject_id"]].itertuples(index=False)]
        assert joined == sorted(joined, key=lambda r: r[0])  # by indicator
    flagged = Q.supplier_flag_rows(busy_con, fx.RFC, "flagged", 1, 0)
    assert {"q1", "q3", "fence", "detail", "value"} <= set(flagged.columns)  # read whole for the page


def test_supplier_award_pages_are_its_awards_latest_first(con):
    whole = Q.supplier_awards(con, fx.RFC)
    assert Q.supplier_summary(con, fx.RFC)["awards"] == len(whole) == 4
    pages = [Q.supplier_awards(con, fx.RFC, 3, offset) for offset in (0, 3, 6)]
    assert [len(p) for p in pages] == [3, 1, 0]
    joined = [r for p in pages for r in p["award_id"]]
    assert joined == whole["award_id"].tolist()
    dates = whole["date"].dropna().tolist()
    assert dates == sorted(dates, reverse=True)


def test_supplier_buyers_built_at_refresh_equal_the_awards_summed(con):
    """Each buyer's totals in `supplier_buyers` from the awards and processes written out again here."""
    rows = con.execute(
        """SELECT coalesce(p.buyer_id, p.buyer_name), sum(CASE WHEN (a.status IS NULL OR lower(a.status) = 'active')
                  AND (a.currency IS NULL OR upper(a.currency) = 'MXN') THEN a.value END)
           FROM awards a JOIN processes p USING (ocid) WHERE p.superseded_by IS NULL GROUP BY 1""").fetchall()
    totals = dict(rows)
    for key in Q.supplier_options(con, "", 1000)["supplier_key"]:
        for b in Q.supplier_buyers(con, key).itertuples():
            assert b.buyer_amount == pytest.approx(totals[b.buyer_id])


def _scan_results(con, condition: str, params: list) -> list[str]:
    """The results a profile shows, found by reading the whole flags table (no keys)."""
    rows = con.execute(f"SELECT indicator, subject_type, subject_id, ocid, value, flagged FROM flags f WHERE {condition}",
                       params).fetchall()
    return sorted(map(str, rows))


def _shown(df) -> list[str]:
    cols = ["indicator", "subject_type", "subject_id", "ocid", "value", "flagged"]
    return sorted(map(str, (tuple(None if pd.isna(v) else v for v in r)
                            for r in df[cols].astype(object).itertuples(index=False))))


def test_process_and_project_results_found_through_the_keys_are_those_a_full_read_finds(con):
    assert con.execute("SELECT count(*) FROM flag_keys").fetchall()[0][0] > 0  # the premise: keys were built
    for (ocid,) in con.execute("SELECT ocid FROM processes").fetchall():
        assert _shown(Q.process_flags(con, ocid)) == _scan_results(
            con, "f.ocid = $1 OR (f.subject_type = 'ocid' AND f.subject_id = $1)", [ocid])
    linked = [r[0] for r in con.execute("SELECT DISTINCT ocid FROM project_processes WHERE project_id = ? "
                                        "AND ocid IS NOT NULL", [fx.PROJECT]).fetchall()]
    shown = _shown(Q.project_flags(con, fx.PROJECT))
    assert shown == _scan_results(con, "(f.subject_type = 'project' AND f.subject_id = $1) OR list_contains($2, f.ocid) "
                                       "OR (f.subject_type = 'ocid' AND list_contains($2, f.subject_id))", [fx.PROJECT, linked])
    assert any("OA-X9" in r for r in shown) and any("ocds-t-1" in r for r in shown)


def test_results_written_after_the_keys_are_still_found(busy_con):
    """busy_con has rows added to flags after the keys were built: the keys no longer describe that table,
    so the profiles read flags whole and show the new rows too."""
    assert con_rows(busy_con, "SELECT max(flags_rows) FROM flag_keys_state") != con_rows(busy_con, "SELECT count(*) FROM flags")
    shown = _shown(Q.process_flags(busy_con, "ocds-t-2"))
    assert shown == _scan_results(busy_con, "f.ocid = $1 OR (f.subject_type = 'ocid' AND f.subject_id = $1)", ["ocds-t-2"])
    assert any("OA-D2" in r for r in shown)  # added after the keys, as an ocid subject without its ocid


def con_rows(con, sql: str):
    return con.execute(sql).fetchall()[0][0]


# ---- projects ---------------------------------------------------------------------------------------

def test_project_cost_and_time_overrun(con):
    p = Q.project_detail(con, fx.PROJECT)
    assert p["cost_difference"] == pytest.approx(1250 - 1000)
    assert p["cost_overrun"] == pytest.approx(0.25)
    assert p["days_late"] == 30  # 2020-12-31 -> 2021-01-30
    assert Q.project_detail(con, "missing") is None


def test_project_processes_prefer_the_summary_and_fill_gaps_from_the_loaded_process(con):
    procs = Q.project_processes(con, fx.PROJECT).set_index("process_ref")
    assert len(procs) == 3
    first = procs.loc["Release-ocds-t-1"]
    assert first["number_of_tenderers"] == 5 and first["contract_value"] == 110  # from the summary
    assert first["cost_estimate"] == 90 and first["title"].startswith("Pavimento")  # from the process
    assert not procs.loc["ocds-unknown-9", "loaded"] and procs.loc["ocds-unknown-9", "contract_value"] == 77


def test_timeline_leaves_out_bars_without_dates_or_ending_before_they_start(con):
    tl = Q.project_timeline(con, fx.PROJECT)
    assert set(zip(tl["row"], tl["phase"])) == {
        (fx.PROJECT, "planned"), (fx.PROJECT, "actual"), ("ocds-t-1", "tender"), ("ocds-t-1", "contract")}


def test_modifications_join_the_project_summary_and_the_process_amendments(con):
    mods = Q.project_modifications(con, fx.PROJECT)
    assert sorted(mods["origin"]) == ["project", "release_history"]
    summary = mods[mods["origin"] == "project"].iloc[0]
    assert (summary["old_value"], summary["new_value"]) == (90, 120)
    assert str(summary["new_end_date"].date()) == "2020-10-01"
    assert "no es del proyecto" not in set(mods["description"].dropna())  # ocds-t-3 is not in the project


def test_documents_keep_only_http_links(con):
    docs = Q.project_documents(con, fx.PROJECT).set_index("title")
    assert docs.loc["Contrato", "url"] == "https://example.org/contrato.pdf"
    assert docs["url"].isna().sum() == 2  # javascript: and no url


@pytest.mark.parametrize("url,ok", [
    ("https://example.org/a.pdf", True), ("HTTP://example.org", True), ("javascript:alert(1)", False),
    ("data:text/html,x", False), ("//example.org/x", False), ("https://", False), ("https://a.b/x\ny", False),
    (None, False), (42, False)])
def test_http_url_accepts_only_absolute_http_links(url, ok):
    assert (Q.http_url(url) is not None) is ok


def test_http_url_encodes_what_publishers_leave_raw():
    assert Q.http_url(" http://si.nl.gob.mx/Docs/Análisis de factibilidad.pdf ") == \
        "http://si.nl.gob.mx/Docs/An%C3%A1lisis%20de%20factibilidad.pdf"
    assert Q.http_url('https://a.b/"><script>x') == "https://a.b/%22%3E%3Cscript%3Ex"
    assert Q.http_url("https://a.b/x?q=1&r=%20") == "https://a.b/x?q=1&r=%20"


def test_project_flags_are_the_projects_and_its_processes(con):
    flags = Q.project_flags(con, fx.PROJECT)
    pairs = set(zip(flags["indicator"], flags["subject_id"]))
    assert pairs == {("OA-X9", fx.PROJECT), ("OA-P1", "ocds-t-1"), ("OA-C1", "ocds-t-1"), ("OA-D1", "ocds-t-2")}


def test_flags_carry_the_latest_run_of_their_indicator(con):
    flags = Q.process_flags(con, "ocds-t-1").set_index("indicator")
    assert flags.loc["OA-P1", "fence"] == pytest.approx(0.4)  # 2025 run, not the 2024 one
    used = Q.settings_in_use(con)
    assert used["indicator"].tolist() == ["OA-P1"] and json.loads(used["settings"][0])["OA-P1"] == {"threshold": 0.4}


def test_settings_overrides_are_those_of_the_latest_run(con):
    assert Q.settings_overrides(con) == {"OA-P1": {"threshold": 0.4}, "currency": "MXN"}


# ---- processes --------------------------------------------------------------------------------------

def test_process_tables_and_whether_the_implementer_publishes_them(con):
    assert len(Q.process_table(con, "transactions", "ocds-t-1")) == 2
    assert Q.process_table(con, "bids", "ocds-t-1").empty
    assert not Q.implementer_publishes(con, "impl-a", "bids")  # never: "does not publish bids"
    assert Q.implementer_publishes(con, "impl-b", "bids")  # publishes, just not for this process
    with pytest.raises(ValueError):
        Q.process_table(con, "processes; DROP TABLE x", "ocds-t-1")


def test_process_releases_and_projects(con):
    rel = Q.process_releases(con, "ocds-t-1")
    assert rel["release_id"].tolist() == ["r1", "r2"]
    assert Q.process_projects(con, "ocds-t-2")["project_id"].tolist() == [fx.PROJECT]
    assert json.loads(Q.process_json(con, "ocds-t-1"))["ocid"] == "ocds-t-1"


def test_the_profile_search_boxes_ignore_accents_and_case(tmp_path):
    """As Buscar: "construccion" finds "CONSTRUCCIÓN", "PAVIMENTACIÓN" finds "Pavimentación"."""
    from core.contract import create_tables

    c = duckdb.connect(str(tmp_path / "accents.duckdb"))
    create_tables(c, "loaders")
    c.execute("INSERT INTO processes (ocid, title, buyer_name) VALUES ('o1', 'CONSTRUCCIÓN DE PUENTE', "
              "'Secretaría de Obras'), ('o2', 'Pavimentación', 'Municipio')")
    c.execute("INSERT INTO projects (project_id, title) VALUES ('pr-1', 'Rehabilitación del Estadio')")
    assert Q.process_options(c, "construccion")["ocid"].tolist() == ["o1"]
    assert Q.process_options(c, "PAVIMENTACIÓN")["ocid"].tolist() == ["o2"]
    assert Q.process_options(c, "secretaria")["ocid"].tolist() == ["o1"]
    assert Q.project_options(c, "REHABILITACION")["project_id"].tolist() == ["pr-1"]
    c.close()


def test_search_is_by_parameter_and_matches_text(con):
    assert Q.process_options(con, "buyer two")["ocid"].tolist() == ["ocds-t-3", "ocds-t-4"]
    assert Q.process_options(con, "'; DROP TABLE processes; --").empty
    assert Q.project_options(con, "HOSPITAL")["project_id"].tolist() == [fx.PROJECT]


def test_load_report_queries_keep_to_the_given_sources(con):
    assert Q.source_rejects(con, ("src1",))["reason"].tolist() == ["release without a string ocid"]
    counts = Q.source_correction_counts(con, ("src1",))
    assert dict(zip(counts["rule"], counts["n"])) == {"method_es": 1, "currency_typo": 1}
    assert Q.source_corrections(con, ("nothing",)).empty


# ---- Nuevo León, real files through the loader ----------------------------------------------------

def _nl_records():
    root = shared_data() / "mx-nl-infraestructura-abierta" / "ocds-record-packages"
    for path in sorted(root.glob("*.json")):
        for record in json.loads(path.read_text(encoding="utf-8"))["records"]:
            yield record["compiledRelease"]


def nl_supplier_wins() -> dict[str, set[str]]:
    """RFC -> tender ids of the processes whose active (or statusless) award names it."""
    wins: dict[str, set[str]] = defaultdict(set)
    for c in _nl_records():
        rfc_of = {p["id"]: (p.get("identifier") or {}).get("id") for p in c.get("parties", [])}
        for award in c.get("awards", []):
            if str(award.get("status") or "active").lower() != "active":
                continue
            for s in award.get("suppliers", []):
                wins[rfc_of.get(s["id"]) or s["id"]].add(c["tender"]["id"] if "tender" in c else c["ocid"])
    return wins


def test_nl_supplier_wins_and_amounts_equal_the_files(nl_db):
    wins = nl_supplier_wins()
    amounts: dict[str, float] = defaultdict(float)
    for c in _nl_records():
        rfc_of = {p["id"]: (p.get("identifier") or {}).get("id") for p in c.get("parties", [])}
        for award in c.get("awards", []):
            if str(award.get("status") or "active").lower() == "active":
                for s in award.get("suppliers", []):
                    amounts[rfc_of.get(s["id"]) or s["id"]] += float(award["value"]["amount"])
    con = duckdb.connect(str(nl_db), read_only=True)
    options = Q.supplier_options(con, "", 10_000).set_index("supplier_key")
    active = {k: v for k, v in wins.items() if v}
    assert set(options.index[options["wins"] > 0]) == set(active)
    for rfc, tenders in active.items():
        assert options.loc[rfc, "wins"] == len(tenders), rfc
        assert options.loc[rfc, "amount"] == pytest.approx(amounts[rfc]), rfc
    # a supplier with several wins, reached through one of its party ids
    rfc = max(active, key=lambda k: (len(active[k]), k))
    assert Q.resolve_supplier(con, f"RFC-{rfc}") == rfc
    assert Q.supplier_summary(con, rfc)["wins"] == len(active[rfc]) > 1


def test_nl_project_000004_budget_and_its_five_processes(nl_db):
    root = shared_data() / "mx-nl-infraestructura-abierta" / "oc4ids-projects"
    source = json.loads(next(root.glob("*-000004-*.json")).read_text(encoding="utf-8"))
    con = duckdb.connect(str(nl_db), read_only=True)
    p = Q.project_detail(con, source["id"])
    assert p["budget"] == pytest.approx(source["budget"]["amount"]["amount"])
    assert p["completion_final_value"] == pytest.approx(source["completion"]["finalValue"]["amount"])
    procs = Q.project_processes(con, source["id"])
    assert len(procs) == len(source["contractingProcesses"]) == 5
    assert procs["loaded"].all()  # every listed process is among the loaded record packages
    tender_ids = {cp["id"].split("ocds-7wj9x5-", 1)[1] for cp in source["contractingProcesses"]}
    linked = {json.loads(Q.process_json(con, o))["tender"]["id"] for o in procs["ocid"]}
    assert linked == tender_ids
    docs = Q.project_documents(con, source["id"])
    assert len(docs) == len(source["documents"])
    assert docs["url"].notna().sum() == sum(1 for d in source["documents"]
                                            if str(d.get("url", "")).startswith(("http://", "https://")))


# ---- indicator metadata ----------------------------------------------------------------------------

def test_flags_are_explained_from_the_registry_and_unknown_codes_keep_their_code():
    import pandas as pd

    from metrics.catalogue import all_indicators
    from ui.flag_text import explain_flags, metas

    first = all_indicators()[0].meta
    assert metas()[first.code] is first
    out = explain_flags(pd.DataFrame({"indicator": [first.code, "ZZ-0"]}), "en")
    assert out["name"].tolist() == [first.name_en, "ZZ-0"]
    assert out["why"].tolist() == [first.why_en, ""]


def test_every_nl_supplier_option_has_a_name_to_show_even_without_a_named_party_row(tmp_path):
    # Nuevo León names some suppliers only in the award (no named party row): the supplier page listed them
    # with a missing name and failed ("'float' object is not subscriptable"); the award's name is used.
    from loaders.pipeline import load

    db = tmp_path / "nl-all.duckdb"
    load([str(shared_data() / "mx-nl-infraestructura-abierta")], db=db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        options = Q.supplier_options(con)
        named_in_award_only = dict(con.execute(
            "SELECT s.party_id, any_value(a.supplier_names[1]) FROM awards a, unnest(a.supplier_ids) s(party_id) "
            "WHERE len(a.supplier_ids) = 1 AND len(a.supplier_names) = 1 AND NOT EXISTS ("
            "SELECT 1 FROM parties p WHERE p.ocid = a.ocid AND p.party_id = s.party_id AND p.name IS NOT NULL) "
            "GROUP BY 1").fetchall())
    finally:
        con.close()
    assert named_in_award_only  # the case is in the data
    assert all(isinstance(n, str) and n for n in options["name"])
    names = dict(zip(options["supplier_key"], options["name"]))
    for party_id, name in named_in_award_only.items():
        if party_id in names:
            assert names[party_id] == name
