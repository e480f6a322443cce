"""The knobs and markers of the synthetic demo data (one place): dates, pattern rates, quirks, publisher."""
from __future__ import annotations

import datetime as dt

PUBLISHER_NAME = "Obras Abiertas — datos de demostración (sintéticos)"
URI_BASE = "https://demo.obras-abiertas.invalid/"
PUBLISHER = {"name": PUBLISHER_NAME, "uid": "obras-abiertas-demo", "uri": URI_BASE}
LICENSE = "https://creativecommons.org/publicdomain/zero/1.0/"
POLICY = URI_BASE + "politica-de-publicacion"
RELEASE_FILE = "releases-{:05d}.json"
PROJECT_FILE = "projects-{:05d}.jsonl"
RELEASE_GLOB = "releases-*.json"
PROJECT_GLOB = "projects-*.jsonl"

FIRST_DAY = dt.date(2019, 1, 1)        # day 0; planning dates start here
LAST_PLANNING_DAY = dt.date(2025, 9, 30)
DATA_DATE = dt.date(2025, 12, 31)      # "today" of the demo: nothing is dated later
PUBLISHED = "2026-01-05T09:00:00-06:00"
DATA_DAY = (DATA_DATE - FIRST_DAY).days
PLAN_SPAN = (LAST_PLANNING_DAY - FIRST_DAY).days

EXTENSIONS = [
    "https://raw.githubusercontent.com/INAImexico/ocds_taxes_extension/master/extension.json",
    "https://raw.githubusercontent.com/INAImexico/ocds_implementationStatus_extension/master/extension.json",
    "https://raw.githubusercontent.com/INAImexico/ocds_nameBreakdown_extension/master/extension.json",
    "https://raw.githubusercontent.com/INAImexico/ocds_guarantees_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json",
]

# Target rates of the patterns the indicators look for (shares of the stated population).
RATES = {
    "direct": 0.50,             # procurement method, by count (works); selective and open share the rest
    "open": 0.32,
    "standalone": 0.25,         # processes in no EDCAPI project
    "standalone_services": 0.15,  # of standalone processes: maintenance/studies services
    "cancelled": 0.02,          # tenders cancelled
    "unsuccessful_open": 0.04,  # open tenders declared void (desierta)
    "stalled": 0.04,            # tender period over, no award, no news
    "single_bid_open": 0.15,    # open procedures with one bid
    "single_bid_selective": 0.08,
    "short_tender_open": 0.08,  # open tender periods under 15 days
    "slow_signature": 0.05,     # award to signature > 30 days
    "long_decision": 0.05,      # tender end to award 60-150 days
    "big_increase": 0.03,       # contract raised 26-60% by amendment (plus cost-overrun projects)
    "small_increase": 0.12,     # contract raised 3-20%
    "extension": 0.12,          # contract period extended, works on time otherwise
    "late": 0.24,               # works finished late (time overrun > 25%; ~20% of completed projects,
                                #   since late works are less often finished by the data date)
    "cost_overrun": 0.10,       # projects whose final value exceeds the budget by > 25%
    "late_milestone": 0.10,     # the half-way milestone met late
    "slightly_late": 0.10,      # works handed over a few days after the due date
    "captured_buyer": 0.15,     # buyers awarding most of their contracts to one supplier
    "captured_share": 0.60,
    "favourite_direct": 0.45,   # direct awards going to one of the buyer's three favourite suppliers
}
# Data-quality quirks, kept rare (< 1%) so the loaders' corrections show without dominating.
QUIRKS = {
    "method_in_spanish": 0.004,   # open tender with procurementMethod "Licitación pública"
    "currency_mnx": 0.003,        # award currency "MNX"
    "net_date": 0.002,            # contract dateSigned as "/Date(ms)/"
    "swapped_point": 0.005,       # project Point as [lat, lon]
    "status_completed": 0.005,    # project status "completed" instead of "completion"
}
PROJECT_SIZES = (1, 2, 3, 4, 5, 6)
PROJECT_SIZE_WEIGHTS = (0.30, 0.25, 0.20, 0.12, 0.08, 0.05)
KIND_WEIGHTS = {"state": 3.0, "municipal": 1.0, "other": 0.6}
SUPPLIERS_PER_STATE = 120

DAYS_BEFORE = 800  # DAYS[d + DAYS_BEFORE] is the ISO date of day d (day 0 = FIRST_DAY)
DAYS = [(FIRST_DAY + dt.timedelta(days=i - DAYS_BEFORE)).isoformat() for i in range(DAYS_BEFORE + DATA_DAY + 1500)]
EPOCH_OFFSET = (FIRST_DAY - dt.date(1970, 1, 1)).days
