"""Rules that loaders, metrics, quality and the pages share, defined once: as SQL expressions over the
contract tables (for queries) and, where Python needs the same rule, as a function beside it.

Every expression takes the SQL of its input columns (a table alias and column, from our own code,
never from input) and returns SQL text.
"""
from __future__ import annotations

# Amounts are summed only in the main currency, pesos, or with no currency stated (which Mexican
# publishers mean as pesos); other currencies are shown apart, never converted.
MAIN_CURRENCY = "MXN"

# Generic RFCs (the general public, foreigners) name nobody in particular: never a supplier's identity.
GENERIC_RFCS = ("XAXX010101000", "XEXX010101000")

# A supplier is known by its RFC where one can be read (identifier.id, else the end of the party id, e.g.
# "RFC-ACS060901AH6"), because party ids are only unique inside one process. Regular expressions for
# DuckDB's regexp functions: a whole RFC, and an RFC at the end of an id.
RFC_PATTERN = "^[A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{3}$"
RFC_AT_END = "(?:^|[^A-Z0-9Ñ&])([A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{3})$"


def in_main_currency(currency: str) -> str:
    """SQL: true when an amount in `currency` counts in totals (pesos, or no currency stated)."""
    return f"({currency} IS NULL OR upper({currency}) = '{MAIN_CURRENCY}')"


def is_main_currency(currency: str | None) -> bool:
    """Python twin of in_main_currency."""
    return currency is None or str(currency).upper() == MAIN_CURRENCY


def process_year(alias: str = "p") -> str:
    """SQL: a process's year, that of its contract's signature, else its award, else its tender's start."""
    return f"year(coalesce({alias}.date_signed, {alias}.award_date, {alias}.tender_start))"


def award_counts(alias: str = "a") -> str:
    """SQL: an award counts (a win, an amount awarded) when it is active or carries no status at all."""
    return f"({alias}.status IS NULL OR lower({alias}.status) = 'active')"


def award_status_counts(status: str | None) -> bool:
    """Python twin of award_counts (statuses are normalised to OCDS codes before this is asked)."""
    return status is None or status.lower() == "active"


# A superseded version of a process (a draft published under another ocid beside its current record,
# processes.superseded_by, set by loaders.compile.link.mark_superseded) stays in the database and keeps its
# own page, but every total, count, ranking, list and search leaves it out, with its awards, contracts,
# parties and every row under its ocid.
def is_current(alias: str = "p") -> str:
    """SQL: the process `alias` (a row of `processes`) is a current version, not a superseded draft."""
    return f"({alias}.superseded_by IS NULL)"


def ocid_is_current(ocid: str) -> str:
    """SQL: the rows whose ocid column is `ocid` (awards, contracts, parties, flags...) belong to a current
    process (or to no loaded process at all): no superseded process has that ocid."""
    return (f"(NOT EXISTS (SELECT 1 FROM processes sup_ WHERE sup_.ocid = {ocid} "
            f"AND sup_.superseded_by IS NOT NULL))")


# ---- amounts that stand for "unknown" (shared by the loader's normaliser and the suspect-data checks) ----

# 99,999,999 and longer runs of 9s are typed where an amount is unknown: the loader removes them on load
# (loaders.compile.amounts), and a metric never reads one as a fact.
UNKNOWN_NINES = frozenset(float(10**k - 1) for k in range(8, 16))

# Round amounts publishers type when the real figure is not known (a final value of 10.00 pesos on a project
# of 473 million). They can be real amounts, so the loader keeps them; an indicator reports a result built on
# one as suspect data (metrics.suspect) when the amount it is compared with is more than
# PLACEHOLDER_MIN_FACTOR times larger.
PLACEHOLDER_AMOUNTS = frozenset({0.0, 0.01, 1.0, 10.0, 100.0, 1000.0, 999_999.0, 9_999_999.0}) | UNKNOWN_NINES
PLACEHOLDER_MIN_FACTOR = 10.0

# corrections.rule when one release id was published with different content (the loader keeps every version
# and merges them in date order; the indicators treat amounts that differ between the versions as suspect)
REUSED_RELEASE_ID_RULE = "duplicate_release_id"
