"""Coherence checks, after OCP's Pelican (shared/docs/QUALITY-REFERENCE.md section 4). Each check is one
SQL query returning the applicable cases (implementer_id, case_id, failing, detail); counts and up to
three failing examples per implementer come from the same query.

Dates are compared as calendar days, so time zones and times of day cannot fail a check.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb

from core import rules

# superseded drafts (processes.superseded_by) are no part of what an implementer publishes now
CURRENT = rules.is_current("p")
MAX_EXAMPLES = 3
VALUE_RATIO = (0.5, 1.5)  # contract total within 50%-150% of its award (Pelican)


@dataclass(frozen=True)
class Check:
    check_id: str
    subject: str  # what one case is: process | award | contract | project_process
    name_es: str
    name_en: str
    sql: str  # SELECT implementer_id, case_id, failing, detail (applicable cases only)
    params: tuple = ()
    facts: bool = False  # reads check_facts (PROCESS_FACTS) rather than parsing the documents itself


_DAY = "strftime(CAST({} AS DATE), '%Y-%m-%d')"

# What the document checks read from each process's JSON, with one parse of the document for all of them
# (built once per refresh as a temporary table; each check parsed the document again: most of the checks' time).
# In two steps over the top-level values (FACT_KEYS): the refresh computes them in the one pass over the
# documents that the other parts share (quality/documents.py), PROCESS_FACTS here when checks run alone.
FACT_KEYS = ("buyer", "tender", "awards", "contracts", "parties")
FACT_COLUMNS = ("tenderers_type", "tenderers_number", "listed_type", "listed", "refs", "bad")


def facts_refs(buyer: str, tender: str, awards: str, contracts: str, parties: str) -> str:
    """SELECT list (tender, refs, ids) over the columns holding the FACT_KEYS' values as JSON."""
    return f"""{tender} AS tender,
             list_filter(list_distinct(flatten([
               [json_extract_string({buyer}, '$.id')],
               [json_extract_string({tender}, '$.procuringEntity.id')],
               json_extract_string({tender}, '$.tenderers[*].id'),
               json_extract_string({awards}, '$[*].suppliers[*].id'),
               json_extract_string({contracts}, '$[*].implementation.transactions[*].payer.id'),
               json_extract_string({contracts}, '$[*].implementation.transactions[*].payee.id')])),
               lambda x: x IS NOT NULL) AS refs,
             coalesce(json_extract_string({parties}, '$[*].id'), []) AS ids"""


# SELECT list of FACT_COLUMNS over the columns of facts_refs
FACTS = """json_type(tender, '$.numberOfTenderers') AS tenderers_type,
           TRY_CAST(json_extract_string(tender, '$.numberOfTenderers') AS DOUBLE) AS tenderers_number,
           json_type(tender, '$.tenderers') AS listed_type,
           json_array_length(tender, '$.tenderers') AS listed,
           len(refs) AS refs,
           list_filter(refs, lambda x: len(list_filter(ids, lambda y: y = x)) <> 1) AS bad"""

PROCESS_FACTS = f"""
    WITH x AS (
      SELECT implementer_id, ocid, method,
             json_extract(json, [{', '.join(f"'$.{k}'" for k in FACT_KEYS)}]) AS p
      FROM processes pr WHERE {rules.is_current('pr')}),
    r AS (
      SELECT implementer_id, ocid, method, {facts_refs('p[1]', 'p[2]', 'p[3]', 'p[4]', 'p[5]')}
      FROM x)
    SELECT implementer_id, ocid, method, {FACTS}
    FROM r"""

