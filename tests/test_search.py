"""The one search: the index a refresh builds (obras/search_index.py), its matching and ranking
(ui/queries_search.py), the Buscar page, the sidebar box that leads there, and Proceso's own search
saying when nothing matches instead of showing the previous process."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from core.contract import create_tables
from obras import search_index
from tests.profiles_data import demo_db  # noqa: F401 (fixture)
from ui import queries_search as qs

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"


def _insert(con, table: str, rows: list[dict]) -> None:
    for row in rows:
        cols = list(row)
        con.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                    [row[c] for c in cols])


@pytest.fixture(scope="module")
def search_db(tmp_path_factory) -> Path:
    """Processes, projects, buyers and suppliers chosen to tell the ranks and the normalisation apart."""
    db = tmp_path_factory.mktemp("search") / "search.duckdb"
    con = duckdb.connect(str(db))
    create_tables(con)
    _insert(con, "sources", [{"source_id": "s", "uri": "x", "is_demo": False, "items_read": 1}])
    procs = [
        ("ocds-a-1", "CONSTRUCCION DE PUENTE VEHICULAR", "B-1", "Secretaría de Obras Públicas", 10.0),
        ("ocds-a-2", "Reconstrucción de puentes en Mérida", "B-1", "Secretaría de Obras Públicas", 900.0),
        ("ocds-a-3", "Rehabilitación de escuela (puente peatonal)", "MX-RFC-GEO571007KP6", "Gobierno de Oaxaca", 50.0),
        ("ocds-puente", "Alumbrado público", "B-2", "Municipio de García", 1.0),
        ("ocds-b-9", "Pavimento $calle* <b>1</b> [x](javascript:alert(1))", "B-2", "Municipio de García", 5.0),
    ]
    _insert(con, "processes", [{"ocid": o, "title": t, "buyer_id": b, "buyer_name": n, "contract_value": v}
                               for o, t, b, n, v in procs])
    _insert(con, "projects", [{"project_id": "oc4ids-p-1", "title": "Ampliación de la red de agua potable"}])
    _insert(con, "parties", [
        {"ocid": "ocds-a-1", "party_id": "MX-RFC-PBS150710W46", "name": "PAVIMENTOS DEL BAJÍO, S.A. DE C.V.",
         "roles": ["tenderer", "supplier"], "identifier": "PBS150710W46"},
        {"ocid": "ocds-a-2", "party_id": "p-7", "name": "Pavimentos del Bajio SA de CV",
         "roles": ["supplier"], "identifier": "PBS150710W46"},
        {"ocid": "ocds-a-2", "party_id": "p-8", "name": "Constructora Núñez", "roles": ["tenderer"],
         "identifier": None},  # a tenderer only: not a supplier
    ])
    # Nuevo León publishes suppliers only as names on the award
    _insert(con, "awards", [{"ocid": "ocds-a-3", "award_id": "a1", "supplier_ids": ["NL-SUP-77"],
                             "supplier_names": ["Edificaciones Peña"]}])
    search_index.build(con)
    con.close()
    return db


def _search(db: Path, query: str, kind: str, limit: int = 20):
    with duckdb.connect(str(db), read_only=True) as con:
        return qs.search(con, query, kind, limit)


# ---- normalisation --------------------------------------------------------------------------------
def test_query_normalisation_equals_duckdbs_strip_accents_lower():
    samples = ["Construcción", "CONSTRUCCIÓN", "Núñez", "PEÑA", "Pingüino", "Ávila  Camacho", "Çedilla", "ÉÈÊË"]
    with duckdb.connect() as con:
        sql = [con.execute("SELECT strip_accents(lower(?))", [s]).fetchall()[0][0] for s in samples]
    assert [search_index.normalise(s) for s in samples] == [" ".join(s.split()) for s in sql]
    assert qs.words("  Construcción   PÚBLICA construcción ") == ("construccion", "publica")


# ---- matching and ranking -------------------------------------------------------------------------
def test_accented_lower_case_query_finds_upper_case_unaccented_title(search_db):
    hits = _search(search_db, "construcción", "process")
    assert "ocds-a-1" in set(hits["id"])  # "CONSTRUCCION DE PUENTE VEHICULAR"
    assert "ocds-a-2" in set(hits["id"])  # "Reconstrucción ..." (a substring)


def test_exact_id_first_then_whole_word_then_substring(search_db):
    hits = _search(search_db, "puente", "process")
    # ocds-puente: "puente" is a whole word of its id only (prefix of no id, in no title): it still matches
    ranks = dict(zip(hits["id"], hits["rank"]))
    assert ranks["ocds-a-1"] == qs.RANK_STRONG  # whole word "PUENTE"
    assert ranks["ocds-a-3"] == qs.RANK_STRONG  # "(puente peatonal)": punctuation separates words
    assert ranks["ocds-a-2"] == qs.RANK_SUBSTRING  # only inside "puentes", despite the largest amount
    assert list(hits["id"]).index("ocds-a-2") > list(hits["id"]).index("ocds-a-1")
    exact = _search(search_db, "OCDS-A-2", "process")
    assert list(exact["id"]) == ["ocds-a-2"] and exact["rank"].iloc[0] == qs.RANK_EXACT
    prefix = _search(search_db, "ocds-a", "process")
    assert set(prefix["rank"]) == {qs.RANK_STRONG} and prefix["total"].iloc[0] == 3


def test_words_match_in_any_order_and_every_word_is_needed(search_db):
    assert list(_search(search_db, "vehicular construccion", "process")["id"]) == ["ocds-a-1"]
    assert _search(search_db, "vehicular merida", "process").empty


def test_nothing_matches_gives_no_rows_and_an_empty_query_none(search_db):
    for kind in qs.KINDS:
        assert _search(search_db, "zzz-sin-coincidencia", kind).empty
        assert _search(search_db, "   ", kind).empty


def test_suppliers_by_name_or_rfc_grouped_under_their_key(search_db):
    by_name = _search(search_db, "pavimentos del bajio", "supplier")
    assert list(by_name["id"]) == ["PBS150710W46"]  # two party rows, one RFC: one supplier
    by_rfc = _search(search_db, "pbs150710w46", "supplier")
    assert list(by_rfc["id"]) == ["PBS150710W46"] and by_rfc["rank"].iloc[0] == qs.RANK_EXACT
    by_party = _search(search_db, "p-7", "supplier")  # a party id; "NL-SUP-77" holds it as a substring
    assert list(zip(by_party["id"], by_party["rank"])) == [("PBS150710W46", qs.RANK_EXACT),
                                                            ("NL-SUP-77", qs.RANK_SUBSTRING)]
    assert _search(search_db, "nunez", "supplier").empty  # a tenderer that never won
    assert list(_search(search_db, "peña", "supplier")["id"]) == ["NL-SUP-77"]  # a name from an award


def test_buyers_by_name_or_the_rfc_in_their_id(search_db):
    hits = _search(search_db, "GEO571007KP6", "buyer")
    assert list(hits["id"]) == ["MX-RFC-GEO571007KP6"] and hits["rank"].iloc[0] == qs.RANK_EXACT
    hits = _search(search_db, "obras publicas", "buyer")
    assert list(hits["id"]) == ["B-1"] and hits["detail"].iloc[0] == "2"  # its number of processes


def test_projects_by_title_and_id(search_db):
    assert list(_search(search_db, "agua potable", "project")["id"]) == ["oc4ids-p-1"]
    assert list(_search(search_db, "oc4ids-p-1", "project")["rank"]) == [qs.RANK_EXACT]


def test_refresh_builds_the_index_and_supplier_keys_open_the_supplier_profile(demo_db):
    from ui import queries_profiles as qp

    with duckdb.connect(str(demo_db), read_only=True) as con:
        counts = dict(con.execute("SELECT kind, count(*) FROM search_index GROUP BY kind").fetchall())
        assert counts["process"] == con.execute("SELECT count(*) FROM processes").fetchall()[0][0]
        assert counts["project"] == con.execute("SELECT count(*) FROM projects").fetchall()[0][0]
        assert counts["supplier"] > 0 and counts["buyer"] > 0
        suppliers = con.execute("SELECT id, split_part(detail, ', ', 1) FROM search_index "
                                "WHERE kind = 'supplier'").fetchall()
        for key, party_id in suppliers:
            assert qp.resolve_supplier(con, party_id) == key


# ---- the page -------------------------------------------------------------------------------------
def run_buscar(db: Path, monkeypatch, lang: str = "es", **params: str) -> AppTest:
    monkeypatch.setenv("OBRAS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "views" / "buscar.py"), default_timeout=120)
    at.session_state["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _links(at: AppTest) -> list[str]:
    """Links as "[label](page?query)": markdown links (a page run alone) and page links (in the app)."""
    return [m.value for m in at.markdown if "](" in m.value] + [
        f"[{p.proto.label}]({p.proto.page}?{p.proto.query_string})" for p in at.get("page_link")]


def test_buscar_page_lists_results_as_links_to_their_pages(search_db, monkeypatch):
    at = run_buscar(search_db, monkeypatch, q="construcción")
    links = _links(at)
    assert any("(proceso?ocid=ocds-a-1)" in link for link in links)
    assert at.subheader[0].value.startswith("Procesos de contratación")
    at = run_buscar(search_db, monkeypatch, q="PBS150710W46")
    assert any("(proveedores?supplier=PBS150710W46)" in link for link in _links(at))
    at = run_buscar(search_db, monkeypatch, q="oaxaca")
    assert any("(buscar?comprador=MX-RFC-GEO571007KP6)" in link for link in _links(at))
    captions = " ".join(c.value for c in at.caption)
    assert "1 proceso " in captions and "1 procesos" not in captions  # singular


def test_buscar_page_says_plainly_when_nothing_matches(search_db, monkeypatch):
    at = run_buscar(search_db, monkeypatch, q="zzz-nada")
    assert [i.value for i in at.info] == ["Nada coincide con «zzz\\-nada». Pruebe con menos palabras o con parte de "
                                          "un nombre."]
    assert not _links(at)
    at = run_buscar(search_db, monkeypatch, lang="en", q="zzz")
    assert at.info[0].value.startswith("Nothing matches")


def test_buscar_page_shows_titles_from_data_as_text(search_db, monkeypatch):
    at = run_buscar(search_db, monkeypatch, q="pavimento calle")
    link = [m for m in _links(at) if "ocds-b-9" in m][0]
    assert "javascript" not in link.split("](")[1]  # the target is ours
    assert "\\[x\\]\\(javascript\\:alert\\(1\\)\\)" in link and "\\<b\\>" in link and "\\$calle\\*" in link


def test_a_buyer_result_opens_its_processes(search_db, monkeypatch):
    at = run_buscar(search_db, monkeypatch, comprador="B-1")
    links = _links(at)
    assert any("(proceso?ocid=ocds-a-2)" in link for link in links)
    assert any("(proceso?ocid=ocds-a-1)" in link for link in links)
    assert not any("ocds-a-3" in link for link in links)


def test_a_kind_with_no_match_points_to_the_other_kinds(search_db, monkeypatch):
    at = run_buscar(search_db, monkeypatch, q="puente", tipo="project")
    assert at.info[0].value.startswith("En «Proyectos» nada coincide") and "hay 4 resultados" in at.info[0].value
    at.button(key="search_show_all").click().run()
    assert at.subheader[0].value == "Procesos de contratación · 4"


def test_one_kind_shows_more_results(search_db, monkeypatch):
    at = run_buscar(search_db, monkeypatch, q="ocds", tipo="process")
    assert [s.value for s in at.subheader] == ["Procesos de contratación · 5"]


def test_buscar_page_without_an_index_says_so(tmp_path, monkeypatch):
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    create_tables(con, "loaders")
    _insert(con, "processes", [{"ocid": "ocds-x", "title": "Algo"}])
    con.close()
    at = run_buscar(db, monkeypatch, q="algo")
    assert "obras refresh" in at.warning[-1].value


# ---- the sidebar box and Proceso ------------------------------------------------------------------
def _param(at: AppTest, key: str) -> str:
    value = at.query_params[key]
    return value if isinstance(value, str) else value[-1]


def test_sidebar_search_box_opens_buscar_with_the_query_in_the_url(search_db, monkeypatch):
    monkeypatch.setenv("OBRAS_DB", str(search_db))
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    assert not at.exception
    at.sidebar.text_input(key="sidebar_q").input("Construcción")
    at.sidebar.button[0].click().run()  # the form's submit button
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Buscar"
    assert _param(at, "q") == "Construcción"
    assert any("ocds-a-1" in link for link in _links(at))
    assert "sidebar_q" not in [w.key for w in at.sidebar.text_input]  # Buscar has its own box


def test_proceso_search_with_no_match_does_not_keep_showing_the_previous_process(search_db, monkeypatch):
    monkeypatch.setenv("OBRAS_DB", str(search_db))
    at = AppTest.from_file(str(ROOT / "views" / "proceso.py"), default_timeout=120)
    at.session_state["lang"] = "es"
    at.query_params["ocid"] = "ocds-a-1"
    at.run()
    assert at.header[0].value.startswith("CONSTRUCCION")
    at.text_input(key="proc_search").input("zzz-ninguno").run()
    assert not at.exception
    assert [i.value for i in at.info] == ["Ningún proceso coincide con la búsqueda."]
    assert not at.header  # the previous process is gone
    at.text_input(key="proc_search").input("Alumbrado").run()
    assert at.header[0].value.startswith("Alumbrado")  # the match, not the process of the URL
    assert _param(at, "ocid") == "ocds-puente"


def test_the_index_is_the_same_however_often_it_is_rebuilt(search_db, tmp_path):
    import shutil

    db = tmp_path / "copy.duckdb"
    shutil.copy(search_db, db)
    digest = ("SELECT md5(string_agg(concat_ws('|', kind, id, label, detail, amount, text, words, ids, haystack), "
              "'\n' ORDER BY kind, id)) FROM search_index")
    with duckdb.connect(str(db)) as con:
        before = con.execute(digest).fetchall()
        for _ in range(3):
            search_index.build(con)
            assert con.execute(digest).fetchall() == before
        # a supplier's label is its most used name, ties broken by the name itself
        assert con.execute("SELECT label FROM search_index WHERE id = 'PBS150710W46'").fetchall() == [
            ("PAVIMENTOS DEL BAJÍO, S.A. DE C.V.",)]
