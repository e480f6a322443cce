"""The publication quality score, 0-100: a weighted mean of five components, each 0-1.

  validity      share of releases and projects without schema errors (quality/validate.py)
  completeness  mean field completeness over the committed stages published (quality/completeness.py)
  coherence     mean share of cases passing each applicable coherence check (quality/checks.py)
  timeliness    mean of the share of events published within the committed frequency and the
                freshness of the latest update (quality/timeliness.py)
  commitment    Publication Commitment compliance (quality/compliance.py)

A component that cannot be measured (no schema configured, nothing a check applies to...) is left out
and the remaining weights are renormalised; quality_scores.components_used says which entered.
An implementer that publishes nothing scores 0.
"""
from __future__ import annotations

WEIGHTS: dict[str, float] = {
    "validity": 0.20,
    "completeness": 0.25,
    "coherence": 0.20,
    "timeliness": 0.15,
    "commitment": 0.20,
}


def combine(components: dict[str, float | None], publishes: bool = True) -> tuple[float, list[str]]:
    """(score 0-100, components used) from component values 0-1 (None = not measurable)."""
    if not publishes:
        return 0.0, []
    used = [k for k in WEIGHTS if components.get(k) is not None]
    total = sum(WEIGHTS[k] for k in used)
    if not total:
        return 0.0, []
    value = sum(WEIGHTS[k] * min(1.0, max(0.0, float(components[k]))) for k in used) / total
    return round(100 * value, 1), used