CHECKS: tuple[Check, ...] = (
    Check(
        "dates_tender_award", "process",
        "Adjudicación posterior al fin del periodo de licitación",
        "Award after the end of the tender period",
        f"""SELECT p.implementer_id, p.ocid AS case_id,
                   min(CAST(a.date AS DATE)) < CAST(p.tender_end AS DATE) AS failing,
                   'tender_end ' || {_DAY.format('p.tender_end')}
                   || ', award ' || {_DAY.format('min(a.date)')} AS detail
            FROM processes p JOIN awards a ON a.ocid = p.ocid
            WHERE p.tender_end IS NOT NULL AND a.date IS NOT NULL AND {CURRENT}
            GROUP BY p.implementer_id, p.ocid, p.tender_end""",
    ),
    Check(
        "dates_award_signature", "contract",
        "Firma del contrato posterior a su adjudicación",
        "Contract signed after its award",
        f"""WITH c AS (
              SELECT p.implementer_id, c.ocid, c.contract_id, c.date_signed,
                     coalesce((SELECT min(a.date) FROM awards a WHERE a.ocid = c.ocid AND a.award_id = c.award_id),
                              (SELECT min(a.date) FROM awards a WHERE a.ocid = c.ocid)) AS award_date
              FROM contracts c JOIN processes p ON p.ocid = c.ocid AND {CURRENT} WHERE c.date_signed IS NOT NULL)
            SELECT implementer_id, ocid || ' / ' || coalesce(contract_id, '?') AS case_id,
                   CAST(date_signed AS DATE) < CAST(award_date AS DATE) AS failing,
                   'award ' || {_DAY.format('award_date')} || ', signed ' || {_DAY.format('date_signed')} AS detail
            FROM c WHERE award_date IS NOT NULL""",
    ),
    Check(
        "dates_signature_payment", "contract",
        "Pagos posteriores a la firma del contrato",
        "Payments after the contract signature",
        f"""SELECT p.implementer_id, c.ocid || ' / ' || coalesce(c.contract_id, '?') AS case_id,
                   min(CAST(t.date AS DATE)) < CAST(c.date_signed AS DATE) AS failing,
                   'signed ' || {_DAY.format('c.date_signed')}
                   || ', first payment ' || {_DAY.format('min(t.date)')} AS detail
            FROM contracts c JOIN processes p ON p.ocid = c.ocid AND {CURRENT}
                 JOIN transactions t ON t.ocid = c.ocid AND t.contract_id IS NOT DISTINCT FROM c.contract_id
            WHERE c.date_signed IS NOT NULL AND t.date IS NOT NULL
            GROUP BY p.implementer_id, c.ocid, c.contract_id, c.date_signed""",
    ),
    Check(
        "contract_award_value", "award",
        "Monto de los contratos entre 50% y 150% de su adjudicación",
        "Contract value within 50%-150% of its award",
        f"""WITH s AS (
              SELECT p.implementer_id, a.ocid, a.award_id, a.value AS award_value, sum(c.value) AS contracts_value
              FROM awards a JOIN processes p ON p.ocid = a.ocid AND {CURRENT}
                   JOIN contracts c ON c.ocid = a.ocid AND c.award_id = a.award_id
              WHERE a.value > 0 AND c.value IS NOT NULL
                    AND coalesce(c.currency, '') = coalesce(a.currency, '')
              GROUP BY p.implementer_id, a.ocid, a.award_id, a.value)
            SELECT implementer_id, ocid || ' / ' || award_id AS case_id,
                   contracts_value / award_value NOT BETWEEN ? AND ? AS failing,
                   'award ' || award_value || ', contracts ' || contracts_value
                   || ' (' || round(100 * contracts_value / award_value, 1) || '%)' AS detail
            FROM s WHERE contracts_value > 0""",
        VALUE_RATIO,
    ),
    Check(
        "tenderers_count", "process",
        "numberOfTenderers igual al número de licitantes listados",
        "numberOfTenderers equals the tenderers listed",
        """SELECT implementer_id, ocid AS case_id, tenderers_number <> listed AS failing,
                  'numberOfTenderers ' || tenderers_number || ', tenderers listed ' || listed AS detail
           FROM check_facts
           WHERE tenderers_type IN ('UBIGINT', 'BIGINT', 'DOUBLE') AND listed_type = 'ARRAY'""",
        facts=True,
    ),
    Check(
        "direct_single_tenderer", "process",
        "Adjudicación directa con un solo licitante como máximo",
        "Direct award with at most one tenderer",
        """WITH t AS (
              SELECT implementer_id, ocid,
                     CASE WHEN tenderers_type IN ('UBIGINT', 'BIGINT', 'DOUBLE') THEN tenderers_number
                          WHEN listed_type = 'ARRAY' THEN listed END AS n
              FROM check_facts WHERE method = 'direct')
            SELECT implementer_id, ocid AS case_id, n > 1 AS failing, 'direct, tenderers ' || n AS detail
            FROM t WHERE n IS NOT NULL""",
        facts=True,
    ),
    Check(
        "payments_within_contract", "contract",
        "Pagos que no superan el monto del contrato",
        "Payments not above the contract value",
        f"""WITH s AS (
              SELECT p.implementer_id, c.ocid, c.contract_id, c.value, sum(t.value) AS paid
              FROM contracts c JOIN processes p ON p.ocid = c.ocid AND {CURRENT}
                   JOIN transactions t ON t.ocid = c.ocid AND t.contract_id IS NOT DISTINCT FROM c.contract_id
              WHERE c.value > 0 AND t.value IS NOT NULL
                    AND coalesce(t.currency, c.currency, '') = coalesce(c.currency, '')
              GROUP BY p.implementer_id, c.ocid, c.contract_id, c.value)
            SELECT implementer_id, ocid || ' / ' || coalesce(contract_id, '?') AS case_id,
                   round(paid, 2) > round(value, 2) AS failing,
                   'contract ' || value || ', paid ' || paid AS detail
            FROM s""",
    ),
    Check(
        "party_refs", "process",
        "Referencias a partes que existen en parties (una sola vez)",
        "Party references resolve to exactly one entry in parties",
        # a party id the publisher listed twice for two organisations is given a derived id by the loader
        # (corrections, rule duplicate_id_in_release): still the publisher's defect, so it still fails here
        """SELECT implementer_id, ocid AS case_id, len(bad) > 0 AS failing,
                  CASE WHEN len(bad) > 0 THEN 'unresolved or duplicated: ' || array_to_string(bad[1:5], ', ')
                       ELSE '' END AS detail
           FROM (SELECT f.implementer_id, f.ocid,
                        list_concat(f.bad, list_filter(coalesce(d.dups, []), lambda x: NOT list_contains(f.bad, x))) AS bad
                 FROM check_facts f
                 LEFT JOIN (SELECT ocid, list(DISTINCT old_value ORDER BY old_value) AS dups FROM corrections
                            WHERE rule = 'duplicate_id_in_release' AND starts_with(field, 'parties[')
                            GROUP BY ocid) d ON d.ocid = f.ocid
                 WHERE f.refs > 0)""",
        facts=True,
    ),
    Check(
        "award_refs", "contract",
        "awardID del contrato existe en awards",
        "The contract's awardID exists in awards",
        f"""SELECT p.implementer_id, c.ocid || ' / ' || coalesce(c.contract_id, '?') AS case_id,
                  NOT EXISTS (SELECT 1 FROM awards a WHERE a.ocid = c.ocid AND a.award_id = c.award_id) AS failing,
                  'awardID ' || c.award_id AS detail
           FROM contracts c JOIN processes p ON p.ocid = c.ocid AND {CURRENT} WHERE c.award_id IS NOT NULL""",
    ),
    Check(
        "project_process_links", "project_process",
        "Procesos del proyecto encontrados entre los procesos cargados",
        "The project's processes are found among the loaded processes",
        """SELECT j.implementer_id, pp.project_id || ' / ' || pp.process_ref AS case_id, pp.ocid IS NULL AS failing,
                  CASE WHEN pp.ocid IS NULL THEN 'not found: ' || pp.process_ref ELSE 'ocid ' || pp.ocid END AS detail
           FROM project_processes pp JOIN projects j ON j.project_id = pp.project_id
           WHERE pp.process_ref IS NOT NULL""",
    ),
)


