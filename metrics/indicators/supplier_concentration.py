"""OA-C3: supplier concentration per buyer (top supplier's share and Herfindahl-Hirschman index)."""
from __future__ import annotations

from typing import Any

from metrics.base import Example, IndicatorMeta
from metrics.indicators.sql_indicator import RunStats, SqlIndicator, base_cte, common_params, in_currency

CODE = "OA-C3"

# Default settings ([OA-C3] in an INI file; metrics/defaults.ini is generated from them).
DEFAULTS: dict[str, Any] = {"top_share": 0.3, "hhi": 2500.0, "minimum_contracting_processes": 10}

# Why a subject is not computable (detail.reason), in Spanish and English; shared reasons are in
# sql_indicator.COMMON_REASONS.
REASONS: dict[str, tuple[str, str]] = {
    "no_awarded_amount": (
        "No hay montos adjudicados con proveedor identificado.",
        "No awarded amounts with an identified supplier.",
    ),
}

# A worked example: shown in the methodology and run by tests/test_metrics_examples.py.
EXAMPLE = Example(
    tables={"processes": [{"ocid": "a0", "buyer_id": "A"},
                   {"ocid": "a1", "buyer_id": "A"},
                   {"ocid": "a2", "buyer_id": "A"},
                   {"ocid": "b0", "buyer_id": "B"},
                   {"ocid": "b1", "buyer_id": "B"},
                   {"ocid": "b2", "buyer_id": "B"}],
     "awards": [{"ocid": "a0", "award_id": "1", "value": 80.0, "supplier_ids": ["S1"]},
                {"ocid": "a1", "award_id": "1", "value": 10.0, "supplier_ids": ["S2"]},
                {"ocid": "a2", "award_id": "1", "value": 10.0, "supplier_ids": ["S3"]},
                {"ocid": "b0", "award_id": "1", "value": 25.0, "supplier_ids": ["S1"]},
                {"ocid": "b1", "award_id": "1", "value": 25.0, "supplier_ids": ["S2"]},
                {"ocid": "b2", "award_id": "1", "value": 50.0, "supplier_ids": ["S3"]}]},
    settings={"top_share": 0.6, "minimum_contracting_processes": 3},
    flags=[("A", 6600.0, True, True), ("B", 3750.0, True, True)],
)

META = IndicatorMeta(
    code=CODE,
    name_es="Concentración de proveedores en la unidad compradora",
    name_en="Supplier concentration at the buyer",
    category="competition",
    level="buyer",
    methodology_es=(
        "Para cada unidad compradora con al menos 10 procesos (ajuste minimum_contracting_processes) se suma el "
        "monto adjudicado a cada proveedor (una adjudicación a varios proveedores se reparte por partes "
        "iguales; un proveedor se identifica por su RFC cuando alguno de sus identificadores lo trae, si no por "
        "su clave) y se calcula la participación de cada uno en el total. Se reporta el índice de "
        "Herfindahl-Hirschman, IHH = suma de las participaciones al cuadrado × 10,000 (10,000 = un solo "
        "proveedor). Se marca si un proveedor concentra al menos el 30 % del monto (ajuste top_share) o si el "
        "IHH es de al menos 2,500 (ajuste hhi)."
    ),
    methodology_en=(
        "For each buyer with at least 10 processes (setting minimum_contracting_processes) the amount awarded to "
        "each supplier is summed (an award to several suppliers is split equally; a supplier is identified by "
        "its RFC when any of its identifiers carries one, else by its id) and each supplier's share of "
        "the total is computed. The Herfindahl-Hirschman index is reported, HHI = sum of squared shares × "
        "10,000 (10,000 = a single supplier). It is flagged when one supplier holds at least 30% of the amount "
        "(setting top_share) or the HHI is at least 2,500 (setting hhi)."
    ),
    why_es=(
        "Cuando pocos proveedores reciben la mayor parte del dinero de una unidad compradora, aumenta el riesgo "
        "de favoritismo y de precios por encima del mercado. Un IHH de 2,500 o más se considera un mercado muy "
        "concentrado; PODER usa umbrales de 20, 30 y 50 % para el principal proveedor."
    ),
    why_en=(
        "When a few suppliers receive most of a buyer's money, the risk of favouritism and above-market prices "
        "rises. An HHI of 2,500 or more is considered a highly concentrated market; PODER uses 20, 30 and 50% "
        "tiers for the top supplier."
    ),
    required_fields=("processes.buyer_id", "awards.value", "awards.supplier_ids"),
    defaults=DEFAULTS,
    exclusions_es=(
        "Adjudicaciones pendientes, canceladas o sin éxito; sin proveedor identificado; en otra moneda o en cero. "
        "Unidades compradoras con menos procesos que el mínimo o sin montos adjudicados: no calculables."
    ),
    exclusions_en=(
        "Pending, cancelled or unsuccessful awards; awards without an identified supplier; in another currency "
        "or zero. Buyers with fewer processes than the minimum or no awarded amounts: not computable."
    ),
    output_es="IHH (0 a 10,000); el detalle da el proveedor principal, su participación y el número de proveedores.",
    output_en="HHI (0 to 10,000); the detail gives the top supplier, its share and the number of suppliers.",
    ocp_code="R040",
    source="OCP R040, R050, R051; PODER (20/30/50 %)",
    example=EXAMPLE,
)


