"""OA-C2: high use of non-competitive procedures by a buyer (high outlier among buyers)."""
from __future__ import annotations

from typing import Any

from metrics.base import Example, IndicatorMeta
from metrics.indicators.sql_indicator import (
    RunStats,
    SqlIndicator,
    base_cte,
    common_params,
    in_currency,
    run_sql,
)
from metrics.peers import create_fences, publisher_sql

CODE = "OA-C2"

# Default settings ([OA-C2] in an INI file; metrics/defaults.ini is generated from them).
DEFAULTS: dict[str, Any] = {
    "threshold": None,
    "amount_threshold": None,
    "minimum_contracting_processes": 10,
    "minimum_peers": 5,
    "non_competitive_methods": ["direct"],
}

REASONS: dict[str, tuple[str, str]] = {}  # only shared ones (sql_indicator.COMMON_REASONS)

# A worked example: shown in the methodology and run by tests/test_metrics_examples.py.
EXAMPLE = Example(
    tables={"processes": [{"ocid": "a0", "buyer_id": "A", "method": "direct"},
                   {"ocid": "a1", "buyer_id": "A", "method": "direct"},
                   {"ocid": "a2", "buyer_id": "A", "method": "direct"},
                   {"ocid": "a3", "buyer_id": "A", "method": "open"},
                   {"ocid": "b0", "buyer_id": "B", "method": "direct"},
                   {"ocid": "b1", "buyer_id": "B", "method": "open"},
                   {"ocid": "b2", "buyer_id": "B", "method": "open"},
                   {"ocid": "b3", "buyer_id": "B", "method": "open"}]},
    settings={"threshold": 0.5, "minimum_contracting_processes": 4},
    flags=[("A", 0.75, True, True), ("B", 0.25, False, True)],
)

META = IndicatorMeta(
    code=CODE,
    name_es="Uso elevado de procedimientos no competitivos",
    name_en="High use of non-competitive procedures",
    category="competition",
    level="buyer",
    methodology_es=(
        "Para cada unidad compradora (buyer.id) con al menos 10 procesos de método conocido (ajuste "
        "minimum_contracting_processes) se calculan dos proporciones: procesos por adjudicación directa (ajuste "
        "non_competitive_methods) / procesos, y monto de esas adjudicaciones / monto total (monto adjudicado o, si "
        "falta, contratado). Se marca si cualquiera de las dos es un valor atípico alto entre las unidades "
        "compradoras: mayor o igual que Q3 + 1.5 × RIC (cuartiles tipo 8). Un ajuste threshold (o "
        "amount_threshold) sustituye a la cerca calculada. No se calcula la cerca con menos de 5 unidades "
        "comparables (minimum_peers) ni cuando Q1 = Q3 = 0."
    ),
    methodology_en=(
        "For each buyer (buyer.id) with at least 10 processes of known method (setting "
        "minimum_contracting_processes) two shares are computed: direct-award processes (setting "
        "non_competitive_methods) / processes, and their amount / total amount (awarded value or, if missing, "
        "contract value). It is flagged when either is a high outlier among buyers: greater than or equal to "
        "Q3 + 1.5 × IQR (type 8 quartiles). A threshold (or amount_threshold) setting replaces the computed fence. "
        "No fence is computed with fewer than 5 comparable buyers (minimum_peers) or when Q1 = Q3 = 0."
    ),
    why_es=(
        "La adjudicación directa es una excepción legal a la licitación. Una unidad compradora que la usa mucho "
        "más que sus pares evita la competencia de forma sistemática; el IMCO mide el porcentaje del monto "
        "adjudicado directamente."
    ),
    why_en=(
        "Direct award is a legal exception to tendering. A buyer using it much more than its peers avoids "
        "competition systematically; IMCO measures the share of the amount awarded directly."
    ),
    required_fields=("processes.buyer_id", "processes.method", "processes.award_value", "processes.contract_value"),
    defaults=DEFAULTS,
    exclusions_es=(
        "Procesos sin buyer.id o sin método. Unidades compradoras con menos procesos que el mínimo: no "
        "calculables. Para la proporción por monto, montos en otra moneda o en cero."
    ),
    exclusions_en=(
        "Processes without buyer.id or method. Buyers with fewer processes than the minimum: not computable. For "
        "the amount share, amounts in another currency or zero."
    ),
    output_es="Proporción de procesos por adjudicación directa (0.8 = 80 %); el detalle da la proporción por monto y las cercas.",
    output_en="Share of processes by direct award (0.8 = 80%); the detail gives the amount share and the fences.",
    ocp_code="R013",
    source="OCP R013; IMCO (porcentaje del monto por adjudicación directa)",
    example=EXAMPLE,
)


