"""Peer groups and data dates per publisher: results that do not move when unrelated data is loaded.

An indicator that compares a subject with others (a fence over quartiles) compares it only with the
subjects of the same **publisher**, and a rule that counts days up to "today" counts them up to the
**publisher's own data date**. So loading another publisher's files changes no result of the first,
except where PEER_GROUPS says why (a supplier or a buyer is one subject across publishers).

The publisher of a process (`publisher_sql`) is its implementer (the pilot's registry, `implementer_id`)
together with the ocid prefix the publishing system registered with OCP (`ocds-xxxxxx`): the same
organisation published by two systems (INAI's PCA records and INAI's 2017 releases) follows two sets of
conventions, so its processes are not pooled. Without either, the processes form one group
"(sin publicador)".

Fences are computed in SQL, per group (`create_fences`): Hyndman and Fan type 8 quartiles, as
metrics.outliers and Cardinal compute them, from each group's sorted values.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from metrics.outliers import IQR_FACTOR

UNKNOWN_PUBLISHER = "(sin publicador)"


def publisher_sql(alias: str = "") -> str:
    """SQL: the publisher key of a `processes` row (`alias.` prefix optional), e.g. 'nl-gobierno ocds-7wj9x5'."""
    p = f"{alias}." if alias else ""
    # 'ocds-' and six characters, then '-' or the end (string functions: a regexp costs a second a million)
    prefix = (f"CASE WHEN lower(left({p}ocid, 5)) = 'ocds-' AND length({p}ocid) >= 11 "
              f"AND substr({p}ocid, 12, 1) IN ('-', '') THEN lower(left({p}ocid, 11)) END")
    return f"coalesce(nullif(concat_ws(' ', {p}implementer_id, {prefix}), ''), '{UNKNOWN_PUBLISHER}')"


@dataclass(frozen=True)
class PeerGroup:
    """How an indicator's result depends on other subjects or on the data date, in both languages."""

    es: str
    en: str
    fenced: bool = False  # compares with a fence over its peer group's quartiles
    dated: bool = False  # counts days up to the publisher's data date
    across_publishers: bool = False  # a subject can hold data of several publishers (documented why)


_ALONE = PeerGroup(
    "Ninguno: cada sujeto se evalúa con sus propios datos y un umbral fijo.",
    "No peer group: each subject is judged on its own data against a fixed threshold.",
)
_BUYER = (
    "Una unidad compradora es un solo sujeto aunque la publiquen dos publicadores (mismo identificador): "
    "sus procesos se cuentan juntos.",
    "A buyer is one subject even if two publishers publish it (the same identifier): its processes are "
    "counted together.",
)
_SUPPLIER = (
    "Un proveedor es un solo sujeto en toda la base: sus procesos de todos los publicadores se cuentan "
    "juntos, y la cerca se calcula sobre todos los proveedores de la base. Cargar otro publicador puede "
    "cambiar este resultado, a propósito: un proveedor que trabaja para varios gobiernos se evalúa entero.",
    "A supplier is one subject across the whole database: its processes of every publisher count "
    "together, and the fence is computed over every supplier in the database. Loading another publisher "
    "can change this result, on purpose: a supplier working for several governments is judged as a whole.",
)
_CARDINAL_POOLED = (
    "Todos los sujetos de la base, como en Cardinal (su pasada única todavía no separa publicadores): "
    "cargar otro publicador puede mover la cerca y cambiar este resultado.",
    "Every subject in the database, as in Cardinal (its single pass does not separate publishers yet): "
    "loading another publisher can move the fence and change this result.",
)
_PROCESS_FENCE = (
    "Los procesos del mismo publicador con el mismo método de contratación.",
    "The processes of the same publisher with the same procurement method.",
)

# Every indicator's peer group (code -> PeerGroup); the methodology shows it, tests/test_peers_isolation.py
# checks that loading another publisher moves only the results documented as across_publishers.
PEER_GROUPS: dict[str, PeerGroup] = {
    "OA-D2": PeerGroup(*_PROCESS_FENCE, fenced=True),
    "OA-C2": PeerGroup(
        "Las unidades compradoras del mismo publicador (con el mínimo de procesos). " + _BUYER[0],
        "The buyers of the same publisher (with the minimum of processes). " + _BUYER[1],
        fenced=True,
    ),
    "OA-C3": PeerGroup("Ninguno (umbrales fijos). " + _BUYER[0], "No peer group (fixed thresholds). " + _BUYER[1]),
    "OA-C4": PeerGroup("Ninguno (umbral fijo). " + _BUYER[0], "No peer group (fixed threshold). " + _BUYER[1]),
    "OA-D6": PeerGroup(
        "Ninguno; la fecha de corte es la del publicador del proceso (su publicación más reciente).",
        "No peer group; the data date is that of the process's publisher (its latest release).",
        dated=True,
    ),
    "OA-D7": PeerGroup(
        "Ninguno; la fecha de corte es la del publicador del proceso (su publicación más reciente).",
        "No peer group; the data date is that of the process's publisher (its latest release).",
        dated=True,
    ),
    # Cardinal's fences (computed in its one pass over the compiled releases) are not split by publisher
    # yet: documented as pooled, so the isolation test does not hide them.
    "R024": PeerGroup(*_CARDINAL_POOLED, fenced=True, across_publishers=True),
    "R058": PeerGroup(*_CARDINAL_POOLED, fenced=True, across_publishers=True),
    "R038": PeerGroup(*_CARDINAL_POOLED, fenced=True, across_publishers=True),
    "R025": PeerGroup(*_SUPPLIER, fenced=True, across_publishers=True),
    "R048": PeerGroup(*_SUPPLIER, fenced=True, across_publishers=True),
}