class SupplierConcentration(SqlIndicator):
    """OA-C3."""

    meta = META

    def run(self, con: Any, settings: dict[str, Any], table: str) -> RunStats:
        own = self.params(settings)
        params = {**common_params(settings), "code": CODE, "top_share": float(own["top_share"]),
                  "hhi": float(own["hhi"]), "minimum": int(own["minimum_contracting_processes"])}
        sql = f"""
WITH {base_cte()},
buyers AS (
    SELECT buyer_id, count(*) AS n FROM base WHERE buyer_id IS NOT NULL GROUP BY buyer_id
),
aw AS (
    SELECT b.buyer_id, a.ocid, list_filter(a.supplier_ids, lambda s: s IS NOT NULL) AS suppliers, a.value
    FROM awards a JOIN base b ON b.ocid = a.ocid
    WHERE b.buyer_id IS NOT NULL AND a.value > 0 AND {in_currency('a.currency')}
      AND lower(coalesce(a.status, '')) NOT IN ('pending', 'cancelled', 'unsuccessful')
),
rfcs AS (  -- one organisation, one supplier: a party's RFC (parties.rfc) when any identifier carries one
    SELECT ocid, party_id, any_value(rfc) AS rfc FROM parties
    WHERE rfc IS NOT NULL AND ocid IN (SELECT ocid FROM aw) GROUP BY ALL
),
per_supplier AS (
    SELECT x.buyer_id, coalesce(r.rfc, x.supplier_id) AS supplier_id, sum(x.amount) AS amount FROM (
        SELECT buyer_id, ocid, unnest(suppliers) AS supplier_id, value / len(suppliers) AS amount
        FROM aw WHERE len(suppliers) > 0
    ) x LEFT JOIN rfcs r ON r.ocid = x.ocid AND r.party_id = x.supplier_id
    GROUP BY ALL
),
shares AS (
    SELECT buyer_id, supplier_id, amount, amount / sum(amount) OVER (PARTITION BY buyer_id) AS share
    FROM per_supplier
),
conc AS (
    SELECT buyer_id, sum(share * share) * 10000 AS hhi, max(share) AS top_share,
        first(supplier_id ORDER BY share DESC, supplier_id) AS top_supplier,
        count(*) AS suppliers, sum(amount) AS amount
    FROM shares GROUP BY buyer_id
),
r AS (
    SELECT b.buyer_id, b.n, c.hhi, c.top_share, c.top_supplier, c.suppliers, c.amount,
        b.n >= $minimum AND c.hhi IS NOT NULL AS computable
    FROM buyers b LEFT JOIN conc c ON c.buyer_id = b.buyer_id
)
SELECT $code AS indicator, 'buyer' AS subject_type, buyer_id AS subject_id, NULL AS ocid,
    CASE WHEN computable THEN hhi END AS value,
    CASE WHEN computable THEN round(top_share, 9) >= $top_share OR round(hhi, 6) >= $hhi END AS flagged,
    computable,
    CAST(CASE WHEN computable THEN json_object(
                  'processes', n, 'suppliers', suppliers, 'amount', amount, 'top_supplier', top_supplier,
                  'top_share', top_share, 'hhi', hhi)
              WHEN n < $minimum THEN json_object('reason', 'too_few_processes', 'processes', n)
              ELSE json_object('reason', 'no_awarded_amount') END AS VARCHAR) AS detail
FROM r
"""
        self.insert(con, table, sql, params)
        return RunStats(settings=self.used_settings(settings))


INDICATOR = SupplierConcentration()

# What metrics.indicators collects from this module, in code order.
INDICATORS = [INDICATOR]