class NonCompetitiveShare(SqlIndicator):
    """OA-C2."""

    meta = META

    def run(self, con: Any, settings: dict[str, Any], table: str) -> RunStats:
        own = self.params(settings)
        params = {**common_params(settings), "code": CODE, "methods": list(own["non_competitive_methods"]),
                  "minimum": int(own["minimum_contracting_processes"])}
        run_sql(con, f"""
CREATE OR REPLACE TEMP TABLE _oa_c2 AS
WITH {base_cte()},
p AS (
    SELECT buyer_id, {publisher_sql()} AS publisher, list_contains($methods::VARCHAR[], method) AS direct,
        CASE WHEN {in_currency('currency')} AND coalesce(award_value, contract_value) > 0
             THEN coalesce(award_value, contract_value) END AS amount
    FROM base WHERE buyer_id IS NOT NULL AND method IS NOT NULL
)
SELECT buyer_id, min(publisher) AS peer_group, count(*) AS n, count(*) FILTER (WHERE direct) AS n_direct,
    count(*) FILTER (WHERE direct) / count(*) AS share_count,
    sum(amount) AS amount, coalesce(sum(amount) FILTER (WHERE direct), 0) AS amount_direct,
    CASE WHEN sum(amount) > 0 THEN coalesce(sum(amount) FILTER (WHERE direct), 0) / sum(amount) END AS share_amount,
    count(*) >= $minimum AS enough
FROM p GROUP BY buyer_id
""", params)
        try:
            # peers: the buyers of the same publisher (metrics.peers), fenced in SQL per publisher
            minimum_peers = int(own["minimum_peers"])
            peer_stats = []
            for kind, threshold in (("count", own["threshold"]), ("amount", own["amount_threshold"])):
                run_sql(con, f"CREATE OR REPLACE TEMP VIEW _oa_c2_v AS SELECT peer_group, "
                             f"CASE WHEN enough THEN share_{kind} END AS value FROM _oa_c2")
                fences = create_fences(con, CODE, "_oa_c2_v", f"_oa_c2_{kind}", "high", threshold, minimum_peers)
                peer_stats += [{**row, "peer_group": f"{row['peer_group']} · share_{kind}"} for row in fences]
            self.insert(con, table, """
WITH r0 AS (
    SELECT c.*, fc.q1 AS q1c, fc.q3 AS q3c, fc.fence AS fence_count, fa.q1 AS q1a, fa.q3 AS q3a,
        fa.fence AS fence_amount, coalesce(fc.reason, fa.reason) AS peer_reason, fc.n_peers
    FROM _oa_c2 c LEFT JOIN _oa_c2_count fc USING (peer_group) LEFT JOIN _oa_c2_amount fa USING (peer_group)
),
r AS (
    SELECT *, share_count >= fence_count AS by_count,
        share_amount >= fence_amount AS by_amount,
        enough AND (fence_count IS NOT NULL OR (fence_amount IS NOT NULL AND share_amount IS NOT NULL))
            AS computable
    FROM r0
)
SELECT $code AS indicator, 'buyer' AS subject_type, buyer_id AS subject_id, NULL AS ocid, share_count AS value,
    CASE WHEN computable THEN coalesce(by_count, false) OR coalesce(by_amount, false) END AS flagged,
    computable,
    CAST(CASE WHEN computable THEN json_object(
                  'processes', n, 'direct', n_direct, 'share_count', share_count, 'share_amount', share_amount,
                  'q1_count', q1c, 'q3_count', q3c, 'fence_count', fence_count,
                  'q1_amount', q1a, 'q3_amount', q3a, 'fence_amount', fence_amount,
                  'peer_group', peer_group, 'peers', n_peers)
              WHEN NOT enough THEN json_object('reason', 'too_few_processes', 'processes', n)
              ELSE json_object('reason', peer_reason, 'peer_group', peer_group, 'peers', n_peers)
         END AS VARCHAR) AS detail
FROM r
""", params)
        finally:
            con.execute("DROP VIEW IF EXISTS _oa_c2_v")
            for name in ("_oa_c2", "_oa_c2_count", "_oa_c2_amount"):
                con.execute(f"DROP TABLE IF EXISTS {name}")
        single = peer_stats[0] if len(peer_stats) == 2 else {}
        return RunStats(
            q1=single.get("q1"), q3=single.get("q3"), fence=single.get("fence"),
            settings=self.used_settings(settings), peer_stats=peer_stats,
        )


INDICATOR = NonCompetitiveShare()

# What metrics.indicators collects from this module, in code order.
INDICATORS = [INDICATOR]