def _sql(check: Check, materialized: bool) -> str:
    """The check's query; one reading check_facts gets it as a CTE unless the table was materialized."""
    if check.facts and not materialized:
        return f"WITH check_facts AS ({PROCESS_FACTS}) SELECT * FROM ({check.sql})"
    return check.sql


def check_cases(con: duckdb.DuckDBPyConnection, check: Check) -> list[tuple]:
    """The applicable cases of one check: (implementer_id, case_id, failing, detail)."""
    return con.execute(_sql(check, materialized=False), list(check.params)).fetchall()


def compute(con: duckdb.DuckDBPyConnection, implementers: list[str | None], docs=None) -> dict:
    """Rewrite quality_checks for `implementers`; return {implementer: coherence 0-1 or None}.
    `docs` (quality.documents.ProcessDocs): the facts are read from that table instead of the documents."""
    from quality.store import replace_rows

    rows, rates = [], {impl: [] for impl in implementers}
    # the facts every document check reads, with one parse of each document (a small table: no JSON)
    if docs is None:
        con.execute(f"CREATE OR REPLACE TEMPORARY TABLE check_facts AS {PROCESS_FACTS}")
    else:  # the table name is our own constant
        con.execute(f"CREATE OR REPLACE TEMPORARY TABLE check_facts AS SELECT implementer_id, ocid, method, "
                    f"{', '.join(FACT_COLUMNS)} FROM {docs.table} WHERE is_current")
    try:
        aggregates = [_aggregate(con, check) for check in CHECKS]
    finally:
        con.execute("DROP TABLE IF EXISTS temp.check_facts")
    for check, agg in zip(CHECKS, aggregates):
        by_impl = {r[0]: r[1:] for r in agg}
        for impl in implementers:
            applicable, failing, examples = by_impl.get(impl, (0, 0, None))
            rows.append({"implementer_id": impl, "check_id": check.check_id, "subject": check.subject,
                         "applicable": applicable, "failing": failing,
                         "fail_share": failing / applicable if applicable else None,
                         "examples": examples or "[]"})
            if applicable:
                rates[impl].append(1 - failing / applicable)
    replace_rows(con, "quality_checks", rows)
    return {impl: (sum(r) / len(r) if r else None) for impl, r in rates.items()}


def _aggregate(con: duckdb.DuckDBPyConnection, check: Check) -> list[tuple]:
    """(implementer_id, applicable, failing, up to MAX_EXAMPLES failing examples as JSON) per implementer."""
    return con.execute(
        f"""WITH c AS ({_sql(check, materialized=True)})
            SELECT implementer_id, count(*), count_if(failing),
                   to_json((list({{'id': case_id, 'detail': detail}} ORDER BY case_id)
                            FILTER (WHERE failing))[1:{MAX_EXAMPLES}])
            FROM c GROUP BY implementer_id""",
        list(check.params)).fetchall()
