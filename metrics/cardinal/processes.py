"""Cardinal's indicators over the DuckDB `processes` table, as `metrics.base.Indicator` objects sharing
one `metrics.base.SharedPass` (CARDINAL_PASS).

`compute` folds the compiled releases (column `json`, carrying the table's ocid) through the same
Pipeline as the command line, so the results are Cardinal's. `compute_all` runs every indicator in one
pass; over a large table the pass runs in worker processes (metrics.cardinal.parallel), with the same
result as in one process.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from metrics.base import FLAG_COLUMNS, IndicatorMeta, IndicatorResult, RunStats, insert_result
from metrics.cardinal import discovery, ocds, parallel
from metrics.cardinal.core import GROUP_SUBJECT_TYPES, Outcome, detail_json, finite
from metrics.cardinal.run import Pipeline
from metrics.cardinal.ini import Settings, SettingsError, settings_from_mapping
from metrics.cardinal.table import fold_table

log = logging.getLogger("metrics.cardinal")

_GLOBAL = ("currency", "no_price_comparison_procurement_methods", "price_comparison_procurement_methods",
           "exclusions")
_SHM_ROOM = 1 << 30  # shared memory the workers' slots may need, with room to spare


def fold_processes(con: Any, settings: Settings, map: bool = False, workers: int | None = None) -> Pipeline:
    """Every row of `processes` folded into one Pipeline (not finalized).

    `workers`: worker processes (0 = this process); by default parallel.worker_count of the table's rows.
    The pass stays in this process when no main currency is configured (the first one observed is a
    global of the whole input, which parts folded apart cannot share) or shared memory is short; if the
    workers fail, it is run again here.
    """
    if workers is None:
        workers = parallel.worker_count(con.execute("SELECT count(*) FROM processes").fetchall()[0][0])
    if workers > 0 and settings.currency is not None and _shared_memory_room() >= _SHM_ROOM:
        try:
            return parallel.fold_parallel(con, settings, workers, map=map)
        except Exception as exc:  # noqa: BLE001 - the same pass in this process gives the same result
            log.warning("Cardinal's workers failed (%s: %s); running the pass in this process.",
                        type(exc).__name__, exc)
    return fold_table(Pipeline(settings, map=map), con)


def _shared_memory_room() -> int:
    try:
        stats = os.statvfs("/dev/shm")
    except OSError:
        return 0
    return stats.f_bavail * stats.f_frsize


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
        parsed = settings_from_mapping(mapping, discovery.options())
    for code in codes:
        parsed.indicators.setdefault(code, {})
    parsed.indicators = {code: parsed.indicators[code] for code in codes}
    return parsed


def _is_code(key: str) -> bool:
    return len(key) == 4 and key[0] == "R" and key[1:].isdigit()


def _settled(code: str, detail: str | None) -> str | None:
    """A flag's detail as stored: an R003 tender period that starts and ends at the same instant becomes
    suspect data (reason tender_period_single_date, metrics.suspect), not a flag. Cardinal's own output
    (the command line, the parity tests) is left as Cardinal gives it."""
    if code != "R003" or detail is None:
        return detail
    parsed = json.loads(detail)
    start, end = (ocds.parse_rfc3339_ns(v) if isinstance(v, str) else None
                  for v in (parsed.get("start"), parsed.get("end")))
    if start is not None and start == end:
        # compact: the outcome pass reads the reason from the text's start (metrics.suspect)
        return json.dumps({"reason": "tender_period_single_date", **parsed}, ensure_ascii=False,
                          separators=(",", ":"))
    return detail


def results_by_code(outcome: Outcome, settings: Settings) -> dict[str, IndicatorResult]:
    """One IndicatorResult per enabled code: its flag rows (FLAG_COLUMNS) and quartiles/fence."""
    import pandas as pd  # here: the worker processes import this module and need no pandas

    rows: dict[str, list[tuple]] = {code: [] for code in settings.indicators}
    for f in sorted(outcome.flags, key=lambda f: f.seq):
        detail = _settled(f.code, detail_json(f.detail))
        rows[f.code].append((f.code, GROUP_SUBJECT_TYPES[f.group], f.subject_id, f.ocid, f.value, True, True, detail))
    common = {k: v for k, v in settings.to_dict().items() if not _is_code(k)}
    results = {}
    for code, code_rows in rows.items():
        meta = outcome.meta.get(code, {})
        fence = meta.get("lower_fence", meta.get("upper_fence"))
        defaults = discovery.calculators()[code].DEFAULTS
        results[code] = IndicatorResult(
            flags=pd.DataFrame(code_rows, columns=FLAG_COLUMNS),
            q1=finite(meta.get("q1")),
            q3=finite(meta.get("q3")),
            fence=finite(fence),
            settings={**common, code: {**defaults, **settings.options(code)}},
        )
    return results


def compute_all(con: Any, settings: Mapping[str, Any] | Settings | None = None,
                codes: list[str] | None = None, workers: int | None = None) -> dict[str, IndicatorResult]:
    """Every Cardinal indicator (or `codes`) over `processes` in one pass (see fold_processes for `workers`)."""
    codes = list(codes or discovery.calculators())
    parsed = settings_for(codes, settings)
    outcome = fold_processes(con, parsed, workers=workers).finalize()
    return results_by_code(outcome, parsed)


_CARDINAL_GLOBALS = ("currency", "no_price_comparison_procurement_methods", "price_comparison_procurement_methods")


def cardinal_settings(settings: Mapping[str, Any], codes: list[str]) -> dict[str, Any]:
    """Our settings (metrics.config) in the shape this package reads: globals, [exclusions] as a pipe
    list, one R### section per code (without `enabled`)."""
    out: dict[str, Any] = {}
    for key in _CARDINAL_GLOBALS:
        value = settings.get(key)
        if value not in (None, "", []):
            out[key] = "|".join(value) if isinstance(value, list) else value
    details = (settings.get("exclusions") or {}).get("procurement_method_details") or []
    if details:
        out["exclusions"] = {"procurement_method_details": "|".join(details)}
    for code in codes:
        out[code] = {k: v for k, v in (settings.get(code) or {}).items() if k != "enabled"}
    return out


