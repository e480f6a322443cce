"""The field path language: what counts as published, arrays, filters, alternatives, macros, and the
one-parse extraction used by completeness giving the same answers."""
import json

import duckdb
import pytest

from quality.fieldpaths import PathError, expand, from_dotted, presence_plan, present_sql, top_keys
from quality.fields import fields, stages

DOC = {
    "tender": {"title": "  ", "id": "T-1", "numberOfTenderers": 0, "hasEnquiries": False, "description": "\n",
               "items": [{"id": "1"}, {"id": "2", "deliveryAddress": {"locality": "Monterrey"}}],
               "documents": [{"documentType": "tenderNotice", "url": ""}]},
    "awards": [{"id": "a1", "date": ""}, {"id": "a2", "date": "2020-01-01T00:00:00Z", "suppliers": []}],
    "contracts": [{"id": "c1", "implementation": {"documents": [{"documentType": "x", "url": "https://u"}]}}],
    "parties": [{"id": "p1", "roles": ["buyer", "payer"], "name": "Uno", "address": {}},
                {"id": "p2", "roles": "supplier", "name": "Dos"}],
    "planning": None,
    "status": "completed",
}


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    c.execute("CREATE TABLE t (json JSON)")
    c.execute("INSERT INTO t VALUES (?), ('{}'), (NULL)", [json.dumps(DOC)])
    return c


def published(con, path, **kw):
    sql, params = present_sql(path, **kw)
    return [r[0] for r in con.execute(f"SELECT {sql} FROM t", params).fetchall()]


@pytest.mark.parametrize("path, expected", [
    ("tender.id", True),
    ("tender.title", False),  # blank
    ("tender.description", False),  # only a line break
    ("tender.numberOfTenderers", True),  # 0 is a value
    ("tender.hasEnquiries", True),  # false is a value
    ("planning", False),  # null
    ("awards[].suppliers", False),  # []
    ("parties[].address", False),  # {}
    ("awards[].date", True),  # one of two awards has it
    ("tender.items[].deliveryAddress", True),
    ("tender.items[].deliveryAddress.postalCode", False),
    ("parties[roles~payer].name", True),
    ("parties[roles~supplier].name", False),  # roles is not an array there
    ("awards[id=a1].date", False),
    ("awards[id=a1,a2].date", True),
    ("[status=completion,completed]", True),
    ("[status=completion]", False),
    ("missing.key|tender.id", True),
    ("@docs.url", True),  # only the contract implementation's document has a url
    ("@docs[documentType=tenderNotice].url", False),
    ("@docs[documentType=tenderNotice]", True),
])
def test_a_field_is_published_when_a_value_found_is_not_empty(con, path, expected):
    assert published(con, path) == [expected, False, False]


def test_extracting_top_level_keys_once_gives_the_same_answers_for_every_field(con):
    every = [s.anchor for s in stages()] + [f.path for f in fields()]
    keys = sorted(set().union(*(top_keys(p) for p in every)))
    roots = {k: f"r{i}" for i, k in enumerate(keys)}
    cols = ", ".join(f"p[{i + 1}] AS r{i}" for i in range(len(keys)))
    extracted = f"(SELECT json, {cols} FROM (SELECT json, json_extract(json, ?::VARCHAR[]) AS p FROM t))"
    key_paths = [f'$."{k}"' for k in keys]
    for path in every:
        plain, params = present_sql(path)
        rooted, rparams = present_sql(path, roots=roots)
        a = con.execute(f"SELECT {plain} FROM t", params).fetchall()
        b = con.execute(f"SELECT {rooted} FROM {extracted}", rparams + [key_paths]).fetchall()
        assert a == b, path


def test_a_presence_plan_gives_present_sql_answers_for_many_paths_at_once(con):
    # every definition-file path plus the grammar cases above, read together sharing their lists
    every = [s.anchor for s in stages()] + [f.path for f in fields()] + [
        "tender.id", "tender.title", "awards[].suppliers", "parties[roles~payer].name", "awards[id=a1,a2].date",
        "[status=completion]", "missing.key|tender.id", "@docs[documentType=tenderNotice]", "planning"]
    keys = sorted(set().union(*(top_keys(p) for p in every)))
    roots = {k: f"r{i}" for i, k in enumerate(keys)}
    plan = presence_plan(every, roots=roots)
    cols = ", ".join(f"p[{i + 1}] AS r{i}" for i in range(len(keys)))
    sql = (f"WITH x AS (SELECT json, {cols} FROM (SELECT json, json_extract(json, ?::VARCHAR[]) AS p FROM t)), "
           f"l AS (SELECT *{''.join(f', {q} AS {a}' for a, q, _ in plan.lists)} FROM x), "
           f"v AS (SELECT *{''.join(f', {q} AS {a}' for a, q, _ in plan.values)} FROM l) "
           f"SELECT {', '.join(q for q, _ in plan.tests)} FROM v")
    params = [[f'$."{k}"' for k in keys]] + [p for *_, ps in plan.lists for p in ps] \
        + [p for *_, ps in plan.values for p in ps]
    together = con.execute(sql, params).fetchall()
    assert len(plan.lists) < len(every)  # lists are shared between paths
    for n, path in enumerate(every):
        alone, ps = present_sql(path)
        assert [r[n] for r in together] == [r[0] for r in con.execute(f"SELECT {alone} FROM t", ps).fetchall()], path
    assert any(r[n] for r in together for n in range(len(every)))  # not all false


def test_the_docs_macro_reaches_every_document_list_of_a_release():
    assert expand("@docs.url") == [
        "planning.documents[].url", "tender.documents[].url", "awards[].documents[].url",
        "contracts[].documents[].url", "contracts[].implementation.documents[].url"]


def test_dotted_metadata_paths_get_brackets_on_array_keys():
    assert from_dotted("awards.suppliers.id") == "awards[].suppliers[].id"
    assert from_dotted("bids.details.tenderers.id") == "bids.details[].tenderers[].id"
    assert from_dotted("tender.numberOfTenderers") == "tender.numberOfTenderers"


@pytest.mark.parametrize("bad", ["", "a..b", "a[", "a[x=]", "a[x='1']", "a[x=1;DROP]", "1a", "a[]b"])
def test_a_malformed_path_is_refused(bad):
    with pytest.raises(PathError):
        present_sql(bad)


def test_every_field_and_stage_path_in_the_definition_files_parses():
    # fields() and stages() parse every path when first read; this fails on a typo in the CSV files
    assert len(fields()) > 50 and len(stages()) >= 9
    assert len({f.field for f in fields()}) == len(fields())
