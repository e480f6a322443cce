"""Our infrastructure and Mexican indicators (OA-*), one module per indicator or small family.

`INDICATORS` lists them in display order: price, competition, delay. Cardinal's eleven live in
metrics/cardinal/; metrics.catalogue joins both lists.
"""
from __future__ import annotations

from metrics.indicators import (
    award_vs_estimate,
    contract_award_coherence,
    decision_period,
    few_tenderers,
    late_milestones,
    non_competitive_share,
    price_increase,
    project_overrun,
    repeated_direct_awards,
    signature_lag,
    stalled_tender,
    supplier_concentration,
    tender_period,
    term_extension,
)
from metrics.indicators.sql_indicator import SqlIndicator

INDICATORS: list[SqlIndicator] = [
    price_increase.INDICATOR,  # OA-P1
    project_overrun.COST,  # OA-P2
    award_vs_estimate.AT_OR_ABOVE,  # OA-P3
    award_vs_estimate.FAR_BELOW,  # OA-P4
    contract_award_coherence.INDICATOR,  # OA-P5
    few_tenderers.INDICATOR,  # OA-C1
    non_competitive_share.INDICATOR,  # OA-C2
    supplier_concentration.INDICATOR,  # OA-C3
    repeated_direct_awards.INDICATOR,  # OA-C4
    tender_period.INDICATOR,  # OA-D1
    decision_period.INDICATOR,  # OA-D2
    signature_lag.INDICATOR,  # OA-D3
    term_extension.INDICATOR,  # OA-D4
    project_overrun.TIME,  # OA-D5
    late_milestones.INDICATOR,  # OA-D6
    stalled_tender.INDICATOR,  # OA-D7
]