class CardinalPass:
    """The one pass that computes Cardinal's indicators together (a metrics.base.SharedPass)."""

    def compute(self, con: Any, settings: dict[str, Any], codes: list[str]) -> dict[str, IndicatorResult]:
        """`codes` in one pass over `processes`, with our resolved settings (see cardinal_settings)."""
        return compute_all(con, cardinal_settings(settings, codes), codes=codes)


CARDINAL_PASS = CardinalPass()


class CardinalIndicator:
    """One Cardinal indicator as a `metrics.base.Indicator` over the `processes` table.

    It lists flagged subjects only (Cardinal's output), so it does not count in composite scores.
    """

    reports_all_subjects = False
    shared_pass = CARDINAL_PASS

    def __init__(self, meta: IndicatorMeta):
        self.meta = meta

    def run(self, con: Any, settings: dict[str, Any], table: str) -> RunStats:
        """This indicator alone, with our resolved settings, its rows inserted into `table`."""
        result = self.shared_pass.compute(con, settings, [self.meta.code])[self.meta.code]
        insert_result(con, table, result)
        return RunStats(q1=result.q1, q3=result.q3, fence=result.fence, settings=result.settings)

    def compute(self, con: Any, settings: Mapping[str, Any] | Settings | None) -> IndicatorResult:
        """Stream `processes.json` through this indicator alone, with settings in Cardinal's shape (see
        `settings_for`), the rows as a DataFrame."""
        return compute_all(con, settings, codes=[self.meta.code])[self.meta.code]

    def __repr__(self) -> str:
        return f"CardinalIndicator({self.meta.code})"