# Indicators whose results may change when another publisher is loaded (see each one's PeerGroup).
ACROSS_PUBLISHERS = frozenset(code for code, group in PEER_GROUPS.items() if group.across_publishers)


def peer_group(code: str) -> PeerGroup:
    """The documented peer group of an indicator (none: judged on its own data)."""
    return PEER_GROUPS.get(code, _ALONE)


def publisher_dates_sql() -> str:
    """SQL: a CTE `publisher_dates (publisher, data_date)`: each publisher's latest release date
    (`processes.last_release_date`, the latest of a process's releases), the `data_date` setting instead
    when given (parameter $fixed_date, see data_date_param). Join processes on `publisher_sql(alias)`: a
    GROUP BY and a join on a few publishers (a window over a million processes is several times slower)."""
    return f"""publisher_dates AS (
    SELECT {publisher_sql("p")} AS publisher,
        coalesce(CAST($fixed_date AS TIMESTAMP), max(p.last_release_date)) AS data_date
    FROM processes p GROUP BY ALL
)"""


def data_date_param(settings: dict[str, Any]) -> str | None:
    """The data date every publisher uses when the `data_date` setting is given, else None (each
    publisher's own; metrics.config.resolve records where the resolved one came from)."""
    return settings.get("data_date") if settings.get("data_date_source") == "setting" else None


def create_fences(con: Any, code: str, source: str, into: str, side: str, threshold: float | None,
                  minimum_peers: int) -> list[dict[str, Any]]:
    """Fences per peer group, in SQL: read `source` (a table with columns peer_group, value; NULL values
    count as subjects without a value), write `into` (peer_group, q1, q3, fence, n_peers, skipped, reason)
    and return its rows as indicator_peer_stats rows of `code`.

    `side` "high": Q3 + 1.5 IQR, skipped when Q1 = Q3 = 0; "low": Q1 - 1.5 IQR, applied only when Q1 > 0
    (metrics.outliers' rules). A `threshold` replaces the fence; fewer than `minimum_peers` values: skipped
    (too_few_peers); no value at all: skipped (no_values).
    """
    if side not in ("high", "low"):
        raise ValueError(f"side must be 'high' or 'low', not {side!r}")
    fence = f"q3 + {IQR_FACTOR} * (q3 - q1)" if side == "high" else f"q1 - {IQR_FACTOR} * (q3 - q1)"
    degenerate = "q1 = 0 AND q3 = 0" if side == "high" else "NOT q1 > 0"
    # type 8: h = (n + 1/3) p + 1/3 (1-based); below the first order statistic the minimum, from the
    # last the maximum, else linear between the two around h
    def quartile(p: float) -> str:
        h = f"((n + 1.0 / 3) * {p} + 1.0 / 3)"
        return (f"CASE WHEN n = 0 THEN NULL WHEN floor({h}) < 1 THEN v[1] WHEN floor({h}) >= n THEN v[n] "
                f"ELSE v[CAST(floor({h}) AS BIGINT)] + ({h} - floor({h})) * "
                f"(v[CAST(floor({h}) AS BIGINT) + 1] - v[CAST(floor({h}) AS BIGINT)]) END")

    con.execute(f"""
CREATE OR REPLACE TEMP TABLE {into} AS
WITH g AS (
    SELECT peer_group, list_sort(list(CAST(value AS DOUBLE)) FILTER (WHERE isfinite(value))) AS v,
        count(value) FILTER (WHERE isfinite(value)) AS n
    FROM {source} GROUP BY peer_group
),
q AS (SELECT peer_group, n, {quartile(0.25)} AS q1, {quartile(0.75)} AS q3 FROM g),
r AS (
    SELECT peer_group, q1, q3, n AS n_peers,
        CASE WHEN $threshold::DOUBLE IS NOT NULL THEN NULL
             WHEN n = 0 THEN 'no_values'
             WHEN n < $minimum THEN 'too_few_peers'
             WHEN {degenerate} THEN 'degenerate_peer_set' END AS reason
    FROM q
)
SELECT peer_group, q1, q3,
    CASE WHEN $threshold::DOUBLE IS NOT NULL THEN $threshold::DOUBLE
         WHEN reason IS NULL THEN {fence} END AS fence,
    n_peers, reason IS NOT NULL AS skipped, reason
FROM r
""", {"threshold": threshold, "minimum": int(minimum_peers)})
    rows = con.execute(
        f"SELECT peer_group, q1, q3, fence, n_peers, skipped, reason FROM {into} ORDER BY peer_group"
    ).fetchall()
    names = ("peer_group", "q1", "q3", "fence", "n_peers", "skipped", "reason")
    return [{"indicator": code, **dict(zip(names, row))} for row in rows]
