"""Cardinal's indicators over the DuckDB `processes` table, as `metrics.base.Indicator` objects.

`compute` streams the compiled releases (column `json`) in batches through the same Pipeline as the
command line, so the results are Cardinal's. `compute_all` runs every indicator in one pass.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

import pandas as pd

from metrics.base import FLAG_COLUMNS, IndicatorMeta, IndicatorResult
from metrics.cardinal import registry
from metrics.cardinal.core import SUBJECT_TYPES, Outcome
from metrics.cardinal.run import Pipeline, fold_lines
from metrics.cardinal.settings import Settings, SettingsError, settings_from_mapping

BATCH_SIZE = 5000
_GLOBAL = ("currency", "no_price_comparison_procurement_methods", "price_comparison_procurement_methods",
           "exclusions")


def iter_process_json(con: Any, batch_size: int = BATCH_SIZE) -> Iterator[str]:
    """The `processes.json` texts, fetched in batches (NULLs skipped), each carrying the table's ocid:
    a record's compiled release may name another form of it (Nuevo León: `...-v001` in a record
    `...001`), and flags must point at the process as stored."""
    cursor = con.execute(
        "SELECT CASE WHEN json_extract_string(json, '$.ocid') IS NOT DISTINCT FROM ocid THEN json "
        "ELSE json_merge_patch(json, json_object('ocid', ocid)) END FROM processes"
    )
    while rows := cursor.fetchmany(batch_size):
        for (text,) in rows:
            if text is not None:
                yield text


def settings_for(codes: list[str], settings: Mapping[str, Any] | Settings | None) -> Settings:
    """Settings enabling `codes`.

    `settings` is either a `Settings`, or a dict in Cardinal's shape (`{"currency": "MXN", "exclusions":
    {...}, "R003": {"threshold": 10}}`); for a single code, its options may also be given flat
    (`{"threshold": 10}`). Indicators not named in the dict run with their defaults.
    """
    if isinstance(settings, Settings):
        parsed = replace(settings, indicators=dict(settings.indicators), warnings=list(settings.warnings))
    else:
        mapping = dict(settings or {})
        flat = {k: v for k, v in mapping.items() if k not in _GLOBAL and not _is_code(k)}
        if flat:
            if len(codes) != 1:
                raise SettingsError(f"options {sorted(flat)} need an indicator code as key")
            mapping = {k: v for k, v in mapping.items() if k not in flat}
            mapping[codes[0]] = {**mapping.get(codes[0], {}), **flat}
        parsed = settings_from_mapping(mapping, registry.options())
    for code in codes:
        parsed.indicators.setdefault(code, {})
    parsed.indicators = {code: parsed.indicators[code] for code in codes}
    return parsed


def _is_code(key: str) -> bool:
    return len(key) == 4 and key[0] == "R" and key[1:].isdigit()


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def results_by_code(outcome: Outcome, settings: Settings) -> dict[str, IndicatorResult]:
    """One IndicatorResult per enabled code: its flag rows (FLAG_COLUMNS) and quartiles/fence."""
    rows: dict[str, list[tuple]] = {code: [] for code in settings.indicators}
    for f in sorted(outcome.flags, key=lambda f: f.seq):
        detail = json.dumps(_finite(f.detail), ensure_ascii=False) if f.detail is not None else None
        rows[f.code].append((f.code, SUBJECT_TYPES[f.group], f.subject_id, f.ocid, f.value, True, True, detail))
    common = {k: v for k, v in settings.to_dict().items() if not _is_code(k)}
    results = {}
    for code, code_rows in rows.items():
        meta = outcome.meta.get(code, {})
        fence = meta.get("lower_fence", meta.get("upper_fence"))
        defaults = registry.calculators()[code].DEFAULTS
        results[code] = IndicatorResult(
            flags=pd.DataFrame(code_rows, columns=FLAG_COLUMNS),
            q1=_finite(meta.get("q1")),
            q3=_finite(meta.get("q3")),
            fence=_finite(fence),
            settings={**common, code: {**defaults, **settings.options(code)}},
        )
    return results


def compute_all(con: Any, settings: Mapping[str, Any] | Settings | None = None,
                codes: list[str] | None = None) -> dict[str, IndicatorResult]:
    """Every Cardinal indicator (or `codes`) over `processes` in one streaming pass."""
    codes = list(codes or registry.calculators())
    parsed = settings_for(codes, settings)
    outcome = fold_lines(Pipeline(parsed), iter_process_json(con)).finalize()
    return results_by_code(outcome, parsed)


class CardinalIndicator:
    """One Cardinal indicator as a `metrics.base.Indicator` over the `processes` table."""

    def __init__(self, meta: IndicatorMeta):
        self.meta = meta

    def compute(self, con: Any, settings: dict[str, Any]) -> IndicatorResult:
        """Stream `processes.json` through this indicator alone (see `settings_for` for `settings`)."""
        return compute_all(con, settings, codes=[self.meta.code])[self.meta.code]

    def __repr__(self) -> str:
        return f"CardinalIndicator({self.meta.code})"
